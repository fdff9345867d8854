package planner

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"s3parts/model"
	"s3parts/provider"
)

// newUpload stands for the id CreateMultipartUpload will give.
const newUpload = "NEW_UPLOAD_ID"

// requestPreview shows the selected part's UploadPartCopy as it will be
// sent: built by the provider function that builds the real request.
func (p *Page) requestPreview() string {
	s := p.env.Styles
	i := p.table.Cursor()
	if i < 0 || i >= len(p.parts) || p.info == nil {
		return s.Dim.Render("the request for the selected part shows here once the source is read")
	}
	pt := p.parts[i]
	upload := newUpload
	if p.upload != nil {
		upload = p.upload.UploadID
	}
	c, _ := p.conditions()
	plan := model.Plan{Source: p.source, SourceSize: p.info.Size, Dest: p.dest(), Conditions: c}
	lines := provider.PreviewCopyPart(provider.PartCopy(plan, upload, pt))
	out := []string{s.Label.Render(fmt.Sprintf("request for part %d:", pt.Number))}
	if p.single() {
		t, _ := p.target()
		lines = provider.PreviewCopyObject(provider.CopyObjectRequest{Source: p.source, Dest: p.dest(), Conditions: c,
			New: t.Resolve(p.info.Headers, p.attrs), KeepTags: t.Tagging == model.TagsKeep})
		out = []string{s.Label.Render("request: one CopyObject, the whole source")}
	}
	for _, l := range lines {
		// Wrapped at the width, never cut: every character of the request
		// is read, a header's name and value kept on one line where they fit.
		out = append(out, s.Dim.Render(ansi.Hardwrap(model.Visible(l), max(p.width, 20), true)))
	}
	return strings.Join(out, "\n")
}

package planner

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"s3parts/model"
	"s3parts/ui/common"
)

// The new object's section: what it gets beyond its bytes, as the copy
// command's --storage-class, --tagging, --metadata and --content-type
// choose it, then its encryption, object lock, legal hold and ACL
// (target_policy.go). Each field left at its default keeps what the
// source has, or, for the lock, legal hold and ACL (never copied), sends
// none. --cache-control and --content-disposition stay the command's.

// The rules are the copy command's (model/target_checks.go), in its words.

// targetFields are the section's fields, in tab order.
var targetFields = []int{fStorageClass, fTags, fMetadata, fContentType, fSSE, fKMSKey, fSSECKey, fSourceKey, fLockMode, fRetainUntil, fLegalHold, fACL}

// targetGroups split the section where the page is too short for all of
// it: what the new object is (its class, tags and headers), then its
// encryption and the destination's policy.
var targetGroups = [][]int{{fStorageClass, fTags, fMetadata, fContentType}, {fSSE, fKMSKey, fSSECKey, fSourceKey, fLockMode, fRetainUntil, fLegalHold, fACL}}

// targetRoom is what the open section needs below its fields besides:
// the help and the differences (two lines each at most widths), the first
// message and the parts table at its least.
const targetRoom = 2 + 2 + 1 + 4

// inTarget says whether field i is one of the section's.
func inTarget(i int) bool { return i >= fStorageClass && i <= fACL }

// setupTarget fills the section's fields with their defaults.
func (p *Page) setupTarget() {
	p.inputs[fStorageClass].Placeholder = "the source's"
	p.inputs[fTags].SetValue("keep")
	p.inputs[fTags].Placeholder = "keep, none, or K=V&K=V"
	p.inputs[fMetadata].SetValue("keep")
	p.inputs[fMetadata].Placeholder = "keep, or K=V, K=V… replacing it"
	p.inputs[fContentType].Placeholder = "the source's"
	p.setupPolicy()
}

// targetSourceLoaded follows what was read of the source: its class is the
// placeholder, and tags that could not be read are not kept, unless the
// person typed in the tags field.
func (p *Page) targetSourceLoaded() {
	class := p.attrs.StorageClass
	if class == "" {
		class = "STANDARD"
	}
	p.inputs[fStorageClass].Placeholder = "the source's: " + class
	p.inputs[fContentType].Placeholder = "the source's: " + cmp.Or(p.info.Headers.ContentType, "none")
	if !p.tagsSet {
		if p.attrs.TagsRead {
			p.inputs[fTags].SetValue("keep")
		} else {
			p.inputs[fTags].SetValue("none")
		}
	}
}

// target reads the section's fields: the new object's Target, and an
// error for each field that says what is wrong with it.
func (p *Page) target() (model.Target, map[int]string) {
	var t model.Target
	errs := map[int]string{}
	if v := strings.TrimSpace(p.inputs[fStorageClass].Value()); v != "" {
		if up, err := model.StorageClass(v); err == nil {
			t.StorageClass = up
		} else {
			errs[fStorageClass] = err.Error()
		}
	}
	switch v := strings.TrimSpace(p.inputs[fTags].Value()); strings.ToLower(v) {
	case "keep", "":
		if p.info != nil && !p.attrs.TagsRead {
			errs[fTags] = fmt.Sprintf("the source's tags could not be read (%s), so they cannot be kept: none, or K=V&K=V", p.attrs.TagsError)
		}
	case "none":
		t.Tagging = model.TagsNone
	default:
		tags, err := model.ParseTags(v)
		if err != nil {
			errs[fTags] = fmt.Sprintf("%v (or keep, none)", err)
		} else {
			t.Tagging, t.Tags = model.TagsReplace, tags
		}
	}
	if v := strings.TrimSpace(p.inputs[fMetadata].Value()); v != "" && !strings.EqualFold(v, "keep") {
		if md, err := parseMetadata(v); err != nil {
			errs[fMetadata] = err.Error()
		} else {
			t.ReplaceMetadata, t.Metadata = true, md
		}
	}
	if v := strings.TrimSpace(p.inputs[fContentType].Value()); v != "" {
		if err := model.HeaderValue(v); err == nil {
			t.ContentType = v
		} else {
			errs[fContentType] = err.Error()
		}
	}
	p.policy(&t, errs)
	p.keys(&t, errs)
	if !p.preset.PartCopyChecksums {
		t.Checksum = model.ChecksumNone // as the copy command: only where known to work
	}
	return t, errs
}

// parseMetadata reads K=V, K=V: the user metadata replacing the source's,
// each pair checked as the copy command's --metadata.
func parseMetadata(s string) (map[string]string, error) {
	pairs := strings.Split(s, ",")
	for i := range pairs {
		pairs[i] = strings.TrimSpace(pairs[i])
	}
	return model.Metadata(pairs)
}

// differences says what the new object gets that the source does not
// have: "storage class STANDARD → STANDARD_IA · tags team=media → -", or
// that it keeps everything; "" while the source is unread or a field is
// wrong.
func (p *Page) differences() string {
	t, errs := p.target()
	if p.info == nil || len(errs) > 0 {
		return ""
	}
	diffs := model.Differences(p.info.Headers, p.attrs, t.Resolve(p.info.Headers, p.attrs))
	if len(diffs) == 0 {
		return "the new object keeps every attribute of the source"
	}
	return "new object: " + model.ChangesText(diffs)
}

// targetLines are the section as drawn: its fields while one of them has
// the focus or is wrong, with what the focused one takes, then what
// changes (the fields' values are read in it the rest of the time, which
// keeps the page within 24 lines).
func (p *Page) targetLines() []string {
	var out []string
	open := p.openFields()
	s := p.env.Styles
	for _, f := range open {
		line := p.label(f) + " " + p.inputs[f].View()
		if k := p.keyText(f); k != "" && p.focus != f {
			line = p.label(f) + " " + s.Value.Render(strings.TrimSpace(p.inputs[f].Value())) + s.Dim.Render("  → "+k)
		}
		out = append(out, common.Fit(line, p.width, false))
	}
	info := func(text string) string {
		return s.Dim.Render(common.WrapWords(common.OneLine("ⓘ "+text), max(p.width, 20)))
	}
	if inTarget(p.focus) {
		help := fieldLabels[p.focus] + ": " + p.fieldHelp(p.focus)
		var hidden []string // where the page is short: tab reaches them
		for _, f := range targetFields {
			if !slices.Contains(open, f) {
				hidden = append(hidden, fieldLabels[f])
			}
		}
		if len(hidden) > 0 {
			help += " · also " + strings.Join(hidden, ", ")
		}
		out = append(out, info(help))
	}
	text := p.differences()
	if text == "" && p.info == nil {
		text = "new object: what changes shows once the source is read"
	}
	if text == "" {
		return out
	}
	return append(out, info(text))
}

// openFields are the section's fields drawn: none unless one has the
// focus or is wrong; all where the page has room, else the group holding
// the focus and the wrong fields of the other.
func (p *Page) openFields() []int {
	if !p.targetOpen() {
		return nil
	}
	if p.height == 0 || p.height >= fStorageClass+len(targetFields)+targetRoom {
		return targetFields
	}
	var out []int
	for _, g := range targetGroups {
		focused := slices.Contains(g, p.focus)
		for _, f := range g {
			if focused || p.wrong(f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// targetOpen says whether the section's fields are drawn.
func (p *Page) targetOpen() bool {
	return inTarget(p.focus) || slices.ContainsFunc(targetFields, p.wrong)
}

// wrong says whether field f has an error.
func (p *Page) wrong(f int) bool {
	_, bad := p.errs[f]
	return bad
}

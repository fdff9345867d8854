package planner

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/model"
	"s3parts/ui/common"
	"s3parts/ui/components/vtable"
)

// Planner fields, in tab order; the parts table comes after them.
const (
	fSource = iota
	fDestBucket
	fDestKey
	fPartSize
	fCopyWith // one CopyObject or parts (copy_with.go)
	fInFlight
	fIfMatch
	fIfNoneMatch
	fIfModSince
	fIfUnmodSince
	fStorageClass // the new object's section (target.go)
	fTags
	fMetadata
	fContentType
	fSSE // encryption, object lock and ACL (target_policy.go)
	fKMSKey
	fSSECKey   // customer keys (target_keys.go)
	fSourceKey //
	fLockMode
	fRetainUntil
	fLegalHold
	fACL
	fParts // the parts table
	nFocus
)

var fieldLabels = [...]string{"source", "bucket", "key", "part size", "copy with", "in flight", "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since",
	"storage class", "tags", "metadata", "content type", "encryption", "KMS key", "customer key", "source key", "object lock", "retain until", "legal hold", "ACL"}

// labelWidth is the widest label: the fields line up after it.
var labelWidth = func() int {
	w := 0
	for _, l := range fieldLabels {
		w = max(w, lipgloss.Width(l))
	}
	return w
}()

const timeHint = "none (RFC 3339, HTTP date or YYYY-MM-DD)"

// copyKey is the default destination key: beside the source, so the
// default never overwrites the object being copied.
func copyKey(key string) string {
	dir, base := path.Split(key)
	return dir + "copy-of-" + base
}

// sizeText writes a size the part size field reads back exactly.
func sizeText(n int64) string {
	if n%model.MiB == 0 {
		return fmt.Sprintf("%dMiB", n/model.MiB)
	}
	return fmt.Sprint(n)
}

func (p *Page) setup(src string, dest model.Ref) {
	p.inputs = make([]textinput.Model, fParts)
	for i := range p.inputs {
		in := textinput.New()
		in.Prompt = ""
		p.inputs[i] = in
	}
	p.inputs[fSource].SetValue(src)
	p.inputs[fSource].Placeholder = "s3://bucket/key or s3://bucket/key?versionId=…"
	p.inputs[fDestBucket].SetValue(dest.Bucket)
	p.inputs[fDestKey].SetValue(dest.Key)
	p.inputs[fPartSize].SetValue("auto")
	p.inputs[fCopyWith].SetValue("auto")
	p.inputs[fCopyWith].Placeholder = "auto, one or parts"
	p.inputs[fInFlight].SetValue("auto")
	p.inputs[fIfMatch].Placeholder = "the source's ETag, once it is read"
	p.inputs[fIfNoneMatch].Placeholder = "none"
	p.inputs[fIfModSince].Placeholder = timeHint
	p.inputs[fIfUnmodSince].Placeholder = timeHint
	p.setupTarget()
	p.rangeIn = textinput.New()
	p.rangeIn.Prompt = "range: "
	p.rangeIn.Placeholder = "bytes=FIRST-LAST"
	p.table = vtable.New(p.env.Styles, []vtable.Column{{Title: "PART", Width: 5, Right: true}, {Title: "RANGE", Width: 30},
		{Title: "SIZE", Width: 10, Right: true}, {Title: "", Flex: true}}, p)
	p.focus = fDestKey
	p.errs = map[int]string{}
}

func (p *Page) SetSize(w, h int) {
	p.width, p.height = w, h
	p.layout()
}

// layout sizes the fields to the width and gives the parts table what the
// fields, the message lines and the request preview leave.
func (p *Page) layout() {
	field := max(p.width-labelWidth-2, 10) // the label, a space, the cursor
	for i := range p.inputs {
		p.inputs[i].SetWidth(field)
	}
	p.inputs[fPartSize].SetWidth(min(12, field))
	p.inputs[fInFlight].SetWidth(min(12, field))
	p.inputs[fCopyWith].SetWidth(min(12, field))
	// As wide as the name (bucket names are short), so what is said of the
	// bucket fits after it.
	p.inputs[fDestBucket].SetWidth(min(field, max(24, lipgloss.Width(p.inputs[fDestBucket].Value())+2)))
	p.rangeIn.SetWidth(min(40, field))
	above := fStorageClass + lipgloss.Height(strings.Join(p.targetLines(), "\n")) + p.messageLines()
	p.table.SetSize(p.width, max(p.height-above-lipgloss.Height(p.requestPreview()), 3))
}

func (p *Page) focusField(i int) tea.Cmd {
	for j := range p.inputs {
		p.inputs[j].Blur()
	}
	p.focus = i
	p.table.Focus(i == fParts)
	if i < fParts {
		p.inputs[i].CursorEnd()
		return p.inputs[i].Focus()
	}
	return nil
}

// leaveField moves the focus; a field left with a new value takes effect
// as it is left, whatever key left it (the source is read, the bucket
// checked).
func (p *Page) leaveField(next int) tea.Cmd {
	var cmd tea.Cmd
	switch p.focus {
	case fSource:
		if v := strings.TrimSpace(p.inputs[fSource].Value()); v != "" && v != p.source.String() {
			cmd = p.applySource()
		}
	case fDestBucket:
		cmd = p.checkBucket(false)
	case fSSECKey, fSourceKey:
		cmd = p.loadKeys()
		p.validate()
	}
	return tea.Batch(cmd, p.focusField(next))
}

// fieldKey types into the focused field; enter leaves it for the next
// (and, on the part size, replaces hand-edited parts, asked first).
func (p *Page) fieldKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, p.env.Keys.Form.Submit) {
		if p.focus == fPartSize && p.custom {
			return p.askReplan()
		}
		return p.leaveField(p.focus + 1)
	}
	before := p.inputs[p.focus].Value()
	var cmd tea.Cmd
	p.inputs[p.focus], cmd = p.inputs[p.focus].Update(msg)
	if p.inputs[p.focus].Value() != before {
		switch p.focus {
		case fIfMatch:
			p.ifMatchSet = true
		case fTags:
			p.tagsSet = true
		case fPartSize, fCopyWith:
			p.replan() // hand-edited parts stay until enter replaces them
		}
	}
	p.validate()
	return cmd
}

// askReplan replaces the hand-edited parts with parts of the typed size,
// once the person says so.
func (p *Page) askReplan() tea.Cmd {
	size, err := p.partSize()
	if err != nil || p.info == nil {
		return p.leaveField(p.focus + 1)
	}
	what := "parts of " + common.FmtSize(size)
	if size == 0 {
		what = "parts of the automatic size"
	}
	q := fmt.Sprintf("Replace the %s with %s?", p.partsText(), what)
	if p.edited {
		q += " The edits are lost."
	}
	return p.env.Ask(q, func() tea.Cmd {
		p.custom, p.edited = false, false
		p.replan()
		p.validate()
		return p.focusField(fParts)
	})
}

// applySource reads the source named in its field.
func (p *Page) applySource() tea.Cmd {
	ref, err := model.ParseObjectRef(strings.TrimSpace(p.inputs[fSource].Value()))
	if err != nil {
		p.srcErr = err
		p.validate()
		return nil
	}
	p.source = ref
	return p.loadSource()
}

// sourceLoaded takes what the server said of the source: its ETag fills
// If-Match (unless the person set it), and the parts follow the part size
// or, going on with an upload, the parts it holds.
func (p *Page) sourceLoaded(m sourceLoaded) tea.Cmd {
	if m.ref != p.source {
		return nil // an answer about a source named before
	}
	p.srcErr = m.err
	if m.err != nil {
		p.validate()
		return nil
	}
	p.info, p.attrs = &m.info, m.attrs
	p.inputs[fIfMatch].Placeholder = "none: not sent"
	p.targetSourceLoaded()
	if !p.ifMatchSet {
		p.inputs[fIfMatch].SetValue(m.info.ETag)
		p.inputs[fIfMatch].CursorStart()
	}
	p.stored = map[int32]model.Part{}
	for _, pt := range m.stored {
		p.stored[pt.Number] = pt
	}
	if p.edited {
		// Hand-edited parts are the person's: a new source keeps them, and
		// the checks say whether they still fit it.
		p.validate()
		return common.Status("the hand-edited parts are kept for the new source")
	}
	if len(m.stored) > 0 {
		// Going on with an upload: the parts already there say where each
		// range lies; a part size typed later replaces that, asked first.
		parts, misfits, err := model.PartsFromStored(m.stored, m.info.Size, 0, p.preset.Limits)
		if err == nil {
			p.inputs[fPartSize].SetValue(sizeText(m.stored[0].Size))
			p.parts, p.custom = parts, true
			p.table.SetSource(p)
			p.validate()
			if len(misfits) > 0 {
				return common.Failed(fmt.Errorf("%s", strings.Join(misfits, "; ")))
			}
			return common.Status(fmt.Sprintf("the plan follows the %s the upload holds", common.Count(len(m.stored), "part")))
		}
	}
	p.custom = false
	p.replan()
	p.validate()
	return nil
}

// partSize reads the part size field: 0 for auto.
func (p *Page) partSize() (int64, error) {
	v := strings.TrimSpace(p.inputs[fPartSize].Value())
	if v == "" || strings.EqualFold(v, "auto") {
		return 0, nil
	}
	n, err := model.ParseSize(v)
	if err != nil {
		return 0, err
	}
	l := p.preset.Limits
	if n < l.MinPartSize || n > l.MaxPartSize {
		return 0, fmt.Errorf("%s is outside the %s provider's limits of %s to %s", v, p.preset.Name, common.FmtSize(l.MinPartSize), common.FmtSize(l.MaxPartSize))
	}
	return n, nil
}

// maxInFlight is the most part copies one job may run at once (as the
// copy command's --concurrency).
const maxInFlight = 512

// inFlight reads the in-flight field: 0 for auto.
func (p *Page) inFlight() (int, error) {
	v := strings.TrimSpace(p.inputs[fInFlight].Value())
	if v == "" || strings.EqualFold(v, "auto") {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxInFlight {
		return 0, fmt.Errorf("%q: auto, or a number of part copies from 1 to %d", v, maxInFlight)
	}
	return n, nil
}

// dest is the destination as typed; a key ending in / takes the source's
// file name, as the copy command does.
func (p *Page) dest() model.Ref {
	key := p.inputs[fDestKey].Value()
	if strings.HasSuffix(key, "/") {
		key += path.Base(p.source.Key)
	}
	return model.Ref{Bucket: strings.TrimSpace(p.inputs[fDestBucket].Value()), Key: key}
}

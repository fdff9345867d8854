package ui

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/model"
	"s3parts/provider"
)

// Planner fields, in tab order; the parts table comes after them.
const (
	fSource = iota
	fDestBucket
	fDestKey
	fPartSize
	fIfMatch
	fIfNoneMatch
	fIfModSince
	fIfUnmodSince
	fParts // the parts table
	nFocus
)

var fieldLabels = [...]string{"source", "bucket", "key", "part size", "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"}

// plannerPage builds a copy plan: source, destination, part size or
// hand-edited ranges, and the copy conditions, every rule checked as the
// person types; ctrl+s starts it as a job.
type plannerPage struct {
	env    *env
	id     int
	source model.Ref
	info   *model.ObjectInfo
	srcErr error
	upload *model.Upload // continuing this upload, when set
	stored map[int32]model.Part
	recopy map[int32]bool // stored parts the person picked to copy again

	inputs []textinput.Model
	focus  int
	parts  []model.PlannedPart
	custom bool // parts were edited by hand
	table  *VTable

	editing bool // a range is being typed
	adding  bool
	rangeIn textinput.Model
	errs    map[int]string // per field
	planErr string
	badPart int32
	width   int
	height  int
}

// sizeText writes a size the part size field reads back exactly.
func sizeText(n int64) string {
	if n%model.MiB == 0 {
		return fmt.Sprintf("%dMiB", n/model.MiB)
	}
	return fmt.Sprint(n)
}

// plannerReady carries a job whose stored parts were checked against the
// source, ready to start.
type plannerReady struct {
	id  int
	job model.Job
	err error
}

func (m plannerReady) forPage() int { return m.id }

type plannerSourceLoaded struct {
	id     int
	info   model.ObjectInfo
	err    error
	stored []model.Part
}

func (m plannerSourceLoaded) forPage() int { return m.id }

func newPlannerPage(e *env, src model.Ref) *plannerPage {
	p := &plannerPage{env: e, id: e.nextID(), source: src}
	p.setup(src.String(), src.Bucket, copyKey(src.Key))
	return p
}

// newPlannerForUpload continues an upload made elsewhere: the destination
// is the upload's key, and the source is for the person to name.
func newPlannerForUpload(e *env, u model.Upload) *plannerPage {
	p := &plannerPage{env: e, id: e.nextID(), upload: &u}
	p.setup("", u.Bucket, u.Key)
	p.focus = fSource
	return p
}

// copyKey is the default destination key: beside the source, so the
// default never overwrites the object being copied.
func copyKey(key string) string {
	dir, base := path.Split(key)
	return dir + "copy-of-" + base
}

func (p *plannerPage) setup(src, bucket, key string) {
	p.inputs = make([]textinput.Model, fParts)
	for i := range p.inputs {
		in := textinput.New()
		in.Prompt = ""
		p.inputs[i] = in
	}
	p.inputs[fSource].SetValue(src)
	p.inputs[fSource].Placeholder = "s3://bucket/key or s3://bucket/key?versionId=…"
	p.inputs[fDestBucket].SetValue(bucket)
	p.inputs[fDestKey].SetValue(key)
	p.inputs[fPartSize].SetValue("auto")
	p.inputs[fIfMatch].Placeholder = "none (the source's ETag once it is read)"
	p.inputs[fIfNoneMatch].Placeholder = "none"
	p.inputs[fIfModSince].Placeholder = "none (RFC 3339, HTTP date or YYYY-MM-DD)"
	p.inputs[fIfUnmodSince].Placeholder = "none (RFC 3339, HTTP date or YYYY-MM-DD)"
	p.rangeIn = textinput.New()
	p.rangeIn.Prompt = "range: "
	p.rangeIn.Placeholder = "bytes=FIRST-LAST"
	p.table = NewVTable(p.env.styles, []Column{{Title: "PART", Width: 5, Right: true}, {Title: "RANGE", Width: 30},
		{Title: "SIZE", Width: 10, Right: true}, {Title: "", Flex: true}}, p)
	p.focus = fDestKey
	p.errs = map[int]string{}
}

func (p *plannerPage) ID() int { return p.id }
func (p *plannerPage) Crumb() string {
	return "copy planner"
}
func (p *plannerPage) Typing() bool { return p.focus < fParts || p.editing }

func (p *plannerPage) SetSize(w, h int) {
	p.width, p.height = w, h
	for i := range p.inputs {
		p.inputs[i].SetWidth(max(w-22, 10))
	}
	p.inputs[fPartSize].SetWidth(12)
	p.rangeIn.SetWidth(40)
	p.table.SetSize(w, max(h-12, 3))
}

func (p *plannerPage) Init() tea.Cmd {
	p.focusField(p.focus)
	if p.source.Bucket == "" {
		p.validate()
		return nil
	}
	return p.loadSource()
}

func (p *plannerPage) loadSource() tea.Cmd {
	e, id, ref, up := p.env, p.id, p.source, p.upload
	p.info, p.srcErr = nil, nil
	return func() tea.Msg {
		info, err := e.client.HeadObject(e.ctx, ref)
		msg := plannerSourceLoaded{id: id, info: info, err: err}
		if err == nil && up != nil {
			msg.stored, msg.err = e.client.ListParts(e.ctx, model.Ref{Bucket: up.Bucket, Key: up.Key}, up.UploadID)
		}
		return msg
	}
}

func (p *plannerPage) KeyMap() help.KeyMap {
	k, pl, l := p.env.keys.Planner, p.env.keys.Planner, p.env.keys.List
	short := []key.Binding{pl.Start, pl.NextField}
	if p.focus == fParts {
		short = append(short, k.Edit, k.Split, k.Merge, k.Add, k.Remove)
	}
	return bindings{
		short: short,
		full:  [][]key.Binding{{pl.NextField, pl.PrevField, pl.Start}, {k.Edit, k.Split, k.Merge, k.Add, k.Remove}, {l.Up, l.Down}},
	}
}

func (p *plannerPage) focusField(i int) tea.Cmd {
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

func (p *plannerPage) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case plannerSourceLoaded:
		p.srcErr = m.err
		if m.err == nil {
			p.info = &m.info
			p.stored = map[int32]model.Part{}
			for _, pt := range m.stored {
				p.stored[pt.Number] = pt
			}
			if p.inputs[fIfMatch].Value() == "" {
				p.inputs[fIfMatch].SetValue(m.info.ETag)
				p.inputs[fIfMatch].CursorStart()
			}
			// Going on with an upload: the parts already there say where
			// each range lies; a part size typed later replaces that.
			if len(m.stored) > 0 {
				parts, misfits, err := model.PartsFromStored(m.stored, m.info.Size, 0, p.env.client.Preset().Limits)
				if err == nil {
					p.inputs[fPartSize].SetValue(sizeText(m.stored[0].Size))
					p.parts, p.custom = parts, true
					p.table.SetSource(p)
					p.validate()
					if len(misfits) > 0 {
						return failed(fmt.Errorf("%s", strings.Join(misfits, "; ")))
					}
					return status(fmt.Sprintf("the plan follows the %s the upload holds", count(len(m.stored), "part")))
				}
			}
			p.custom = false
			p.replan()
		}
		p.validate()
		return nil
	case plannerChecked:
		switch {
		case provider.IsNotFound(m.err):
			return p.launch(m.plan)
		case m.err != nil:
			// Only "not found" says the destination is absent.
			return failed(fmt.Errorf("checking whether %s exists before replacing it (nothing was sent): %w", m.plan.Dest, m.err))
		}
		return p.env.confirm(fmt.Sprintf("%s exists (%s, modified %s). Replace it with the copy?", m.plan.Dest, fmtSize(m.info.Size), fmtTime(m.info.LastModified)),
			func() tea.Cmd { return p.launch(m.plan) })
	case plannerReady:
		if m.err != nil {
			return failed(m.err)
		}
		return p.env.swap(newJobsPage(p.env, m.job.ID))
	case tea.KeyPressMsg:
		return p.key(m)
	case tea.MouseWheelMsg:
		if m.Button == tea.MouseWheelUp {
			p.table.Move(-3)
		} else if m.Button == tea.MouseWheelDown {
			p.table.Move(3)
		}
	}
	return nil
}

func (p *plannerPage) key(msg tea.KeyPressMsg) tea.Cmd {
	pk, l := p.env.keys.Planner, p.env.keys.List
	if p.editing {
		return p.editKey(msg)
	}
	switch {
	case key.Matches(msg, pk.Start):
		return p.start()
	case key.Matches(msg, pk.NextField):
		return p.focusField((p.focus + 1) % nFocus)
	case key.Matches(msg, pk.PrevField):
		return p.focusField((p.focus + nFocus - 1) % nFocus)
	case msg.String() == "esc" && p.custom:
		return p.env.confirm("Leave the planner? The hand-edited parts are lost.", func() tea.Cmd { return p.env.back() })
	case msg.String() == "esc":
		return p.env.back()
	}
	if p.focus < fParts {
		if msg.String() == "enter" {
			if p.focus == fSource {
				return p.applySource()
			}
			return p.focusField(p.focus + 1)
		}
		before := p.inputs[p.focus].Value()
		var cmd tea.Cmd
		p.inputs[p.focus], cmd = p.inputs[p.focus].Update(msg)
		var note tea.Cmd
		if p.inputs[p.focus].Value() != before && p.focus == fPartSize {
			if _, err := p.partSize(); err == nil {
				if p.custom {
					note = status("the part size replaced the hand-edited parts")
				}
				p.custom = false
				p.replan()
			}
		}
		p.validate()
		return tea.Batch(cmd, note)
	}
	i := p.table.Cursor()
	switch {
	case p.table.MoveKey(msg, l):
	case key.Matches(msg, pk.Add):
		p.editing, p.adding = true, true
		p.rangeIn.SetValue("")
		return p.rangeIn.Focus()
	case i < 0:
	case key.Matches(msg, pk.Edit):
		p.editing, p.adding = true, false
		p.rangeIn.SetValue(p.parts[i].Range.String())
		p.rangeIn.CursorEnd()
		return p.rangeIn.Focus()
	case key.Matches(msg, pk.Split):
		return p.split(i)
	case key.Matches(msg, pk.Merge):
		return p.merge(i)
	case key.Matches(msg, pk.Remove):
		p.parts = append(p.parts[:i:i], p.parts[i+1:]...)
		p.renumber()
	case msg.String() == "r" && p.upload != nil:
		n := p.parts[i].Number
		if _, ok := p.stored[n]; !ok {
			return failed(fmt.Errorf("the upload holds no part %d: it is copied anyway", n))
		}
		if p.recopy == nil {
			p.recopy = map[int32]bool{}
		}
		p.recopy[n] = !p.recopy[n]
	}
	return nil
}

func (p *plannerPage) editKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		p.editing = false
		p.rangeIn.Blur()
		return nil
	case "enter":
		r, err := model.ParseRange(p.rangeIn.Value())
		if err != nil {
			return failed(err)
		}
		if p.adding {
			p.parts = append(p.parts, model.PlannedPart{Range: r})
			p.table.End()
		} else if i := p.table.Cursor(); i >= 0 {
			p.parts[i].Range = r
		}
		p.editing = false
		p.rangeIn.Blur()
		p.renumber()
		return nil
	}
	var cmd tea.Cmd
	p.rangeIn, cmd = p.rangeIn.Update(msg)
	return cmd
}

// split halves part i at a MiB boundary where it can.
func (p *plannerPage) split(i int) tea.Cmd {
	r := p.parts[i].Range
	if r.Len() < 2 {
		return failed(fmt.Errorf("part %d (%s) is too small to split", p.parts[i].Number, r))
	}
	mid := r.First + r.Len()/2
	if m := mid / model.MiB * model.MiB; m > r.First {
		mid = m
	}
	a, b := model.ByteRange{First: r.First, Last: mid - 1}, model.ByteRange{First: mid, Last: r.Last}
	p.parts = append(p.parts[:i+1], p.parts[i:]...)
	p.parts[i].Range, p.parts[i+1].Range = a, b
	p.renumber()
	return nil
}

// merge joins part i with the next when their ranges touch.
func (p *plannerPage) merge(i int) tea.Cmd {
	if i+1 >= len(p.parts) {
		return failed(fmt.Errorf("part %d is the last: nothing to merge it with", p.parts[i].Number))
	}
	a, b := p.parts[i].Range, p.parts[i+1].Range
	if a.Last+1 != b.First {
		return failed(fmt.Errorf("parts %d (%s) and %d (%s) are not adjacent: their bytes cannot be one part", p.parts[i].Number, a, p.parts[i+1].Number, b))
	}
	p.parts[i].Range.Last = b.Last
	p.parts = append(p.parts[:i+1], p.parts[i+2:]...)
	p.renumber()
	return nil
}

func (p *plannerPage) renumber() {
	for i := range p.parts {
		p.parts[i].Number = int32(i + 1)
	}
	p.custom = true
	p.table.SetSource(p)
	p.validate()
}

// replan cuts the source into parts from the part size field.
func (p *plannerPage) replan() {
	if p.info == nil || p.custom {
		return
	}
	size, err := p.partSize()
	if err != nil {
		return
	}
	parts, err := model.SplitParts(p.info.Size, size, p.env.client.Preset().Limits)
	if err == nil {
		p.parts = parts
	}
	p.table.SetSource(p)
}

func (p *plannerPage) partSize() (int64, error) {
	v := strings.TrimSpace(p.inputs[fPartSize].Value())
	if v == "" || strings.EqualFold(v, "auto") {
		return 0, nil
	}
	n, err := model.ParseSize(v)
	if err != nil {
		return 0, err
	}
	l := p.env.client.Preset().Limits
	if n < l.MinPartSize || n > l.MaxPartSize {
		return 0, fmt.Errorf("%s is outside the %s provider's limits of %s to %s", v, p.env.client.Preset().Name, fmtSize(l.MinPartSize), fmtSize(l.MaxPartSize))
	}
	return n, nil
}

func (p *plannerPage) applySource() tea.Cmd {
	ref, err := model.ParseObjectRef(strings.TrimSpace(p.inputs[fSource].Value()))
	if err != nil {
		p.errs[fSource] = err.Error()
		return nil
	}
	p.source = ref
	p.custom = false
	return tea.Batch(p.loadSource(), p.focusField(fPartSize))
}

// conditions reads the four condition fields.
func (p *plannerPage) conditions() (model.Conditions, map[int]string) {
	errs := map[int]string{}
	c := model.Conditions{IfMatch: strings.TrimSpace(p.inputs[fIfMatch].Value()), IfNoneMatch: strings.TrimSpace(p.inputs[fIfNoneMatch].Value())}
	for _, f := range []struct {
		i   int
		dst *time.Time
	}{{fIfModSince, &c.IfModifiedSince}, {fIfUnmodSince, &c.IfUnmodifiedSince}} {
		if v := strings.TrimSpace(p.inputs[f.i].Value()); v != "" {
			t, err := model.ParseTime(v)
			if err != nil {
				errs[f.i] = err.Error()
				continue
			}
			*f.dst = t
		}
	}
	return c, errs
}

// validate checks every field and the parts against the provider's rules.
func (p *plannerPage) validate() {
	p.errs, p.planErr, p.badPart = map[int]string{}, "", 0
	if p.srcErr != nil {
		p.errs[fSource] = oneLine(p.srcErr.Error())
	} else if p.info == nil && p.source.Bucket == "" {
		p.errs[fSource] = "name the source object to copy into this upload"
	}
	if b := strings.TrimSpace(p.inputs[fDestBucket].Value()); b == "" || strings.ContainsAny(b, " /?#") {
		p.errs[fDestBucket] = fmt.Sprintf("bucket name %q is not valid", b)
	}
	if p.inputs[fDestKey].Value() == "" {
		p.errs[fDestKey] = "the destination needs a key"
	}
	if _, err := p.partSize(); err != nil {
		p.errs[fPartSize] = err.Error()
	}
	c, errs := p.conditions()
	for k, v := range errs {
		p.errs[k] = v
	}
	if err := c.Validate(p.env.client.Preset().ConditionRule); err != nil {
		// A malformed ETag belongs to its field; a combination the
		// provider refuses is shown under the second condition.
		f := fIfNoneMatch
		if strings.HasPrefix(err.Error(), "If-Match value") {
			f = fIfMatch
		}
		p.errs[f] = err.Error()
	}
	if p.info != nil {
		if err := model.ValidateParts(p.parts, p.info.Size, p.env.client.Preset().Limits); err != nil {
			p.planErr = err.Error()
			for _, pt := range p.parts {
				if strings.Contains(p.planErr, fmt.Sprintf("part %d ", pt.Number)) {
					p.badPart = pt.Number
					break
				}
			}
		}
	}
}

// dest is the destination as typed; a key ending in / takes the source's
// file name, as the copy command does.
func (p *plannerPage) dest() model.Ref {
	key := p.inputs[fDestKey].Value()
	if strings.HasSuffix(key, "/") {
		key += path.Base(p.source.Key)
	}
	return model.Ref{Bucket: strings.TrimSpace(p.inputs[fDestBucket].Value()), Key: key}
}

// plan assembles the plan, or says why it cannot be run.
func (p *plannerPage) plan() (model.Plan, error) {
	p.validate()
	for i := 0; i < fParts; i++ {
		if msg, ok := p.errs[i]; ok {
			return model.Plan{}, fmt.Errorf("%s: %s", fieldLabels[i], msg)
		}
	}
	if p.info == nil {
		return model.Plan{}, fmt.Errorf("the source has not been read yet")
	}
	if p.planErr != "" {
		return model.Plan{}, fmt.Errorf("%s", p.planErr)
	}
	c, _ := p.conditions()
	size, _ := p.partSize()
	if p.custom {
		size = 0
	} else if size == 0 {
		size = model.AutoPartSize(p.info.Size, p.env.client.Preset().Limits)
	}
	return model.Plan{Source: p.source, SourceSize: p.info.Size, SourceETag: p.info.ETag, SourceLastModified: p.info.LastModified,
		Dest:     p.dest(),
		PartSize: size, Parts: p.parts, Conditions: c, Headers: p.info.Headers}, nil
}

func (p *plannerPage) start() tea.Cmd {
	if refused := p.env.readOnly(); refused != nil {
		return refused
	}
	plan, err := p.plan()
	if err != nil {
		return failed(err)
	}
	if p.upload == nil {
		// Ask before replacing an object that exists.
		e, id := p.env, p.id
		return func() tea.Msg {
			info, err := e.client.HeadObject(e.ctx, plan.Dest)
			return plannerChecked{id: id, plan: plan, info: info, err: err}
		}
	}
	return p.launch(plan)
}

// plannerChecked is what HeadObject said of the destination.
type plannerChecked struct {
	id   int
	plan model.Plan
	info model.ObjectInfo
	err  error
}

func (m plannerChecked) forPage() int { return m.id }

// launch starts the plan as a job of the service.
func (p *plannerPage) launch(plan model.Plan) tea.Cmd {
	job := model.NewJob(model.NewJobID(), plan, p.env.now())
	e, id := p.env, p.id
	if p.upload == nil {
		return func() tea.Msg { return plannerReady{id: id, job: job, err: e.jobs.Start(e.ctx, job)} }
	}
	// Parts the upload already holds are kept only when their bytes are
	// proven to be the planned ranges of this source.
	upload := p.upload.UploadID
	stored := slices.Collect(maps.Values(p.stored))
	recopy := maps.Clone(p.recopy)
	return tea.Batch(status("checking the parts the upload holds against the source…"), func() tea.Msg {
		if _, err := e.jobs.OnUpload(e.ctx, &job, upload, stored, recopy); err != nil {
			return plannerReady{id: id, err: err}
		}
		return plannerReady{id: id, job: job, err: e.jobs.Start(e.ctx, job)}
	})
}

// Len and Cells make the parts a RowSource.
func (p *plannerPage) Len() int { return len(p.parts) }

func (p *plannerPage) Cells(i int) ([]string, lipgloss.Style) {
	pt := p.parts[i]
	note, st := "", lipgloss.Style{}
	if p.info != nil && pt.Range.First == 0 && pt.Range.Last == p.info.Size-1 {
		note = "whole object: no range header"
	}
	if s, ok := p.stored[pt.Number]; ok {
		switch {
		case p.recopy[pt.Number]:
			note, st = "in the upload: copied again (r keeps it)", p.env.styles.Warn
		case s.Size == pt.Range.Len():
			note, st = "in the upload: kept if its bytes are this range (checked at start) · r copies it again", p.env.styles.OK
		default:
			note, st = fmt.Sprintf("upload holds %s here: replaced", fmtSize(s.Size)), p.env.styles.Warn
		}
	}
	if pt.Number == p.badPart {
		note, st = p.planErr, p.env.styles.Err
	}
	return []string{fmt.Sprint(pt.Number), pt.Range.String(), fmtSize(pt.Range.Len()), note}, st
}

func (p *plannerPage) View() string {
	s := p.env.styles
	var b strings.Builder
	label := func(i int) string {
		l := fmt.Sprintf("%-19s", fieldLabels[i])
		if p.focus == i {
			return s.Title.Render(l)
		}
		if _, bad := p.errs[i]; bad {
			return s.Err.Render(l)
		}
		return s.Label.Render(l)
	}
	// Source
	src := label(fSource) + " "
	switch {
	case p.source.Bucket == "" || p.focus == fSource:
		src += p.inputs[fSource].View()
	case p.info != nil:
		src += s.Value.Render(p.source.String()) + s.Dim.Render(fmt.Sprintf("  %s · ETag %s · %s", fmtSize(p.info.Size), p.info.ETag, fmtTime(p.info.LastModified)))
	default:
		src += s.Value.Render(p.source.String()) + s.Dim.Render("  reading…")
	}
	b.WriteString(cell(src, p.width, false) + "\n")
	b.WriteString(cell(label(fDestBucket)+" "+p.inputs[fDestBucket].View(), p.width, false) + "\n")
	dest := label(fDestKey) + " " + p.inputs[fDestKey].View()
	b.WriteString(cell(dest, p.width, false) + "\n")
	ps := label(fPartSize) + " " + p.inputs[fPartSize].View()
	if _, bad := p.errs[fPartSize]; p.info != nil && !bad {
		if p.custom {
			ps += s.Dim.Render(fmt.Sprintf("  → %s, %s", count(len(p.parts), "hand-edited part"), fmtSize(planBytes(p.parts))))
		} else if len(p.parts) > 0 {
			ps += s.Dim.Render(fmt.Sprintf("  → %s of %s", count(len(p.parts), "part"), fmtSize(p.parts[0].Range.Len())))
		}
	}
	b.WriteString(cell(ps, p.width, false) + "\n")
	for _, f := range []int{fIfMatch, fIfNoneMatch, fIfModSince, fIfUnmodSince} {
		b.WriteString(cell(label(f)+" "+p.inputs[f].View(), p.width, false) + "\n")
	}
	// One line of messages: the focused field's problem first.
	msg := ""
	if e, ok := p.errs[p.focus]; ok {
		msg = "✗ " + fieldLabels[p.focus] + ": " + e
	} else {
		for i := 0; i < fParts && msg == ""; i++ {
			if e, ok := p.errs[i]; ok {
				msg = "✗ " + fieldLabels[i] + ": " + e
			}
		}
	}
	switch {
	case p.editing:
		b.WriteString(cell(p.rangeIn.View(), p.width, false) + "\n")
	case msg != "":
		b.WriteString(cell(s.Err.Render(oneLine(msg)), p.width, false) + "\n")
	case p.planErr != "":
		b.WriteString(cell(s.Err.Render("✗ "+oneLine(p.planErr)), p.width, false) + "\n")
	case p.info != nil && p.warning() != "":
		b.WriteString(cell(s.Warn.Render("⚠ "+p.warning()), p.width, false) + "\n")
	case p.info != nil && p.env.client.ReadOnly():
		b.WriteString(cell(s.Warn.Render("✓ the plan meets every rule · read-only: turn it off with ctrl+w to start"), p.width, false) + "\n")
	case p.info != nil:
		ok := "✓ the plan meets every rule of the " + p.env.client.Preset().Name + " provider · ctrl+s starts it"
		if extra := p.unusedStored(); extra != "" {
			ok += s.Warn.Render(" · the upload also holds part " + extra + ": left out of the object")
		}
		b.WriteString(cell(s.OK.Render(ok), p.width, false) + "\n")
	default:
		b.WriteString("\n")
	}
	// The request preview is as tall as its headers; the table takes the rest.
	pre := p.requestPreview()
	th := max(p.height-fieldLines-1-lipgloss.Height(pre), 3)
	p.table.SetSize(p.width, th)
	b.WriteString(lipgloss.NewStyle().Height(th).MaxHeight(th).Render(p.table.View()) + "\n")
	b.WriteString(pre)
	return b.String()
}

// warning names a condition that is allowed but will make every part fail
// (or be ignored), so it is said before anything is sent.
func (p *plannerPage) warning() string {
	c, _ := p.conditions()
	etag := p.info.ETag
	switch {
	case c.IfMatch != "" && c.IfMatch != "*" && !model.SameETag(c.IfMatch, etag):
		return "If-Match is not the source's ETag " + etag + ": every part will fail with 412 · ctrl+s starts it anyway"
	case c.IfNoneMatch != "" && (c.IfNoneMatch == "*" || model.SameETag(c.IfNoneMatch, etag)):
		return "If-None-Match matches the source: every part will fail · ctrl+s starts it anyway"
	case c.IfModifiedSince.After(p.env.now()):
		return "If-Modified-Since is in the future: servers may ignore it · ctrl+s starts it anyway"
	}
	return ""
}

// unusedStored names the parts the upload holds that the plan does not use.
func (p *plannerPage) unusedStored() string {
	var nums []int
	for n := range p.stored {
		if !slices.ContainsFunc(p.parts, func(pt model.PlannedPart) bool { return pt.Number == n }) {
			nums = append(nums, int(n))
		}
	}
	slices.Sort(nums)
	return strings.Trim(fmt.Sprint(nums), "[]")
}

func planBytes(parts []model.PlannedPart) int64 {
	var n int64
	for _, pt := range parts {
		n += pt.Range.Len()
	}
	return n
}

// requestPreview shows exactly what the selected part's UploadPartCopy
// will send.
func (p *plannerPage) requestPreview() string {
	s := p.env.styles
	i := p.table.Cursor()
	if i < 0 || p.info == nil {
		return s.Dim.Render("the request for the selected part shows here once the source is read")
	}
	pt := p.parts[i]
	upload := "<new upload id>"
	if p.upload != nil {
		upload = p.upload.UploadID
	}
	c, _ := p.conditions()
	lines := []string{
		s.Label.Render(fmt.Sprintf("request for part %d:", pt.Number)),
		fmt.Sprintf("PUT /%s/%s?partNumber=%d&uploadId=%s", p.dest().Bucket, p.dest().Key, pt.Number, upload),
		"x-amz-copy-source: " + provider.CopySource(p.source),
	}
	if !(pt.Range.First == 0 && pt.Range.Last == p.info.Size-1) {
		lines = append(lines, "x-amz-copy-source-range: "+pt.Range.String())
	}
	if c.IfMatch != "" {
		lines = append(lines, "x-amz-copy-source-if-match: "+model.QuoteETag(c.IfMatch))
	}
	if c.IfNoneMatch != "" {
		lines = append(lines, "x-amz-copy-source-if-none-match: "+model.QuoteETag(c.IfNoneMatch))
	}
	if !c.IfModifiedSince.IsZero() {
		lines = append(lines, "x-amz-copy-source-if-modified-since: "+model.HTTPDate(c.IfModifiedSince))
	}
	if !c.IfUnmodifiedSince.IsZero() {
		lines = append(lines, "x-amz-copy-source-if-unmodified-since: "+model.HTTPDate(c.IfUnmodifiedSince))
	}
	for j := range lines[1:] {
		lines[j+1] = s.Dim.Render(cell(lines[j+1], p.width, false))
	}
	return strings.Join(lines, "\n")
}

// fieldLines is how many lines the fields take above the message line.
const fieldLines = 8

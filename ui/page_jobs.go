package ui

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/model"
)

// jobsPage shows every job of the session with its progress, and the
// parts of the selected one; failed parts can be retried, edited and
// retried, and jobs cancelled, completed or aborted.
type jobsPage struct {
	env      *env
	id       int
	selected string // job id
	jobsList *VTable
	parts    *VTable
	onParts  bool
	bar      progress.Model
	// editing a failed part: range and If-Match
	editing bool
	edit    [5]textinput.Model // range, then the four conditions
	editAt  int
	width   int
	height  int
}

type jobActionDone struct {
	id      int
	job     string
	aborted bool
	text    string
	err     error
}

func (m jobActionDone) forPage() int { return m.id }

func newJobsPage(e *env, selected string) *jobsPage {
	p := &jobsPage{env: e, id: e.nextID(), selected: selected,
		bar: progress.New(progress.WithWidth(12), progress.WithoutPercentage())}
	p.jobsList = NewVTable(e.styles, []Column{{Title: "JOB", Width: 12}, {Title: "TO", Flex: true}, {Title: "PROGRESS", Width: 12},
		{Title: "PARTS", Width: 11, Right: true}, {Title: "BYTES", Width: 19, Right: true, HideBelow: 120}, {Title: "RATE", Width: 11, Right: true, HideBelow: 90},
		{Title: "LEFT", Width: 5, Right: true}, {Title: "STATE", Width: 11}}, jobRows{p})
	p.parts = NewVTable(e.styles, []Column{{Title: "PART", Width: 5, Right: true}, {Title: "RANGE", Width: 28}, {Title: "STATE", Width: 10},
		{Title: "TRIES", Width: 5, Right: true}, {Title: "TIME", Width: 7, Right: true}, {Title: "ETAG OR ERROR", Flex: true}}, partRows{p})
	p.parts.Focus(false)
	for i := range p.edit {
		p.edit[i] = textinput.New()
	}
	for i, prompt := range []string{"range: ", "If-Match: ", "If-None-Match: ", "If-Modified-Since: ", "If-Unmodified-Since: "} {
		p.edit[i].Prompt = prompt
	}
	return p
}

func (p *jobsPage) ID() int       { return p.id }
func (p *jobsPage) Crumb() string { return "jobs" }
func (p *jobsPage) Typing() bool  { return p.editing }
func (p *jobsPage) Init() tea.Cmd {
	if p.selected != "" {
		for i, e := range p.env.jobs.All() {
			if e.job.ID == p.selected {
				p.jobsList.SetCursor(i)
			}
		}
	}
	return nil
}

func (p *jobsPage) SetSize(w, h int) {
	p.width, p.height = w, h
	jobsH := min(len(p.env.jobs.All())+1, max(h/3, 2)) + 1
	p.jobsList.SetSize(w, max(jobsH, 3))
	below := 1 // the line under the parts: an error, or the job's outcome
	if p.editing {
		below = 3 // the edit box
	}
	p.parts.SetSize(w, max(h-jobsH-3-below, 3))
	p.edit[0].SetWidth(28)
	for i := 1; i < len(p.edit); i++ {
		p.edit[i].SetWidth(max((w-4)/2-22, 12))
	}
}

func (p *jobsPage) job() *jobEntry {
	all := p.env.jobs.All()
	i := p.jobsList.Cursor()
	if i < 0 || i >= len(all) {
		return nil
	}
	return all[i]
}

func (p *jobsPage) KeyMap() help.KeyMap {
	k, l := p.env.keys.Jobs, p.env.keys.List
	short := []key.Binding{k.SwitchPane, k.Retry, k.RetryFailed, k.EditPart, k.Cancel, k.Complete, k.Abort}
	return bindings{short: short, full: [][]key.Binding{{l.Up, l.Down, l.PageUp, l.PageDown, k.SwitchPane}, short[1:]}}
}

func (p *jobsPage) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case jobActionDone:
		if m.aborted {
			p.env.jobs.MarkAborted(m.job)
		}
		if m.err != nil {
			return failed(m.err)
		}
		return status(m.text)
	case tea.KeyPressMsg:
		if p.editing {
			return p.editKey(m)
		}
		return p.key(m)
	case tea.MouseClickMsg:
		// Rows: the jobs table from line 0, then one line of job info, then
		// the parts table.
		jobsLines := p.jobsList.height + 1
		if m.Y < jobsLines {
			p.jobsList.Click(m.Y)
			p.onParts = false
		} else if p.parts.Click(m.Y - jobsLines - 1) {
			p.onParts = true
		}
		p.jobsList.Focus(!p.onParts)
		p.parts.Focus(p.onParts)
	case tea.MouseWheelMsg:
		t := p.jobsList
		if p.onParts {
			t = p.parts
		}
		if m.Button == tea.MouseWheelUp {
			t.Move(-3)
		} else if m.Button == tea.MouseWheelDown {
			t.Move(3)
		}
	}
	return nil
}

func (p *jobsPage) key(msg tea.KeyPressMsg) tea.Cmd {
	k, l := p.env.keys.Jobs, p.env.keys.List
	t := p.jobsList
	if p.onParts {
		t = p.parts
	}
	switch {
	case key.Matches(msg, k.SwitchPane):
		p.onParts = !p.onParts
		p.jobsList.Focus(!p.onParts)
		p.parts.Focus(p.onParts)
		return nil
	case t.MoveKey(msg, l):
	}
	e := p.job()
	if e == nil {
		return nil
	}
	jobs, id := p.env.jobs, e.job.ID
	switch {
	case key.Matches(msg, k.Retry):
		pt := p.part(e)
		if pt == nil || pt.State == model.StateDone || pt.State == model.StateRunning {
			return failed(fmt.Errorf("select a failed or pending part to retry (tab moves to the parts)"))
		}
		if e.active() {
			return failed(fmt.Errorf("job %s is still running: retry once it stops", id))
		}
		n := pt.Number
		return tea.Batch(status(fmt.Sprintf("retrying part %d of job %s", n, id)), jobs.Rerun(id, func(j *model.Job) { j.RetryParts(n) }))
	case (key.Matches(msg, k.RetryFailed) || key.Matches(msg, k.Retry)) && (e.fromJournal || e.uploadGone):
		return tea.Batch(status("reading back the upload of job "+id+"…"), jobs.Resume(id))
	case key.Matches(msg, k.RetryFailed):
		if e.active() {
			return failed(fmt.Errorf("job %s is still running", id))
		}
		if e.job.Progress().PartsFailed == 0 && e.job.State != model.StateFailed && e.job.State != model.StateCancelled {
			return failed(fmt.Errorf("job %s has no failed parts", id))
		}
		return tea.Batch(status("retrying job "+id), jobs.Rerun(id, func(j *model.Job) { j.RetryFailed() }))
	case key.Matches(msg, k.EditPart):
		pt := p.part(e)
		if pt == nil || pt.State != model.StateFailed || e.active() {
			return failed(fmt.Errorf("select a failed part of a stopped job to edit (tab moves to the parts)"))
		}
		p.editing, p.editAt = true, 0
		c := e.job.Plan.Conditions
		for i, v := range []string{pt.Range.String(), c.IfMatch, c.IfNoneMatch, httpDate(c.IfModifiedSince), httpDate(c.IfUnmodifiedSince)} {
			p.edit[i].SetValue(v)
			p.edit[i].CursorEnd()
			p.edit[i].Blur()
		}
		p.editAt = 0
		return p.edit[0].Focus()
	case key.Matches(msg, k.Cancel):
		if !e.active() {
			return failed(fmt.Errorf("job %s is not running", id))
		}
		return p.env.confirm(fmt.Sprintf("Cancel job %s? Parts in flight stop; the upload stays open for a retry.", id), func() tea.Cmd {
			jobs.Cancel(id)
			return status("job " + id + " cancelled; its upload stays open for a retry")
		})
	case key.Matches(msg, k.Complete):
		if e.active() {
			return failed(fmt.Errorf("job %s is still running", id))
		}
		if _, err := e.job.CompletedParts(); err != nil {
			return failed(err)
		}
		if e.job.State == model.StateDone && !e.job.NoComplete {
			return failed(fmt.Errorf("job %s is already complete", id))
		}
		return p.env.confirm(fmt.Sprintf("Complete %s from the %d copied parts?", e.job.Plan.Dest, len(e.job.Parts)),
			func() tea.Cmd { return jobs.Rerun(id, func(j *model.Job) { j.NoComplete = false }) })
	case key.Matches(msg, k.Abort):
		if e.job.UploadID == "" || e.job.Completed {
			return failed(fmt.Errorf("job %s has no open upload", id))
		}
		env, pid, ref, up := p.env, p.id, e.job.Plan.Dest, e.job.UploadID
		return p.env.confirm(fmt.Sprintf("Abort job %s? Upload %s of %s and its copied parts are deleted.", id, short(up), ref), func() tea.Cmd {
			jobs.Cancel(id)
			return func() tea.Msg {
				err := env.client.Abort(env.ctx, ref, up)
				return jobActionDone{id: pid, job: id, aborted: err == nil, text: "aborted upload " + short(up) + " of job " + id, err: err}
			}
		})
	}
	return nil
}

func (p *jobsPage) part(e *jobEntry) *model.PartState {
	i := p.parts.Cursor()
	if !p.onParts || i < 0 || i >= len(e.job.Parts) {
		return nil
	}
	return &e.job.Parts[i]
}

// editKey handles the edit box of a failed part: its range and the job's
// conditions; enter checks them all and retries the part.
func (p *jobsPage) editKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		p.editing = false
		return nil
	case "tab", "shift+tab":
		p.edit[p.editAt].Blur()
		step := 1
		if msg.String() == "shift+tab" {
			step = len(p.edit) - 1
		}
		p.editAt = (p.editAt + step) % len(p.edit)
		p.edit[p.editAt].CursorEnd()
		return p.edit[p.editAt].Focus()
	case "enter":
		return p.applyEdit()
	}
	var cmd tea.Cmd
	p.edit[p.editAt], cmd = p.edit[p.editAt].Update(msg)
	return cmd
}

func (p *jobsPage) applyEdit() tea.Cmd {
	e := p.job()
	pt := p.part(e)
	if e == nil || pt == nil {
		p.editing = false
		return nil
	}
	r, err := model.ParseRange(p.edit[0].Value())
	if err != nil {
		return failed(err)
	}
	c := model.Conditions{IfMatch: strings.TrimSpace(p.edit[1].Value()), IfNoneMatch: strings.TrimSpace(p.edit[2].Value())}
	for i, dst := range map[int]*time.Time{3: &c.IfModifiedSince, 4: &c.IfUnmodifiedSince} {
		if v := strings.TrimSpace(p.edit[i].Value()); v != "" {
			if *dst, err = model.ParseTime(v); err != nil {
				return failed(err)
			}
		}
	}
	if err := c.Validate(p.env.client.Preset().ConditionRule); err != nil {
		return failed(err)
	}
	plan := e.job.Plan
	plan.Parts = append([]model.PlannedPart(nil), plan.Parts...)
	for i := range plan.Parts {
		if plan.Parts[i].Number == pt.Number {
			plan.Parts[i].Range = r
		}
	}
	if err := model.ValidateParts(plan.Parts, plan.SourceSize, p.env.client.Preset().Limits); err != nil {
		return failed(err)
	}
	// Parts already copied came from the source the plan read; an If-Match
	// naming other data would let this part come from another object.
	if done := e.job.Progress().PartsDone; done > 0 && c.IfMatch != "" && !model.SameETag(c.IfMatch, plan.Conditions.IfMatch) && !model.SameETag(c.IfMatch, plan.SourceETag) {
		return failed(fmt.Errorf("%d parts were copied from the source with ETag %s; If-Match %s names other data and would mix two objects: start a new copy instead", done, plan.SourceETag, c.IfMatch))
	}
	p.editing = false
	n := pt.Number
	return p.env.jobs.Rerun(e.job.ID, func(j *model.Job) {
		j.Plan.Parts = plan.Parts
		j.Plan.Conditions = c
		for i := range j.Parts {
			if j.Parts[i].Number == n {
				j.Parts[i].Range = r
			}
		}
		j.RetryParts(n)
	})
}

// httpDate prints a condition time as the header sends it ("" when unset).
func httpDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return model.HTTPDate(t)
}

func (p *jobsPage) View() string {
	s := p.env.styles
	all := p.env.jobs.All()
	if len(all) == 0 {
		return s.Dim.Render("no jobs yet: pick an object and press c to plan a copy")
	}
	p.SetSize(p.width, p.height)
	var b strings.Builder
	b.WriteString(p.jobsList.View() + "\n")
	e := p.job()
	if e == nil {
		return b.String()
	}
	j := e.job
	conds := "no conditions"
	if c := j.Plan.Conditions; !c.IsZero() {
		conds = c.String()
	}
	info := fmt.Sprintf("job %s · %s → %s · %s · upload %s · %s", j.ID, j.Plan.Source, j.Plan.Dest, conds, cmp.Or(j.UploadID, "-"), e.phase)
	b.WriteString(cell(s.Label.Render(info), p.width, false) + "\n")
	b.WriteString(p.parts.View() + "\n")
	// The line under the table: the edit box, or the selected part's error
	// in full, or the job's outcome.
	switch pt := p.part(e); {
	case p.editing:
		b.WriteString(cell(p.edit[0].View()+"  "+s.Dim.Render("conditions apply to the whole job · tab next · enter retries · esc cancels"), p.width, false) + "\n")
		b.WriteString(cell(p.edit[1].View()+"  "+p.edit[2].View(), p.width, false) + "\n")
		b.WriteString(cell(p.edit[3].View()+"  "+p.edit[4].View(), p.width, false))
	case j.SourceChanged() && !p.onParts:
		b.WriteString(cell(s.Err.Render("the source changed mid-copy; nothing was completed · A discards the upload, then copy the new version"), p.width, false))
	case pt != nil && pt.Err != nil:
		b.WriteString(cell(s.Err.Render(fmt.Sprintf("part %d: %s", pt.Number, oneLine(pt.Err.Error()))), p.width, false))
	case j.Err != nil:
		b.WriteString(cell(s.Err.Render(oneLine(j.Err.Error())), p.width, false))
	case j.State == model.StateDone && j.Verified:
		b.WriteString(cell(s.OK.Render("✓ completed and verified: ETag "+j.FinalETag), p.width, false))
	case j.State == model.StateDone && j.NoComplete:
		b.WriteString(cell(s.OK.Render("all parts copied; the upload is open: C completes it"), p.width, false))
	}
	return b.String()
}

// jobRows and partRows feed the two tables.
type jobRows struct{ p *jobsPage }

func (r jobRows) Len() int { return len(r.p.env.jobs.All()) }

func (r jobRows) Cells(i int) ([]string, lipgloss.Style) {
	p := r.p
	e := p.env.jobs.All()[i]
	s := p.env.styles
	pr := e.job.Progress()
	frac := 0.0
	if pr.BytesTotal > 0 {
		frac = float64(pr.BytesDone) / float64(pr.BytesTotal)
	}
	rate, left := e.Rate(p.env.now())
	rateS, leftS := "-", "-"
	if rate > 0 {
		rateS, leftS = fmtSize(int64(rate))+"/s", fmtDuration(left)
	}
	state, st := string(e.job.State), lipgloss.Style{}
	switch {
	case e.fromJournal || e.uploadGone:
		state, st = "interrupted", s.Warn
	case e.active():
		state, st = "running", s.Running
	case e.job.State == model.StateFailed:
		st = s.Err
	case e.job.State == model.StateDone:
		st = s.OK
	}
	return []string{e.job.ID, "→ " + e.job.Plan.Dest.String(), p.bar.ViewAs(frac),
		fmt.Sprintf("%d/%d", pr.PartsDone, pr.PartsTotal), fmtSize(pr.BytesDone) + "/" + fmtSize(pr.BytesTotal), rateS, leftS, state}, st
}

type partRows struct{ p *jobsPage }

func (r partRows) Len() int {
	if e := r.p.job(); e != nil {
		return len(e.job.Parts)
	}
	return 0
}

func (r partRows) Cells(i int) ([]string, lipgloss.Style) {
	p := r.p
	s := p.env.styles
	pt := p.job().job.Parts[i]
	state, st := string(pt.State), lipgloss.Style{}
	last := pt.ETag
	switch pt.State {
	case model.StateRunning:
		state, st = p.env.spin+" copying", s.Running
	case model.StateDone:
		state, st = "✓ done", s.OK
	case model.StateFailed:
		state, st = "✗ failed", s.Err
	case model.StatePending:
		st = s.Pending
		if pt.Err != nil {
			state, st = "retrying", s.Warn
		}
	}
	if pt.Err != nil && pt.State != model.StateDone {
		code := pt.Err.Code
		if pt.Err.HTTPStatus != 0 {
			code = fmt.Sprintf("%s %d", code, pt.Err.HTTPStatus)
		}
		last = code + ": " + pt.Err.Message
	}
	return []string{fmt.Sprint(pt.Number), pt.Range.String(), state, fmt.Sprint(pt.Attempts), fmtDuration(pt.Duration), last}, st
}

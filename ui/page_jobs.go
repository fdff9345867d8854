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

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/provider"
)

// jobsPage shows every job the service knows (this session's and the
// journal's unfinished ones) with its progress, and the parts of the
// selected one. Every action goes to the job service; the page keeps no
// job state, only a snapshot taken when it draws.
type jobsPage struct {
	env      *env
	id       int
	selected string // the job under the cursor
	infos    []jobs.Info
	jobsList *VTable
	parts    *VTable
	onParts  bool
	bar      progress.Model
	// editing a failed part: range and the conditions
	editing bool
	edit    [5]textinput.Model // range, then the four conditions
	editAt  int
	width   int
	height  int
}

// jobActionDone is the answer of an action sent to the service.
type jobActionDone struct {
	id   int
	text string
	err  error
}

func (m jobActionDone) forPage() int { return m.id }

func newJobsPage(e *env, selected string) *jobsPage {
	p := &jobsPage{env: e, id: e.nextID(), selected: selected,
		bar: progress.New(progress.WithWidth(12), progress.WithoutPercentage())}
	p.jobsList = NewVTable(e.styles, []Column{{Title: "JOB", Width: 12}, {Title: "TO", Flex: true}, {Title: "PROGRESS", Width: 12, Drawn: true},
		{Title: "PARTS", Width: 11, Right: true}, {Title: "BYTES", Width: 19, Right: true, HideBelow: 120}, {Title: "RATE", Width: 11, Right: true, HideBelow: 90},
		{Title: "LEFT", Width: 5, Right: true}, {Title: "STATE", Width: 17}}, jobRows{p})
	p.parts = NewVTable(e.styles, []Column{{Title: "PART", Width: 5, Right: true}, {Title: "RANGE", Width: 28}, {Title: "STATE", Width: 10, Drawn: true},
		{Title: "TRIES", Width: 5, Right: true}, {Title: "TIME", Width: 7, Right: true}, {Title: "ETAG OR ERROR", Flex: true}}, partRows{p})
	p.parts.Focus(false)
	for i, prompt := range []string{"range: ", "If-Match: ", "If-None-Match: ", "If-Modified-Since: ", "If-Unmodified-Since: "} {
		p.edit[i] = textinput.New()
		p.edit[i].Prompt = prompt
	}
	p.refresh()
	return p
}

func (p *jobsPage) ID() int       { return p.id }
func (p *jobsPage) Crumb() string { return "jobs" }
func (p *jobsPage) Typing() bool  { return p.editing }
func (p *jobsPage) Init() tea.Cmd { return nil }

// refresh takes a new snapshot of the jobs and keeps the cursor on the
// selected job.
func (p *jobsPage) refresh() {
	p.infos = p.env.jobs.List()
	at := -1
	for i, in := range p.infos {
		if in.Job.ID == p.selected {
			at = i
		}
	}
	if at < 0 && len(p.infos) > 0 {
		at = min(max(p.jobsList.Cursor(), 0), len(p.infos)-1)
	}
	if at >= 0 {
		p.jobsList.SetCursor(at)
		p.selected = p.infos[at].Job.ID
	}
}

func (p *jobsPage) SetSize(w, h int) {
	p.width, p.height = w, h
	jobsH := min(len(p.infos)+1, max(h/3, 2)) + 1
	p.jobsList.SetSize(w, max(jobsH, 3))
	below := 2 // the lines under the parts: an error in full, or the job's outcome
	if p.editing {
		below = 3 // the edit box
	}
	p.parts.SetSize(w, max(h-jobsH-2-below, 3))
	p.edit[0].SetWidth(28)
	for i := 1; i < len(p.edit); i++ {
		p.edit[i].SetWidth(max((w-4)/2-22, 12))
	}
}

// job is the selected job's snapshot.
func (p *jobsPage) job() *jobs.Info {
	i := p.jobsList.Cursor()
	if i < 0 || i >= len(p.infos) {
		return nil
	}
	return &p.infos[i]
}

func (p *jobsPage) KeyMap() help.KeyMap {
	k, l := p.env.keys.Jobs, p.env.keys.List
	short := []key.Binding{k.SwitchPane, k.Details, k.Retry, k.RetryFailed, k.EditPart, k.Cancel, k.Complete, k.Abort, k.Dismiss}
	return bindings{short: short, full: [][]key.Binding{{l.Up, l.Down, l.PageUp, l.PageDown, k.SwitchPane, k.Details}, short[2:]}}
}

func (p *jobsPage) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case jobActionDone:
		if m.err != nil {
			return failed(m.err)
		}
		if m.text == "" {
			return nil
		}
		// An outcome, not a line about work in progress: it stays.
		return status(m.text)
	case tea.KeyPressMsg:
		p.refresh()
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
			if j := p.job(); j != nil {
				p.selected = j.Job.ID
			}
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

// act runs a service call off the UI's goroutine and reports on this page.
func (p *jobsPage) act(do func() (string, error)) tea.Cmd {
	pid := p.id
	return func() tea.Msg {
		text, err := do()
		return jobActionDone{id: pid, text: text, err: err}
	}
}

// refusal says why an action that changes the server cannot run on a job
// now, before anything is asked: read-only mode, another process, another
// server.
func (p *jobsPage) refusal(in *jobs.Info) error {
	switch {
	case p.env.client.ReadOnly():
		return errReadOnly
	case in.HeldBy != nil:
		return fmt.Errorf("job %s is running in %s: wait for it or stop it there", in.Job.ID, in.HeldBy)
	case in.Elsewhere:
		return fmt.Errorf("job %s was made on %s: start s3parts connected there to go on with it", in.Job.ID, in.Job.Where)
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
		if j := p.job(); j != nil && !p.onParts {
			p.selected = j.Job.ID
		}
		return nil
	}
	in := p.job()
	if in == nil {
		return nil
	}
	svc, ctx, id, j := p.env.jobs, p.env.ctx, in.Job.ID, in.Job
	switch {
	case key.Matches(msg, k.Details):
		if pt := p.part(in); pt != nil {
			return p.env.open(newJobDetailPage(p.env, id, p.parts.Cursor()))
		}
		return p.env.open(newJobDetailPage(p.env, id, -1))
	case key.Matches(msg, k.Retry):
		pt := p.part(in)
		if pt == nil || pt.State == model.StateDone || pt.State == model.StateRunning {
			return failed(fmt.Errorf("select a failed or pending part to retry (tab moves to the parts)"))
		}
		if in.Active {
			return failed(fmt.Errorf("job %s is still running: retry once it stops", id))
		}
		if err := p.refusal(in); err != nil {
			return failed(err)
		}
		n := pt.Number
		return tea.Batch(jobStatus(id, fmt.Sprintf("retrying part %d of job %s…", n, id)), p.act(func() (string, error) {
			_, err := svc.Resume(ctx, id, jobs.ResumeOptions{Edit: func(j *model.Job) error { j.RetryParts(n); return nil }})
			return "", err
		}))
	case key.Matches(msg, k.RetryFailed):
		if in.Active {
			return failed(fmt.Errorf("job %s is still running", id))
		}
		if err := p.refusal(in); err != nil {
			return failed(err)
		}
		if j.Settled() && j.State != model.StateAborted {
			return failed(fmt.Errorf("job %s is %s: nothing is left to do", id, j.State))
		}
		if j.State == model.StateAborted {
			return p.env.confirm(fmt.Sprintf("Job %s was aborted. Copy everything again on a new upload? It replaces %s when it completes.", id, j.Plan.Dest),
				func() tea.Cmd { return p.resume(id, jobs.ResumeOptions{Restart: true}, "copying job "+id+" again…") })
		}
		return p.resume(id, jobs.ResumeOptions{Edit: func(j *model.Job) error { j.RetryFailed(); return nil }}, "going on with job "+id+"…")
	case key.Matches(msg, k.EditPart):
		pt := p.part(in)
		if pt == nil || pt.State != model.StateFailed || in.Active {
			return failed(fmt.Errorf("select a failed part of a stopped job to edit (tab moves to the parts)"))
		}
		if err := p.refusal(in); err != nil {
			return failed(err)
		}
		p.editing, p.editAt = true, 0
		c := j.Plan.Conditions
		for i, v := range []string{pt.Range.String(), c.IfMatch, c.IfNoneMatch, httpDate(c.IfModifiedSince), httpDate(c.IfUnmodifiedSince)} {
			p.edit[i].SetValue(v)
			p.edit[i].CursorEnd()
			p.edit[i].Blur()
		}
		return p.edit[0].Focus()
	case key.Matches(msg, k.Cancel):
		if !in.Active {
			return failed(fmt.Errorf("job %s is not running", id))
		}
		return p.env.confirm(fmt.Sprintf("Cancel job %s? Parts in flight stop; the upload stays open for a retry.", id), func() tea.Cmd {
			if err := svc.Cancel(id); err != nil {
				return failed(err)
			}
			return jobStatus(id, "cancelling job "+id+"…")
		})
	case key.Matches(msg, k.Complete):
		if in.Active {
			return failed(fmt.Errorf("job %s is still running", id))
		}
		if err := p.refusal(in); err != nil {
			return failed(err)
		}
		if j.Completed {
			return failed(fmt.Errorf("job %s is already completed", id))
		}
		if !in.Completable {
			p := in.Progress
			return failed(fmt.Errorf("job %s has %d of %d parts copied: every part must be copied before its upload is completed (R goes on)", id, p.PartsDone, p.PartsTotal))
		}
		return p.env.confirm(fmt.Sprintf("Complete %s from the %d copied parts?", j.Plan.Dest, in.PartCount), func() tea.Cmd {
			return tea.Batch(jobStatus(id, "completing job "+id+"…"), p.act(func() (string, error) {
				_, err := svc.Complete(ctx, id)
				return "", err
			}))
		})
	case key.Matches(msg, k.Abort):
		if err := p.refusal(in); err != nil {
			return failed(err)
		}
		if !j.Leaves() {
			return failed(fmt.Errorf("job %s has no open upload", id))
		}
		return p.env.confirm(fmt.Sprintf("Abort job %s? Upload %s of %s and its copied parts are deleted.", id, short(j.UploadID), j.Plan.Dest), func() tea.Cmd {
			return tea.Batch(jobStatus(id, "aborting job "+id+"…"), p.act(func() (string, error) {
				if _, err := svc.Abort(ctx, id); err != nil {
					return "", err
				}
				return "aborted upload " + short(j.UploadID) + " of job " + id, nil
			}))
		})
	case key.Matches(msg, k.Dismiss):
		return p.dismiss(in)
	}
	return nil
}

// resume sends a resume to the service, with a status line that ends when
// the job settles.
func (p *jobsPage) resume(id string, o jobs.ResumeOptions, what string) tea.Cmd {
	svc, ctx := p.env.jobs, p.env.ctx
	return tea.Batch(jobStatus(id, what), p.act(func() (string, error) {
		_, err := svc.Resume(ctx, id, o)
		return "", err
	}))
}

// dismiss puts a stopped job away, asking first; a job with an open
// upload offers to abort it too, or to leave it.
func (p *jobsPage) dismiss(in *jobs.Info) tea.Cmd {
	svc, ctx, id, j := p.env.jobs, p.env.ctx, in.Job.ID, in.Job
	if in.Active {
		return failed(fmt.Errorf("job %s is running: cancel it first (x)", id))
	}
	if in.HeldBy != nil {
		return failed(fmt.Errorf("job %s is running in %s", id, in.HeldBy))
	}
	do := func(abort bool) tea.Cmd {
		return p.act(func() (string, error) {
			if _, err := svc.Dismiss(ctx, id, abort); err != nil {
				return "", err
			}
			if abort {
				return "dismissed job " + id + " and aborted its upload", nil
			}
			return "dismissed job " + id, nil
		})
	}
	if !j.Leaves() || in.Elsewhere {
		return p.env.confirm(fmt.Sprintf("Dismiss job %s (%s → %s)? It is no longer offered for resuming.", id, j.Plan.Source, j.Plan.Dest),
			func() tea.Cmd { return do(false) })
	}
	q := fmt.Sprintf("Dismiss job %s? Its upload %s of %s is still open with %d copied parts: y leaves it open (the uploads screen lists it), a aborts it and its parts.",
		id, short(j.UploadID), j.Plan.Dest, in.Progress.PartsDone)
	p.env.ask = &confirmMsg{question: q, onYes: func() tea.Cmd { return do(false) },
		altKey: "a", altDesc: "abort the upload and dismiss", onAlt: func() tea.Cmd {
			if refused := p.env.readOnly(); refused != nil {
				return refused
			}
			return do(true)
		}}
	return nil
}

func (p *jobsPage) part(in *jobs.Info) *model.PartState {
	i := p.parts.Cursor()
	if !p.onParts || in == nil {
		return nil
	}
	pt, ok := p.env.jobs.Part(in.Job.ID, i)
	if !ok {
		return nil
	}
	return &pt
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
	in := p.job()
	pt := p.part(in)
	if in == nil || pt == nil {
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
	// The service holds the edit to the provider's rules before it sends
	// anything; a refusal comes back as the action's error.
	p.editing = false
	n, id := pt.Number, in.Job.ID
	return p.resume(id, jobs.ResumeOptions{Edit: func(j *model.Job) error {
		for i := range j.Plan.Parts {
			if j.Plan.Parts[i].Number == n {
				j.Plan.Parts[i].Range = r
			}
		}
		j.Plan.Conditions = c
		for i := range j.Parts {
			if j.Parts[i].Number == n {
				j.Parts[i].Range = r
			}
		}
		j.RetryParts(n)
		return nil
	}}, fmt.Sprintf("retrying part %d of job %s with its edits…", n, id))
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
	p.refresh()
	if len(p.infos) == 0 {
		return s.Dim.Render("no jobs yet: pick an object and press c to plan a copy")
	}
	p.SetSize(p.width, p.height)
	var b strings.Builder
	b.WriteString(p.jobsList.View() + "\n")
	in := p.job()
	if in == nil {
		return b.String()
	}
	j := in.Job
	info := fmt.Sprintf("job %s · %s → %s · %s · upload %s", j.ID, j.Plan.Source, j.Plan.Dest,
		cmp.Or(j.Plan.Conditions.String(), "no conditions"), cmp.Or(j.UploadID, "-"))
	if in.Active {
		// What the job does now comes first: the line is cut at its end.
		phase := string(in.Phase)
		if in.Phase == provider.PhaseCompleting || in.Phase == provider.PhaseVerifying {
			phase += " (waiting for the server, " + time.Since(in.PhaseSince).Round(time.Second).String() + ")"
		}
		info = phase + " · " + info
	}
	b.WriteString(cell(s.Label.Render(model.Visible(info)), p.width, false) + "\n")
	b.WriteString(p.parts.View() + "\n")
	// The lines under the table: the edit box, or the selected part's
	// error in full (enter shows everything), or the job's outcome.
	wrap := func(st lipgloss.Style, text string) string {
		return lipgloss.NewStyle().Width(p.width).MaxHeight(2).Render(st.Render(oneLine(text)))
	}
	switch pt := p.part(in); {
	case p.editing:
		b.WriteString(cell(p.edit[0].View()+"  "+s.Dim.Render("conditions apply to the whole job · tab next · enter retries · esc cancels"), p.width, false) + "\n")
		b.WriteString(cell(p.edit[1].View()+"  "+p.edit[2].View(), p.width, false) + "\n")
		b.WriteString(cell(p.edit[3].View()+"  "+p.edit[4].View(), p.width, false))
	case in.SourceChanged && !p.onParts && j.UploadID != "":
		b.WriteString(wrap(s.Err, "the source changed mid-copy; nothing was completed · A discards the upload, then copy the new version"))
	case pt != nil && pt.Err != nil:
		b.WriteString(wrap(s.Err, fmt.Sprintf("part %d (enter shows all of it): %s", pt.Number, jobs.ErrorText(pt.Err))))
	case in.HeldBy != nil:
		b.WriteString(wrap(s.Warn, fmt.Sprintf("running in %s: shown as the journal last recorded it", in.HeldBy)))
	case in.Elsewhere:
		b.WriteString(wrap(s.Warn, fmt.Sprintf("made on %s: connect there to go on with it", j.Where)))
	case j.State == model.StateCancelled && j.Leaves():
		b.WriteString(wrap(s.Warn, fmt.Sprintf("cancelled: the upload stays open with %s · R goes on · A aborts it · d dismisses",
			count(in.Progress.PartsDone, "copied part"))))
	case j.Err != nil:
		b.WriteString(wrap(s.Err, jobs.ErrorText(j.Err)))
	case j.State == model.StateVerified:
		b.WriteString(wrap(s.OK, "✓ completed and verified: ETag "+j.FinalETag))
	case j.State == model.StateCopied:
		b.WriteString(wrap(s.OK, "all parts copied; the upload is open: C completes it"))
	case in.Note != "":
		b.WriteString(wrap(s.OK, in.Note))
	}
	return b.String()
}

// jobRows and partRows feed the two tables.
type jobRows struct{ p *jobsPage }

func (r jobRows) Len() int { return len(r.p.infos) }

func (r jobRows) Cells(i int) ([]string, lipgloss.Style) {
	p := r.p
	in := p.infos[i]
	s := p.env.styles
	pr := in.Progress
	frac := 0.0
	if pr.BytesTotal > 0 {
		frac = float64(pr.BytesDone) / float64(pr.BytesTotal)
	}
	rateS, leftS := "-", "-"
	if in.Rate > 0 {
		rateS, leftS = fmtSize(int64(in.Rate))+"/s", fmtDuration(in.Left)
	}
	st := lipgloss.Style{}
	switch {
	case in.Active || in.HeldBy != nil:
		st = s.Running
	case in.Job.State == model.StateFailed || in.Job.State == model.StateCompleted:
		st = s.Err
	case in.Job.State == model.StateVerified || in.Job.State == model.StateCopied:
		st = s.OK
	case in.Job.State == model.StateInterrupted || in.Job.State == model.StateCancelled:
		st = s.Warn
	case in.Job.Settled():
		st = s.Pending
	}
	return []string{in.Job.ID, "→ " + in.Job.Plan.Dest.String(), p.bar.ViewAs(frac),
		fmt.Sprintf("%d/%d", pr.PartsDone, pr.PartsTotal), fmtSize(pr.BytesDone) + "/" + fmtSize(pr.BytesTotal), rateS, leftS, in.StateWord()}, st
}

type partRows struct{ p *jobsPage }

func (r partRows) Len() int {
	if in := r.p.job(); in != nil {
		return in.PartCount
	}
	return 0
}

func (r partRows) Cells(i int) ([]string, lipgloss.Style) {
	p := r.p
	s := p.env.styles
	pt, _ := p.env.jobs.Part(p.selected, i)
	state, st := jobs.PartStateWord(pt), lipgloss.Style{}
	last := pt.ETag
	switch pt.State {
	case model.StateRunning:
		state, st = p.env.spin+" copying", s.Running
	case model.StateDone:
		state, st = "✓ "+state, s.OK
		if pt.Origin != "" {
			st = s.Dim
		}
	case model.StateFailed:
		state, st = "✗ failed", s.Err
	case model.StatePending:
		st = s.Pending
		if pt.Err != nil {
			st = s.Warn
		}
	case model.StateCancelled:
		st = s.Warn
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

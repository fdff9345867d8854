// Package jobs is the jobs screen — every job the service knows, with its
// progress and the parts of the selected one — and the page that shows one
// job or part whole.
package jobs

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/ui/common"
	"s3parts/ui/components/vtable"
	"s3parts/ui/route"
)

// Service is what the jobs screen asks of the job service.
type Service interface {
	Getter
	List() []jobs.Info
	Part(id string, i int) (model.PartState, bool)
	Resume(ctx context.Context, id string, o jobs.ResumeOptions) (jobs.Resumed, error)
	Cancel(id string) error
	Complete(ctx context.Context, id string) (jobs.Resumed, error)
	Abort(ctx context.Context, id string) (model.Job, error)
	Dismiss(ctx context.Context, id string, abortUpload bool) (model.Job, error)
}

// Page shows every job the service knows (this session's and the
// journal's unfinished ones) with its progress, and the parts of the
// selected one. Every action goes to the job service; the page keeps no
// job state, only the snapshot it took when the service last had news.
type Page struct {
	env      *common.Env
	svc      Service
	id       int
	selected string // the job under the cursor
	infos    []jobs.Info
	shown    []int // the infos the filter lets through
	jobsList *vtable.VTable
	parts    *vtable.VTable
	onParts  bool
	bar      progress.Model
	filter   textinput.Model
	// filtering: the filter line has the keys.
	filtering bool
	edit      partEdit
	width     int
	height    int
}

// actionDone is the answer of an action sent to the service.
type actionDone struct {
	id   int
	text string
	err  error
}

func (m actionDone) ForPage() int { return m.id }

// New makes the jobs screen with job selected (if it is listed).
func New(e *common.Env, svc Service, selected string) *Page {
	p := &Page{env: e, svc: svc, id: e.NextID(), selected: selected,
		bar: progress.New(progress.WithWidth(12), progress.WithoutPercentage())}
	p.jobsList = vtable.New(e.Styles, []vtable.Column{{Title: "JOB", Width: 12}, {Title: "TO", Flex: true, Middle: true, Max: 60},
		{Title: "PROGRESS", Width: 12, Drawn: true, HideBelow: 90}, {Title: "PARTS", Width: 11, Right: true},
		{Title: "BYTES", Width: 19, Right: true, HideBelow: 120}, {Title: "RATE", Width: 11, Right: true, HideBelow: 90},
		{Title: "LEFT", Width: 5, Right: true}, {Title: "STATE", Width: 17, Rest: true}}, jobRows{p})
	p.parts = vtable.New(e.Styles, []vtable.Column{{Title: "PART", Width: 5, Right: true}, {Title: "RANGE", Width: 28},
		{Title: "STATE", Width: 10, Drawn: true}, {Title: "TRIES", Width: 5, Right: true}, {Title: "TIME", Width: 7, Right: true},
		{Title: "ETAG OR ERROR", Flex: true}}, partRows{p})
	p.parts.Focus(false)
	p.filter = textinput.New()
	p.filter.Prompt, p.filter.Placeholder = "/", "filter"
	p.edit = newPartEdit()
	p.refresh()
	return p
}

func (p *Page) ID() int       { return p.id }
func (p *Page) Crumb() string { return "jobs" }
func (p *Page) Typing() bool  { return p.edit.on || p.filtering }
func (p *Page) Init() tea.Cmd { return nil }

// refresh takes a new snapshot of the jobs, keeps the cursor on the
// selected job and lays the screen out for the rows there now.
func (p *Page) refresh() {
	p.infos = p.svc.List()
	f := strings.ToLower(p.filter.Value())
	p.shown = p.shown[:0]
	at := -1
	for i, in := range p.infos {
		j := in.Job
		if f != "" && !strings.Contains(strings.ToLower(strings.Join([]string{j.ID, j.Plan.Source.String(), j.Plan.Dest.String(), in.StateWord()}, " ")), f) {
			continue
		}
		if j.ID == p.selected {
			at = len(p.shown)
		}
		p.shown = append(p.shown, i)
	}
	if at < 0 && len(p.shown) > 0 {
		at = min(max(p.jobsList.Cursor(), 0), len(p.shown)-1)
	}
	if at >= 0 {
		p.jobsList.SetCursor(at)
		p.selected = p.infos[p.shown[at]].Job.ID
	}
	p.layout()
}

// chrome is the lines above the jobs table: the count, and the filter
// while it is open or set.
func (p *Page) chrome() int {
	if p.filtering || p.filter.Value() != "" {
		return 2
	}
	return 1
}

func (p *Page) SetSize(w, h int) {
	p.width, p.height = w, h
	p.layout()
}

// layout shares the height: the jobs table grows with its rows up to a
// third, the parts get the rest less the line between and the lines under
// (an error in full, the job's outcome, or the edit box).
func (p *Page) layout() {
	w, h := p.width, p.height-p.chrome()
	jobsH := max(min(len(p.shown)+1, max(h/3, 2))+1, 3)
	p.jobsList.SetSize(w, jobsH)
	below := 2
	if p.edit.on {
		below = editLines
	}
	p.parts.SetSize(w, max(h-jobsH-2-below, 3))
	p.filter.SetWidth(max(w-2, 10))
	p.edit.setWidth(w)
}

// job is the selected job's snapshot.
func (p *Page) job() *jobs.Info {
	i := p.jobsList.Cursor()
	if i < 0 || i >= len(p.shown) {
		return nil
	}
	return &p.infos[p.shown[i]]
}

func (p *Page) KeyMap() help.KeyMap {
	k, l := p.env.Keys.Jobs, p.env.Keys.List
	if p.filtering {
		f := p.env.Keys.Form
		return common.Bindings{Short: []key.Binding{f.Submit, f.Cancel}, Full: [][]key.Binding{{f.Submit, f.Cancel}}}
	}
	if p.edit.on {
		f := p.env.Keys.Form
		return common.Bindings{Short: []key.Binding{f.Next, f.Submit, f.Cancel}, Full: [][]key.Binding{{f.Next, f.Prev, f.Submit, f.Cancel}}}
	}
	short := []key.Binding{k.SwitchPane, k.Details, k.Retry, k.RetryFailed, k.EditPart, k.Cancel, k.Complete, k.Abort, k.Dismiss, l.Filter}
	return common.Bindings{Short: short, Full: [][]key.Binding{{l.Up, l.Down, l.PageUp, l.PageDown, k.SwitchPane, k.Details, l.Filter}, short[2:9]}}
}

func (p *Page) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case common.JobsChanged:
		p.refresh()
	case actionDone:
		p.refresh()
		if m.err != nil {
			return common.Failed(m.err)
		}
		if m.text == "" {
			return nil
		}
		// An outcome, not a line about work in progress: it stays.
		return common.Status(m.text)
	case tea.KeyPressMsg:
		p.refresh()
		switch {
		case p.edit.on:
			return p.editKey(m)
		case p.filtering:
			return p.filterKey(m)
		}
		return p.key(m)
	case tea.MouseClickMsg:
		p.click(m.Y - p.chrome())
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
		if j := p.job(); j != nil && !p.onParts {
			p.selected = j.Job.ID // the parts below follow the job under the cursor
		}
	}
	return nil
}

// ClearFilter clears a kept filter (back does that before it closes the
// page) and reports whether there was one.
func (p *Page) ClearFilter() bool {
	if p.filter.Value() == "" {
		return false
	}
	p.filter.SetValue("")
	p.refresh()
	return true
}

// click selects what is under the mouse: the jobs table from line 0, then
// one line of job info, then the parts table.
func (p *Page) click(y int) {
	jobsLines := p.jobsList.Height() + 1
	if y < jobsLines {
		p.jobsList.Click(y)
		p.onParts = false
		if j := p.job(); j != nil {
			p.selected = j.Job.ID
		}
	} else if p.parts.Click(y - jobsLines - 1) {
		p.onParts = true
	}
	p.jobsList.Focus(!p.onParts)
	p.parts.Focus(p.onParts)
}

// filterKey edits the filter: enter keeps it, esc clears it.
func (p *Page) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	f := p.env.Keys.Form
	switch {
	case key.Matches(msg, f.Cancel):
		p.filter.SetValue("")
		fallthrough
	case key.Matches(msg, f.Submit):
		p.filtering = false
		p.filter.Blur()
		p.refresh()
		return nil
	}
	var cmd tea.Cmd
	p.filter, cmd = p.filter.Update(msg)
	p.refresh()
	return cmd
}

// open goes to the page of the job, or of its selected part.
func (p *Page) open(in *jobs.Info) tea.Cmd {
	if pt := p.part(in); pt != nil {
		return p.env.Go(route.JobDetail{Job: in.Job.ID, Part: p.parts.Cursor()})
	}
	return p.env.Go(route.JobDetail{Job: in.Job.ID, Part: -1})
}

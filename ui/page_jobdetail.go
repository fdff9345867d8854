package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/jobs"
	"s3parts/model"
)

// jobDetailPage shows one job, or one part of it, whole: every attempt
// with its error in full, code, HTTP status and request id — what a person
// pastes into a support ticket. The text is the one `s3parts jobs show`
// prints; the mouse is left to the terminal here, so it can be selected
// and copied.
type jobDetailPage struct {
	env  *env
	id   int
	job  string
	part int // index in the job's parts; -1: the job itself
	vp   viewport.Model
}

func newJobDetailPage(e *env, job string, part int) *jobDetailPage {
	vp := viewport.New()
	return &jobDetailPage{env: e, id: e.nextID(), job: job, part: part, vp: vp}
}

func (p *jobDetailPage) ID() int { return p.id }
func (p *jobDetailPage) Crumb() string {
	if p.part >= 0 {
		return fmt.Sprintf("part %d", p.part+1)
	}
	return "job " + p.job
}
func (p *jobDetailPage) Init() tea.Cmd { return nil }
func (p *jobDetailPage) Typing() bool  { return false }

// SelectsText: the mouse goes to the terminal, which selects text.
func (p *jobDetailPage) SelectsText() bool { return true }

func (p *jobDetailPage) SetSize(w, h int) {
	p.vp.SetWidth(w)
	p.vp.SetHeight(h)
}

func (p *jobDetailPage) KeyMap() help.KeyMap {
	l := p.env.keys.List
	return bindings{short: []key.Binding{l.Up, l.Down, l.PageUp, l.PageDown}, full: [][]key.Binding{{l.Up, l.Down, l.PageUp, l.PageDown, l.Home, l.End}}}
}

func (p *jobDetailPage) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		scroll(&p.vp, km, p.env.keys.List)
	}
	return nil
}

// text is the job or the part, read afresh: the page follows a running job.
func (p *jobDetailPage) text() string {
	in, ok := p.env.jobs.Get(p.job)
	if !ok {
		return "job " + p.job + " is gone from the journal"
	}
	var b strings.Builder
	if p.part < 0 {
		jobs.WriteJob(&b, in, p.env.cmds)
	} else if p.part < len(in.Job.Parts) {
		jobs.WritePart(&b, in.Job, in.Job.Parts[p.part])
	}
	return b.String()
}

func (p *jobDetailPage) View() string {
	y := p.vp.YOffset()
	// Wrapped at words, so an error reads (and copies) as sentences.
	p.vp.SetContent(lipgloss.NewStyle().Width(p.vp.Width()).Render(model.VisibleText(p.text())))
	p.vp.SetYOffset(y)
	return p.vp.View()
}

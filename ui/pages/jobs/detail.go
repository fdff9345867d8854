package jobs

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
	"s3parts/ui/common"
)

// Getter reads one job whole.
type Getter interface {
	Get(id string) (jobs.Info, bool)
}

// Detail shows one job, or one part of it, whole: every attempt with its
// error in full, code, HTTP status and request id — what a person pastes
// into a support ticket. The text is the one `s3parts jobs show` prints;
// the mouse is left to the terminal here, so it can be selected and
// copied.
type Detail struct {
	env  *common.Env
	svc  Getter
	id   int
	job  string
	part int // index in the job's parts; -1: the job itself
	vp   viewport.Model
}

// NewDetail makes the page of a job (part < 0) or of one of its parts.
func NewDetail(e *common.Env, svc Getter, job string, part int) *Detail {
	p := &Detail{env: e, svc: svc, id: e.NextID(), job: job, part: part, vp: viewport.New()}
	p.fill()
	return p
}

func (p *Detail) ID() int { return p.id }
func (p *Detail) Crumb() string {
	if p.part >= 0 {
		return fmt.Sprintf("part %d", p.part+1)
	}
	return "job " + p.job
}
func (p *Detail) Init() tea.Cmd { return nil }
func (p *Detail) Typing() bool  { return false }

// SelectsText: the mouse goes to the terminal, which selects text.
func (p *Detail) SelectsText() bool { return true }

func (p *Detail) SetSize(w, h int) {
	p.vp.SetWidth(w)
	p.vp.SetHeight(h)
	p.fill()
}

func (p *Detail) KeyMap() help.KeyMap {
	l := p.env.Keys.List
	return common.Bindings{Short: []key.Binding{l.Up, l.Down, l.PageUp, l.PageDown}, Full: [][]key.Binding{{l.Up, l.Down, l.PageUp, l.PageDown, l.Home, l.End}}}
}

func (p *Detail) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		common.Scroll(&p.vp, msg, p.env.Keys.List)
	case common.JobsChanged:
		p.fill() // the page follows a running job
	}
	return nil
}

// fill reads the job or the part afresh, wrapped at words so an error
// reads (and copies) as sentences, and keeps the scroll position.
func (p *Detail) fill() {
	in, ok := p.svc.Get(p.job)
	text := "job " + p.job + " is gone from the journal"
	if ok {
		var b strings.Builder
		if p.part < 0 {
			jobs.WriteJob(&b, in, p.env.Commands)
		} else if p.part < len(in.Job.Parts) {
			jobs.WritePart(&b, in.Job, in.Job.Parts[p.part])
		}
		text = b.String()
	}
	y := p.vp.YOffset()
	p.vp.SetContent(lipgloss.NewStyle().Width(max(p.vp.Width(), 1)).Render(model.VisibleText(text)))
	p.vp.SetYOffset(y)
}

func (p *Detail) View() string { return p.vp.View() }

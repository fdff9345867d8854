package jobs

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/ui/common"
)

// Getter reads a job: whole (Get), without its parts (Summary), or one
// part.
type Getter interface {
	Get(id string) (jobs.Info, bool)
	Summary(id string) (jobs.Info, bool)
	Part(id string, i int) (model.PartState, bool)
}

// Detail shows one job, or one part of it, whole: every attempt with its
// error in full, code, HTTP status and request id — what a person pastes
// into a support ticket. The text is the one `s3parts jobs show` prints;
// the mouse is left to the terminal here, so it can be selected and
// copied. A job's parts are read and written out only as they come on
// screen: the head is made again when the service has news, the parts'
// lines at each frame.
type Detail struct {
	env  *common.Env
	svc  Getter
	id   int
	job  string
	part int // index in the job's parts; -1: the job itself
	// head is the text above the parts (all of it for a part), by line;
	// parts the job's part count (0 for a part's page).
	head  []string
	parts int
	text  lines
	// made are the parts' lines made since the service's last news or
	// the last resize: a key press and the frame after it read them
	// again.
	made map[int][]string
}

// NewDetail makes the page of a job (part < 0) or of one of its parts.
func NewDetail(e *common.Env, svc Getter, job string, part int) *Detail {
	p := &Detail{env: e, svc: svc, id: e.NextID(), job: job, part: part, made: map[int][]string{}}
	p.text = lines{n: func() int { return len(p.head) + p.parts + 1 }, item: p.item}
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
	p.text.width, p.text.height = w, h
	p.fill()
}

func (p *Detail) KeyMap() help.KeyMap {
	l := p.env.Keys.List
	return common.Bindings{Short: []key.Binding{l.Up, l.Down, l.PageUp, l.PageDown}, Full: [][]key.Binding{{l.Up, l.Down, l.PageUp, l.PageDown, l.Home, l.End}}}
}

func (p *Detail) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		l, t := p.env.Keys.List, &p.text
		switch {
		case key.Matches(msg, l.Up):
			t.up(1)
		case key.Matches(msg, l.Down):
			t.down(1)
		case key.Matches(msg, l.PageUp):
			t.up(t.height)
		case key.Matches(msg, l.PageDown):
			t.down(t.height)
		case key.Matches(msg, l.Home):
			t.top()
		case key.Matches(msg, l.End):
			t.bottom()
		}
	case common.JobsChanged:
		p.fill() // the page follows a running job
	}
	return nil
}

// fill reads the job's summary (or the part) afresh and keeps the scroll
// position. The head's next steps name a job's hand-picked ranges when
// it is not journaled: those few jobs are read whole.
func (p *Detail) fill() {
	in, ok := p.svc.Summary(p.job)
	text := "job " + p.job + " is gone from the journal"
	p.parts = 0
	if ok {
		var b strings.Builder
		switch {
		case p.part < 0:
			if in.Job.Plan.PartSize == 0 && !p.env.Commands.Journaled {
				in, _ = p.svc.Get(p.job)
			}
			jobs.WriteJobHead(&b, in, p.env.Commands)
			p.parts = in.PartCount
		case p.part < in.PartCount:
			pt, _ := p.svc.Part(p.job, p.part)
			jobs.WritePart(&b, in, pt)
		}
		text = strings.TrimSuffix(b.String(), "\n")
	}
	p.head = wrap(model.VisibleText(text), p.text.width)
	clear(p.made)
	p.text.settle()
}

// item is line i of the head, a part's line after it, or the empty line
// the text ends with, wrapped at the width.
func (p *Detail) item(i, width int) []string {
	switch {
	case i < len(p.head):
		return p.head[i : i+1]
	case i < len(p.head)+p.parts:
		if ls, ok := p.made[i]; ok {
			return ls
		}
		pt, _ := p.svc.Part(p.job, i-len(p.head))
		ls := wrap(model.VisibleText(jobs.PartLine(pt)), width)
		if len(p.made) > 8*max(p.text.height, 10) { // the screens a person scrolled through: kept small
			clear(p.made)
		}
		p.made[i] = ls
		return ls
	}
	return []string{""}
}

func (p *Detail) View() string { return p.text.view() }

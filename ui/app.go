package ui

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/jobs"
	"s3parts/keymap"
	"s3parts/model"
	"s3parts/provider"
)

// Options tune the UI; the zero value is what a person gets.
type Options struct {
	Keys *keymap.Keys
	// Dark chooses the palette before the terminal answers (tests).
	Dark *bool
	// Commands writes the commands printed for a person to run later.
	Commands jobs.Commands
}

// Run starts the terminal UI on a client and the job service. Once it is
// gone, the jobs that left an upload open are named with what to run.
func Run(ctx context.Context, c *provider.Client, svc *jobs.Service, cmds jobs.Commands) error {
	keys, err := keymap.Load(keymap.DefaultPath())
	if err != nil {
		return err
	}
	m := New(ctx, c, svc, Options{Keys: &keys, Commands: cmds})
	_, err = tea.NewProgram(m, tea.WithContext(ctx)).Run()
	m.Close()
	svc.CancelAll()
	svc.Close()
	printOpen(os.Stderr, svc, cmds)
	return err
}

// Model is the root: the page stack, the jobs that outlive any page, the
// header and footer, and the dialogs.
type Model struct {
	env     *env
	stack   []Page
	width   int
	height  int
	help    help.Model
	spinner spinner.Model
	full    bool // the ? screen
	status  string
	errLine string
	ask     *confirmMsg
	quit    bool // asked to quit with jobs running
	// statusJob is the job the status line is about: it ends when the job
	// settles.
	statusJob string
	// settledAt is when each job last settled, as this model heard it.
	settledAt map[string]time.Time
	sub       *jobs.Subscription
	// frame is the last screen drawn, readable from any goroutine (tests
	// and screenshot scripts wait on it).
	frame atomic.Pointer[string]
}

// New builds the UI on the buckets page, over the job service svc.
func New(ctx context.Context, c *provider.Client, svc *jobs.Service, o Options) *Model {
	keys := o.Keys
	if keys == nil {
		k := keymap.Default()
		keys = &k
	}
	dark := true
	if o.Dark != nil {
		dark = *o.Dark
	}
	st := NewStyles(dark)
	e := &env{ctx: ctx, client: c, styles: &st, keys: keys, now: time.Now, jobs: svc, cmds: o.Commands}
	m := &Model{env: e, help: help.New(), spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)), sub: svc.Subscribe(),
		settledAt: map[string]time.Time{}}
	m.stack = []Page{newBucketsPage(e)}
	loaded, err := svc.Load(false)
	switch {
	case err != nil:
		m.errLine = oneLine(err.Error())
	case len(loaded.Problems) > 0:
		m.errLine = oneLine(fmt.Sprintf("%s cannot be read: %v", count(len(loaded.Problems), "job file"), loaded.Problems[0].Err))
	case loaded.Unfinished > 0:
		m.status = fmt.Sprintf("%s from an earlier session: J shows them, R goes on", count(loaded.Unfinished, "unfinished job"))
	}
	return m
}

// Close ends the UI's subscription to the job service.
func (m *Model) Close() { m.sub.Close() }

// Init loads the first page, asks the terminal for its background, starts
// listening to the job service, and asks the server about the uploads of
// unfinished jobs (one completed or aborted elsewhere settles its job).
func (m *Model) Init() tea.Cmd {
	svc, ctx := m.env.jobs, m.env.ctx
	settle := func() tea.Msg {
		svc.SettleAll(ctx) // what changes arrives as events
		return nil
	}
	return tea.Batch(m.top().Init(), tea.RequestBackgroundColor, m.spinner.Tick, listenJobs(ctx, m.sub), settle)
}

func (m *Model) top() Page { return m.stack[len(m.stack)-1] }

const headerLines = 2

// maxStatusLines bounds how far a long message may push the page up.
const maxStatusLines = 3

// statusText is the footer's message line(s): an error or a status.
func (m *Model) statusText() string {
	s := m.env.styles
	switch {
	case m.errLine != "":
		return s.Err.Render("✗ " + m.errLine)
	case m.status != "":
		return s.OK.Render(m.status)
	}
	return ""
}

// statusLines is how many lines the message needs: a message is wrapped,
// never cut, up to maxStatusLines.
func (m *Model) statusLines() int {
	if m.width <= 0 {
		return 1
	}
	n := lipgloss.Height(lipgloss.NewStyle().Width(m.width).Render(m.statusText()))
	return min(max(n, 1), maxStatusLines)
}

func (m *Model) pageHeight() int { return max(m.height-headerLines-m.statusLines()-1, 3) }

// resize gives every page its size again (the footer grew or shrank).
func (m *Model) resize() {
	for _, p := range m.stack {
		p.SetSize(m.width, m.pageHeight())
	}
}

// Update routes a message: global keys first, replies to the page that
// asked, everything else to the page on top.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case jobEventsMsg:
		return m, tea.Batch(append(m.jobEvents(msg.events), listenJobs(m.env.ctx, m.sub))...)
	case completeAsked:
		cmd := msg.ask(m.env)
		return m, tea.Batch(cmd, m.navigate())
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.resize()
		return m, nil
	case tea.BackgroundColorMsg:
		*m.env.styles = NewStyles(msg.IsDark())
		return m, nil
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		m.env.spin = m.spinner.View()
		return m, cmd
	case popMsg:
		m.env.back()
		return m, m.navigate()
	case statusMsg:
		if msg.job != "" && m.settledAt[msg.job].After(msg.at) {
			return m, nil // the job it speaks of has settled since
		}
		m.status, m.errLine, m.statusJob = msg.text, "", msg.job
		if msg.err != nil {
			m.status, m.errLine = "", oneLine(msg.err.Error())
		}
		m.resize()
		return m, nil
	case broadcastMsg:
		var cmds []tea.Cmd
		for _, p := range m.stack {
			cmds = append(cmds, p.Update(msg))
		}
		return m, tea.Batch(append(cmds, m.navigate())...)
	case pageMsg:
		for _, p := range m.stack {
			if p.ID() == msg.forPage() {
				cmd := p.Update(msg)
				return m, tea.Batch(cmd, m.navigate())
			}
		}
		return m, nil // the page is gone: drop the late answer
	case tea.KeyPressMsg:
		cmd := m.key(msg)
		return m, tea.Batch(cmd, m.navigate())
	case tea.MouseClickMsg:
		msg.Y -= headerLines
	}
	cmd := m.top().Update(msg)
	return m, tea.Batch(cmd, m.navigate())
}

// navigate applies the page changes asked for since the last call.
func (m *Model) navigate() tea.Cmd {
	var cmds []tea.Cmd
	for _, op := range m.env.nav {
		switch op.kind {
		case "open":
			op.page.SetSize(m.width, m.pageHeight())
			m.stack = append(m.stack, op.page)
			cmds = append(cmds, op.page.Init())
		case "swap":
			op.page.SetSize(m.width, m.pageHeight())
			m.stack[len(m.stack)-1] = op.page
			cmds = append(cmds, op.page.Init())
		case "back":
			if len(m.stack) > 1 {
				m.stack = m.stack[:len(m.stack)-1]
			}
		}
	}
	m.env.nav = m.env.nav[:0]
	if m.env.ask != nil {
		m.ask, m.env.ask = m.env.ask, nil
	}
	return tea.Batch(cmds...)
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	g, c := m.env.keys.Global, m.env.keys.Confirm
	if m.ask != nil {
		switch {
		case key.Matches(msg, c.Yes):
			onYes := m.ask.onYes
			m.ask = nil
			return onYes()
		case m.ask.onAlt != nil && msg.String() == m.ask.altKey:
			onAlt := m.ask.onAlt
			m.ask = nil
			return onAlt()
		case key.Matches(msg, c.No):
			m.ask = nil
			m.quit = false
		}
		return nil
	}
	if m.full {
		m.full = false // any key closes the ? screen
		return nil
	}
	if m.errLine != "" || m.status != "" {
		m.errLine, m.status = "", ""
		m.resize()
	}
	if msg.String() == "ctrl+c" {
		return m.tryQuit()
	}
	if !m.top().Typing() {
		switch {
		case key.Matches(msg, g.Quit):
			return m.tryQuit()
		case key.Matches(msg, g.Help):
			m.full = true
			return nil
		case key.Matches(msg, g.ReadOnly):
			c := m.env.client
			c.SetReadOnly(!c.ReadOnly())
			if c.ReadOnly() {
				return status("read-only: every request that would change a bucket is refused before it is sent")
			}
			return status("read-only off: copies, aborts and completes are sent")
		case key.Matches(msg, g.Back) && len(m.stack) > 1:
			return m.env.back()
		case key.Matches(msg, g.Jobs):
			if _, ok := m.top().(*jobsPage); !ok {
				return m.env.open(newJobsPage(m.env, ""))
			}
		}
	}
	return m.top().Update(msg)
}

// jobEvents takes a batch of job events: a job that settled ends the
// status line about it, and the screens listing its destination or its
// uploads are out of date.
func (m *Model) jobEvents(evs []jobs.Event) []tea.Cmd {
	var cmds []tea.Cmd
	buckets := map[string]bool{}
	for _, ev := range evs {
		switch ev.Kind {
		case jobs.JobSettled:
			m.settledAt[ev.JobID] = time.Now()
			if m.statusJob == ev.JobID {
				m.status, m.statusJob = "", ""
				m.resize()
			}
			buckets[ev.Job.Plan.Dest.Bucket] = true
		case jobs.JobNote:
			if ev.Warn {
				m.errLine = oneLine("job " + ev.JobID + ": " + ev.Note)
			} else {
				m.status, m.statusJob = "job "+ev.JobID+": "+ev.Note, ev.JobID
			}
			m.resize()
		}
	}
	for b := range buckets {
		cmds = append(cmds, func() tea.Msg { return uploadsChanged{b} }, func() tea.Msg { return objectsChanged{b} })
	}
	return cmds
}

// tryQuit asks first when jobs are running: quitting stops them, and
// their uploads stay for a retry.
func (m *Model) tryQuit() tea.Cmd {
	running, _ := m.env.jobs.Counts()
	if running == 0 {
		return tea.Quit
	}
	m.quit = true
	what := "1 job is"
	if running > 1 {
		what = fmt.Sprintf("%d jobs are", running)
	}
	q := what + " copying. Quit and stop? Their uploads stay open"
	if m.env.jobs.Journaled() {
		q += ", journaled for " + m.env.cmds.Self + " resume"
	}
	q += "; the ids and commands are printed on exit."
	svc, ctx := m.env.jobs, m.env.ctx
	m.ask = &confirmMsg{question: q, onYes: func() tea.Cmd {
		svc.CancelAll()
		return func() tea.Msg {
			svc.Close() // every stopped job journaled as cancelled
			return tea.QuitMsg{}
		}
	}, altKey: "a", altDesc: "stop, abort their uploads and quit", onAlt: func() tea.Cmd {
		ids := svc.CancelAll()
		return func() tea.Msg {
			for _, id := range ids {
				_, _ = svc.Abort(context.WithoutCancel(ctx), id) // a failure leaves it open, named on exit
			}
			svc.Close()
			return tea.QuitMsg{}
		}
	}}
	return nil
}

// View draws header, page and footer; dialogs and the ? screen on top.
func (m *Model) View() tea.View {
	var body string
	switch {
	case m.width == 0:
		body = ""
	case m.full:
		body = m.header() + "\n" + m.fullHelp()
	default:
		page := lipgloss.NewStyle().Height(m.pageHeight()).MaxHeight(m.pageHeight()).Render(m.top().View())
		body = m.header() + "\n" + page + "\n" + m.footer()
		if m.ask != nil {
			body = m.overlay(body, m.dialog())
		}
	}
	m.frame.Store(&body)
	v := tea.NewView(body)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	if t, ok := m.top().(interface{ SelectsText() bool }); ok && t.SelectsText() {
		v.MouseMode = tea.MouseModeNone // the terminal selects text
	}
	v.WindowTitle = "s3parts"
	return v
}

// Frame is the last screen drawn; safe to call from any goroutine.
func (m *Model) Frame() string {
	if f := m.frame.Load(); f != nil {
		return *f
	}
	return ""
}

func (m *Model) header() string {
	s := m.env.styles
	c := m.env.client
	ep := c.Endpoint()
	if ep == "" {
		ep = "aws " + c.Region()
	}
	conn := c.Profile() + " · " + ep
	if c.ReadOnly() {
		conn += " · " + s.FooterWarn.Render("READ-ONLY")
	}
	if c.Insecure() {
		conn += " · " + s.FooterWarn.Render("TLS NOT VERIFIED (--insecure)")
	}
	var crumbs []string
	for _, p := range m.stack {
		if cr := p.Crumb(); cr != "" {
			crumbs = append(crumbs, model.Visible(cr))
		}
	}
	head := s.Header.Render("s3parts") + "  " + s.HeaderDim.Render(conn) + s.CrumbSep.Render("  › ")
	// Where the path does not fit, the start gives way: the page you are
	// on is the part to keep in sight.
	room := m.width - lipgloss.Width(head)
	lead := ""
	for len(crumbs) > 1 && lipgloss.Width(lead+strings.Join(crumbs, " › ")) > room {
		crumbs, lead = crumbs[1:], "… › "
	}
	path := s.CrumbSep.Render(lead) + s.Crumb.Render(strings.Join(crumbs, " › "))
	return cell(head+path, m.width, false) + "\n"
}

func (m *Model) footer() string {
	s := m.env.styles
	running, failedJobs := m.env.jobs.Counts()
	var right string
	var counts []string
	if running > 0 {
		counts = append(counts, s.Running.Render(fmt.Sprintf("%s %d running", m.spinner.View(), running)))
	}
	if failedJobs > 0 {
		counts = append(counts, s.FooterWarn.Render(fmt.Sprintf("%d failed", failedJobs)))
	}
	if len(counts) > 0 {
		right = strings.Join(append(counts, s.Footer.Render("J jobs")), s.Footer.Render(" · "))
	}
	msg := lipgloss.NewStyle().Width(m.width).MaxHeight(m.statusLines()).Render(m.statusText())
	keys := m.help.ShortHelpView(append(m.top().KeyMap().ShortHelp(), m.env.keys.Global.Help, m.env.keys.Global.Quit))
	room := m.width - lipgloss.Width(right) - 1
	line2 := cell(keys, max(room, 0), false) + " " + right
	return msg + "\n" + cell(line2, m.width, false)
}

func (m *Model) fullHelp() string {
	g := m.env.keys.Global
	cols := append(m.top().KeyMap().FullHelp(), []key.Binding{g.Back, g.Jobs, g.ReadOnly, g.Help, g.Quit})
	m.help.ShowAll = true
	defer func() { m.help.ShowAll = false }()
	return m.env.styles.Title.Render("Keys on this screen") + "\n\n" + m.help.FullHelpView(cols) +
		"\n\n" + m.env.styles.Dim.Render("Rebind keys in "+keymap.DefaultPath()+" · any key closes this")
}

func (m *Model) dialog() string {
	s := m.env.styles
	w := min(max(m.width-10, 20), 70)
	q := lipgloss.NewStyle().Width(w - 6).Render(model.Visible(m.ask.question))
	answers := s.FooterKey.Render("y") + " yes   "
	if m.ask.onAlt != nil {
		answers += s.FooterKey.Render(m.ask.altKey) + " " + m.ask.altDesc + "   "
	}
	return s.Dialog.Width(w).Render(q + "\n\n" + answers + s.FooterKey.Render("n") + " no")
}

// overlay centres box over the lower layer.
func (m *Model) overlay(under, box string) string {
	bw, bh := lipgloss.Width(box), lipgloss.Height(box)
	x, y := max((m.width-bw)/2, 0), max((m.height-bh)/2, 0)
	return lipgloss.NewCompositor(lipgloss.NewLayer(under), lipgloss.NewLayer(box).X(x).Y(y).Z(1)).Render()
}

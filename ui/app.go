package ui

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/keymap"
	"s3parts/provider"
	"s3parts/ui/common"
	"s3parts/ui/route"
	"s3parts/ui/styles"
)

// Options tune the UI; the zero value is what a person gets.
type Options struct {
	Keys *keymap.Keys
	// Dark chooses the palette before the terminal answers (tests).
	Dark *bool
	// Commands writes the commands printed for a person to run later.
	Commands jobs.Commands
	// Background reports work going on outside s3parts (the demo writing
	// its largest object): the footer shows each line until the channel
	// is closed.
	Background <-chan string
}

// Run starts the terminal UI on a client and the job service. Once it is
// gone, the jobs that left an upload open are named with what to run.
func Run(ctx context.Context, c *provider.Client, svc *jobs.Service, cmds jobs.Commands) error {
	return Runner(Options{})(ctx, c, svc, cmds)
}

// Runner is Run with options (the keys are read from keys.json).
func Runner(o Options) func(ctx context.Context, c *provider.Client, svc *jobs.Service, cmds jobs.Commands) error {
	return func(ctx context.Context, c *provider.Client, svc *jobs.Service, cmds jobs.Commands) error {
		return run(ctx, c, svc, cmds, o)
	}
}

func run(ctx context.Context, c *provider.Client, svc *jobs.Service, cmds jobs.Commands, o Options) error {
	keys, err := keymap.Load(keymap.DefaultPath())
	if err != nil {
		return err
	}
	o.Keys, o.Commands = &keys, cmds
	m := New(ctx, c, svc, o)
	_, err = tea.NewProgram(m, tea.WithContext(ctx)).Run()
	m.Close()
	svc.CancelAll()
	svc.Close()
	printOpen(os.Stderr, svc, cmds)
	return err
}

// Model is the root: the page stack, the router that builds pages, the
// header and footer, the dialogs, and the subscription to the job service
// (the jobs outlive any page).
type Model struct {
	env     *common.Env
	router  *router
	client  *provider.Client
	jobs    *jobs.Service
	stack   []common.Page
	width   int
	height  int
	help    help.Model
	spinner spinner.Model
	full    bool // the ? screen
	status  string
	errLine string
	ask     *common.Confirm
	// quitting: the question open is whether to quit with jobs running.
	quitting bool
	// statusJob is the job the status line is about: it ends when the job
	// settles.
	statusJob string
	// settledAt is when each job last settled, as this model heard it.
	settledAt map[string]time.Time
	sub       *jobs.Subscription
	// background is the last line of work going on outside s3parts, while
	// it goes on (Options.Background).
	background     string
	backgroundFeed <-chan string
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
	st := styles.New(dark)
	m := &Model{client: c, jobs: svc, help: help.New(), spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		sub: svc.Subscribe(), settledAt: map[string]time.Time{}, backgroundFeed: o.Background}
	m.env = &common.Env{Ctx: ctx, Styles: &st, Keys: keys, Now: time.Now, ReadOnly: c.ReadOnly,
		Spin: m.spinner.View, Commands: o.Commands}
	m.router = &router{env: m.env, client: c, jobs: svc}
	first, _ := m.router.page(route.Buckets{})
	m.stack = []common.Page{first}
	loaded, err := svc.Load(false)
	switch {
	case err != nil:
		m.errLine = common.OneLine(err.Error())
	case len(loaded.Problems) > 0:
		m.errLine = common.OneLine(fmt.Sprintf("%s cannot be read: %v", common.Count(len(loaded.Problems), "job file"), loaded.Problems[0].Err))
	case loaded.Unfinished > 0:
		m.status = fmt.Sprintf("%s from an earlier session: %s shows them, %s goes on", common.Count(loaded.Unfinished, "unfinished job"),
			common.KeyOf(keys.Global.Jobs), common.KeyOf(keys.Jobs.RetryFailed))
	}
	return m
}

// Close ends the UI's subscription to the job service.
func (m *Model) Close() { m.sub.Close() }

// Init loads the first page, asks the terminal for its background, starts
// listening to the job service, and asks the server about the uploads of
// unfinished jobs (one completed or aborted elsewhere settles its job).
func (m *Model) Init() tea.Cmd {
	svc, ctx := m.jobs, m.env.Ctx
	settle := func() tea.Msg {
		svc.SettleAll(ctx) // what changes arrives as events
		return nil
	}
	return tea.Batch(m.top().Init(), tea.RequestBackgroundColor, m.spinner.Tick, listenJobs(ctx, m.sub), settle, m.listenBackground())
}

// backgroundMsg is the next line of the work outside s3parts; done: it
// has ended.
type backgroundMsg struct {
	line string
	done bool
}

// listenBackground waits for the next line of Options.Background.
func (m *Model) listenBackground() tea.Cmd {
	feed := m.backgroundFeed
	if feed == nil {
		return nil
	}
	return func() tea.Msg {
		line, ok := <-feed
		return backgroundMsg{line: line, done: !ok}
	}
}

func (m *Model) top() common.Page { return m.stack[len(m.stack)-1] }

// resize gives every page its size again (the footer grew or shrank).
func (m *Model) resize() {
	for _, p := range m.stack {
		p.SetSize(m.width, m.pageHeight())
	}
}

// Update routes a message: global keys first, replies to the page that
// asked, everything else to the page on top; then carries out what pages
// asked for (pages, questions) before the next message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	return m, tea.Batch(cmd, m.navigate())
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case jobEventsMsg:
		cmds := m.jobEvents(msg.events)
		for _, p := range m.stack {
			cmds = append(cmds, p.Update(common.JobsChanged{}))
		}
		return tea.Batch(append(cmds, listenJobs(m.env.Ctx, m.sub))...)
	case common.CompleteAsked:
		return msg.Ask(m.env)
	case backgroundMsg:
		if msg.done {
			last := m.background
			m.background, m.backgroundFeed = "", nil
			if last == "" {
				return nil
			}
			return common.Status(last + " · " + common.KeyOf(m.env.Keys.List.Refresh) + " reloads a list")
		}
		m.background = msg.line
		return m.listenBackground()
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.resize()
		return nil
	case tea.BackgroundColorMsg:
		*m.env.Styles = styles.New(msg.IsDark())
		return nil
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	case common.CloseMsg:
		for i, p := range m.stack {
			if p.ID() == msg.ID && i > 0 {
				m.stack = append(m.stack[:i:i], m.stack[i+1:]...)
				break
			}
		}
		return nil
	case common.StatusMsg:
		m.setStatus(msg)
		return nil
	case common.BroadcastMsg:
		var cmds []tea.Cmd
		for _, p := range m.stack {
			cmds = append(cmds, p.Update(msg))
		}
		return tea.Batch(cmds...)
	case common.PageMsg:
		for _, p := range m.stack {
			if p.ID() == msg.ForPage() {
				return p.Update(msg)
			}
		}
		return nil // the page is gone: drop the late answer
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.MouseClickMsg:
		if msg.Y < headerLines {
			if msg.Y == 0 && msg.Button == tea.MouseLeft && m.ask == nil && !m.full && m.onProvider(msg.X) {
				return m.openCapabilities()
			}
			return nil
		}
		msg.Y -= headerLines
		return m.top().Update(msg)
	}
	return m.top().Update(msg)
}

func (m *Model) setStatus(msg common.StatusMsg) {
	if msg.Job != "" && m.settledAt[msg.Job].After(msg.At) {
		return // the job it speaks of has settled since
	}
	m.status, m.errLine, m.statusJob = msg.Text, "", msg.Job
	if msg.Err != nil {
		m.status, m.errLine = "", common.OneLine(msg.Err.Error())
	}
	m.resize()
}

// navigate carries out what pages asked since the last call: pages to
// open (built by the router), to replace or to close, and a question.
func (m *Model) navigate() tea.Cmd {
	var cmds []tea.Cmd
	for _, a := range m.env.TakeAsks() {
		switch {
		case a.Confirm != nil:
			m.ask = a.Confirm
		case a.Back:
			if len(m.stack) > 1 {
				m.stack = m.stack[:len(m.stack)-1]
			}
		case a.Go != nil:
			p, note := m.router.page(a.Go)
			p.SetSize(m.width, m.pageHeight())
			if a.Replace {
				m.stack[len(m.stack)-1] = p
			} else {
				m.stack = append(m.stack, p)
			}
			cmds = append(cmds, p.Init(), note)
		}
	}
	return tea.Batch(cmds...)
}

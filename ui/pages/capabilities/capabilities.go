// Package capabilities shows what s3parts relies on about the endpoint in
// use — the provider preset's guesses beside what a probe found, and which
// of the two is in use — and runs the probe on a key.
package capabilities

import (
	"context"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/provider"
	"s3parts/ui/common"
	"s3parts/ui/components/vtable"
)

// Client is what the page asks of the provider: the facts and where each
// comes from, the probe in use, running one and using what it found.
type Client interface {
	Facts() []provider.Fact
	Guess() provider.Preset
	Probe() (provider.ProbeReport, bool)
	RunProbe(ctx context.Context, o provider.ProbeOptions) (provider.ProbeReport, error)
	UseProbe(r provider.ProbeReport)
	ReadOnly() bool
	ProbeKey() string
	Endpoint() string
	Region() string
}

// Options say where a probe runs and how its report is kept.
type Options struct {
	// Bucket and Prefix: where the probe makes its scratch prefix; no
	// bucket runs only the checks that need none.
	Bucket, Prefix string
	// Save keeps a finished probe's report for later runs (package
	// probes); nil keeps nothing.
	Save func(provider.ProbeReport) error
}

// topLines are the lines above the table: preset, endpoint, when probed,
// what a probe would do (or how far the running one is).
const topLines = 4

// Page shows the endpoint's capabilities and runs the probe.
type Page struct {
	env    *common.Env
	client Client
	id     int
	o      Options
	facts  []provider.Fact
	report *provider.ProbeReport
	// showChecks: the table shows the probe's checks, not the facts.
	showChecks bool
	factsTable *vtable.VTable
	checkTable *vtable.VTable
	// run numbers the probes this page started: answers of an older run
	// are dropped.
	run int
	// cancel is set while a probe runs; stopping: it was cancelled and is
	// removing what it made.
	cancel   context.CancelFunc
	stopping bool
	// live are the checks the running probe has finished.
	live  []provider.Check
	width int
}

// New makes the capabilities page of the endpoint c reaches.
func New(e *common.Env, c Client, o Options) *Page {
	p := &Page{env: e, client: c, id: e.NextID(), o: o}
	p.factsTable = vtable.New(e.Styles, []vtable.Column{
		{Title: "FACT", Flex: true, Max: 34}, {Title: "PRESET GUESS", Width: 14}, {Title: "PROBED", Width: 10},
		{Title: "IN USE", Width: 18, Rest: true}, {Title: "SEEN", Flex: true, HideBelow: 140},
	}, factRows{p})
	p.checkTable = vtable.New(e.Styles, []vtable.Column{
		{Title: " ", Width: 1}, {Title: "CHECK", Flex: true, Max: 50}, {Title: "SEEN", Width: 20, Rest: true},
	}, checkRows{p})
	p.load()
	return p
}

// load reads the facts and the report in use from the client.
func (p *Page) load() {
	p.facts = p.client.Facts()
	p.report = nil
	if r, ok := p.client.Probe(); ok {
		p.report = &r
	}
	p.factsTable.SetSource(factRows{p})
	p.checkTable.SetSource(checkRows{p})
}

func (p *Page) ID() int       { return p.id }
func (p *Page) Crumb() string { return "capabilities" }
func (p *Page) Typing() bool  { return false }
func (p *Page) Init() tea.Cmd { return nil }

func (p *Page) SetSize(w, h int) {
	p.width = w
	p.factsTable.SetSize(w, h-topLines)
	p.checkTable.SetSize(w, h-topLines)
}

func (p *Page) table() *vtable.VTable {
	if p.showChecks {
		return p.checkTable
	}
	return p.factsTable
}

func (p *Page) KeyMap() help.KeyMap {
	k, c, g := p.env.Keys.List, p.env.Keys.Capabilities, p.env.Keys.Global
	first := c.Probe
	if p.cancel != nil {
		// esc is back everywhere else; here, while a probe runs, it
		// cancels the probe first.
		first = key.NewBinding(key.WithKeys(g.Back.Keys()...), key.WithHelp(common.KeyOf(g.Back), "cancel probe"))
	}
	return common.Bindings{
		Short: []key.Binding{first, c.Checks},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {first, c.Checks}},
	}
}

func (p *Page) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case probeProgress:
		if msg.run != p.run || p.cancel == nil {
			return nil
		}
		p.live = append(p.live, msg.check)
		p.checkTable.SetSource(checkRows{p})
		return listen(p.id, msg.run, msg.ch)
	case probeDone:
		if msg.run != p.run {
			return nil
		}
		return p.done(msg)
	case tea.KeyPressMsg:
		k, c := p.env.Keys.List, p.env.Keys.Capabilities
		switch {
		case key.Matches(msg, c.Probe):
			return p.ask()
		case key.Matches(msg, c.Checks):
			p.showChecks = !p.showChecks
		default:
			p.table().MoveKey(msg, k)
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			p.table().Move(-3)
		case tea.MouseWheelDown:
			p.table().Move(3)
		}
	case tea.MouseClickMsg:
		p.table().Click(msg.Y - topLines) // the root gives Y from the page's first line
	}
	return nil
}

// factRows are the facts as table rows.
type factRows struct{ p *Page }

func (r factRows) Len() int { return len(r.p.facts) }

func (r factRows) Cells(i int) ([]string, lipgloss.Style) {
	f := r.p.facts[i]
	probed, inUse := f.Probed, f.InUse()+" (guess)"
	if probed == "" {
		probed = "-"
	}
	if f.IsProbed() {
		inUse = f.InUse() + " (probed)"
	}
	return []string{f.Name, f.Guess, probed, inUse, f.Seen}, lipgloss.Style{}
}

// checkRows are the checks of the running probe, else of the report in
// use, as table rows.
type checkRows struct{ p *Page }

func (r checkRows) checks() []provider.Check {
	switch {
	case r.p.cancel != nil:
		return r.p.live
	case r.p.report != nil:
		return r.p.report.Checks
	}
	return nil
}

func (r checkRows) Len() int { return len(r.checks()) }

func (r checkRows) Cells(i int) ([]string, lipgloss.Style) {
	c := r.checks()[i]
	st := lipgloss.Style{}
	switch c.Outcome {
	case provider.No:
		st = r.p.env.Styles.Warn
	case provider.Skipped, provider.Unknown:
		st = r.p.env.Styles.Dim
	}
	return []string{c.Outcome.Mark(), c.Title, c.Seen}, st
}

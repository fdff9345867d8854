package ui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/keymap"
	"s3parts/model"
	"s3parts/provider"
)

// Run starts the terminal UI on a client. Until the full UI lands it shows
// where it is connected and the buckets it can see.
func Run(ctx context.Context, c *provider.Client) error {
	_, err := tea.NewProgram(placeholder{c: c, ctx: ctx, keys: keymap.Default().Global, help: help.New()}, tea.WithContext(ctx)).Run()
	return err
}

type placeholder struct {
	ctx     context.Context
	c       *provider.Client
	buckets []model.Bucket
	err     error
	loaded  bool
	keys    keymap.Global
	help    help.Model
}

type bucketsMsg struct {
	buckets []model.Bucket
	err     error
}

func (m placeholder) Init() tea.Cmd {
	return func() tea.Msg {
		bs, err := m.c.ListBuckets(m.ctx)
		return bucketsMsg{bs, err}
	}
}

func (m placeholder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case bucketsMsg:
		m.buckets, m.err, m.loaded = msg.buckets, msg.err, true
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Quit) {
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m placeholder) View() tea.View {
	title := lipgloss.NewStyle().Bold(true)
	dim := lipgloss.NewStyle().Faint(true)
	var b strings.Builder
	ep := m.c.Endpoint()
	if ep == "" {
		ep = "AWS S3 (" + m.c.Region() + ")"
	}
	fmt.Fprintf(&b, "%s  %s\n\n", title.Render("s3parts"), dim.Render(m.c.Profile()+" · "+ep+" · "+m.c.Preset().Name))
	switch {
	case !m.loaded:
		b.WriteString("loading buckets…\n")
	case m.err != nil:
		b.WriteString("could not list buckets: " + m.err.Error() + "\n")
	default:
		fmt.Fprintf(&b, "%d buckets\n", len(m.buckets))
		for _, bk := range m.buckets {
			b.WriteString("  " + bk.Name + "\n")
		}
	}
	b.WriteString("\n" + dim.Render("The full terminal UI is on its way; the headless commands work today (s3parts --help)."))
	b.WriteString("\n" + m.help.ShortHelpView([]key.Binding{m.keys.Quit}))
	v := tea.NewView(b.String())
	v.AltScreen = true
	return v
}

package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"s3parts/ui/common"
	"s3parts/ui/pages/capabilities"
	jobspage "s3parts/ui/pages/jobs"
	"s3parts/ui/route"
)

// The root's keys: the question open answers first, then the keys that
// work on every screen, then the page on top.

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	g, c := m.env.Keys.Global, m.env.Keys.Confirm
	if m.ask != nil {
		ask := m.ask
		switch {
		case key.Matches(msg, c.Yes):
			m.ask = nil
			return ask.OnYes()
		case ask.OnAlt != nil && key.Matches(msg, c.Alt):
			m.ask = nil
			return ask.OnAlt()
		case key.Matches(msg, g.Interrupt) && m.quitting:
			m.ask = nil // a second ctrl+c answers the quit question: stop and quit
			return ask.OnYes()
		case key.Matches(msg, c.No), key.Matches(msg, g.Interrupt):
			m.ask, m.quitting = nil, false
			var cmd tea.Cmd
			if ask.OnNo != nil {
				cmd = ask.OnNo()
			}
			if key.Matches(msg, g.Interrupt) {
				return tea.Batch(cmd, m.tryQuit()) // ctrl+c still quits, asking if jobs run
			}
			return cmd
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
		if key.Matches(msg, g.Back) {
			return nil // esc puts the message away, not the page under it
		}
	}
	switch {
	case key.Matches(msg, g.Interrupt):
		return m.tryQuit()
	case key.Matches(msg, g.ReadOnly):
		// From any screen, a text field's too: the status lines name this
		// key to turn read-only off.
		return m.toggleReadOnly()
	}
	if !m.top().Typing() {
		switch {
		case key.Matches(msg, g.Quit):
			return m.tryQuit()
		case key.Matches(msg, g.Help):
			m.full = true
			return nil
		case key.Matches(msg, g.Back):
			return m.back()
		case key.Matches(msg, g.Jobs):
			if _, ok := m.top().(*jobspage.Page); !ok {
				return m.env.Go(route.Jobs{})
			}
		case key.Matches(msg, g.Provider):
			return m.openCapabilities()
		}
	}
	return m.top().Update(msg)
}

// openCapabilities opens the endpoint's capabilities, for a probe in the
// bucket and prefix of the nearest page that is about one.
func (m *Model) openCapabilities() tea.Cmd {
	if _, ok := m.top().(*capabilities.Page); ok {
		return nil
	}
	for i := len(m.stack) - 1; i >= 0; i-- {
		if l, ok := m.stack[i].(common.Located); ok {
			b, p := l.Location()
			return m.env.Go(route.Capabilities{Bucket: b, Prefix: p})
		}
	}
	return m.env.Go(route.Capabilities{})
}

// back clears the top page's kept filter, or closes it, asking first when
// it would lose work.
func (m *Model) back() tea.Cmd {
	if f, ok := m.top().(common.FilterClearer); ok && f.ClearFilter() {
		return nil
	}
	if s, ok := m.top().(common.Stopper); ok {
		if cmd, stopped := s.Stop(); stopped {
			return cmd
		}
	}
	if len(m.stack) == 1 {
		return nil
	}
	if g, ok := m.top().(common.Guard); ok {
		if q := g.Unsaved(); q != "" {
			return m.env.Ask(q, m.env.Back)
		}
	}
	return m.env.Back()
}

func (m *Model) toggleReadOnly() tea.Cmd {
	c := m.client
	c.SetReadOnly(!c.ReadOnly())
	if c.ReadOnly() {
		return common.Status("read-only: every request that would change a bucket is refused before it is sent")
	}
	return common.Status("read-only off: copies, aborts and completes are sent")
}

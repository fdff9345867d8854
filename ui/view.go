package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/keymap"
	"s3parts/model"
	"s3parts/ui/common"
	"s3parts/ui/components/dialog"
)

// headerLines is the header: the path line and a blank line under it.
const headerLines = 2

// maxStatusLines bounds how far a long message may push the page up.
const maxStatusLines = 3

// statusText is the footer's message line(s): an error or a status.
func (m *Model) statusText() string {
	s := m.env.Styles
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

// pageHeight is what the header and the footer (message, keys) leave.
func (m *Model) pageHeight() int { return max(m.height-headerLines-m.statusLines()-1, 3) }

// View draws header, page and footer; dialogs and the ? screen on top. It
// changes nothing but the copy of the frame kept for tests.
func (m *Model) View() tea.View {
	var body string
	switch {
	case m.width == 0:
		body = ""
	case m.full:
		body = m.header() + "\n" + m.fullHelp()
	default:
		h := m.pageHeight()
		page := lipgloss.NewStyle().Height(h).MaxHeight(h).Render(m.top().View())
		body = m.header() + "\n" + page + "\n" + m.footer()
		if m.ask != nil {
			body = dialog.Overlay(body, dialog.View(m.env.Styles, m.env.Keys.Confirm, *m.ask, m.width), m.width, m.height)
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

// headerLead is the header up to the provider's name, unstyled: the name
// starts one cell after it.
func (m *Model) headerLead() string {
	c := m.client
	ep := c.Endpoint()
	if ep == "" {
		ep = "aws " + c.Region()
	}
	return "s3parts  " + c.Profile() + " · " + ep + " · "
}

// providerName is the preset's name in the header, marked when a probe's
// findings are in use; a click on it opens the capabilities.
func (m *Model) providerName() string {
	name := m.client.Preset().Name
	if _, ok := m.client.Probe(); ok {
		name += " ✓probed"
	}
	return name
}

// onProvider reports whether cell x of the header's first line is on the
// provider's name.
func (m *Model) onProvider(x int) bool {
	from := lipgloss.Width(m.headerLead())
	return x >= from && x < from+lipgloss.Width(m.providerName())
}

func (m *Model) header() string {
	s := m.env.Styles
	c := m.client
	lead := m.headerLead()
	conn := strings.TrimPrefix(lead, "s3parts  ") + s.HeaderDim.Underline(true).Render(m.providerName())
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
	cut := ""
	for len(crumbs) > 1 && lipgloss.Width(cut+strings.Join(crumbs, " › ")) > room {
		crumbs, cut = crumbs[1:], "… › "
	}
	path := s.CrumbSep.Render(cut) + s.Crumb.Render(strings.Join(crumbs, " › "))
	return common.Fit(head+path, m.width, false) + "\n"
}

// footer is the message line(s), then the keys of the page (and, while no
// text field has them, ? and q) with the job counts on the right.
func (m *Model) footer() string {
	s, g := m.env.Styles, m.env.Keys.Global
	running, failedJobs := m.jobs.Counts()
	var right string
	var counts []string
	if running > 0 {
		counts = append(counts, s.Running.Render(fmt.Sprintf("%s %d running", m.spinner.View(), running)))
	}
	if failedJobs > 0 {
		counts = append(counts, s.FooterWarn.Render(fmt.Sprintf("%d failed", failedJobs)))
	}
	if len(counts) > 0 {
		right = strings.Join(append(counts, s.Footer.Render(common.KeyOf(g.Jobs)+" jobs")), s.Footer.Render(" · "))
	}
	if m.background != "" {
		bg := s.Running.Render(m.spinner.View() + " " + model.Visible(m.background))
		right = strings.Join(slices.DeleteFunc([]string{bg, right}, func(s string) bool { return s == "" }), s.Footer.Render(" · "))
	}
	msg := lipgloss.NewStyle().Width(m.width).MaxHeight(m.statusLines()).Render(m.statusText())
	bindings := m.top().KeyMap().ShortHelp()
	if !m.top().Typing() {
		// Typed into a field, ? and q are text: they are not offered.
		bindings = append(bindings, g.Help, g.Quit)
	}
	keys := m.help.ShortHelpView(bindings)
	room := m.width - lipgloss.Width(right) - 1
	line2 := common.Fit(keys, max(room, 0), false) + " " + right
	return msg + "\n" + common.Fit(line2, m.width, false)
}

// fullHelp is the ? screen: the page's keys in columns, then the global
// ones, laid out by bubbles' help at the screen's width.
func (m *Model) fullHelp() string {
	g := m.env.Keys.Global
	cols := append(m.top().KeyMap().FullHelp(), []key.Binding{g.Back, g.Jobs, g.Provider, g.ReadOnly, g.Help, g.Quit})
	return m.env.Styles.Title.Render("Keys on this screen") + "\n\n" + helpRows(m.help, cols, m.width) +
		"\n\n" + m.env.Styles.Dim.Render(common.WrapWords("Rebind keys in "+keymap.DefaultPath()+" · any key closes this", m.width))
}

// helpRows lays the help's columns side by side while they fit the width,
// and goes on in a new row when they do not: no column is ever cut (bubbles'
// help drops what passes its width).
func helpRows(h help.Model, cols [][]key.Binding, width int) string {
	h.ShowAll = true
	h.SetWidth(0) // measured here, not cut there
	var rows []string
	var row [][]key.Binding
	for _, c := range cols {
		if len(row) > 0 && lipgloss.Width(h.FullHelpView(append(row, c))) > width {
			rows, row = append(rows, h.FullHelpView(row)), nil
		}
		row = append(row, c)
	}
	if len(row) > 0 {
		rows = append(rows, h.FullHelpView(row))
	}
	return strings.Join(rows, "\n\n")
}

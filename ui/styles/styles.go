package styles

import (
	"os"

	"charm.land/lipgloss/v2"
)

// Styles are every style the UI draws with, in one place, built for a light
// or dark background. With NO_COLOR set they keep their layout (bold,
// faint, reverse) and drop their colours.
type Styles struct {
	Header, HeaderDim, Crumb, CrumbSep lipgloss.Style
	Footer, FooterKey, FooterWarn      lipgloss.Style
	Title, Label, Value, Dim           lipgloss.Style
	TableHeader, Cursor, CursorBlur    lipgloss.Style
	Folder, Marker, Latest, Warn, Err  lipgloss.Style
	OK, Running, Pending               lipgloss.Style
	Box, Dialog, Input, InputErr       lipgloss.Style
}

// New builds the styles for a dark or light background.
func New(dark bool) Styles {
	ld := lipgloss.LightDark(dark)
	noColor := os.Getenv("NO_COLOR") != ""
	c := func(light, darkc string) lipgloss.Style {
		s := lipgloss.NewStyle()
		if noColor {
			return s
		}
		return s.Foreground(ld(lipgloss.Color(light), lipgloss.Color(darkc)))
	}
	accent := c("#5a3fd1", "#a89bff")
	s := Styles{
		Header:      accent.Bold(true),
		HeaderDim:   c("#6b6b6b", "#8a8a8a"),
		Crumb:       c("#1d1d1d", "#e6e6e6").Bold(true),
		CrumbSep:    c("#9a9a9a", "#6a6a6a"),
		Footer:      c("#6b6b6b", "#8a8a8a"),
		FooterKey:   c("#3a3a3a", "#c8c8c8").Bold(true),
		FooterWarn:  c("#b3261e", "#ff8a80").Bold(true),
		Title:       accent.Bold(true),
		Label:       c("#6b6b6b", "#8a8a8a"),
		Value:       lipgloss.NewStyle(),
		Dim:         lipgloss.NewStyle().Faint(true),
		TableHeader: c("#6b6b6b", "#9a9a9a").Bold(true),
		Cursor:      lipgloss.NewStyle().Reverse(true),
		CursorBlur:  lipgloss.NewStyle().Underline(true),
		Folder:      c("#1f5fbf", "#7fb2ff").Bold(true),
		Marker:      c("#b3261e", "#ff8a80").Faint(false),
		Latest:      c("#1b7f3b", "#7ee2a0"),
		Warn:        c("#a35c00", "#ffc46b"),
		Err:         c("#b3261e", "#ff8a80").Bold(true),
		OK:          c("#1b7f3b", "#7ee2a0"),
		Running:     accent,
		Pending:     c("#6b6b6b", "#8a8a8a"),
		Box:         lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
		Dialog:      lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(1, 2),
		Input:       lipgloss.NewStyle(),
		InputErr:    c("#b3261e", "#ff8a80"),
	}
	if !noColor {
		// A coloured bar rather than reverse video: it keeps the row's own
		// colours readable and shows in screenshots.
		s.Cursor = lipgloss.NewStyle().Background(ld(lipgloss.Color("#d9d2ff"), lipgloss.Color("#3d3570"))).
			Foreground(ld(lipgloss.Color("#1d1d1d"), lipgloss.Color("#ffffff")))
		s.Box = s.Box.BorderForeground(ld(lipgloss.Color("#c0c0c0"), lipgloss.Color("#4a4a4a")))
		s.Dialog = s.Dialog.BorderForeground(ld(lipgloss.Color("#5a3fd1"), lipgloss.Color("#a89bff")))
	}
	return s
}

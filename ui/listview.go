package ui

import (
	"s3parts/model"

	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// listView is what every list screen shares: a VTable, a filter line, and
// the loading and error states, with the list keys and the mouse wired.
// A page embeds it and supplies the rows.
type listView struct {
	env       *env
	table     *VTable
	filter    textinput.Model
	filtering bool
	loading   bool
	err       error
	// top is a line above the table (counts, hints); set by the page.
	top    string
	width  int
	height int
}

func newListView(e *env, cols []Column, src RowSource) listView {
	f := textinput.New()
	f.Prompt = "/"
	f.Placeholder = "filter"
	return listView{env: e, table: NewVTable(e.styles, cols, src), filter: f, loading: true}
}

// SetSize lays the list out: top line, filter line when shown, table.
func (l *listView) SetSize(w, h int) {
	l.width, l.height = w, h
	l.filter.SetWidth(max(w-2, 10))
	l.table.SetSize(w, h-l.chromeLines())
}

func (l *listView) chromeLines() int {
	n := 1 // top line
	if l.filtering || l.filter.Value() != "" {
		n++
	}
	return n
}

// Typing reports that the filter has the keys.
func (l *listView) Typing() bool { return l.filtering }

// FilterText is the current filter, lower-cased.
func (l *listView) FilterText() string { return strings.ToLower(l.filter.Value()) }

// handle runs the list keys and mouse; it reports whether msg was used and
// whether the filter text changed.
func (l *listView) handle(msg tea.Msg) (used, filterChanged bool, cmd tea.Cmd) {
	k := l.env.keys.List
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if l.filtering {
			switch msg.String() {
			case "esc":
				l.filtering = false
				l.filter.SetValue("")
				l.filter.Blur()
				l.SetSize(l.width, l.height)
				return true, true, nil
			case "enter", "up", "down":
				l.filtering = false
				l.filter.Blur()
				if msg.String() != "enter" {
					return l.handle(msg)
				}
				return true, false, nil
			}
			before := l.filter.Value()
			l.filter, cmd = l.filter.Update(msg)
			return true, l.filter.Value() != before, cmd
		}
		switch {
		case l.table.MoveKey(msg, k):
		case key.Matches(msg, k.Filter):
			l.filtering = true
			l.SetSize(l.width, l.height)
			return true, false, l.filter.Focus()
		default:
			return false, false, nil
		}
		return true, false, nil
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			l.table.Move(-3)
		case tea.MouseWheelDown:
			l.table.Move(3)
		}
		return true, false, nil
	case tea.MouseClickMsg:
		// The root gives Y relative to the page's first line.
		return l.table.Click(msg.Y - l.chromeLines()), false, nil
	}
	return false, false, nil
}

// listOwner is the page around a listView: it rebuilds its rows when the
// filter changes and reloads them on request.
type listOwner interface {
	applyFilter()
	Init() tea.Cmd
}

// route gives the list the message first: moving, the mouse, filtering,
// reloading. It returns the key the page should act on (ok false when the
// list used the message) and the command to run; after, if set, runs once
// the list moved (to load more rows as the cursor nears the end).
func (l *listView) route(owner listOwner, msg tea.Msg, after func() tea.Cmd) (km tea.KeyPressMsg, ok bool, cmd tea.Cmd) {
	used, changed, cmd := l.handle(msg)
	if changed {
		owner.applyFilter()
	}
	if used {
		if after != nil {
			cmd = tea.Batch(cmd, after())
		}
		return km, false, cmd
	}
	km, ok = msg.(tea.KeyPressMsg)
	if ok && key.Matches(km, l.env.keys.List.Refresh) {
		return km, false, owner.Init()
	}
	return km, ok, nil
}

// View draws the top line, the filter and the table, or the state that
// stands in for the table.
func (l *listView) View(empty string) string {
	s := l.env.styles
	var b strings.Builder
	top := l.top
	switch {
	case l.err != nil:
		top = s.Err.Render(oneLine(l.err.Error()))
	case l.loading && l.table.src.Len() == 0:
		top = s.Dim.Render("loading…")
	}
	b.WriteString(cell(top, l.width, false))
	if l.filtering || l.filter.Value() != "" {
		b.WriteString("\n" + l.filter.View())
	}
	b.WriteString("\n")
	if l.table.src.Len() == 0 && !l.loading && l.err == nil {
		b.WriteString(s.Dim.Render(l.table.View() + "\n" + empty))
		return b.String()
	}
	b.WriteString(l.table.View())
	return b.String()
}

// oneLine is a message on one line, with what could forge the screen
// made visible (a key in an error may hold anything).
func oneLine(s string) string { return model.Visible(strings.Join(strings.Fields(s), " ")) }

// Package listview is what every list screen shares: a virtual table, a
// filter line, a count line that follows the filter, the loading and
// error states, and the list keys and the mouse wired.
package listview

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"s3parts/ui/common"
	"s3parts/ui/components/vtable"
)

// Owner is the page around a list: it rebuilds its rows when the filter
// changes and reloads them on request.
type Owner interface {
	ApplyFilter()
	Init() tea.Cmd
}

// ListView is embedded by a list page, which supplies the rows.
type ListView struct {
	Env       *common.Env
	Table     *vtable.VTable
	owner     Owner // the page, when it is one
	filter    textinput.Model
	filtering bool
	Loading   bool
	Err       error
	// Top is the line above the table (counts, hints); set by the page.
	Top    string
	width  int
	height int
}

// New makes a list over src (the page, which is its Owner too).
func New(e *common.Env, cols []vtable.Column, src vtable.RowSource) ListView {
	f := textinput.New()
	f.Prompt = "/"
	f.Placeholder = "filter"
	owner, _ := src.(Owner)
	return ListView{Env: e, Table: vtable.New(e.Styles, cols, src), owner: owner, filter: f, Loading: true}
}

// ClearFilter clears a filter kept after typing it (back does that before
// it closes the page), and reports whether there was one.
func (l *ListView) ClearFilter() bool {
	if l.filter.Value() == "" {
		return false
	}
	l.CloseFilter()
	if l.owner != nil {
		l.owner.ApplyFilter()
	}
	return true
}

// FilterKeys are the keys that work while the filter line has them: the
// footer shows these instead of the page's.
func (l *ListView) FilterKeys(submit key.Binding) common.Bindings {
	f := l.Env.Keys.Form
	return common.Bindings{Short: []key.Binding{submit, f.Cancel}, Full: [][]key.Binding{{submit, f.Cancel}}}
}

// SetSize lays the list out: top line, filter line when shown, table.
func (l *ListView) SetSize(w, h int) {
	l.width, l.height = w, h
	l.filter.SetWidth(max(w-2, 10))
	l.Table.SetSize(w, h-l.chromeLines())
}

// Size is the list's area.
func (l *ListView) Size() (w, h int) { return l.width, l.height }

func (l *ListView) chromeLines() int {
	n := 1 // top line
	if l.filtering || l.filter.Value() != "" {
		n++
	}
	return n
}

// Typing reports that the filter has the keys.
func (l *ListView) Typing() bool { return l.filtering }

// Filtering reports that the filter line has the keys.
func (l *ListView) Filtering() bool { return l.filtering }

// FilterText is the current filter, lower-cased.
func (l *ListView) FilterText() string { return strings.ToLower(l.filter.Value()) }

// RawFilter is the filter as typed.
func (l *ListView) RawFilter() string { return l.filter.Value() }

// CloseFilter ends filtering and clears the filter.
func (l *ListView) CloseFilter() {
	l.filtering = false
	l.filter.SetValue("")
	l.filter.Blur()
	l.SetSize(l.width, l.height)
}

// Matches reports whether s contains the filter (case-insensitively).
func (l *ListView) Matches(s string) bool {
	f := l.FilterText()
	return f == "" || strings.Contains(strings.ToLower(s), f)
}

// Counted is the count line for n shown of total items named noun: "3
// versions", or "1 of 3 versions match" while a filter is on.
func (l *ListView) Counted(shown, total int, noun string) string {
	if l.FilterText() == "" {
		return common.Count(total, noun)
	}
	return fmt.Sprintf("%d of %s match", shown, common.Count(total, noun))
}

// handle runs the list keys and mouse; it reports whether msg was used and
// whether the filter text changed.
func (l *ListView) handle(msg tea.Msg) (used, filterChanged bool, cmd tea.Cmd) {
	k, f := l.Env.Keys.List, l.Env.Keys.Form
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if l.filtering {
			switch {
			case key.Matches(msg, f.Cancel):
				l.CloseFilter()
				return true, true, nil
			case key.Matches(msg, f.Submit):
				l.filtering = false
				l.filter.Blur()
				return true, false, nil
			case msg.Text == "" && (key.Matches(msg, k.Up) || key.Matches(msg, k.Down)):
				// An arrow (not a letter typed) leaves the filter and moves.
				l.filtering = false
				l.filter.Blur()
				return l.handle(msg)
			}
			before := l.filter.Value()
			l.filter, cmd = l.filter.Update(msg)
			return true, l.filter.Value() != before, cmd
		}
		switch {
		case l.Table.MoveKey(msg, k):
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
			l.Table.Move(-3)
		case tea.MouseWheelDown:
			l.Table.Move(3)
		}
		return true, false, nil
	case tea.MouseClickMsg:
		// The root gives Y relative to the page's first line.
		return l.Table.Click(msg.Y - l.chromeLines()), false, nil
	}
	return false, false, nil
}

// Route gives the list the message first: moving, the mouse, filtering,
// reloading. It returns the key the page should act on (ok false when the
// list used the message) and the command to run; after, if set, runs once
// the list moved (to load more rows as the cursor nears the end).
func (l *ListView) Route(owner Owner, msg tea.Msg, after func() tea.Cmd) (km tea.KeyPressMsg, ok bool, cmd tea.Cmd) {
	used, changed, cmd := l.handle(msg)
	if changed {
		owner.ApplyFilter()
	}
	if used {
		if after != nil {
			cmd = tea.Batch(cmd, after())
		}
		return km, false, cmd
	}
	km, ok = msg.(tea.KeyPressMsg)
	if ok && key.Matches(km, l.Env.Keys.List.Refresh) {
		return km, false, owner.Init()
	}
	return km, ok, nil
}

// View draws the top line, the filter and the table, or the state that
// stands in for the table.
func (l *ListView) View(empty string) string {
	s := l.Env.Styles
	var b strings.Builder
	top := l.Top
	switch {
	case l.Err != nil:
		top = s.Err.Render(common.OneLine(l.Err.Error()))
	case l.Loading && l.Table.Len() == 0:
		top = s.Dim.Render("loading…")
	}
	b.WriteString(common.Fit(top, l.width, false))
	if l.filtering || l.filter.Value() != "" {
		b.WriteString("\n" + l.filter.View())
	}
	b.WriteString("\n")
	if l.Table.Len() == 0 && !l.Loading && l.Err == nil {
		if l.FilterText() != "" {
			clear := l.Env.Keys.Form.Cancel
			if !l.filtering {
				clear = l.Env.Keys.Global.Back
			}
			empty = "nothing matches the filter (" + common.KeyOf(clear) + " clears it)"
		}
		b.WriteString(s.Dim.Render(l.Table.View() + "\n" + empty))
		return b.String()
	}
	b.WriteString(l.Table.View())
	return b.String()
}

package common

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"s3parts/keymap"
)

// ReadOnlyError refuses an action that changes the server, before it asks
// anything, while read-only mode is on; nil when it may go ahead.
func (e *Env) ReadOnlyError() error {
	if e.ReadOnly != nil && e.ReadOnly() {
		return fmt.Errorf("read-only mode is on: nothing is sent (%s turns it off)", KeyOf(e.Keys.Global.ReadOnly))
	}
	return nil
}

// RefuseWrite is ReadOnlyError as a status line (nil when it may go ahead).
func (e *Env) RefuseWrite() tea.Cmd {
	if err := e.ReadOnlyError(); err != nil {
		return Failed(err)
	}
	return nil
}

// Scroll moves a viewport by the list keys (line, page, first, last); it
// reports whether msg was one of them.
func Scroll(vp *viewport.Model, msg tea.KeyPressMsg, l keymap.List) bool {
	switch {
	case key.Matches(msg, l.Up):
		vp.ScrollUp(1)
	case key.Matches(msg, l.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, l.PageUp):
		vp.PageUp()
	case key.Matches(msg, l.PageDown):
		vp.PageDown()
	case key.Matches(msg, l.Home):
		vp.GotoTop()
	case key.Matches(msg, l.End):
		vp.GotoBottom()
	default:
		return false
	}
	return true
}

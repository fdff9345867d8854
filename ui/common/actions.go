package common

import (
	"errors"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"s3parts/keymap"
)

// ErrReadOnly: an action that changes the server is refused, before it
// asks anything, while read-only mode is on.
var ErrReadOnly = errors.New("read-only mode is on: nothing is sent (ctrl+w turns it off)")

// RefuseWrite refuses an action that would change the server while
// read-only mode is on (nil when it may go ahead).
func (e *Env) RefuseWrite() tea.Cmd {
	if e.ReadOnly != nil && e.ReadOnly() {
		return Failed(ErrReadOnly)
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

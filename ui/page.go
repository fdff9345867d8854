package ui

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/keymap"
	"s3parts/provider"
)

// Page is one screen on the stack: it handles the keys while it is on top,
// draws itself in the size it is given, and names its keys for the footer
// and its place for the header (soft-serve's common.Component shape).
type Page interface {
	ID() int
	// Crumb is this page's part of the header's path.
	Crumb() string
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int)
	KeyMap() help.KeyMap
	// Typing reports that a text field has the keys, so single-letter
	// global keys (q, ?, J) must go to the page.
	Typing() bool
}

// pageMsg is a reply meant for one page; it is dropped when that page is
// gone, so a late answer never lands on the wrong screen.
type pageMsg interface{ forPage() int }

// broadcastMsg goes to every page on the stack, not just the top one: a
// change that pages below may be showing (an upload aborted from its parts
// page is still listed on the uploads page under it).
type broadcastMsg interface{ broadcast() }

// uploadsChanged says the uploads of a bucket changed.
type uploadsChanged struct{ bucket string }

func (uploadsChanged) broadcast() {}

// objectsChanged says a job wrote into a bucket.
type objectsChanged struct{ bucket string }

func (objectsChanged) broadcast() {}

// env is what every page shares.
type env struct {
	ctx    context.Context
	client *provider.Client
	styles *Styles
	keys   *keymap.Keys
	jobs   *jobs.Service
	// cmds writes the commands printed for a person to run later.
	cmds jobs.Commands
	// now is the clock for ages and rates (time.Now; benchmarks may set it).
	now    func() time.Time
	lastID int
	// nav holds the page changes asked for during one Update; the root
	// applies them before the next key, so keys typed fast after enter or
	// esc reach the page they were meant for.
	nav []navOp
	ask *confirmMsg
	// spin is the spinner's current frame, for rows that are running.
	spin string
}

type navOp struct {
	kind string // "open", "back", "swap"
	page Page
}

func (e *env) nextID() int { e.lastID++; return e.lastID }

// open pushes a page, back pops the top one, swap replaces it.
func (e *env) open(p Page) tea.Cmd { e.nav = append(e.nav, navOp{"open", p}); return nil }
func (e *env) back() tea.Cmd       { e.nav = append(e.nav, navOp{kind: "back"}); return nil }
func (e *env) swap(p Page) tea.Cmd { e.nav = append(e.nav, navOp{"swap", p}); return nil }

// Navigation and feedback messages any page can send.
type (
	// popMsg pops the top page from an async reply (after a dialog).
	popMsg struct{}
	// statusMsg shows a line in the footer; err makes it an error. A
	// line about a job names it, and ends when the job settles.
	statusMsg struct {
		text string
		err  error
		job  string
		// at is when the line was asked for: one about a job that settled
		// since is dropped when it arrives.
		at time.Time
	}
	// confirmMsg asks a yes/no question; yes calls onYes on the UI's
	// goroutine (it may change state) and runs the Cmd it returns.
	confirmMsg struct {
		question string
		onYes    func() tea.Cmd
		// alt is a third answer (a key, what it does, and its action).
		altKey, altDesc string
		onAlt           func() tea.Cmd
	}
)

func pop() tea.Msg { return popMsg{} }
func status(s string) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: s} }
}
func failed(err error) tea.Cmd {
	return func() tea.Msg { return statusMsg{err: err} }
}

// jobStatus is a status line about a job, cleared when the job settles.
func jobStatus(id, s string) tea.Cmd {
	at := time.Now()
	return func() tea.Msg { return statusMsg{text: s, job: id, at: at} }
}

// confirm asks before onYes runs; the question shows before the next key
// is read, so a fast "y" cannot reach the page instead.
func (e *env) confirm(q string, onYes func() tea.Cmd) tea.Cmd {
	e.ask = &confirmMsg{question: q, onYes: onYes}
	return nil
}

// bindings is a help.KeyMap made of a page's keys: short for the footer,
// full (in columns) for the ? screen.
type bindings struct {
	short []key.Binding
	full  [][]key.Binding
}

func (b bindings) ShortHelp() []key.Binding  { return b.short }
func (b bindings) FullHelp() [][]key.Binding { return b.full }

// scroll moves a viewport by the list keys (line, page, first, last); it
// reports whether msg was one of them.
func scroll(vp *viewport.Model, msg tea.KeyPressMsg, l keymap.List) bool {
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

// errReadOnly: an action that changes the server is refused, before it
// asks anything, while read-only mode is on.
var errReadOnly = errors.New("read-only mode is on: nothing is sent (ctrl+w turns it off)")

// readOnly refuses an action that would change the server while read-only
// mode is on (nil when it may go ahead).
func (e *env) readOnly() tea.Cmd {
	if e.client.ReadOnly() {
		return failed(errReadOnly)
	}
	return nil
}

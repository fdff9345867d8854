// Package common is what every page of the terminal UI shares: the Page
// contract (soft-serve's Component shape: Model + help.KeyMap + SetSize),
// the session's environment, and the messages pages send the root —
// navigation by route, status lines, questions. A page never constructs
// another page and never holds the root: it asks, and the root answers.
package common

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/keymap"
	"s3parts/ui/route"
	"s3parts/ui/styles"
)

// Page is one screen on the stack: it handles the keys while it is on top,
// draws itself in the size it is given, and names its keys for the footer
// and its place for the header.
type Page interface {
	ID() int
	// Crumb is this page's part of the header's path.
	Crumb() string
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	// View draws the page at its size. It changes nothing: sizes are set
	// by SetSize alone.
	View() string
	SetSize(w, h int)
	KeyMap() help.KeyMap
	// Typing reports that a text field has the keys, so single-letter
	// global keys (q, ?, J) must go to the page.
	Typing() bool
}

// Env is the session every page shares.
type Env struct {
	Ctx    context.Context
	Styles *styles.Styles
	Keys   *keymap.Keys
	// Now is the clock for ages and rates.
	Now func() time.Time
	// ReadOnly reports whether read-only mode is on (it can change at any
	// moment: ctrl+w).
	ReadOnly func() bool
	// Spin is the spinner's current frame, for rows that are running.
	Spin func() string
	// Commands writes the commands printed for a person to run later.
	Commands jobs.Commands

	lastID int
	// asks holds what pages asked of the root during one Update: the root
	// carries it out before the next key, so keys typed fast after enter
	// or esc reach the page they were meant for, and a fast "y" answers
	// the question instead of reaching the page.
	asks []Ask
}

// NextID gives each page an id of its own, so late replies find it.
func (e *Env) NextID() int { e.lastID++; return e.lastID }

// Ask is something a page asks of the root.
type Ask struct {
	Go      route.Route // open a page
	Replace bool        // the new page takes the place of the asking one
	Back    bool        // close the page on top
	Confirm *Confirm
}

// Go opens the page for r on top of the stack.
func (e *Env) Go(r route.Route) tea.Cmd { e.asks = append(e.asks, Ask{Go: r}); return nil }

// Replace opens the page for r in place of the top one.
func (e *Env) Replace(r route.Route) tea.Cmd {
	e.asks = append(e.asks, Ask{Go: r, Replace: true})
	return nil
}

// Back closes the top page.
func (e *Env) Back() tea.Cmd { e.asks = append(e.asks, Ask{Back: true}); return nil }

// Ask asks the person a question before onYes runs.
func (e *Env) Ask(q string, onYes func() tea.Cmd) tea.Cmd {
	return e.AskWith(Confirm{Question: q, OnYes: onYes})
}

// AskWith asks a question with a third answer.
func (e *Env) AskWith(c Confirm) tea.Cmd { e.asks = append(e.asks, Ask{Confirm: &c}); return nil }

// TakeAsks returns and forgets what pages asked: the root's to do.
func (e *Env) TakeAsks() []Ask {
	a := e.asks
	e.asks = nil
	return a
}

// Confirm is a yes/no question; onYes runs on the UI's goroutine (it may
// change state) and its Cmd after. Alt, if set, is a third answer (with
// the Confirm.Alt key).
type Confirm struct {
	Question string
	OnYes    func() tea.Cmd
	AltDesc  string
	OnAlt    func() tea.Cmd
	// OnNo, if set, runs when the answer is no.
	OnNo func() tea.Cmd
}

// Messages pages send the root, and the root sends pages.
type (
	// StatusMsg shows a line in the footer; Err makes it an error. A line
	// about a job names it (Job) and ends when the job settles; At is when
	// it was asked for, so one about a job that settled since is dropped.
	StatusMsg struct {
		Text string
		Err  error
		Job  string
		At   time.Time
	}
	// CloseMsg closes the page with this id, if it is still open (an
	// asynchronous answer may come after the person went elsewhere).
	CloseMsg struct{ ID int }
)

// Status shows a line.
func Status(s string) tea.Cmd { return func() tea.Msg { return StatusMsg{Text: s} } }

// Failed shows an error.
func Failed(err error) tea.Cmd { return func() tea.Msg { return StatusMsg{Err: err} } }

// JobStatus shows a line about a job; it ends when the job settles.
func JobStatus(id, s string) tea.Cmd {
	at := time.Now()
	return func() tea.Msg { return StatusMsg{Text: s, Job: id, At: at} }
}

// Close closes the page with id, wherever it is on the stack.
func Close(id int) tea.Cmd { return func() tea.Msg { return CloseMsg{id} } }

// PageMsg is a reply meant for one page; it is dropped when that page is
// gone, so a late answer never lands on the wrong screen.
type PageMsg interface{ ForPage() int }

// BroadcastMsg goes to every page on the stack, not just the top one: a
// change pages below may be showing (an upload aborted from its parts page
// is still listed on the uploads page under it).
type BroadcastMsg interface{ Broadcast() }

// UploadsChanged says the uploads of a bucket changed.
type UploadsChanged struct{ Bucket string }

// ObjectsChanged says a job wrote into a bucket.
type ObjectsChanged struct{ Bucket string }

func (UploadsChanged) Broadcast() {}
func (ObjectsChanged) Broadcast() {}

// Changed tells every page the uploads of a bucket changed.
func Changed(bucket string) tea.Cmd { return func() tea.Msg { return UploadsChanged{bucket} } }

// Bindings is a help.KeyMap made of a page's keys: Short for the footer,
// Full (in columns) for the ? screen.
type Bindings struct {
	Short []key.Binding
	Full  [][]key.Binding
}

func (b Bindings) ShortHelp() []key.Binding  { return b.Short }
func (b Bindings) FullHelp() [][]key.Binding { return b.Full }

// KeyOf is how a binding's key is written on screen ("R", "ctrl+s"):
// every hint names keys through it, so a rebind changes what the screen
// says.
func KeyOf(b key.Binding) string { return b.Help().Key }

// JobsChanged tells every page the job service has news: the jobs screens
// take a new snapshot.
type JobsChanged struct{}

func (JobsChanged) Broadcast() {}

// FilterClearer is a page that shows a kept filter: back (esc) clears it
// before it closes the page.
type FilterClearer interface {
	// ClearFilter clears the filter and reports whether there was one.
	ClearFilter() bool
}

// Guard is a page that has something to lose when it is closed: the root
// asks before closing it.
type Guard interface {
	// Unsaved is the question to ask before closing it ("" for none).
	Unsaved() string
}

// Stopper is a page with work of its own going on (a probe): back (esc)
// stops it before it closes the page.
type Stopper interface {
	// Stop stops the work and reports whether there was any; cmd says
	// what became of it.
	Stop() (cmd tea.Cmd, stopped bool)
}

// Located is a page about a place in a bucket: pages opened from above it
// (the provider's capabilities) take that place.
type Located interface {
	Location() (bucket, prefix string)
}

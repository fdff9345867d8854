// Package pagetest is what the page tests share: an environment without a
// root, key presses as a terminal delivers them, and a look at what a page
// asked of the root. Pages are tested here with small fakes in
// milliseconds; the flows against a real server are ui's own tests.
package pagetest

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"s3parts/keymap"
	"s3parts/ui/common"
	"s3parts/ui/route"
	"s3parts/ui/styles"
)

// Env is a session with the default keys, a dark palette and the clock
// now (tests take their times from the data they render).
func Env(t testing.TB) *common.Env {
	k := keymap.Default()
	st := styles.New(true)
	readOnly := false
	return &common.Env{Ctx: t.Context(), Styles: &st, Keys: &k, Now: time.Now,
		ReadOnly: func() bool { return readOnly }, Spin: func() string { return "*" }}
}

// ReadOnlyEnv is Env with read-only mode on.
func ReadOnlyEnv(t testing.TB) *common.Env {
	e := Env(t)
	e.ReadOnly = func() bool { return true }
	return e
}

// tick is how long a command may take before it is taken for a timer:
// fakes answer at once.
const tick = 100 * time.Millisecond

var named = map[string]rune{
	"enter": tea.KeyEnter, "tab": tea.KeyTab, "esc": tea.KeyEscape, "backspace": tea.KeyBackspace,
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
}

// Key is the key press a terminal delivers for s: "enter", "shift+tab",
// "ctrl+s", "space", or one character as typed.
func Key(s string) tea.KeyPressMsg {
	if code, ok := named[s]; ok {
		return tea.KeyPressMsg{Code: code}
	}
	switch {
	case s == "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case s == "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case strings.HasPrefix(s, "ctrl+") && len(s) == 6:
		return tea.KeyPressMsg{Code: rune(s[5]), Mod: tea.ModCtrl}
	}
	r := []rune(s)
	if len(r) != 1 {
		panic("pagetest.Key: no key " + s)
	}
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// Type sends each character of text as a key press to update.
func Type(update func(tea.Msg) tea.Cmd, text string) {
	for _, r := range text {
		update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// Run runs a command and its batches to their messages, as the program
// would. A command that has not answered within a tick is a timer (a
// cursor's blink): it is dropped, so tests do not wait for it.
func Run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	answer := make(chan tea.Msg, 1)
	go func() { answer <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-answer:
	case <-time.After(tick):
		return nil
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, Run(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// Feed runs cmd and hands the page each message it was meant to get (the
// root would route them there), until nothing is left; it returns the
// messages meant for the root (status lines, navigation).
func Feed(update func(tea.Msg) tea.Cmd, cmd tea.Cmd, id int) []tea.Msg {
	var root []tea.Msg
	queue := Run(cmd)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		if pm, ok := msg.(common.PageMsg); ok && pm.ForPage() == id {
			queue = append(queue, Run(update(msg))...)
			continue
		}
		root = append(root, msg)
	}
	return root
}

// Routes are the pages the page asked to open, in order.
func Routes(asks []common.Ask) []route.Route {
	var out []route.Route
	for _, a := range asks {
		if a.Go != nil {
			out = append(out, a.Go)
		}
	}
	return out
}

// Question is the question the page asked, if any.
func Question(asks []common.Ask) *common.Confirm {
	for _, a := range asks {
		if a.Confirm != nil {
			return a.Confirm
		}
	}
	return nil
}

// Errors are the error lines among msgs.
func Errors(msgs []tea.Msg) []string {
	var out []string
	for _, m := range msgs {
		if s, ok := m.(common.StatusMsg); ok && s.Err != nil {
			out = append(out, s.Err.Error())
		}
	}
	return out
}

// Frames times one frame (a key press and a redraw) of a page holding few
// rows against one holding many, alternating in one run so the machine's
// noise falls on both, and reports each and their ratio.
func Frames(b *testing.B, few, many func()) { FramesOf(b, "100", "100k", few, many) }

// FramesOf is Frames with the counts named in the metrics
// (ns/frame-100, ns/frame-10k).
func FramesOf(b *testing.B, fewName, manyName string, few, many func()) {
	var tFew, tMany time.Duration
	for b.Loop() {
		t := time.Now()
		few()
		tFew += time.Since(t)
		t = time.Now()
		many()
		tMany += time.Since(t)
	}
	n := float64(b.N)
	b.ReportMetric(float64(tFew.Nanoseconds())/n, "ns/frame-"+fewName)
	b.ReportMetric(float64(tMany.Nanoseconds())/n, "ns/frame-"+manyName)
	b.ReportMetric(float64(tMany)/float64(tFew), "ratio")
}

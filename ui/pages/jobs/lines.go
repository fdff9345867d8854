package jobs

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// lines is a scrolled text whose lines are made only when they come on
// screen: a job of 10,000 parts is 10,000 lines, and a frame or a key
// press must cost what the screen holds. The text is items (a line of
// the head, or a part), each wrapped at the width into one line or more;
// the view starts at line sub of item at, so it needs no count of the
// lines above it, and stays on its item when items change (a running
// job) or rewrap (a resize).
type lines struct {
	n      func() int                  // how many items
	item   func(i, width int) []string // item i, wrapped
	at     int
	sub    int
	width  int
	height int
}

// wrap renders text at width, as a viewport's content is: words wrapped,
// each line padded to the width.
func wrap(text string, width int) []string {
	if !strings.Contains(text, "\n") && ansi.StringWidth(text) <= width {
		return []string{text} // the view pads it
	}
	return strings.Split(lipgloss.NewStyle().Width(max(width, 1)).Render(text), "\n")
}

// start is the position, on an item that exists.
func (l *lines) start() (at, sub int) {
	n := l.n()
	at, sub = max(l.at, 0), max(l.sub, 0)
	if at >= n {
		at, sub = max(n-1, 0), 0
	}
	return at, sub
}

// walk collects up to limit lines from the position on, and the position
// of each.
func (l *lines) walk(limit int) (out []string, pos [][2]int) {
	n := l.n()
	at, sub := l.start()
	for i := at; i < n && len(out) < limit; i, sub = i+1, 0 {
		ls := l.item(i, l.width)
		for k := min(sub, len(ls)-1); k < len(ls) && len(out) < limit; k++ {
			out = append(out, ls[k])
			pos = append(pos, [2]int{i, k})
		}
	}
	return out, pos
}

// settle moves up when the screen is not full below the position (the
// text shrank, or the screen grew), as a viewport keeps its last line at
// the bottom.
func (l *lines) settle() {
	l.at, l.sub = l.start()
	if out, _ := l.walk(l.height); len(out) < l.height {
		l.up(l.height - len(out))
	}
}

// down scrolls k lines down, no further than the last line at the bottom.
func (l *lines) down(k int) {
	_, pos := l.walk(k + l.height)
	if move := min(k, len(pos)-l.height); move > 0 {
		l.at, l.sub = pos[move][0], pos[move][1]
	}
}

// up scrolls k lines up, no further than the first line.
func (l *lines) up(k int) {
	l.at, l.sub = l.start()
	for ; k > 0; k-- {
		switch {
		case l.sub > 0:
			l.sub = min(l.sub, len(l.item(l.at, l.width))) - 1
		case l.at > 0:
			l.at--
			l.sub = len(l.item(l.at, l.width)) - 1
		default:
			return
		}
	}
}

// top and bottom go to the first line and to the last screenful.
func (l *lines) top() { l.at, l.sub = 0, 0 }

func (l *lines) bottom() {
	n := l.n()
	if n == 0 {
		return
	}
	l.at = n - 1
	l.sub = len(l.item(l.at, l.width)) - 1
	l.up(l.height - 1)
}

// view is the screenful from the position, padded to the width and
// height.
func (l *lines) view() string {
	if l.width <= 0 || l.height <= 0 {
		return ""
	}
	out, _ := l.walk(l.height)
	return lipgloss.NewStyle().Width(l.width).Height(l.height).Render(strings.Join(out, "\n"))
}

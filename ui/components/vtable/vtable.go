// Package vtable draws the visible window of a long list: rendering costs
// what is on screen, not what is loaded.
package vtable

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"s3parts/keymap"
	"s3parts/model"
	"s3parts/ui/common"
	"s3parts/ui/styles"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// RowSource feeds a VTable one row at a time, so a page can hold 100,000
// items without turning them into strings: only the rows on screen are
// asked for. (bubbles' table needs every row as []string up front and
// allocates in proportion to the rows loaded on every move.)
type RowSource interface {
	Len() int
	// Cells returns row i's cells and the style for the whole row (the
	// zero style for none).
	Cells(i int) ([]string, lipgloss.Style)
}

// Column is one table column: a fixed width, or Flex to take what is left.
type Column struct {
	Title string
	Width int
	Flex  bool
	Right bool
	// HideBelow drops the column when the table is narrower than this,
	// so a small terminal keeps the columns that matter readable.
	HideBelow int
	// Drawn: the cells are drawn by s3parts itself (a progress bar, a
	// spinner) and may carry their own colours. Every other cell is data
	// — a key, an id, a message from a server — and is shown with its
	// control and bidi characters made visible (model.Visible).
	Drawn bool
	// Middle cuts a long cell in its middle, keeping the end: keys under
	// one long prefix and upload ids differ at their ends.
	Middle bool
	// Max caps a Flex column, so a wide terminal gives the room to the
	// other columns rather than to one that is already whole.
	Max int
	// Rest: a fixed column (Width) that also takes what the flex columns
	// leave once they are capped — a state or an error, read whole on a
	// wide terminal.
	Rest bool
}

// VTable draws the visible window of a RowSource with a cursor.
type VTable struct {
	Cols    []Column
	src     RowSource
	cursor  int
	offset  int
	width   int
	height  int // rows of data, without the header line
	focused bool
	styles  *styles.Styles
}

// New makes a table over src.
func New(st *styles.Styles, cols []Column, src RowSource) *VTable {
	return &VTable{Cols: cols, src: src, styles: st, focused: true}
}

// Height is the number of data rows shown.
func (t *VTable) Height() int { return t.height }

// Offset is the first row shown.
func (t *VTable) Offset() int { return t.offset }

// Len is the number of rows.
func (t *VTable) Len() int {
	if t.src == nil {
		return 0
	}
	return t.src.Len()
}

// SetSource swaps the rows (after a filter or a reload), keeping the
// cursor in range.
func (t *VTable) SetSource(src RowSource) { t.src = src; t.clamp() }

// SetSize gives the table its whole area, header line included.
func (t *VTable) SetSize(w, h int) { t.width, t.height = w, max(h-1, 1); t.clamp() }

// Focus shows the cursor as selected or not.
func (t *VTable) Focus(on bool) { t.focused = on }

// Cursor is the selected row, -1 when empty.
func (t *VTable) Cursor() int {
	if t.src == nil || t.src.Len() == 0 {
		return -1
	}
	return t.cursor
}

// SetCursor moves to row i.
func (t *VTable) SetCursor(i int) { t.cursor = i; t.clamp() }

// Move moves the cursor by n rows (negative is up).
func (t *VTable) Move(n int) { t.cursor += n; t.clamp() }

// Page is the number of rows a page up/down moves.
func (t *VTable) Page() int { return max(t.height-1, 1) }

// Home and End jump to the first and last rows.
func (t *VTable) Home() { t.cursor = 0; t.clamp() }
func (t *VTable) End() {
	if t.src != nil {
		t.cursor = t.src.Len() - 1
	}
	t.clamp()
}

// Click selects the row at line y of the table's area (0 is the header);
// it reports whether a row was hit.
func (t *VTable) Click(y int) bool {
	i := t.offset + y - 1
	if y < 1 || t.src == nil || i >= t.src.Len() {
		return false
	}
	t.cursor = i
	t.clamp()
	return true
}

func (t *VTable) clamp() {
	n := 0
	if t.src != nil {
		n = t.src.Len()
	}
	t.cursor = max(min(t.cursor, n-1), 0)
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	t.offset = max(min(t.offset, n-t.height), 0)
}

// visible lists the columns shown at the table's width.
func (t *VTable) visible() []int {
	var idx []int
	for i, c := range t.Cols {
		if t.width >= c.HideBelow {
			idx = append(idx, i)
		}
	}
	return idx
}

// widths spreads the width over the shown columns: fixed ones as asked
// (shrunk from the right when there is no room), flex ones share the rest.
func (t *VTable) widths(cols []int) []int {
	ws := make([]int, len(cols))
	gaps := len(cols) - 1
	fixed, flex := 0, 0
	for k, i := range cols {
		c := t.Cols[i]
		if c.Flex {
			flex++
			continue
		}
		ws[k] = c.Width
		fixed += c.Width
	}
	room := t.width - gaps - fixed
	// Capped flex columns first: what they leave goes to the others.
	for flex > 0 {
		each, capped := max(room/flex, 8), false
		for k, i := range cols {
			if c := t.Cols[i]; c.Flex && ws[k] == 0 && c.Max > 0 && c.Max < each {
				ws[k], room, flex, capped = c.Max, room-c.Max, flex-1, true
			}
		}
		if !capped {
			break
		}
	}
	if flex > 0 {
		each := max(room/flex, 8)
		for k, i := range cols {
			if t.Cols[i].Flex && ws[k] == 0 {
				ws[k] = each
			}
		}
		room -= each * flex
	}
	for k, i := range cols {
		if t.Cols[i].Rest && room > 0 {
			ws[k], room = ws[k]+room, 0
		}
	}
	for k := len(ws) - 1; k >= 0 && room < 0; k-- {
		cut := min(ws[k]-3, -room)
		if cut > 0 {
			ws[k] -= cut
			room += cut
		}
	}
	return ws
}

// View renders the header and the rows on screen only.
func (t *VTable) View() string {
	cols := t.visible()
	ws := t.widths(cols)
	var b strings.Builder
	hdr := make([]string, len(cols))
	for k, i := range cols {
		hdr[k] = common.Fit(t.Cols[i].Title, ws[k], t.Cols[i].Right)
	}
	b.WriteString(t.styles.TableHeader.Render(strings.Join(hdr, " ")))
	n := 0
	if t.src != nil {
		n = t.src.Len()
	}
	for r := t.offset; r < min(t.offset+t.height, n); r++ {
		cells, style := t.src.Cells(r)
		cursor := r == t.cursor
		parts := make([]string, len(cols))
		for k, i := range cols {
			v := ""
			if i < len(cells) {
				v = cells[i]
			}
			if !t.Cols[i].Drawn {
				v = model.Visible(v)
			}
			if cursor {
				// A cell's own colours (a progress bar) would end the
				// cursor's bar part-way: the cursor row is drawn plain.
				v = ansi.Strip(v)
			}
			if t.Cols[i].Middle {
				parts[k] = common.FitMiddle(v, ws[k])
			} else {
				parts[k] = common.Fit(v, ws[k], t.Cols[i].Right)
			}
			if !cursor && !strings.Contains(v, "\x1b") {
				parts[k] = style.Render(parts[k])
			}
		}
		line := strings.Join(parts, " ")
		switch {
		case cursor && t.focused:
			line = t.styles.Cursor.Render(line)
		case cursor:
			line = t.styles.CursorBlur.Render(line)
		}
		b.WriteString("\n" + line)
	}
	return b.String()
}

// MoveKey moves the cursor for the list keys (up, down, page up/down,
// home, end) and reports whether msg was one of them.
func (t *VTable) MoveKey(msg tea.KeyPressMsg, k keymap.List) bool {
	switch {
	case key.Matches(msg, k.Up):
		t.Move(-1)
	case key.Matches(msg, k.Down):
		t.Move(1)
	case key.Matches(msg, k.PageUp):
		t.Move(-t.Page())
	case key.Matches(msg, k.PageDown):
		t.Move(t.Page())
	case key.Matches(msg, k.Home):
		t.Home()
	case key.Matches(msg, k.End):
		t.End()
	default:
		return false
	}
	return true
}

package cli

import (
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"

	"s3parts/model"
)

// textTable collects rows and, on Flush, writes them in columns aligned by
// display width (text/tabwriter counts code points, so a Chinese or emoji
// key pushed its row out of line). Every cell is shown with its control
// and bidi characters made visible: a key holding "\n" must not forge a
// row.
type textTable struct {
	w    io.Writer
	rows [][]string
}

func newTable(w io.Writer) *textTable { return &textTable{w: w} }

// Row adds a row of cells.
func (t *textTable) Row(cells ...any) {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = model.Visible(fmt.Sprint(c))
	}
	t.rows = append(t.rows, row)
}

// Flush writes the table.
func (t *textTable) Flush() error {
	rows := t.rows
	t.rows = nil
	if len(rows) == 0 {
		return nil
	}
	out := table.New().Rows(rows...).Border(lipgloss.HiddenBorder()).
		BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).BorderHeader(false).BorderColumn(false).
		StyleFunc(func(_, col int) lipgloss.Style { return lipgloss.NewStyle().PaddingRight(2) }).Render()
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}

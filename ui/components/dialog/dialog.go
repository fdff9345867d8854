// Package dialog draws the yes/no question a page asked, its answers named
// from the bindings, centred over the screen.
package dialog

import (
	"charm.land/lipgloss/v2"

	"s3parts/keymap"
	"s3parts/model"
	"s3parts/ui/common"
	"s3parts/ui/styles"
)

// View draws the question c for a screen width wide. Long tokens (upload
// ids, URLs) are wrapped whole at spaces, never cut or broken at hyphens.
func View(st *styles.Styles, keys keymap.Confirm, c common.Confirm, width int) string {
	w := min(max(width-8, 24), 100)
	inner := w - st.Dialog.GetHorizontalFrameSize()
	q := common.WrapWords(model.Visible(c.Question), inner)
	answers := st.FooterKey.Render(common.KeyOf(keys.Yes)) + " yes   "
	if c.OnAlt != nil {
		answers += st.FooterKey.Render(common.KeyOf(keys.Alt)) + " " + c.AltDesc + "   "
	}
	answers += st.FooterKey.Render(common.KeyOf(keys.No)) + " no"
	return st.Dialog.Width(w).Render(q + "\n\n" + answers)
}

// Overlay centres box over the screen under it, w×h cells.
func Overlay(under, box string, w, h int) string {
	bw, bh := lipgloss.Width(box), lipgloss.Height(box)
	x, y := max((w-bw)/2, 0), max((h-bh)/2, 0)
	return lipgloss.NewCompositor(lipgloss.NewLayer(under), lipgloss.NewLayer(box).X(x).Y(y).Z(1)).Render()
}

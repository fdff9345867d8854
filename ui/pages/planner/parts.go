package planner

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/model"
	"s3parts/ui/common"
)

// partsKey edits the parts table: move, edit a range, split, merge, add,
// remove, and (going on with an upload) copy a stored part again.
func (p *Page) partsKey(msg tea.KeyPressMsg) tea.Cmd {
	pk := p.env.Keys.Planner
	i := p.table.Cursor()
	switch {
	case p.table.MoveKey(msg, p.env.Keys.List):
	case key.Matches(msg, pk.Add):
		p.editing, p.adding = true, true
		p.rangeIn.SetValue("")
		return p.rangeIn.Focus()
	case i < 0:
	case key.Matches(msg, pk.Edit):
		p.editing, p.adding = true, false
		p.rangeIn.SetValue(p.parts[i].Range.String())
		p.rangeIn.CursorEnd()
		return p.rangeIn.Focus()
	case key.Matches(msg, pk.Split):
		return p.split(i)
	case key.Matches(msg, pk.Merge):
		return p.merge(i)
	case key.Matches(msg, pk.Remove):
		p.parts = append(p.parts[:i:i], p.parts[i+1:]...)
		p.renumber()
	case key.Matches(msg, pk.Recopy) && p.upload != nil:
		n := p.parts[i].Number
		if _, ok := p.stored[n]; !ok {
			return common.Failed(fmt.Errorf("the upload holds no part %d: it is copied anyway", n))
		}
		if err := p.preset.Limits.CheckRecopy(n); err != nil && !p.recopy[n] {
			// The service refuses a second copy to a part number: say so
			// now, not as a 400 once started.
			return common.Failed(err)
		}
		if p.recopy == nil {
			p.recopy = map[int32]bool{}
		}
		p.recopy[n] = !p.recopy[n]
	}
	return nil
}

// editKey handles the range being typed: enter takes it, esc drops it.
func (p *Page) editKey(msg tea.KeyPressMsg) tea.Cmd {
	f := p.env.Keys.Form
	switch {
	case key.Matches(msg, f.Cancel):
		p.editing = false
		p.rangeIn.Blur()
		return nil
	case key.Matches(msg, f.Submit):
		r, err := model.ParseRange(p.rangeIn.Value())
		if err != nil {
			return common.Failed(err)
		}
		if p.adding {
			p.parts = append(p.parts, model.PlannedPart{Range: r})
			p.table.End()
		} else if i := p.table.Cursor(); i >= 0 {
			p.parts[i].Range = r
		}
		p.editing = false
		p.rangeIn.Blur()
		p.renumber()
		return nil
	}
	var cmd tea.Cmd
	p.rangeIn, cmd = p.rangeIn.Update(msg)
	return cmd
}

// split halves part i at a MiB boundary where it can.
func (p *Page) split(i int) tea.Cmd {
	r := p.parts[i].Range
	if r.Len() < 2 {
		return common.Failed(fmt.Errorf("part %d (%s) is too small to split", p.parts[i].Number, r))
	}
	mid := r.First + r.Len()/2
	if m := mid / model.MiB * model.MiB; m > r.First {
		mid = m
	}
	a, b := model.ByteRange{First: r.First, Last: mid - 1}, model.ByteRange{First: mid, Last: r.Last}
	p.parts = append(p.parts[:i+1], p.parts[i:]...)
	p.parts[i].Range, p.parts[i+1].Range = a, b
	p.renumber()
	return nil
}

// merge joins part i with the next when their ranges touch.
func (p *Page) merge(i int) tea.Cmd {
	if i+1 >= len(p.parts) {
		return common.Failed(fmt.Errorf("part %d is the last: nothing to merge it with", p.parts[i].Number))
	}
	a, b := p.parts[i].Range, p.parts[i+1].Range
	if a.Last+1 != b.First {
		return common.Failed(fmt.Errorf("parts %d (%s) and %d (%s) are not adjacent: their bytes cannot be one part", p.parts[i].Number, a, p.parts[i+1].Number, b))
	}
	p.parts[i].Range.Last = b.Last
	p.parts = append(p.parts[:i+1], p.parts[i+2:]...)
	p.renumber()
	return nil
}

// renumber numbers the parts in order after a hand edit.
func (p *Page) renumber() {
	for i := range p.parts {
		p.parts[i].Number = int32(i + 1)
	}
	p.custom, p.edited = true, true
	p.table.SetSource(p)
	p.validate()
}

// replan cuts the source into parts from the part size field; hand-edited
// parts are left alone.
func (p *Page) replan() {
	if p.info == nil || p.custom {
		return
	}
	size, err := p.partSize()
	if err != nil {
		return
	}
	if p.single() {
		p.parts = model.WholePart(p.info.Size) // one CopyObject: the whole source
	} else if parts, err := model.SplitParts(p.info.Size, size, p.preset.Limits); err == nil {
		p.parts = parts
	}
	p.table.SetSource(p)
}

// partsSummary says what the part size makes: "3 parts of 6 MiB, the last
// 5 B".
func partsSummary(parts []model.PlannedPart) string {
	if len(parts) == 0 {
		return ""
	}
	first, last := parts[0].Range.Len(), parts[len(parts)-1].Range.Len()
	if len(parts) == 1 || first == last {
		return fmt.Sprintf("%s of %s", common.Count(len(parts), "part"), common.FmtSize(first))
	}
	return fmt.Sprintf("%s of %s, the last %s", common.Count(len(parts), "part"), common.FmtSize(first), common.FmtSize(last))
}

func planBytes(parts []model.PlannedPart) int64 {
	var n int64
	for _, pt := range parts {
		n += pt.Range.Len()
	}
	return n
}

// Len and Cells make the parts a RowSource.
func (p *Page) Len() int { return len(p.parts) }

func (p *Page) Cells(i int) ([]string, lipgloss.Style) {
	pt := p.parts[i]
	s, rk := p.env.Styles, common.KeyOf(p.env.Keys.Planner.Recopy)
	note, st := "", lipgloss.Style{}
	if p.info != nil && pt.Range.First == 0 && pt.Range.Last == p.info.Size-1 {
		note = "whole object: no range header"
	}
	if stored, ok := p.stored[pt.Number]; ok {
		switch {
		case p.recopy[pt.Number]:
			note, st = "in the upload: copied again ("+rk+" keeps it)", s.Warn
		case stored.Size == pt.Range.Len():
			note, st = "in the upload: kept if its bytes match (checked at start) · "+rk+" copies it again", s.OK
		default:
			note, st = fmt.Sprintf("upload holds %s here: replaced", common.FmtSize(stored.Size)), s.Warn
		}
	}
	if pt.Number == p.badPart {
		note, st = p.planErr, s.Err
	}
	return []string{fmt.Sprint(pt.Number), pt.Range.String(), common.FmtSize(pt.Range.Len()), note}, st
}

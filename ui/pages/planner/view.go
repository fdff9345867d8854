package planner

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"s3parts/model"
	"s3parts/provider"
	"s3parts/ui/common"
)

// View draws the fields, the message lines, the parts and the request
// preview at the sizes layout gave them.
func (p *Page) View() string {
	s := p.env.Styles
	var b strings.Builder
	line := func(text string) { b.WriteString(common.Fit(text, p.width, false) + "\n") }
	label := p.label
	src := label(fSource) + " "
	switch {
	case p.source.Bucket == "" || p.focus == fSource:
		src += p.inputs[fSource].View()
	case p.info != nil:
		// The source whole (a version id cut would hide which version is
		// copied); what is said of it as room allows.
		name := common.FitMiddle(model.Visible(p.source.String()), max(p.width-labelWidth-1, 10))
		src += s.Value.Render(strings.TrimRight(name, " "))
		if room := p.width - lipgloss.Width(src) - 2; room > 10 {
			src += s.Dim.Render("  " + common.Fit(fmt.Sprintf("%s · ETag %s · %s", common.FmtSize(p.info.Size), p.info.ETag, common.FmtTime(p.info.LastModified)), room, false))
		}
	default:
		src += s.Value.Render(p.source.String()) + s.Dim.Render("  reading…")
	}
	line(src)
	bucket := label(fDestBucket) + " " + p.inputs[fDestBucket].View()
	switch v := p.bucket.versioning; {
	case p.bucket.pending:
		bucket += s.Dim.Render("  checking…")
	case p.bucket.done && p.bucket.err == nil && v == "Enabled":
		bucket += s.Dim.Render("  versioned")
	}
	line(bucket)
	line(label(fDestKey) + " " + p.inputs[fDestKey].View())
	ps := label(fPartSize) + " " + p.inputs[fPartSize].View()
	if _, bad := p.errs[fPartSize]; p.info != nil && !bad {
		if p.custom {
			ps += s.Dim.Render(fmt.Sprintf("  → %s, %s", p.partsText(), common.FmtSize(planBytes(p.parts))))
			if p.focus == fPartSize {
				ps += s.Warn.Render(" · " + common.KeyOf(p.env.Keys.Form.Submit) + " replaces them (asked)")
			}
		} else if p.single() {
			ps += s.Dim.Render("  → none: one CopyObject copies the whole source")
		} else if size, _ := p.partSize(); size == 0 && len(p.parts) > 0 {
			// Auto: why this size, in the words of --dry-run.
			ps += s.Dim.Render("  → " + model.ExplainPartSize(p.info.Size, p.preset.Limits))
		} else if len(p.parts) > 0 {
			ps += s.Dim.Render("  → " + partsSummary(p.parts))
		}
	}
	line(ps)
	cw := label(fCopyWith) + " " + p.inputs[fCopyWith].View()
	if _, bad := p.errs[fCopyWith]; !bad {
		if t := p.copyWithText(); t != "" {
			cw += s.Dim.Render("  → " + t)
		}
	}
	line(cw)
	fl := label(fInFlight) + " " + p.inputs[fInFlight].View()
	switch _, bad := p.errs[fInFlight]; {
	case bad || len(p.parts) == 0:
	case p.single():
		fl += s.Dim.Render("  → one request")
	default:
		fl += s.Dim.Render("  → " + p.inFlightText())
	}
	line(fl)
	for _, f := range []int{fIfMatch, fIfNoneMatch, fIfModSince, fIfUnmodSince} {
		line(label(f) + " " + p.inputs[f].View())
	}
	for _, l := range p.targetLines() {
		b.WriteString(l + "\n") // fitted or wrapped already
	}
	for _, m := range p.messages() {
		b.WriteString(m + "\n")
	}
	b.WriteString(lipgloss.NewStyle().Height(p.table.Height() + 1).MaxHeight(p.table.Height() + 1).Render(p.table.View()))
	b.WriteString("\n" + p.requestPreview())
	// At the least height (the new object's fields open) the preview
	// gives way: its last lines are left out rather than the page's.
	lines := strings.Split(b.String(), "\n")
	if p.height > 0 && len(lines) > p.height {
		lines = lines[:p.height]
	}
	return strings.Join(lines, "\n")
}

// label is field i's label, padded to line the fields up: bright when
// focused, red when wrong.
func (p *Page) label(i int) string {
	s := p.env.Styles
	l := fieldLabels[i] + strings.Repeat(" ", labelWidth-lipgloss.Width(fieldLabels[i]))
	if p.focus == i {
		return s.Title.Render(l)
	}
	if _, bad := p.errs[i]; bad {
		return s.Err.Render(l)
	}
	return s.Label.Render(l)
}

// messageLines is how many lines messages take.
func (p *Page) messageLines() int {
	n := 0
	for _, m := range p.messages() {
		n += lipgloss.Height(m)
	}
	return n
}

// messages are the lines between the fields and the parts: the range being
// typed, or the first problem (the focused field's first), or a warning,
// or what starting would do; then what S3's rules make of the conditions
// set together.
func (p *Page) messages() []string {
	s := p.env.Styles
	var first string
	msg := ""
	if e, ok := p.errs[p.focus]; ok {
		msg = "✗ " + fieldLabels[p.focus] + ": " + e
	} else {
		for i := 0; i < fParts && msg == ""; i++ {
			if e, ok := p.errs[i]; ok {
				msg = "✗ " + fieldLabels[i] + ": " + e
			}
		}
	}
	start := common.KeyOf(p.env.Keys.Planner.Start)
	// Problems and warnings are read whole: wrapped, not cut.
	wrap := func(st lipgloss.Style, text string) string {
		return st.Render(common.WrapWords(common.OneLine(text), max(p.width, 20)))
	}
	switch {
	case p.editing:
		first = common.Fit(p.rangeIn.View(), p.width, false)
	case msg != "":
		first = wrap(s.Err, msg)
	case p.planErr != "":
		first = wrap(s.Err, "✗ "+p.planErr)
	case p.info != nil && p.warning() != "":
		first = wrap(s.Warn, "⚠ "+p.warning())
	case p.info != nil && p.env.ReadOnly != nil && p.env.ReadOnly():
		first = wrap(s.Warn, "✓ the plan meets every rule · read-only: turn it off with "+common.KeyOf(p.env.Keys.Global.ReadOnly)+" to start")
	case p.info != nil && p.bucket.pending:
		first = s.Dim.Render("checking bucket " + p.bucket.name + "…")
	case p.info != nil:
		ok := "✓ the plan meets every rule of the " + p.preset.Name + " provider · " + start + " starts it"
		if extra := p.unusedStored(); extra != "" {
			ok += " · the upload also holds part " + extra + ", which the object leaves out (asked at start)"
		}
		first = wrap(s.OK, ok)
	}
	out := []string{first}
	if p.focus == fCopyWith {
		out = append(out, wrap(s.Dim, "ⓘ copy with: auto (one CopyObject under the "+common.FmtSize(p.preset.SingleCopyBelow)+
			" multipart threshold, else parts), one (one CopyObject of the whole source, up to 5 GiB: no upload, no parts), or parts"))
	}
	if needs := p.needs(); needs != "" {
		out = append(out, wrap(s.Dim, "ⓘ "+needs))
	}
	c, _ := p.conditions()
	if p.preset.ConditionsUnverified && !c.IsZero() {
		out = append(out, wrap(s.Warn, "ⓘ this endpoint may not enforce copy-source conditions ("+p.rules+
			"): s3parts reads the source's ETag again before and after completing instead"))
	} else if p.rules != "" {
		out = append(out, wrap(s.Dim, "ⓘ rules: "+p.rules))
	}
	if t, _ := p.target(); p.info != nil && !p.attrs.TagsRead && t.Tagging == model.TagsNone {
		out = append(out, wrap(s.Warn, "ⓘ the source's tags could not be read ("+p.attrs.TagsError+"): the new object gets none"))
	}
	for _, e := range c.Explain() {
		// The rules are read whole: wrapped, not cut.
		out = append(out, wrap(s.Dim, "ⓘ "+e))
	}
	return out
}

// needs says what the provider asks of a plan beyond part sizes, when it
// asks anything: "parts must be equal, the last no larger (r2)", and how
// many parts it lets run at once on one object.
func (p *Page) needs() string {
	out := p.preset.Limits.Needs()
	if n := p.preset.MaxConcurrency; n > 0 {
		out = append(out, fmt.Sprintf("at most %d part copies in flight (%s)", n, p.preset.Name))
	}
	return strings.Join(out, " · ")
}

// inFlightText says what the in-flight setting will do, in the words of
// the copy command's --dry-run.
func (p *Page) inFlightText() string {
	n, _ := p.inFlight()
	parts := len(p.parts)
	if n > 0 {
		at := min(p.preset.CapConcurrency(n), parts)
		if capped := p.preset.CapConcurrency(n); capped < n {
			return fmt.Sprintf("%d at once (the %s provider allows %d)", at, p.preset.Name, capped)
		}
		return fmt.Sprintf("%d at once", at)
	}
	start := min(model.AutoInFlight, parts, p.preset.CapConcurrency(model.AutoInFlight))
	most := min(p.preset.CapConcurrency(provider.DefaultMaxConcurrency), parts)
	if most <= start {
		return fmt.Sprintf("found while copying: %d (every part at once)", start)
	}
	return fmt.Sprintf("found while copying: from %d, up to %d while the rate rises, fewer when the service asks", start, most)
}

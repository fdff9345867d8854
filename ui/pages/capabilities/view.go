package capabilities

import (
	"fmt"
	"strings"
	"time"

	"s3parts/model"
	"s3parts/ui/common"
)

// endpoint names the endpoint for a person: its URL, or AWS and region.
func (p *Page) endpoint() string {
	if ep := p.client.Endpoint(); ep != "" {
		return model.Visible(ep)
	}
	return "AWS " + p.client.Region()
}

// View draws the top lines and the facts or the checks. It changes
// nothing.
func (p *Page) View() string {
	s := p.env.Styles
	row := func(label, value string) string {
		return common.Fit(s.Label.Render(fmt.Sprintf("%-9s", label))+" "+value, p.width, false)
	}
	lines := []string{
		row("preset", s.Value.Render(p.client.Guess().Name)),
		row("endpoint", p.endpoint()),
		row("probed", p.probedLine()),
		row("probe", p.probeLine()),
	}
	b := strings.Join(lines, "\n") + "\n"
	if p.table().Len() == 0 {
		empty := "no probe has run here: " + common.KeyOf(p.env.Keys.Capabilities.Probe) + " runs one"
		if p.cancel != nil {
			empty = "waiting for the first check…"
		}
		return b + s.Dim.Render(p.table().View()+"\n"+empty)
	}
	return b + p.table().View()
}

// probedLine says when the probe in use ran, or that none did.
func (p *Page) probedLine() string {
	s := p.env.Styles
	r := p.report
	if r == nil {
		return s.Warn.Render("never probed: the values below are the preset's guesses")
	}
	where := "without a bucket"
	if r.Bucket != "" {
		where = "in " + model.Visible(model.Ref{Bucket: r.Bucket, Key: r.Prefix}.String())
	}
	ago := common.FmtAge(p.env.Now(), r.Taken) + " ago"
	if ago == "now ago" {
		ago = "just now"
	}
	line := fmt.Sprintf("%s (%s, took %s, %s, %s)", common.FmtTime(r.Taken)+" UTC", ago, took(time.Duration(r.Took)), where, tally(r.Checks))
	if r.ReadOnly {
		line += " · read-only: write checks skipped"
	}
	return line
}

// probeLine is what the probe key would do, or how far the running probe
// is.
func (p *Page) probeLine() string {
	s, k := p.env.Styles, p.env.Keys
	switch {
	case p.stopping:
		return s.Running.Render(p.env.Spin() + " cancelling: removing what the probe made…")
	case p.cancel != nil:
		return s.Running.Render(fmt.Sprintf("%s probing… %s done", p.env.Spin(), common.Count(len(p.live), "check"))) +
			s.Dim.Render(" · "+common.KeyOf(k.Global.Back)+" cancels")
	}
	line := common.KeyOf(k.Capabilities.Probe) + " probes in " + model.Visible(p.where()) + " (a scratch prefix, removed after)"
	if p.o.Bucket == "" {
		line = s.Warn.Render("open a bucket first to run all checks") + " · " + common.KeyOf(k.Capabilities.Probe) + " runs those that need none"
	}
	if p.client.ReadOnly() {
		line += " · read-only: only read checks run"
	}
	return line
}

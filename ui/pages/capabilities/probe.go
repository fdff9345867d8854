package capabilities

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"s3parts/model"
	"s3parts/provider"
	"s3parts/ui/common"
)

// A probe runs in the background: its checks arrive one by one through a
// channel a listening command re-arms after each (superfile's processbar
// shape), and its end as one message. Both are addressed to this page and
// to the run, so the answers of a closed page or an older run are dropped.

type (
	probeProgress struct {
		id, run int
		check   provider.Check
		ch      <-chan provider.Check
	}
	probeDone struct {
		id, run int
		report  provider.ProbeReport
		err     error
		// cancelled: the person stopped it (esc); saveErr: the report
		// could not be kept for later runs.
		cancelled bool
		saveErr   error
	}
)

func (m probeProgress) ForPage() int { return m.id }
func (m probeDone) ForPage() int     { return m.id }

// where names the place the probe makes its scratch prefix.
func (p *Page) where() string {
	return model.Ref{Bucket: p.o.Bucket, Key: p.o.Prefix}.String()
}

// ask asks before a probe: what it makes and removes, and where.
func (p *Page) ask() tea.Cmd {
	if p.cancel != nil {
		return common.Status("a probe is running: " + common.KeyOf(p.env.Keys.Global.Back) + " cancels it")
	}
	q := fmt.Sprintf("Probe %s? ", p.endpoint())
	if p.o.Bucket == "" {
		q += "No bucket is open: only the checks that need no bucket run (open a bucket first to run all checks)."
	} else {
		q += fmt.Sprintf("The probe creates and removes a scratch prefix .s3parts-probe-… in %s; in read-only mode only read checks run.", p.where())
	}
	if p.client.ReadOnly() {
		q += " Read-only mode is on: only read checks run."
	}
	return p.env.Ask(q, p.start)
}

// start runs a probe in the background.
func (p *Page) start() tea.Cmd {
	p.run++
	ctx, cancel := context.WithCancel(p.env.Ctx)
	p.cancel, p.stopping, p.live = cancel, false, nil
	p.checkTable.SetSource(checkRows{p})
	// Roomy: a send never waits (the listener may be gone with the page).
	ch := make(chan provider.Check, 256)
	c, save, o, id, run := p.client, p.o.Save, p.o, p.id, p.run
	probe := func() tea.Msg {
		defer close(ch)
		r, err := c.RunProbe(ctx, provider.ProbeOptions{Bucket: o.Bucket, Prefix: o.Prefix, Progress: func(k provider.Check) {
			select {
			case ch <- k:
			default:
			}
		}})
		d := probeDone{id: id, run: run, report: r, err: err, cancelled: ctx.Err() != nil}
		if err == nil && !d.cancelled && save != nil {
			d.report.Key = cmp.Or(d.report.Key, c.ProbeKey())
			d.saveErr = save(d.report)
		}
		return d
	}
	return tea.Batch(probe, listen(id, run, ch))
}

// listen waits for the next check the probe finishes.
func listen(id, run int, ch <-chan provider.Check) tea.Cmd {
	return func() tea.Msg {
		k, ok := <-ch
		if !ok {
			return nil
		}
		return probeProgress{id: id, run: run, check: k, ch: ch}
	}
}

// Stop cancels a running probe (back does this before it closes the
// page); the probe removes what it made before it answers.
func (p *Page) Stop() (tea.Cmd, bool) {
	if p.cancel == nil {
		return nil, false
	}
	if !p.stopping {
		p.cancel()
		p.stopping = true
	}
	return common.Status("cancelling the probe: it removes what it made first"), true
}

// done takes a probe's end: its report is used and kept, or what went
// wrong is said, with anything it left behind.
func (p *Page) done(d probeDone) tea.Cmd {
	p.cancel()
	p.cancel, p.stopping, p.live = nil, false, nil
	left := ""
	if n := len(d.report.Leftovers); n > 0 {
		left = fmt.Sprintf("; left behind (remove by hand): %s", strings.Join(d.report.Leftovers, ", "))
	}
	switch {
	case d.cancelled:
		p.checkTable.SetSource(checkRows{p})
		switch {
		case left != "":
			return common.Failed(errors.New("probe cancelled" + left))
		case p.o.Bucket == "":
			return common.Status("probe cancelled")
		}
		return common.Status("probe cancelled; scratch objects removed")
	case d.err != nil:
		p.checkTable.SetSource(checkRows{p})
		err := d.err
		if !strings.HasPrefix(err.Error(), "probe") {
			err = fmt.Errorf("probe: %w", err)
		}
		if left != "" {
			err = fmt.Errorf("%w%s", err, left)
		}
		return common.Failed(err)
	}
	p.client.UseProbe(d.report)
	p.load()
	if d.saveErr != nil {
		return common.Failed(fmt.Errorf("probe done and in use, but not kept for later runs: %w%s", d.saveErr, left))
	}
	if left != "" {
		return common.Failed(errors.New("probe done and in use" + left))
	}
	return common.Status(fmt.Sprintf("probe done: %s · in use now and kept for later runs · %s shows the checks",
		tally(d.report.Checks), common.KeyOf(p.env.Keys.Capabilities.Checks)))
}

// tally counts the outcomes: "18 ✓ 2 ✗ 1 ? 3 –".
func tally(cs []provider.Check) string {
	n := map[provider.Outcome]int{}
	for _, c := range cs {
		n[c.Outcome]++
	}
	var out []string
	for _, o := range []provider.Outcome{provider.Yes, provider.No, provider.Unknown, provider.Skipped} {
		if n[o] > 0 {
			out = append(out, fmt.Sprintf("%d %s", n[o], o.Mark()))
		}
	}
	if len(out) == 0 {
		return "no checks"
	}
	return strings.Join(out, " ")
}

// took is a probe's duration for a person, to the tenth of a second.
func took(d time.Duration) string { return d.Round(100 * time.Millisecond).String() }

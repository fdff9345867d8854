package workbench

import (
	"errors"
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/journal"
	"s3parts/model"
	"s3parts/provider"
	"s3parts/ui/common"
)

// Cleaning up: uploads are marked, asked about once (count, bytes,
// buckets), then aborted a few at a time through the job service, which
// refuses one a running job is copying into: those are skipped, never
// aborted. Each answer updates its row and the totals as it comes.

type (
	aborted struct {
		id, run int
		u       model.HeldUpload
		res     jobs.UploadResult
		err     error
	}
	ruleAdded struct {
		id     int
		bucket string
		change provider.LifecycleChange
		err    error
	}
)

func (m aborted) ForPage() int   { return m.id }
func (m ruleAdded) ForPage() int { return m.id }

// abortRun is the clean-up going on, or the last one.
type abortRun struct {
	run, asked, left      int
	done, skipped, failed int
	freed                 int64
}

// toggle marks or unmarks one upload.
func (p *Page) toggle(e *entry) {
	if p.marked[keyOf(e.HeldUpload)] != nil {
		delete(p.marked, keyOf(e.HeldUpload))
	} else {
		p.marked[keyOf(e.HeldUpload)] = e
	}
	p.setTop()
}

// markAll marks the rows given, or unmarks them when every one is marked
// already.
func (p *Page) markAll(rows []int) {
	all := true
	for _, i := range rows {
		all = all && p.marked[keyOf(p.all[i].HeldUpload)] != nil
	}
	for _, i := range rows {
		if e := p.all[i]; all {
			delete(p.marked, keyOf(e.HeldUpload))
		} else {
			p.marked[keyOf(e.HeldUpload)] = e
		}
	}
	p.setTop()
}

// targets are the marked uploads in list order, else the one selected.
func (p *Page) targets() []model.HeldUpload {
	var out []model.HeldUpload
	for _, e := range p.all {
		if p.marked[keyOf(e.HeldUpload)] != nil {
			out = append(out, e.HeldUpload)
		}
	}
	if len(out) == 0 && !p.onBuckets {
		if e := p.selected(); e != nil {
			out = append(out, e.HeldUpload)
		}
	}
	return out
}

// holding says what uploads hold: "3 uploads holding 3.4 GiB in 2
// buckets", "at least" while some are not sized.
func holding(ups []model.HeldUpload) (string, model.Totals) {
	var t model.Totals
	var buckets []string
	for _, u := range ups {
		t.Add(u)
		if !slices.Contains(buckets, u.Bucket) {
			buckets = append(buckets, u.Bucket)
		}
	}
	size := common.FmtSize(t.Bytes)
	if t.Unsized > 0 {
		size = fmt.Sprintf("at least %s (%d not sized yet)", size, t.Unsized)
	}
	return fmt.Sprintf("%s holding %s in %s", common.Count(t.Uploads, "upload"), size, common.Count(len(buckets), "bucket")), t
}

// askAbort asks once before aborting the marked uploads (or the one
// selected).
func (p *Page) askAbort() tea.Cmd {
	if refused := p.env.RefuseWrite(); refused != nil {
		return refused
	}
	if p.abort.left > 0 {
		return common.Status(fmt.Sprintf("still aborting: %d of %d to go", p.abort.left, p.abort.asked))
	}
	ups := p.targets()
	if len(ups) == 0 {
		return common.Status("nothing to abort: " + common.KeyOf(p.env.Keys.Workbench.Mark) + " marks an upload")
	}
	what, _ := holding(ups)
	q := "abort " + what + "? Their parts are deleted and cannot be recovered."
	if len(ups) == 1 {
		q = "abort " + what + "? Its parts are deleted and cannot be recovered."
	}
	owned := 0
	for _, u := range ups {
		if u.Job != "" {
			owned++
		}
	}
	if owned > 0 {
		verb := "is"
		if owned > 1 {
			verb = "are"
		}
		q += fmt.Sprintf(" %s %s owned by s3parts jobs: one a job is copying into is skipped.", common.Count(owned, "upload"), verb)
	}
	return p.env.Ask(q, func() tea.Cmd { return p.startAborts(ups) })
}

// startAborts aborts uploads, Aborts at a time.
func (p *Page) startAborts(ups []model.HeldUpload) tea.Cmd {
	p.abort = abortRun{run: p.abort.run + 1, asked: len(ups), left: len(ups)}
	slots := make(chan struct{}, p.o.Aborts)
	ctx, j, id, run := p.env.Ctx, p.jobs, p.id, p.abort.run
	cmds := make([]tea.Cmd, len(ups))
	for i, u := range ups {
		cmds[i] = func() tea.Msg {
			slots <- struct{}{}
			defer func() { <-slots }()
			res, err := j.AbortHeld(ctx, u)
			return aborted{id, run, u, res, err}
		}
	}
	return tea.Batch(cmds...)
}

// aborted takes one answer: an aborted upload leaves the list; a skipped
// or failed one stays, saying why.
func (p *Page) aborted(m aborted) tea.Cmd {
	if m.run != p.abort.run {
		return nil
	}
	p.abort.left--
	k := keyOf(m.u)
	e := p.index[k]
	delete(p.marked, k)
	var none *jobs.NoUploadError
	var locked *journal.LockedError
	note, failed := "", false
	switch {
	case errors.Is(m.err, jobs.ErrRunning) || errors.As(m.err, &locked):
		p.abort.skipped++
		note = "skipped: " + m.err.Error()
	case errors.As(m.err, &none):
		p.abort.skipped++
		p.remove(k) // gone already (completed or aborted since it was listed)
	case m.err != nil:
		p.abort.failed++
		note, failed = "failed: "+provider.Classify("AbortMultipartUpload", m.err).Message, true
	default:
		p.abort.done++
		p.abort.freed += m.res.Held.Bytes
		p.remove(k)
	}
	if e != nil && note != "" {
		e.note, e.failed = note, failed
	}
	p.setTop()
	if p.abort.left > 0 {
		return nil
	}
	return p.summary()
}

// summary says what the clean-up did, in the words of `s3parts abort`.
func (p *Page) summary() tea.Cmd {
	a := p.abort
	s := fmt.Sprintf("aborted %d of %s, %s freed", a.done, common.Count(a.asked, "upload"), common.FmtSize(a.freed))
	if a.skipped > 0 {
		s += fmt.Sprintf("; %d skipped", a.skipped)
	}
	if a.failed > 0 {
		return common.Failed(fmt.Errorf("%s; %d failed (each says why in its row)", s, a.failed))
	}
	return common.Status(s)
}

// remove drops an upload from the list and the totals.
func (p *Page) remove(k ukey) {
	if p.index[k] == nil {
		return
	}
	delete(p.index, k)
	p.all = slices.DeleteFunc(p.all, func(e *entry) bool { return keyOf(e.HeldUpload) == k })
	p.recount()
}

// askRule asks before adding the rule that aborts a bucket's incomplete
// uploads, or says why there is none to add.
func (p *Page) askRule(bucket string) tea.Cmd {
	b := p.buckets[bucket]
	if b == nil {
		return nil
	}
	pre := p.client.Preset()
	switch {
	case pre.StaleUploadExpiry > 0:
		return common.Status(fmt.Sprintf("%s purges incomplete uploads by itself %s after they start: s3parts adds no lifecycle rule there",
			pre.Name, model.FormatAge(pre.StaleUploadExpiry)))
	case b.RuleErr == provider.NoLifecycle:
		return common.Failed(fmt.Errorf("bucket %s: unsupported: %s, so no rule can abort its incomplete uploads", bucket, provider.NoLifecycle))
	case b.Rule != nil && b.Rule.Enabled && b.Rule.Prefix == "":
		return common.Status(fmt.Sprintf("bucket %s already has rule %q, which aborts incomplete uploads after %d days: nothing to add", bucket, b.Rule.ID, b.Rule.Days))
	}
	if refused := p.env.RefuseWrite(); refused != nil {
		return refused
	}
	r := provider.NewAbortRule(p.o.RuleDays)
	q := fmt.Sprintf("add lifecycle rule %s to bucket %s: abort incomplete uploads %d days after they start; every other rule of the bucket is kept?",
		r.ID, bucket, r.Days)
	ctx, c, id, days := p.env.Ctx, p.client, p.id, r.Days
	return p.env.Ask(q, func() tea.Cmd {
		return func() tea.Msg {
			ch, err := c.AddAbortRule(ctx, bucket, days)
			return ruleAdded{id, bucket, ch, err}
		}
	})
}

func (p *Page) ruleAdded(m ruleAdded) tea.Cmd {
	if m.err != nil {
		return common.Failed(m.err)
	}
	if b := p.buckets[m.bucket]; b != nil {
		r := m.change.Rule
		b.Rule, b.RuleErr = &r, ""
	}
	return common.Status(fmt.Sprintf("added lifecycle rule %s to bucket %s: incomplete uploads are aborted %d days after they start; %s kept",
		m.change.Rule.ID, m.bucket, m.change.Rule.Days, common.Count(m.change.Kept, "other rule")))
}

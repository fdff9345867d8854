package jobs

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/provider"
	"s3parts/ui/common"
)

// View draws the count, the jobs, the selected job's line, its parts and
// the lines under them. It changes nothing: the jobs are the snapshot
// Update took, and the parts of the selected one are read as they are
// drawn (the service keeps them; only those on screen are read).
func (p *Page) View() string {
	s := p.env.Styles
	if len(p.infos) == 0 {
		return s.Dim.Render(fmt.Sprintf("no jobs running or unfinished: pick an object and press %s to plan a copy · "+
			"finished jobs stay in the journal (s3parts jobs --all)", common.KeyOf(p.env.Keys.Objects.Copy)))
	}
	var b strings.Builder
	top := common.Count(len(p.infos), "job")
	if p.filter.Value() != "" {
		top = fmt.Sprintf("%d of %s match", len(p.shown), top)
	}
	b.WriteString(common.Fit(s.Dim.Render(top), p.width, false) + "\n")
	if p.filtering || p.filter.Value() != "" {
		b.WriteString(p.filter.View() + "\n")
	}
	b.WriteString(p.jobsList.View() + "\n")
	in := p.job()
	if in == nil {
		clear := p.env.Keys.Global.Back // a kept filter: back clears it
		if p.filtering {
			clear = p.env.Keys.Form.Cancel
		}
		return b.String() + s.Dim.Render("nothing matches the filter ("+common.KeyOf(clear)+" clears it)")
	}
	b.WriteString(common.Fit(s.Label.Render(model.Visible(p.jobLine(in))), p.width, false) + "\n")
	b.WriteString(p.parts.View() + "\n")
	if p.edit.on {
		return b.String() + p.edit.view(p.env, p.width)
	}
	b.WriteString(p.under(in))
	return b.String()
}

// jobLine says what the selected job is; a running job's phase comes
// first, so a cut at the end keeps it.
func (p *Page) jobLine(in *jobs.Info) string {
	j := in.Job
	how := "upload " + cmp.Or(j.UploadID, "-")
	if j.Plan.Single {
		how = "one CopyObject"
	}
	line := fmt.Sprintf("job %s · %s → %s · %s · %s", j.ID, j.Plan.Source, j.Plan.Dest,
		cmp.Or(j.Plan.Conditions.String(), "no conditions"), how)
	if !in.Active {
		return line
	}
	phase := string(in.Phase)
	if in.Phase == provider.PhaseCompleting || in.Phase == provider.PhaseVerifying {
		phase += " (waiting for the server, " + p.env.Now().Sub(in.PhaseSince).Round(time.Second).String() + ")"
	}
	if f := in.Flow.String(); f != "" {
		phase += " · " + f // how many parts at once, and why
	}
	return phase + " · " + line
}

// under is the two lines under the parts: the selected part's error in
// full, or the job's outcome with the keys that go on from it.
func (p *Page) under(in *jobs.Info) string {
	s, k := p.env.Styles, p.env.Keys.Jobs
	j := in.Job
	wrap := func(st lipgloss.Style, text string) string {
		return lipgloss.NewStyle().Width(p.width).MaxHeight(2).Render(st.Render(common.OneLine(text)))
	}
	switch pt := p.part(in); {
	case in.SourceChanged && !p.onParts && j.UploadID != "":
		return wrap(s.Err, fmt.Sprintf("the source changed mid-copy (its If-Match failed); nothing was completed · %s discards the upload, then copy the new version",
			common.KeyOf(k.Abort)))
	case len(in.FailedConditions) > 0 && !p.onParts && j.UploadID != "":
		return wrap(s.Err, fmt.Sprintf("the source does not meet %s: parts were refused (412) · %s on a failed part edits the conditions · %s discards the upload",
			strings.Join(in.FailedConditions, " and "), common.KeyOf(k.EditPart), common.KeyOf(k.Abort)))
	case pt != nil && pt.Err != nil:
		return wrap(s.Err, fmt.Sprintf("part %d (%s shows all of it): %s", pt.Number, common.KeyOf(k.Details), jobs.ErrorText(pt.Err)))
	case in.HeldBy != nil:
		return wrap(s.Warn, fmt.Sprintf("running in %s: shown as the journal last recorded it", in.HeldBy))
	case in.Elsewhere:
		return wrap(s.Warn, fmt.Sprintf("made on %s: connect there to go on with it", j.Where))
	case j.State == model.StateCancelled && j.Leaves():
		return wrap(s.Warn, fmt.Sprintf("cancelled: the upload stays open with %s · %s goes on · %s aborts it · %s dismisses",
			common.Count(in.Progress.PartsDone, "copied part"), common.KeyOf(k.RetryFailed), common.KeyOf(k.Abort), common.KeyOf(k.Dismiss)))
	case j.Err != nil:
		return wrap(s.Err, jobs.ErrorText(j.Err))
	case j.State == model.StateVerified:
		return wrap(s.OK, "✓ completed and verified: ETag "+j.FinalETag)
	case j.State == model.StateCopied:
		return wrap(s.OK, "all parts copied; the upload is open: "+common.KeyOf(k.Complete)+" completes it")
	case in.Note != "":
		return wrap(s.OK, in.Note)
	}
	return ""
}

// jobRows and partRows feed the two tables.
type jobRows struct{ p *Page }

func (r jobRows) Len() int { return len(r.p.shown) }

func (r jobRows) Cells(i int) ([]string, lipgloss.Style) {
	p := r.p
	in := p.infos[p.shown[i]]
	s := p.env.Styles
	pr := in.Progress
	frac := 0.0
	switch {
	case pr.BytesTotal > 0:
		frac = float64(pr.BytesDone) / float64(pr.BytesTotal)
	case pr.PartsTotal > 0: // an empty object: its one part is the whole of it
		frac = float64(pr.PartsDone) / float64(pr.PartsTotal)
	}
	rateS, leftS := "-", "-"
	if in.Rate > 0 && in.Active {
		rateS, leftS = common.FmtSize(int64(in.Rate))+"/s", common.FmtDuration(in.Left)
	}
	st := lipgloss.Style{}
	switch {
	case in.Active || in.HeldBy != nil:
		st = s.Running
	case in.Job.State == model.StateFailed || in.Job.State == model.StateCompleted:
		st = s.Err
	case in.Job.State == model.StateVerified || in.Job.State == model.StateCopied:
		st = s.OK
	case in.Job.State == model.StateInterrupted || in.Job.State == model.StateCancelled:
		st = s.Warn
	case in.Job.Settled():
		st = s.Pending
	}
	return []string{in.Job.ID, "→ " + in.Job.Plan.Dest.String(), p.bar.ViewAs(frac),
		fmt.Sprintf("%d/%d", pr.PartsDone, pr.PartsTotal), common.FmtSize(pr.BytesDone) + "/" + common.FmtSize(pr.BytesTotal), rateS, leftS, in.StateWord()}, st
}

type partRows struct{ p *Page }

func (r partRows) Len() int {
	if in := r.p.job(); in != nil {
		return in.PartCount
	}
	return 0
}

func (r partRows) Cells(i int) ([]string, lipgloss.Style) {
	p := r.p
	s := p.env.Styles
	pt, _ := p.svc.Part(p.selected, i)
	state, st := jobs.PartStateWord(pt), lipgloss.Style{}
	last := pt.ETag
	switch pt.State {
	case model.StateRunning:
		state, st = p.env.Spin()+" copying", s.Running
	case model.StateDone:
		state, st = "✓ "+state, s.OK
		if pt.Origin != "" {
			st = s.Dim
		}
	case model.StateFailed:
		state, st = "✗ failed", s.Err
	case model.StatePending:
		st = s.Pending
		if pt.Err != nil {
			st = s.Warn
		}
	case model.StateCancelled:
		st = s.Warn
	}
	if pt.Err != nil && pt.State != model.StateDone {
		code := pt.Err.Code
		if pt.Err.HTTPStatus != 0 {
			code = fmt.Sprintf("%s %d", code, pt.Err.HTTPStatus)
		}
		last = code + ": " + pt.Err.Message
	}
	return []string{fmt.Sprint(pt.Number), pt.Range.String(), state, fmt.Sprint(pt.Attempts), common.FmtDuration(pt.Duration), last}, st
}

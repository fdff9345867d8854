package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/provider"
)

// progressEvery is how often a non-terminal stderr gets a progress line; a
// terminal gets a live line redrawn this often.
const (
	progressEvery = 5 * time.Second
	liveEvery     = 200 * time.Millisecond
)

// progress prints a running job's state to stderr: a live line on a
// terminal, periodic lines otherwise, and a line for every part failure
// and every note of the service.
type progress struct {
	w     io.Writer
	live  bool
	start time.Time
	last  string
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// follow prints the job's progress from the service's events until the
// job settles.
func follow(w io.Writer, svc *jobs.Service, sub *jobs.Subscription, id string) {
	p := &progress{w: w, live: isTerminal(w), start: time.Now()}
	batches := make(chan []jobs.Event)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			evs, err := sub.Next(context.Background())
			if err != nil {
				return
			}
			select {
			case batches <- evs:
			case <-stop:
				return
			}
		}
	}()
	every := progressEvery
	if p.live {
		every = liveEvery
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case evs := <-batches:
			for _, ev := range evs {
				if ev.JobID != id {
					continue
				}
				switch ev.Kind {
				case jobs.PartChanged:
					// A throttled attempt is the service pacing the copy: the
					// progress line says the engine is backing off.
					if pt := ev.Part; pt.Err != nil && (pt.State == model.StateFailed || pt.State == model.StatePending && !provider.IsThrottle(pt.Err)) {
						verb := "failed"
						if pt.State == model.StatePending {
							verb = fmt.Sprintf("attempt %d failed, retrying", pt.Attempts)
						}
						p.say(fmt.Sprintf("part %d %s: %s", pt.Number, verb, pt.Err))
					}
				case jobs.JobNote:
					prefix := ""
					if ev.Warn {
						prefix = "warning: "
					}
					p.say(prefix + "job " + id + ": " + ev.Note)
				case jobs.JobSettled:
					p.line(true, svc, id)
					return
				}
			}
		case <-tick.C:
			p.line(false, svc, id)
		}
	}
}

// say prints a line of its own above the live line; what it says comes
// from the server (errors naming keys) and is shown made visible.
func (p *progress) say(s string) {
	if p.live {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	fmt.Fprintln(p.w, model.Visible(s))
	if p.live && p.last != "" {
		fmt.Fprint(p.w, p.last)
	}
}

// line prints the progress line: always when final, else on a terminal, or
// when something changed since the last periodic line.
func (p *progress) line(final bool, svc *jobs.Service, id string) {
	in, ok := svc.Summary(id)
	if !ok {
		return
	}
	s := p.summary(in, final)
	switch {
	case p.live:
		fmt.Fprintf(p.w, "\r\x1b[K%s", s)
		if final {
			fmt.Fprintln(p.w)
		}
	case final || s != p.last:
		fmt.Fprintln(p.w, s)
	}
	p.last = s
}

func (p *progress) summary(in jobs.Info, final bool) string {
	pr := in.Progress
	phase := string(in.Phase)
	if final {
		phase = string(provider.PhaseFinished)
	}
	s := fmt.Sprintf("%s: %d/%d parts, %s / %s", phase, pr.PartsDone, pr.PartsTotal,
		model.FormatSize(pr.BytesDone), model.FormatSize(pr.BytesTotal))
	if waiting := waitingFor(in, final); waiting != "" {
		return s + ", " + waiting
	}
	if in.Rate > 0 && !final { // a rate and a time left are for a copy going on
		s += fmt.Sprintf(", %s/s", model.FormatSize(int64(in.Rate)))
		if in.Left > 0 {
			s += fmt.Sprintf(", %s left", in.Left.Round(time.Second))
		}
	}
	switch {
	case in.Flow.Limit > 0 && !final:
		s += ", " + in.Flow.String()
	case pr.PartsRunning > 0:
		s += fmt.Sprintf(", %d in flight", pr.PartsRunning)
	}
	if pr.PartsFailed > 0 {
		s += fmt.Sprintf(", %d failed", pr.PartsFailed)
	}
	return s
}

// printJobResult is the human summary of a finished copy on stdout, with
// the commands that go on from where it stopped.
func printJobResult(w io.Writer, job model.Job, cmds jobs.Commands) {
	pr := job.Progress()
	switch {
	case job.State == model.StateCopied:
		fmt.Fprintf(w, "copied %s (%s) into upload %s for %s; not completed (--no-complete)\n",
			model.Count(pr.PartsTotal, "part"), model.FormatSize(pr.BytesTotal), job.UploadID, job.Plan.Dest)
	case job.State == model.StateVerified:
		fmt.Fprintf(w, "copied %s to %s: %s, %s, ETag %s", job.Plan.Source, job.Plan.Dest, model.Count(pr.PartsTotal, "part"),
			model.FormatSize(pr.BytesTotal), job.FinalETag)
		switch {
		case job.Verification != "":
			fmt.Fprintf(w, " (verified: %s)", job.Verification)
		case job.ExpectedETag != "":
			fmt.Fprint(w, " (verified: size and multipart ETag)")
		default:
			fmt.Fprint(w, " (verified: size; this provider's ETags cannot be checked)")
		}
		fmt.Fprintln(w)
	case job.Completed:
		// The upload is gone: a retry into it could only fail.
		fmt.Fprintf(w, "created %s (ETag %s) from %s, but it did not pass its check: %s\n",
			job.Plan.Dest, job.FinalETag, model.Count(pr.PartsTotal, "part"), job.Err)
	case job.SourceChanged():
		fmt.Fprintf(w, "the source %s changed while it was being copied: its ETag is no longer %s, so %d of %d parts could not be copied and nothing was completed (no object mixes two versions).\n",
			job.Plan.Source, job.Plan.SourceETag, pr.PartsTotal-pr.PartsDone, pr.PartsTotal)
	case len(job.FailedConditions()) > 0:
		fmt.Fprintf(w, "the source %s does not meet %s: %d of %d parts were refused (412) and nothing was completed.\n",
			job.Plan.Source, strings.Join(job.FailedConditions(), " and "), pr.PartsTotal-pr.PartsDone, pr.PartsTotal)
		for _, pt := range job.Parts {
			if pt.Err != nil && len(pt.Err.Failed) > 0 {
				fmt.Fprintf(w, "  %s\n", pt.Err.Message)
				break
			}
		}
	default:
		fmt.Fprintf(w, "copy %s to %s %s: %d of %d parts done\n", job.Plan.Source, job.Plan.Dest, job.State, pr.PartsDone, pr.PartsTotal)
		for _, pt := range job.Parts {
			if pt.Err != nil && pt.State != model.StateDone {
				fmt.Fprintf(w, "  part %d (%s): %s\n", pt.Number, pt.Range, pt.Err)
			}
		}
		if job.UploadID != "" {
			fmt.Fprintf(w, "upload %s is left open with the %s so far.\n", job.UploadID, model.Count(pr.PartsDone, "part")+" copied")
		} else if job.Err != nil && pr.PartsFailed == 0 {
			fmt.Fprintf(w, "  %s\n", job.Err)
		}
	}
	if note := jobs.PurgeNote(job, time.Now()); note != "" {
		fmt.Fprintf(w, "upload %s: %s\n", job.UploadID, note)
	}
	for _, next := range jobs.NextSteps(job, cmds) {
		fmt.Fprintf(w, "  %s\n", next)
	}
}

// waitingFor says what a job waits for once its parts are copied: the
// server's answer to the completion, or to the check of the object.
func waitingFor(in jobs.Info, final bool) string {
	if final || in.PhaseSince.IsZero() {
		return ""
	}
	var what string
	switch in.Phase {
	case provider.PhaseCompleting:
		what = "waiting for the server to complete the upload"
	case provider.PhaseVerifying:
		what = "waiting for the server to answer the check of the object"
	default:
		return ""
	}
	return fmt.Sprintf("%s (%s)", what, time.Since(in.PhaseSince).Round(time.Second))
}

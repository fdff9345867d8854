package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"

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
// terminal, periodic lines otherwise, and a line for every part failure.
type progress struct {
	w     io.Writer
	live  bool
	start time.Time
	job   model.Job
	index map[int32]int
	phase provider.Phase
	last  string
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// runWithProgress runs the job and reports on w until it finishes.
func runWithProgress(ctx context.Context, eng *provider.Engine, job model.Job, w io.Writer) model.Job {
	p := &progress{w: w, live: isTerminal(w), start: time.Now(), job: job.Clone(), index: map[int32]int{}}
	for i, pt := range job.Parts {
		p.index[pt.Number] = i
	}
	events := make(chan provider.Event, 256)
	var final model.Job
	go func() {
		final = eng.Run(ctx, job, events)
		close(events)
	}()
	every := progressEvery
	if p.live {
		every = liveEvery
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				// Draw the last line from the final state: after a cancel
				// the events stop before the job's end is told.
				p.job, p.phase = final.Clone(), provider.PhaseFinished
				p.line(true)
				return final
			}
			p.apply(ev)
		case <-tick.C:
			p.line(false)
		}
	}
}

func (p *progress) apply(ev provider.Event) {
	p.phase = ev.Phase
	if ev.Part == nil {
		parts := p.job.Parts
		p.job = ev.Job
		p.job.Parts = parts
		return
	}
	pt := *ev.Part
	p.job.Parts[p.index[pt.Number]] = pt
	if pt.Err == nil {
		return
	}
	verb := "failed"
	if pt.State == model.StatePending {
		verb = fmt.Sprintf("attempt %d failed, retrying", pt.Attempts)
	}
	p.clear()
	fmt.Fprintf(p.w, "part %d %s: %s\n", pt.Number, verb, pt.Err)
	p.redraw()
}

// line prints the progress line: always when final, else on a terminal, or
// when something changed since the last periodic line.
func (p *progress) line(final bool) {
	s := p.summary()
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

func (p *progress) clear() {
	if p.live {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

func (p *progress) redraw() {
	if p.live && p.last != "" {
		fmt.Fprint(p.w, p.last)
	}
}

func (p *progress) summary() string {
	pr := p.job.Progress()
	el := time.Since(p.start)
	s := fmt.Sprintf("%s: %d/%d parts, %s / %s", p.phase, pr.PartsDone, pr.PartsTotal,
		model.FormatSize(pr.BytesDone), model.FormatSize(pr.BytesTotal))
	if rate := float64(pr.BytesDone) / el.Seconds(); pr.BytesDone > 0 && el > 0 {
		s += fmt.Sprintf(", %s/s", model.FormatSize(int64(rate)))
		if left := pr.BytesTotal - pr.BytesDone; left > 0 {
			s += fmt.Sprintf(", %s left", time.Duration(float64(left)/rate*float64(time.Second)).Round(time.Second))
		}
	}
	if pr.PartsRunning > 0 {
		s += fmt.Sprintf(", %d in flight", pr.PartsRunning)
	}
	if pr.PartsFailed > 0 {
		s += fmt.Sprintf(", %d failed", pr.PartsFailed)
	}
	return s
}

// printJobResult is the human summary of a finished copy on stdout, with
// the commands that go on from where it stopped.
func printJobResult(w io.Writer, job model.Job) {
	pr := job.Progress()
	dst := shellQuote(job.Plan.Dest.String())
	switch {
	case job.State == model.StateDone && job.NoComplete && !job.Completed:
		fmt.Fprintf(w, "copied %d parts (%s) into upload %s for %s; not completed (--no-complete)\n",
			pr.PartsTotal, model.FormatSize(pr.BytesTotal), job.UploadID, job.Plan.Dest)
		fmt.Fprintf(w, "complete it with: s3parts complete %s --upload-id %s\n", dst, shellQuote(job.UploadID))
	case job.State == model.StateDone:
		fmt.Fprintf(w, "copied %s to %s: %d parts, %s, ETag %s", job.Plan.Source, job.Plan.Dest, pr.PartsTotal,
			model.FormatSize(pr.BytesTotal), job.FinalETag)
		if job.Verified && job.ExpectedETag != "" {
			fmt.Fprint(w, " (verified: size and multipart ETag)")
		} else if job.Verified {
			fmt.Fprint(w, " (verified: size; this provider's ETags cannot be checked)")
		}
		fmt.Fprintln(w)
	case job.Completed:
		// The upload is gone: a retry with --upload-id could only fail.
		fmt.Fprintf(w, "created %s (ETag %s) from %d parts, but it did not pass its check: %s\n",
			job.Plan.Dest, job.FinalETag, pr.PartsTotal, job.Err)
	case job.SourceChanged():
		fmt.Fprintf(w, "the source %s changed while it was being copied: its ETag is no longer %s, so %d of %d parts could not be copied and nothing was completed (no object mixes two versions).\n",
			job.Plan.Source, job.Plan.SourceETag, pr.PartsTotal-pr.PartsDone, pr.PartsTotal)
		if job.UploadID != "" {
			fmt.Fprintf(w, "  discard the %d parts of the old version:  s3parts abort %s --upload-id %s --yes\n", pr.PartsDone, dst, shellQuote(job.UploadID))
		}
		fmt.Fprintf(w, "  then copy the new version:               s3parts copy %s %s\n", shellQuote(job.Plan.Source.String()), dst)
	default:
		fmt.Fprintf(w, "copy %s to %s %s: %d of %d parts done\n", job.Plan.Source, job.Plan.Dest, job.State, pr.PartsDone, pr.PartsTotal)
		for _, pt := range job.Parts {
			if pt.Err != nil && pt.State != model.StateDone {
				fmt.Fprintf(w, "  part %d (%s): %s\n", pt.Number, pt.Range, pt.Err)
			}
		}
		if job.UploadID != "" {
			id := shellQuote(job.UploadID)
			fmt.Fprintf(w, "upload %s is left open with the %d parts copied so far.\n", job.UploadID, pr.PartsDone)
			fmt.Fprintf(w, "  go on (copied parts are kept): s3parts copy %s %s --upload-id %s [same options]\n",
				shellQuote(job.Plan.Source.String()), dst, id)
			fmt.Fprintf(w, "  or discard it:                 s3parts abort %s --upload-id %s\n", dst, id)
		}
	}
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/:._-=~+@,%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

package jobs

import "s3parts/model"

// tally is what a job's summary needs of its parts, kept up to date part
// by part while it runs: a progress line or a list of jobs costs the same
// for 10 parts or 10,000.
type tally struct {
	valid    bool
	progress model.Progress
	// missing counts the parts without an ETag (not done, or done without
	// one): the job can be completed when none is.
	missing int
}

func (t *tally) add(p model.PartState, n int) {
	t.progress.PartsTotal += n
	t.progress.BytesTotal += int64(n) * p.Range.Len()
	switch p.State {
	case model.StateDone:
		t.progress.PartsDone += n
		t.progress.BytesDone += int64(n) * p.Range.Len()
	case model.StateFailed:
		t.progress.PartsFailed += n
	case model.StateRunning:
		t.progress.PartsRunning += n
	}
	if p.State != model.StateDone || p.ETag == "" {
		t.missing += n
	}
}

// sums is the entry's tally, summed afresh when its job was replaced.
func (e *entry) sums() tally {
	if !e.tally.valid {
		e.tally = tally{valid: true}
		for _, p := range e.job.Parts {
			e.tally.add(p, 1)
		}
	}
	return e.tally
}

// setPart replaces part i, keeping the tally.
func (e *entry) setPart(i int, p model.PartState) {
	if e.tally.valid {
		e.tally.add(e.job.Parts[i], -1)
		e.tally.add(p, 1)
	}
	e.job.Parts[i] = p
}

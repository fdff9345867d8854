package jobs

import (
	"time"

	"s3parts/journal"
	"s3parts/model"
	"s3parts/provider"
)

// Info is a job as the front ends show it.
type Info struct {
	// Job is a copy; from List its Parts are nil (PartCount, Part read
	// them), from Get it is whole.
	Job       model.Job
	PartCount int
	Progress  model.Progress
	Phase     provider.Phase
	// PhaseSince is when the run entered its phase: how long it has
	// waited for the server to complete or to answer a check.
	PhaseSince time.Time
	// Running: this process runs it now (until its end is journaled).
	Running bool
	// Active: running, and not yet at its end: what a person calls
	// running (the footer's count, the rate).
	Active bool
	// HeldBy: another process runs it (as last seen).
	HeldBy *journal.Holder
	// Elsewhere: it was made on another server than this service's.
	Elsewhere bool
	// Note is the last status line about the job, until it settles.
	Note string
	// SourceChanged: parts failed because the source changed under the
	// copy (model.Job.SourceChanged, which needs the parts List leaves out).
	SourceChanged bool
	// FailedConditions names the copy conditions the source was found not
	// to meet after parts failed with 412 (model.Job.FailedConditions).
	FailedConditions []string
	// Completable: every part is copied and the object is not made yet.
	Completable bool
	// Flow is how many parts the run has in flight and why, while it
	// copies parts.
	Flow provider.Flow
	// Rate is this run's speed in bytes per second, Left the time left.
	Rate float64
	Left time.Duration
}

// StateWord is the job's state as a person reads it.
func (i Info) StateWord() string {
	switch {
	case i.HeldBy != nil:
		return "running elsewhere"
	case i.Active:
		return "running"
	case i.Job.State == model.StateCompleted:
		return "not verified"
	}
	return string(i.Job.State)
}

func (s *Service) info(e *entry, whole bool) Info {
	t := e.tally()
	in := Info{Job: e.job, PartCount: len(e.job.Parts), Progress: t.Progress(), Phase: e.phase, PhaseSince: e.phaseSince, Running: e.running(), Active: e.active(),
		HeldBy: e.heldBy, Note: e.note, Elsewhere: !e.job.Where.SameServer(s.where()), SourceChanged: t.SourceChanged(e.job.Plan),
		FailedConditions: t.FailedConditions(), Completable: t.Completable() && !e.job.Completed}
	if whole {
		in.Job = e.job.Clone()
	} else {
		in.Job.Parts = nil
		in.Job.Plan.Parts = nil
		in.Job.Unknown = nil
	}
	if e.active() {
		if e.phase == provider.PhaseCopying {
			in.Flow = e.flow
		}
		el := time.Since(e.started).Seconds()
		if done := in.Progress.BytesDone - e.bytesAtStart; el > 0 && done > 0 {
			in.Rate = float64(done) / el
			in.Left = time.Duration(float64(in.Progress.BytesTotal-in.Progress.BytesDone) / in.Rate * float64(time.Second))
		}
	}
	return in
}

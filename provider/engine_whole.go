package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"s3parts/model"
)

// copyWhole runs a plan copied with one CopyObject (Plan.Single): no
// upload, one request the SDK retries, then the new object read back as
// CopyWhole's caller on the command line reads it (VerifyWhole). Its one
// part stands for the whole source, so the jobs list and the details
// read as for parts. A job that already made its object is checked
// again, not copied again.
func (r *run) copyWhole() *model.OpError {
	job := r.snapshot()
	if err := job.Plan.CheckParts(r.e.Client.Preset().Limits); err != nil {
		return &model.OpError{Op: "plan", Code: "InvalidPlan", Message: err.Error()}
	}
	if err := job.Plan.Conditions.Validate(r.e.Client.Preset().ConditionRule); err != nil {
		return &model.OpError{Op: "plan", Code: "InvalidConditions", Message: err.Error()}
	}
	if job.NoComplete {
		return &model.OpError{Op: "plan", Code: "InvalidPlan", Message: "one CopyObject makes the object at once: it cannot be left open (no-complete)"}
	}
	if !job.Completed && r.e.BeforeComplete != nil {
		// What the journal holds back is written before the object is
		// made, as before a CompleteMultipartUpload.
		if err := r.e.BeforeComplete(); err != nil {
			return &model.OpError{Op: "journal", Code: "JournalFailed", Message: fmt.Sprintf(
				"the job could not be journaled before copying (%v): nothing was copied", err)}
		}
	}
	if !job.Completed {
		start := r.now()
		try := model.Attempt{At: start, Range: job.Plan.Parts[0].Range}
		r.setPart(0, func(p *model.PartState) { p.State, p.Attempts, p.Err = model.StateRunning, p.Attempts+1, nil })
		res, err := r.e.Client.CopyWhole(r.ctx, job.Plan)
		try.Took = r.now().Sub(start)
		if err != nil {
			oe := stopped(r.ctx, Classify("CopyObject", err))
			try.Err = oe
			r.setPart(0, func(p *model.PartState) {
				p.State, p.Err = model.StateFailed, oe
				if oe.Code == "Cancelled" {
					p.State = model.StateCancelled
				}
				p.AddTry(try)
			})
			return oe
		}
		try.ETag = res.ETag
		r.setPart(0, func(p *model.PartState) {
			p.State, p.ETag, p.LastModified, p.Duration = model.StateDone, res.ETag, r.now(), try.Took
			p.AddTry(try)
		})
		r.setJob(PhaseVerifying, func(j *model.Job) {
			j.Completed, j.FinalETag, j.DestVersionID = true, res.ETag, res.VersionID
		})
	}
	job = r.snapshot()
	// The object exists whatever happens now: its check runs to the end
	// even when the job was just stopped.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.parent), time.Minute)
	defer cancel()
	check, err := r.e.Client.VerifyWhole(ctx, job.Plan, job.DestVersionID)
	if err != nil {
		var oe *model.OpError
		if !errors.As(err, &oe) {
			oe = &model.OpError{Op: "verify", Code: "VerifyFailed", Message: err.Error()}
		}
		return oe
	}
	r.setJob(PhaseVerifying, func(j *model.Job) {
		j.Verified, j.FinalETag, j.Verification = true, check.ETag, check.What+" (one CopyObject)"
	})
	return nil
}

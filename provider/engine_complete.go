package provider

import (
	"context"
	"fmt"
	"time"

	"s3parts/model"
)

func (r *run) completeAndVerify() *model.OpError {
	if a, b, mixed := mixedSourceVersions(r.snapshot().Parts); mixed {
		return &model.OpError{Op: "CompleteMultipartUpload", Code: "MixedSourceVersions",
			Message: fmt.Sprintf("refusing to complete: parts were copied from different source versions (%s and %s); re-copy them from one version", a, b)}
	}
	if oe := r.agreeWithUpload(); oe != nil {
		return oe
	}
	job := r.snapshot()
	parts, err := job.CompletedParts()
	if err != nil {
		return &model.OpError{Op: "CompleteMultipartUpload", Code: "PartsMissing", Message: err.Error()}
	}
	if oe := r.sourceStill(job); oe != nil {
		return oe
	}
	r.setJob(PhaseCompleting, nil)
	if r.e.BeforeComplete != nil {
		// Every part's ETag must be on record before the upload turns into
		// an object: after a kill during completion they are what proves
		// the object is this copy.
		if err := r.e.BeforeComplete(); err != nil {
			return &model.OpError{Op: "journal", Code: "JournalFailed", Message: fmt.Sprintf(
				"the parts' ETags could not be journaled before completing (%v): the upload was not completed", err)}
		}
	}
	res, oe := r.complete(job, parts)
	if oe != nil {
		return oe
	}
	// The parts completed: maybe not the first list, if the upload was
	// asked again on the way.
	expected := ""
	if final, err := r.snapshot().CompletedParts(); err == nil && r.e.Client.etagFromParts(job.Plan) {
		etags := make([]string, len(final))
		for i, p := range final {
			etags[i] = p.ETag
		}
		expected, _ = model.MultipartETag(etags) // empty when a part ETag is not an MD5
	}
	r.setJob(PhaseVerifying, func(j *model.Job) {
		j.Completed, j.FinalETag, j.ExpectedETag, j.DestVersionID = true, res.ETag, expected, res.VersionID
	})
	var before []string
	if expected == "" {
		// The multipart ETag proves the parts; without it ListParts told.
		before = append(before, checkedParts)
	}
	if r.sourceUnguarded(job) != "" {
		if oe := r.sourceAfter(job, false); oe != nil {
			return oe
		}
		before = append(before, checkedSource)
	}
	return r.verify(before...)
}

// completeAttempts bounds the engine's own tries at completing (each of
// which the SDK may already have retried).
const completeAttempts = 3

// complete sends CompleteMultipartUpload. The answer can be lost while the
// server completed (a reset after it acted, an answer cut short, a stall,
// a cancel): after any failure the object says whether it was made, before
// anything is said; an upload still open after a failure that may pass is
// completed again.
func (r *run) complete(job model.Job, parts []model.CompletedPart) (CompleteResult, *model.OpError) {
	for attempt := 1; ; attempt++ {
		res, err := r.e.Client.CompleteWith(r.ctx, job.Plan.Dest, job.UploadID, parts, CompleteChecksums{Algorithm: r.alg, Expected: r.expected(job)})
		if err == nil {
			return res, nil
		}
		oe := Classify("CompleteMultipartUpload", err)
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.parent), time.Minute)
		made, proven, ok, _ := r.e.Client.completedAlready(ctx, job) // unreadable: not made, as far as can be told
		cancel()
		switch {
		case ok && proven:
			return CompleteResult{ETag: made.FinalETag, VersionID: made.DestVersionID}, nil
		case ok:
			r.setJob(PhaseFinished, func(j *model.Job) {
				j.Completed, j.FinalETag, j.DestVersionID = true, made.FinalETag, made.DestVersionID
			})
			return CompleteResult{}, &model.OpError{Op: "verify", Code: "NotVerified", Message: fmt.Sprintf(
				"the answer to CompleteMultipartUpload was lost (%s); %s has the planned size and part count, but this provider's ETags cannot prove it is made of the job's parts",
				oe.Message, job.Plan.Dest)}
		case IsCode(oe, "InvalidPart") && attempt < completeAttempts && r.ctx.Err() == nil:
			// The upload disagrees with the part list after all (a listing
			// that lied, a part replaced since): ask it again, and again
			// complete with what it holds.
			if again := r.agreeWithUpload(); again != nil {
				return CompleteResult{}, again
			}
			job = r.snapshot()
			if parts, err = job.CompletedParts(); err != nil {
				return CompleteResult{}, &model.OpError{Op: "CompleteMultipartUpload", Code: "PartsMissing", Message: err.Error()}
			}
			continue
		case !oe.Retryable || attempt == completeAttempts || r.ctx.Err() != nil:
			return CompleteResult{}, oe
		}
		select {
		case <-time.After(r.backoff(attempt, err)):
		case <-r.ctx.Done():
			return CompleteResult{}, Classify("CompleteMultipartUpload", r.ctx.Err())
		}
	}
}

// agreeWithUpload makes the parts about to be completed the upload's own.
// CompleteMultipartUpload checks every ETag against what the upload holds,
// and an answer to a part copy can carry a wrong ETag, or say copied for a
// part the upload does not hold. A part this job copied (its last attempt
// was answered) and that the upload holds with the planned size takes the
// upload's ETag: nobody else writes into the job's upload while it runs.
// Parts missing, of another size, or kept from elsewhere with another
// ETag are copied again, once; if the upload still disagrees, nothing is
// completed.
func (r *run) agreeWithUpload() *model.OpError {
	for round := 0; ; round++ {
		job := r.snapshot()
		stored, err := r.e.Client.ListParts(r.ctx, job.Plan.Dest, job.UploadID)
		if err != nil {
			return Classify("ListParts", err)
		}
		byNum := make(map[int32]model.Part, len(stored))
		for _, p := range stored {
			byNum[p.Number] = p
		}
		r.followUpload(stored)
		job = r.snapshot()
		var again []int
		for i, p := range job.Parts {
			st, ok := byNum[p.Number]
			switch {
			case ok && st.Size == p.Range.Len() && model.SameETag(st.ETag, p.ETag):
			case ok && st.Size == p.Range.Len() && st.ETag != "" && copiedByJob(p):
				r.setPart(i, func(p *model.PartState) { p.ETag = st.ETag })
			default:
				again = append(again, i)
			}
		}
		if len(again) == 0 {
			return nil
		}
		if round > 0 {
			return &model.OpError{Op: "CompleteMultipartUpload", Code: "PartsMissing", Message: fmt.Sprintf(
				"the upload does not hold %d of the parts copied into it, even after copying them again: nothing was completed", len(again))}
		}
		for _, i := range again {
			r.setPart(i, func(p *model.PartState) {
				p.State, p.ETag, p.Origin = model.StatePending, "", ""
				p.Err = &model.OpError{Op: "ListParts", Code: "NotInUpload", Retryable: true,
					Message: "the upload does not hold this part as copied: it is copied again"}
			})
		}
		r.copyParts()
		if r.ctx.Err() != nil || r.isFatal() {
			return stopped(r.ctx, Classify("copy", r.ctx.Err()))
		}
		if p := r.progress(); p.PartsDone != p.PartsTotal {
			return r.fatalOr(&model.OpError{Op: "copy", Code: "PartsFailed",
				Message: fmt.Sprintf("%d of %d parts failed; the upload %s is left open: retry the failed parts, or abort it", p.PartsTotal-p.PartsDone, p.PartsTotal, job.UploadID)})
		}
	}
}

// copiedByJob: the part's last attempt was a copy the server answered,
// so the part the upload holds under its number is that copy.
func copiedByJob(p model.PartState) bool {
	return len(p.Tries) > 0 && p.Tries[len(p.Tries)-1].ETag != ""
}

// fatalOr is the error that stopped every part, if one did.
func (r *run) fatalOr(oe *model.OpError) *model.OpError {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fatal != nil {
		return r.fatal
	}
	return oe
}

// firstPartError is the error of the first failed part, which says more
// than a count when nothing could be copied.
func (r *run) firstPartError(fallback *model.OpError) *model.OpError {
	for _, p := range r.snapshot().Parts {
		if p.State == model.StateFailed && p.Err != nil {
			oe := *p.Err
			oe.Message = fmt.Sprintf("no part could be copied, so the empty upload was aborted; part %d: %s", p.Number, p.Err.Message)
			return &oe
		}
	}
	return fallback
}

// mixedSourceVersions finds two parts the server says were copied from
// different versions of the source: completing them would make an object
// that never existed.
func mixedSourceVersions(parts []model.PartState) (string, string, bool) {
	first := ""
	for _, p := range parts {
		v := p.CopySourceVersionID
		if v == "" {
			continue
		}
		if first == "" {
			first = v
		} else if v != first {
			return first, v, true
		}
	}
	return "", "", false
}

// finish records the job's final state and error: copied (left open on
// purpose), verified, completed (made but not checked), cancelled or
// failed.
func (r *run) finish(oe *model.OpError) model.Job {
	r.setJob(PhaseFinished, func(j *model.Job) {
		j.Err = oe
		var to model.State
		switch {
		case oe == nil && j.Completed:
			to = model.StateVerified
		case oe == nil:
			to = model.StateCopied
		case j.Completed:
			to = model.StateCompleted
		case oe.Code == "Cancelled":
			to = model.StateCancelled
		default:
			to = model.StateFailed
		}
		_ = j.MoveTo(to) // every one of them is a move from running
	})
	// The run is over: nothing changes its job any more, so it is the
	// caller's to keep, without a copy (observers and events hold parts
	// slices of their own).
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.job
}

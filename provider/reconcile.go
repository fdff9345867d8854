package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"s3parts/model"
)

// ErrUploadGone: the job's upload was completed or aborted elsewhere; the
// job can only start again on a new upload.
var ErrUploadGone = errors.New("the job's upload no longer exists")

// Reconciled says what resuming a job found in its upload.
type Reconciled struct {
	Kept    int     // parts journaled as done and stored with the same ETag
	Proven  int     // parts stored but not journaled, whose bytes match the source
	ToCopy  int     // parts to copy (again)
	Extra   []int32 // stored part numbers the plan does not use
	Missing bool    // the upload is gone
	// AlreadyCompleted: the upload is gone because it was completed; the
	// object is there with the ETag the journaled parts give.
	AlreadyCompleted bool
}

// Reconcile prepares a journaled job to go on: it compares the parts the
// journal says are done with what the upload holds (ListParts). A part
// counts as done when the upload holds it with the planned size and the
// ETag the journal recorded, or, when the journal had not recorded it yet,
// when its bytes are proven to be the planned range (SameBytes). Every
// other part, failed ones included, is put back to pending.
func (c *Client) Reconcile(ctx context.Context, job model.Job) (model.Job, Reconciled, error) {
	job = job.Clone()
	var rep Reconciled
	if job.Completed {
		return job, rep, nil // only the check after completion is left
	}
	if job.UploadID == "" {
		for i := range job.Parts {
			if job.Parts[i].State != model.StateDone {
				job.Parts[i].State = model.StatePending
				rep.ToCopy++
			}
		}
		return job, rep, nil
	}
	stored, err := c.ListParts(ctx, job.Plan.Dest, job.UploadID)
	if IsCode(err, "NoSuchUpload") {
		// A kill during CompleteMultipartUpload leaves the object made and
		// the journal not knowing it: the object itself can tell.
		if done, ok := c.completedAlready(ctx, job); ok {
			rep.AlreadyCompleted = true
			return done, rep, nil
		}
		rep.Missing = true
		return job, rep, fmt.Errorf("%w: upload %s of %s was completed or aborted since", ErrUploadGone, job.UploadID, job.Plan.Dest)
	}
	if err != nil {
		return job, rep, err
	}
	byNum := make(map[int32]model.Part, len(stored))
	for _, p := range stored {
		byNum[p.Number] = p
	}
	unproven := map[int32]model.ByteRange{}
	for i := range job.Parts {
		p := &job.Parts[i]
		s, ok := byNum[p.Number]
		switch {
		case ok && s.Size == p.Range.Len() && p.State == model.StateDone && model.SameETag(s.ETag, p.ETag):
			rep.Kept++
		case ok && s.Size == p.Range.Len():
			unproven[p.Number] = p.Range
			p.State, p.ETag = model.StatePending, ""
		default:
			p.State, p.ETag = model.StatePending, ""
		}
	}
	same, err := c.SameBytes(ctx, job.Plan.Source, unproven, stored)
	if err != nil {
		return job, rep, err
	}
	for i := range job.Parts {
		p := &job.Parts[i]
		if s := byNum[p.Number]; same[p.Number] {
			p.State, p.ETag, p.LastModified = model.StateDone, s.ETag, s.LastModified
			rep.Proven++
		} else if p.State != model.StateDone {
			rep.ToCopy++
		}
	}
	for _, s := range stored {
		if !slices.ContainsFunc(job.Parts, func(p model.PartState) bool { return p.Number == s.Number }) {
			rep.Extra = append(rep.Extra, s.Number)
		}
	}
	return job, rep, nil
}

// Restart puts a job whose upload is gone back to the start, on a new
// upload: every part pending.
func Restart(job model.Job) model.Job {
	job = job.Clone()
	job.UploadID, job.Err, job.Completed, job.Verified, job.FinalETag = "", nil, false, false, ""
	for i := range job.Parts {
		job.Parts[i].State, job.Parts[i].ETag, job.Parts[i].Err = model.StatePending, "", nil
	}
	return job
}

// completedAlready reports whether a job whose upload is gone was in fact
// completed: every part journaled with an ETag, and the destination holds
// an object of the planned size whose ETag is the one those parts give.
func (c *Client) completedAlready(ctx context.Context, job model.Job) (model.Job, bool) {
	parts, err := job.CompletedParts()
	if err != nil || !c.preset.MultipartETagFromParts {
		return job, false
	}
	etags := make([]string, len(parts))
	for i, p := range parts {
		etags[i] = p.ETag
	}
	want, err := model.MultipartETag(etags)
	if err != nil {
		return job, false
	}
	info, err := c.HeadObject(ctx, job.Plan.Dest)
	if err != nil || info.Size != job.Plan.TotalBytes() || !model.SameETag(info.ETag, want) {
		return job, false
	}
	job.Completed, job.FinalETag, job.ExpectedETag, job.DestVersionID = true, info.ETag, want, info.VersionID
	return job, true
}

package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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
	// Unproven: AlreadyCompleted, but only likely: the provider's ETags
	// cannot prove the object is made of the job's parts; it has the
	// planned size and part count and is newer than the job. Such a job is
	// completed, never verified.
	Unproven bool
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
	// The upload and the object it may have made are read with the job's
	// customer keys: without them nothing can be told, either way.
	if err := c.CheckCustomerKeys(job.Plan); err != nil {
		return job, rep, err
	}
	stored, err := c.ListParts(ctx, job.Plan.Dest, job.UploadID)
	if IsCode(err, "NoSuchUpload") {
		// A kill during CompleteMultipartUpload leaves the object made and
		// the journal not knowing it: the object itself can tell.
		done, proven, ok, err := c.completedAlready(ctx, job)
		if err != nil {
			return job, rep, fmt.Errorf("upload %s of %s is gone, and whether it was completed into the object cannot be told: %w", job.UploadID, job.Plan.Dest, err)
		}
		if ok {
			rep.AlreadyCompleted, rep.Unproven = true, !proven
			return done, rep, nil
		}
		rep.Missing = true
		return job, rep, fmt.Errorf("%w: upload %s of %s was aborted since, or completed into an object that is not this job's", ErrUploadGone, job.UploadID, job.Plan.Dest)
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
			p.Origin = model.OriginKept
			rep.Kept++
		case ok && s.Size == p.Range.Len():
			unproven[p.Number] = p.Range
			p.State, p.ETag, p.Origin = model.StatePending, "", ""
		default:
			p.State, p.ETag, p.Origin = model.StatePending, "", ""
		}
	}
	same, err := c.SameBytes(ctx, job.Plan.Source, job.Plan.NewObject(), unproven, stored)
	if err != nil {
		return job, rep, err
	}
	for i := range job.Parts {
		p := &job.Parts[i]
		if s := byNum[p.Number]; same[p.Number] {
			p.State, p.ETag, p.LastModified, p.Origin = model.StateDone, s.ETag, s.LastModified, model.OriginProven
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

// skewAllowance is how far a server's clock may run behind ours before an
// object it stamped "before" a job began is taken for an older one.
const skewAllowance = 10 * time.Minute

// completedAlready reports whether a job whose upload is gone was in fact
// completed — by a kill during CompleteMultipartUpload, by s3parts
// complete, by another tool. Where the provider's ETags are MD5s and every
// part's ETag is journaled (the engine journals them all before it
// completes), the object's ETag must be the one they give, which proves
// it. Otherwise an object of the planned size, made of as many parts as
// the plan has and newer than the job, is likely the job's: ok, but not
// proven — such a job is completed, never verified.
//
// An object that cannot be read (err: anything but "not found") tells
// nothing either way.
func (c *Client) completedAlready(ctx context.Context, job model.Job) (done model.Job, proven, ok bool, err error) {
	info, err := c.headObject(ctx, job.Plan.Dest, false, asNew)
	switch {
	case IsNotFound(err):
		return job, false, false, nil
	case err != nil:
		return job, false, false, Classify("HeadObject", err)
	case info.Size != job.Plan.TotalBytes():
		return job, false, false, nil
	}
	want := ""
	if parts, err := job.CompletedParts(); err == nil && c.etagFromParts(job.Plan) {
		etags := make([]string, len(parts))
		for i, p := range parts {
			etags[i] = p.ETag
		}
		want, _ = model.MultipartETag(etags) // empty when an ETag is not an MD5
	}
	switch {
	case want != "":
		if !model.SameETag(info.ETag, want) {
			return job, false, false, nil
		}
		proven = true
	case info.LastModified.Before(job.CreatedAt.Add(-skewAllowance)):
		return job, false, false, nil // an object from before the job: not its result
	default:
		n, err := c.partsCount(ctx, job.Plan.Dest, asNew)
		if err != nil || n == 0 {
			n = etagPartCount(info.ETag)
		}
		if n != int32(len(job.Parts)) {
			return job, false, false, nil
		}
	}
	job.Completed, job.FinalETag, job.ExpectedETag, job.DestVersionID = true, info.ETag, want, info.VersionID
	return job, proven, true, nil
}

// etagPartCount reads N from a multipart ETag "<md5>-N" (0 when it is not
// one).
func etagPartCount(etag string) int32 {
	_, n, ok := strings.Cut(strings.Trim(etag, `"`), "-")
	if !ok {
		return 0
	}
	v, err := strconv.ParseInt(n, 10, 32)
	if err != nil {
		return 0
	}
	return int32(v)
}

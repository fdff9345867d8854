package jobs

import (
	"context"
	"fmt"

	"s3parts/journal"
	"s3parts/model"
	"s3parts/provider"
)

// Uploads named by a person (the uploads screen, s3parts abort and
// complete) may belong to a job. Such an upload is changed only under the
// job's lock, so a process copying into it is never pulled from under its
// feet, and the job is settled at once instead of coming back as if its
// upload were still open.

// UploadResult says what became of an upload and of the job that owned it.
type UploadResult struct {
	// Owner is the job that owned the upload, as it now stands (nil: none).
	Owner *model.Job
	// Completed: the object the upload made.
	Completed provider.CompleteResult
	Parts     []model.Part
}

// ownerLock finds the job that owns an upload and takes its lock; none
// owns it: nil, nil. Read-only mode refuses first.
func (s *Service) ownerLock(uploadID string) (*model.Job, *journal.Lock, error) {
	if s.client.ReadOnly() {
		return nil, nil, ErrReadOnly
	}
	owner, ok := s.Owners()[uploadID]
	if !ok {
		return nil, nil, nil
	}
	if in, ok := s.Get(owner.ID); ok && in.Running {
		return nil, nil, fmt.Errorf("upload %s belongs to job %s, which is copying into it: %w; cancel the job first", uploadID, owner.ID, ErrRunning)
	}
	job, lock, err := s.hold(owner.ID)
	if err != nil {
		return nil, nil, err
	}
	return &job, lock, nil
}

// AbortUpload aborts an upload and settles the job that owned it
// (aborted).
func (s *Service) AbortUpload(ctx context.Context, ref model.Ref, uploadID string) (UploadResult, error) {
	var res UploadResult
	owner, lock, err := s.ownerLock(uploadID)
	if err != nil {
		return res, err
	}
	defer lock.Release()
	if err := s.client.Abort(ctx, ref, uploadID); err != nil {
		return res, err
	}
	if owner != nil {
		if err := owner.ForgetUpload(&model.OpError{Code: "Aborted", Message: fmt.Sprintf("upload %s was aborted from outside the job: its parts are gone", uploadID)}); err == nil {
			s.settle(*owner)
			res.Owner = owner
		}
	}
	return res, nil
}

// CompleteUpload completes an upload from the parts it holds (refusing
// gaps in the numbering unless allowGaps), then settles the job that
// owned it: its object is checked against its plan, verified or not.
func (s *Service) CompleteUpload(ctx context.Context, ref model.Ref, uploadID string, allowGaps bool) (UploadResult, error) {
	var res UploadResult
	owner, lock, err := s.ownerLock(uploadID)
	if err != nil {
		return res, err
	}
	defer lock.Release()
	res.Completed, res.Parts, err = s.client.CompleteListed(ctx, ref, uploadID, allowGaps)
	if err != nil {
		return res, err
	}
	if owner != nil {
		settled, ok := s.settleGone(ctx, *owner)
		if !ok || settled.State == model.StateAborted {
			// Completed, but not into the object the job planned.
			settled = owner.Clone()
			settled.Completed, settled.FinalETag, settled.DestVersionID = true, res.Completed.ETag, res.Completed.VersionID
			settled.Err = &model.OpError{Op: "verify", Code: "VerifyFailed", Message: fmt.Sprintf(
				"upload %s was completed from outside the job, from the %d parts it held, which do not make the object the job planned (%s in %d parts)",
				uploadID, len(res.Parts), model.FormatSize(owner.Plan.TotalBytes()), len(owner.Parts))}
			_ = settled.MoveTo(model.StateCompleted)
		}
		s.settle(settled)
		res.Owner = &settled
	}
	return res, nil
}

package jobs

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"s3parts/audit"
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
	// Warning: the upload changed, but the owner's journal could not be
	// written (it is settled again the next time s3parts looks).
	Warning error
	// Completed: the object the upload made.
	Completed provider.CompleteResult
	Parts     []model.Part
	// Held is what an aborted upload held (Sized when it was read).
	Held model.HeldUpload
}

// ownerLock finds the job that owns an upload and takes its lock; none
// owns it: nil, nil. Read-only mode refuses first.
func (s *Service) ownerLock(uploadID string) (*model.Job, *held, error) {
	if s.client.ReadOnly() {
		return nil, nil, ErrReadOnly
	}
	owners, problems, err := s.ownersChecked()
	if err != nil {
		return nil, nil, fmt.Errorf("the job journal cannot be read (%w), so it cannot be told whether a job holds upload %s: nothing was changed", err, uploadID)
	}
	owner, ok := owners[uploadID]
	if !ok {
		// A job whose record cannot be read may hold this upload; one
		// running in another process must not lose it under its feet.
		for _, p := range problems {
			if h, held := s.store.HeldBy(p.ID); held {
				return nil, nil, fmt.Errorf("%w; its record cannot be read just now, so upload %s may be its own", &journal.LockedError{ID: p.ID, Holder: h}, uploadID)
			}
		}
		return nil, nil, nil
	}
	if in, ok := s.Get(owner.ID); ok && in.Running {
		return nil, nil, fmt.Errorf("upload %s belongs to job %s, which is copying into it: %w; cancel the job first", uploadID, owner.ID, ErrRunning)
	}
	job, lock, err := s.hold(owner.ID)
	if err != nil {
		return nil, nil, err
	}
	if job.UploadID != uploadID {
		// The job moved on (to a new upload) since it was listed: this
		// upload is nobody's now.
		lock.Release()
		return nil, nil, nil
	}
	return &job, lock, nil
}

// NoUploadError: the upload to abort does not exist (never did, or was
// completed or aborted already), so nothing was aborted.
type NoUploadError struct {
	Ref      model.Ref
	UploadID string
}

func (e *NoUploadError) Error() string {
	return fmt.Sprintf("no upload %s of %s: nothing was aborted", e.UploadID, e.Ref)
}

// AbortUpload aborts an upload and settles the job that owned it
// (aborted). What the upload held is read first (every ListParts page),
// for the audit log and the result.
func (s *Service) AbortUpload(ctx context.Context, ref model.Ref, uploadID string) (UploadResult, error) {
	return s.abort(ctx, model.HeldUpload{Upload: model.Upload{Bucket: ref.Bucket, Key: ref.Key, UploadID: uploadID}})
}

// AbortHeld aborts an upload whose size was read already (a listing of
// many): only its existence is asked again.
func (s *Service) AbortHeld(ctx context.Context, u model.HeldUpload) (UploadResult, error) {
	return s.abort(ctx, u)
}

func (s *Service) abort(ctx context.Context, u model.HeldUpload) (res UploadResult, err error) {
	if err := ctx.Err(); err != nil {
		return res, err // stopped before anything was sent: nothing to record
	}
	ref := model.Ref{Bucket: u.Bucket, Key: u.Key}
	owner, lock, err := s.ownerLock(u.UploadID)
	if err != nil {
		return res, err
	}
	defer lock.Release()
	defer func() {
		if aerr := s.audit(u, owner, err); aerr != nil && err == nil {
			// The abort happened; its record could not be written: said
			// as a warning, not as a failed abort.
			res.Warning = errors.Join(res.Warning, aerr)
		}
	}()
	// An abort's 204 cannot be trusted to mean an upload was there: MinIO
	// answers 204 to a malformed id, some servers to any unknown one. Once
	// answered, the upload is gone either way, so a look after it could
	// not tell; one ListParts before it does. If that look fails (a policy
	// may allow the abort and not the listing), the abort's answer stands.
	var found bool
	var lerr error
	if u.Sized {
		found, lerr = s.client.HasUpload(ctx, ref, u.UploadID)
	} else {
		var parts int
		var bytes int64
		if parts, bytes, lerr = s.client.UploadSize(ctx, u.Upload); lerr == nil {
			found, u.Parts, u.Bytes, u.Sized = true, parts, bytes, true
		} else if provider.IsCode(lerr, "NoSuchUpload") {
			lerr = nil
		}
	}
	if lerr == nil && !found {
		return res, &NoUploadError{Ref: ref, UploadID: u.UploadID}
	}
	if err := s.client.Abort(ctx, ref, u.UploadID); err != nil {
		if provider.IsCode(err, "NoSuchUpload") {
			return res, &NoUploadError{Ref: ref, UploadID: u.UploadID}
		}
		return res, err
	}
	res.Held = u
	if owner != nil {
		if err := owner.ForgetUpload(&model.OpError{Code: "Aborted", Message: fmt.Sprintf("upload %s was aborted from outside the job: its parts are gone", u.UploadID)}); err == nil {
			res.Warning = s.settle(*owner)
			res.Owner = owner
		}
	}
	return res, nil
}

// audit records an abort that was sent or refused by the server (not
// one refused before sending: read-only, a running job).
func (s *Service) audit(u model.HeldUpload, owner *model.Job, err error) error {
	if s.opts.Audit == nil {
		return nil
	}
	w := s.client.Where()
	e := audit.Entry{Time: time.Now().UTC(), Action: "abort", Endpoint: cmp.Or(w.Endpoint, "aws "+w.Region), Profile: w.Profile,
		Bucket: u.Bucket, Key: u.Key, UploadID: u.UploadID, Parts: u.Parts, Bytes: u.Bytes, Sized: u.Sized, Result: "aborted"}
	var none *NoUploadError
	switch {
	case errors.As(err, &none):
		e.Result = "not found"
	case err != nil:
		e.Result = "failed: " + err.Error()
	}
	if owner != nil {
		e.Job = owner.ID
	}
	return s.opts.Audit.Append(e)
}

// CompleteUpload completes an upload from the parts it holds (refusing
// gaps in the numbering unless allowGaps), then settles the job that
// owned it: its object is checked against its plan, verified or not.
//
// An upload a job owns is completed only when it holds every planned part
// with its planned size and nothing else (*ShortError otherwise, whatever
// allowGaps says). For any upload, a count or a size the person expects
// and that the upload does not hold refuses to complete it.
func (s *Service) CompleteUpload(ctx context.Context, ref model.Ref, uploadID string, want Expect) (UploadResult, error) {
	var res UploadResult
	owner, lock, err := s.ownerLock(uploadID)
	if err != nil {
		return res, err
	}
	defer lock.Release()
	if owner != nil {
		if err := s.client.CheckCustomerKeys(owner.Plan); err != nil {
			return res, fmt.Errorf("upload %s belongs to job %s: %w (s3parts resume %s completes it with its keys)", uploadID, owner.ID, err, owner.ID)
		}
	}
	stored, err := s.client.ListParts(ctx, ref, uploadID)
	if err != nil {
		return res, err
	}
	if owner != nil {
		if missing, extra := owner.Against(stored); len(missing)+len(extra) > 0 {
			return res, &ShortError{UploadID: uploadID, Owner: *owner, Missing: missing, Extra: extra}
		}
	}
	var bytes int64
	for _, p := range stored {
		bytes += p.Size
	}
	if (want.Parts > 0 && want.Parts != len(stored)) || (want.Bytes > 0 && want.Bytes != bytes) {
		return res, fmt.Errorf("upload %s holds %s, %s (%d bytes), not what was expected (%s): nothing was completed",
			uploadID, model.Count(len(stored), "part"), model.FormatSize(bytes), bytes, expected(want))
	}
	res.Completed, res.Parts, err = s.client.CompleteParts(ctx, ref, uploadID, stored, want.AllowGaps)
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
				"upload %s was completed from outside the job, from the %s it held, which do not make the object the job planned (%s in %s)",
				uploadID, model.Count(len(res.Parts), "part"), model.FormatSize(owner.Plan.TotalBytes()), model.Count(len(owner.Parts), "part"))}
			_ = settled.MoveTo(model.StateCompleted)
		}
		res.Warning = s.settle(settled)
		res.Owner = &settled
	}
	return res, nil
}

func expected(w Expect) string {
	var s []string
	if w.Parts > 0 {
		s = append(s, model.Count(w.Parts, "part"))
	}
	if w.Bytes > 0 {
		s = append(s, fmt.Sprintf("%d bytes", w.Bytes))
	}
	return strings.Join(s, ", ")
}

// OwnedError: an upload belongs to a job; two jobs must not copy into one
// upload, so going on with it is that job's to do.
type OwnedError struct {
	UploadID string
	Owner    model.Job
}

func (e *OwnedError) Error() string {
	return fmt.Sprintf("upload %s belongs to job %s (%s): two jobs must not copy into one upload; go on with that job",
		e.UploadID, e.Owner.ID, e.Owner.State)
}

// Adopted says what a job found in the upload it goes on with.
type Adopted struct {
	// Kept: parts the upload holds whose bytes are proven to be the
	// planned ranges of the source.
	Kept int
	// Other: planned part numbers the upload holds with other bytes or
	// sizes (or bytes that cannot be checked): copied again.
	Other int
	// Extra: part numbers the upload holds that the plan does not use.
	Extra []int32
}

// OnUpload makes a new job go on with an upload made elsewhere (another
// tool, or s3parts without a journal): the upload must belong to no job;
// the parts it holds are kept only when their bytes are proven to be the
// planned ranges of the source (MD5 of a ranged read = the part's ETag),
// and never those named in recopy. Start runs the job after.
func (s *Service) OnUpload(ctx context.Context, job *model.Job, uploadID string, stored []model.Part, recopy map[int32]bool) (Adopted, error) {
	var out Adopted
	if owner, ok := s.Owners()[uploadID]; ok {
		return out, &OwnedError{UploadID: uploadID, Owner: owner}
	}
	want := make(map[int32]model.ByteRange, len(job.Parts))
	for _, p := range job.Parts {
		want[p.Number] = p.Range
	}
	same, err := s.client.SameBytes(ctx, job.Plan.Source, job.Plan.NewObject(), want, stored)
	if err != nil {
		return out, fmt.Errorf("checking the parts upload %s holds against the source: %w", uploadID, err)
	}
	keep := func(p model.PlannedPart, _ model.Part) bool { return same[p.Number] && !recopy[p.Number] }
	if l := s.client.Preset().Limits; l.NoRecopy {
		// A part the upload holds and the job would copy again is refused
		// by the service (Garage: 400): say so before anything is sent.
		held := make(map[int32]bool, len(stored))
		for _, sp := range stored {
			held[sp.Number] = true
		}
		for _, p := range job.Parts {
			if held[p.Number] && !keep(p.PlannedPart, model.Part{}) {
				return out, fmt.Errorf("upload %s holds part %d with other bytes, or bytes that cannot be checked: %w", uploadID, p.Number, l.CheckRecopy(p.Number))
			}
		}
	}
	job.UploadID = uploadID
	out.Kept, out.Extra = job.AdoptStored(stored, keep)
	out.Other = len(stored) - out.Kept - len(out.Extra)
	return out, nil
}

// UploadInfo is what an upload holds and what completing it would make.
type UploadInfo struct {
	Parts []model.Part
	Bytes int64
	// Gaps names missing part numbers inside the numbering ("3, 7-9").
	Gaps string
	// Owner is the job that owns the upload (nil: none); Missing and Extra
	// compare the upload with its plan.
	Owner   *model.Job
	Missing []model.PlannedPart
	Extra   []int32
}

// InspectUpload reads an upload: its parts, the size the object would
// have, and — for an upload a job owns — the planned parts it lacks.
func (s *Service) InspectUpload(ctx context.Context, ref model.Ref, uploadID string) (UploadInfo, error) {
	var in UploadInfo
	parts, err := s.client.ListParts(ctx, ref, uploadID)
	if err != nil {
		return in, err
	}
	in.Parts, in.Gaps = parts, model.PartGaps(parts)
	for _, p := range parts {
		in.Bytes += p.Size
	}
	if owner, ok := s.Owners()[uploadID]; ok {
		if whole, err := s.readBack(owner.ID, model.Job{}); err == nil {
			in.Owner = &whole
			in.Missing, in.Extra = whole.Against(parts)
		}
	}
	return in, nil
}

// Expect is what a person (or a script) insists an upload holds before it
// is completed; zero values insist on nothing.
type Expect struct {
	AllowGaps bool
	Parts     int
	Bytes     int64
}

// ShortError: an upload a job owns lacks planned parts (or holds parts the
// plan does not use): completing it would not make the planned object.
type ShortError struct {
	UploadID string
	Owner    model.Job
	Missing  []model.PlannedPart
	Extra    []int32
}

func (e *ShortError) Error() string {
	var why []string
	if n := len(e.Missing); n > 0 {
		names := make([]string, 0, min(n, 10))
		for _, p := range e.Missing[:min(n, 10)] {
			names = append(names, fmt.Sprintf("%d (%s)", p.Number, p.Range))
		}
		more := ""
		if n > 10 {
			more = fmt.Sprintf(" and %d more", n-10)
		}
		why = append(why, fmt.Sprintf("lacks %d of its %d planned parts: %s%s", n, len(e.Owner.Plan.Parts), strings.Join(names, ", "), more))
	}
	if len(e.Extra) > 0 {
		why = append(why, fmt.Sprintf("holds parts %v the plan does not use", e.Extra))
	}
	return fmt.Sprintf("upload %s belongs to job %s and %s: completing it would not make the object the job planned (%s); nothing was completed",
		e.UploadID, e.Owner.ID, strings.Join(why, ", and "), model.FormatSize(e.Owner.Plan.TotalBytes()))
}

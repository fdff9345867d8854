package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"s3parts/journal"
	"s3parts/model"
	"s3parts/provider"
)

// hold takes a stopped job's lock and reads it back, for an action
// outside a run. A job this process runs is refused (cancel it first).
func (s *Service) hold(id string) (model.Job, *held, error) {
	_, known, err := s.stopped(id)
	if err != nil {
		return known, nil, fmt.Errorf("%w: cancel it first", err)
	}
	lock, err := s.lock(id)
	if err != nil {
		return known, nil, err
	}
	job, err := s.readBack(id, known)
	if err != nil {
		lock.Release()
		return job, nil, err
	}
	if job.State == model.StateRunning {
		job.State = model.StateInterrupted // we hold its lock: whoever ran it died
	}
	return job, lock, nil
}

// Abort aborts a job's open upload, with every part it holds, and settles
// the job as aborted. A job this process runs is stopped first. An upload
// already gone settles the job all the same (completed elsewhere: the
// object is checked).
func (s *Service) Abort(ctx context.Context, id string) (model.Job, error) {
	if s.client.ReadOnly() {
		return model.Job{}, ErrReadOnly
	}
	if in, ok := s.Summary(id); ok && in.Running {
		_ = s.Cancel(id)
		if _, err := s.Wait(ctx, id); err != nil {
			return model.Job{}, err
		}
	}
	job, lock, err := s.hold(id)
	if err != nil {
		return job, err
	}
	defer lock.Release()
	if here := s.where(); !job.Where.SameServer(here) {
		return job, &ElsewhereError{ID: id, Made: job.Where, Here: here}
	}
	if job.UploadID == "" || job.Completed {
		return job, fmt.Errorf("job %s: %w", id, ErrNoUpload)
	}
	err = s.client.Abort(ctx, job.Plan.Dest, job.UploadID)
	switch {
	case provider.IsCode(err, "NoSuchUpload"):
		settled, ok := s.settleGone(ctx, job)
		if !ok {
			return job, err
		}
		job = settled
	case err != nil:
		return job, err
	default:
		if err := job.ForgetUpload(&model.OpError{Code: "Aborted", Message: fmt.Sprintf("upload %s was aborted: its parts are gone", job.UploadID)}); err != nil {
			return job, err
		}
	}
	if err := s.settle(job); err != nil {
		return job, fmt.Errorf("upload %s was aborted, but %w", job.UploadID, err)
	}
	return job, nil
}

// ErrNoUpload: the job has no open upload.
var ErrNoUpload = errors.New("no open upload to abort")

// Complete goes on with a copied job (its upload left open on purpose):
// every part must be copied; the upload is completed and the object
// checked.
func (s *Service) Complete(ctx context.Context, id string) (Resumed, error) {
	return s.Resume(ctx, id, ResumeOptions{Edit: func(j *model.Job) error {
		if _, err := j.CompletedParts(); err != nil {
			return err
		}
		j.NoComplete = false
		return nil
	}})
}

// Dismiss puts a stopped job away (state dismissed, pruned later); with
// abortUpload its open upload is aborted first. Without, the upload stays
// for whoever wants it: the uploads screen still lists it.
func (s *Service) Dismiss(ctx context.Context, id string, abortUpload bool) (model.Job, error) {
	if abortUpload {
		if job, err := s.Abort(ctx, id); err != nil && !errors.Is(err, ErrNoUpload) {
			return job, err
		}
	}
	job, lock, err := s.hold(id)
	if err != nil {
		return job, err
	}
	defer lock.Release()
	if err := job.MoveTo(model.StateDismissed); err != nil {
		return job, err
	}
	return job, s.settle(job)
}

// Forget removes a stopped job's record from the journal at once. It
// refuses a job whose upload is open unless force: forgetting it would
// leave the upload with nobody to remember it.
// With force, a job file that cannot be read (damaged) goes too.
func (s *Service) Forget(id string, force bool) (model.Job, error) {
	job, lock, err := s.hold(id)
	var damaged *journal.DamagedError
	if errors.As(err, &damaged) && force && s.store != nil {
		if lock, err = s.lock(id); err == nil {
			defer lock.Release()
			err = s.store.Remove(id)
		}
		return job, err
	}
	if err != nil {
		return job, err
	}
	defer lock.Release()
	if job.Leaves() && !force {
		return job, fmt.Errorf("job %s still has upload %s of %s open: abort it first, or forget the job anyway with --force (the upload stays)", id, job.UploadID, job.Plan.Dest)
	}
	if s.store != nil {
		if err := s.store.Remove(id); err != nil {
			return job, err
		}
	}
	s.drop(id)
	return job, nil
}

func (s *Service) drop(id string) {
	s.mu.Lock()
	delete(s.entries, id)
	for i, o := range s.order {
		if o == id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
	s.publish(Event{Kind: JobRemoved, JobID: id})
}

// Prunable reports whether a job's record can go: it is settled, or it
// holds nothing on the server (no upload, nothing copied) and is not
// running.
func Prunable(j model.Job) bool {
	if j.Settled() {
		return true
	}
	return j.UploadID == "" && j.State != model.StateRunning && j.Progress().PartsDone == 0
}

// Prune removes the records of prunable jobs last changed before the
// time given (jobs another process holds are left alone), and names them.
func (s *Service) Prune(before time.Time) ([]string, error) {
	if s.store == nil {
		return nil, nil
	}
	jobs, _, err := s.store.List()
	if err != nil {
		return nil, err
	}
	var gone []string
	for _, j := range jobs {
		if !Prunable(j) || !j.UpdatedAt.Before(before) {
			continue
		}
		if in, ok := s.Get(j.ID); ok && in.Running {
			continue
		}
		lock, err := s.lock(j.ID)
		if err != nil {
			continue // held by another process: its record stays
		}
		if err := s.store.Remove(j.ID); err == nil {
			gone = append(gone, j.ID)
		}
		lock.Release()
	}
	for _, id := range gone {
		s.drop(id)
	}
	return gone, nil
}

// UploadClosed settles the jobs that used an upload this process has just
// completed or aborted outside any job (the uploads screen, s3parts
// complete or abort): the object is checked, or the job is aborted. It
// names the jobs it settled.
func (s *Service) UploadClosed(ctx context.Context, uploadID string) []model.Job {
	var settled []model.Job
	for _, j := range s.Owners() {
		if j.UploadID != uploadID {
			continue
		}
		if job, err := s.Settle(ctx, j.ID); err == nil {
			settled = append(settled, job)
		}
	}
	return settled
}

// Settle asks the server about a stopped job's upload: if it is gone, the
// job is settled (verified or completed when its object is there, aborted
// otherwise); if it is still open, nothing changes.
func (s *Service) Settle(ctx context.Context, id string) (model.Job, error) {
	job, lock, err := s.hold(id)
	if err != nil {
		return job, err
	}
	defer lock.Release()
	if job.UploadID == "" || job.Completed || job.Settled() || !job.Where.SameServer(s.where()) {
		return job, nil
	}
	// Without its customer keys the upload and the object cannot be read:
	// nothing can be told of the job, and it is left as it is.
	if err := s.client.CheckCustomerKeys(job.Plan); err != nil {
		return job, err
	}
	if _, err := s.client.ListParts(ctx, job.Plan.Dest, job.UploadID); !provider.IsCode(err, "NoSuchUpload") {
		return job, err
	}
	settled, ok := s.settleGone(ctx, job)
	if !ok {
		return job, nil
	}
	s.settle(settled)
	return settled, nil
}

// SettleAll settles, one after the other, every unfinished job of this
// server whose upload is open and that no process runs: what a UI does
// once at start, in the background. It names the jobs that changed.
func (s *Service) SettleAll(ctx context.Context) []model.Job {
	var changed []model.Job
	for _, in := range s.List() {
		j := in.Job
		if in.Running || in.HeldBy != nil || in.Elsewhere || j.UploadID == "" || j.Completed || j.Settled() {
			continue
		}
		if after, err := s.Settle(ctx, j.ID); err == nil && after.State != j.State {
			changed = append(changed, after)
		}
	}
	return changed
}

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

// ResumeOptions say how to go on with a job.
type ResumeOptions struct {
	// Restart copies everything again on a new upload when the job's
	// upload is gone (or was aborted).
	Restart bool
	// Here moves a job made on another server to this service's.
	Here bool
	// Edit changes the job before it runs again (parts to retry, a range,
	// the conditions); it runs after the upload was read back.
	Edit func(*model.Job) error
	// BeforeRestart, if set, is asked before a restart sends anything (it
	// may replace the destination): an error stops the resume.
	BeforeRestart func(model.Job) error
}

// Resumed says what going on with a job found.
type Resumed struct {
	provider.Reconciled
	// ReadBack: the upload was read back (the job came from the journal
	// or from another process); otherwise this process knew it already.
	ReadBack bool
	// Restarted: the upload was gone and the job starts over.
	Restarted bool
}

// Resume goes on with a job that is not running: a retry, a resume after
// a crash, a completion of a copied job. It takes the job's lock, reads
// the job back from the journal, reads its upload back when another
// process may have changed it, checks that its source is unchanged, and
// runs it under ctx in the background.
func (s *Service) Resume(ctx context.Context, id string, o ResumeOptions) (Resumed, error) {
	var res Resumed
	if s.client.ReadOnly() {
		return res, ErrReadOnly
	}
	e, known, err := s.stopped(id)
	if err != nil {
		return res, err
	}
	lock, err := s.lock(id)
	if err != nil {
		return res, err
	}
	job, err := s.readBack(id, known)
	if err != nil {
		lock.Release()
		return res, err
	}
	release := func(err error) (Resumed, error) {
		lock.Release()
		return res, err
	}
	if here := s.where(); !job.Where.SameServer(here) {
		if !o.Here {
			return release(&ElsewhereError{ID: id, Made: job.Where, Here: here})
		}
		job.Where = here
	}
	switch job.State {
	case model.StateVerified:
		return release(fmt.Errorf("job %s is finished: %s was completed and verified; there is nothing to resume", id, job.Plan.Dest))
	case model.StateDismissed:
		return release(fmt.Errorf("job %s was dismissed; there is nothing to resume", id))
	case model.StateRunning:
		job.State = model.StateInterrupted // its lock is ours: whoever ran it died
	}
	// Customer keys are never kept: without them nothing can be read of
	// the upload, so nothing is sent.
	if err := s.client.CheckCustomerKeys(job.Plan); err != nil {
		var missing *provider.MissingKeyError
		if errors.As(err, &missing) {
			err = fmt.Errorf("%w (s3parts resume %s %s KEYFILE)", err, id, missing.Flag)
		}
		return release(fmt.Errorf("job %s: %w", id, err))
	}
	// The journal's word may be newer than ours (another process ran the
	// job), or only the journal's (a crash): the upload says what it holds.
	res.ReadBack = e == nil || !e.ranHere || !known.UpdatedAt.Equal(job.UpdatedAt) || job.State == model.StateInterrupted
	if job.State == model.StateAborted {
		if !o.Restart {
			return release(fmt.Errorf("job %s: %w", id, ErrAborted))
		}
		job, res.Restarted = job.Restart(), true
	} else if res.ReadBack {
		rec, rep, err := s.client.Reconcile(ctx, job)
		res.Reconciled = rep
		switch {
		case errors.Is(err, provider.ErrUploadGone) && o.Restart:
			job, res.Restarted = job.Restart(), true
		case errors.Is(err, provider.ErrUploadGone):
			// Aborted elsewhere (Reconcile found no object it made): the
			// job is settled, and says so.
			if gone, ok := abortedElsewhere(job); ok {
				s.settle(gone)
			}
			return release(err)
		case err != nil:
			return release(err)
		case rep.Unproven:
			done := completedUnproven(rec)
			s.settle(done)
			return release(fmt.Errorf("job %s: %s", id, done.Err.Message))
		default:
			job = rec
		}
	}
	if res.Restarted && o.BeforeRestart != nil {
		if err := o.BeforeRestart(job); err != nil {
			return release(err)
		}
	}
	if o.Edit != nil {
		before := job.Clone()
		if err := o.Edit(&job); err != nil {
			return release(err)
		}
		if err := s.checkEdit(before, job); err != nil {
			return release(err)
		}
	}
	if err := s.sourceUnchanged(ctx, job); err != nil {
		return release(err)
	}
	if err := s.save(job); err != nil {
		return release(fmt.Errorf("the job cannot be journaled, so it was not resumed (nothing was sent): %w", err))
	}
	ne := &entry{job: job}
	s.mu.Lock()
	s.put(ne)
	s.mu.Unlock()
	s.publish(Event{Kind: JobChanged, JobID: id, Job: summary(job)})
	if err := s.run(ctx, ne, lock); err != nil {
		return release(err)
	}
	return res, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// settle records a job that changed outside a run (aborted, completed
// or found gone elsewhere, dismissed): journaled, and told to the
// subscribers as settled. The change stands in this process even when
// the journal cannot be written (the server already changed): the failure
// is told as a note and returned.
func (s *Service) settle(job model.Job) error {
	job.UpdatedAt = time.Now()
	err := s.save(job)
	if err != nil {
		s.publish(Event{Kind: JobNote, JobID: job.ID, Warn: true, Note: "could not journal job " + job.ID + ": " + err.Error()})
	}
	s.mu.Lock()
	e := s.entries[job.ID]
	if e == nil {
		e = &entry{}
	}
	e.job, e.note, e.heldBy = job, "", nil
	s.put(e)
	s.mu.Unlock()
	s.publish(Event{Kind: JobSettled, JobID: job.ID, Job: job.Clone()})
	return err
}

// readBack is the latest word on a job: the journal's, or what this
// process knows when there is no journal.
func (s *Service) readBack(id string, known model.Job) (model.Job, error) {
	if s.store == nil {
		if known.ID == "" {
			return known, fmt.Errorf("job %s: %w", id, ErrNotFound)
		}
		return known, nil
	}
	job, err := s.store.Load(id)
	if errors.Is(err, journal.ErrNoJob) && known.ID != "" {
		return known, nil // a job the journal lost (a failed write): ours stands
	}
	return job, err
}

// sourceUnchanged refuses to go on copying from a source that changed
// since the plan read it, while the job guards its parts with If-Match on
// the old ETag: every part left would fail, and the upload could never
// be completed.
func (s *Service) sourceUnchanged(ctx context.Context, job model.Job) error {
	p := job.Progress()
	c := job.Plan.Conditions
	if job.Completed || p.PartsDone == p.PartsTotal || c.IfMatch == "" || !model.SameETag(c.IfMatch, job.Plan.SourceETag) {
		return nil
	}
	info, err := s.client.HeadObject(ctx, job.Plan.Source)
	if job.Plan.Single {
		// One CopyObject copies one version whole: a changed source needs a
		// new plan (its If-Match would refuse), a gone one has nothing left.
		switch {
		case provider.IsNotFound(err):
			return fmt.Errorf("job %s: its source %s is gone: there is nothing to copy", job.ID, job.Plan.Source)
		case err != nil:
			return fmt.Errorf("job %s: reading its source %s: %w", job.ID, job.Plan.Source, err)
		case !model.SameETag(info.ETag, job.Plan.SourceETag):
			return fmt.Errorf("job %s: its source %s changed since it was planned (ETag %s, now %s): copy the new version anew", job.ID, job.Plan.Source, job.Plan.SourceETag, info.ETag)
		}
		return nil
	}
	if err != nil {
		if provider.IsNotFound(err) {
			return fmt.Errorf("job %s: its source %s is gone: the %d parts left can never be copied; abort the upload and copy anew", job.ID, job.Plan.Source, p.PartsTotal-p.PartsDone)
		}
		return fmt.Errorf("job %s: reading its source %s: %w", job.ID, job.Plan.Source, err)
	}
	if !model.SameETag(info.ETag, job.Plan.SourceETag) {
		return fmt.Errorf("job %s: its source %s changed since the copy began (ETag %s, now %s): the %d parts left could never join the %d copied; "+
			"abort its upload and copy the new version", job.ID, job.Plan.Source, job.Plan.SourceETag, info.ETag, p.PartsTotal-p.PartsDone, p.PartsDone)
	}
	return nil
}

// stopped is this process's entry for a job that is not running (nil if
// none) and a copy of the job. A run that has told its end but is still
// journaling it is waited for: a retry pressed in that moment goes through.
func (s *Service) stopped(id string) (*entry, model.Job, error) {
	s.mu.Lock()
	e := s.entries[id]
	if e != nil && e.active() {
		s.mu.Unlock()
		return nil, model.Job{}, fmt.Errorf("job %s: %w", id, ErrRunning)
	}
	var done chan struct{}
	if e != nil && e.running() {
		done = e.done
	}
	s.mu.Unlock()
	if done != nil {
		<-done
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e = s.entries[id]; e == nil {
		return nil, model.Job{}, nil
	}
	return e, e.job.Clone(), nil
}

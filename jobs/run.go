package jobs

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"s3parts/journal"
	"s3parts/model"
	"s3parts/provider"
)

// Start journals a new job, takes its lock and runs it in the background
// under ctx. It refuses, with nothing journaled or sent, when read-only
// mode is on or the journal cannot be written: a job that cannot be
// journaled would be lost at the first crash, with its upload.
func (s *Service) Start(ctx context.Context, job model.Job) error {
	if s.client.ReadOnly() {
		return ErrReadOnly
	}
	job = job.Clone()
	job.Where = s.where()
	s.mu.Lock()
	if _, dup := s.entries[job.ID]; dup {
		s.mu.Unlock()
		return fmt.Errorf("job %s exists already", job.ID)
	}
	s.mu.Unlock()
	if job.UploadID != "" {
		if owner, ok := s.Owners()[job.UploadID]; ok {
			return &OwnedError{UploadID: job.UploadID, Owner: owner}
		}
	}
	unrecorded := func(err error) error {
		return fmt.Errorf("the job cannot be journaled, so it was not started (nothing was sent): %w; "+
			"make the state directory writable, or run with --no-journal to copy without a record", err)
	}
	lock, err := s.lock(job.ID)
	if err != nil {
		return unrecorded(err)
	}
	if err := s.save(job); err != nil {
		lock.Release()
		return unrecorded(err)
	}
	e := &entry{job: job}
	s.mu.Lock()
	s.put(e)
	s.mu.Unlock()
	s.publish(Event{Kind: JobChanged, JobID: job.ID, Job: summary(job)})
	if err := s.run(ctx, e, lock); err != nil {
		lock.Release()
		return err
	}
	return nil
}

func (s *Service) save(job model.Job) error {
	if s.store == nil {
		return nil
	}
	return s.store.Save(job)
}

func summary(j model.Job) model.Job {
	j.Parts, j.Plan.Parts, j.Unknown = nil, nil, nil
	return j
}

// ErrAborted: the job was aborted; only a restart on a new upload goes on.
var ErrAborted = errors.New("it was aborted, and its upload's parts with it: a restart copies everything again on a new upload")

// checkEdit holds an edited job (a range, the conditions) to the
// provider's rules, and refuses an If-Match that would let the parts left
// come from other data than the parts copied: the object would mix two.
func (s *Service) checkEdit(before, after model.Job) error {
	preset := s.client.Preset()
	if err := after.Plan.Conditions.Validate(preset.ConditionRule); err != nil {
		return err
	}
	if err := after.Plan.CheckParts(preset.Limits); err != nil {
		return err
	}
	c, was := after.Plan.Conditions, before.Plan.Conditions
	if done := before.Progress().PartsDone; done > 0 && c.IfMatch != "" && !model.SameETag(c.IfMatch, was.IfMatch) && !model.SameETag(c.IfMatch, after.Plan.SourceETag) {
		return fmt.Errorf("%d parts were copied from the source with ETag %s; If-Match %s names other data and would mix two objects: start a new copy instead",
			done, after.Plan.SourceETag, c.IfMatch)
	}
	return nil
}

// ErrClosing: the service is closing (the process is quitting); the job
// was not started and stays as journaled.
var ErrClosing = errors.New("s3parts is quitting: the job was not started")

// run starts the engine on e's job; the caller holds its lock, which the
// run releases when its end is journaled (or the caller, on an error).
func (s *Service) run(ctx context.Context, e *entry, lock *held) error {
	ctx, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	eng := &provider.Engine{Client: s.client, Concurrency: cmp.Or(e.job.Concurrency, s.opts.Concurrency), MaxConcurrency: s.opts.MaxConcurrency, PartAttempts: s.opts.PartAttempts,
		AttemptTimeout: s.opts.AttemptTimeout, Backoff: s.opts.Backoff, AbortIfNothingCopied: true}
	var rec *journal.Recorder
	if s.store != nil {
		rec = journal.NewRecorder(s.store, s.opts.JournalEvery, func(err error) {
			// The copy must not go on without a record of it.
			cancel(&model.OpError{Op: "journal", Code: "JournalFailed",
				Message: fmt.Sprintf("the job's journal could not be written (%v): the copy was stopped", err)})
		})
		eng.OnChange, eng.BeforeComplete = rec.OnChange, rec.Flush
	}
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		cancel(nil)
		return ErrClosing
	}
	s.runs.Add(1) // under s.mu, so Close never misses a run
	e.lock, e.cancel, e.done = lock, func() { cancel(nil) }, done
	e.started, e.bytesAtStart, e.heldBy = time.Now(), e.tally().Progress().BytesDone, nil
	job := e.job.Clone()
	s.mu.Unlock()

	events := make(chan provider.Event, 256)
	applied := make(chan struct{})
	go func() {
		defer close(applied)
		for ev := range events {
			s.apply(e, ev)
		}
	}()
	go func() {
		defer s.runs.Done()
		final := eng.Run(ctx, job, events)
		close(events)
		<-applied // no late event may overwrite the final state
		if rec != nil {
			rec.Close()
		}
		s.finish(e, final, lock)
		cancel(nil)
		close(done)
	}()
	return nil
}

// apply takes one engine event into the job and tells the subscribers.
func (s *Service) apply(e *entry, ev provider.Event) {
	s.mu.Lock()
	if e.phase != ev.Phase {
		e.phase, e.phaseSince = ev.Phase, time.Now()
	}
	out := Event{JobID: ev.JobID, Phase: ev.Phase}
	if ev.Part != nil {
		e.flow = ev.Flow
		e.setPart(*ev.Part)
		p := *ev.Part
		out.Kind, out.Part = PartChanged, &p
	} else {
		parts := e.job.Parts
		e.job = ev.Job
		e.job.Parts = parts
		out.Kind, out.Job = JobChanged, summary(e.job)
	}
	s.mu.Unlock()
	s.publish(out)
}

// finish settles a run's end: parts the server stored whose answers were
// lost count as stored, an upload found gone settles the job, and the
// final state is journaled before the lock is released.
func (s *Service) finish(e *entry, final model.Job, lock *held) {
	// The run's own context may be cancelled (a quit, ctrl+c): the server
	// is still asked, briefly.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var note string
	switch {
	case final.State == model.StateFailed && provider.IsCode(final.Err, "NoSuchUpload"):
		var settled bool
		final, settled = s.settleGone(ctx, final)
		if settled {
			note = "its upload was completed or aborted elsewhere"
		}
	case (final.State == model.StateCancelled || final.State == model.StateFailed) && final.CreatedUpload && final.UploadID != "":
		if n := s.adoptStored(ctx, &final); n > 0 {
			note = fmt.Sprintf("the server had stored %d more parts than their answers said: counted as copied", n)
		}
	}
	final.UpdatedAt = time.Now()
	jerr := s.save(final)
	s.mu.Lock()
	e.job, e.phase = final, provider.PhaseFinished
	e.cancel, e.lock, e.note, e.ranHere = nil, nil, "", jerr == nil
	s.mu.Unlock()
	lock.Release()
	if jerr != nil {
		s.publish(Event{Kind: JobNote, JobID: final.ID, Warn: true, Note: "the job's end could not be journaled: " + jerr.Error()})
	}
	if note != "" {
		s.publish(Event{Kind: JobNote, JobID: final.ID, Note: note})
	}
	s.publish(Event{Kind: JobSettled, JobID: final.ID, Job: final.Clone()})
}

// adoptStored reads back the upload of a job that made it and stopped:
// an attempt whose answer was lost (cancelled, timed out) may have been
// stored all the same, and the upload's word counts. Nobody else writes
// into an upload a job made while it holds the lock, so a stored part of
// the planned size is that job's. It returns how many parts it adopted.
func (s *Service) adoptStored(ctx context.Context, job *model.Job) int {
	stored, err := s.client.ListParts(ctx, job.Plan.Dest, job.UploadID)
	if err != nil {
		return 0
	}
	byNum := make(map[int32]model.Part, len(stored))
	for _, p := range stored {
		byNum[p.Number] = p
	}
	n := 0
	for i := range job.Parts {
		p := &job.Parts[i]
		st, ok := byNum[p.Number]
		if p.State == model.StateDone || !ok || p.Attempts == 0 || st.Size != p.Range.Len() || st.ETag == "" {
			continue
		}
		p.State, p.ETag, p.LastModified, p.Origin, p.Err = model.StateDone, st.ETag, st.LastModified, model.OriginStored, nil
		n++
	}
	return n
}

// settleGone decides what became of a job whose upload is gone: the
// object its parts make is there (completed elsewhere, or by a kill
// during completion), or the upload was aborted. It reports whether it
// could tell.
func (s *Service) settleGone(ctx context.Context, job model.Job) (model.Job, bool) {
	rec, rep, err := s.client.Reconcile(ctx, job)
	switch {
	case err == nil && rep.Unproven:
		return completedUnproven(rec), true
	case err == nil && rep.AlreadyCompleted:
		// The engine checks the object: verified, or completed if it fails.
		checked := (&provider.Engine{Client: s.client}).Run(ctx, rec, nil)
		return checked, true
	case errors.Is(err, provider.ErrUploadGone):
		return abortedElsewhere(job)
	}
	return job, false
}

// completedUnproven is a job whose upload is gone and whose destination
// holds an object that is likely, not provably, made of its parts: it is
// completed and says why it is not verified.
func completedUnproven(j model.Job) model.Job {
	j = j.Clone()
	j.Err = &model.OpError{Op: "verify", Code: "NotVerified", Message: fmt.Sprintf(
		"upload %s was completed outside this run; %s has the planned size and part count and is newer than the job, "+
			"but this provider's ETags cannot prove it is made of the job's parts", j.UploadID, j.Plan.Dest)}
	_ = j.MoveTo(model.StateCompleted)
	return j
}

// abortedElsewhere is a job whose upload is gone without making its
// object: aborted, here or by another tool.
func abortedElsewhere(job model.Job) (model.Job, bool) {
	j := job.Clone()
	err := j.ForgetUpload(&model.OpError{Code: "UploadGone", Message: fmt.Sprintf(
		"upload %s was aborted (here or by another tool), and its parts with it; nothing of this copy remains", job.UploadID)})
	return j, err == nil
}

package jobs

import (
	"context"
	"fmt"

	"s3parts/model"
)

// Cancel stops a job this process runs; its upload stays open, and the
// job ends cancelled.
func (s *Service) Cancel(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.entries[id]
	if e == nil || !e.running() {
		return fmt.Errorf("job %s is not running here", id)
	}
	e.cancel()
	return nil
}

// CancelAll stops every job this process runs and returns their ids.
func (s *Service) CancelAll() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, id := range s.order {
		if e := s.entries[id]; e.running() {
			e.cancel()
			ids = append(ids, id)
		}
	}
	return ids
}

// Wait blocks until the job's run (if any) has ended and its end is
// journaled, and returns the job.
func (s *Service) Wait(ctx context.Context, id string) (model.Job, error) {
	s.mu.Lock()
	e := s.entries[id]
	var done chan struct{}
	if e != nil {
		done = e.done
	}
	s.mu.Unlock()
	if e == nil {
		return model.Job{}, fmt.Errorf("job %s: %w", id, ErrNotFound)
	}
	if done != nil {
		select {
		case <-done:
		case <-ctx.Done():
			return model.Job{}, ctx.Err()
		}
	}
	in, _ := s.Get(id)
	return in.Job, nil
}

// Close starts no more runs and waits for every run to end and be
// journaled (cancel them first to stop them).
func (s *Service) Close() {
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	s.runs.Wait()
}

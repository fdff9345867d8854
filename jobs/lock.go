package jobs

import (
	"sync"

	"s3parts/journal"
)

// held is a job's lock as this service holds it: this service's own
// mutex for the job, then the OS lock every process takes (journal.Lock).
// The mutex makes this process's own actions on one job wait for each
// other (a settle at start, a resume pressed meanwhile) instead of being
// refused as if another process held the job.
type held struct {
	mu *sync.Mutex
	fl *journal.Lock
}

// Release gives both up; a nil held is a no-op.
func (h *held) Release() {
	if h == nil {
		return
	}
	h.fl.Release()
	h.mu.Unlock()
}

// lock takes a job's lock; another process holding it is an error
// (*journal.LockedError) naming it.
func (s *Service) lock(id string) (*held, error) {
	s.mu.Lock()
	mu := s.mutexes[id]
	if mu == nil {
		mu = &sync.Mutex{}
		s.mutexes[id] = mu
	}
	s.mu.Unlock()
	mu.Lock()
	h := &held{mu: mu}
	if s.store != nil {
		fl, err := s.store.Lock(id, s.opts.What)
		if err != nil {
			mu.Unlock()
			return nil, err
		}
		h.fl = fl
	}
	return h, nil
}

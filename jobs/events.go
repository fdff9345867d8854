package jobs

import (
	"context"
	"errors"
	"sync"

	"s3parts/model"
	"s3parts/provider"
)

// EventKind says what an Event tells.
type EventKind int

const (
	// PartChanged: one part changed (Event.Part).
	PartChanged EventKind = iota
	// JobChanged: a job's state, phase or upload changed, or a job was
	// added or read back (Event.Job, without its parts).
	JobChanged
	// JobSettled: a run or an action on a job ended; Event.Job is the job
	// as it now stands, parts included. Status lines about the job end
	// here.
	JobSettled
	// JobNote: a line for the person about a job (Event.Note), a warning
	// when Event.Warn.
	JobNote
	// JobRemoved: the job was forgotten or pruned.
	JobRemoved
)

// Event is one thing that happened to a job.
type Event struct {
	Kind  EventKind
	JobID string
	Phase provider.Phase
	Part  *model.PartState
	Job   model.Job
	Note  string
	Warn  bool
}

// Subscription receives every event of the service from the moment it was
// made, in order, none dropped: events queue until read, so a slow reader
// never holds a copy up.
type Subscription struct {
	s     *Service
	mu    sync.Mutex
	queue []Event
	ready chan struct{}
	done  bool
}

// ErrClosed: the subscription was closed.
var ErrClosed = errors.New("jobs: subscription closed")

// Subscribe starts a subscription; Close it when done.
func (s *Service) Subscribe() *Subscription {
	sub := &Subscription{s: s, ready: make(chan struct{}, 1)}
	s.subMu.Lock()
	s.subs[sub] = struct{}{}
	s.subMu.Unlock()
	return sub
}

// Next waits for events and returns every one queued, oldest first.
func (sub *Subscription) Next(ctx context.Context) ([]Event, error) {
	for {
		sub.mu.Lock()
		if len(sub.queue) > 0 {
			evs := sub.queue
			sub.queue = nil
			sub.mu.Unlock()
			return evs, nil
		}
		done := sub.done
		sub.mu.Unlock()
		if done {
			return nil, ErrClosed
		}
		select {
		case <-sub.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Close ends the subscription; a waiting Next returns ErrClosed.
func (sub *Subscription) Close() {
	sub.s.subMu.Lock()
	delete(sub.s.subs, sub)
	sub.s.subMu.Unlock()
	sub.mu.Lock()
	sub.done = true
	sub.mu.Unlock()
	sub.wake()
}

func (sub *Subscription) push(ev Event) {
	sub.mu.Lock()
	sub.queue = append(sub.queue, ev)
	sub.mu.Unlock()
	sub.wake()
}

func (sub *Subscription) wake() {
	select {
	case sub.ready <- struct{}{}:
	default:
	}
}

// publish hands ev to every subscriber.
func (s *Service) publish(ev Event) {
	s.subMu.Lock()
	defer s.subMu.Unlock()
	for sub := range s.subs {
		sub.push(ev)
	}
}

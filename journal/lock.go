package journal

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// A job is run by one process at a time: the process holds an OS file lock
// on <id>.lock for as long as it runs the job, and says who it is in
// <id>.holder. The OS drops the lock when the process dies, however it
// dies, so a lock left by a dead process never blocks; the holder file is
// only read while the lock is held.

// Holder is the process that runs a job.
type Holder struct {
	PID   int       `json:"pid"`
	Host  string    `json:"host,omitempty"`
	Since time.Time `json:"since"`
	// What the process is: "s3parts copy", "s3parts resume", "the terminal UI".
	What string `json:"what,omitempty"`
}

func (h Holder) String() string {
	s := fmt.Sprintf("process %d", h.PID)
	if host, _ := os.Hostname(); h.Host != "" && h.Host != host {
		s += " on " + h.Host
	}
	if h.What != "" {
		s += " (" + h.What + ")"
	}
	if !h.Since.IsZero() {
		when := h.Since.Local()
		if y, m, d := when.Date(); time.Now().Local().Format("2006-01-02") == fmt.Sprintf("%04d-%02d-%02d", y, m, d) {
			s += " since " + when.Format("15:04")
		} else {
			s += " since " + when.Format("2006-01-02 15:04")
		}
	}
	return s
}

// LockedError: another process runs the job; nothing was changed.
type LockedError struct {
	ID     string
	Holder *Holder // nil when the holder did not say who it is (yet)
}

func (e *LockedError) Error() string {
	who := "another process"
	if e.Holder != nil {
		who = e.Holder.String()
	}
	return fmt.Sprintf("job %s is running in %s; wait for it or stop it (nothing was changed)", e.ID, who)
}

// Lock is a job lock this process holds.
type Lock struct {
	store *Store
	id    string
	fl    *flock.Flock
}

func (s *Store) lockPath(id string) string   { return filepath.Join(s.Dir, id+".lock") }
func (s *Store) holderPath(id string) string { return filepath.Join(s.Dir, id+".holder") }

// Lock takes the job's lock for this process, or returns a *LockedError
// naming the process that holds it. what says what this process is.
func (s *Store) Lock(id, what string) (*Lock, error) {
	if err := validID(id); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	fl := flock.New(s.lockPath(id), flock.SetPermissions(0o600))
	// A moment's wait rides over another process looking (HeldBy takes
	// the lock for an instant), without ever waiting on a real holder.
	var ok bool
	for try := 0; try < 4 && !ok; try++ {
		if try > 0 {
			time.Sleep(25 * time.Millisecond)
		}
		var err error
		if ok, err = fl.TryLock(); err != nil {
			return nil, fmt.Errorf("journal: locking job %s: %w", id, err)
		}
	}
	if !ok {
		return nil, &LockedError{ID: id, Holder: s.holder(id)}
	}
	host, _ := os.Hostname()
	b, _ := json.Marshal(Holder{PID: os.Getpid(), Host: host, Since: time.Now().UTC(), What: what})
	if err := writeAtomic(s.Dir, s.holderPath(id), id+".holder", b); err != nil {
		fl.Unlock()
		return nil, err
	}
	return &Lock{store: s, id: id, fl: fl}, nil
}

// Release gives the lock up. The holder file goes first, while the lock
// is still held, so it can never take away the next holder's.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	os.Remove(l.store.holderPath(l.id))
	return l.fl.Unlock()
}

// HeldBy reports the process that holds the job's lock, if one does. It
// takes the lock for a moment to find out, so a job this process holds
// reports this process.
func (s *Store) HeldBy(id string) (*Holder, bool) {
	if validID(id) != nil {
		return nil, false
	}
	fl := flock.New(s.lockPath(id), flock.SetPermissions(0o600))
	ok, err := fl.TryLock()
	if err != nil {
		// No lock file (a job never run since locks exist) or no access:
		// nobody is known to hold it.
		return nil, false
	}
	if ok {
		fl.Unlock()
		return nil, false
	}
	if h := s.holder(id); h != nil {
		return h, true
	}
	return &Holder{}, true
}

func (s *Store) holder(id string) *Holder {
	b, err := os.ReadFile(s.holderPath(id))
	if err != nil {
		return nil
	}
	var h Holder
	if json.Unmarshal(b, &h) != nil || h.PID == 0 {
		return nil
	}
	return &h
}

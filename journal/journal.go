// Package journal keeps every copy job on disk, one JSON file per job in
// the user's state directory, rewritten atomically (temporary file, fsync,
// rename, fsync of the directory) so that a kill at any instant leaves the
// last complete state readable. A job can then be listed and resumed after
// a crash, by the commands or the UI.
package journal

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"s3parts/model"
)

// Store is a directory of job files.
type Store struct {
	Dir string
}

// DefaultDir is $XDG_STATE_HOME/s3parts/jobs, else ~/.local/state/s3parts/jobs
// (on Windows %LocalAppData%\s3parts\jobs).
func DefaultDir() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "s3parts", "jobs"), nil
	}
	if runtime.GOOS == "windows" {
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "s3parts", "jobs"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no place for the job journal: %w (set XDG_STATE_HOME)", err)
	}
	return filepath.Join(home, ".local", "state", "s3parts", "jobs"), nil
}

// Open returns the store in DefaultDir.
func Open() (*Store, error) {
	d, err := DefaultDir()
	if err != nil {
		return nil, err
	}
	return &Store{Dir: d}, nil
}

// Path is where a job's file lives.
func (s *Store) Path(id string) string { return filepath.Join(s.Dir, id+".json") }

// Save writes the job atomically; the file is readable by its owner only.
func (s *Store) Save(job model.Job) error {
	if err := validID(job.ID); err != nil {
		return err
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	b, err := json.MarshalIndent(job, "", "  ")
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	f, err := os.CreateTemp(s.Dir, job.ID+".*.tmp") // 0600
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	tmp := f.Name()
	_, werr := f.Write(b)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("journal: writing %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, s.Path(job.ID)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("journal: %w", err)
	}
	// The rename itself must reach the disk, or a crash could bring the
	// old file back.
	if d, err := os.Open(s.Dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Load reads one job.
func (s *Store) Load(id string) (model.Job, error) {
	var job model.Job
	if err := validID(id); err != nil {
		return job, err
	}
	b, err := os.ReadFile(s.Path(id))
	if errors.Is(err, os.ErrNotExist) {
		return job, fmt.Errorf("no job %q in the journal (%s): s3parts jobs lists them", id, s.Dir)
	}
	if err != nil {
		return job, fmt.Errorf("journal: %w", err)
	}
	if err := json.Unmarshal(b, &job); err != nil {
		return job, fmt.Errorf("journal: job file %s is damaged: %w", s.Path(id), err)
	}
	return job, nil
}

// List reads every job, most recently changed first. Damaged files are
// reported in the error but do not hide the others.
func (s *Store) List() ([]model.Job, error) {
	entries, err := os.ReadDir(s.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	var jobs []model.Job
	var errs []error
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || e.IsDir() {
			continue
		}
		j, err := s.Load(id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		jobs = append(jobs, j)
	}
	slices.SortFunc(jobs, func(a, b model.Job) int { return cmp.Compare(b.UpdatedAt.UnixNano(), a.UpdatedAt.UnixNano()) })
	return jobs, errors.Join(errs...)
}

// Unfinished reports whether a job still has work or an open upload.
func Unfinished(j model.Job) bool {
	switch {
	case j.Completed && j.Verified:
		return false
	case j.State == model.StateCancelled && j.UploadID == "" && j.Progress().PartsDone == 0:
		return false // aborted, or cancelled before anything was sent
	}
	return true
}

func validID(id string) error {
	if id == "" || strings.ContainsAny(id, `/\.`) {
		return fmt.Errorf("job id %q is not valid", id)
	}
	return nil
}

// Recorder journals a running job from the engine's OnChange. Part changes
// are written at most every interval: a part finished in the last moments
// before a crash is found again in the upload by resume (its bytes are
// checked), so nothing is lost. Job-level changes are written at once.
type Recorder struct {
	store    *Store
	interval time.Duration

	mu      sync.Mutex
	last    time.Time
	pending *model.Job
	prev    model.Job
	err     error
}

// NewRecorder journals into store, part changes at most every interval.
func NewRecorder(store *Store, interval time.Duration) *Recorder {
	return &Recorder{store: store, interval: interval}
}

// OnChange is the engine's hook.
func (r *Recorder) OnChange(job model.Job) {
	r.mu.Lock()
	defer r.mu.Unlock()
	jobLevel := job.State != r.prev.State || job.UploadID != r.prev.UploadID || job.Completed != r.prev.Completed ||
		job.Verified != r.prev.Verified || (job.Err == nil) != (r.prev.Err == nil)
	r.prev = job
	if !jobLevel && time.Since(r.last) < r.interval {
		r.pending = &job
		return
	}
	r.write(job)
}

func (r *Recorder) write(job model.Job) {
	r.pending = nil
	r.last = time.Now()
	if err := r.store.Save(job); err != nil && r.err == nil {
		r.err = err
	}
}

// Close writes what is pending and reports the first write error.
func (r *Recorder) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending != nil {
		r.write(*r.pending)
	}
	return r.err
}

package journal

import (
	"sync"
	"time"

	"s3parts/model"
)

// Recorder journals a running job from the engine's OnChange. Part changes
// are written at most every interval: a part finished in the last moments
// before a crash is found again in the upload by resume (its bytes are
// checked), so nothing is lost. Job-level changes are written at once.
type Recorder struct {
	store    *Store
	interval time.Duration
	// onError hears the first write that fails, at once: a job whose
	// journal cannot be written must not run on as if it were.
	onError func(error)

	mu      sync.Mutex
	last    time.Time
	pending *model.Job
	prev    model.Job
	err     error
}

// NewRecorder journals into store, part changes at most every interval;
// onError (may be nil) hears the first failed write.
func NewRecorder(store *Store, interval time.Duration, onError func(error)) *Recorder {
	return &Recorder{store: store, interval: interval, onError: onError}
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
		if r.onError != nil {
			r.onError(err)
		}
	}
}

// Flush writes what is pending and reports the first write error.
func (r *Recorder) Flush() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending != nil {
		r.write(*r.pending)
	}
	return r.err
}

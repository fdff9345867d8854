package journal

import (
	"errors"
	"os"
	"sync"
	"time"

	"s3parts/model"
)

// Recorder journals a running job from the engine's OnChange, at a cost
// per change that does not grow with the job: a part change is a line
// appended to the job's log, the lines of an interval written together
// (one write, one fsync), each part once with its latest state. A part
// finished in the last moments before a crash is found again in the
// upload by resume (its bytes are checked), so nothing is lost. A
// job-level change is written at once, as a line of its own after the
// parts held back. The first change, and a log grown past the job's part
// count, are written as a new snapshot of the whole job (compaction),
// which the change's Whole gives: the recorder keeps no copy of the parts.
type Recorder struct {
	store    *Store
	interval time.Duration
	// onError hears the first write that fails, at once: a job whose
	// journal cannot be written must not run on as if it were.
	onError func(error)

	mu sync.Mutex
	// summary holds the job-level fields of the last change, whole the
	// way to the whole job, parts the job's part count (from the last
	// snapshot written).
	summary model.Job
	whole   func() model.Job
	parts   int
	// gen is the generation of the snapshot on disk, which the log's
	// lines carry (0: none written yet); logLines counts them.
	gen      int64
	log      *os.File
	logLines int
	// dirty are the parts changed since the last write, each with its
	// latest state; jobDirty: the job-level fields changed.
	dirty    map[int]model.PartState
	jobDirty bool
	last     time.Time
	timer    *time.Timer
	// torn: an append failed, maybe halfway through a line: the next one
	// starts on a line of its own.
	torn   bool
	err    error
	closed bool
	buf    []byte
	enc    partEncoder
}

// NewRecorder journals into store, part changes at most every interval;
// onError (may be nil) hears the first failed write.
func NewRecorder(store *Store, interval time.Duration, onError func(error)) *Recorder {
	return &Recorder{store: store, interval: interval, onError: onError, dirty: map[int]model.PartState{}}
}

// OnChange is the engine's hook.
func (r *Recorder) OnChange(c model.Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.summary = c.Job
	if c.Whole != nil {
		r.whole = c.Whole
	}
	if c.JobLevel() {
		r.jobDirty = true
	} else {
		r.dirty[c.Index] = c.Part
	}
	switch wait := r.interval - time.Since(r.last); {
	case r.gen == 0:
		r.compact()
	case c.JobLevel() || wait <= 0:
		r.write()
	case r.timer == nil && !r.closed:
		// Written with the next change after the interval, or by the
		// timer if none comes.
		r.timer = time.AfterFunc(wait, r.onTimer)
	}
}

func (r *Recorder) onTimer() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.timer = nil
	if !r.closed {
		r.write()
	}
}

// write appends the dirty parts to the log, and the job-level fields if
// they changed, in one write; or compacts when the log would hold more
// lines than the job has parts.
func (r *Recorder) write() {
	n := len(r.dirty)
	withJob := r.jobDirty
	if withJob {
		n++
	}
	if n == 0 {
		return
	}
	if r.logLines+n > r.parts {
		r.compact()
		return
	}
	r.buf = r.buf[:0]
	if r.torn {
		r.buf = append(r.buf, '\n')
	}
	for i, p := range r.dirty {
		b, err := appendPartLine(r.buf, r.gen, i, r.summary.UpdatedAt, &p)
		if err != nil {
			r.fail(err)
			return
		}
		r.buf = append(b, '\n')
	}
	if withJob {
		b, err := r.enc.encode(jobLine(r.gen, r.summary))
		if err != nil {
			r.fail(err)
			return
		}
		r.buf = append(append(r.buf, b...), '\n')
	}
	if err := r.store.appendLines(&r.log, r.summary.ID, r.buf); err != nil {
		r.torn = true
		r.fail(err)
		return
	}
	r.torn = false
	r.logLines += n
	r.clean()
}

// compact writes the whole job as a new snapshot, which supersedes the
// log (Store.save removes it; the next line starts a new one). The whole
// job holds every change handed over, maybe one more: never less.
func (r *Recorder) compact() {
	if r.err != nil && time.Since(r.last) < r.interval {
		return // a failing disk is tried again once an interval, not at every change
	}
	if r.whole == nil {
		r.fail(errors.New("journal: the job was never handed over whole"))
		return
	}
	job := r.whole()
	// The log is closed before the snapshot supersedes it: an open file
	// cannot be removed on Windows.
	if r.log != nil {
		r.log.Close()
		r.log = nil
	}
	gen, err := r.store.save(job)
	if err != nil {
		r.fail(err)
		return
	}
	r.gen, r.parts, r.logLines, r.torn = gen, len(job.Parts), 0, false
	r.clean()
}

func (r *Recorder) clean() {
	clear(r.dirty)
	r.jobDirty = false
	r.last = time.Now()
	if r.timer != nil {
		r.timer.Stop()
		r.timer = nil
	}
}

func (r *Recorder) fail(err error) {
	r.last = time.Now() // a failing disk is not hammered on every change
	if r.err == nil {
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
	r.write()
	return r.err
}

// Close writes what is pending, closes the log and reports the first
// write error. The run is over: part changes after Close are not written.
func (r *Recorder) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.write()
	r.closed = true
	if r.timer != nil {
		r.timer.Stop()
		r.timer = nil
	}
	if r.log != nil {
		r.log.Close()
		r.log = nil
	}
	r.whole = nil // the run's, which is over
	return r.err
}

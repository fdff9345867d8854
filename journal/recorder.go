package journal

import (
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
// count, are written as a new snapshot (compaction).
type Recorder struct {
	store    *Store
	interval time.Duration
	// onError hears the first write that fails, at once: a job whose
	// journal cannot be written must not run on as if it were.
	onError func(error)

	mu sync.Mutex
	// job is the job as recorded: every change applied. It is only known
	// once a job-level change handed over the whole job.
	job  model.Job
	have bool
	// gen is the generation of the snapshot on disk, which the log's
	// lines carry; logLines counts them.
	gen      int64
	log      *os.File
	logLines int
	// dirty are the parts changed since the last write, each once;
	// jobDirty: the job-level fields changed.
	dirty    []int
	isDirty  []bool
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
	return &Recorder{store: store, interval: interval, onError: onError}
}

// OnChange is the engine's hook.
func (r *Recorder) OnChange(c model.Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c.JobLevel() {
		same := r.have && r.gen != 0 && len(c.Job.Parts) == len(r.job.Parts) && len(c.Job.Plan.Parts) == len(r.job.Plan.Parts)
		r.job, r.have = c.Job, true
		if !same {
			r.isDirty, r.dirty = make([]bool, len(r.job.Parts)), nil
			r.compact()
			return
		}
		r.jobDirty = true
		r.write()
		return
	}
	if !r.have || c.Index >= len(r.job.Parts) {
		return // the engine hands the whole job over first
	}
	c.ApplyTo(&r.job)
	if !r.isDirty[c.Index] {
		r.isDirty[c.Index] = true
		r.dirty = append(r.dirty, c.Index)
	}
	if wait := r.interval - time.Since(r.last); wait > 0 {
		// Written with the next change after the interval, or by the
		// timer if none comes.
		if r.timer == nil && !r.closed {
			r.timer = time.AfterFunc(wait, r.onTimer)
		}
		return
	}
	r.write()
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
	if r.logLines+n > len(r.job.Parts) {
		r.compact()
		return
	}
	r.buf = r.buf[:0]
	if r.torn {
		r.buf = append(r.buf, '\n')
	}
	add := func(l *logLine) bool {
		b, err := r.enc.encode(l)
		if err != nil {
			r.fail(err)
			return false
		}
		r.buf = append(append(r.buf, b...), '\n')
		return true
	}
	for _, i := range r.dirty {
		b, err := appendPartLine(r.buf, r.gen, i, r.job.UpdatedAt, &r.job.Parts[i])
		if err != nil {
			r.fail(err)
			return
		}
		r.buf = append(b, '\n')
	}
	if withJob && !add(jobLine(r.gen, r.job)) {
		return
	}
	if err := r.store.appendLines(&r.log, r.job.ID, r.buf); err != nil {
		r.torn = true
		r.fail(err)
		return
	}
	r.torn = false
	r.logLines += n
	r.clean()
}

// compact writes the whole job as a new snapshot, which supersedes the
// log (Store.save removes it; the next line starts a new one).
func (r *Recorder) compact() {
	gen, err := r.store.save(r.job)
	if err != nil {
		r.fail(err)
		return
	}
	if r.log != nil {
		r.log.Close() // the removed log
		r.log = nil
	}
	r.gen, r.logLines, r.torn = gen, 0, false
	r.clean()
}

func (r *Recorder) clean() {
	for _, i := range r.dirty {
		r.isDirty[i] = false
	}
	r.dirty, r.jobDirty = r.dirty[:0], false
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
	// The caller journals the job's end whole: what was recorded here is
	// garbage, and on 10,000 parts it is megabytes.
	r.job, r.have, r.isDirty, r.dirty = model.Job{}, false, nil, nil
	return r.err
}

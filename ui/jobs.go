package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"s3parts/journal"
	"s3parts/model"
	"s3parts/provider"
)

// Jobs runs copy jobs in the background for the whole session. It sits
// outside the page stack, so events keep arriving whatever page is open.
// Each run's events come through a channel; a Cmd waits for the next one
// and is re-armed after each (superfile's processbar shape), so Update
// never blocks and no *tea.Program is passed around.
type Jobs struct {
	ctx    context.Context
	engine func() *provider.Engine
	list   []*jobEntry
	// store journals every run; nil keeps jobs in memory only.
	store *journal.Store
}

type jobEntry struct {
	job     model.Job
	phase   provider.Phase
	running bool
	cancel  context.CancelFunc
	started time.Time
	// bytesAtStart is what was already done when this run began, so the
	// rate counts only this run's bytes.
	bytesAtStart int64

	// aborted: the person aborted the upload; a run still finishing must
	// not bring its id back.
	aborted bool
	// next runs once the current run's goroutine is done (a retry asked in
	// the moment between the job's last event and its end).
	next func() tea.Cmd
	// fromJournal: read back from the journal at start, so its upload must
	// be read back (Reconcile) before it goes on.
	fromJournal bool
	// abortedOnQuit: the person chose to abort the upload when quitting.
	abortedOnQuit bool
	// uploadGone: reconciling found the upload gone; going on restarts.
	uploadGone bool
	rec        *journal.Recorder

	mu    sync.Mutex
	final model.Job
}

// Job messages.
type (
	jobEventMsg struct {
		id string
		ev provider.Event
	}
	jobDoneMsg struct{ id string }
)

// NewJobs makes the service; engine builds an engine per run.
func NewJobs(ctx context.Context, engine func() *provider.Engine, store *journal.Store) *Jobs {
	return &Jobs{ctx: ctx, engine: engine, store: store}
}

// LoadJournal lists the journal's unfinished jobs, to be resumed; it
// returns how many.
func (j *Jobs) LoadJournal() (int, error) {
	if j.store == nil {
		return 0, nil
	}
	jobs, err := j.store.List()
	n := 0
	for i := len(jobs) - 1; i >= 0; i-- { // oldest first, as they were started
		if journal.Unfinished(jobs[i]) && j.Get(jobs[i].ID) == nil {
			j.list = append(j.list, &jobEntry{job: jobs[i], fromJournal: true})
			n++
		}
	}
	return n, err
}

// reconciledMsg carries a journaled job read back against its upload.
type reconciledMsg struct {
	id  string
	job model.Job
	err error
}

// Resume goes on with a job from the journal: its upload is read back
// first; a second call after the upload was found gone restarts it.
func (j *Jobs) Resume(id string) tea.Cmd {
	e := j.Get(id)
	if e == nil || e.running {
		return nil
	}
	if e.uploadGone {
		e.uploadGone, e.fromJournal = false, false
		e.job = provider.Restart(e.job)
		return j.run(e)
	}
	job, c := e.job, j.engine().Client
	return func() tea.Msg {
		rec, _, err := c.Reconcile(j.ctx, job)
		return reconciledMsg{id, rec, err}
	}
}

// All returns the jobs, newest last.
func (j *Jobs) All() []*jobEntry { return j.list }

// Get finds a job by id.
func (j *Jobs) Get(id string) *jobEntry {
	for _, e := range j.list {
		if e.job.ID == id {
			return e
		}
	}
	return nil
}

// Counts are the running and failed jobs, for the footer.
func (j *Jobs) Counts() (running, failed int) {
	for _, e := range j.list {
		switch {
		case e.active():
			running++
		case e.job.State == model.StateFailed:
			failed++
		}
	}
	return
}

// Add registers a new job and starts it.
func (j *Jobs) Add(job model.Job) tea.Cmd {
	e := &jobEntry{job: job}
	j.list = append(j.list, e)
	return j.run(e)
}

// Rerun starts a job again after its parts were reset or edited: done
// parts are kept, pending ones are copied.
func (j *Jobs) Rerun(id string, edit func(*model.Job)) tea.Cmd {
	e := j.Get(id)
	if e == nil || e.aborted || e.active() {
		return nil
	}
	if e.running {
		// The run told its end but its goroutine is still returning: go on
		// as soon as it has.
		e.next = func() tea.Cmd { return j.Rerun(id, edit) }
		return nil
	}
	if edit != nil {
		edit(&e.job)
	}
	return j.run(e)
}

// MarkAborted records that a job's upload was aborted.
func (j *Jobs) MarkAborted(id string) {
	if e := j.Get(id); e != nil {
		e.aborted = true
		e.settleAborted()
	}
}

func (e *jobEntry) settleAborted() {
	if e.aborted && !e.running {
		// The parts went with the upload: nothing copied remains.
		e.job.UploadID, e.job.State = "", model.StateCancelled
		e.job.Err = &model.OpError{Code: "Aborted", Message: "the upload was aborted: its parts are gone"}
		for i := range e.job.Parts {
			e.job.Parts[i].State, e.job.Parts[i].ETag = model.StatePending, ""
		}
	}
}

// CancelAll stops every running job and returns those that have an open
// upload.
func (j *Jobs) CancelAll() []*jobEntry {
	var open []*jobEntry
	for _, e := range j.list {
		if e.cancel != nil {
			e.cancel()
		}
		if e.active() && e.job.UploadID != "" {
			open = append(open, e)
		}
	}
	return open
}

// Cancel stops a running job; its upload stays for a retry.
func (j *Jobs) Cancel(id string) {
	if e := j.Get(id); e != nil && e.cancel != nil {
		e.cancel()
	}
}

func (j *Jobs) run(e *jobEntry) tea.Cmd {
	ctx, cancel := context.WithCancel(j.ctx)
	ch := make(chan provider.Event, 64)
	e.running, e.cancel, e.started = true, cancel, time.Now()
	if j.store != nil {
		e.rec = journal.NewRecorder(j.store, 200*time.Millisecond)
	}
	e.bytesAtStart = e.job.Progress().BytesDone
	e.job.State, e.job.Err = model.StateRunning, nil
	job := e.job.Clone()
	eng := j.engine()
	if e.rec != nil {
		eng.OnChange = e.rec.OnChange
	}
	go func() {
		final := eng.Run(ctx, job, ch)
		e.mu.Lock()
		e.final = final
		e.mu.Unlock()
		close(ch)
	}()
	return listen(job.ID, ch)
}

func listen(id string, ch <-chan provider.Event) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return jobDoneMsg{id}
		}
		return jobEventWithChan{jobEventMsg{id, ev}, ch}
	}
}

// jobEventWithChan carries the channel along so the listener can re-arm.
type jobEventWithChan struct {
	jobEventMsg
	ch <-chan provider.Event
}

// Update applies job messages; it reports whether msg was one.
func (j *Jobs) Update(msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case reconciledMsg:
		e := j.Get(msg.id)
		switch {
		case e == nil:
			return true, nil
		case errors.Is(msg.err, provider.ErrUploadGone):
			e.uploadGone = true
			return true, func() tea.Msg {
				return statusMsg{err: fmt.Errorf("%w: R copies again on a new upload", msg.err)}
			}
		case msg.err != nil:
			return true, func() tea.Msg { return statusMsg{err: msg.err} }
		}
		e.job, e.fromJournal = msg.job, false
		e.job.NoComplete = false
		return true, j.run(e)
	case jobEventWithChan:
		if e := j.Get(msg.id); e != nil {
			e.apply(msg.ev)
		}
		return true, listen(msg.id, msg.ch)
	case jobDoneMsg:
		if e := j.Get(msg.id); e != nil {
			e.mu.Lock()
			e.job = e.final
			e.mu.Unlock()
			e.running, e.cancel = false, nil
			e.phase = provider.PhaseFinished
			if e.rec != nil {
				e.rec.Close()
				e.rec = nil
			}
			e.settleAborted()
			// Screens listing the destination or its uploads are now out
			// of date.
			b := e.job.Plan.Dest.Bucket
			cmds := []tea.Cmd{func() tea.Msg { return uploadsChanged{b} }, func() tea.Msg { return objectsChanged{b} }}
			if next := e.next; next != nil {
				e.next = nil
				cmds = append(cmds, next())
			}
			return true, tea.Batch(cmds...)
		}
		return true, nil
	}
	return false, nil
}

func (e *jobEntry) apply(ev provider.Event) {
	e.phase = ev.Phase
	if ev.Part == nil {
		parts := e.job.Parts
		e.job = ev.Job
		e.job.Parts = parts
		return
	}
	for i := range e.job.Parts {
		if e.job.Parts[i].Number == ev.Part.Number {
			e.job.Parts[i] = *ev.Part
			return
		}
	}
}

// PrintOpen writes, for every job whose upload is still open, its id and
// the command that goes on with it: once the UI is gone this is the only
// record of them (until jobs are journaled).
func (j *Jobs) PrintOpen(w io.Writer) {
	for _, e := range j.list {
		job := e.job
		if e.abortedOnQuit {
			fmt.Fprintf(w, "s3parts: job %s stopped; its upload %s of %s was aborted\n", job.ID, job.UploadID, job.Plan.Dest)
			if j.store != nil {
				// The journal must not offer to resume an upload that is gone.
				job.UploadID, job.State = "", model.StateCancelled
				for i := range job.Parts {
					job.Parts[i].State, job.Parts[i].ETag = model.StatePending, ""
				}
				_ = j.store.Save(job)
			}
			continue
		}
		if job.UploadID == "" || job.Completed || (job.State == model.StateDone && !job.NoComplete) {
			continue
		}
		p := job.Progress()
		fmt.Fprintf(w, "s3parts: job %s left upload %s of %s open (%d of %d parts copied); go on with:\n  s3parts copy %s %s --upload-id %s",
			job.ID, job.UploadID, job.Plan.Dest, p.PartsDone, p.PartsTotal, shQuote(job.Plan.Source.String()), shQuote(job.Plan.Dest.String()), shQuote(job.UploadID))
		switch {
		case job.Plan.PartSize > 0:
			fmt.Fprintf(w, " --part-size %d", job.Plan.PartSize)
		case len(job.Parts) <= 20:
			for _, pt := range job.Parts {
				fmt.Fprintf(w, " --range %s", pt.Range)
			}
		default:
			fmt.Fprintf(w, " --range … (the job's %d hand-picked ranges)", len(job.Parts))
		}
		fmt.Fprintf(w, "\n  or discard it: s3parts abort %s --upload-id %s\n", shQuote(job.Plan.Dest.String()), shQuote(job.UploadID))
	}
}

// shQuote single-quotes s for a POSIX shell.
func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// active: the job is running and has not told its end yet (the last event
// comes a moment before the run's goroutine is done).
func (e *jobEntry) active() bool { return e.running && !e.job.State.Finished() }

// Rate is this run's copy speed in bytes per second, and the time left.
func (e *jobEntry) Rate(now time.Time) (float64, time.Duration) {
	p := e.job.Progress()
	el := now.Sub(e.started).Seconds()
	done := p.BytesDone - e.bytesAtStart
	if !e.active() || el <= 0 || done <= 0 {
		return 0, 0
	}
	rate := float64(done) / el
	return rate, time.Duration(float64(p.BytesTotal-p.BytesDone) / rate * float64(time.Second))
}

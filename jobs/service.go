package jobs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"s3parts/audit"
	"s3parts/journal"
	"s3parts/model"
	"s3parts/provider"
)

// Options tune a service; the zero value is what a person gets.
type Options struct {
	// Concurrency fixes the part copies in flight per job; 0 lets the
	// engine find it, up to MaxConcurrency (default
	// provider.DefaultMaxConcurrency).
	Concurrency    int
	MaxConcurrency int
	// PartAttempts, AttemptTimeout and Backoff go to the engine.
	PartAttempts   int
	AttemptTimeout time.Duration
	Backoff        provider.Backoff
	// JournalEvery bounds how often part changes are written (job-level
	// changes are written at once); default 200 ms.
	JournalEvery time.Duration
	// What this process is, told to another process that finds a job
	// locked: "s3parts copy", "the terminal UI".
	What string
	// Keep is how long prunable jobs (settled, or holding nothing on the
	// server) stay in the journal before Load prunes them; default
	// DefaultKeep, negative keeps them for ever.
	Keep time.Duration
	// Audit records every abort (nil: none is recorded).
	Audit *audit.Log
}

// DefaultKeep is how long the record of a prunable job is kept.
const DefaultKeep = 30 * 24 * time.Hour

// Service owns the jobs of this process. Its methods are safe to call
// from any goroutine; those that talk to the server block, so the UI
// calls them from a tea.Cmd.
type Service struct {
	client *provider.Client
	store  *journal.Store // nil: no journal (jobs live for the process)
	opts   Options

	mu      sync.Mutex
	entries map[string]*entry
	mutexes map[string]*sync.Mutex // per job: see held
	order   []string               // oldest first
	runs    sync.WaitGroup
	closing bool // Close was called: no run starts

	subMu sync.Mutex
	subs  map[*Subscription]struct{}
}

// entry is one job as this process knows it.
type entry struct {
	job   model.Job
	phase provider.Phase
	// phaseSince is when the run entered its phase.
	phaseSince time.Time
	// running here: the lock is held and cancel stops the run; done is
	// closed when the run has ended and its end is journaled.
	lock   *held
	cancel context.CancelFunc
	done   chan struct{}
	// started and bytesAtStart give this run's rate.
	started      time.Time
	bytesAtStart int64
	// heldBy is the other process that held the job when it was last
	// looked at.
	heldBy *journal.Holder
	// flow is how many parts the run has in flight and why, as last told.
	flow provider.Flow
	// note is the last status line about the job; it ends when the job
	// settles.
	note string
	// ranHere: this process ran the job and journaled its end, so what it
	// knows of the upload is the latest word (unless the journal changed
	// since). A job read from the journal has its upload read back first.
	ranHere bool
	// tallied sums talliedParts: job.Parts until it is replaced (tally.go).
	tallied      model.Tally
	talliedParts []model.PartState
}

// running: this process runs the job (from the engine's start until its
// end is journaled and its lock released).
func (e *entry) running() bool { return e.cancel != nil }

// active: running and not yet at its end. The engine tells the job's final
// state a moment before its run is over; from then on the job shows as
// what it became, not as running.
func (e *entry) active() bool { return e.running() && e.job.State == model.StateRunning }

// New makes the service for jobs on the client's server, journaled in
// store (nil: none).
func New(client *provider.Client, store *journal.Store, opts Options) *Service {
	if opts.JournalEvery <= 0 {
		opts.JournalEvery = 200 * time.Millisecond
	}
	if opts.Keep == 0 {
		opts.Keep = DefaultKeep
	}
	return &Service{client: client, store: store, opts: opts, entries: map[string]*entry{}, mutexes: map[string]*sync.Mutex{},
		subs: map[*Subscription]struct{}{}}
}

// Journaled reports whether jobs are written to a journal.
func (s *Service) Journaled() bool { return s.store != nil }

// Store is the journal (nil when there is none).
func (s *Service) Store() *journal.Store { return s.store }

// Loaded says what Load found.
type Loaded struct {
	// Unfinished is how many jobs were read back with work, a check or an
	// open upload left.
	Unfinished int
	// Problems are the job files that could not be read.
	Problems []journal.Problem
	// Pruned names the settled jobs removed for their age.
	Pruned []string
}

// Load reads the journal: unfinished jobs join the service (all jobs with
// all); prunable jobs older than Options.Keep are pruned. Nothing is sent
// to the server.
func (s *Service) Load(all bool) (Loaded, error) {
	var out Loaded
	if s.store == nil {
		return out, nil
	}
	if s.opts.Keep > 0 {
		out.Pruned, _ = s.Prune(time.Now().Add(-s.opts.Keep))
	}
	jobs, problems, err := s.store.List()
	out.Problems = problems
	if err != nil {
		return out, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(jobs) - 1; i >= 0; i-- { // oldest first, as they were started
		j := jobs[i]
		if e := s.entries[j.ID]; e != nil && e.running() {
			continue
		}
		if !all && j.Settled() {
			continue
		}
		if j.Unfinished() {
			out.Unfinished++
		}
		s.put(&entry{job: j})
	}
	for _, id := range s.order {
		s.lookAtHolder(s.entries[id])
	}
	return out, nil
}

// put adds or replaces an entry, keeping the order jobs came in.
func (s *Service) put(e *entry) {
	if _, ok := s.entries[e.job.ID]; !ok {
		s.order = append(s.order, e.job.ID)
	}
	s.entries[e.job.ID] = e
}

// lookAtHolder notes whether another process holds a job read from the
// journal, and turns a running job nobody holds into an interrupted one.
func (s *Service) lookAtHolder(e *entry) {
	if e == nil || e.running() || s.store == nil {
		return
	}
	h, held := s.store.HeldBy(e.job.ID)
	e.heldBy = nil
	if held {
		e.heldBy = h
		return
	}
	if e.job.State == model.StateRunning || (e.job.State == model.StatePending && e.job.UploadID != "") {
		e.job.State = model.StateInterrupted
	}
}

func (s *Service) where() model.Where {
	if s.client == nil {
		return model.Where{}
	}
	return s.client.Where()
}

// List is every job of the service, oldest first, without their parts.
func (s *Service) List() []Info {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Info, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, s.info(s.entries[id], false))
	}
	return out
}

// Get is one job, whole.
func (s *Service) Get(id string) (Info, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.entries[id]
	if e == nil {
		return Info{}, false
	}
	return s.info(e, true), true
}

// Summary is one job without its parts (cheap, for progress lines).
func (s *Service) Summary(id string) (Info, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.entries[id]
	if e == nil {
		return Info{}, false
	}
	return s.info(e, false), true
}

// Part is part i (in plan order) of a job: what a table row needs,
// without copying the job.
func (s *Service) Part(id string, i int) (model.PartState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.entries[id]
	if e == nil || i < 0 || i >= len(e.job.Parts) {
		return model.PartState{}, false
	}
	p := e.job.Parts[i]
	p.Tries = slices.Clone(p.Tries)
	return p, true
}

// Counts are the jobs running in this process and those that failed, for
// a footer.
func (s *Service) Counts() (running, failed int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.entries {
		switch {
		case e.active():
			running++
		case e.job.State == model.StateFailed:
			failed++
		}
	}
	return running, failed
}

// OwnerOf names the job that made or goes on with an upload, if the
// service knows one (Load(true) reads the whole journal).
func (s *Service) OwnerOf(uploadID string) (model.Job, bool) {
	if uploadID == "" {
		return model.Job{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range slices.Backward(s.order) {
		if e := s.entries[id]; e.job.UploadID == uploadID {
			j := e.job
			j.Parts, j.Unknown = nil, nil
			return j, true
		}
	}
	return model.Job{}, false
}

// RecordOf is the newest journaled job that used an upload, whatever its
// state (a dismissed job may have left its upload open on purpose).
func (s *Service) RecordOf(uploadID string) (model.Job, bool) {
	if s.store == nil || uploadID == "" {
		return model.Job{}, false
	}
	jobs, _, _ := s.store.List() // newest first
	for _, j := range jobs {
		if j.UploadID == uploadID {
			return summary(j), true
		}
	}
	return model.Job{}, false
}

// Owners maps the upload ids of the journal's jobs to their jobs (without
// parts), read afresh: for listings of uploads.
func (s *Service) Owners() map[string]model.Job {
	m, _, _ := s.ownersChecked()
	return m
}

// ownersChecked is Owners with what it could not read: the journal's
// directory (err), and the jobs whose files could not be loaded (a
// damaged file, one from a newer s3parts, or one rewritten by a busy run
// too often to be read whole just now).
func (s *Service) ownersChecked() (map[string]model.Job, []journal.Problem, error) {
	m := map[string]model.Job{}
	add := func(j model.Job) {
		if j.UploadID != "" && !j.Settled() {
			j.Parts, j.Plan.Parts, j.Unknown = nil, nil, nil
			m[j.UploadID] = j
		}
	}
	var problems []journal.Problem
	var err error
	if s.store != nil {
		var jobs []model.Job
		jobs, problems, err = s.store.List()
		for _, j := range jobs {
			add(j)
		}
	}
	s.mu.Lock()
	for _, e := range s.entries {
		add(e.job)
	}
	s.mu.Unlock()
	return m, problems, err
}

// Errors the service answers with before changing anything.
var (
	// ErrReadOnly: read-only mode is on; nothing was journaled or sent.
	ErrReadOnly = errors.New("read-only mode is on: nothing was journaled or sent (turn it off to go on)")
	// ErrNotFound: no such job.
	ErrNotFound = errors.New("no such job")
	// ErrRunning: the job is running in this process.
	ErrRunning = errors.New("the job is running")
)

// ElsewhereError: the job was made on another server than the one this
// process is connected to.
type ElsewhereError struct {
	ID         string
	Made, Here model.Where
}

func (e *ElsewhereError) Error() string {
	return fmt.Sprintf("job %s was made on %s, not %s: connect to %s (for example with --endpoint), or move the job here with --here",
		e.ID, e.Made, e.Here, e.Made)
}

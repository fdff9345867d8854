package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"s3parts/model"
)

// Engine runs multipart copy jobs: it creates the upload (or attaches to
// the job's UploadID), copies every part that is not done with Concurrency
// requests in flight, retries what can be retried, then completes and
// verifies the new object.
type Engine struct {
	Client *Client
	// Concurrency fixes the number of part copies in flight; 0 finds it
	// (flow.go): from model.AutoInFlight, up while the aggregate rate
	// rises, down when the service asks to slow down.
	Concurrency int
	// MaxConcurrency bounds the automatic number (default
	// DefaultMaxConcurrency, and never above the preset's MaxConcurrency).
	MaxConcurrency int
	// PartAttempts is how often one part is tried before it is marked
	// failed (default 5). Only retryable errors are tried again.
	PartAttempts int
	// AttemptTimeout bounds one attempt at one part (0: DefaultAttemptTimeout).
	// A server copying a 5 GiB part may say nothing for minutes, so the
	// default is generous; a stalled connection still ends and is retried.
	AttemptTimeout time.Duration
	// Backoff spaces the attempts of one part; default exponential with
	// jitter (the SDK's), at most 20 s.
	Backoff Backoff
	// AbortIfNothingCopied aborts an upload this run created when the job
	// fails before any part is copied: it holds nothing worth resuming and
	// would otherwise be left behind unseen.
	AbortIfNothingCopied bool
	// OnChange, if set, sees every change of the job, so it can be
	// journaled: a part change carries that part alone, a job-level change
	// the job-level fields (the first change is one), and the job whole
	// is there to ask for (model.Change): a change costs the same whatever
	// the part count. Calls never overlap and arrive in the order the
	// changes were made, so a journal never sees an older state after a
	// newer one.
	OnChange func(model.Change)
	// BeforeComplete, if set, is called before CompleteMultipartUpload,
	// after the last change was handed to OnChange: a journal writes what
	// it held back. An error stops the job before completing.
	BeforeComplete func() error
	// Now is the clock (tests fix it).
	Now func() time.Time
}

// Backoff says how long to wait before attempt+1 of a part that failed
// with err.
type Backoff interface {
	BackoffDelay(attempt int, err error) (time.Duration, error)
}

// Defaults for Engine fields left zero.
const (
	DefaultMaxConcurrency = 128
	// maxThrottles bounds the throttled attempts of one part that do not
	// count against PartAttempts: a service that never stops pushing back
	// still fails the part in the end.
	maxThrottles          = 20
	DefaultPartAttempts   = 5
	DefaultAttemptTimeout = 15 * time.Minute
	maxBackoff            = 20 * time.Second
)

// Phase is the step a job is in.
type Phase string

const (
	PhaseCreating   Phase = "creating upload"
	PhaseCopying    Phase = "copying parts"
	PhaseCompleting Phase = "completing"
	PhaseVerifying  Phase = "verifying"
	PhaseFinished   Phase = "finished"
)

// Event is one change in a running job: Part is set for a part change;
// otherwise it is a job change (phase, upload id, final state).
type Event struct {
	JobID string
	Phase Phase
	Part  *model.PartState
	// Job is a snapshot of the job-level fields; its Parts are nil to keep
	// events cheap on jobs with thousands of parts.
	Job model.Job
	// Flow is how many parts are in flight and why, with a part's events.
	Flow Flow
}

type run struct {
	e  *Engine
	mu sync.Mutex
	// changeMu is held from a change to its OnChange's return: changes
	// reach OnChange one at a time, in the order they were made.
	changeMu sync.Mutex
	job      model.Job
	events   chan<- Event
	flow     *flow
	ctx      context.Context // the parts' context, cancelled on a fatal error
	parent   context.Context
	stop     context.CancelFunc
	// fatal is set when a failure means no other part can succeed either
	// (the upload is gone, the credentials are refused).
	fatal *model.OpError
	// sourceNow is the source as read again after the first 412, once a
	// run: every part refused after it is explained by the same answer.
	sourceNow struct {
		once sync.Once
		info model.ObjectInfo
		err  error
	}
	// gone is the first part copy's "no such key" explained once a run
	// (a delete marker or not): every other part gets the same answer.
	gone struct {
		once sync.Once
		err  *model.OpError
	}
	// alg is the upload's checksum algorithm ("" none); checksumNote says
	// why the server's checksum proves nothing, for the job's Verification.
	alg, checksumNote string
	// uploadType is the upload's checksum type as ListParts tells it.
	uploadType string
}

// Run carries the job as far as it can and returns its final state. Parts
// already done are kept; pending and cancelled ones are copied; failed ones
// stay failed until reset (Job.RetryParts, Job.RetryFailed), so a person
// chooses what is tried again. Events go to events
// (which Run does not close) until Run returns; a nil channel sends none.
func (e *Engine) Run(ctx context.Context, job model.Job, events chan<- Event) model.Job {
	// Parts run under their own context so a fatal error can stop those
	// in flight; events and the final state still go out under ctx.
	runCtx, stop := context.WithCancel(ctx)
	r := &run{e: e, job: job.Clone(), events: events, ctx: runCtx, parent: ctx, stop: stop}
	defer func() { r.stop() }() // a run may start its parts again under a new context
	if err := r.job.MoveTo(model.StateRunning); err != nil {
		r.job.Err = &model.OpError{Op: "run", Code: "InvalidState", Message: err.Error()}
		return r.job
	}
	last := r.job.Err
	r.job.Err = nil
	r.setJob(PhaseCreating, nil)
	// Every request on an SSE-C object needs its key: without it nothing
	// is sent (the key is never journaled; a resume is given it again).
	if err := e.Client.CheckCustomerKeys(r.job.Plan); err != nil {
		return r.finish(&model.OpError{Op: "plan", Code: "CustomerKeyMissing", Message: err.Error()})
	}
	if r.job.Plan.Single {
		return r.finish(r.copyWhole())
	}
	if r.job.Completed {
		// The object exists; only its check is left to do.
		return r.finish(r.checkCompleted(last))
	}

	// A service without UploadPartCopy is refused before anything is
	// created: the upload would hold nothing and stay behind.
	if err := e.Client.Preset().Limits.CheckPartCopy(); err != nil {
		return r.finish(&model.OpError{Op: "plan", Code: "NoPartCopy", Message: err.Error()})
	}
	if err := r.job.Plan.Conditions.Validate(e.Client.Preset().ConditionRule); err != nil {
		return r.finish(&model.OpError{Op: "plan", Code: "InvalidConditions", Message: err.Error()})
	}
	if err := model.ValidateParts(r.job.Plan.Parts, r.job.Plan.SourceSize, e.Client.Preset().Limits); err != nil {
		return r.finish(&model.OpError{Op: "plan", Code: "InvalidPlan", Message: err.Error()})
	}
	created := false
	for round := 0; ; round++ {
		r.alg = r.job.Plan.NewObject().ChecksumAlgorithm
		if r.job.UploadID == "" {
			id, err := e.Client.CreateUpload(ctx, r.job.Plan.Dest, r.job.Plan.NewObject())
			if err != nil {
				return r.finish(stopped(ctx, Classify("CreateMultipartUpload", err)))
			}
			created = true
			r.setJob(PhaseCopying, func(j *model.Job) { j.UploadID, j.CreatedUpload = id, true })
		} else {
			r.setJob(PhaseCopying, nil)
		}
		r.copyParts()
		again, oe := r.checksumTrouble(r.job.CreatedUpload && round == 0)
		if oe != nil {
			return r.finish(oe)
		}
		if !again {
			break
		}
	}
	if err := ctx.Err(); err != nil {
		return r.finish(stopped(ctx, Classify("copy", err)))
	}
	if p := r.progress(); p.PartsDone != p.PartsTotal {
		oe := r.fatal
		if oe == nil {
			oe = &model.OpError{Op: "copy", Code: "PartsFailed",
				Message: fmt.Sprintf("%d of %d parts failed; the upload %s is left open: retry the failed parts, or abort it", p.PartsTotal-p.PartsDone, p.PartsTotal, r.job.UploadID)}
		}
		if created && p.PartsDone == 0 && e.AbortIfNothingCopied {
			if err := e.Client.Abort(context.WithoutCancel(ctx), r.job.Plan.Dest, r.job.UploadID); err == nil {
				r.setJob(PhaseFinished, func(j *model.Job) { j.UploadID, j.CreatedUpload = "", false })
				oe = r.firstPartError(oe)
			}
		}
		return r.finish(oe)
	}
	if r.job.NoComplete {
		return r.finish(nil)
	}
	oe := r.completeAndVerify()
	if oe != nil && ctx.Err() != nil {
		oe = stopped(ctx, oe)
	}
	return r.finish(oe)
}

// stopped is why a job's context ended: a caller that stops a job for a
// reason of its own (its journal cannot be written) says so with the
// context's cause, and the job failed for that reason rather than being
// cancelled by the person; otherwise it is what the step reported.
func stopped(ctx context.Context, step *model.OpError) *model.OpError {
	var why *model.OpError
	if errors.As(context.Cause(ctx), &why) {
		return why
	}
	return step
}

func (r *run) now() time.Time {
	if r.e.Now != nil {
		return r.e.Now()
	}
	return time.Now()
}

// ceiling bounds the parts in flight: the engine's, the preset's.
func (r *run) ceiling() int {
	c := r.e.MaxConcurrency
	if c <= 0 {
		c = DefaultMaxConcurrency
	}
	return r.e.Client.Preset().CapConcurrency(c)
}

func (r *run) attempts() int {
	if r.e.PartAttempts > 0 {
		return r.e.PartAttempts
	}
	return DefaultPartAttempts
}

func (r *run) backoff(attempt int, err error) time.Duration {
	var b Backoff = retry.NewExponentialJitterBackoff(maxBackoff)
	if r.e.Backoff != nil {
		b = r.e.Backoff
	}
	d, _ := b.BackoffDelay(attempt, err)
	return d
}

// setJob changes job-level fields and reports the change.
func (r *run) setJob(phase Phase, f func(*model.Job)) {
	r.changeMu.Lock()
	r.mu.Lock()
	if f != nil {
		f(&r.job)
	}
	r.job.UpdatedAt = r.now()
	summary := r.job
	summary.Parts = nil
	r.mu.Unlock()
	if r.e.OnChange != nil {
		r.e.OnChange(model.Change{Index: -1, Job: summary, Whole: r.snapshot})
	}
	r.changeMu.Unlock()
	r.send(Event{JobID: summary.ID, Phase: phase, Job: summary})
}

// setPart changes part i and reports that part alone: nothing here
// copies or walks the other parts, so a change costs the same in a job
// of 10 parts or 10,000.
func (r *run) setPart(i int, f func(*model.PartState)) {
	r.changeMu.Lock()
	r.mu.Lock()
	f(&r.job.Parts[i])
	r.job.UpdatedAt = r.now()
	p := r.job.Parts[i]
	p.Tries = slices.Clone(p.Tries) // the change outlives the lock
	summary := r.job
	summary.Parts = nil
	r.mu.Unlock()
	if r.e.OnChange != nil {
		r.e.OnChange(model.Change{Index: i, Part: p, Job: summary, Whole: r.snapshot})
	}
	r.changeMu.Unlock()
	var fl Flow
	if r.flow != nil {
		fl = r.flow.state()
	}
	r.send(Event{JobID: summary.ID, Phase: PhaseCopying, Part: &p, Job: summary, Flow: fl})
}

func (r *run) send(ev Event) {
	if r.events == nil {
		return
	}
	select {
	case r.events <- ev:
	case <-r.parent.Done():
	}
}

// snapshot is the whole job with a parts slice of its own, for the steps
// of a run (completing, checking) and a journal's snapshots, never for
// each part's change. A part's
// attempts and error are shared, not copied: neither is ever written
// into (model.Change), so a copy of the slice is enough to read it while
// parts change, at a fraction of a deep Clone's cost on 10,000 parts.
func (r *run) snapshot() model.Job {
	r.mu.Lock()
	defer r.mu.Unlock()
	j := r.job
	j.Parts = slices.Clone(r.job.Parts)
	return j
}

func (r *run) progress() model.Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.job.Progress()
}

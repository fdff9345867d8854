package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"golang.org/x/sync/errgroup"

	"s3parts/model"
)

// Engine runs multipart copy jobs: it creates the upload (or attaches to
// the job's UploadID), copies every part that is not done with Concurrency
// requests in flight, retries what can be retried, then completes and
// verifies the new object.
type Engine struct {
	Client *Client
	// Concurrency is the number of part copies in flight (default 8).
	Concurrency int
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
	// OnChange, if set, sees a snapshot of the job after every change, so
	// it can be journaled. Calls never overlap and arrive in order.
	OnChange func(model.Job)
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
	DefaultConcurrency    = 8
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
}

type run struct {
	e        *Engine
	mu       sync.Mutex
	changeMu sync.Mutex
	job      model.Job
	events   chan<- Event
	ctx      context.Context // the parts' context, cancelled on a fatal error
	parent   context.Context
	stop     context.CancelFunc
	// fatal is set when a failure means no other part can succeed either
	// (the upload is gone, the credentials are refused).
	fatal *model.OpError
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
	defer stop()
	r := &run{e: e, job: job.Clone(), events: events, ctx: runCtx, parent: ctx, stop: stop}
	if err := r.job.MoveTo(model.StateRunning); err != nil {
		r.job.Err = &model.OpError{Op: "run", Code: "InvalidState", Message: err.Error()}
		return r.job
	}
	r.job.Err = nil
	r.setJob(PhaseCreating, nil)
	if r.job.Completed {
		// The object exists; only its check is left to do.
		return r.finish(r.verify())
	}

	if err := r.job.Plan.Conditions.Validate(e.Client.preset.ConditionRule); err != nil {
		return r.finish(&model.OpError{Op: "plan", Code: "InvalidConditions", Message: err.Error()})
	}
	if err := model.ValidateParts(r.job.Plan.Parts, r.job.Plan.SourceSize, e.Client.preset.Limits); err != nil {
		return r.finish(&model.OpError{Op: "plan", Code: "InvalidPlan", Message: err.Error()})
	}
	created := false
	if r.job.UploadID == "" {
		id, err := e.Client.CreateUpload(ctx, r.job.Plan.Dest, r.job.Plan.Headers)
		if err != nil {
			return r.finish(Classify("CreateMultipartUpload", err))
		}
		created = true
		r.setJob(PhaseCopying, func(j *model.Job) { j.UploadID, j.CreatedUpload = id, true })
	} else {
		r.setJob(PhaseCopying, nil)
	}

	r.copyParts()
	if err := ctx.Err(); err != nil {
		return r.finish(stopped(ctx, Classify("copy", err)))
	}
	if p := r.snapshot().Progress(); p.PartsDone != p.PartsTotal {
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

func (r *run) concurrency() int {
	if r.e.Concurrency > 0 {
		return r.e.Concurrency
	}
	return DefaultConcurrency
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

// setJob changes job-level fields under the lock and reports the change.
func (r *run) setJob(phase Phase, f func(*model.Job)) {
	r.mu.Lock()
	if f != nil {
		f(&r.job)
	}
	r.job.UpdatedAt = r.now()
	summary := r.job
	summary.Parts = nil
	r.mu.Unlock()
	r.changed()
	r.send(Event{JobID: summary.ID, Phase: phase, Job: summary})
}

// setPart changes part i under the lock and reports the change.
func (r *run) setPart(i int, f func(*model.PartState)) {
	r.mu.Lock()
	f(&r.job.Parts[i])
	r.job.UpdatedAt = r.now()
	p := r.job.Parts[i]
	p.Tries = slices.Clone(p.Tries) // the event outlives the lock
	summary := r.job
	summary.Parts = nil
	r.mu.Unlock()
	r.changed()
	r.send(Event{JobID: summary.ID, Phase: PhaseCopying, Part: &p, Job: summary})
}

// changed hands OnChange a snapshot. Calls are serialised and the
// snapshot is taken inside the same lock, so a journal never sees an older
// state after a newer one.
func (r *run) changed() {
	if r.e.OnChange == nil {
		return
	}
	r.changeMu.Lock()
	defer r.changeMu.Unlock()
	r.e.OnChange(r.snapshot())
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

func (r *run) snapshot() model.Job {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.job.Clone()
}

// fatalCodes end the whole job: no other part can succeed after them.
// A source that is gone (NoSuchKey, NoSuchVersion) is one of them: every
// part left would fail the same way.
var fatalCodes = []string{"NoSuchUpload", "NoSuchBucket", "NoSuchKey", "NoSuchVersion", "AccessDenied", "InvalidAccessKeyId",
	"SignatureDoesNotMatch", "ReadOnly"}

func (r *run) copyParts() {
	var g errgroup.Group
	g.SetLimit(r.concurrency())
	var todo []int
	for i, p := range r.job.Parts {
		switch {
		case p.State == model.StateDone && p.ETag != "":
		case p.State == model.StateFailed:
			// A failed part waits for a person: Job.RetryParts or
			// Job.RetryFailed puts it back to pending.
		default:
			// pending, or cancelled / running from an interrupted run
			if p.State != model.StatePending {
				r.setPart(i, func(p *model.PartState) { p.State = model.StatePending })
			}
			todo = append(todo, i)
		}
	}
	for _, i := range todo {
		if r.ctx.Err() != nil || r.isFatal() {
			break
		}
		g.Go(func() error { r.copyPart(i); return nil })
	}
	_ = g.Wait()
}

func (r *run) isFatal() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.fatal != nil
}

func (r *run) copyPart(i int) {
	plan := r.job.Plan
	pp := plan.Parts[i]
	// The engine owns part retries so each attempt is visible on its part;
	// the SDK's own retry loop would hide them and share one retry quota
	// across every part in flight.
	in := PartCopy(plan, r.job.UploadID, pp)
	in.SingleAttempt = true
	for attempt := 1; ; attempt++ {
		if r.ctx.Err() != nil || r.isFatal() {
			r.setPart(i, func(p *model.PartState) { p.State = model.StateCancelled })
			return
		}
		start := r.now()
		try := model.Attempt{At: start, Range: pp.Range}
		r.setPart(i, func(p *model.PartState) { p.State, p.Attempts, p.Err = model.StateRunning, p.Attempts+1, nil })
		timeout := r.e.AttemptTimeout
		if timeout <= 0 {
			timeout = DefaultAttemptTimeout
		}
		actx, cancel := context.WithTimeout(r.ctx, timeout)
		res, err := r.e.Client.CopyPart(actx, in)
		cancel()
		if err != nil && r.ctx.Err() == nil && actx.Err() == context.DeadlineExceeded {
			err = &model.OpError{Op: "UploadPartCopy", Code: "Timeout", Retryable: true,
				Message: fmt.Sprintf("no answer within %s", timeout)}
		}
		took := r.now().Sub(start)
		try.Took = took
		if err == nil {
			try.ETag = res.ETag
			r.setPart(i, func(p *model.PartState) {
				p.State, p.ETag, p.LastModified, p.CopySourceVersionID, p.Duration, p.Origin = model.StateDone, res.ETag, res.LastModified, res.CopySourceVersionID, took, ""
				p.AddTry(try)
			})
			return
		}
		oe := r.whichFailed(explainCondition(Classify("UploadPartCopy", err), plan.Conditions, plan.SourceETag), plan)
		if oe.Code == "Cancelled" {
			r.setPart(i, func(p *model.PartState) { p.State, p.Duration = model.StateCancelled, took; p.AddTry(try) })
			return
		}
		try.Err = oe
		if oe.Retryable && attempt < r.attempts() {
			r.setPart(i, func(p *model.PartState) { p.State, p.Err, p.Duration = model.StatePending, oe, took; p.AddTry(try) })
			select {
			case <-time.After(r.backoff(attempt, err)):
			case <-r.ctx.Done():
			}
			continue
		}
		r.setPart(i, func(p *model.PartState) { p.State, p.Err, p.Duration = model.StateFailed, oe, took; p.AddTry(try) })
		if IsCode(oe, fatalCodes...) {
			why := oe
			if IsCode(oe, "NoSuchKey", "NoSuchVersion") {
				gone := *oe
				gone.Message = fmt.Sprintf("the source %s no longer exists (%s): the copy stopped; the parts copied so far can never make the object, so abort the upload",
					plan.Source, oe.Code)
				why = &gone
			}
			r.mu.Lock()
			if r.fatal == nil {
				r.fatal = why
			}
			r.mu.Unlock()
			r.stop() // no other part can succeed: stop those in flight
		}
		return
	}
}

// explainCondition says which copy condition a 412 (or versitygw's 304)
// means did not hold, in the plan's own terms.
func explainCondition(oe *model.OpError, c model.Conditions, source string) *model.OpError {
	if !IsCode(oe, "PreconditionFailed", "HTTP412", "NotModified", "HTTP304") || c.IsZero() {
		return oe
	}
	var why []string
	if c.IfMatch != "" {
		why = append(why, "its ETag no longer matches If-Match "+model.QuoteETag(c.IfMatch))
	}
	out := *oe
	if c.IfMatch != "" && source != "" && !model.SameETag(c.IfMatch, source) {
		// The source may be fine: the If-Match asked was never its ETag.
		out.Message = fmt.Sprintf("If-Match %s is not the source's ETag (%s when the plan was made): fix the condition, or the source changed since", model.QuoteETag(c.IfMatch), source)
		out.Retryable = false
		return &out
	}
	if !c.IfUnmodifiedSince.IsZero() {
		why = append(why, "it was modified after If-Unmodified-Since "+c.IfUnmodifiedSince.Format(time.RFC3339))
	}
	if c.IfNoneMatch != "" {
		why = append(why, "its ETag matches If-None-Match "+model.QuoteETag(c.IfNoneMatch))
	}
	if !c.IfModifiedSince.IsZero() {
		why = append(why, "it was not modified since If-Modified-Since "+c.IfModifiedSince.Format(time.RFC3339))
	}
	prefix := "the source changed: "
	if c.IfMatch == "" && c.IfUnmodifiedSince.IsZero() {
		prefix = "the source did not pass the copy conditions: "
	}
	out.Message = prefix + strings.Join(why, ", or ")
	out.Retryable = false
	return &out
}

// whichFailed reads the source again after a 412 and names the conditions
// it does not meet, so the person is told "If-Unmodified-Since failed: the
// source was modified at …", not that it changed when it did not.
func (r *run) whichFailed(oe *model.OpError, plan model.Plan) *model.OpError {
	c := plan.Conditions
	if oe.Retryable || c.IsZero() || !IsCode(oe, "PreconditionFailed", "HTTP412", "NotModified", "HTTP304") {
		return oe
	}
	info, err := r.e.Client.HeadObject(r.ctx, plan.Source)
	if err != nil {
		return oe // explainCondition's account, every condition that may have failed
	}
	failed := c.FailedBy(info.ETag, info.LastModified)
	if len(failed) == 0 {
		return oe // it meets them all now: it was the state it was in then
	}
	out := *oe
	out.Failed = failed
	var why []string
	for _, f := range failed {
		switch f {
		case "If-Match":
			if model.SameETag(info.ETag, plan.SourceETag) {
				why = append(why, oe.Message) // never the source's ETag: explainCondition said so
				continue
			}
			why = append(why, fmt.Sprintf("the source changed: its ETag is now %s, not If-Match %s", info.ETag, model.QuoteETag(c.IfMatch)))
		case "If-None-Match":
			why = append(why, fmt.Sprintf("the source's ETag %s matches If-None-Match %s", info.ETag, model.QuoteETag(c.IfNoneMatch)))
		case "If-Modified-Since":
			why = append(why, fmt.Sprintf("the source was not modified since If-Modified-Since %s (last modified %s)",
				model.HTTPDate(c.IfModifiedSince), model.HTTPDate(info.LastModified)))
		case "If-Unmodified-Since":
			why = append(why, fmt.Sprintf("the source was modified after If-Unmodified-Since %s (at %s)",
				model.HTTPDate(c.IfUnmodifiedSince), model.HTTPDate(info.LastModified)))
		}
	}
	out.Message = strings.Join(why, "; ")
	return &out
}

func (r *run) completeAndVerify() *model.OpError {
	if a, b, mixed := mixedSourceVersions(r.snapshot().Parts); mixed {
		return &model.OpError{Op: "CompleteMultipartUpload", Code: "MixedSourceVersions",
			Message: fmt.Sprintf("refusing to complete: parts were copied from different source versions (%s and %s); re-copy them from one version", a, b)}
	}
	if oe := r.agreeWithUpload(); oe != nil {
		return oe
	}
	job := r.snapshot()
	parts, err := job.CompletedParts()
	if err != nil {
		return &model.OpError{Op: "CompleteMultipartUpload", Code: "PartsMissing", Message: err.Error()}
	}
	if oe := r.sourceStill(job); oe != nil {
		return oe
	}
	r.setJob(PhaseCompleting, nil)
	if r.e.BeforeComplete != nil {
		// Every part's ETag must be on record before the upload turns into
		// an object: after a kill during completion they are what proves
		// the object is this copy.
		if err := r.e.BeforeComplete(); err != nil {
			return &model.OpError{Op: "journal", Code: "JournalFailed", Message: fmt.Sprintf(
				"the parts' ETags could not be journaled before completing (%v): the upload was not completed", err)}
		}
	}
	res, oe := r.complete(job, parts)
	if oe != nil {
		return oe
	}
	// The parts completed: maybe not the first list, if the upload was
	// asked again on the way.
	expected := ""
	if final, err := r.snapshot().CompletedParts(); err == nil && r.e.Client.preset.MultipartETagFromParts {
		etags := make([]string, len(final))
		for i, p := range final {
			etags[i] = p.ETag
		}
		expected, _ = model.MultipartETag(etags) // empty when a part ETag is not an MD5
	}
	r.setJob(PhaseVerifying, func(j *model.Job) {
		j.Completed, j.FinalETag, j.ExpectedETag, j.DestVersionID = true, res.ETag, expected, res.VersionID
	})
	return r.verify()
}

// completeAttempts bounds the engine's own tries at completing (each of
// which the SDK may already have retried).
const completeAttempts = 3

// complete sends CompleteMultipartUpload. The answer can be lost while the
// server completed (a reset after it acted, an answer cut short, a stall,
// a cancel): after any failure the object says whether it was made, before
// anything is said; an upload still open after a failure that may pass is
// completed again.
func (r *run) complete(job model.Job, parts []model.CompletedPart) (CompleteResult, *model.OpError) {
	for attempt := 1; ; attempt++ {
		res, err := r.e.Client.Complete(r.ctx, job.Plan.Dest, job.UploadID, parts)
		if err == nil {
			return res, nil
		}
		oe := Classify("CompleteMultipartUpload", err)
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.parent), time.Minute)
		made, proven, ok := r.e.Client.completedAlready(ctx, job)
		cancel()
		switch {
		case ok && proven:
			return CompleteResult{ETag: made.FinalETag, VersionID: made.DestVersionID}, nil
		case ok:
			r.setJob(PhaseFinished, func(j *model.Job) {
				j.Completed, j.FinalETag, j.DestVersionID = true, made.FinalETag, made.DestVersionID
			})
			return CompleteResult{}, &model.OpError{Op: "verify", Code: "NotVerified", Message: fmt.Sprintf(
				"the answer to CompleteMultipartUpload was lost (%s); %s has the planned size and part count, but this provider's ETags cannot prove it is made of the job's parts",
				oe.Message, job.Plan.Dest)}
		case IsCode(oe, "InvalidPart") && attempt < completeAttempts && r.ctx.Err() == nil:
			// The upload disagrees with the part list after all (a listing
			// that lied, a part replaced since): ask it again, and again
			// complete with what it holds.
			if again := r.agreeWithUpload(); again != nil {
				return CompleteResult{}, again
			}
			job = r.snapshot()
			if parts, err = job.CompletedParts(); err != nil {
				return CompleteResult{}, &model.OpError{Op: "CompleteMultipartUpload", Code: "PartsMissing", Message: err.Error()}
			}
			continue
		case !oe.Retryable || attempt == completeAttempts || r.ctx.Err() != nil:
			return CompleteResult{}, oe
		}
		select {
		case <-time.After(r.backoff(attempt, err)):
		case <-r.ctx.Done():
			return CompleteResult{}, Classify("CompleteMultipartUpload", r.ctx.Err())
		}
	}
}

// agreeWithUpload makes the parts about to be completed the upload's own.
// CompleteMultipartUpload checks every ETag against what the upload holds,
// and an answer to a part copy can carry a wrong ETag, or say copied for a
// part the upload does not hold. A part this job copied (its last attempt
// was answered) and that the upload holds with the planned size takes the
// upload's ETag: nobody else writes into the job's upload while it runs.
// Parts missing, of another size, or kept from elsewhere with another
// ETag are copied again, once; if the upload still disagrees, nothing is
// completed.
func (r *run) agreeWithUpload() *model.OpError {
	for round := 0; ; round++ {
		job := r.snapshot()
		stored, err := r.e.Client.ListParts(r.ctx, job.Plan.Dest, job.UploadID)
		if err != nil {
			return Classify("ListParts", err)
		}
		byNum := make(map[int32]model.Part, len(stored))
		for _, p := range stored {
			byNum[p.Number] = p
		}
		var again []int
		for i, p := range job.Parts {
			st, ok := byNum[p.Number]
			switch {
			case ok && st.Size == p.Range.Len() && model.SameETag(st.ETag, p.ETag):
			case ok && st.Size == p.Range.Len() && st.ETag != "" && copiedByJob(p):
				r.setPart(i, func(p *model.PartState) { p.ETag = st.ETag })
			default:
				again = append(again, i)
			}
		}
		if len(again) == 0 {
			return nil
		}
		if round > 0 {
			return &model.OpError{Op: "CompleteMultipartUpload", Code: "PartsMissing", Message: fmt.Sprintf(
				"the upload does not hold %d of the parts copied into it, even after copying them again: nothing was completed", len(again))}
		}
		for _, i := range again {
			r.setPart(i, func(p *model.PartState) {
				p.State, p.ETag, p.Origin = model.StatePending, "", ""
				p.Err = &model.OpError{Op: "ListParts", Code: "NotInUpload", Retryable: true,
					Message: "the upload does not hold this part as copied: it is copied again"}
			})
		}
		r.copyParts()
		if r.ctx.Err() != nil || r.isFatal() {
			return stopped(r.ctx, Classify("copy", r.ctx.Err()))
		}
		if p := r.snapshot().Progress(); p.PartsDone != p.PartsTotal {
			return r.fatalOr(&model.OpError{Op: "copy", Code: "PartsFailed",
				Message: fmt.Sprintf("%d of %d parts failed; the upload %s is left open: retry the failed parts, or abort it", p.PartsTotal-p.PartsDone, p.PartsTotal, job.UploadID)})
		}
	}
}

// copiedByJob: the part's last attempt was a copy the server answered,
// so the part the upload holds under its number is that copy.
func copiedByJob(p model.PartState) bool {
	return len(p.Tries) > 0 && p.Tries[len(p.Tries)-1].ETag != ""
}

// fatalOr is the error that stopped every part, if one did.
func (r *run) fatalOr(oe *model.OpError) *model.OpError {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fatal != nil {
		return r.fatal
	}
	return oe
}

// sourceStill refuses to complete when nothing guarded the copy against a
// change of its source (no If-Match on the source's ETag, no version) and
// the source changed while the parts were copied: they may mix two
// versions, and an object that never existed must not be made.
func (r *run) sourceStill(job model.Job) *model.OpError {
	c := job.Plan.Conditions
	if job.Plan.Source.VersionID != "" || job.Plan.SourceETag == "" || (c.IfMatch != "" && model.SameETag(c.IfMatch, job.Plan.SourceETag)) {
		return nil
	}
	info, err := r.e.Client.HeadObject(r.ctx, job.Plan.Source)
	if err != nil {
		oe := *Classify("HeadObject", err)
		oe.Message = "the source could not be read again before completing, and nothing guarded the copy against its change (no If-Match): " + oe.Message
		return &oe
	}
	if !model.SameETag(info.ETag, job.Plan.SourceETag) {
		return &model.OpError{Op: "CompleteMultipartUpload", Code: "SourceChanged", Message: fmt.Sprintf(
			"the source %s changed while it was copied (ETag %s, now %s) and no If-Match guarded the parts: they may mix two versions, so nothing was completed; abort the upload and copy again (If-Match, the default, makes such a change fail the parts instead)",
			job.Plan.Source, job.Plan.SourceETag, info.ETag)}
	}
	return nil
}

// verify checks the completed object: its size, and its ETag against the
// one its parts give where the provider's ETags allow.
func (r *run) verify() *model.OpError {
	job := r.snapshot()
	dest := job.Plan.Dest
	dest.VersionID = job.DestVersionID
	// The object exists whatever happens now: its check runs to the end
	// even when the job was just stopped.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.parent), time.Minute)
	defer cancel()
	// A check that disagrees is asked again before it is believed: one
	// answer garbled on the way must not call a good object bad.
	var why *model.OpError
	for attempt := 1; attempt <= verifyAttempts; attempt++ {
		info, err := r.e.Client.HeadObject(ctx, dest)
		switch {
		case err != nil:
			why = Classify("HeadObject", err)
			why.Code, why.Message = "VerifyFailed", "the object was created but could not be checked: "+why.Message
			return why
		case info.Size != job.Plan.TotalBytes():
			why = verifyFailed(fmt.Sprintf("the new object %s is %d bytes; the plan copies %d", dest, info.Size, job.Plan.TotalBytes()))
		case job.ExpectedETag != "" && !model.SameETag(info.ETag, job.ExpectedETag):
			// The object's own ETag counts; the one in Complete's answer
			// may have been garbled on the way.
			why = verifyFailed(fmt.Sprintf("the new object's ETag is %s; its parts give %s", info.ETag, job.ExpectedETag))
		default:
			r.setJob(PhaseVerifying, func(j *model.Job) { j.Verified, j.FinalETag = true, info.ETag })
			return nil
		}
	}
	return why
}

// verifyAttempts is how often a check that disagrees is asked.
const verifyAttempts = 3

func verifyFailed(msg string) *model.OpError {
	return &model.OpError{Op: "verify", Code: "VerifyFailed", Message: msg}
}

// firstPartError is the error of the first failed part, which says more
// than a count when nothing could be copied.
func (r *run) firstPartError(fallback *model.OpError) *model.OpError {
	for _, p := range r.snapshot().Parts {
		if p.State == model.StateFailed && p.Err != nil {
			oe := *p.Err
			oe.Message = fmt.Sprintf("no part could be copied, so the empty upload was aborted; part %d: %s", p.Number, p.Err.Message)
			return &oe
		}
	}
	return fallback
}

// mixedSourceVersions finds two parts the server says were copied from
// different versions of the source: completing them would make an object
// that never existed.
func mixedSourceVersions(parts []model.PartState) (string, string, bool) {
	first := ""
	for _, p := range parts {
		v := p.CopySourceVersionID
		if v == "" {
			continue
		}
		if first == "" {
			first = v
		} else if v != first {
			return first, v, true
		}
	}
	return "", "", false
}

// finish records the job's final state and error: copied (left open on
// purpose), verified, completed (made but not checked), cancelled or
// failed.
func (r *run) finish(oe *model.OpError) model.Job {
	r.setJob(PhaseFinished, func(j *model.Job) {
		j.Err = oe
		var to model.State
		switch {
		case oe == nil && j.Completed:
			to = model.StateVerified
		case oe == nil:
			to = model.StateCopied
		case j.Completed:
			to = model.StateCompleted
		case oe.Code == "Cancelled":
			to = model.StateCancelled
		default:
			to = model.StateFailed
		}
		_ = j.MoveTo(to) // every one of them is a move from running
	})
	return r.snapshot()
}

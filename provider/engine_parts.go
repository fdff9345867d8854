package provider

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"s3parts/model"
)

// fatalCodes end the whole job: no other part can succeed after them.
// A source that is gone (NoSuchKey, NoSuchVersion) is one of them: every
// part left would fail the same way.
var fatalCodes = []string{"NoSuchUpload", "NoSuchBucket", "NoSuchKey", "NoSuchVersion", "AccessDenied", "InvalidAccessKeyId",
	"SignatureDoesNotMatch", "ReadOnly"}

func (r *run) copyParts() {
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
	fixed := r.e.Client.Preset().CapConcurrency(r.e.Concurrency)
	r.flow = newFlow(fixed, min(model.AutoInFlight, len(todo)), r.ceiling(), r.now)
	// A worker per slot the flow may ever open, each taking parts one
	// after another: a worker's stack, grown once to what the SDK's deep
	// frames need, serves all its parts (a goroutine per part grew a new
	// stack by doubling every time, a fifth of the client's CPU against a
	// server that answers at once: BenchmarkClientOverhead). Each attempt
	// waits for a slot of its own, so a part waiting out a backoff holds
	// none.
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(r.flow.ceiling, len(todo)) {
		wg.Go(func() {
			for i := range next {
				r.copyPart(i)
			}
		})
	}
	for _, i := range todo {
		if r.ctx.Err() != nil || r.isFatal() {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
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
	throttles := 0
	for attempt := 1; ; attempt++ {
		if r.ctx.Err() != nil || r.isFatal() {
			r.setPart(i, func(p *model.PartState) { p.State = model.StateCancelled })
			return
		}
		slot, err := r.flow.acquire(r.ctx)
		start := slot.at
		if err != nil {
			r.setPart(i, func(p *model.PartState) { p.State = model.StateCancelled })
			return
		}
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
		var oe *model.OpError
		if err != nil {
			oe = Classify("UploadPartCopy", err)
		}
		throttle := ""
		if err != nil && isThrottle(oe, err) {
			throttle = cmp.Or(oe.Code, "throttled")
		}
		r.flow.release(slot, pp.Range.Len(), err == nil, throttle)
		if err == nil {
			try.ETag = res.ETag
			r.setPart(i, func(p *model.PartState) {
				p.State, p.ETag, p.LastModified, p.CopySourceVersionID, p.Duration, p.Origin = model.StateDone, res.ETag, res.LastModified, res.CopySourceVersionID, took, ""
				if res.ChecksumAlgorithm == r.alg {
					p.Checksum = res.Checksum
				}
				p.AddTry(try)
			})
			r.watchChecksum(plan, pp, res, nil)
			return
		}
		oe = r.whichFailed(explainCondition(oe, plan.Conditions, plan.SourceETag), plan)
		if IsCode(oe, "NoSuchKey", "NoSuchVersion") {
			oe = r.sourceGone(plan.Source, oe)
		}
		if oe.Code == "Cancelled" {
			r.setPart(i, func(p *model.PartState) { p.State, p.Duration = model.StateCancelled, took; p.AddTry(try) })
			return
		}
		try.Err = oe
		if throttle != "" && throttles < maxThrottles {
			// The flow has cut the parts in flight: a throttled attempt
			// is the service pacing us, not the part failing, so it does
			// not count against the part's attempts.
			throttles++
			attempt--
		}
		if oe.Retryable && attempt < r.attempts() {
			r.setPart(i, func(p *model.PartState) { p.State, p.Err, p.Duration = model.StatePending, oe, took; p.AddTry(try) })
			select {
			case <-time.After(r.backoff(attempt, err)):
			case <-r.ctx.Done():
			}
			continue
		}
		r.setPart(i, func(p *model.PartState) { p.State, p.Err, p.Duration = model.StateFailed, oe, took; p.AddTry(try) })
		r.watchChecksum(plan, pp, CopyPartResult{}, oe)
		if IsCode(oe, fatalCodes...) {
			why := oe
			if IsCode(oe, "NoSuchKey", "NoSuchVersion") {
				gone := *oe
				gone.Message = fmt.Sprintf("the source %s no longer exists (%s): the copy stopped; the parts copied so far can never make the object, so abort the upload",
					plan.Source, oe.Code)
				if oe.DeleteMarker {
					gone.Message = oe.Message + "; the copy stopped: the parts copied so far can never make the object, so abort the upload"
				}
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

// sourceGone says, once a run, whether a delete marker is why a part copy
// found no source (Client.SourceGone); asked under the parent context, as
// a fatal error may already have stopped the parts'.
func (r *run) sourceGone(src model.Ref, oe *model.OpError) *model.OpError {
	r.gone.once.Do(func() {
		r.gone.err = oe
		if err := r.e.Client.SourceGone(r.parent, src, oe); err != error(oe) {
			r.gone.err = Classify("UploadPartCopy", err)
		}
	})
	if r.gone.err.DeleteMarker {
		explained := *r.gone.err
		return &explained
	}
	return oe
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
	r.sourceNow.once.Do(func() { r.sourceNow.info, r.sourceNow.err = r.e.Client.HeadObject(r.ctx, plan.Source) })
	info, err := r.sourceNow.info, r.sourceNow.err
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

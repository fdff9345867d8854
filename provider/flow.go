package provider

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"s3parts/model"
)

// Flow is how many part copies a job has in flight and why: what the
// progress line and the jobs screen show.
type Flow struct {
	InFlight int // attempts being answered now
	Limit    int // how many may be
	Auto     bool
	Why      string // "rate rising", "backing off: SlowDown", "--concurrency 8", …
}

// String: "12/64 in flight (backing off: SlowDown)".
func (f Flow) String() string {
	if f.Limit == 0 {
		return ""
	}
	s := fmt.Sprintf("%d/%d in flight", f.InFlight, f.Limit)
	if f.Why != "" {
		s += " (" + f.Why + ")"
	}
	return s
}

// flow admits part-copy attempts. With a fixed limit it is a semaphore.
// Auto, it finds the service's limit (the copy's speed on a cloud is set by
// how many part copies run at once, each at roughly its own fixed rate, up
// to an aggregate the service allows):
//
//   - it starts at the plan's target (the parts that were sized to run at
//     once, model.AutoInFlight), within the ceiling;
//   - after every round (as many successful parts as the limit), if the
//     aggregate rate of that round rose by more than 5 % over the last one,
//     it raises the limit: by half until the service first pushes back,
//     by one after that (additive increase); a flat rate holds it;
//   - a throttle answer (SlowDown, 503, 429, Throttling…) cuts it to three
//     quarters (multiplicative decrease), once per round trip: attempts
//     that began before the cut met the old limit and say nothing new;
//   - and every throttle says the service refused k in flight (k counted
//     when the attempt began), so the limit goes below k, but not below
//     half of what it was before the cut: a burst of 64 that the service
//     takes 32 of settles at 32 at once, while throttles that come at
//     random (a service limiting a request rate) cost at most a halving.
type flow struct {
	now     func() time.Time
	auto    bool
	ceiling int

	mu       sync.Mutex
	wake     chan struct{} // closed and replaced on every release or change
	limit    float64
	inFlight int
	why      string
	cutAt    time.Time // the last decrease (once set, increases are additive)
	floor    float64   // half the limit before the last cut
	round    struct {
		start time.Time
		bytes int64
		parts int
	}
	lastRate float64
}

// newFlow: fixed > 0 fixes the limit; otherwise it starts at start and
// moves within 1..ceiling.
func newFlow(fixed, start, ceiling int, now func() time.Time) *flow {
	f := &flow{now: now, ceiling: max(1, ceiling), wake: make(chan struct{})}
	if fixed > 0 {
		f.limit, f.why = float64(fixed), fmt.Sprintf("--concurrency %d", fixed)
		f.ceiling = fixed
	} else {
		f.auto = true
		f.limit = float64(min(max(1, start), f.ceiling))
		f.why = "finding the limit"
	}
	f.round.start = now()
	return f
}

// slot is one attempt let through: when it began and how many were in
// flight then, itself included.
type slot struct {
	at time.Time
	k  int
}

// acquire waits for a slot; it returns when the attempt may start, or
// the context's error.
func (f *flow) acquire(ctx context.Context) (slot, error) {
	for {
		f.mu.Lock()
		if f.inFlight < int(f.limit) {
			f.inFlight++
			s := slot{at: f.now(), k: f.inFlight}
			f.mu.Unlock()
			return s, nil
		}
		wake := f.wake
		f.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return slot{}, ctx.Err()
		}
	}
}

// release ends an attempt: bytes copied if it succeeded; throttle is the
// code of the answer if the service pushed back ("SlowDown", "HTTP503"…).
func (f *flow) release(s slot, bytes int64, ok bool, throttle string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inFlight--
	switch {
	case !f.auto:
	case throttle != "":
		if !s.at.Before(f.cutAt) { // news: it met the current limit
			f.floor = math.Max(1, math.Floor(f.limit*0.5))
			f.limit = math.Max(1, math.Floor(f.limit*0.75))
			f.cutAt = f.now()
			f.why = "backing off: " + throttle
			f.newRound()
		}
		f.limit = math.Max(f.floor, math.Min(f.limit, float64(s.k-1)))
	case ok:
		f.round.bytes += bytes
		f.round.parts++
		if f.round.parts < int(f.limit) {
			break
		}
		took := f.now().Sub(f.round.start).Seconds()
		if took <= 0 {
			break
		}
		rate := float64(f.round.bytes) / took
		switch {
		case int(f.limit) >= f.ceiling:
			f.why = "at the ceiling"
		case f.lastRate == 0 || rate > f.lastRate*1.05:
			if !f.cutAt.IsZero() { // the service has pushed back
				f.limit++
			} else {
				f.limit = math.Min(float64(f.ceiling), math.Ceil(f.limit*1.5))
			}
			f.why = fmt.Sprintf("more while the rate rises: %s/s", model.FormatSize(int64(rate)))
		default:
			f.why = fmt.Sprintf("holding: no faster with more than %s/s", model.FormatSize(int64(rate)))
		}
		f.lastRate = rate
		f.newRound()
	}
	// Wake the waiters: a slot is free, or the limit moved.
	close(f.wake)
	f.wake = make(chan struct{})
}

func (f *flow) newRound() {
	f.round.start, f.round.bytes, f.round.parts = f.now(), 0, 0
}

func (f *flow) state() Flow {
	f.mu.Lock()
	defer f.mu.Unlock()
	return Flow{InFlight: f.inFlight, Limit: int(f.limit), Auto: f.auto, Why: f.why}
}

// throttleCodes are the answers that mean "too many requests", whatever the
// SDK's own list (retry.DefaultThrottles) says: S3 and its clones answer a
// plain 503 ServiceUnavailable under load.
var throttleCodes = []string{"SlowDown", "ServiceUnavailable", "HTTP503", "TooManyRequests", "HTTP429",
	"Throttling", "ThrottlingException", "RequestLimitExceeded", "RequestThrottled", "ProvisionedThroughputExceededException"}

// isThrottle: the service asks for fewer requests.
func isThrottle(oe *model.OpError, err error) bool {
	return IsThrottle(oe) || retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err) == aws.TrueTernary
}

// IsThrottle: an attempt's error is the service asking for fewer requests
// (the engine then runs fewer at once and tries the part again).
func IsThrottle(oe *model.OpError) bool {
	return oe != nil && (IsCode(oe, throttleCodes...) || oe.HTTPStatus == 503 || oe.HTTPStatus == 429)
}

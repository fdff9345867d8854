package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"s3parts/model"
)

// fakeClock is a clock a test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newFakeClock() *fakeClock           { return &fakeClock{t: time.Unix(1_700_000_000, 0)} }

// take starts an attempt that must get a slot at once.
func take(t *testing.T, f *flow) slot {
	t.Helper()
	at, err := f.acquire(context.Background())
	must(t, err)
	return at
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// round runs one round of the flow's limit in parts of size bytes that
// take d each, all at once, and returns the state after it.
func runRound(t *testing.T, f *flow, clock *fakeClock, size int64, d time.Duration) Flow {
	t.Helper()
	n := f.state().Limit
	starts := make([]slot, n)
	for i := range n {
		starts[i] = take(t, f)
	}
	clock.add(d)
	for i := range n {
		f.release(starts[i], size, true, "")
	}
	return f.state()
}

func TestFlowFixedIsASemaphore(t *testing.T) {
	clock := newFakeClock()
	f := newFlow(3, 64, 128, clock.now)
	for range 3 {
		take(t, f)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := f.acquire(ctx); err == nil {
		t.Fatal("a fourth attempt started with 3 fixed")
	}
	f.release(slot{at: clock.now(), k: 3}, model.MiB, false, "SlowDown") // a throttle moves nothing
	if s := f.state(); s.Limit != 3 || s.Auto || s.InFlight != 2 || s.Why != "--concurrency 3" {
		t.Errorf("fixed flow after a throttle: %+v", s)
	}
	got := make(chan error, 1)
	go func() { _, err := f.acquire(context.Background()); got <- err }()
	must(t, <-got) // the released slot is taken
}

// While more in flight copy faster, the limit rises (by half until the
// service first pushes back); a flat rate holds it; the ceiling bounds it.
func TestFlowRaisesWhileTheRateRises(t *testing.T) {
	clock := newFakeClock()
	f := newFlow(0, 8, 20, clock.now)
	if s := f.state(); s.Limit != 8 || !s.Auto {
		t.Fatalf("start: %+v", s)
	}
	// Every part takes 1 s whatever the number in flight: the aggregate
	// rate grows with the limit.
	s := runRound(t, f, clock, 64*model.MiB, time.Second) // first round: nothing to compare, raise
	if s.Limit != 12 || !strings.HasPrefix(s.Why, "more while the rate rises") {
		t.Fatalf("after the first round: %+v", s)
	}
	s = runRound(t, f, clock, 64*model.MiB, time.Second)
	if s.Limit != 18 {
		t.Fatalf("after a faster round: %+v", s)
	}
	s = runRound(t, f, clock, 64*model.MiB, time.Second)
	if s.Limit != 20 {
		t.Fatalf("the ceiling: %+v", s)
	}
	s = runRound(t, f, clock, 64*model.MiB, time.Second)
	if s.Limit != 20 || s.Why != "at the ceiling" {
		t.Fatalf("at the ceiling: %+v", s)
	}
}

func TestFlowHoldsWhenTheRateIsFlat(t *testing.T) {
	clock := newFakeClock()
	f := newFlow(0, 8, 128, clock.now)
	runRound(t, f, clock, 64*model.MiB, time.Second) // 8 × 64 MiB in 1 s; now 12
	// 12 in flight share the same aggregate: each takes 1.5 s.
	s := runRound(t, f, clock, 64*model.MiB, 1500*time.Millisecond)
	if s.Limit != 12 || !strings.HasPrefix(s.Why, "holding") {
		t.Fatalf("a flat rate: %+v", s)
	}
}

// A burst the service takes only part of settles at what it took: each
// throttle says k in flight were too many, and the cut (to three quarters,
// once per round trip) goes no lower than half.
func TestFlowBacksOffOnThrottles(t *testing.T) {
	clock := newFakeClock()
	f := newFlow(0, 64, 128, clock.now)
	var slots []slot
	for range 64 {
		slots = append(slots, take(t, f))
	}
	clock.add(30 * time.Millisecond)
	for _, s := range slots[32:] { // the service took 32 and refused the rest
		f.release(s, 0, false, "SlowDown")
	}
	s := f.state()
	if s.Limit != 32 || s.InFlight != 32 || s.Why != "backing off: SlowDown" {
		t.Fatalf("after a burst of SlowDowns: %+v (want 32, what the service took)", s)
	}
	// The 32 finish: a round, and the increase after a push back is one.
	clock.add(time.Second)
	for _, s := range slots[:32] {
		f.release(s, 64*model.MiB, true, "")
	}
	if s := f.state(); s.Limit != 33 || s.InFlight != 0 {
		t.Fatalf("a round after the push back: %+v (want 33, none in flight)", s)
	}
	// A throttle with one in flight (a service limiting a request rate,
	// not a count) costs at most a halving.
	one := take(t, f)
	clock.add(30 * time.Millisecond)
	f.release(one, 0, false, "ServiceUnavailable")
	if s := f.state(); s.Limit != 16 || s.Why != "backing off: ServiceUnavailable" {
		t.Fatalf("a lone throttle: %+v (want 16)", s)
	}
	// Another throttle right after, of an attempt begun before that cut:
	// no news, no cut.
	clock.add(time.Millisecond)
	f.release(slot{at: one.at, k: 20}, 0, false, "SlowDown")
	if s := f.state(); s.Limit != 16 {
		t.Fatalf("an old attempt's throttle: %+v (want 16 still)", s)
	}
}

func TestFlowNeverBelowOne(t *testing.T) {
	clock := newFakeClock()
	f := newFlow(0, 1, 128, clock.now)
	for range 5 {
		s := take(t, f)
		clock.add(time.Millisecond)
		f.release(s, 0, false, "SlowDown")
	}
	if s := f.state(); s.Limit != 1 {
		t.Fatalf("limit %d after throttles at 1", s.Limit)
	}
}

package s3test

import (
	"math"
	"sync"
	"time"
)

// clock is the cloud server's model time. The server runs on a scaled
// wall clock; tests of the model's arithmetic run it on a fake one, so
// they assert exact numbers that no load on the machine can change.
type clock interface {
	Now() time.Time
	// AfterFunc calls f once d of model time has passed; stop cancels it.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// scaledClock runs scale times faster than the wall clock: one wall
// second is scale model seconds.
type scaledClock struct {
	start time.Time
	scale float64
}

func (c scaledClock) Now() time.Time {
	return c.start.Add(time.Duration(float64(time.Since(c.start)) * c.scale))
}

func (c scaledClock) AfterFunc(d time.Duration, f func()) func() bool {
	// Rounded up: a timer that fires early by a rounding error would find
	// the copy it was set for a few bytes short of done.
	return time.AfterFunc(time.Duration(math.Ceil(float64(d)/c.scale)), f).Stop
}

// fluid is processor sharing of the copy bandwidth: every copy in flight
// proceeds at min(partRate, aggRate/n) for n copies in flight, so each
// arrival or departure changes the speed of all the others. Rather than
// sleeping n/rate per copy (which would ignore those changes), it keeps the
// bytes left per copy, brings them up to date at every arrival, departure
// and timer, and keeps one timer for the next completion.
type fluid struct {
	clk clock
	// partRate and aggRate are bytes per model second; 0 is no limit.
	partRate, aggRate float64

	mu    sync.Mutex
	flows map[*flow]struct{}
	at    time.Time // model time the flows' bytes left were last brought up to date
	stop  func() bool
}

// flow is one copy moving data; done is closed when its last byte moved.
type flow struct {
	left float64
	done chan struct{}
}

// doneEpsilon: bytes left below it are rounding, not data (a float64 of
// 5 GiB is exact to about 1e-6 byte).
const doneEpsilon = 1e-3

func newFluid(clk clock, partRate, aggRate float64) *fluid {
	return &fluid{clk: clk, partRate: partRate, aggRate: aggRate, flows: map[*flow]struct{}{}, at: clk.Now()}
}

// rate is the bytes per second of each of n copies in flight; +Inf when
// nothing limits them.
func (f *fluid) rate(n int) float64 {
	r := math.Inf(1)
	if f.partRate > 0 {
		r = f.partRate
	}
	if f.aggRate > 0 && n > 0 {
		r = min(r, f.aggRate/float64(n))
	}
	return r
}

// start begins a copy of n bytes; its done channel closes when it ends.
func (f *fluid) start(n int64) *flow {
	fl := &flow{left: float64(n), done: make(chan struct{})}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.advance()
	if n <= 0 || math.IsInf(f.rate(len(f.flows)+1), 1) {
		close(fl.done)
		return fl
	}
	f.flows[fl] = struct{}{}
	f.schedule()
	return fl
}

// cancel takes a copy out before it ends (its client went away); the
// others speed up.
func (f *fluid) cancel(fl *flow) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.advance()
	if _, ok := f.flows[fl]; ok {
		delete(f.flows, fl)
		f.schedule()
	}
}

// active is the number of copies moving data.
func (f *fluid) active() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.flows)
}

// advance moves every flow on to now. It steps from completion to
// completion, so a timer that fires late still gives the copies left the
// speed they had once the earlier ones ended.
func (f *fluid) advance() {
	now := f.clk.Now()
	dt := now.Sub(f.at).Seconds()
	f.at = now
	for dt > 0 && len(f.flows) > 0 {
		r := f.rate(len(f.flows))
		least := math.Inf(1)
		for fl := range f.flows {
			least = min(least, fl.left)
		}
		step := min(dt, least/r)
		for fl := range f.flows {
			fl.left -= r * step
			if fl.left <= doneEpsilon {
				close(fl.done)
				delete(f.flows, fl)
			}
		}
		dt -= step
	}
}

// schedule sets the one timer for the next completion.
func (f *fluid) schedule() {
	if f.stop != nil {
		f.stop()
		f.stop = nil
	}
	if len(f.flows) == 0 {
		return
	}
	least := math.Inf(1)
	for fl := range f.flows {
		least = min(least, fl.left)
	}
	d := time.Duration(math.Ceil(least / f.rate(len(f.flows)) * float64(time.Second)))
	f.stop = f.clk.AfterFunc(max(d, 1), f.tick)
}

func (f *fluid) tick() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.advance()
	f.schedule()
}

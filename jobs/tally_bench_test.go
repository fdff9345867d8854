package jobs

import (
	"testing"
	"time"

	"s3parts/model"
	"s3parts/provider"
)

// BenchmarkPartEvent takes one part event into a job of 100 parts and
// into one of 10,000, alternating in one run, and reads the job's
// summary after it, as the jobs screen does: the time of each and their
// ratio (target ≤ 1.2). Events are timed 100 at a time (one takes about
// a microsecond, near the clock's own cost).
func BenchmarkPartEvent(b *testing.B) {
	const batch = 100
	event := func(n int) func() {
		s := New(nil, nil, Options{})
		parts := make([]model.PartState, n)
		for i := range parts {
			parts[i] = model.PartState{PlannedPart: model.PlannedPart{Number: int32(i + 1), Range: model.ByteRange{First: int64(i) << 20, Last: int64(i+1)<<20 - 1}},
				State: model.StatePending}
		}
		e := &entry{job: model.Job{ID: "bench", State: model.StateRunning, Parts: parts}}
		s.put(e)
		s.info(e, false)
		k := 0
		return func() {
			for range batch {
				p := parts[(n/2+k)%n]
				k++
				p.State, p.ETag = model.StateDone, `"e"`
				if p.Number%2 == 0 {
					p.State, p.ETag = model.StateRunning, ""
				}
				s.apply(e, provider.Event{JobID: "bench", Phase: provider.PhaseCopying, Part: &p})
				if s.info(e, false).Progress.PartsTotal != n {
					b.Fatal("wrong summary")
				}
			}
		}
	}
	few, many := event(100), event(10_000)
	var tFew, tMany time.Duration
	for b.Loop() {
		t := time.Now()
		few()
		tFew += time.Since(t)
		t = time.Now()
		many()
		tMany += time.Since(t)
	}
	n := float64(b.N * batch)
	b.ReportMetric(float64(tFew.Nanoseconds())/n, "ns/event-100")
	b.ReportMetric(float64(tMany.Nanoseconds())/n, "ns/event-10k")
	b.ReportMetric(float64(tMany)/float64(tFew), "ratio")
}

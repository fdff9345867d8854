package jobs

import (
	"testing"

	"s3parts/model"
)

// The entry's sums follow part events and a job replaced whole, whatever
// the part numbers.
func TestEntryTallyFollowsTheJob(t *testing.T) {
	parts := func(numbers ...int32) []model.PartState {
		var out []model.PartState
		for _, n := range numbers {
			out = append(out, model.PartState{PlannedPart: model.PlannedPart{Number: n, Range: model.ByteRange{First: int64(n) * 10, Last: int64(n)*10 + 9}},
				State: model.StatePending})
		}
		return out
	}
	e := &entry{job: model.Job{Parts: parts(1, 2, 3)}}
	check := func(what string) {
		t.Helper()
		if got, want := e.tally().Progress(), e.job.Progress(); got != want {
			t.Fatalf("%s: tally %+v, parts %+v", what, got, want)
		}
	}
	check("at first")
	done := e.job.Parts[1]
	done.State, done.ETag = model.StateDone, `"e"`
	if !e.setPart(done) {
		t.Fatal("part 2 not found")
	}
	check("after a part event")
	e.job = model.Job{Parts: parts(7, 3, 9, 10)} // replaced, numbers edited by hand
	check("after the job was replaced")
	failed := e.job.Parts[2]
	failed.State = model.StateFailed
	if !e.setPart(failed) || e.job.Parts[2].State != model.StateFailed {
		t.Fatal("part 9 not set")
	}
	check("after a part event on an edited plan")
	if e.setPart(model.PartState{PlannedPart: model.PlannedPart{Number: 4}}) {
		t.Fatal("a part the job lacks was set")
	}
	check("after an unknown part")
}

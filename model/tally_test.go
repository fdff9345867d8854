package model

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// A tally kept part change by part change says what walking the parts
// says.
func TestTallyFollowsTheParts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	states := []State{StatePending, StateRunning, StateDone, StateFailed, StateCancelled}
	errs := []*OpError{nil, {Code: "InternalError", HTTPStatus: 500}, {Code: "PreconditionFailed", HTTPStatus: 412},
		{HTTPStatus: 412, Failed: []string{"If-Match"}}, {HTTPStatus: 412, Failed: []string{"If-Unmodified-Since", "If-None-Match"}}}
	random := func(n int32) PartState {
		p := PartState{PlannedPart: PlannedPart{Number: n, Range: ByteRange{First: int64(n) * 100, Last: int64(n)*100 + r.Int64N(100)}},
			State: states[r.IntN(len(states))], Err: errs[r.IntN(len(errs))]}
		if r.IntN(4) > 0 {
			p.ETag = `"e"`
		}
		return p
	}
	for _, c := range []Conditions{{}, {IfMatch: `"s"`}, {IfMatch: `"s"`, IfNoneMatch: `"x"`}, {IfMatch: `"other"`}} {
		j := Job{Plan: Plan{SourceETag: `"s"`, Conditions: c}}
		for i := range 40 {
			j.Parts = append(j.Parts, random(int32(i+1)))
		}
		tally := TallyOf(j.Parts)
		for step := range 2000 {
			i := r.IntN(len(j.Parts))
			tally.Remove(j.Parts[i])
			j.Parts[i] = random(int32(i + 1))
			tally.Add(j.Parts[i])
			_, err := j.CompletedParts()
			if tally.Progress() != j.Progress() || tally.Completable() != (err == nil) ||
				tally.SourceChanged(j.Plan) != j.SourceChanged() || !reflect.DeepEqual(tally.FailedConditions(), j.FailedConditions()) {
				t.Fatalf("conditions %+v, step %d: the tally says %+v %v %v %v, the parts %+v %v %v %v", c, step,
					tally.Progress(), tally.Completable(), tally.SourceChanged(j.Plan), tally.FailedConditions(),
					j.Progress(), err == nil, j.SourceChanged(), j.FailedConditions())
			}
		}
	}
	if tally := TallyOf(nil); tally.Completable() {
		t.Fatal("a job without parts is not completable")
	}
}

package model

import (
	"strings"
	"testing"
	"time"
)

func TestJobMovesFollowTheMachine(t *testing.T) {
	j := Job{ID: "m", State: StatePending}
	for _, to := range []State{StateRunning, StateCancelled, StateRunning, StateFailed, StateRunning, StateCopied,
		StateRunning, StateCompleted, StateRunning, StateVerified, StateDismissed} {
		if err := j.MoveTo(to); err != nil {
			t.Fatalf("%v", err)
		}
	}
	for _, bad := range []struct{ from, to State }{
		{StateVerified, StateRunning}, {StateDismissed, StateRunning}, {StateDismissed, StateAborted},
		{StatePending, StateVerified}, {StateCompleted, StateAborted}, {StateRunning, StateDismissed},
		{StateRunning, StateInterrupted}, {StateCancelled, StateFailed},
	} {
		j := Job{ID: "m", State: bad.from}
		err := j.MoveTo(bad.to)
		if err == nil || j.State != bad.from || !strings.Contains(err.Error(), string(bad.from)) {
			t.Errorf("%s → %s: want refused and unchanged, got %v (%s)", bad.from, bad.to, err, j.State)
		}
	}
	// Every state the machine names is known, and every move ends in one.
	for from, tos := range jobMoves {
		if !KnownJobState(from) {
			t.Errorf("%s is in the moves but not in JobStates", from)
		}
		for _, to := range tos {
			if !KnownJobState(to) {
				t.Errorf("%s → %s: unknown target", from, to)
			}
		}
	}
	if KnownJobState("paused") || KnownJobState(StateDone) {
		t.Error("a state from elsewhere (a newer version, or a part's) was taken for a job state")
	}
}

func TestSettledJobs(t *testing.T) {
	for s, want := range map[State]bool{StateVerified: true, StateAborted: true, StateDismissed: true,
		StateFailed: false, StateCancelled: false, StateInterrupted: false, StateCopied: false, StateCompleted: false, StateRunning: false} {
		if got := (Job{State: s}).Settled(); got != want {
			t.Errorf("%s settled = %v, want %v", s, got, want)
		}
	}
}

func TestForgetUploadAndRestart(t *testing.T) {
	j := fullJob()
	j.State = StateCancelled
	if err := j.ForgetUpload(&OpError{Code: "Aborted", Message: "gone"}); err != nil {
		t.Fatal(err)
	}
	if j.State != StateAborted || j.UploadID != "" || j.CreatedUpload || j.Err.Code != "Aborted" {
		t.Errorf("after ForgetUpload: %s %q %v %v", j.State, j.UploadID, j.CreatedUpload, j.Err)
	}
	for _, p := range j.Parts {
		if p.State == StateDone || p.ETag != "" || p.Origin != "" {
			t.Errorf("part %d still counts as stored: %s %q %q", p.Number, p.State, p.ETag, p.Origin)
		}
	}
	if j.Leaves() {
		t.Error("a job without an upload leaves nothing behind")
	}
	v := Job{ID: "v", State: StateVerified}
	if err := v.ForgetUpload(nil); err == nil {
		t.Error("a verified job's upload cannot be forgotten: it made the object")
	}

	r := fullJob().Restart()
	if r.UploadID != "" || r.Completed || r.Verified || r.FinalETag != "" || r.Err != nil {
		t.Errorf("restart kept the old upload or outcome: %+v", r)
	}
	for _, p := range r.Parts {
		if p.State != StatePending || p.ETag != "" || p.Err != nil {
			t.Errorf("restart kept part %d: %s %q %v", p.Number, p.State, p.ETag, p.Err)
		}
		if p.Attempts == 0 && p.Number == 1 {
			t.Error("restart forgot the attempts made: they are history")
		}
	}
}

func TestWhereSameServer(t *testing.T) {
	a := Where{Endpoint: "http://A:9000", Profile: "x", Provider: "minio"}
	if !a.SameServer(Where{Endpoint: "http://a:9000/", Profile: "y"}) {
		t.Error("the same endpoint, written differently, is the same server")
	}
	if a.SameServer(Where{Endpoint: "http://B:9000"}) {
		t.Error("another endpoint is another server")
	}
	aws := Where{Region: "us-east-1", Profile: "prod"}
	if aws.SameServer(Where{Region: "us-east-1", Profile: "dev"}) {
		t.Error("on AWS another profile may be another account")
	}
	if !aws.SameServer(Where{Region: "eu-west-1", Profile: "prod"}) {
		t.Error("on AWS the region of the client does not change the account")
	}
	if !(Where{}).SameServer(a) {
		t.Error("a job from before Where was recorded runs anywhere")
	}
	if s := a.String(); s != "http://A:9000" {
		t.Errorf("String = %q", s)
	}
	if s := aws.String(); s != "AWS us-east-1 (profile prod)" {
		t.Errorf("String = %q", s)
	}
}

func TestAddTryKeepsTheLastAndNeverAliases(t *testing.T) {
	var p PartState
	for i := range MaxTries + 5 {
		p.AddTry(Attempt{Took: time.Duration(i)})
	}
	if len(p.Tries) != MaxTries || p.Tries[0].Took != 5 || p.Tries[MaxTries-1].Took != MaxTries+4 {
		t.Fatalf("kept %d tries from %v to %v", len(p.Tries), p.Tries[0].Took, p.Tries[len(p.Tries)-1].Took)
	}
	handed := p // a copy given to another goroutine shares nothing it can see change
	before := append([]Attempt(nil), handed.Tries...)
	p.AddTry(Attempt{Took: time.Hour})
	for i := range before {
		if handed.Tries[i] != before[i] {
			t.Fatalf("adding a try changed attempt %d of a copy: %v → %v", i, before[i].Took, handed.Tries[i].Took)
		}
	}
}

package jobs

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/ui/internal/pagetest"
)

// service is a fake job service holding snapshots.
type service struct{ infos []jobs.Info }

func (s *service) List() []jobs.Info { return s.infos }
func (s *service) Get(id string) (jobs.Info, bool) {
	for _, in := range s.infos {
		if in.Job.ID == id {
			return in, true
		}
	}
	return jobs.Info{}, false
}
func (s *service) Summary(id string) (jobs.Info, bool)      { return s.Get(id) }
func (s *service) Part(string, int) (model.PartState, bool) { return model.PartState{}, false }
func (s *service) Resume(context.Context, string, jobs.ResumeOptions) (jobs.Resumed, error) {
	return jobs.Resumed{}, nil
}
func (s *service) Cancel(string) error                                    { return nil }
func (s *service) Complete(context.Context, string) (jobs.Resumed, error) { return jobs.Resumed{}, nil }
func (s *service) Abort(context.Context, string) (model.Job, error)       { return model.Job{}, nil }
func (s *service) Dismiss(context.Context, string, bool) (model.Job, error) {
	return model.Job{}, nil
}

func info(id, dest string, state model.State) jobs.Info {
	return jobs.Info{Job: model.Job{ID: id, State: state, Plan: model.Plan{Source: model.Ref{Bucket: "src", Key: "a"},
		Dest: model.Ref{Bucket: "dst", Key: dest}}}, Progress: model.Progress{PartsTotal: 1}}
}

// The jobs screen filters its jobs, and the count follows the filter.
func TestJobsFilter(t *testing.T) {
	svc := &service{infos: []jobs.Info{info("aaa111", "x/one.bin", model.StateVerified),
		info("bbb222", "x/two.bin", model.StateFailed), info("ccc333", "y/three.bin", model.StateCancelled)}}
	p := New(pagetest.Env(t), svc, "")
	p.SetSize(120, 30)
	if v := ansi.Strip(p.View()); !strings.Contains(v, "3 jobs") {
		t.Fatalf("no count:\n%s", v)
	}
	p.Update(pagetest.Key("/"))
	if !p.Typing() {
		t.Fatal("the filter is open but does not have the keys")
	}
	pagetest.Type(p.Update, "two")
	p.Update(pagetest.Key("enter"))
	v := ansi.Strip(p.View())
	if !strings.Contains(v, "1 of 3 jobs match") || !strings.Contains(v, "bbb222") || strings.Contains(v, "aaa111") {
		t.Fatalf("filtered on two:\n%s", v)
	}
	if p.job() == nil || p.job().Job.ID != "bbb222" {
		t.Fatalf("the selected job is %+v", p.job())
	}
	p.Update(pagetest.Key("/"))
	p.Update(pagetest.Key("esc"))
	if v := ansi.Strip(p.View()); !strings.Contains(v, "3 jobs") || !strings.Contains(v, "aaa111") {
		t.Fatalf("esc did not clear the filter:\n%s", v)
	}
}

// A job whose parts a condition other than If-Match refused says which,
// not that the source changed.
func TestJobsNameTheFailedCondition(t *testing.T) {
	in := info("ddd444", "z.bin", model.StateFailed)
	in.Job.UploadID = "U1"
	in.FailedConditions = []string{"If-Unmodified-Since"}
	p := New(pagetest.Env(t), &service{infos: []jobs.Info{in}}, "")
	p.SetSize(120, 30)
	v := ansi.Strip(p.View())
	if !strings.Contains(v, "does not meet If-Unmodified-Since") || strings.Contains(v, "source changed") {
		t.Fatalf("jobs screen:\n%s", v)
	}
}

// A job of an empty object that is done shows a full bar, not an empty
// one at 1/1.
func TestEmptyObjectJobBarIsFull(t *testing.T) {
	in := info("eee555", "empty", model.StateVerified)
	in.Progress = model.Progress{PartsDone: 1, PartsTotal: 1}
	p := New(pagetest.Env(t), &service{infos: []jobs.Info{in}}, "")
	p.SetSize(120, 30)
	full := p.bar.ViewAs(1)
	if cells, _ := (jobRows{p}).Cells(0); cells[2] != full {
		t.Fatalf("bar %q, want the full bar %q", cells[2], full)
	}
}

// A running job's line says how many parts are in flight and why.
func TestRunningJobSaysItsFlow(t *testing.T) {
	in := info("fff666", "big", model.StateRunning)
	in.Active, in.Phase = true, "copying parts"
	in.Flow.InFlight, in.Flow.Limit, in.Flow.Auto, in.Flow.Why = 24, 32, true, "backing off: SlowDown"
	p := New(pagetest.Env(t), &service{infos: []jobs.Info{in}}, "")
	p.SetSize(160, 30)
	if got := ansi.Strip(p.View()); !strings.Contains(got, "copying parts · 24/32 in flight (backing off: SlowDown) · job fff666") {
		t.Fatalf("the job line does not say the flow:\n%s", got)
	}
}

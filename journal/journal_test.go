package journal

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"s3parts/model"
)

func sampleJob(id string, updated time.Time) model.Job {
	plan := model.Plan{Source: model.Ref{Bucket: "src", Key: "a b"}, Dest: model.Ref{Bucket: "dst", Key: "k"}, SourceSize: 20,
		Parts: []model.PlannedPart{{Number: 1, Range: model.ByteRange{First: 0, Last: 9}}, {Number: 2, Range: model.ByteRange{First: 10, Last: 19}}}}
	j := model.NewJob(id, plan, updated)
	j.UploadID = "up-1"
	j.Parts[0].State, j.Parts[0].ETag = model.StateDone, `"e1"`
	return j
}

func TestSaveLoadListIsPrivateAndAtomic(t *testing.T) {
	s := &Store{Dir: filepath.Join(t.TempDir(), "jobs")}
	t0 := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	for i, id := range []string{"older", "newer"} {
		if err := s.Save(sampleJob(id, t0.Add(time.Duration(i)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(s.Path("newer"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("job file mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	if di, _ := os.Stat(s.Dir); di.Mode().Perm() != 0o700 {
		t.Errorf("journal dir mode %v; want 0700", di.Mode().Perm())
	}
	got, err := s.Load("older")
	if err != nil || got.UploadID != "up-1" || got.Parts[0].ETag != `"e1"` || got.Plan.Source.Key != "a b" {
		t.Fatalf("load: %v %+v", err, got)
	}
	jobs, problems, err := s.List()
	if err != nil || len(problems) != 0 || len(jobs) != 2 || jobs[0].ID != "newer" {
		t.Fatalf("list: %v %v %v", err, problems, jobs)
	}
	entries, _ := os.ReadDir(s.Dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	// A damaged file is reported by name and hides nothing else.
	os.WriteFile(s.Path("broken"), []byte("{not json"), 0o600)
	jobs, problems, err = s.List()
	if len(jobs) != 2 || err != nil || len(problems) != 1 || problems[0].ID != "broken" || !strings.Contains(problems[0].Err.Error(), "broken.json") {
		t.Errorf("with a damaged file: %d jobs, %v, %v", len(jobs), problems, err)
	}
	for _, bad := range []string{"", "../x", "a/b"} {
		if _, err := s.Load(bad); err == nil {
			t.Errorf("id %q accepted", bad)
		}
	}
}

func TestRecorderWritesJobChangesAtOnceAndPartsCoalesced(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	r := NewRecorder(s, time.Hour, nil)
	j := sampleJob("r1", time.Now())
	j.State = model.StateRunning
	f := &fakeRun{j: j}
	r.OnChange(f.jobChange()) // job-level: written
	if got, err := s.Load("r1"); err != nil || got.State != model.StateRunning {
		t.Fatalf("a job-level change was not written at once: %v %v", got.State, err)
	}
	r.OnChange(f.part(1, model.StateRunning, 1)) // part change within the interval: held
	if got, _ := s.Load("r1"); got.Parts[1].State != model.StatePending {
		t.Errorf("a part change was written before the interval: %s", got.Parts[1].State)
	}
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Load("r1"); got.Parts[1].State != model.StateRunning {
		t.Errorf("Flush did not write the held change: %s", got.Parts[1].State)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}

// partChange is the engine's change of part i to state.
func partChange(j model.Job, i int, state model.State) model.Change {
	p := j.Parts[i]
	p.State = state
	if state == model.StateDone {
		p.ETag = fmt.Sprintf(`"etag-%d"`, p.Number)
	}
	j.Parts = nil
	j.UpdatedAt = j.UpdatedAt.Add(time.Duration(i+1) * time.Second)
	return model.Change{Index: i, Part: p, Job: j}
}

// fakeRun plays the engine: it changes its job and hands the change over
// as the engine does, the whole job there to ask for.
type fakeRun struct{ j model.Job }

func (f *fakeRun) whole() model.Job { return f.j.Clone() }

func (f *fakeRun) jobChange() model.Change {
	sum := f.j
	sum.Parts = nil
	return model.Change{Index: -1, Job: sum, Whole: f.whole}
}

func (f *fakeRun) part(i int, state model.State, attempts int) model.Change {
	c := partChange(f.j, i, state)
	c.Part.Attempts = attempts
	c.Whole = f.whole
	c.ApplyTo(&f.j)
	return c
}

package journal

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"s3parts/model"
)

// bigJob is a running job of n parts, all pending.
func bigJob(id string, n int) model.Job {
	plan := model.Plan{Source: model.Ref{Bucket: "src", Key: "k"}, Dest: model.Ref{Bucket: "dst", Key: "k"}, SourceSize: int64(n) * 10}
	for i := range n {
		plan.Parts = append(plan.Parts, model.PlannedPart{Number: int32(i + 1), Range: model.ByteRange{First: int64(i) * 10, Last: int64(i)*10 + 9}})
	}
	j := model.NewJob(id, plan, time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))
	j.State, j.UploadID = model.StateRunning, "up"
	return j
}

func samePartStates(t *testing.T, what string, got, want model.Job) {
	t.Helper()
	if len(got.Parts) != len(want.Parts) {
		t.Fatalf("%s: %d parts, want %d", what, len(got.Parts), len(want.Parts))
	}
	for i := range got.Parts {
		g, w := got.Parts[i], want.Parts[i]
		if g.State != w.State || g.ETag != w.ETag || g.Attempts != w.Attempts {
			t.Fatalf("%s: part %d is %s %s (%d attempts), want %s %s (%d)", what, g.Number, g.State, g.ETag, g.Attempts, w.State, w.ETag, w.Attempts)
		}
	}
}

// A job's part changes go to its log; a second Store on the same
// directory (another process: `s3parts jobs`, the UI) reads the snapshot
// with the log applied, at every moment; the log never holds more lines
// than the job has parts, because it is compacted into the snapshot.
func TestPartLogIsMergedAndCompacted(t *testing.T) {
	dir := t.TempDir()
	s, other := &Store{Dir: dir}, &Store{Dir: dir}
	r := NewRecorder(s, 0, func(err error) { t.Errorf("write failed: %v", err) })
	f := &fakeRun{j: bigJob("big", 40)}
	r.OnChange(f.jobChange())
	maxLines, sawLog := 0, false
	for round := range 3 {
		// A job-level change, written at once as a line of its own.
		f.j.UploadID = fmt.Sprintf("up-%d", round)
		f.j.UpdatedAt = f.j.UpdatedAt.Add(time.Second)
		r.OnChange(f.jobChange())
		if got, err := other.Load("big"); err != nil || got.UploadID != f.j.UploadID {
			t.Fatalf("a job-level change was not written at once: %q %v", got.UploadID, err)
		}
		for i := range f.j.Parts {
			for _, st := range []model.State{model.StateRunning, model.StateDone} {
				r.OnChange(f.part(i, st, round+1))
				got, err := other.Load("big")
				if err != nil {
					t.Fatal(err)
				}
				samePartStates(t, "another store's view", got, f.j)
				if !got.UpdatedAt.Equal(f.j.UpdatedAt) {
					t.Fatalf("updated at %v, want %v", got.UpdatedAt, f.j.UpdatedAt)
				}
				if b, err := os.ReadFile(s.logPath("big")); err == nil {
					sawLog = true
					maxLines = max(maxLines, strings.Count(string(b), "\n"))
				}
			}
		}
	}
	j := f.j
	if !sawLog || maxLines > len(j.Parts) {
		t.Errorf("log seen %v, at most %d lines; want a log of at most %d lines", sawLog, maxLines, len(j.Parts))
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	jobs, problems, err := other.List()
	if err != nil || len(problems) != 0 || len(jobs) != 1 {
		t.Fatalf("list: %v %v %d", err, problems, len(jobs))
	}
	samePartStates(t, "listed", jobs[0], j)
}

// Part changes are written at most once an interval, all of them in one
// append; and without a further change, by the interval's end.
func TestPartLogIsBatchedPerInterval(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	// Long enough that the five changes below, made at once, fall within
	// it on a machine however loaded.
	r := NewRecorder(s, 2*time.Second, nil)
	defer r.Close()
	f := &fakeRun{j: bigJob("batch", 10)}
	r.OnChange(f.jobChange())
	for i := range 5 {
		r.OnChange(f.part(i, model.StateDone, 1))
	}
	if _, err := os.Stat(s.logPath("batch")); err == nil {
		t.Fatal("part changes were written within the interval")
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		got, _ := s.Load("batch")
		if got.Progress().PartsDone == 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the held changes were not written after the interval: %d done", got.Progress().PartsDone)
		}
		time.Sleep(20 * time.Millisecond)
	}
	b, _ := os.ReadFile(s.logPath("batch"))
	if n := strings.Count(string(b), "\n"); n != 5 {
		t.Errorf("the log holds %d lines, want the 5 changes in one batch:\n%s", n, b)
	}
}

// A kill at any instant leaves a readable job: a line torn by a kill
// during an append is skipped, and a kill at each step of a compaction
// (snapshot being written, snapshot replaced but log not yet removed,
// log removed) reads as the state before or after it, never older.
func TestKillAtAnyStepLeavesAReadableJob(t *testing.T) {
	dir := t.TempDir()
	s := &Store{Dir: dir}
	j := bigJob("k", 4)
	gen1, err := s.save(j)
	if err != nil {
		t.Fatal(err)
	}
	var lines []byte
	for _, c := range []model.Change{partChange(j, 0, model.StateRunning), partChange(j, 1, model.StateRunning), partChange(j, 0, model.StateDone)} {
		c.ApplyTo(&j)
		b, _ := json.Marshal(logLine{Gen: gen1, Index: c.Index, UpdatedAt: c.Job.UpdatedAt, Part: c.Part})
		lines = append(append(lines, b...), '\n')
	}
	snap1, _ := os.ReadFile(s.Path("k"))

	// The last append torn halfway through its line.
	torn := partChange(j, 1, model.StateDone)
	b, _ := json.Marshal(logLine{Gen: gen1, Index: 1, UpdatedAt: torn.Job.UpdatedAt, Part: torn.Part})
	os.WriteFile(s.logPath("k"), append(append([]byte{}, lines...), b[:len(b)/2]...), 0o600)
	got, err := s.Load("k")
	if err != nil {
		t.Fatalf("a torn last line: %v", err)
	}
	samePartStates(t, "torn last line", got, j)

	// An append after a failed one starts on a line of its own: only the
	// torn line is lost.
	os.WriteFile(s.logPath("k"), append(append(append([]byte{}, lines...), b[:len(b)/2]...), append(append([]byte{'\n'}, b...), '\n')...), 0o600)
	after := j.Clone()
	torn.ApplyTo(&after)
	got, _ = s.Load("k")
	samePartStates(t, "a line after a torn one", got, after)

	// A job-level line torn: the job-level fields stay as they were.
	failed := j.Clone()
	failed.State, failed.UploadID = model.StateFailed, "up"
	jl, _ := json.Marshal(jobLine(gen1, failed))
	os.WriteFile(s.logPath("k"), append(append([]byte{}, lines...), jl[:len(jl)-3]...), 0o600)
	if got, _ = s.Load("k"); got.State != model.StateRunning {
		t.Errorf("a torn job line was applied: %s", got.State)
	}
	os.WriteFile(s.logPath("k"), append(append(append([]byte{}, lines...), jl...), '\n'), 0o600)
	if got, _ = s.Load("k"); got.State != model.StateFailed || len(got.Parts) != 4 || len(got.Plan.Parts) != 4 {
		t.Errorf("a job line: %s, %d parts, %d planned", got.State, len(got.Parts), len(got.Plan.Parts))
	}
	samePartStates(t, "a job line", got, j)

	// Compaction: the new snapshot holds every change, then the log goes.
	os.WriteFile(s.logPath("k"), lines, 0o600)
	compacted := j.Clone()
	if _, err := s.save(compacted); err != nil {
		t.Fatal(err)
	}
	snap2, _ := os.ReadFile(s.Path("k"))
	if _, err := os.Stat(s.logPath("k")); err == nil {
		t.Error("the log was not removed after compaction")
	}
	// Part 0 was set back to pending after the compaction: a stale log
	// line saying done must not bring it back.
	j.Parts[0].State, j.Parts[0].ETag = model.StatePending, ""
	stale := j.Clone()
	if _, err := s.save(stale); err != nil {
		t.Fatal(err)
	}
	snap3, _ := os.ReadFile(s.Path("k"))

	for _, c := range []struct {
		name      string
		snap, log []byte
		tmp       []byte
		want      model.Job
	}{
		{"new snapshot half written", snap1, lines, snap2[:len(snap2)/2], compacted},
		{"new snapshot in place, old log left", snap2, lines, nil, compacted},
		{"old log left after a newer state", snap3, lines, nil, stale},
		{"old log removed", snap2, nil, nil, compacted},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := t.TempDir()
			st := &Store{Dir: d}
			os.WriteFile(st.Path("k"), c.snap, 0o600)
			if c.log != nil {
				os.WriteFile(st.logPath("k"), c.log, 0o600)
			}
			if c.tmp != nil {
				os.WriteFile(st.Path("k")[:len(st.Path("k"))-len(".json")]+".123.tmp", c.tmp, 0o600)
			}
			got, err := st.Load("k")
			if err != nil {
				t.Fatal(err)
			}
			samePartStates(t, c.name, got, c.want)
			jobs, problems, _ := st.List()
			if len(jobs) != 1 || len(problems) != 0 {
				t.Errorf("list: %d jobs, problems %v", len(jobs), problems)
			}
		})
	}
}

// Files of format 2 (no log, no log_gen) are read as they are, a log
// beside one is not applied, and the next write is of this format.
func TestFormatTwoIsRead(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	j := bigJob("v2", 3)
	j.Parts[0].State, j.Parts[0].ETag = model.StateDone, `"e1"`
	b, _ := json.Marshal(j)
	var m map[string]any
	json.Unmarshal(b, &m)
	m["format"] = 2
	b, _ = json.MarshalIndent(m, "", "  ")
	os.WriteFile(s.Path("v2"), b, 0o600)
	line, _ := json.Marshal(logLine{Gen: 0, Index: 1, Part: model.PartState{PlannedPart: j.Parts[1].PlannedPart, State: model.StateDone, ETag: `"x"`}})
	os.WriteFile(s.logPath("v2"), append(line, '\n'), 0o600)
	got, err := s.Load("v2")
	if err != nil {
		t.Fatal(err)
	}
	samePartStates(t, "format 2", got, j)
	if len(got.Unknown) != 0 {
		t.Errorf("the journal's own fields were taken for unknown ones: %v", got.Unknown)
	}
	if err := s.Save(got); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(s.Path("v2"))
	var onDisk struct {
		Format int   `json:"format"`
		Gen    int64 `json:"log_gen"`
	}
	if json.Unmarshal(b, &onDisk); onDisk.Format != Format || onDisk.Gen == 0 {
		t.Errorf("rewritten as format %d, log_gen %d", onDisk.Format, onDisk.Gen)
	}
	again, _ := s.Load("v2")
	if !reflect.DeepEqual(again.Parts, got.Parts) {
		t.Error("the rewrite changed the parts")
	}
}

package journal

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"s3parts/model"
)

// engineSim drives a Recorder as the engine does: the upload id set by a
// job-level change, then changes of parts, each raising its attempts, so a
// state read back can be told older or newer.
type engineSim struct {
	mu  sync.Mutex
	job model.Job
	rec *Recorder
}

func (e *engineSim) whole() model.Job {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.job.Clone()
}

func (e *engineSim) jobChange(f func(*model.Job)) {
	e.mu.Lock()
	f(&e.job)
	e.job.UpdatedAt = e.job.UpdatedAt.Add(time.Millisecond)
	summary := e.job
	summary.Parts = nil
	e.mu.Unlock()
	e.rec.OnChange(model.Change{Index: -1, Job: summary, Whole: e.whole})
}

func (e *engineSim) partChange(i int) {
	e.mu.Lock()
	e.job.Parts[i].Attempts++
	e.job.UpdatedAt = e.job.UpdatedAt.Add(time.Millisecond)
	p := e.job.Parts[i]
	summary := e.job
	summary.Parts = nil
	e.mu.Unlock()
	e.rec.OnChange(model.Change{Index: i, Part: p, Job: summary, Whole: e.whole})
}

func attempts(j model.Job) int {
	n := 0
	for _, p := range j.Parts {
		n += p.Attempts
	}
	return n
}

// Another process reading a job while it is written and compacted never
// sees it older than it saw it before, nor without the upload id that a
// job-level change journaled: a snapshot read before a compaction is not
// taken with a log read after it.
func TestLoadDuringCompactionsNeverGoesBack(t *testing.T) {
	dir := t.TempDir()
	e := &engineSim{job: bigJob("race", 8)}
	e.job.UploadID = ""
	e.rec = NewRecorder(&Store{Dir: dir}, 0, func(err error) { t.Errorf("journal: %v", err) })
	e.jobChange(func(j *model.Job) {}) // the first change: a snapshot without the upload
	e.jobChange(func(j *model.Job) { j.UploadID = "up-1" })

	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; !stop.Load(); i++ {
			e.partChange(i % 8)
		}
	})
	defer func() { stop.Store(true); wg.Wait() }() // also when the test fails
	reader := &Store{Dir: dir}
	seen := 0
	deadline := time.Now().Add(2 * time.Second)
	loads := 0
	for ; time.Now().Before(deadline) && loads < 20000; loads++ {
		got, err := reader.Load("race")
		if err != nil {
			if strings.Contains(err.Error(), "was rewritten each of") {
				continue // a reader that keeps losing the race says so
			}
			t.Fatal(err)
		}
		if got.UploadID != "up-1" {
			t.Fatalf("load %d: the upload id is %q: a state older than the one journaled", loads, got.UploadID)
		}
		n := attempts(got)
		if n < seen {
			t.Fatalf("load %d: %d attempts in all, after %d: the job went back", loads, n, seen)
		}
		seen = n
	}
	stop.Store(true)
	wg.Wait()
	if err := e.rec.Close(); err != nil {
		t.Fatal(err)
	}
	if seen == 0 {
		t.Fatal("the reader never saw a part change")
	}
	t.Logf("%d loads, %d attempts seen", loads, seen)
}

// The state directory moved away under a running copy: the next batch of
// part changes fails at once, it is not appended to a log nobody reads.
func TestMovedLogFailsTheNextAppend(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "jobs")
	var failed atomic.Value
	e := &engineSim{job: bigJob("moved", 1000)}
	e.rec = NewRecorder(&Store{Dir: dir}, 0, func(err error) { failed.Store(err) })
	e.jobChange(func(j *model.Job) {})
	e.partChange(0) // the log is open
	if failed.Load() != nil {
		t.Fatal(failed.Load())
	}
	if err := os.Rename(dir, filepath.Join(root, "elsewhere")); err != nil {
		t.Fatal(err)
	}
	e.partChange(1)
	if err, _ := failed.Load().(error); err == nil || !strings.Contains(err.Error(), "no longer where it was written") {
		t.Fatalf("a part change after the journal moved away: error %v", err)
	}
}

// A log left by a run killed in mid-append ends in a torn line: the next
// line appended is whole and read.
func TestAppendAfterATornTailIsRead(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	j := bigJob("tail", 2)
	gen, err := s.save(j)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(s.logPath("tail"), []byte(`{"gen":1,"index":0,"pa`), 0o600)
	p := j.Parts[1]
	p.State, p.ETag = model.StateDone, `"e2"`
	line, err := appendPartLine(nil, gen, 1, j.UpdatedAt, &p)
	if err != nil {
		t.Fatal(err)
	}
	var f *os.File
	if err := s.appendLines(&f, "tail", append(line, '\n')); err != nil {
		t.Fatal(err)
	}
	f.Close()
	got, err := s.Load("tail")
	if err != nil {
		t.Fatal(err)
	}
	if got.Parts[1].State != model.StateDone || got.Parts[1].ETag != `"e2"` {
		t.Fatalf("the line after a torn tail was lost: part 2 is %s %s", got.Parts[1].State, got.Parts[1].ETag)
	}
}

// A log line of a part cut otherwise than the snapshot's (a snapshot
// edited by hand keeps its generation) is not that part's history.
func TestLogLineOfAnotherCutIsSkipped(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	j := bigJob("recut", 3)
	gen, err := s.save(j)
	if err != nil {
		t.Fatal(err)
	}
	old := j.Parts[2]
	old.State, old.ETag = model.StateDone, `"old"`
	line, _ := appendPartLine(nil, gen, 2, j.UpdatedAt, &old)
	// The snapshot, re-cut by hand: part 3 is now 5 bytes, same generation.
	j.Plan.Parts[2].Range.Last = j.Plan.Parts[2].Range.First + 4
	j.Parts[2].PlannedPart = j.Plan.Parts[2]
	if err := writeAtomicWith(s.Dir, s.Path("recut"), "recut", func(w *bufio.Writer) error { return encode(w, j, gen) }); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(s.logPath("recut"), append(line, '\n'), 0o600)
	got, err := s.Load("recut")
	if err != nil {
		t.Fatal(err)
	}
	if p := got.Parts[2]; p.State == model.StateDone || p.Range != got.Plan.Parts[2].Range {
		t.Fatalf("a line of the old cut was applied: part 3 %s %s, planned %s", p.State, p.Range, got.Plan.Parts[2].Range)
	}
}

// A compaction replaces the snapshot before it removes the log: at the
// instant between, a reader finds the new snapshot (which holds the
// log's lines), never the old one without its log.
func TestCompactionReplacesTheSnapshotBeforeTheLogGoes(t *testing.T) {
	dir := t.TempDir()
	e := &engineSim{job: bigJob("order", 2)}
	e.rec = NewRecorder(&Store{Dir: dir}, 0, func(err error) { t.Errorf("journal: %v", err) })
	e.jobChange(func(j *model.Job) {})
	e.partChange(0)
	e.partChange(1) // two lines: the next change compacts
	checked := false
	testHookSaved = func(id string) {
		st := &Store{Dir: dir}
		if _, err := os.Stat(st.logPath(id)); err != nil {
			t.Errorf("the log was gone before the snapshot that holds its lines was in place: %v", err)
		}
		got, err := st.Load(id)
		if err != nil || attempts(got) < 2 {
			t.Errorf("between the snapshot and the log's removal: %d attempts (%v), want at least 2", attempts(got), err)
		}
		checked = true
	}
	defer func() { testHookSaved = nil }()
	e.partChange(0)
	if !checked {
		t.Fatal("no compaction happened")
	}
}

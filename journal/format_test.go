package journal

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"s3parts/model"
)

// A file is written with the format number; a file of a newer format, or
// with a state this version does not know, is refused by name and left as
// it is; fields this version does not know survive a rewrite.
func TestFormatIsVersionedAndUnknownFieldsKept(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	j := sampleJob("f1", time.Now())
	j.State = model.StateFailed
	if err := s.Save(j); err != nil {
		t.Fatal(err)
	}
	var onDisk map[string]any
	b, _ := os.ReadFile(s.Path("f1"))
	if err := json.Unmarshal(b, &onDisk); err != nil || onDisk["format"] != float64(Format) {
		t.Fatalf("the file does not say its format: %v %v", err, onDisk["format"])
	}

	// A newer version added a field: this one keeps it through a rewrite.
	onDisk["from_the_future"] = map[string]any{"x": 1.0}
	b, _ = json.Marshal(onDisk)
	os.WriteFile(s.Path("f1"), b, 0o600)
	got, err := s.Load("f1")
	if err != nil {
		t.Fatal(err)
	}
	got.State = model.StateCancelled
	if err := s.Save(got); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(s.Path("f1"))
	if !strings.Contains(string(b), `"from_the_future"`) || !strings.Contains(string(b), `"cancelled"`) {
		t.Errorf("rewrite lost the unknown field or the change:\n%s", b)
	}

	// A newer format, and a state this version does not know.
	for name, edit := range map[string]func(map[string]any){
		"format": func(m map[string]any) { m["format"] = Format + 1 },
		"state":  func(m map[string]any) { m["state"] = "paused" },
	} {
		m := map[string]any{}
		json.Unmarshal(b, &m)
		edit(m)
		nb, _ := json.Marshal(m)
		os.WriteFile(s.Path("n-"+name), nb, 0o600)
		_, err := s.Load("n-" + name)
		var newer *NewerError
		if !errors.As(err, &newer) || !strings.Contains(err.Error(), "newer") {
			t.Errorf("%s: want a NewerError, got %v", name, err)
		}
		if after, _ := os.ReadFile(s.Path("n-" + name)); string(after) != string(nb) {
			t.Errorf("%s: the newer file was changed", name)
		}
	}
	_, problems, _ := s.List()
	if len(problems) != 2 {
		t.Errorf("List names %d problems, want the 2 newer files: %v", len(problems), problems)
	}

	// Damaged: named as such.
	os.WriteFile(s.Path("bad"), []byte(`{"id": "bad", "state": `), 0o600)
	var damaged *DamagedError
	if _, err := s.Load("bad"); !errors.As(err, &damaged) {
		t.Errorf("want a DamagedError, got %v", err)
	}
}

// Files from before the format number carry the old job states; they are
// read as the states they meant.
func TestFormatOneIsMigrated(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	cases := []struct {
		name  string
		edit  func(*model.Job)
		state model.State
	}{
		{"verified", func(j *model.Job) { j.State, j.Completed, j.Verified = model.StateDone, true, true }, model.StateVerified},
		{"copied", func(j *model.Job) { j.State, j.NoComplete = model.StateDone, true }, model.StateCopied},
		{"check failed", func(j *model.Job) { j.State, j.Completed = model.StateFailed, true }, model.StateCompleted},
		{"failed", func(j *model.Job) { j.State = model.StateFailed }, model.StateFailed},
		{"aborted", func(j *model.Job) {
			j.State, j.UploadID = model.StateCancelled, ""
			j.Parts[0].State = model.StatePending
		}, model.StateAborted},
		{"cancelled", func(j *model.Job) { j.State = model.StateCancelled }, model.StateCancelled},
		{"running", func(j *model.Job) { j.State = model.StateRunning }, model.StateRunning},
	}
	for i, c := range cases {
		j := sampleJob("v1-"+string(rune('a'+i)), time.Now())
		c.edit(&j)
		b, _ := json.Marshal(j) // format 1 had no "format" field
		os.WriteFile(s.Path(j.ID), b, 0o600)
		got, err := s.Load(j.ID)
		if err != nil || got.State != c.state {
			t.Errorf("%s: got %s, %v; want %s", c.name, got.State, err, c.state)
		}
	}
}

// One process at a time: a second lock is refused with the holder named;
// once released, the lock can be taken again.
func TestLockNamesTheHolder(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	l, err := s.Lock("job1", "s3parts copy")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Lock("job1", "s3parts resume")
	var locked *LockedError
	if !errors.As(err, &locked) || locked.Holder == nil || locked.Holder.PID != os.Getpid() ||
		!strings.Contains(err.Error(), "s3parts copy") || !strings.Contains(err.Error(), "wait for it or stop it") {
		t.Fatalf("second lock: %v", err)
	}
	if h, held := s.HeldBy("job1"); !held || h.What != "s3parts copy" {
		t.Errorf("HeldBy: %v %v", h, held)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if _, held := s.HeldBy("job1"); held {
		t.Error("a released lock is still held")
	}
	l2, err := s.Lock("job1", "s3parts resume")
	if err != nil {
		t.Fatalf("the lock could not be taken again: %v", err)
	}
	l2.Release()
	if _, held := s.HeldBy("never-locked"); held {
		t.Error("a job nobody locked is held")
	}
}

package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"

	"s3parts/internal/s3test"
	"s3parts/journal"
	"s3parts/model"
)

// A job interrupted mid-copy is resumed from the journal: the part it
// recorded is kept, a part the upload holds that it had not recorded is
// checked against the source and kept, a part with other bytes and a
// missing part are copied; the result is the source, byte for byte.
func TestResumeFromJournal(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(60, 11<<20+3)
	srv.Put(t, b, "src", data)
	var plan model.Plan
	if err := json.Unmarshal([]byte(mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--dry-run", "--json").stdout), &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan.Parts) != 3 {
		t.Fatalf("plan has %d parts", len(plan.Parts))
	}
	up := srv.CreateUpload(t, b, "dst")
	e1 := srv.UploadPart(t, b, "dst", up, 1, data[:5<<20])     // journaled as done
	srv.UploadPart(t, b, "dst", up, 2, s3test.Data(61, 5<<20)) // other bytes
	srv.UploadPart(t, b, "dst", up, 3, data[10<<20:])          // right bytes, not journaled
	job := model.NewJob("crash01", plan, time.Now())
	job.UploadID, job.State = up, model.StateRunning
	job.Parts[0].State, job.Parts[0].ETag = model.StateDone, e1
	job.Parts[1].State = model.StateRunning // the kill came mid-part
	store, err := journal.Open()
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Save(job); err != nil {
		t.Fatal(err)
	}

	r := mustRun(t, 0, "jobs", "--json")
	var listed []model.Job
	if err := json.Unmarshal([]byte(r.stdout), &listed); err != nil || len(listed) == 0 {
		t.Fatalf("jobs --json: %v %s", err, r.stdout)
	}
	s3test.Contains(t, mustRun(t, 0, "jobs").stdout, "interrupted")

	r = mustRun(t, 0, "resume", "crash01", "--json")
	s3test.Contains(t, r.stderr, "1 parts kept, 1 found in the upload and checked against the source, 1 to copy")
	done := decodeJob(t, r.stdout)
	if !done.Completed || !done.Verified || done.Parts[0].Attempts != 0 || done.Parts[1].Attempts != 1 || done.Parts[2].Attempts != 0 {
		t.Errorf("resumed job: completed %v verified %v attempts %d %d %d", done.Completed, done.Verified,
			done.Parts[0].Attempts, done.Parts[1].Attempts, done.Parts[2].Attempts)
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("the resumed copy is not the source")
	}
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("uploads left: %v", ups)
	}
	// The journal says so, and there is nothing left to resume.
	saved, err := store.Load("crash01")
	if err != nil || !saved.Completed || journal.Unfinished(saved) {
		t.Errorf("journal after resume: %v %+v", err, saved)
	}
	mustRun(t, 1, "resume", "crash01")
}

// An upload that vanished is said plainly; --restart copies again.
func TestResumeWhenTheUploadIsGone(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(62, 6<<20)
	srv.Put(t, b, "src", data)
	r := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--no-complete", "--json")
	job := decodeJob(t, r.stdout)
	mustRun(t, 0, "abort", ref(b, "dst"), "--upload-id", job.UploadID, "--yes")
	r = mustRun(t, 1, "resume", job.ID)
	s3test.Contains(t, r.stderr, "was completed or aborted since")
	s3test.Contains(t, r.stderr, "--restart")
	mustRun(t, 0, "resume", job.ID, "--restart")
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("the restarted copy is not the source")
	}
	dir, _ := journal.DefaultDir()
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("journal directory %s: %v", dir, err)
	}
}

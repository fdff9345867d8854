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
	if err != nil || !saved.Completed || saved.Unfinished() {
		t.Errorf("journal after resume: %v %+v", err, saved)
	}
	mustRun(t, 1, "resume", "crash01")
}

// An upload aborted through s3parts settles its job at once; one aborted
// by another tool is found gone when the job is resumed, said plainly, and
// settled. --restart copies again either way.
func TestResumeWhenTheUploadIsGone(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(62, 6<<20)
	srv.Put(t, b, "src", data)

	// Aborted with s3parts abort: the owning job is aborted in the journal.
	mine := decodeJob(t, mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--no-complete", "--json").stdout)
	r := mustRun(t, 0, "abort", ref(b, "dst"), "--upload-id", mine.UploadID, "--yes")
	s3test.Contains(t, r.stdout, "job "+mine.ID+", which owned it, is now aborted")
	if j := listedJobs(t, "--all")[mine.ID]; j.State != model.StateAborted || j.UploadID != "" {
		t.Errorf("after s3parts abort the job is %s with upload %q; want aborted, none", j.State, j.UploadID)
	}
	if _, open := listedJobs(t)[mine.ID]; open {
		t.Error("an aborted job is still listed as unfinished")
	}
	r = mustRun(t, 1, "resume", mine.ID)
	s3test.Contains(t, r.stderr, "was aborted")
	s3test.Contains(t, r.stderr, "--restart")

	// Aborted by another tool: found out on resume.
	theirs := decodeJob(t, mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst2"), "--no-complete", "--json").stdout)
	srv.AbortUpload(t, b, "dst2", theirs.UploadID)
	r = mustRun(t, 1, "resume", theirs.ID)
	s3test.Contains(t, r.stderr, "was aborted since, or completed into an object that is not this job's")
	s3test.Contains(t, r.stderr, "s3parts resume "+theirs.ID+" --restart")
	if j := listedJobs(t, "--all")[theirs.ID]; j.State != model.StateAborted {
		t.Errorf("a job whose upload was found gone is %s; want aborted", j.State)
	}

	for _, j := range []model.Job{mine, theirs} {
		mustRun(t, 0, "resume", j.ID, "--restart", "--yes")
		if got := srv.Get(t, b, j.Plan.Dest.Key, ""); !bytes.Equal(got, data) {
			t.Fatalf("the restarted copy %s is not the source", j.Plan.Dest.Key)
		}
		if st := listedJobs(t, "--all")[j.ID].State; st != model.StateVerified {
			t.Errorf("restarted job %s is %s; want verified", j.ID, st)
		}
	}
	dir, _ := journal.DefaultDir()
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("journal directory %s: %v", dir, err)
	}
}

// listedJobs is `s3parts jobs --json` (with extra flags) by job id.
func listedJobs(t *testing.T, flags ...string) map[string]model.Job {
	t.Helper()
	var list []model.Job
	r := mustRun(t, 0, append([]string{"jobs", "--json"}, flags...)...)
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("jobs --json: %v\n%s", err, r.stdout)
	}
	m := map[string]model.Job{}
	for _, j := range list {
		m[j.ID] = j
	}
	return m
}

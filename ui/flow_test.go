package ui_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"s3parts/internal/s3test"
	"s3parts/journal"
	"s3parts/model"
	"s3parts/ui"
)

// Buckets → objects → versions → details, by keys, on a real server.
func TestBrowseBucketsObjectsVersionsDetails(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-browse", true)
	srv.Put(t, b, "docs/readme.txt", []byte("hello"))
	srv.Put(t, b, "report.csv", []byte("v1"))
	srv.Put(t, b, "report.csv", []byte("version two"))
	srv.Delete(t, b, "report.csv")
	srv.Put(t, b, "report.csv", []byte("version three!"))

	tm := app(t)
	waitFor(t, tm, "ui-browse")
	key(tm, "/")
	tm.Type("ui-browse")
	key(tm, "enter", "enter")
	waitFor(t, tm, "docs/", "report.csv", "1 folder, 1 object")
	key(tm, "down", "v") // report.csv's versions
	waitFor(t, tm, "DELETE MARKER", "latest", "3 versions and 1 delete marker of report.csv")
	key(tm, "down") // the delete marker
	key(tm, "c")
	waitFor(t, tm, "is a delete marker: it holds no data to copy")
	key(tm, "down", "enter") // the second version's details
	waitFor(t, tm, "11 B (11 bytes)", "content type")
	out := screen(t, tm)
	if !strings.Contains(out, "report.csv @") || !strings.Contains(out, "11 B (11 bytes)") || !strings.Contains(out, "… › ") {
		t.Errorf("details of the middle version not shown:\n%s", out)
	}
}

// Uploads → parts (with the gap shown) → abort, confirmed.
func TestUploadsPartsAbort(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-uploads", false)
	up := srv.CreateUpload(t, b, "backups/db.tar")
	srv.UploadPart(t, b, "backups/db.tar", up, 1, s3test.Data(40, 5<<20))
	srv.UploadPart(t, b, "backups/db.tar", up, 3, s3test.Data(41, 1000))

	tm := app(t)
	waitFor(t, tm, "ui-uploads")
	key(tm, "/")
	tm.Type("ui-uploads")
	key(tm, "enter", "U")
	waitFor(t, tm, "backups/db.tar", "1 in-progress upload")
	key(tm, "enter")
	waitFor(t, tm, "— missing —", "missing part 2")
	key(tm, "C") // completing across the gap is refused
	waitFor(t, tm, "would leave a hole")
	key(tm, "A")
	waitFor(t, tm, "Abort upload")
	key(tm, "y")
	// The uploads page under the parts page reloads by itself.
	waitFor(t, tm, "aborted upload", "no in-progress uploads here")
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("upload still there: %v", ups)
	}
	screen(t, tm)
}

// Plan a copy with hand-picked ranges and a wrong If-Match: the parts fail
// with the server's answer; the failed part is edited (right If-Match) and
// retried, the rest retried, and the job completes byte-identical.
func TestPlanRangesFailEditRetryComplete(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-copy", false)
	data := s3test.Data(42, 12<<20)
	etag, _ := srv.Put(t, b, "src.bin", data)

	tm := app(t)
	waitFor(t, tm, "ui-copy")
	key(tm, "/")
	tm.Type("ui-copy")
	key(tm, "enter", "enter")
	waitFor(t, tm, "src.bin")
	key(tm, "c")
	waitFor(t, tm, "the plan meets every rule")
	// If-Match: a wrong ETag.
	key(tm, "tab", "tab", "tab", "tab") // key → part size → copy with → in flight → If-Match
	key(tm, "ctrl+u")
	tm.Type(`"00000000000000000000000000000000"`)
	// Parts: replace the auto plan with two hand-picked ranges.
	// → the new object's fields (four, then encryption, KMS key, customer
	// key, source key, lock, retain until, legal hold, ACL) → the parts table
	key(tm, "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab")
	key(tm, "d")
	key(tm, "a")
	tm.Type("bytes=0-6291455")
	key(tm, "enter", "a")
	tm.Type("bytes=6291456-12582911")
	key(tm, "enter")
	waitFor(t, tm, "2 hand-edited parts, 12 MiB", "x-amz-copy-source-if-match")
	key(tm, "ctrl+s")
	waitFor(t, tm, "PreconditionFailed", "no part could be copied", "0/2") // the job has stopped
	key(tm, "tab", "e")                                                    // edit part 1: the right If-Match
	waitFor(t, tm, "conditions apply to the whole job")
	key(tm, "tab", "ctrl+u")
	tm.Type(etag)
	key(tm, "enter")
	waitFor(t, tm, "1 of 2 parts failed") // part 1 copied; the job stopped again
	key(tm, "R")                          // and the other failed part
	waitFor(t, tm, "completed and verified")
	if got := srv.Get(t, b, "copy-of-src.bin", ""); !bytes.Equal(got, data) {
		t.Fatalf("copy differs from the source (%d bytes)", len(got))
	}
	out := screen(t, tm)
	for _, want := range []string{"✓ done", "2/2"} {
		if !strings.Contains(out, want) {
			t.Errorf("jobs screen lacks %q:\n%s", want, out)
		}
	}
}

// Starting a copy onto an object that exists asks first; "n" sends nothing.
func TestPlannerAsksBeforeReplacing(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-replace", false)
	srv.Put(t, b, "src.bin", s3test.Data(43, 6<<20))
	srv.Put(t, b, "copy-of-src.bin", []byte("keep me"))

	tm := app(t)
	waitFor(t, tm, "ui-replace")
	key(tm, "/")
	tm.Type("ui-replace")
	key(tm, "enter", "enter")
	waitFor(t, tm, "src.bin")
	key(tm, "down", "c") // src.bin comes after copy-of-src.bin
	waitFor(t, tm, "the plan meets every rule")
	key(tm, "ctrl+s")
	waitFor(t, tm, "exists (7 B", "with the copy?")
	key(tm, "n")
	waitFor(t, tm, "copy planner")
	if got := srv.Get(t, b, "copy-of-src.bin", ""); string(got) != "keep me" {
		t.Fatalf("the object was replaced: %q", got)
	}
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("an upload was started: %v", ups)
	}
	screen(t, tm)
}

// A job left unfinished by an earlier session is listed at start and goes
// on with R: its upload is read back first, and the copy completes.
func TestJournaledJobResumes(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-resume", false)
	data := s3test.Data(44, 11<<20)
	srv.Put(t, b, "src", data)
	parts, err := model.SplitParts(int64(len(data)), 5<<20, model.S3Limits)
	if err != nil {
		t.Fatal(err)
	}
	plan := model.Plan{Source: model.Ref{Bucket: b, Key: "src"}, SourceSize: int64(len(data)), Dest: model.Ref{Bucket: b, Key: "dst"},
		PartSize: 5 << 20, Parts: parts}
	job := model.NewJob("earlier01", plan, time.Now())
	job.UploadID, job.State = srv.CreateUpload(t, b, "dst"), model.StateRunning
	job.Parts[0].State, job.Parts[0].ETag = model.StateDone, srv.UploadPart(t, b, "dst", job.UploadID, 1, data[:5<<20])
	store := &journal.Store{Dir: t.TempDir()}
	if err := store.Save(job); err != nil {
		t.Fatal(err)
	}

	tm := appWith(t, store, ui.Options{})
	waitFor(t, tm, "1 unfinished job from an earlier session")
	key(tm, "J")
	waitFor(t, tm, "interrupted")
	key(tm, "R")
	waitFor(t, tm, "completed and verified")
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("the resumed copy is not the source")
	}
	saved, err := store.Load("earlier01")
	if err != nil || !saved.Completed || saved.Parts[0].Attempts != 0 {
		t.Errorf("journal after resume: %v completed=%v part 1 attempts %d", err, saved.Completed, saved.Parts[0].Attempts)
	}
	screen(t, tm)
}

// ctrl+w turns read-only on from any screen: the header says so and a copy
// started then is refused before anything is sent.
func TestReadOnlyToggle(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-readonly", false)
	srv.Put(t, b, "src.bin", s3test.Data(45, 6<<20))
	tm := app(t)
	waitFor(t, tm, "ui-readonly")
	key(tm, "ctrl+w")
	waitFor(t, tm, "READ-ONLY", "refused before it is sent")
	key(tm, "/")
	tm.Type("ui-readonly")
	key(tm, "enter", "enter")
	waitFor(t, tm, "src.bin")
	key(tm, "c")
	waitFor(t, tm, "the plan meets every rule", "read-only: turn it off with ctrl+w to start")
	key(tm, "ctrl+s")
	waitFor(t, tm, "read-only mode is on")
	if srv.Exists(b, "copy-of-src.bin") || len(srv.Uploads(t, b)) != 0 {
		t.Fatal("a read-only copy changed the bucket")
	}
	if len(tm.svc.List()) != 0 {
		t.Error("a read-only copy made a job")
	}
	screen(t, tm)
}

// Quitting while a job copies asks; "a" stops it and aborts its upload, so
// nothing is left behind.
func TestQuitWithJobRunningCanAbortUploads(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-quit", false)
	srv.Put(t, b, "src.bin", s3test.Data(46, 30<<20))
	proxy := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if s3test.IsPartCopy(r) {
			time.Sleep(400 * time.Millisecond)
		}
		return false
	}})
	t.Setenv("AWS_ENDPOINT_URL_S3", proxy.URL)
	tm := app(t)
	waitFor(t, tm, "ui-quit")
	key(tm, "/")
	tm.Type("ui-quit")
	key(tm, "enter", "enter")
	waitFor(t, tm, "src.bin")
	key(tm, "c")
	waitFor(t, tm, "the plan meets every rule")
	key(tm, "tab", "ctrl+u")
	tm.Type("5MiB")
	key(tm, "ctrl+s")
	waitFor(t, tm, "running")
	key(tm, "q")
	waitFor(t, tm, "Quit and stop it?", "Its upload stays open", "abort the uploads")
	key(tm, "a")
	tm.WaitFinished(t, teatest.WithFinalTimeout(60*time.Second))
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("uploads left after choosing to abort them: %v", ups)
	}
	if srv.Exists(b, "copy-of-src.bin") {
		t.Error("the copy was completed")
	}
}

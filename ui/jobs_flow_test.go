package ui_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"s3parts/cli"
	"s3parts/internal/s3test"
	"s3parts/jobs"
	"s3parts/journal"
	"s3parts/model"
	"s3parts/ui"
)

// journaledApp starts the UI on the journal in XDG_STATE_HOME, where the
// commands (run in-process by cliJobs) look too: what the screen, the
// journal and `s3parts jobs --json` say can be compared.
func journaledApp(t *testing.T) (running, *journal.Store) {
	t.Helper()
	store, err := journal.Open()
	if err != nil {
		t.Fatal(err)
	}
	return appWith(t, store, ui.Options{Commands: jobs.Commands{Self: "s3parts", Journaled: true}}), store
}

// cliJobs is `s3parts jobs --all --json`, by job id.
func cliJobs(t *testing.T) map[string]model.Job {
	t.Helper()
	var out, errb bytes.Buffer
	if code := cli.Execute(context.Background(), []string{"jobs", "--all", "--json"}, cli.Env{Stdout: &out, Stderr: &errb}); code != 0 {
		t.Fatalf("s3parts jobs: exit %d: %s", code, errb.String())
	}
	var list []model.Job
	if err := json.Unmarshal(out.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	m := map[string]model.Job{}
	for _, j := range list {
		m[j.ID] = j
	}
	return m
}

// copiedJob copies bucket/src to bucket/dst in 5 MiB parts with s3parts
// copy --no-complete (in-process, journaled where the UI looks) and
// returns the job, left copied.
func copiedJob(t *testing.T, bucket, src, dst string) model.Job {
	t.Helper()
	var out, errb bytes.Buffer
	args := []string{"copy", "s3://" + bucket + "/" + src, "s3://" + bucket + "/" + dst, "--part-size", "5MiB", "--no-complete", "--json"}
	if code := cli.Execute(context.Background(), args, cli.Env{Stdout: &out, Stderr: &errb}); code != 0 {
		t.Fatalf("s3parts %v: exit %d: %s", args, code, errb.String())
	}
	var job model.Job
	if err := json.Unmarshal(out.Bytes(), &job); err != nil {
		t.Fatal(err)
	}
	return job
}

// refusePart answers the part copies of part n with a 400 the engine does
// not retry, through a proxy the UI's client talks to.
func refusePart(t *testing.T, n string) {
	t.Helper()
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if !s3test.IsPartCopy(r) || r.URL.Query().Get("partNumber") != n {
			return false
		}
		w.Header().Set("X-Amz-Request-Id", "REQ-PART-"+n)
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidRequest</Code><Message>part %s is refused by the test, with a long message that a table cell cannot hold whole, so the detail view must show it all</Message><RequestId>REQ-PART-%s</RequestId></Error>`, n, n)
		return true
	}})
	t.Setenv("AWS_ENDPOINT_URL_S3", p.URL)
}

// planCopy opens the planner on bucket/object with 5 MiB parts and starts it.
func planCopy(t *testing.T, tm running, bucket, object string) {
	t.Helper()
	openBucket(t, tm, bucket)
	waitFor(t, tm, object)
	key(tm, "c")
	waitFor(t, tm, "the plan meets every rule")
	key(tm, "tab", "ctrl+u")
	tm.Type("5MiB")
	key(tm, "ctrl+s")
}

// onlyJob is the one job of the service.
func onlyJob(t *testing.T, tm running) jobs.Info {
	t.Helper()
	list := tm.svc.List()
	if len(list) != 1 {
		t.Fatalf("%d jobs; want 1", len(list))
	}
	return list[0]
}

// Abort from the jobs screen is journaled: after a restart the job is not
// offered again, the upload is gone, and the screen, the journal and
// `s3parts jobs` all say aborted. A part's error is shown whole, with its
// code, status, request id and attempts, in the part's detail view.
func TestJobsScreenAbortIsJournaled(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	refusePart(t, "2")
	b := srv.NewBucketNamed(t, "ui-job-abort", false)
	srv.Put(t, b, "src.bin", s3test.Data(70, 11<<20))
	tm, store := journaledApp(t)
	planCopy(t, tm, b, "src.bin")
	waitFor(t, tm, "1 of 3 parts failed", "InvalidRequest 400")
	id := onlyJob(t, tm).Job.ID

	// The part's whole story.
	key(tm, "tab", "down", "enter")
	waitFor(t, tm, "› part 2", "2 of 3", "request id REQ-PART-2", "HTTP 400", "code InvalidRequest", "must show it all", "attempt 1", "failed")
	key(tm, "esc")
	waitFor(t, tm, "enter shows all of it")

	key(tm, "A")
	waitFor(t, tm, "Abort job "+id)
	key(tm, "y")
	waitFor(t, tm, "aborted upload", "aborted")
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("uploads left: %v", ups)
	}
	if j, _ := store.Load(id); j.State != model.StateAborted || j.UploadID != "" {
		t.Errorf("journal: %s, upload %q; want aborted, none", j.State, j.UploadID)
	}
	if j := cliJobs(t)[id]; j.State != model.StateAborted {
		t.Errorf("s3parts jobs says %s", j.State)
	}
	out := screen(t, tm)
	if strings.Contains(out, "retrying") {
		t.Errorf("a part shows retrying after the abort:\n%s", out)
	}

	// Started again: nothing unfinished comes back.
	again, _ := journaledApp(t)
	waitFor(t, again, "ui-job-abort")
	key(again, "J")
	waitFor(t, again, "no jobs running or unfinished")
	if out := screen(t, again); strings.Contains(out, "unfinished job") {
		t.Errorf("the aborted job came back:\n%s", out)
	}
}

// A job cancelled with x stays cancelled (not interrupted) after a
// restart; the footer and the rows agree; the status line about it ends
// when it settles; R goes on and the result is verified. Dismissed, it
// is offered no more.
func TestCancelledJobStaysCancelled(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	b := srv.NewBucketNamed(t, "ui-job-cancel", false)
	data := s3test.Data(71, 30<<20)
	srv.Put(t, b, "src.bin", data)
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if s3test.IsPartCopy(r) {
			time.Sleep(300 * time.Millisecond)
		}
		return false
	}})
	t.Setenv("AWS_ENDPOINT_URL_S3", p.URL)
	tm, store := journaledApp(t)
	planCopy(t, tm, b, "src.bin")
	waitFor(t, tm, "running", "1 running")
	id := onlyJob(t, tm).Job.ID
	key(tm, "x")
	waitFor(t, tm, "Cancel job "+id)
	key(tm, "y")
	waitFor(t, tm, "cancelled")
	// The status line about the cancel, and the footer's count, end with
	// the job.
	waitGone(t, tm, "cancelling job", "1 running")
	screen(t, tm)
	if j, _ := store.Load(id); j.State != model.StateCancelled {
		t.Errorf("journal: %s; want cancelled", j.State)
	}

	again, _ := journaledApp(t)
	waitFor(t, again, "1 unfinished job from an earlier session")
	key(again, "J")
	waitFor(t, again, "cancelled")
	out := ansi.Strip(again.m.Frame())
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, id) && (!strings.Contains(line, "cancelled") || strings.Contains(line, "interrupted")) {
			t.Errorf("a cancelled job came back as something else: %s", line)
		}
	}
	if strings.Contains(out, "1 failed") {
		t.Errorf("the footer counts the cancelled job as failed:\n%s", out)
	}
	key(again, "R")
	waitFor(t, again, "completed and verified", "verified")
	if got := srv.Get(t, b, "copy-of-src.bin", ""); !bytes.Equal(got, data) {
		t.Fatal("the resumed copy is not the source")
	}
	key(again, "d")
	waitFor(t, again, "Dismiss job "+id)
	key(again, "y")
	waitFor(t, again, "dismissed job "+id)
	if j := cliJobs(t)[id]; j.State != model.StateDismissed {
		t.Errorf("s3parts jobs says %s; want dismissed", j.State)
	}
	screen(t, again)
}

// An upload completed from the uploads screen settles the job that owns
// it; the uploads screen names that job; a job another process holds, or
// made on another server, is refused with the reason before anything is
// asked; with read-only on, nothing is asked or sent.
func TestUploadsAndJobsAgree(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	b := srv.NewBucketNamed(t, "ui-job-owner", false)
	data := s3test.Data(72, 11<<20)
	srv.Put(t, b, "src.bin", data)
	copied := copiedJob(t, b, "src.bin", "dst.bin")

	tm, store := journaledApp(t)
	waitFor(t, tm, "1 unfinished job from an earlier session")
	key(tm, "/")
	tm.Type(b)
	key(tm, "enter", "U")
	waitFor(t, tm, "dst.bin", copied.ID)
	key(tm, "C")
	waitFor(t, tm, "Complete upload")
	key(tm, "y")
	waitFor(t, tm, "is now verified")
	if j, _ := store.Load(copied.ID); j.State != model.StateVerified {
		t.Errorf("journal: %s; want verified", j.State)
	}
	if got := srv.Get(t, b, "dst.bin", ""); !bytes.Equal(got, data) {
		t.Fatal("the completed object is not the source")
	}

	// A job another process holds, and one made on another server.
	held := model.NewJob("heldjob01", copied.Plan, time.Now())
	held.UploadID, held.State, held.Where = srv.CreateUpload(t, b, "held.bin"), model.StateRunning, copied.Where
	held.Plan.Dest.Key = "held.bin"
	store.Save(held)
	lock, err := store.Lock(held.ID, "s3parts copy")
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	far := model.NewJob("farjob01", copied.Plan, time.Now())
	far.UploadID, far.State, far.Where = "elsewhere-upload", model.StateFailed, model.Where{Endpoint: "https://s3.far.example"}
	store.Save(far)
	next, _ := journaledApp(t)
	waitFor(t, next, "2 unfinished jobs from an earlier session")
	key(next, "J")
	waitFor(t, next, "running elsewhere", "farjob01")
	key(next, "R")
	waitFor(t, next, "is running in process", "wait for it or stop it")
	key(next, "down", "R")
	waitFor(t, next, "was made on https://s3.far.example")
	key(next, "A")
	waitFor(t, next, "was made on https://s3.far.example")
	key(next, "ctrl+w", "up", "A")
	waitFor(t, next, "read-only mode is on")
	if strings.Contains(next.m.Frame(), "Abort job") {
		t.Error("read-only asked before refusing")
	}
	if j, _ := store.Load(held.ID); j.State != model.StateRunning || j.Parts[0].Attempts != 0 {
		t.Errorf("a refused action changed the held job: %s", j.State)
	}
	screen(t, next)
	screen(t, tm)
}

// C on the jobs screen completes a job left copied (--no-complete); one
// with parts missing is refused with the count, before anything is asked.
func TestJobsScreenCompletesACopiedJob(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	b := srv.NewBucketNamed(t, "ui-job-complete", false)
	data := s3test.Data(73, 11<<20)
	srv.Put(t, b, "src.bin", data)
	copied := copiedJob(t, b, "src.bin", "dst.bin")
	// A second job, journaled with a part not copied.
	short := copied.Clone()
	short.ID, short.Parts[1].State, short.Parts[1].ETag = "shortjob01", model.StateFailed, ""
	short.Plan.Dest.Key, short.UpdatedAt = "short.bin", copied.UpdatedAt.Add(time.Second) // listed after
	short.State, short.UploadID = model.StateFailed, srv.CreateUpload(t, b, "short.bin")
	store, _ := journal.Open()
	store.Save(short)

	tm, _ := journaledApp(t)
	waitFor(t, tm, "2 unfinished jobs from an earlier session")
	key(tm, "J")
	waitFor(t, tm, copied.ID, "shortjob01")
	key(tm, "down", "C")
	waitFor(t, tm, "has 2 of 3 parts copied")
	key(tm, "up", "C")
	waitFor(t, tm, "Complete s3://"+b+"/dst.bin from the 3 copied parts?")
	key(tm, "y")
	waitFor(t, tm, "completed and verified")
	if got := srv.Get(t, b, "dst.bin", ""); !bytes.Equal(got, data) {
		t.Fatal("the completed object is not the source")
	}
	if j := cliJobs(t)[copied.ID]; j.State != model.StateVerified {
		t.Errorf("s3parts jobs says %s", j.State)
	}
	screen(t, tm)
}

// The planner, too, starts nothing when it cannot see the destination.
func TestPlannerStopsWhenTheDestinationCannotBeChecked(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-head-503", false)
	srv.Put(t, b, "src.bin", s3test.Data(74, 6<<20))
	srv.Put(t, b, "copy-of-src.bin", []byte("keep me"))
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodHead && strings.HasSuffix(r.URL.Path, "/copy-of-src.bin") {
			w.WriteHeader(http.StatusServiceUnavailable)
			return true
		}
		return false
	}})
	t.Setenv("AWS_ENDPOINT_URL_S3", p.URL)
	tm := app(t)
	openBucket(t, tm, b)
	waitFor(t, tm, "src.bin")
	key(tm, "down", "c")
	waitFor(t, tm, "the plan meets every rule")
	key(tm, "ctrl+s")
	waitFor(t, tm, "exists before writing it (nothing was sent)")
	if got := srv.Get(t, b, "copy-of-src.bin", ""); string(got) != "keep me" || len(srv.Uploads(t, b)) != 0 || len(tm.svc.List()) != 0 {
		t.Fatalf("something was started or replaced: %q, uploads %v, jobs %d", got, srv.Uploads(t, b), len(tm.svc.List()))
	}
	screen(t, tm)
}

// C on the uploads screen: an upload a job owns that lacks a planned part
// is refused, naming it; another states the object it would make.
func TestUploadsScreenNeverCompletesShort(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	refusePart(t, "3")
	b := srv.NewBucketNamed(t, "ui-short", false)
	data := s3test.Data(75, 11<<20)
	srv.Put(t, b, "src.bin", data)
	var out, errb bytes.Buffer
	cli.Execute(context.Background(), []string{"copy", "s3://" + b + "/src.bin", "s3://" + b + "/dst.bin", "--part-size", "5MiB"},
		cli.Env{Stdout: &out, Stderr: &errb})
	other := srv.CreateUpload(t, b, "zz-other.bin")
	srv.UploadPart(t, b, "zz-other.bin", other, 1, data[:5<<20])

	tm, _ := journaledApp(t)
	waitFor(t, tm, b)
	key(tm, "/")
	tm.Type(b)
	key(tm, "enter", "U")
	waitFor(t, tm, "dst.bin", "zz-other.bin")
	key(tm, "C")
	waitFor(t, tm, "belongs to job", "lacks 1 of its 3")
	key(tm, "down", "C")
	waitFor(t, tm, "from the 1 part it holds?", "5 MiB (5242880")
	key(tm, "n")
	if srv.Exists(b, "dst.bin") || srv.Exists(b, "zz-other.bin") {
		t.Fatal("an upload was completed")
	}
	screen(t, tm)
}

// The screens show keys with their control and bidi characters made
// visible: a "\r" cannot hide a name, a right-to-left override cannot turn
// it around.
func TestScreensShowHostileKeysVisibly(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-hostile", false)
	srv.Put(t, b, "real\rfake.txt", []byte("x"))
	srv.Put(t, b, "evil\u202Etxt.exe", []byte("y"))
	tm := app(t)
	openBucket(t, tm, b)
	waitFor(t, tm, "evil<U+202E>txt.exe", `real\rfake.txt`)
	key(tm, "down", "i")
	waitFor(t, tm, `s3://ui-hostile/real\rfake.txt`)
	if f := tm.m.Frame(); strings.ContainsAny(f, "\r\u202E") {
		t.Errorf("a raw control or bidi character reached the screen: %q", f)
	}
	screen(t, tm)
}

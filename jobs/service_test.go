package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"s3parts/internal/s3test"
	"s3parts/jobs"
	"s3parts/journal"
	"s3parts/model"
	"s3parts/provider"
)

var srv *s3test.Server

func TestMain(m *testing.M) { os.Exit(s3test.Main(m, func(s *s3test.Server) { srv = s })) }

// fixture is a service on the test server (or on endpoint), journaled in
// a directory of the test's own.
type fixture struct {
	t     *testing.T
	c     *provider.Client
	store *journal.Store
	svc   *jobs.Service
	opts  jobs.Options
}

func newFixture(t *testing.T, endpoint string) *fixture {
	t.Helper()
	return newFixtureWith(t, endpoint, jobs.Options{})
}

func newFixtureWith(t *testing.T, endpoint string, o jobs.Options) *fixture {
	t.Helper()
	c, err := provider.New(context.Background(), provider.Options{Endpoint: endpoint})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, c: c, store: &journal.Store{Dir: t.TempDir()}, opts: o}
	f.opts.What, f.opts.PartAttempts, f.opts.Backoff = "the test", 2, noWait{}
	f.svc = f.reopen()
	return f
}

// reopen is a new service on the same journal: another process, later.
func (f *fixture) reopen() *jobs.Service {
	svc := jobs.New(f.c, f.store, f.opts)
	f.t.Cleanup(func() { svc.CancelAll(); svc.Close() })
	return svc
}

type noWait struct{}

func (noWait) BackoffDelay(int, error) (time.Duration, error) { return time.Millisecond, nil }

// job plans a copy of bucket/src to bucket/dst in 5 MiB parts.
func (f *fixture) job(bucket, src, dst string) model.Job {
	f.t.Helper()
	info, err := f.c.HeadObject(context.Background(), model.Ref{Bucket: bucket, Key: src})
	if err != nil {
		f.t.Fatal(err)
	}
	parts, err := model.SplitParts(info.Size, 5<<20, model.S3Limits)
	if err != nil {
		f.t.Fatal(err)
	}
	plan := model.Plan{Source: model.Ref{Bucket: bucket, Key: src}, SourceSize: info.Size, SourceETag: info.ETag,
		Dest: model.Ref{Bucket: bucket, Key: dst}, PartSize: 5 << 20, Parts: parts,
		Conditions: model.Conditions{IfMatch: info.ETag}}
	return model.NewJob(model.NewJobID(), plan, time.Now())
}

// run starts a job and waits for its end.
func (f *fixture) run(job model.Job) model.Job {
	f.t.Helper()
	if err := f.svc.Start(context.Background(), job); err != nil {
		f.t.Fatal(err)
	}
	done, err := f.svc.Wait(context.Background(), job.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return done
}

// journaled is the job as the journal holds it.
func (f *fixture) journaled(id string) model.Job {
	f.t.Helper()
	j, err := f.store.Load(id)
	if err != nil {
		f.t.Fatal(err)
	}
	return j
}

// A job started through the service is journaled, verified, and told to
// subscribers part by part, then settled.
func TestStartJournalsAndTells(t *testing.T) {
	f := newFixture(t, "")
	b := srv.NewBucket(t, false)
	data := s3test.Data(1, 11<<20)
	srv.Put(t, b, "src", data)
	sub := f.svc.Subscribe()
	defer sub.Close()
	done := f.run(f.job(b, "src", "dst"))
	if done.State != model.StateVerified || f.journaled(done.ID).State != model.StateVerified {
		t.Fatalf("job %s, journal %s; want verified", done.State, f.journaled(done.ID).State)
	}
	if done.Where.Endpoint != srv.Endpoint {
		t.Errorf("the job did not record its server: %+v", done.Where)
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("copy differs")
	}
	kinds := map[jobs.EventKind]int{}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for kinds[jobs.JobSettled] == 0 {
		evs, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("events: %v (seen %v)", err, kinds)
		}
		for _, ev := range evs {
			kinds[ev.Kind]++
		}
	}
	if kinds[jobs.PartChanged] < 3*2 || kinds[jobs.JobChanged] == 0 {
		t.Errorf("events seen: %v", kinds)
	}
}

// withheld answers part copies (listed in hold) after the server stored
// them... never: the client's attempt is cancelled while the server has
// the part, as with a cancel or a timeout at the wrong moment.
func withheld(t *testing.T, hold func(part string) bool) (string, *atomic.Int64) {
	var held atomic.Int64
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if !s3test.IsPartCopy(r) || !hold(r.URL.Query().Get("partNumber")) {
			return false
		}
		out, err := http.NewRequest(r.Method, srv.Endpoint+r.URL.RequestURI(), r.Body)
		if err != nil {
			return false
		}
		out.Header, out.Host, out.ContentLength = r.Header.Clone(), r.Host, r.ContentLength
		if res, err := http.DefaultTransport.RoundTrip(out); err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			held.Add(1)
		}
		<-r.Context().Done() // the answer never comes
		return true
	}})
	return p.URL, &held
}

// Cancelled by the person: the job stays cancelled (not interrupted) in
// this process and the next; a part the server stored while its answer
// was lost counts as stored; resuming keeps it.
func TestCancelKeepsWhatTheServerStored(t *testing.T) {
	endpoint, held := withheld(t, func(part string) bool { return part == "2" })
	f := newFixture(t, endpoint)
	b := srv.NewBucket(t, false)
	data := s3test.Data(2, 16<<20)
	srv.Put(t, b, "src", data)
	job := f.job(b, "src", "dst")
	if err := f.svc.Start(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for held.Load() == 0 || func() bool { in, _ := f.svc.Summary(job.ID); return in.Progress.PartsDone < 3 }() {
		if time.Now().After(deadline) {
			t.Fatal("the copy never got to the withheld part")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := f.svc.Cancel(job.ID); err != nil {
		t.Fatal(err)
	}
	done, _ := f.svc.Wait(context.Background(), job.ID)
	if done.State != model.StateCancelled {
		t.Fatalf("cancelled job is %s", done.State)
	}
	p2 := done.Parts[1]
	if p2.State != model.StateDone || p2.Origin != model.OriginStored || p2.ETag == "" {
		t.Errorf("part 2, stored by the server, is %s (%q, %q)", p2.State, p2.Origin, p2.ETag)
	}
	if j := f.journaled(job.ID); j.State != model.StateCancelled || j.Parts[1].Origin != model.OriginStored {
		t.Errorf("journal: %s, part 2 %s/%q", j.State, j.Parts[1].State, j.Parts[1].Origin)
	}
	stored, _ := f.c.ListParts(context.Background(), job.Plan.Dest, done.UploadID)
	if p := done.Progress(); p.PartsDone != len(stored) {
		t.Errorf("the job says %d parts copied, the upload holds %d", p.PartsDone, len(stored))
	}

	// The next process sees it cancelled, and resumes it.
	next := f.reopen()
	if _, err := next.Load(false); err != nil {
		t.Fatal(err)
	}
	in, _ := next.Get(job.ID)
	if in.Job.State != model.StateCancelled {
		t.Errorf("read back as %s; want cancelled", in.Job.State)
	}
	f.svc = next
	res, err := next.Resume(context.Background(), job.ID, jobs.ResumeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.ReadBack || res.Kept != 4 || res.ToCopy != 0 {
		t.Errorf("resume read back %v, kept %d, to copy %d; want all 4 stored parts kept", res.ReadBack, res.Kept, res.ToCopy)
	}
	done, _ = next.Wait(context.Background(), job.ID)
	if done.State != model.StateVerified || done.Parts[1].Origin != model.OriginKept {
		t.Errorf("after resume: %s, part 2 origin %q", done.State, done.Parts[1].Origin)
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("copy differs")
	}
}

// A journal that cannot be written stops the job before anything is sent;
// read-only refuses before anything is journaled.
func TestNothingRunsUnrecorded(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(3, 6<<20))
	f := newFixture(t, "")
	blocker := filepath.Join(t.TempDir(), "not-a-dir")
	os.WriteFile(blocker, nil, 0o600)
	f.store.Dir = filepath.Join(blocker, "jobs")
	f.svc = f.reopen()
	err := f.svc.Start(context.Background(), f.job(b, "src", "dst"))
	if err == nil || !strings.Contains(err.Error(), "cannot be journaled") || !strings.Contains(err.Error(), "nothing was sent") {
		t.Fatalf("want a refusal naming the journal, got %v", err)
	}
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("an upload was created without a journal: %v", ups)
	}

	g := newFixture(t, "")
	g.c.SetReadOnly(true)
	if err := g.svc.Start(context.Background(), g.job(b, "src", "dst")); !errors.Is(err, jobs.ErrReadOnly) {
		t.Fatalf("read-only: %v", err)
	}
	if jobsOnDisk, _, _ := g.store.List(); len(jobsOnDisk) != 0 {
		t.Errorf("read-only journaled %d jobs", len(jobsOnDisk))
	}
}

// A job whose source changed since it began is not resumed: the parts
// left could never be completed with those copied, and no upload is made.
func TestResumeRefusesAChangedSource(t *testing.T) {
	f := newFixture(t, "")
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(4, 11<<20))
	job := f.job(b, "src", "dst")
	job.NoComplete = true
	done := f.run(job)
	// The journal as after a crash with the last part not copied.
	done.Parts[2].State, done.Parts[2].ETag, done.State = model.StatePending, "", model.StateFailed
	if err := f.store.Save(done); err != nil {
		t.Fatal(err)
	}
	srv.Put(t, b, "src", s3test.Data(5, 11<<20))
	before := srv.Uploads(t, b)
	next := f.reopen()
	next.Load(false)
	_, err := next.Resume(context.Background(), job.ID, jobs.ResumeOptions{})
	if err == nil || !strings.Contains(err.Error(), "changed since the copy began") || !strings.Contains(err.Error(), "abort its upload") {
		t.Fatalf("want a refusal naming the change, got %v", err)
	}
	if after := srv.Uploads(t, b); len(after) != len(before) {
		t.Errorf("uploads before %v, after %v", before, after)
	}
}

// An upload completed or aborted elsewhere settles the job that used it:
// verified when the object its parts make is there (even when the journal
// had not recorded every part's ETag: a kill during completion), aborted
// otherwise.
func TestUploadsClosedElsewhereSettleTheirJobs(t *testing.T) {
	f := newFixture(t, "")
	b := srv.NewBucket(t, false)
	data := s3test.Data(6, 16<<20)
	srv.Put(t, b, "src", data)

	copied := f.job(b, "src", "made")
	copied.NoComplete = true
	copied = f.run(copied)
	// As if killed during CompleteMultipartUpload: the journal says
	// running, every part's ETag on record (the engine journals them
	// before it completes), and the server completed.
	crashed := copied.Clone()
	crashed.State = model.StateRunning
	f.store.Save(crashed)
	srv.CompleteUpload(t, b, "made", copied.UploadID)

	gone := f.job(b, "src", "gone")
	gone.NoComplete = true
	gone = f.run(gone)
	srv.AbortUpload(t, b, "gone", gone.UploadID)

	// Resumed, the crashed job is found made and checked.
	next := f.reopen()
	next.Load(false)
	res, err := next.Resume(context.Background(), crashed.ID, jobs.ResumeOptions{})
	if err != nil || !res.AlreadyCompleted {
		t.Fatalf("resume of a job completed by a kill: %+v %v", res, err)
	}
	done, _ := next.Wait(context.Background(), crashed.ID)
	if done.State != model.StateVerified || f.journaled(crashed.ID).State != model.StateVerified {
		t.Errorf("the job completed by the server is %s; want verified", done.State)
	}
	// Looked at by a UI at start, the aborted one settles.
	changed := next.SettleAll(context.Background())
	if len(changed) != 1 || changed[0].ID != gone.ID || changed[0].State != model.StateAborted {
		t.Errorf("settled %d jobs; want the aborted one", len(changed))
	}
	if j := f.journaled(gone.ID); j.State != model.StateAborted || j.UploadID != "" {
		t.Errorf("the job whose upload was aborted is %s with upload %q", j.State, j.UploadID)
	}

	// A journal missing a part's ETag (written before they were all
	// flushed), its upload completed elsewhere: the object is likely the
	// job's, but nothing proves it: completed, not verified.
	again := f.job(b, "src", "made2")
	again.NoComplete = true
	again = f.run(again)
	crashed = again.Clone()
	crashed.State, crashed.Parts[2].ETag, crashed.Parts[2].State = model.StateRunning, "", model.StateRunning
	f.store.Save(crashed)
	srv.CompleteUpload(t, b, "made2", again.UploadID)
	last := f.reopen()
	last.Load(false)
	changed = last.SettleAll(context.Background())
	if len(changed) != 1 || changed[0].State != model.StateCompleted || changed[0].Verified || changed[0].Err == nil ||
		!strings.Contains(changed[0].Err.Message, "cannot prove") {
		t.Errorf("an unprovable completion: %d changed %+v", len(changed), changed)
	}

	// An object that only looks like the result: another job's, of the
	// same size and part count, made from the source before it changed.
	other := f.run(f.job(b, "src", "same"))
	srv.Put(t, b, "src", s3test.Data(66, len(data)))
	late := f.job(b, "src", "same")
	late.NoComplete = true
	late = f.run(late)
	srv.AbortUpload(t, b, "same", late.UploadID)
	if j, _ := last.Settle(context.Background(), late.ID); j.State != model.StateAborted {
		t.Errorf("a job whose upload was aborted, over an older object of the same shape (%s), is %s; want aborted", other.ID, j.State)
	}
}

// Dismiss asks nothing of the server unless told to abort; forget refuses
// to drop the record of an open upload; prune removes settled jobs only.
func TestDismissForgetPrune(t *testing.T) {
	f := newFixture(t, "")
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(7, 6<<20))
	open := f.job(b, "src", "open")
	open.NoComplete = true
	open = f.run(open)
	done := f.run(f.job(b, "src", "done"))

	if _, err := f.svc.Forget(open.ID, false); err == nil || !strings.Contains(err.Error(), "still has upload") {
		t.Fatalf("forget of an open upload: %v", err)
	}
	gone, _ := f.svc.Prune(time.Now().Add(time.Hour))
	if len(gone) != 1 || gone[0] != done.ID {
		t.Errorf("prune removed %v; want only the verified job %s", gone, done.ID)
	}
	d, err := f.svc.Dismiss(context.Background(), open.ID, true)
	if err != nil || d.State != model.StateDismissed {
		t.Fatalf("dismiss with abort: %s %v", d.State, err)
	}
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("dismiss with abort left the upload: %v", ups)
	}
	if j := f.journaled(open.ID); j.State != model.StateDismissed {
		t.Errorf("journal: %s", j.State)
	}
	next := f.reopen()
	if l, _ := next.Load(false); l.Unfinished != 0 {
		t.Errorf("%d unfinished jobs after dismissing the last", l.Unfinished)
	}
}

// A journal that stops being writable mid-copy stops the copy at once:
// it fails, naming the journal, rather than copying on unrecorded.
func TestJournalLostMidCopyStopsTheCopy(t *testing.T) {
	endpoint := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if s3test.IsPartCopy(r) {
			time.Sleep(100 * time.Millisecond)
		}
		return false
	}}).URL
	f := newFixtureWith(t, endpoint, jobs.Options{Concurrency: 1})
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(8, 40<<20))
	job := f.job(b, "src", "dst")
	if err := f.svc.Start(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for func() bool { in, _ := f.svc.Summary(job.ID); return in.Progress.PartsDone < 1 }() {
		if time.Now().After(deadline) {
			t.Fatal("no part was copied")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// The state directory goes away and a file takes its place.
	if err := os.Rename(f.store.Dir, f.store.Dir+".gone"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(f.store.Dir, nil, 0o600)
	done, _ := f.svc.Wait(context.Background(), job.ID)
	if done.State != model.StateFailed || done.Err == nil || done.Err.Code != "JournalFailed" {
		t.Fatalf("want the copy failed with JournalFailed, got %s %v", done.State, done.Err)
	}
	if p := done.Progress(); p.PartsDone == p.PartsTotal {
		t.Error("the copy went on to the end without a journal")
	}
	if !strings.Contains(done.Err.Message, "could not be written") {
		t.Errorf("the error does not name the journal: %v", done.Err)
	}
}

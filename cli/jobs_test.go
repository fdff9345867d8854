package cli_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"s3parts/internal/s3test"
	"s3parts/journal"
	"s3parts/model"
)

// slowProxy slows every part copy down so a copy is still running while
// the test acts; it counts the part copies it saw.
func slowProxy(t *testing.T, delay time.Duration) (string, *atomic.Int64) {
	var copies atomic.Int64
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if s3test.IsPartCopy(r) {
			copies.Add(1)
			time.Sleep(delay)
		}
		return false
	}})
	return p.URL, &copies
}

// startChild runs one s3parts command in a child process (this test
// binary) and returns it started.
func startChild(t *testing.T, out *bytes.Buffer, args ...string) *exec.Cmd {
	t.Helper()
	child := exec.Command(os.Args[0])
	child.Env = append(os.Environ(), childArgs+"="+strings.Join(args, "\x1f"))
	child.Stdout, child.Stderr = out, out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { child.Process.Kill(); child.Wait() })
	return child
}

// waitForJob waits until the journal holds a job for dst with an upload
// and at least parts copied.
func waitForJob(t *testing.T, dst string, parts int) model.Job {
	t.Helper()
	store, _ := journal.Open()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		jobs, _, _ := store.List()
		for _, j := range jobs {
			if j.Plan.Dest.Key == dst && j.UploadID != "" && j.Progress().PartsDone >= parts {
				return j
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no job for %s with %d parts copied appeared in the journal", dst, parts)
	return model.Job{}
}

// Two processes on one job: while a copy runs in one process, a resume of
// the same job in another is refused with the holder named, and changes
// nothing; the first finishes and its journal says so. Killed with
// SIGKILL, a holder's lock blocks nobody: the next process takes the job.
func TestOneJobOneProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	isolate(t)
	b := srv.NewBucket(t, false)
	data := s3test.Data(90, 30<<20+5)
	srv.Put(t, b, "src", data)
	endpoint, _ := slowProxy(t, 150*time.Millisecond)

	// The copy runs to its end in a child; resume is tried meanwhile.
	var out bytes.Buffer
	child := startChild(t, &out, "--endpoint", endpoint, "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--concurrency", "1")
	job := waitForJob(t, "dst", 1)
	before, _ := os.ReadFile(filepath.Join(os.Getenv("XDG_STATE_HOME"), "s3parts", "jobs", job.ID+".json"))
	r := mustRun(t, 1, "resume", job.ID)
	s3test.Contains(t, r.stderr, fmt.Sprintf("job %s is running in process %d", job.ID, child.Process.Pid))
	s3test.Contains(t, r.stderr, "(s3parts copy)")
	s3test.Contains(t, r.stderr, "nothing was changed")
	for _, args := range [][]string{{"jobs", "forget", job.ID, "--force"}, {"abort", ref(b, "dst"), "--upload-id", job.UploadID, "--yes"}} {
		r := mustRun(t, 1, args...)
		s3test.Contains(t, r.stderr, "is running in process "+strconv.Itoa(child.Process.Pid))
	}
	listed := listedJobs(t)[job.ID]
	if listed.State != model.StateRunning {
		t.Errorf("jobs --json says %s for a job another process runs", listed.State)
	}
	after, _ := os.ReadFile(filepath.Join(os.Getenv("XDG_STATE_HOME"), "s3parts", "jobs", job.ID+".json"))
	if len(after) == 0 || len(before) == 0 {
		t.Fatal("the journal file vanished")
	}
	if err := child.Wait(); err != nil {
		t.Fatalf("the copy in the first process failed: %v\n%s", err, out.String())
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("the copy is not the source")
	}
	if j := listedJobs(t, "--all")[job.ID]; j.State != model.StateVerified {
		t.Errorf("after the first process finished the job is %s; want verified", j.State)
	}
	if _, open := listedJobs(t)[job.ID]; open {
		t.Error("a verified job is listed as unfinished")
	}

	// A holder killed with SIGKILL: the lock goes with it.
	out.Reset()
	child = startChild(t, &out, "--endpoint", endpoint, "copy", ref(b, "src"), ref(b, "dst2"), "--part-size", "5MiB", "--concurrency", "1")
	job = waitForJob(t, "dst2", 1)
	mustRun(t, 1, "resume", job.ID) // held
	child.Process.Kill()
	child.Wait()
	if j := listedJobs(t)[job.ID]; j.State != model.StateInterrupted {
		t.Errorf("a job whose process was killed is %s; want interrupted", j.State)
	}
	r = mustRun(t, 0, "resume", job.ID)
	s3test.Contains(t, r.stderr, "parts kept")
	srv.Copied(t, b, "dst2", data)
}

// A job knows its server: resumed with flags naming another one, it is
// refused before anything is sent; without flags it goes on where it was
// made, whatever the environment says; the commands printed for a person
// carry the flags that reach the job's server.
func TestResumeGoesToTheJobsServer(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(91, 6<<20)
	srv.Put(t, b, "src", data)
	// Server "A" is a proxy in front of the test server: the same buckets
	// under another endpoint, like a second site with the same names.
	var viaA atomic.Int64
	a := srv.Proxy(t, s3test.ProxyHooks{After: func(*http.Request, int) { viaA.Add(1) }})
	r := mustRun(t, 0, "--endpoint", a.URL, "copy", ref(b, "src"), ref(b, "dst"), "--no-complete", "--json")
	job := decodeJob(t, r.stdout)
	if job.Where.Endpoint != a.URL {
		t.Fatalf("the job recorded the server %+v; want %s", job.Where, a.URL)
	}
	human := mustRun(t, 0, "--endpoint", a.URL, "copy", ref(b, "src"), ref(b, "dst-b"), "--no-complete")
	s3test.Contains(t, human.stdout, "s3parts --endpoint "+a.URL+" abort "+ref(b, "dst-b")+" --upload-id ")
	s3test.Contains(t, human.stdout, "s3parts resume ")
	show := mustRun(t, 0, "jobs", "show", job.ID)
	s3test.Contains(t, show.stdout, "server        "+a.URL)
	s3test.Contains(t, show.stdout, "s3parts --endpoint "+a.URL+" abort "+ref(b, "dst")+" --upload-id "+job.UploadID)

	// B: the test server itself.
	r = mustRun(t, 1, "--endpoint", srv.Endpoint, "resume", job.ID, "--restart")
	s3test.Contains(t, r.stderr, "job "+job.ID+" was made on "+a.URL)
	s3test.Contains(t, r.stderr, "--here")
	if j := listedJobs(t)[job.ID]; j.State != model.StateCopied || j.UploadID != job.UploadID {
		t.Errorf("the refused resume changed the job: %s %s", j.State, j.UploadID)
	}
	if !slicesContainsPrefix(srv.Uploads(t, b), "dst ") {
		t.Error("the job's upload is gone")
	}
	// No flags: the journal's server, not the environment's (which names B).
	before := viaA.Load()
	mustRun(t, 0, "resume", job.ID)
	if viaA.Load() == before {
		t.Error("the resume did not go to the job's server")
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("the resumed copy is not the source")
	}
}

func slicesContainsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// A damaged job file, or one from a newer s3parts, is named where the
// jobs are listed and refused by resume with a failure (not a usage
// error), and left as it is; forget --force clears a damaged one.
func TestUnreadableJobFiles(t *testing.T) {
	isolate(t)
	store, _ := journal.Open()
	os.MkdirAll(store.Dir, 0o700)
	os.WriteFile(store.Path("broken01"), []byte(`{"id": "broken01", "state": "fail`), 0o600)
	newer := []byte(`{"format": 99, "id": "newer01", "state": "teleporting", "plan": {}}`)
	os.WriteFile(store.Path("newer01"), newer, 0o600)

	r := mustRun(t, 1, "jobs")
	s3test.Contains(t, r.stdout, "broken01")
	s3test.Contains(t, r.stdout, "unreadable")
	s3test.Contains(t, r.stdout, "newer01")
	if strings.Contains(r.stdout, "no unfinished jobs") {
		t.Errorf("jobs says there are none while two files cannot be read:\n%s", r.stdout)
	}
	r = mustRun(t, 1, "resume", "broken01")
	s3test.Contains(t, r.stderr, "damaged")
	r = mustRun(t, 1, "resume", "newer01")
	s3test.Contains(t, r.stderr, "written by a newer one")
	if b, _ := os.ReadFile(store.Path("newer01")); !bytes.Equal(b, newer) {
		t.Error("the newer file was changed")
	}
	mustRun(t, 2, "resume", "nosuchjob")
	mustRun(t, 1, "jobs", "forget", "broken01") // not without --force
	mustRun(t, 0, "jobs", "forget", "broken01", "--force")
	if _, err := os.Stat(store.Path("broken01")); !os.IsNotExist(err) {
		t.Error("forget --force left the damaged file")
	}
}

// jobs show prints one job whole; forget and prune tidy the journal.
func TestJobsShowForgetPrune(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(92, 6<<20))
	open := decodeJob(t, mustRun(t, 0, "copy", ref(b, "src"), ref(b, "open"), "--no-complete", "--json").stdout)
	done := decodeJob(t, mustRun(t, 0, "copy", ref(b, "src"), ref(b, "done"), "--json", "--multipart").stdout)

	show := mustRun(t, 0, "jobs", "show", open.ID)
	for _, want := range []string{"state         copied", "upload        " + open.UploadID, "complete it: s3parts resume " + open.ID, "PART  RANGE"} {
		s3test.Contains(t, show.stdout, want)
	}
	var whole model.Job
	if err := json.Unmarshal([]byte(mustRun(t, 0, "jobs", "show", done.ID, "--json").stdout), &whole); err != nil || len(whole.Parts[0].Tries) != 1 {
		t.Errorf("jobs show --json: %v, tries %d", err, len(whole.Parts[0].Tries))
	}
	r := mustRun(t, 1, "jobs", "forget", open.ID)
	s3test.Contains(t, r.stderr, "still has upload")
	r = mustRun(t, 0, "jobs", "prune")
	s3test.Contains(t, r.stdout, "pruned job "+done.ID)
	if _, ok := listedJobs(t, "--all")[open.ID]; !ok {
		t.Error("prune removed a job with an open upload")
	}
	r = mustRun(t, 0, "jobs", "forget", open.ID, "--force")
	s3test.Contains(t, r.stdout, "its upload "+open.UploadID+" stays open")
	s3test.Contains(t, r.stdout, "abort "+ref(b, "open"))
	mustRun(t, 2, "jobs", "prune", "--older-than", "soon")
}

// Settled jobs are pruned when they are older than S3PARTS_KEEP_JOBS (30
// days unless set); a bad value is named and nothing is pruned.
func TestKeepJobs(t *testing.T) {
	isolate(t)
	store, _ := journal.Open()
	old := model.Job{ID: "oldjob01", State: model.StateVerified, UpdatedAt: time.Now().Add(-50 * time.Hour)}
	young := model.Job{ID: "youngjob01", State: model.StateVerified, UpdatedAt: time.Now().Add(-time.Hour)}
	store.Save(old)
	store.Save(young)
	t.Setenv("S3PARTS_KEEP_JOBS", "soon")
	r := mustRun(t, 2, "jobs", "--all")
	s3test.Contains(t, r.stderr, `S3PARTS_KEEP_JOBS="soon"`)
	t.Setenv("S3PARTS_KEEP_JOBS", "")
	if ids := listedJobs(t, "--all"); len(ids) != 2 {
		t.Fatalf("with the default (30 days) both stay: %v", ids)
	}
	t.Setenv("S3PARTS_KEEP_JOBS", "2d")
	ids := listedJobs(t, "--all")
	if _, ok := ids["oldjob01"]; ok || len(ids) != 1 {
		t.Errorf("with 2d the 50-hour-old job goes and the young one stays: %v", ids)
	}
}

// Only "not found" says a destination is absent: when looking at it fails
// another way, the copy stops before anything is written, naming the
// failure — it never replaces an object it could not see.
func TestCopyStopsWhenTheDestinationCannotBeChecked(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(93, 6<<20))
	srv.Put(t, b, "dst", []byte("keep me"))
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodHead && strings.HasSuffix(r.URL.Path, "/dst") {
			w.WriteHeader(http.StatusServiceUnavailable)
			return true
		}
		return false
	}})
	for _, extra := range [][]string{nil, {"--yes"}} {
		r := mustRun(t, 1, append([]string{"--endpoint", p.URL, "copy", ref(b, "src"), ref(b, "dst")}, extra...)...)
		s3test.Contains(t, r.stderr, "checking whether "+ref(b, "dst")+" exists before replacing it (nothing was sent)")
		if got := srv.Get(t, b, "dst", ""); string(got) != "keep me" {
			t.Fatalf("the destination was replaced: %q", got)
		}
		if ups := srv.Uploads(t, b); len(ups) != 0 {
			t.Fatalf("an upload was started: %v", ups)
		}
	}
}

// complete never makes a truncated object: an upload a job owns is
// completed only with every planned part (the one missing is named); for
// an upload made elsewhere the question says what object it would make,
// and --expect-parts / --expect-size let a script insist.
func TestCompleteRefusesAShortUpload(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(94, 15<<20+7)
	srv.Put(t, b, "src", data)
	// The last part is refused for good: the job fails, its upload open.
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if s3test.IsPartCopy(r) && r.URL.Query().Get("partNumber") == "4" {
			srv.Inject(s3test.FaultBadRequest, w, r)
			return true
		}
		return false
	}})
	r := mustRun(t, 1, "--endpoint", p.URL, "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--json")
	job := decodeJob(t, r.stdout)
	if job.UploadID == "" || job.State != model.StateFailed {
		t.Fatalf("want a failed job with its upload open: %s %q", job.State, job.UploadID)
	}
	parts := mustRun(t, 0, "parts", ref(b, "dst"), "--upload-id", job.UploadID)
	s3test.Contains(t, parts.stdout, "missing planned part 4 (bytes=15728640-15728646")
	var listed struct {
		Job     string              `json:"job"`
		Missing []model.PlannedPart `json:"missing"`
		Bytes   int64               `json:"bytes"`
	}
	json.Unmarshal([]byte(mustRun(t, 0, "parts", ref(b, "dst"), "--upload-id", job.UploadID, "--json").stdout), &listed)
	if listed.Job != job.ID || len(listed.Missing) != 1 || listed.Missing[0].Number != 4 || listed.Bytes != 15<<20 {
		t.Errorf("parts --json: %+v", listed)
	}
	r = mustRun(t, 1, "complete", ref(b, "dst"), "--upload-id", job.UploadID, "--yes")
	s3test.Contains(t, r.stderr, "lacks 1 of its 4 planned parts: 4 (bytes=15728640-15728646)")
	s3test.Contains(t, r.stderr, "s3parts resume "+job.ID)
	if srv.Exists(b, "dst") {
		t.Fatal("a truncated object was made")
	}

	// Made elsewhere: 2 parts of the 3 a person may think it has.
	up := srv.CreateUpload(t, b, "other")
	srv.UploadPart(t, b, "other", up, 1, data[:5<<20])
	srv.UploadPart(t, b, "other", up, 2, data[5<<20:10<<20])
	r = mustRun(t, 2, "complete", ref(b, "other"), "--upload-id", up)
	s3test.Contains(t, r.stderr, "from the 2 parts it holds, making an object of 10 MiB (10485760 bytes)")
	r = mustRun(t, 1, "complete", ref(b, "other"), "--upload-id", up, "--yes", "--expect-parts", "3")
	s3test.Contains(t, r.stderr, "holds 2 parts, 10 MiB (10485760 bytes), not what was expected (3 parts)")
	mustRun(t, 1, "complete", ref(b, "other"), "--upload-id", up, "--yes", "--expect-size", "15MiB")
	mustRun(t, 2, "complete", ref(b, "other"), "--upload-id", up, "--yes", "--expect-size", "lots")
	if srv.Exists(b, "other") {
		t.Fatal("an object was made against the expectations")
	}
	mustRun(t, 0, "complete", ref(b, "other"), "--upload-id", up, "--yes", "--expect-parts", "2", "--expect-size", "10485760")
	if got := srv.Get(t, b, "other", ""); !bytes.Equal(got, data[:10<<20]) {
		t.Fatal("the completed object is not what the parts make")
	}
}

// Keys can hold anything: in text output every control and bidi character
// is made visible (a "\r" cannot hide a name, a "\n" cannot forge a row,
// an escape sequence cannot reach the terminal); --json keeps the exact
// key; a key typed with an escape sequence is journaled exactly and shown
// made visible by jobs.
func TestHostileKeysAreShownVisibly(t *testing.T) {
	b := srv.NewBucket(t, false)
	// (XML cannot carry an escape character: versitygw drops it from
	// listings; the typed destination below carries one through.)
	keys := []string{"real\rfake", "one\ntwo  2026-01-01 00:00:00  1  forged", "evil\u202Etxt.exe", "tab\tkey"}
	for _, k := range keys {
		srv.Put(t, b, k, []byte("x"))
	}
	ls := mustRun(t, 0, "ls", "s3://"+b+"/", "--recursive")
	for _, want := range []string{`real\rfake`, `one\ntwo`, "evil<U+202E>txt.exe", `tab\tkey`} {
		s3test.Contains(t, ls.stdout, want)
	}
	if strings.ContainsAny(ls.stdout, "\r\x1b\u202E") || strings.Count(ls.stdout, "\n") != len(keys) {
		t.Errorf("ls printed a raw control character or forged a line:\n%q", ls.stdout)
	}
	var listed struct{ Objects []model.Object }
	if err := json.Unmarshal([]byte(mustRun(t, 0, "ls", "s3://"+b+"/", "--recursive", "--json").stdout), &listed); err != nil {
		t.Fatal(err)
	}
	for _, o := range listed.Objects {
		if !slicesContains(keys, o.Key) {
			t.Errorf("--json changed a key: %q", o.Key)
		}
	}
	// A destination typed with an escape sequence.
	srv.Put(t, b, "src", s3test.Data(95, 6<<20))
	dst := "copy\x1b[41mred"
	r := mustRun(t, 0, "copy", ref(b, "src"), ref(b, dst), "--json", "--multipart") // journaled
	job := decodeJob(t, r.stdout)
	if job.Plan.Dest.Key != dst {
		t.Errorf("the journal changed the key: %q", job.Plan.Dest.Key)
	}
	jobs := mustRun(t, 0, "jobs", "--all")
	s3test.Contains(t, jobs.stdout, `copy\x1b[41mred`)
	show := mustRun(t, 0, "jobs", "show", job.ID)
	if strings.Contains(show.stdout, "\x1b") || strings.Contains(jobs.stdout, "\x1b") {
		t.Errorf("a raw escape sequence reached the terminal:\n%q\n%q", jobs.stdout, show.stdout)
	}
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// The first interrupt stops a copy cleanly; while that takes its time (the
// server is slow to answer), a second one exits at once, saying where
// things stand.
func TestSecondInterruptExitsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process")
	}
	isolate(t)
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(96, 30<<20))
	var stalled atomic.Bool
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		switch {
		case s3test.IsPartCopy(r):
			time.Sleep(200 * time.Millisecond)
		case stalled.Load():
			srv.Inject(s3test.FaultStall, w, r) // the clean stop waits on the server
			return true
		}
		return false
	}})
	var out syncBuffer
	child := exec.Command(os.Args[0])
	child.Env = append(os.Environ(), childArgs+"="+strings.Join([]string{"--endpoint", p.URL, "copy", ref(b, "src"), ref(b, "dst"),
		"--part-size", "5MiB", "--concurrency", "1"}, "\x1f"))
	child.Stdout, child.Stderr = &out, &out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	waitForJob(t, "dst", 1)
	stalled.Store(true)
	child.Process.Signal(os.Interrupt)
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "interrupt again to exit at once") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	child.Process.Signal(os.Interrupt)
	err := child.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Fatalf("want exit 130 after the second interrupt, got %v\n%s", err, out.String())
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the second interrupt took %s to exit", took)
	}
	s3test.Contains(t, out.String(), "exiting now")
}

// syncBuffer is a bytes.Buffer a child process and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

package cli_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"s3parts/internal/s3test"
	"s3parts/journal"
	"s3parts/model"
)

// A copy runs in a child process and is killed with SIGKILL at different
// moments; each time `s3parts resume` goes on from the journal, and the
// object is byte-identical with no upload left behind.
func TestCrashAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	b := srv.NewBucket(t, false)
	data := s3test.Data(80, 50<<20+777)
	srv.Put(t, b, "src", data)
	// Slow part copies down so the kills land mid-copy.
	proxy := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if s3test.IsPartCopy(r) {
			time.Sleep(120 * time.Millisecond)
		}
		return false
	}})
	isolate(t) // the child journals here too: it inherits the environment
	store, err := journal.Open()
	if err != nil {
		t.Fatal(err)
	}
	// Kill when the journal shows this many parts done (0: as soon as the
	// upload exists), and once while it completes.
	for _, at := range []int{0, 3, 7, 11} {
		t.Run(fmt.Sprintf("killed at %d parts", at), func(t *testing.T) {
			dst := fmt.Sprintf("dst-%d", at)
			child := exec.Command(os.Args[0])
			child.Env = append(os.Environ(), childArgs+"="+strings.Join([]string{"--endpoint", proxy.URL, "copy", ref(b, "src"), ref(b, dst),
				"--part-size", "5MiB", "--concurrency", "2"}, "\x1f"))
			var out bytes.Buffer
			child.Stdout, child.Stderr = &out, &out
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			job, killedAt := waitAndKill(t, child, store, b, dst, at)
			t.Logf("killed with SIGKILL at %d of %d parts done (upload %s)", killedAt, len(job.Parts), job.UploadID)

			if latest, err := store.Load(job.ID); err == nil && !latest.Unfinished() {
				// On a loaded machine the child can finish before the kill
				// lands: nothing to resume, the object must still be right.
				t.Logf("the child finished before the kill")
				if got := srv.Get(t, b, dst, ""); !bytes.Equal(got, data) {
					t.Fatal("the finished copy is not the source")
				}
				return
			}
			r := run(t, "resume", job.ID, "--yes")
			if r.code == 1 && strings.Contains(r.stderr, "--restart") {
				// Killed during CompleteMultipartUpload: versitygw drops an
				// upload whose completion was cut off (it is neither listed
				// nor completed). s3parts says so; --restart copies again.
				t.Logf("the upload was lost in the interrupted completion; resuming with --restart")
				r = run(t, "resume", job.ID, "--yes", "--restart")
			}
			if r.code != 0 {
				exists := srv.Exists(b, dst)
				var size int64
				var etag string
				if exists {
					size, etag = srv.Head(t, b, dst)
				}
				t.Fatalf("resume: %s\nobject exists=%v size=%d etag=%s, journal: completed=%v state=%s", r, exists, size, etag, job.Completed, job.State)
			}
			if !strings.Contains(r.stderr, "parts kept") && !strings.Contains(r.stderr, "already completed") && !strings.Contains(r.stderr, "copying everything again") {
				t.Errorf("resume did not read the upload back:\n%s", r.stderr)
			}
			if got := srv.Get(t, b, dst, ""); !bytes.Equal(got, data) {
				t.Fatalf("after the kill and resume the object is not the source (%d bytes)", len(got))
			}
			for _, u := range srv.Uploads(t, b) {
				if strings.HasPrefix(u, dst+" ") {
					t.Errorf("upload left behind: %s", u)
				}
			}
		})
	}
}

// waitAndKill watches the journal until the child's job has at least
// parts done (and its upload id written), then kills the child.
func waitAndKill(t *testing.T, child *exec.Cmd, store *journal.Store, bucket, dst string, parts int) (model.Job, int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		jobs, _, _ := store.List()
		for _, j := range jobs {
			if j.Plan.Dest.Bucket != bucket || j.Plan.Dest.Key != dst || j.UploadID == "" {
				continue
			}
			if done := j.Progress().PartsDone; done >= parts {
				child.Process.Kill() // SIGKILL: no chance to clean up
				child.Wait()
				return j, done
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	child.Process.Kill()
	child.Wait()
	t.Fatalf("the child never journaled %d parts of %s", parts, dst)
	return model.Job{}, 0
}

package cli_test

import (
	"bytes"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"s3parts/internal/s3test"
)

// The source is overwritten while its parts are copied: the parts after
// the change fail their If-Match, nothing is completed, and the person is
// told in plain words what happened and what to do.
func TestSourceChangedMidCopy(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(70, 16<<20))
	// armed: the next successful part copy is followed by a new version of
	// the source.
	var armed atomic.Bool
	seed := atomic.Uint64{}
	seed.Store(71)
	proxy := srv.Proxy(t, s3test.ProxyHooks{After: func(r *http.Request, status int) {
		if s3test.IsPartCopy(r) && status == http.StatusOK && armed.CompareAndSwap(true, false) {
			srv.Put(t, b, "src", s3test.Data(seed.Add(1), 16<<20))
		}
	}})
	armed.Store(true)
	// --checksum none: a server that copies the source's checksum onto
	// every part (versitygw) has the parts copied again without one, and
	// the change would fall between the two rounds, not after part 1.
	r := mustRun(t, 1, "--endpoint", proxy.URL, "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--concurrency", "1", "--checksum", "none", "--json")
	job := decodeJob(t, r.stdout)
	if job.Completed || job.Parts[0].ETag == "" {
		t.Fatalf("job: completed=%v, part 1 %+v", job.Completed, job.Parts[0])
	}
	for _, p := range job.Parts[1:] {
		if p.Err == nil || p.Err.Code != "PreconditionFailed" {
			t.Errorf("part %d after the change: %+v", p.Number, p.Err)
		}
	}
	s3test.Contains(t, r.stderr, "the source changed")
	if srv.Exists(b, "dst") {
		t.Fatal("a copy mixing two versions was completed")
	}

	armed.Store(true)
	r = run(t, "--endpoint", proxy.URL, "copy", ref(b, "src"), ref(b, "dst2"), "--part-size", "5MiB", "--concurrency", "1", "--checksum", "none")
	s3test.Contains(t, r.stdout, "changed while it was being copied")
	s3test.Contains(t, r.stdout, "abort")
	// Starting again copies the new version whole.
	mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst3"))
	if got := srv.Get(t, b, "dst3", ""); !bytes.Equal(got, srv.Get(t, b, "src", "")) {
		t.Fatal("the new copy is not the current source")
	}
}

// A 412 that another condition caused while the If-Match still holds is
// not "the source changed": the summary names the condition that failed,
// and the next step offered does not drop it. The proxy answers as MinIO
// does for If-Match true + If-Unmodified-Since false (412; AWS and
// versitygw copy).
func TestFailedConditionIsNamed(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(72, 6<<20))
	proxy := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if s3test.IsPartCopy(r) && r.Header.Get("X-Amz-Copy-Source-If-Unmodified-Since") != "" {
			srv.Inject(s3test.FaultPrecondition, w, r)
			return true
		}
		return false
	}})
	before := time.Now().Add(-48 * time.Hour).UTC().Format(time.RFC3339)
	r := run(t, "--endpoint", proxy.URL, "copy", ref(b, "src"), ref(b, "dst"), "--if-unmodified-since", before, "--multipart")
	if r.code == 0 {
		t.Fatalf("the copy passed a condition the server refused:\n%s\n%s", r.stdout, r.stderr)
	}
	out := r.stdout + r.stderr
	s3test.Contains(t, out, "does not meet If-Unmodified-Since")
	s3test.Contains(t, out, "modified after If-Unmodified-Since")
	for _, wrong := range []string{"changed while it was being copied", "the source changed", "copy the new version"} {
		if strings.Contains(out, wrong) {
			t.Errorf("a failed If-Unmodified-Since is reported as %q:\n%s", wrong, out)
		}
	}
}

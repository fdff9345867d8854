package cli_test

import (
	"bytes"
	"net/http"
	"sync/atomic"
	"testing"

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
	r := mustRun(t, 1, "--endpoint", proxy.URL, "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--concurrency", "1", "--json")
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
	r = run(t, "--endpoint", proxy.URL, "copy", ref(b, "src"), ref(b, "dst2"), "--part-size", "5MiB", "--concurrency", "1")
	s3test.Contains(t, r.stdout, "changed while it was being copied")
	s3test.Contains(t, r.stdout, "abort")
	// Starting again copies the new version whole.
	mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst3"))
	if got := srv.Get(t, b, "dst3", ""); !bytes.Equal(got, srv.Get(t, b, "src", "")) {
		t.Fatal("the new copy is not the current source")
	}
}

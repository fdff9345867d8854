package provider_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"s3parts/internal/s3test"
	"s3parts/model"
	"s3parts/provider"
)

// noWait spaces retries by a millisecond so tests stay fast.
type noWait struct{}

func (noWait) BackoffDelay(int, error) (time.Duration, error) { return time.Millisecond, nil }

// flakyProxy forwards to the test server but answers the first failures
// part copies with an error: 503 SlowDown (a throttle), or 500
// InternalError when not throttle.
func flakyProxy(t *testing.T, failures int, throttle bool) (*httptest.Server, func() int) {
	t.Helper()
	var mu sync.Mutex
	injected := 0
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		mu.Lock()
		defer mu.Unlock()
		if !s3test.IsPartCopy(r) || injected >= failures {
			return false
		}
		injected++
		w.Header().Set("Content-Type", "application/xml")
		if !throttle {
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message><RequestId>flaky</RequestId></Error>`))
			return true
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>flaky</RequestId></Error>`))
		return true
	}})
	return p, func() int { mu.Lock(); defer mu.Unlock(); return injected }
}

// totalAttempts counts the part-copy attempts of a job, every part's.
func totalAttempts(job model.Job) int {
	n := 0
	for _, p := range job.Parts {
		n += p.Attempts
	}
	return n
}

func TestEngineRetriesRetryableFailures(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(300, 16<<20)
	srv.Put(t, b, "src", data)
	proxy, injected := flakyProxy(t, 3, false)
	c := newClient(t, provider.Options{Endpoint: proxy.URL})
	plan := planFor(t, c, b, "src", "dst")
	job := (&provider.Engine{Client: c, Concurrency: 1, Backoff: noWait{}}).Run(context.Background(), model.NewJob("r1", plan, time.Now()), nil)
	if job.State != model.StateVerified {
		t.Fatalf("job: %s %+v", job.State, job.Err)
	}
	attempts := totalAttempts(job)
	// One part at a time: the first part takes all three faults.
	if injected() != 3 || attempts != len(job.Parts)+3 || job.Parts[0].Attempts != 4 {
		t.Errorf("injected %d faults; parts took %d attempts in all (part 1: %d); want 3 faults, %d attempts",
			injected(), attempts, job.Parts[0].Attempts, len(job.Parts)+3)
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("copy differs")
	}
}

func TestEngineGivesUpAfterPartAttempts(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(301, 6<<20))
	proxy, injected := flakyProxy(t, 1000, false)
	c := newClient(t, provider.Options{Endpoint: proxy.URL})
	job := (&provider.Engine{Client: c, PartAttempts: 3, Backoff: noWait{}}).Run(context.Background(),
		model.NewJob("r2", planFor(t, c, b, "src", "dst"), time.Now()), nil)
	p := job.Parts[0]
	if job.State != model.StateFailed || p.State != model.StateFailed || p.Attempts != 3 || injected() != 3*len(job.Parts) {
		t.Fatalf("want failed after 3 attempts: job %s, part %+v, %d faults", job.State, p, injected())
	}
	if p.Err == nil || p.Err.Code != "InternalError" || p.Err.HTTPStatus != 500 || !p.Err.Retryable || p.Err.RequestID != "flaky" {
		t.Errorf("part error: %+v", p.Err)
	}
	if job.UploadID == "" || len(srv.Uploads(t, b)) != 1 || srv.Exists(b, "dst") {
		t.Error("the upload should stay open for a retry, uncompleted")
	}
}

// A throttle is the service pacing the copy, not the part failing: it
// does not spend the part's attempts, up to a bound, so a service that
// never stops pushing back still fails the part.
func TestThrottlesDoNotSpendAttempts(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(303, 6<<20)
	srv.Put(t, b, "src", data)
	proxy, _ := flakyProxy(t, 10, true)
	c := newClient(t, provider.Options{Endpoint: proxy.URL})
	job := (&provider.Engine{Client: c, PartAttempts: 3, Backoff: noWait{}}).Run(context.Background(),
		model.NewJob("t1", planFor(t, c, b, "src", "dst"), time.Now()), nil)
	attempts := totalAttempts(job)
	if job.State != model.StateVerified || attempts != len(job.Parts)+10 {
		t.Fatalf("10 SlowDowns with 3 attempts a part: want verified after %d attempts, got %s after %d: %+v", len(job.Parts)+10, job.State, attempts, job.Err)
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("copy differs")
	}

	proxy, injected := flakyProxy(t, 1000, true)
	c = newClient(t, provider.Options{Endpoint: proxy.URL})
	job = (&provider.Engine{Client: c, PartAttempts: 3, Backoff: noWait{}}).Run(context.Background(),
		model.NewJob("t2", planFor(t, c, b, "src", "dst2"), time.Now()), nil)
	p := job.Parts[0]
	if job.State != model.StateFailed || p.State != model.StateFailed || p.Attempts != 23 || injected() != 23*len(job.Parts) {
		t.Fatalf("want failed after 3 attempts and 20 throttles: job %s, part %d attempts, %d faults", job.State, p.Attempts, injected())
	}
	if p.Err == nil || p.Err.Code != "SlowDown" || p.Err.HTTPStatus != 503 || !p.Err.Retryable {
		t.Errorf("part error: %+v", p.Err)
	}
}

// A check that fails after CompleteMultipartUpload says the object exists:
// the upload is gone and must not be offered for a retry.
func TestEngineVerifyFailureAfterComplete(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(302, 6<<20))
	proxy := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodHead && strings.HasSuffix(r.URL.Path, "/dst") {
			w.WriteHeader(http.StatusForbidden)
			return true
		}
		return false
	}})
	c := newClient(t, provider.Options{Endpoint: proxy.URL})
	job := (&provider.Engine{Client: c}).Run(context.Background(), model.NewJob("v1", planFor(t, c, b, "src", "dst"), time.Now()), nil)
	if job.State != model.StateCompleted || !job.Completed || job.Err == nil || job.Err.Code != "VerifyFailed" {
		t.Fatalf("want a completed job that failed its check: %s completed=%v %+v", job.State, job.Completed, job.Err)
	}
	if !strings.Contains(job.Err.Message, "created but could not be checked") || !srv.Exists(b, "dst") || len(srv.Uploads(t, b)) != 0 {
		t.Errorf("message %q; the object should exist and no upload remain", job.Err.Message)
	}
}

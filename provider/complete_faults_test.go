package provider_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"s3parts/internal/s3test"
	"s3parts/model"
	"s3parts/provider"
)

// isComplete reports whether r is a CompleteMultipartUpload.
func isComplete(r *http.Request) bool {
	return r.Method == http.MethodPost && r.URL.Query().Has("uploadId")
}

// firstComplete plays fault on the first CompleteMultipartUpload only.
func firstComplete(t *testing.T, fault s3test.Fault) string {
	var once sync.Once
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		hit := false
		if isComplete(r) {
			once.Do(func() { hit = true })
		}
		if hit {
			srv.Inject(fault, w, r)
		}
		return hit
	}})
	return p.URL
}

// Whatever becomes of the answer to CompleteMultipartUpload — lost after
// the server completed, cut short, garbled, with a wrong ETag, never sent
// — the job ends with the truth: the object made and checked.
func TestCompleteAnswerFaults(t *testing.T) {
	for _, fault := range []s3test.Fault{s3test.FaultLostAnswer, s3test.FaultTruncated200, s3test.FaultWrongETag,
		s3test.Fault200Error, s3test.FaultStall, s3test.FaultReset, s3test.FaultDuplicated, s3test.FaultSlowDown} {
		t.Run(string(fault), func(t *testing.T) {
			b := srv.NewBucket(t, false)
			data := s3test.Data(120, 11<<20)
			srv.Put(t, b, "src", data)
			c := newClient(t, provider.Options{Endpoint: firstComplete(t, fault), SilenceLimit: 2 * time.Second})
			job := (&provider.Engine{Client: c}).Run(context.Background(), model.NewJob("cf", planFor(t, c, b, "src", "dst"), time.Now()), nil)
			if job.State != model.StateVerified || !job.Completed {
				t.Fatalf("%s: job %s %v", fault, job.State, job.Err)
			}
			srv.Copied(t, b, "dst", data)
		})
	}
}

// Stopped (ctrl+c) while the server completes: the job says what the
// server did, not that the upload is left open.
func TestCancelDuringCompleteTellsTheTruth(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(121, 11<<20)
	srv.Put(t, b, "src", data)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if !isComplete(r) {
			return false
		}
		if res, _, err := srv.Forward(r, 1); err == nil {
			res.Body.Close()
		}
		cancel() // the person presses ctrl+c: the server has completed, its answer is not read
		s3test.HangUp(w)
		return true
	}})
	c := newClient(t, provider.Options{Endpoint: p.URL})
	job := (&provider.Engine{Client: c}).Run(ctx, model.NewJob("cc", planFor(t, c, b, "src", "dst"), time.Now()), nil)
	if job.State != model.StateVerified {
		t.Fatalf("the server completed, the job says %s (completed %v): %v", job.State, job.Completed, job.Err)
	}
	srv.Copied(t, b, "dst", data)
}

// A source deleted mid-copy stops the job at once, with one error that
// says so: no part after it is sent.
func TestDeletedSourceStopsTheCopy(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(122, 40<<20))
	var deleted sync.Once
	var sent int
	var mu sync.Mutex
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if !s3test.IsPartCopy(r) {
			return false
		}
		mu.Lock()
		sent++
		mu.Unlock()
		if r.URL.Query().Get("partNumber") != "1" { // the first part goes through
			deleted.Do(func() { srv.Delete(t, b, "src") })
		}
		return false
	}})
	c := newClient(t, provider.Options{Endpoint: p.URL})
	job := (&provider.Engine{Client: c, Concurrency: 1}).Run(context.Background(), model.NewJob("gone", planFor(t, c, b, "src", "dst"), time.Now()), nil)
	if job.State != model.StateFailed || job.Err == nil || !strings.Contains(job.Err.Message, "no longer exists") {
		t.Fatalf("want the job failed saying the source is gone: %s %v", job.State, job.Err)
	}
	failed := 0
	for _, p := range job.Parts {
		if p.State == model.StateFailed {
			failed++
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if failed != 1 || sent > 3 {
		t.Errorf("%d parts failed after %d part copies were sent; want one failure and no part sent after it", failed, sent)
	}
}

// Without If-Match nothing stops a part from copying a newer source: a
// source overwritten mid-copy is found out before completing, and nothing
// that may mix two versions is completed.
func TestUnguardedCopyOfAChangingSourceIsNotCompleted(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(123, 16<<20))
	var changed sync.Once
	p := srv.Proxy(t, s3test.ProxyHooks{After: func(r *http.Request, status int) {
		if s3test.IsPartCopy(r) {
			changed.Do(func() { srv.Put(t, b, "src", s3test.Data(124, 16<<20)) })
		}
	}})
	c := newClient(t, provider.Options{Endpoint: p.URL})
	plan := planFor(t, c, b, "src", "dst")
	plan.Conditions = model.Conditions{} // --if-match none
	job := (&provider.Engine{Client: c, Concurrency: 1}).Run(context.Background(), model.NewJob("mix", plan, time.Now()), nil)
	if job.Completed || job.State != model.StateFailed || job.Err == nil || job.Err.Code != "SourceChanged" {
		t.Fatalf("want the job failed with SourceChanged and nothing completed: %s completed=%v %v", job.State, job.Completed, job.Err)
	}
	if srv.Exists(b, "dst") {
		t.Fatal("an object that may mix two versions was made")
	}
}

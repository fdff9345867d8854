package provider_test

import (
	"bytes"
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

// overwriteAfterFirstCopy overwrites bucket/key with other data once the
// first part copy has been answered.
func overwriteAfterFirstCopy(t *testing.T, bucket, key string, data []byte) s3test.ProxyHooks {
	var once sync.Once
	return s3test.ProxyHooks{After: func(r *http.Request, status int) {
		if s3test.IsPartCopy(r) && status == http.StatusOK {
			once.Do(func() { srv.Put(t, bucket, key, data) })
		}
	}}
}

// r2Client reaches endpoint as R2, whose preset says that copy-source
// conditions are not enforced (R2 documents them as unsupported).
func r2Client(t *testing.T, endpoint string) *provider.Client {
	t.Helper()
	yes := true
	c := newClient(t, provider.Options{Provider: "r2", Endpoint: endpoint, PathStyle: &yes})
	if !c.Preset().ConditionsUnverified || c.Preset().MultipartETagFromParts {
		t.Fatalf("the r2 preset changed: conditions unverified %v, MD5 ETags %v", c.Preset().ConditionsUnverified, c.Preset().MultipartETagFromParts)
	}
	return c
}

// probedIgnoring reaches endpoint as a generic server whose probe found
// If-Match ignored on part copies.
func probedIgnoring(t *testing.T, endpoint string) *provider.Client {
	t.Helper()
	c := newClient(t, provider.Options{Provider: "generic", Endpoint: endpoint})
	checks := []provider.Check{{ID: provider.CheckIfMatch, Outcome: provider.No}}
	for _, id := range []provider.CheckID{provider.CheckIfNoneMatch, provider.CheckIfModifiedSince, provider.CheckIfUnmodifiedSince} {
		checks = append(checks, provider.Check{ID: id, Outcome: provider.Yes})
	}
	c.UseProbe(provider.ProbeReport{Key: c.ProbeKey(), Taken: time.Now(), Checks: checks})
	if !c.Preset().ConditionsUnverified {
		t.Fatal("a probe that found If-Match ignored left conditions counted as enforced")
	}
	return c
}

// Where the server ignores If-Match, a source overwritten mid-copy is not
// stopped by the part copies (each of them succeeds): it is found out
// before completing, and nothing is completed. The same copy at a server
// taken to enforce If-Match makes an object of two versions: the check is
// what stops it.
func TestUnenforcedIfMatchChangingSourceIsNotCompleted(t *testing.T) {
	for _, tc := range []struct {
		name   string
		client func(*testing.T, string) *provider.Client
	}{{"r2 preset", r2Client}, {"probed", probedIgnoring}} {
		t.Run(tc.name, func(t *testing.T) {
			b := srv.NewBucket(t, false)
			srv.Put(t, b, "src", s3test.Data(130, 16<<20))
			p := srv.IgnoringCopyConditions(t, overwriteAfterFirstCopy(t, b, "src", s3test.Data(131, 16<<20)))
			c := tc.client(t, p.URL)
			job := (&provider.Engine{Client: c, Concurrency: 1}).Run(context.Background(), model.NewJob("nc", planFor(t, c, b, "src", "dst"), time.Now()), nil)
			if job.Completed || job.State != model.StateFailed || job.Err == nil || job.Err.Code != "SourceChanged" {
				t.Fatalf("want the job failed with SourceChanged and nothing completed: %s completed=%v %v", job.State, job.Completed, job.Err)
			}
			if !strings.Contains(job.Err.Message, "does not enforce If-Match") {
				t.Errorf("the error does not say If-Match guarded nothing: %s", job.Err.Message)
			}
			if p := job.Progress(); p.PartsDone != p.PartsTotal {
				t.Fatalf("every part copy should have succeeded (the server ignores If-Match): %d of %d", p.PartsDone, p.PartsTotal)
			}
			if srv.Exists(b, "dst") {
				t.Fatal("an object that may mix two versions was made")
			}
		})
	}
	t.Run("if-match taken as enforced", func(t *testing.T) {
		b := srv.NewBucket(t, false)
		before, after := s3test.Data(132, 16<<20), s3test.Data(133, 16<<20)
		srv.Put(t, b, "src", before)
		p := srv.IgnoringCopyConditions(t, overwriteAfterFirstCopy(t, b, "src", after))
		c := newClient(t, provider.Options{Provider: "generic", Endpoint: p.URL})
		job := (&provider.Engine{Client: c, Concurrency: 1}).Run(context.Background(), model.NewJob("mixed", planFor(t, c, b, "src", "dst"), time.Now()), nil)
		if !job.Completed {
			t.Fatalf("without the check the copy should have been completed: %s %v", job.State, job.Err)
		}
		got := srv.Get(t, b, "dst", "")
		if bytes.Equal(got, before) || bytes.Equal(got, after) || !bytes.Equal(got[:5<<20], before[:5<<20]) || !bytes.Equal(got[5<<20:], after[5<<20:]) {
			t.Fatal("the object made should mix the two versions (its first part the old one)")
		}
	})
}

// changeOnComplete overwrites bucket/key once the server has completed
// an upload, before its answer is sent.
func changeOnComplete(t *testing.T, bucket, key string, data []byte) s3test.ProxyHooks {
	var once sync.Once
	return s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if !isComplete(r) {
			return false
		}
		res, body, err := srv.Forward(r, 1)
		if err != nil {
			s3test.HangUp(w)
			return true
		}
		if res.StatusCode == http.StatusOK {
			once.Do(func() { srv.Put(t, bucket, key, data) })
		}
		answer(w, res, body)
		return true
	}}
}

// answer writes the server's answer as it came.
func answer(w http.ResponseWriter, res *http.Response, body []byte) {
	for k, v := range res.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(res.StatusCode)
	w.Write(body)
}

// A source that changes while an unguarded copy is completed (read the
// same before, changed right after) may have made an object of two
// versions: the job is completed, never verified, says which object and
// what to do, and checking it again does not clear that.
func TestSourceChangedAtCompleteIsNotVerified(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(134, 16<<20))
	p := srv.IgnoringCopyConditions(t, changeOnComplete(t, b, "src", s3test.Data(135, 16<<20)))
	c := r2Client(t, p.URL)
	eng := &provider.Engine{Client: c}
	job := eng.Run(context.Background(), model.NewJob("ac", planFor(t, c, b, "src", "dst"), time.Now()), nil)
	if !job.Completed || job.Verified || job.State != model.StateCompleted || job.Err == nil || job.Err.Code != provider.CodeSourceChangedAfterComplete {
		t.Fatalf("want the job completed, not verified, with %s: %s verified=%v %v", provider.CodeSourceChangedAfterComplete, job.State, job.Verified, job.Err)
	}
	for _, want := range []string{b + "/dst", "exists", "mix two versions", "Delete it"} {
		if !strings.Contains(job.Err.Message, want) {
			t.Errorf("the error lacks %q: %s", want, job.Err.Message)
		}
	}
	if !srv.Exists(b, "dst") {
		t.Fatal("the object was completed: it should be there")
	}
	again := eng.Run(context.Background(), job, nil)
	if again.Verified || again.Err == nil || again.Err.Code != provider.CodeSourceChangedAfterComplete {
		t.Fatalf("checked again, the object was called %s (verified %v): %v", again.State, again.Verified, again.Err)
	}
}

// An unguarded copy whose source stays put is verified, and says what was
// checked.
func TestUnenforcedIfMatchSteadySourceIsVerified(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(136, 16<<20)
	srv.Put(t, b, "src", data)
	c := r2Client(t, srv.IgnoringCopyConditions(t, s3test.ProxyHooks{}).URL)
	job := (&provider.Engine{Client: c}).Run(context.Background(), model.NewJob("st", planFor(t, c, b, "src", "dst"), time.Now()), nil)
	if job.State != model.StateVerified {
		t.Fatalf("job %s: %v", job.State, job.Err)
	}
	t.Logf("verified: %s", job.Verification)
	for _, want := range []string{"size", "ListParts", "source unchanged"} {
		if !strings.Contains(job.Verification, want) {
			t.Errorf("the job's verification lacks %q: %q", want, job.Verification)
		}
	}
	srv.Copied(t, b, "dst", data)
}

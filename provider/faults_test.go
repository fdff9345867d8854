package provider_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"s3parts/internal/s3test"
	"s3parts/model"
	"s3parts/provider"
)

// faultInjector answers every other part copy with the next fault of a
// fixed schedule (each kind twice), at most limit faults per part so a
// part can always get through within the engine's attempts.
type faultInjector struct {
	mu       sync.Mutex
	schedule []s3test.Fault
	seen     int
	limit    int
	perPart  map[string]int
	byKind   map[s3test.Fault]int
	copies   int // part copies the server actually answered
	disabled bool
	// nonRetryableLeft: one part gets one answer that must not be retried.
	nonRetryableLeft int
}

// faultKinds are played on part copies, each kind twice.
var faultKinds = s3test.RetryableFaults

func (f *faultInjector) before(w http.ResponseWriter, r *http.Request) bool {
	if !s3test.IsPartCopy(r) {
		return false
	}
	f.mu.Lock()
	part := r.URL.Query().Get("partNumber")
	var kind s3test.Fault
	switch {
	case f.disabled:
	case f.nonRetryableLeft > 0 && part == "3":
		f.nonRetryableLeft--
		kind = s3test.FaultBadRequest
	case len(f.schedule) > 0 && f.perPart[part] < f.limit && f.seen%2 == 0:
		kind, f.schedule = f.schedule[0], f.schedule[1:]
		f.perPart[part]++
	}
	f.seen++
	if kind != "" {
		f.byKind[kind]++
	} else {
		f.copies++
	}
	f.mu.Unlock()
	if kind == "" {
		return false
	}
	srv.Inject(kind, w, r)
	return true
}

// Part copies through a proxy that injects every kind of fault: retryable
// ones are retried with backoff and the copy completes; the one answer
// that must not be retried surfaces on its part with its code and message;
// retried by hand, the job completes and the object is byte-identical.
func TestFaultsAreRetriedOrSurfaced(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(400, 80<<20+123)
	srv.Put(t, b, "src", data)
	inj := &faultInjector{schedule: append(slices.Clone(faultKinds), faultKinds...), limit: 3, perPart: map[string]int{},
		byKind: map[s3test.Fault]int{}, nonRetryableLeft: 1}
	proxy := srv.Proxy(t, s3test.ProxyHooks{Before: inj.before})
	c := newClient(t, provider.Options{Endpoint: proxy.URL})
	plan := planFor(t, c, b, "src", "dst") // 17 parts of 5 MiB
	// The attempt timeout is far above what an honest 5 MiB part copy takes
	// even under -race on a loaded machine, so only the injected silence
	// runs into it.
	eng := &provider.Engine{Client: c, Concurrency: 3, PartAttempts: 5, AttemptTimeout: 3 * time.Second, Backoff: noWait{}}

	job := eng.Run(context.Background(), model.NewJob("faults", plan, time.Now()), nil)
	if job.State != model.StateFailed || job.Completed {
		t.Fatalf("with a part refused for good the job must stop uncompleted: %s completed=%v", job.State, job.Completed)
	}
	p3 := job.Parts[2]
	if p3.State != model.StateFailed || p3.Err == nil || p3.Err.Code != "InvalidRequest" || p3.Err.HTTPStatus != 400 ||
		p3.Err.Retryable || p3.Attempts != 1 || !strings.Contains(p3.Err.Message, "refused") || p3.Err.RequestID != "fault-400-InvalidRequest" {
		t.Errorf("part 3 should fail once with the server's code, status, request id and message: %+v %+v", p3, p3.Err)
	}
	for _, p := range job.Parts {
		if p.Number != 3 && p.State != model.StateDone {
			t.Errorf("part %d: %s after %d attempts (%v): retryable faults must be retried through", p.Number, p.State, p.Attempts, p.Err)
		}
	}
	job.RetryFailed()
	job = eng.Run(context.Background(), job, nil)
	if job.State != model.StateVerified || !job.Verified {
		t.Fatalf("after the retry by hand: %s %+v", job.State, job.Err)
	}
	got := srv.Get(t, b, "dst", "")
	wrong := 0
	for i, p := range job.Parts {
		r := p.Range
		if int64(len(got)) <= r.Last || !bytes.Equal(got[r.First:r.Last+1], data[r.First:r.Last+1]) {
			wrong++
			t.Errorf("part %d differs", i+1)
		}
	}
	inj.mu.Lock()
	defer inj.mu.Unlock()
	kinds := make([]string, 0, len(inj.byKind))
	total := 0
	for k, n := range inj.byKind {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
		total += n
	}
	sort.Strings(kinds)
	attempts := totalAttempts(job)
	t.Logf("fault figures: %d parts, %d part-copy attempts, %d answered by the server, %d faults injected (%s); parts wrong or lost: %d, object byte-identical: %v",
		len(job.Parts), attempts, inj.copies, total, strings.Join(kinds, ", "), wrong, bytes.Equal(got, data))
	for _, k := range faultKinds {
		if inj.byKind[k] == 0 {
			t.Errorf("no %q fault was injected: the schedule no longer covers every kind", k)
		}
	}
	if !bytes.Equal(got, data) {
		t.Fatal("the object is not byte-identical")
	}
}

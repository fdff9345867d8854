package provider_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"s3parts/internal/s3test"
	"s3parts/model"
	"s3parts/provider"
)

// soakFaults plays random faults on the requests a copy lives on: part
// copies, the reads around them (ListParts, HeadObject) and the
// completion. CreateMultipartUpload and AbortMultipartUpload are left
// alone (a lost answer to a create leaves an upload nobody knows: see the
// README's known gaps).
type soakFaults struct {
	mu      sync.Mutex
	rng     *rand.Rand
	rate    float64
	byKind  map[s3test.Fault]int
	byOp    map[string]int
	answers int
}

func (f *soakFaults) before(w http.ResponseWriter, r *http.Request) bool {
	op := ""
	q := r.URL.Query()
	switch {
	case s3test.IsPartCopy(r):
		op = "UploadPartCopy"
	case r.Method == http.MethodPost && q.Has("uploadId"):
		op = "CompleteMultipartUpload"
	case r.Method == http.MethodGet && q.Has("uploadId"):
		op = "ListParts"
	case r.Method == http.MethodHead:
		op = "HeadObject"
	default:
		return false
	}
	f.mu.Lock()
	var fault s3test.Fault
	if f.rng.Float64() < f.rate {
		fault = s3test.RetryableFaults[f.rng.IntN(len(s3test.RetryableFaults))]
		if op == "HeadObject" && (fault == s3test.FaultTruncated200 || fault == s3test.Fault200Error) {
			fault = s3test.FaultSlowDown // a HEAD has no body to spoil
		}
		f.byKind[fault]++
		f.byOp[op]++
	} else {
		f.answers++
	}
	f.mu.Unlock()
	if fault == "" {
		return false
	}
	srv.Inject(fault, w, r)
	return true
}

// Many copies through random faults of every kind, on every request a
// copy lives on: every retryable fault is retried through, every first run
// ends verified, no object is wrong, no upload is left.
func TestSoakCopiesThroughRandomFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("a soak")
	}
	const copies = 20
	faults := &soakFaults{rng: rand.New(rand.NewPCG(7, 11)), rate: 0.35, byKind: map[s3test.Fault]int{}, byOp: map[string]int{}}
	proxy := srv.Proxy(t, s3test.ProxyHooks{Before: faults.before})
	// Short limits, so a stall costs a second, not minutes.
	c := newClient(t, provider.Options{Endpoint: proxy.URL, SilenceLimit: time.Second})
	clean := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	eng := &provider.Engine{Client: c, Concurrency: 3, PartAttempts: 8, AttemptTimeout: 2 * time.Second, Backoff: noWait{}}

	var firstRun, wrong int
	var failures []string
	start := time.Now()
	for i := range copies {
		size := int64(10<<20 + i*(700<<10)) // 3 to 5 parts
		data := s3test.Data(uint64(900+i), int(size))
		src, dst := fmt.Sprintf("src-%d", i), fmt.Sprintf("dst-%d", i)
		srv.Put(t, b, src, data)
		// Planned through a clean connection: a lied-to plan fails its
		// parts safely (a wrong If-Match answers 412); the soak is of the
		// copy, not of the plan.
		job := eng.Run(context.Background(), model.NewJob(fmt.Sprintf("soak%d", i), planFor(t, clean, b, src, dst), time.Now()), nil)
		if job.State == model.StateVerified {
			firstRun++
		} else {
			why := fmt.Sprintf("copy %d: %s %v", i, job.State, job.Err)
			for _, p := range job.Parts {
				if p.Err != nil {
					why += fmt.Sprintf("\n    part %d %s after %d attempts: %v", p.Number, p.State, p.Attempts, p.Err)
				}
			}
			failures = append(failures, why)
		}
		if job.Completed && !bytes.Equal(srv.Get(t, b, dst, ""), data) {
			wrong++
		}
	}
	left := len(srv.Uploads(t, b))
	faults.mu.Lock()
	defer faults.mu.Unlock()
	total := 0
	var kinds, ops []string
	for k, n := range faults.byKind {
		kinds, total = append(kinds, fmt.Sprintf("%s %d", k, n)), total+n
	}
	for o, n := range faults.byOp {
		ops = append(ops, fmt.Sprintf("%s %d", o, n))
	}
	slices.Sort(kinds)
	slices.Sort(ops)
	t.Logf("soak figures: %d copies in %s; %d faults injected (%s), on %s; %d requests answered plainly; first-run successes %d of %d; wrong objects %d; uploads left %d",
		copies, time.Since(start).Round(time.Second), total, strings.Join(kinds, ", "), strings.Join(ops, ", "), faults.answers, firstRun, copies, wrong, left)
	for _, f := range failures {
		t.Error(f)
	}
	if wrong != 0 || left != 0 {
		t.Errorf("%d wrong objects, %d uploads left", wrong, left)
	}
	if len(faults.byKind) < len(s3test.RetryableFaults) {
		t.Errorf("only %d of the %d kinds of fault were played: the soak is too short to say anything of the others", len(faults.byKind), len(s3test.RetryableFaults))
	}
}

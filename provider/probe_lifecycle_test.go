package provider_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"s3parts/internal/s3test"
	"s3parts/provider"
)

// fakeLifecycle answers a bucket's lifecycle requests itself (neither
// versitygw nor MinIO takes AbortIncompleteMultipartUpload), keeping the
// configuration as the last PUT sent it, and records what was asked.
type fakeLifecycle struct {
	mu     sync.Mutex
	config string // XML; empty: none
	asked  []string
	// onPut, if set, runs when a configuration is put.
	onPut func()
}

func (f *fakeLifecycle) before(w http.ResponseWriter, r *http.Request) bool {
	if !r.URL.Query().Has("lifecycle") {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, r.Method)
	switch r.Method {
	case http.MethodGet:
		if f.config == "" {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchLifecycleConfiguration</Code><Message>none</Message></Error>`)
			return true
		}
		io.WriteString(w, f.config)
	case http.MethodPut:
		b, _ := io.ReadAll(r.Body)
		f.config = string(b)
		if f.onPut != nil {
			f.onPut()
		}
	case http.MethodDelete:
		f.config = ""
		w.WriteHeader(http.StatusNoContent)
	}
	return true
}

func (f *fakeLifecycle) state() (string, []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.config, append([]string(nil), f.asked...)
}

const ownRules = `<LifecycleConfiguration><Rule><ID>owner's</ID><Status>Enabled</Status><Filter><Prefix>logs/</Prefix></Filter>%s</Rule></LifecycleConfiguration>`

func probeLifecycle(t *testing.T, ctx context.Context, f *fakeLifecycle, readOnly bool) (provider.Check, error) {
	t.Helper()
	b := srv.NewBucket(t, false)
	p := srv.Proxy(t, s3test.ProxyHooks{Before: f.before})
	c := newClient(t, provider.Options{Endpoint: p.URL, PathStyle: aws.Bool(true)})
	c.SetReadOnly(readOnly)
	r, err := c.RunProbe(ctx, provider.ProbeOptions{Bucket: b})
	if len(r.Leftovers) != 0 {
		t.Errorf("leftovers: %v", r.Leftovers)
	}
	ch, _ := r.Get(provider.CheckLifecycleAbort)
	return ch, err
}

// A bucket without lifecycle rules: the probe's rule is tried, read back
// and deleted, so the bucket ends with none again.
func TestProbeLifecycleTriedAndRemoved(t *testing.T) {
	f := &fakeLifecycle{}
	ch, err := probeLifecycle(t, context.Background(), f, false)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Outcome != provider.Yes {
		t.Errorf("lifecycle: %s (%s), want yes", ch.Outcome, ch.Seen)
	}
	config, asked := f.state()
	if config != "" || strings.Join(asked, " ") != "GET PUT GET DELETE GET" {
		t.Errorf("configuration %q left, requests %v: want it put, read, deleted and checked gone", config, asked)
	}
}

// A bucket with rules of its own is never rewritten.
func TestProbeLifecycleOwnRulesUntouched(t *testing.T) {
	own := strings.Replace(ownRules, "%s", "<Expiration><Days>30</Days></Expiration>", 1)
	f := &fakeLifecycle{config: own}
	ch, err := probeLifecycle(t, context.Background(), f, false)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Outcome != provider.Unknown || !strings.Contains(ch.Seen, "does not rewrite") {
		t.Errorf("lifecycle: %s (%s), want unknown, not tried", ch.Outcome, ch.Seen)
	}
	if config, asked := f.state(); config != own || strings.Join(asked, " ") != "GET" {
		t.Errorf("configuration %q, requests %v: want it read only", config, asked)
	}
}

// A rule of the bucket's own that aborts uploads answers yes, read-only.
func TestProbeLifecycleExistingAbortRule(t *testing.T) {
	own := strings.Replace(ownRules, "%s", "<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload>", 1)
	f := &fakeLifecycle{config: own}
	ch, err := probeLifecycle(t, context.Background(), f, true)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Outcome != provider.Yes || ch.Seen != "bucket has rule owner's, 7 days" {
		t.Errorf("lifecycle: %s (%s), want yes from the bucket's rule", ch.Outcome, ch.Seen)
	}
}

// Interrupted right after its rule was put, the probe still removes it.
func TestProbeLifecycleRestoredWhenInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &fakeLifecycle{onPut: cancel}
	_, err := probeLifecycle(t, ctx, f, false)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("RunProbe: %v, want interrupted", err)
	}
	if config, asked := f.state(); config != "" {
		t.Errorf("configuration %q left after an interrupted probe (requests %v)", config, asked)
	}
}

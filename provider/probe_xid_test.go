package provider_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"s3parts/internal/s3test"
	"s3parts/provider"
)

// The x-id check sends its request once with x-id and once without.
func TestProbeXIDSentBothWays(t *testing.T) {
	b := srv.NewBucket(t, false)
	var mu sync.Mutex
	var queries []string
	p := srv.Proxy(t, s3test.ProxyHooks{After: func(r *http.Request, status int) {
		if strings.HasSuffix(r.URL.Path, "/absent") {
			mu.Lock()
			queries = append(queries, r.URL.RawQuery)
			mu.Unlock()
		}
	}})
	c := newClient(t, provider.Options{Endpoint: p.URL, PathStyle: aws.Bool(true)})
	c.SetReadOnly(true) // the x-id check reads; nothing else is needed here
	r, err := c.RunProbe(context.Background(), provider.ProbeOptions{Bucket: b})
	if err != nil {
		t.Fatal(err)
	}
	if ch, _ := r.Get(provider.CheckXID); ch.Outcome != provider.Yes {
		t.Errorf("x-id: %s (%s), want yes", ch.Outcome, ch.Seen)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(queries) != 2 || queries[0] != "x-id=GetObject" || queries[1] != "" {
		t.Errorf("queries of the x-id check %q, want x-id=GetObject then none", queries)
	}
}

// A server that refuses x-id answers no, and the probe strips it from
// then on, so the copy checks still find what the server can do.
func TestProbeXIDRefusedThenStripped(t *testing.T) {
	b := srv.NewBucket(t, false)
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if !r.URL.Query().Has("x-id") {
			return false
		}
		// As Quantum ActiveScale does (rclone#8373).
		w.WriteHeader(http.StatusNotImplemented)
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code><Message>x-id</Message></Error>`)
		return true
	}})
	c := newClient(t, provider.Options{Endpoint: p.URL, PathStyle: aws.Bool(true)})
	r, err := c.RunProbe(context.Background(), provider.ProbeOptions{Bucket: b})
	if err != nil {
		t.Fatal(err)
	}
	got := outcomes(r)
	want(t, got, provider.CheckXID, provider.No)
	if ch := got[provider.CheckListBuckets]; ch.Outcome != provider.Yes || !strings.Contains(ch.Seen, "only without x-id") {
		t.Errorf("list-buckets: %s (%s), want yes, only without x-id", ch.Outcome, ch.Seen)
	}
	for _, id := range []provider.CheckID{provider.CheckPartCopy, provider.CheckRangedCopy, provider.CheckIfMatch, provider.CheckRecopy} {
		want(t, got, id, provider.Yes)
	}
	if len(r.Leftovers) != 0 {
		t.Errorf("leftovers: %v", r.Leftovers)
	}
	c.UseProbe(r)
	if !c.Preset().StripXID {
		t.Error("the preset in use still sends x-id after the probe found it refused")
	}
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("uploads left: %v", ups)
	}
}

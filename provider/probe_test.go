package provider_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"s3parts/internal/s3test"
	"s3parts/model"
	"s3parts/provider"
)

// allChecks are the check ids in the order a probe reports them.
var allChecks = []provider.CheckID{
	provider.CheckListBuckets, provider.CheckPathStyle, provider.CheckVirtualHost, provider.CheckXID,
	provider.CheckListUploads, provider.CheckListUploadsPrefix, provider.CheckLifecycleAbort,
	provider.CheckPartCopy, provider.CheckRangedCopy, provider.CheckMinPart, provider.CheckUnequalParts,
	provider.CheckRecopy, provider.CheckETagMD5, provider.CheckIfMatch, provider.CheckIfNoneMatch,
	provider.CheckIfModifiedSince, provider.CheckIfUnmodifiedSince, provider.CheckPairMatchUnmodified,
	provider.CheckPairNoneMatchModified, provider.CheckVersionSource, provider.CheckVersionHeader,
	provider.CheckAbortUnknown,
}

// writeChecks make something on the server; read-only mode skips them.
var writeChecks = []provider.CheckID{
	provider.CheckPartCopy, provider.CheckRangedCopy, provider.CheckMinPart, provider.CheckUnequalParts,
	provider.CheckRecopy, provider.CheckETagMD5, provider.CheckIfMatch, provider.CheckIfNoneMatch,
	provider.CheckIfModifiedSince, provider.CheckIfUnmodifiedSince, provider.CheckPairMatchUnmodified,
	provider.CheckPairNoneMatchModified, provider.CheckVersionSource, provider.CheckVersionHeader,
	provider.CheckAbortUnknown,
}

// contents counts what a bucket holds, every kind the probe could leave.
type contents struct{ objects, versions, markers, uploads int }

func bucketContents(t *testing.T, bucket string) contents {
	t.Helper()
	c, ctx := srv.Raw(), context.Background()
	var n contents
	objs := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	for objs.HasMorePages() {
		page, err := objs.NextPage(ctx)
		if err != nil {
			t.Fatalf("list objects of %s: %v", bucket, err)
		}
		n.objects += len(page.Contents)
	}
	vers := s3.NewListObjectVersionsPaginator(c, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
	for vers.HasMorePages() {
		page, err := vers.NextPage(ctx)
		if err != nil {
			t.Fatalf("list versions of %s: %v", bucket, err)
		}
		n.versions += len(page.Versions)
		n.markers += len(page.DeleteMarkers)
	}
	n.uploads = len(srv.Uploads(t, bucket))
	return n
}

func outcomes(r provider.ProbeReport) map[provider.CheckID]provider.Check {
	m := map[provider.CheckID]provider.Check{}
	for _, c := range r.Checks {
		m[c.ID] = c
	}
	return m
}

func want(t *testing.T, got map[provider.CheckID]provider.Check, id provider.CheckID, o provider.Outcome) {
	t.Helper()
	if c := got[id]; c.Outcome != o {
		t.Errorf("%s: %s (%s), want %s", id, c.Outcome, c.Seen, o)
	}
}

// prefixFound: versitygw lists uploads by any key prefix; MinIO (some
// releases, the one tested included) only by a whole key, which the check
// must then say rather than answer unknown.
func prefixFound(t *testing.T, got map[provider.CheckID]provider.Check) {
	t.Helper()
	c := got[provider.CheckListUploadsPrefix]
	switch {
	case !srv.External:
		want(t, got, provider.CheckListUploadsPrefix, provider.Yes)
	case c.Outcome == provider.No && !strings.Contains(c.Seen, "only by the whole key"), c.Outcome != provider.Yes && c.Outcome != provider.No:
		t.Errorf("%s: %s (%s), want yes, or no found only by the whole key", c.ID, c.Outcome, c.Seen)
	}
}

// endpointIsIP: virtual-hosted names under an IP address do not resolve.
func endpointIsIP() bool {
	u, err := url.Parse(srv.Endpoint)
	return err == nil && net.ParseIP(u.Hostname()) != nil
}

func TestProbeFreshBucket(t *testing.T) {
	for _, versioned := range []bool{false, true} {
		name := "unversioned"
		if versioned {
			name = "versioned"
		}
		t.Run(name, func(t *testing.T) {
			b := srv.NewBucket(t, versioned)
			// Someone else's object under the same prefix: the probe must
			// not touch it.
			srv.Put(t, b, "probe/keep", []byte("mine"))
			before := bucketContents(t, b)
			c := newClient(t, provider.Options{})
			var heard []provider.Check
			r, err := c.RunProbe(context.Background(), provider.ProbeOptions{Bucket: b, Prefix: "probe/",
				Progress: func(ch provider.Check) { heard = append(heard, ch) }})
			if err != nil {
				t.Fatalf("RunProbe: %v", err)
			}
			var ids []provider.CheckID
			for _, ch := range r.Checks {
				ids = append(ids, ch.ID)
				if ch.Title == "" || ch.Seen == "" {
					t.Errorf("%s: title %q, seen %q: both must say something", ch.ID, ch.Title, ch.Seen)
				}
				if ch.Outcome == provider.Skipped {
					t.Errorf("%s skipped on a fresh bucket: %s", ch.ID, ch.Seen)
				}
			}
			if !slices.Equal(ids, allChecks) {
				t.Errorf("checks %v, want every check in order %v", ids, allChecks)
			}
			if !slices.Equal(heard, r.Checks) {
				t.Errorf("Progress heard %d checks, the report has %d", len(heard), len(r.Checks))
			}
			if r.Key != c.ProbeKey() || r.Endpoint != c.Endpoint() || r.Region != c.Region() || r.Preset != c.Guess().Name ||
				r.Bucket != b || r.Prefix != "probe/" || r.ReadOnly || r.Taken.IsZero() || r.Took <= 0 {
				t.Errorf("report header: %+v", r)
			}
			got := outcomes(r)
			for _, id := range []provider.CheckID{provider.CheckListBuckets, provider.CheckPathStyle, provider.CheckXID,
				provider.CheckListUploads, provider.CheckPartCopy, provider.CheckRangedCopy,
				provider.CheckMinPart, provider.CheckUnequalParts, provider.CheckRecopy, provider.CheckETagMD5,
				provider.CheckIfMatch, provider.CheckIfNoneMatch, provider.CheckIfModifiedSince, provider.CheckIfUnmodifiedSince,
				provider.CheckPairNoneMatchModified} {
				want(t, got, id, provider.Yes)
			}
			if endpointIsIP() {
				want(t, got, provider.CheckVirtualHost, provider.No)
			}
			if m := got[provider.CheckMinPart]; m.Bytes != 5*model.MiB {
				// versitygw and MinIO both refuse a first part under 5 MiB.
				t.Errorf("smallest part %d (%s), want 5 MiB", m.Bytes, m.Seen)
			}
			prefixFound(t, got)
			if versioned {
				want(t, got, provider.CheckVersionSource, provider.Yes)
			}
			if !srv.External {
				// versitygw v1.8.0: no lifecycle (501), copies with both
				// pairing rules as S3 documents, refuses versionId=null on
				// an unversioned bucket, reports an unknown upload.
				want(t, got, provider.CheckLifecycleAbort, provider.No)
				want(t, got, provider.CheckPairMatchUnmodified, provider.Yes)
				want(t, got, provider.CheckAbortUnknown, provider.Yes)
				if versioned {
					want(t, got, provider.CheckVersionHeader, provider.Yes)
				} else {
					want(t, got, provider.CheckVersionSource, provider.No)
					want(t, got, provider.CheckVersionHeader, provider.No)
				}
			}
			// What the probe found is what the client goes by once used.
			c.UseProbe(r)
			if p := c.Preset(); p.Limits.MinPartSize != 5*model.MiB || p.Limits.NoPartCopy || p.StripXID || p.ConditionsUnverified {
				t.Errorf("preset after the probe: %+v", p)
			}
			if len(r.Leftovers) != 0 {
				t.Errorf("leftovers: %v", r.Leftovers)
			}
			if after := bucketContents(t, b); after != before {
				t.Errorf("bucket held %+v before the probe, %+v after", before, after)
			}
			if got := srv.Get(t, b, "probe/keep", ""); string(got) != "mine" {
				t.Errorf("an object that is not the probe's changed: %q", got)
			}
			_, err = srv.Raw().GetBucketLifecycleConfiguration(context.Background(), &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(b)})
			if err == nil {
				t.Error("the bucket has a lifecycle configuration after the probe; it had none")
			}
		})
	}
}

// A probe interrupted (ctx cancelled) partway still removes what it made.
func TestProbeCancelledLeavesNothing(t *testing.T) {
	for _, versioned := range []bool{false, true} {
		b := srv.NewBucket(t, versioned)
		before := bucketContents(t, b)
		c := newClient(t, provider.Options{})
		ctx, cancel := context.WithCancel(context.Background())
		r, err := c.RunProbe(ctx, provider.ProbeOptions{Bucket: b, Progress: func(ch provider.Check) {
			if ch.ID == provider.CheckPartCopy {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("RunProbe cancelled: %v, want context.Canceled", err)
		}
		if last := r.Checks[len(r.Checks)-1]; last.ID != provider.CheckPartCopy || last.Outcome != provider.Yes {
			t.Errorf("last check %s %s (%s), want part-copy yes and nothing after", last.ID, last.Outcome, last.Seen)
		}
		if len(r.Leftovers) != 0 {
			t.Errorf("leftovers: %v", r.Leftovers)
		}
		if after := bucketContents(t, b); after != before {
			t.Errorf("versioned=%v: bucket held %+v before the probe, %+v after", versioned, before, after)
		}
	}
}

// Read-only: the write checks are skipped, and nothing but reads reaches
// the server.
func TestProbeReadOnlySendsNoWrite(t *testing.T) {
	b := srv.NewBucket(t, false)
	// An upload already there lets the prefix check run without writing.
	id := srv.CreateUpload(t, b, "in/progress")
	var mu sync.Mutex
	var methods []string
	p := srv.Proxy(t, s3test.ProxyHooks{After: func(r *http.Request, status int) {
		mu.Lock()
		defer mu.Unlock()
		methods = append(methods, r.Method+" "+r.URL.Path)
	}})
	c := newClient(t, provider.Options{Endpoint: p.URL, PathStyle: aws.Bool(true)})
	c.SetReadOnly(true)
	r, err := c.RunProbe(context.Background(), provider.ProbeOptions{Bucket: b})
	if err != nil {
		t.Fatalf("RunProbe: %v", err)
	}
	got := outcomes(r)
	for _, id := range writeChecks {
		if ch := got[id]; ch.Outcome != provider.Skipped || ch.Seen != "read-only mode" {
			t.Errorf("%s: %s (%s), want skipped for read-only mode", id, ch.Outcome, ch.Seen)
		}
	}
	for _, id := range []provider.CheckID{provider.CheckListBuckets, provider.CheckPathStyle, provider.CheckXID, provider.CheckListUploads} {
		want(t, got, id, provider.Yes)
	}
	prefixFound(t, got)
	if !r.ReadOnly || len(r.Leftovers) != 0 {
		t.Errorf("read-only %v, leftovers %v", r.ReadOnly, r.Leftovers)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(methods) == 0 {
		t.Fatal("no request reached the server through the proxy")
	}
	for _, m := range methods {
		if !strings.HasPrefix(m, "GET ") && !strings.HasPrefix(m, "HEAD ") {
			t.Errorf("read-only probe sent %s", m)
		}
	}
	if ups := srv.Uploads(t, b); !slices.Equal(ups, []string{"in/progress " + id}) {
		t.Errorf("uploads after a read-only probe: %v", ups)
	}
}

// Without a bucket only what needs none runs.
func TestProbeWithoutBucket(t *testing.T) {
	c := newClient(t, provider.Options{})
	r, err := c.RunProbe(context.Background(), provider.ProbeOptions{})
	if err != nil {
		t.Fatalf("RunProbe: %v", err)
	}
	got := outcomes(r)
	want(t, got, provider.CheckListBuckets, provider.Yes)
	// ListBuckets carries x-id too, so it is asked without a bucket.
	want(t, got, provider.CheckXID, provider.Yes)
	for _, ch := range r.Checks {
		if ch.ID != provider.CheckListBuckets && ch.ID != provider.CheckXID && (ch.Outcome != provider.Skipped || ch.Seen != "no bucket given") {
			t.Errorf("%s: %s (%s), want skipped: no bucket given", ch.ID, ch.Outcome, ch.Seen)
		}
	}
	if len(r.Checks) != len(allChecks) || len(r.Leftovers) != 0 {
		t.Errorf("%d checks, leftovers %v", len(r.Checks), r.Leftovers)
	}
}

// A bucket that does not exist stops the probe with an error naming it.
func TestProbeMissingBucket(t *testing.T) {
	c := newClient(t, provider.Options{})
	const b = "s3parts-probe-no-such-bucket"
	r, err := c.RunProbe(context.Background(), provider.ProbeOptions{Bucket: b})
	if err == nil || !strings.Contains(err.Error(), b) || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("RunProbe of a missing bucket: %v, want an error naming %s", err, b)
	}
	if len(r.Leftovers) != 0 {
		t.Errorf("leftovers: %v", r.Leftovers)
	}
}

// A server without ListMultipartUploads (Aliyun OSS in S3 mode): the
// check says no, and clean-up goes by the upload ids it kept.
func TestProbeWithoutListUploads(t *testing.T) {
	b := srv.NewBucket(t, true)
	before := bucketContents(t, b)
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodGet || !r.URL.Query().Has("uploads") {
			return false
		}
		w.WriteHeader(http.StatusNotImplemented)
		w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code><Message>uploads</Message></Error>`))
		return true
	}})
	c := newClient(t, provider.Options{Endpoint: p.URL, PathStyle: aws.Bool(true)})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := c.RunProbe(ctx, provider.ProbeOptions{Bucket: b, Progress: func(ch provider.Check) {
		if ch.ID == provider.CheckPartCopy {
			cancel() // uploads are open now; the rest is not about listing
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("RunProbe: %v", err)
	}
	got := outcomes(r)
	want(t, got, provider.CheckListUploads, provider.No)
	want(t, got, provider.CheckListUploadsPrefix, provider.Unknown)
	if len(r.Leftovers) != 0 {
		t.Errorf("leftovers: %v", r.Leftovers)
	}
	if after := bucketContents(t, b); after != before {
		t.Errorf("bucket held %+v before the probe, %+v after", before, after)
	}
}

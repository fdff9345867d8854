package provider_test

import (
	"cmp"
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"s3parts/internal/s3test"
	"s3parts/model"
	"s3parts/provider"
)

// startCloud starts a cloud-timing server for one test or benchmark.
func startCloud(tb testing.TB, m s3test.CloudModel) *s3test.Cloud {
	tb.Helper()
	c, err := s3test.StartCloud(m)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.Close)
	return c
}

// newCloudClient connects to a cloud-timing server as `s3parts copy` would
// with --endpoint: the keys come from the environment, which TestMain
// pointed at the package's gateway and which is pointed at the cloud
// server for this test only.
func newCloudClient(tb testing.TB, c *s3test.Cloud) *provider.Client {
	tb.Helper()
	return newCloudClientAs(tb, c, provider.Options{})
}

// newCloudClientAs is newCloudClient with more options (a preset).
func newCloudClientAs(tb testing.TB, c *s3test.Cloud, opts provider.Options) *provider.Client {
	tb.Helper()
	tb.Setenv("AWS_ACCESS_KEY_ID", c.AccessKey)
	tb.Setenv("AWS_SECRET_ACCESS_KEY", c.SecretKey)
	opts.Endpoint, opts.Region = c.Endpoint, c.Region
	return newClient(tb, opts)
}

// cloudCopy does what `s3parts copy SRC DST` does with no flags: read the
// source, plan the parts (auto part size, If-Match on the source's ETag,
// its headers), run the Engine with its defaults, which completes and
// verifies. It returns the job as the Engine left it.
func cloudCopy(tb testing.TB, c *provider.Client, scale float64, src, dst model.Ref) model.Job {
	tb.Helper()
	ctx := context.Background()
	info, err := c.HeadObject(ctx, src)
	if err != nil {
		tb.Fatal(err)
	}
	plan := model.Plan{Source: src, SourceSize: info.Size, SourceETag: info.ETag, SourceLastModified: info.LastModified,
		Dest: dst, Headers: info.Headers, Conditions: model.Conditions{IfMatch: info.ETag}}
	if err := plan.Conditions.Validate(c.Preset().ConditionRule); err != nil {
		tb.Fatal(err)
	}
	plan.PartSize = model.AutoPartSize(info.Size, c.Preset().Limits)
	if plan.Parts, err = model.SplitParts(info.Size, plan.PartSize, c.Preset().Limits); err != nil {
		tb.Fatal(err)
	}
	// The engine's waits between attempts are time too: on a model that
	// runs scale times faster they are scale times shorter.
	eng := &provider.Engine{Client: c, Backoff: scaledBackoff{retry.NewExponentialJitterBackoff(20 * time.Second), max(scale, 1)}}
	return eng.Run(ctx, model.NewJob(model.NewJobID(), plan, time.Now()), nil)
}

// scaledBackoff is the engine's default backoff on a model's clock.
type scaledBackoff struct {
	b     provider.Backoff
	scale float64
}

func (s scaledBackoff) BackoffDelay(attempt int, err error) (time.Duration, error) {
	d, err := s.b.BackoffDelay(attempt, err)
	return time.Duration(float64(d) / s.scale), err
}

// The real Engine copies 10 GiB on the cloud model end to end: every part
// copied once, completed, and verified against the multipart ETag the
// server computed from the part ETags it handed out. With the preset the
// endpoint gives (generic) and with the aws one (the SDK's own checksum
// settings; path-style, since the server has no bucket host names).
func TestCloudEngineCopies10GiB(t *testing.T) {
	pathStyle := true
	for _, opts := range []provider.Options{{}, {Provider: "aws", PathStyle: &pathStyle}} {
		t.Run(cmp.Or(opts.Provider, "guessed"), func(t *testing.T) { testCloudEngineCopies10GiB(t, opts) })
	}
}

func testCloudEngineCopies10GiB(t *testing.T, opts provider.Options) {
	const size = 10 << 30
	cloud := startCloud(t, s3test.CloudModel{TimeScale: 100})
	c := newCloudClientAs(t, cloud, opts)
	if want := cmp.Or(opts.Provider, "generic"); c.Preset().Name != want {
		t.Fatalf("the client has preset %s, want %s", c.Preset().Name, want)
	}
	cloud.AddObject("dst", ".keep", 0)
	srcETag := cloud.AddObject("src", "big/10GiB", size)
	src, dst := model.Ref{Bucket: "src", Key: "big/10GiB"}, model.Ref{Bucket: "dst", Key: "copy/10GiB"}

	job := cloudCopy(t, c, cloud.Model().TimeScale, src, dst)
	if job.State != model.StateVerified || !job.Verified || job.Err != nil {
		t.Fatalf("the copy ended %s (verified %v): %v", job.State, job.Verified, job.Err)
	}
	gotSize, etag, ok := cloud.Object(dst.Bucket, dst.Key)
	if !ok || gotSize != size || !model.SameETag(etag, job.FinalETag) || !model.SameETag(etag, job.ExpectedETag) {
		t.Fatalf("the copy is %d bytes with ETag %s (there: %v); the job says %s, expected %s", gotSize, etag, ok, job.FinalETag, job.ExpectedETag)
	}
	if model.SameETag(etag, srcETag) {
		t.Fatalf("the copy has the source's ETag %s: it should be a multipart ETag", etag)
	}
	st := cloud.Stats()
	if n := len(job.Parts); st.PartsCopied != n || st.BytesCopied != size || st.SlowDowns != 0 ||
		st.PeakInFlight > provider.DefaultMaxConcurrency || st.Requests["CompleteMultipartUpload"] != 1 {
		t.Fatalf("%d parts planned; the server saw %+v", n, st)
	}
	for _, p := range job.Parts {
		if p.State != model.StateDone || p.Attempts != 1 {
			t.Fatalf("part %d ended %s after %d attempts", p.Number, p.State, p.Attempts)
		}
	}
	if ids := cloud.Uploads(dst.Bucket); len(ids) != 0 {
		t.Fatalf("uploads left open: %v", ids)
	}
}

// Against the instant model the same copy costs only the client's and the
// server's own work: a benchmark of client CPU uses it.
func TestCloudInstantModel(t *testing.T) {
	cloud := startCloud(t, s3test.InstantModel())
	c := newCloudClient(t, cloud)
	cloud.AddObject("b", "src", 10<<30)
	job := cloudCopy(t, c, 1, model.Ref{Bucket: "b", Key: "src"}, model.Ref{Bucket: "b", Key: "dst"})
	if job.State != model.StateVerified {
		t.Fatalf("the copy ended %s: %v", job.State, job.Err)
	}
	if l := cloud.Limit(10 << 30); l != 0 {
		t.Fatalf("the instant model's limit is %v, want 0", l)
	}
}

// A service that takes only 32 part copies at once: the engine starts 64,
// is told to slow down, and settles at what the service takes; no part
// fails, and few are refused more than once.
func TestCloudEngineFindsTheServiceLimit(t *testing.T) {
	const size = 10 << 30
	// At 10× a part copy lasts about 250 ms of wall clock: long enough
	// for the engine's first 64 to be in flight together even on a
	// loaded machine (at 100× a part could end before the last of them
	// started, and the service never pushed back).
	cloud := startCloud(t, s3test.CloudModel{TimeScale: 10, MaxInFlight: 32})
	c := newCloudClient(t, cloud)
	cloud.AddObject("b", "src", size)
	job := cloudCopy(t, c, cloud.Model().TimeScale, model.Ref{Bucket: "b", Key: "src"}, model.Ref{Bucket: "b", Key: "dst"})
	if job.State != model.StateVerified {
		t.Fatalf("the copy ended %s: %v", job.State, job.Err)
	}
	st := cloud.Stats()
	refusedTwice := 0
	for _, p := range job.Parts {
		if p.State != model.StateDone {
			t.Fatalf("part %d ended %s", p.Number, p.State)
		}
		if p.Attempts > 2 {
			refusedTwice++
		}
	}
	if st.SlowDowns == 0 || st.PeakInFlight > 32 || refusedTwice > len(job.Parts)/8 {
		t.Fatalf("%d SlowDowns, peak %d in flight, %d of %d parts refused more than once", st.SlowDowns, st.PeakInFlight, refusedTwice, len(job.Parts))
	}
}

package s3test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// fakeClock is model time that moves only when a test says so; timers
// fire, in order, inside Advance.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at           time.Time
	f            func()
	stopped, ran bool
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		pending := !t.stopped && !t.ran
		t.stopped = true
		return pending
	}
}

// Advance moves the clock on by d, firing the timers due on the way at
// their own times.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now.Add(d)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		var next *fakeTimer
		for _, t := range c.timers {
			if !t.stopped && !t.ran && !t.at.After(end) && (next == nil || t.at.Before(next.at)) {
				next = t
			}
		}
		if next == nil {
			c.now = end
			c.mu.Unlock()
			return
		}
		c.now, next.ran = next.at, true
		c.mu.Unlock()
		next.f() // outside the lock: it sets timers of its own
	}
}

func isDone(fl *flow) bool {
	select {
	case <-fl.done:
		return true
	default:
		return false
	}
}

// endsAt checks that fl is still copying just before at (from the clock's
// start) and done just after.
func endsAt(t *testing.T, clk *fakeClock, start time.Time, fl *flow, name string, at time.Duration) {
	t.Helper()
	if d := start.Add(at - time.Microsecond).Sub(clk.Now()); d > 0 {
		clk.Advance(d)
	}
	if isDone(fl) {
		t.Fatalf("%s ended before %v", name, at)
	}
	clk.Advance(2 * time.Microsecond)
	if !isDone(fl) {
		t.Fatalf("%s still copying after %v", name, at)
	}
}

const mib = 1 << 20

// One copy alone proceeds at the part rate.
func TestCloudFluidOneCopyAtPartRate(t *testing.T) {
	clk := newFakeClock()
	f := newFluid(clk, 64*mib, 4<<30)
	start := clk.Now()
	endsAt(t, clk, start, f.start(64*mib), "64 MiB at 64 MiB/s", time.Second)
}

// Copies share the aggregate, and the speed of one changes when another
// starts or ends (processor sharing): A (64 MiB) alone at 64 MiB/s for
// 0.5 s leaves 32 MiB; B (16 MiB) starts, and both go at 32 MiB/s (the
// aggregate is 64) until B ends at 1.0 s with A at 16 MiB left, which then
// takes 0.25 s at 64 MiB/s: A ends at 1.25 s, not at the 1 s a sleep of
// size/rate would give.
func TestCloudFluidProcessorSharing(t *testing.T) {
	clk := newFakeClock()
	f := newFluid(clk, 64*mib, 64*mib)
	start := clk.Now()
	a := f.start(64 * mib)
	clk.Advance(500 * time.Millisecond)
	b := f.start(16 * mib)
	if n := f.active(); n != 2 {
		t.Fatalf("%d copies in flight, want 2", n)
	}
	endsAt(t, clk, start, b, "B", time.Second)
	endsAt(t, clk, start, a, "A", 1250*time.Millisecond)
	if n := f.active(); n != 0 {
		t.Fatalf("%d copies in flight after both ended", n)
	}
}

// The per-copy rate caps a copy even when the aggregate has room, and a
// copy that leaves (its client went away) speeds up those left.
func TestCloudFluidCancelAndPartCap(t *testing.T) {
	clk := newFakeClock()
	f := newFluid(clk, 64*mib, 64*mib)
	start := clk.Now()
	a, b := f.start(64*mib), f.start(64*mib)
	clk.Advance(time.Second) // 32 MiB/s each: 32 MiB left each
	f.cancel(b)
	endsAt(t, clk, start, a, "A", 1500*time.Millisecond)

	// Aggregate 1 GiB/s but 64 MiB/s per copy: three copies of 64 MiB
	// together take 1 s, not 3×64 MiB / 1 GiB.
	g := newFluid(clk, 64*mib, 1<<30)
	start = clk.Now()
	fls := []*flow{g.start(64 * mib), g.start(64 * mib), g.start(64 * mib)}
	for i, fl := range fls {
		if i == 0 {
			endsAt(t, clk, start, fl, "copy 1", time.Second)
		} else if !isDone(fl) {
			t.Fatalf("copy %d still copying after 1 s", i+1)
		}
	}
}

// A timer that fires late must not give the copies left the speed they
// had while the earlier ones ran: A (64 MiB) and B (16 MiB) share 64 MiB/s,
// B ends at 0.5 s with A at 48 MiB left, and A then has 64 MiB/s to itself.
// Brought up to date only at 1 s, A has 16 MiB left (not the 32 MiB a
// single step at the shared rate would leave).
func TestCloudFluidLateTimer(t *testing.T) {
	clk := newFakeClock()
	f := newFluid(clk, 64*mib, 64*mib)
	a, b := f.start(64*mib), f.start(16*mib)
	clk.mu.Lock()
	clk.now = clk.now.Add(time.Second) // no timer fired on the way
	clk.mu.Unlock()
	f.tick()
	if !isDone(b) || isDone(a) {
		t.Fatalf("at 1 s: B done %v (want true), A done %v (want false)", isDone(b), isDone(a))
	}
	f.mu.Lock()
	left := a.left
	f.mu.Unlock()
	if diff := left - 16*mib; diff > 1 || diff < -1 {
		t.Fatalf("A has %.0f bytes left at 1 s, want %d", left, 16*mib)
	}
}

// A copy with no limit at all ends at once; so does an empty one.
func TestCloudFluidUnlimited(t *testing.T) {
	clk := newFakeClock()
	if fl := newFluid(clk, 0, 0).start(5 << 30); !isDone(fl) {
		t.Fatal("a copy with no rate limit did not end at once")
	}
	if fl := newFluid(clk, 64*mib, 0).start(0); !isDone(fl) {
		t.Fatal("an empty copy did not end at once")
	}
}

func TestCloudLimitFormula(t *testing.T) {
	const size = 10 << 30
	onePart := float64((size + 9999) / 10000)
	for _, tc := range []struct {
		m    CloudModel
		want time.Duration
	}{
		// 3×30ms + 10 GiB / 4 GiB/s
		{CloudModel{}, 90*time.Millisecond + 2500*time.Millisecond},
		// 32 copies × 64 MiB/s = 2 GiB/s binds before the aggregate
		{CloudModel{MaxInFlight: 32}, 90*time.Millisecond + 5*time.Second},
		// no in-flight limit: the aggregate binds
		{CloudModel{MaxInFlight: -1}, 90*time.Millisecond + 2500*time.Millisecond},
		// no aggregate and no in-flight limit: 10,000 parts of ⌈size/10000⌉
		// bytes at 64 MiB/s each
		{CloudModel{AggregateRate: -1, MaxInFlight: -1, Latency: -1}, time.Duration(onePart / (64 * mib) * float64(time.Second))},
		{InstantModel(), 0},
	} {
		m, err := tc.m.resolved()
		if err != nil {
			t.Fatal(err)
		}
		c := &Cloud{model: m}
		if got := c.Limit(size); (got - tc.want).Abs() > time.Microsecond {
			t.Errorf("Limit(10 GiB) for %+v = %v, want %v", tc.m, got, tc.want)
		}
	}
}

func TestCloudModelDefaults(t *testing.T) {
	m, err := CloudModel{}.resolved()
	if err != nil {
		t.Fatal(err)
	}
	want := CloudModel{Latency: 30 * time.Millisecond, PartRate: 64 << 20, AggregateRate: 4 << 30, MaxInFlight: 256, TimeScale: 1}
	if m != want {
		t.Fatalf("defaults %+v, want %+v", m, want)
	}
	if m, _ := InstantModel().resolved(); m.Latency != 0 || m.PartRate != 0 || m.AggregateRate != 0 || m.MaxInFlight != -1 {
		t.Fatalf("the instant model resolves to %+v", m)
	}
	if _, err := (CloudModel{TimeScale: -1}).resolved(); err == nil {
		t.Fatal("a negative time scale was accepted")
	}
}

// startTestCloud starts a server that answers at once but for the part
// copies' model, thousands of times faster than real time.
func startTestCloud(t *testing.T, m CloudModel) *Cloud {
	t.Helper()
	if m.TimeScale == 0 {
		m.TimeScale = 1000
	}
	if m.Latency == 0 {
		m.Latency = -1
	}
	c, err := StartCloud(m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// apiCode is the S3 error code and HTTP status of err.
func apiCode(err error) (string, int) {
	code, status := "", 0
	if ae, ok := errors.AsType[smithy.APIError](err); ok {
		code = ae.ErrorCode()
	}
	if re, ok := errors.AsType[*awshttp.ResponseError](err); ok {
		status = re.HTTPStatusCode()
	}
	return code, status
}

func wantCode(t *testing.T, what string, err error, code string, status int) {
	t.Helper()
	if gotCode, gotStatus := apiCode(err); gotCode != code || gotStatus != status {
		t.Fatalf("%s: want %d %s, got %d %q (%v)", what, status, code, gotStatus, gotCode, err)
	}
}

// Every operation, through the SDK: it must parse every answer.
func TestCloudRoundTrip(t *testing.T) {
	c := startTestCloud(t, CloudModel{})
	s3c, ctx := c.Raw(), context.Background()
	const size = 12 * mib
	srcETag := c.AddObject("src", "dir/a+b source", size)

	if _, err := s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("src")}); err != nil {
		t.Fatalf("HeadBucket: %v", err)
	}
	_, err := s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("nobucket")})
	wantCode(t, "HeadBucket of a missing bucket", err, "NotFound", 404)

	head, err := s3c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("src"), Key: aws.String("dir/a+b source")})
	if err != nil {
		t.Fatalf("HeadObject: %v", err)
	}
	if aws.ToInt64(head.ContentLength) != size || aws.ToString(head.ETag) != srcETag || aws.ToString(head.ContentType) == "" ||
		head.LastModified == nil || time.Since(*head.LastModified) > time.Hour || aws.ToString(head.VersionId) == "" {
		t.Fatalf("HeadObject: size %d ETag %s type %q modified %v version %q", aws.ToInt64(head.ContentLength), aws.ToString(head.ETag),
			aws.ToString(head.ContentType), head.LastModified, aws.ToString(head.VersionId))
	}

	c.AddObject("dst", "seed", 1) // the destination bucket
	cr, err := s3c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String("dst"), Key: aws.String("out/copy"),
		ContentType: aws.String("application/x-test")})
	if err != nil || aws.ToString(cr.UploadId) == "" {
		t.Fatalf("CreateMultipartUpload: %v", err)
	}
	up := cr.UploadId
	copySource := "src/dir/a%2Bb%20source?versionId=" + aws.ToString(head.VersionId)
	copyPart := func(n int32, rng string) string {
		t.Helper()
		out, err := s3c.UploadPartCopy(ctx, &s3.UploadPartCopyInput{Bucket: aws.String("dst"), Key: aws.String("out/copy"), UploadId: up,
			PartNumber: aws.Int32(n), CopySource: aws.String(copySource), CopySourceRange: aws.String(rng), CopySourceIfMatch: aws.String(srcETag)})
		if err != nil {
			t.Fatalf("UploadPartCopy %d %s: %v", n, rng, err)
		}
		if aws.ToString(out.CopySourceVersionId) != aws.ToString(head.VersionId) || out.CopyPartResult == nil || out.CopyPartResult.LastModified == nil {
			t.Fatalf("UploadPartCopy %d: version %q, result %+v", n, aws.ToString(out.CopySourceVersionId), out.CopyPartResult)
		}
		return aws.ToString(out.CopyPartResult.ETag)
	}
	e1 := copyPart(1, fmt.Sprintf("bytes=0-%d", 5*mib-1))
	e2 := copyPart(2, fmt.Sprintf("bytes=%d-%d", 5*mib, size-1))
	if e1 == e2 || !strings.HasPrefix(e1, `"`) || len(strings.Trim(e1, `"`)) != 32 {
		t.Fatalf("part ETags %s and %s: want two distinct quoted MD5s", e1, e2)
	}
	if again := copyPart(1, fmt.Sprintf("bytes=0-%d", 5*mib-1)); again != e1 {
		t.Fatalf("the same range copied again has ETag %s, first %s", again, e1)
	}

	// ListParts, one part a page.
	var listed []types.Part
	marker := (*string)(nil)
	for page := 1; ; page++ {
		out, err := s3c.ListParts(ctx, &s3.ListPartsInput{Bucket: aws.String("dst"), Key: aws.String("out/copy"), UploadId: up,
			MaxParts: aws.Int32(1), PartNumberMarker: marker})
		if err != nil {
			t.Fatalf("ListParts page %d: %v", page, err)
		}
		if aws.ToString(out.UploadId) != aws.ToString(up) || len(out.Parts) != 1 {
			t.Fatalf("ListParts page %d: upload %q, %d parts", page, aws.ToString(out.UploadId), len(out.Parts))
		}
		listed = append(listed, out.Parts...)
		if want := page == 1; aws.ToBool(out.IsTruncated) != want {
			t.Fatalf("ListParts page %d: IsTruncated %v", page, aws.ToBool(out.IsTruncated))
		}
		if !aws.ToBool(out.IsTruncated) {
			break
		}
		marker = out.NextPartNumberMarker
		if aws.ToString(marker) != "1" {
			t.Fatalf("ListParts page 1: NextPartNumberMarker %q, want 1", aws.ToString(marker))
		}
	}
	if aws.ToInt32(listed[0].PartNumber) != 1 || aws.ToString(listed[0].ETag) != e1 || aws.ToInt64(listed[0].Size) != 5*mib ||
		aws.ToInt32(listed[1].PartNumber) != 2 || aws.ToString(listed[1].ETag) != e2 || aws.ToInt64(listed[1].Size) != size-5*mib {
		t.Fatalf("ListParts: %+v", listed)
	}

	lu, err := s3c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String("dst"), Prefix: aws.String("out/")})
	if err != nil || len(lu.Uploads) != 1 || aws.ToString(lu.Uploads[0].UploadId) != aws.ToString(up) || aws.ToString(lu.Uploads[0].Key) != "out/copy" {
		t.Fatalf("ListMultipartUploads: %+v, %v", lu, err)
	}

	done, err := s3c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String("dst"), Key: aws.String("out/copy"), UploadId: up,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{
			{PartNumber: aws.Int32(1), ETag: aws.String(e1)}, {PartNumber: aws.Int32(2), ETag: aws.String(e2)}}}})
	if err != nil {
		t.Fatalf("CompleteMultipartUpload: %v", err)
	}
	// S3's multipart ETag, worked out here from the parts' MD5s.
	h := md5.New()
	for _, e := range []string{e1, e2} {
		raw, _ := hex.DecodeString(strings.Trim(e, `"`))
		h.Write(raw)
	}
	wantETag := `"` + hex.EncodeToString(h.Sum(nil)) + `-2"`
	if aws.ToString(done.ETag) != wantETag {
		t.Fatalf("CompleteMultipartUpload ETag %s, want %s", aws.ToString(done.ETag), wantETag)
	}
	head, err = s3c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("dst"), Key: aws.String("out/copy")})
	if err != nil || aws.ToInt64(head.ContentLength) != size || aws.ToString(head.ETag) != wantETag || aws.ToString(head.ContentType) != "application/x-test" ||
		aws.ToString(head.VersionId) != aws.ToString(done.VersionId) {
		t.Fatalf("HeadObject of the copy: %+v, %v", head, err)
	}
	part1, err := s3c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("dst"), Key: aws.String("out/copy"), PartNumber: aws.Int32(1)})
	if err != nil || aws.ToInt32(part1.PartsCount) != 2 || aws.ToInt64(part1.ContentLength) != 5*mib {
		t.Fatalf("HeadObject part 1: %+v, %v", part1, err)
	}
	if ids := c.Uploads("dst"); len(ids) != 0 {
		t.Fatalf("uploads left after Complete: %v", ids)
	}

	// Abort, then the upload is gone for every operation.
	cr, err = s3c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String("dst"), Key: aws.String("aborted")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s3c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String("dst"), Key: aws.String("aborted"), UploadId: cr.UploadId}); err != nil {
		t.Fatalf("AbortMultipartUpload: %v", err)
	}
	_, err = s3c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String("dst"), Key: aws.String("aborted"), UploadId: cr.UploadId})
	wantCode(t, "abort twice", err, "NoSuchUpload", 404)
	_, err = s3c.UploadPartCopy(ctx, &s3.UploadPartCopyInput{Bucket: aws.String("dst"), Key: aws.String("aborted"), UploadId: cr.UploadId,
		PartNumber: aws.Int32(1), CopySource: aws.String("src/dir/a%2Bb%20source")})
	wantCode(t, "copy into an aborted upload", err, "NoSuchUpload", 404)
	_, err = s3c.ListParts(ctx, &s3.ListPartsInput{Bucket: aws.String("dst"), Key: aws.String("aborted"), UploadId: cr.UploadId})
	wantCode(t, "ListParts of an aborted upload", err, "NoSuchUpload", 404)

	if _, err := s3c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("dst"), Key: aws.String("out/copy")}); err != nil {
		t.Fatalf("DeleteObject: %v", err)
	}
	_, err = s3c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("dst"), Key: aws.String("out/copy")})
	wantCode(t, "HeadObject after DeleteObject", err, "NotFound", 404)

	st := c.Stats()
	if st.Requests["UploadPartCopy"] != 4 || st.Requests["CompleteMultipartUpload"] != 1 || st.PartsCopied != 3 || st.BytesCopied != size+5*mib || st.PeakInFlight < 1 {
		t.Fatalf("stats %+v", st)
	}
}

// The errors a copy tool must tell apart, with S3's codes and statuses.
func TestCloudErrors(t *testing.T) {
	c := startTestCloud(t, CloudModel{})
	s3c, ctx := c.Raw(), context.Background()
	const size = 12 * mib
	srcETag := c.AddObject("b", "src", size)
	modified := func() time.Time {
		h, err := s3c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("b"), Key: aws.String("src")})
		if err != nil {
			t.Fatal(err)
		}
		return *h.LastModified
	}()
	cr, err := s3c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String("b"), Key: aws.String("dst")})
	if err != nil {
		t.Fatal(err)
	}
	in := func(n int32, rng string, edit func(*s3.UploadPartCopyInput)) *s3.UploadPartCopyInput {
		i := &s3.UploadPartCopyInput{Bucket: aws.String("b"), Key: aws.String("dst"), UploadId: cr.UploadId,
			PartNumber: aws.Int32(n), CopySource: aws.String("b/src"), CopySourceRange: aws.String(rng)}
		if edit != nil {
			edit(i)
		}
		return i
	}
	first := fmt.Sprintf("bytes=0-%d", 5*mib-1)
	past, future := modified.Add(-time.Hour), modified.Add(time.Hour)
	for _, tc := range []struct {
		name   string
		edit   func(*s3.UploadPartCopyInput)
		rng    string
		code   string
		status int
	}{
		{"If-Match another ETag", func(i *s3.UploadPartCopyInput) {
			i.CopySourceIfMatch = aws.String(`"0123456789abcdef0123456789abcdef"`)
		}, first, "PreconditionFailed", 412},
		{"If-None-Match the ETag", func(i *s3.UploadPartCopyInput) { i.CopySourceIfNoneMatch = aws.String(srcETag) }, first, "PreconditionFailed", 412},
		{"If-Unmodified-Since before", func(i *s3.UploadPartCopyInput) { i.CopySourceIfUnmodifiedSince = aws.Time(past) }, first, "PreconditionFailed", 412},
		{"If-Modified-Since after", func(i *s3.UploadPartCopyInput) { i.CopySourceIfModifiedSince = aws.Time(future) }, first, "PreconditionFailed", 412},
		// AWS: If-Match true + If-Unmodified-Since false copies.
		{"If-Match true + If-Unmodified-Since false", func(i *s3.UploadPartCopyInput) {
			i.CopySourceIfMatch, i.CopySourceIfUnmodifiedSince = aws.String(srcETag), aws.Time(past)
		}, first, "", 0},
		{"If-None-Match false + If-Modified-Since true", func(i *s3.UploadPartCopyInput) {
			i.CopySourceIfNoneMatch, i.CopySourceIfModifiedSince = aws.String(srcETag), aws.Time(past)
		}, first, "PreconditionFailed", 412},
		{"every condition holds", func(i *s3.UploadPartCopyInput) {
			i.CopySourceIfMatch, i.CopySourceIfNoneMatch = aws.String(srcETag), aws.String(`"0123456789abcdef0123456789abcdef"`)
			i.CopySourceIfUnmodifiedSince = aws.Time(future)
		}, first, "", 0},
		{"range past the end", nil, fmt.Sprintf("bytes=0-%d", size), "InvalidRange", 416},
		{"range backwards", nil, "bytes=10-5", "InvalidRange", 416},
		{"range malformed", nil, "bytes=a-b", "InvalidArgument", 400},
		{"missing source", func(i *s3.UploadPartCopyInput) { i.CopySource = aws.String("b/nothing") }, first, "NoSuchKey", 404},
		{"missing source bucket", func(i *s3.UploadPartCopyInput) { i.CopySource = aws.String("nobucket/src") }, first, "NoSuchBucket", 404},
		{"another version", func(i *s3.UploadPartCopyInput) { i.CopySource = aws.String("b/src?versionId=nope") }, first, "NoSuchVersion", 404},
		{"missing upload", func(i *s3.UploadPartCopyInput) { i.UploadId = aws.String("nope") }, first, "NoSuchUpload", 404},
		{"part number 0", func(i *s3.UploadPartCopyInput) { i.PartNumber = aws.Int32(0) }, first, "InvalidArgument", 400},
	} {
		_, err := s3c.UploadPartCopy(ctx, in(1, tc.rng, tc.edit))
		if tc.code == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if code, status := apiCode(err); code != tc.code || status != tc.status {
			t.Errorf("%s: want %d %s, got %d %q (%v)", tc.name, tc.status, tc.code, status, code, err)
		}
	}

	// Complete: parts must be listed with the ETags the copies returned, in
	// order, every one but the last at least 5 MiB.
	small, err := s3c.UploadPartCopy(ctx, in(3, "bytes=0-1048575", nil))
	if err != nil {
		t.Fatal(err)
	}
	p1, err := s3c.UploadPartCopy(ctx, in(1, first, nil))
	if err != nil {
		t.Fatal(err)
	}
	p2, err := s3c.UploadPartCopy(ctx, in(2, fmt.Sprintf("bytes=%d-%d", 5*mib, size-1), nil))
	if err != nil {
		t.Fatal(err)
	}
	part := func(n int32, etag *string) types.CompletedPart {
		return types.CompletedPart{PartNumber: aws.Int32(n), ETag: etag}
	}
	complete := func(parts ...types.CompletedPart) error {
		_, err := s3c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String("b"), Key: aws.String("dst"), UploadId: cr.UploadId,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}})
		return err
	}
	wantCode(t, "Complete with a wrong ETag", complete(part(1, p2.CopyPartResult.ETag), part(2, p2.CopyPartResult.ETag)), "InvalidPart", 400)
	wantCode(t, "Complete with a part never copied", complete(part(1, p1.CopyPartResult.ETag), part(4, p2.CopyPartResult.ETag)), "InvalidPart", 400)
	wantCode(t, "Complete out of order", complete(part(2, p2.CopyPartResult.ETag), part(1, p1.CopyPartResult.ETag)), "InvalidPartOrder", 400)
	wantCode(t, "Complete with a small last part", complete(part(1, p1.CopyPartResult.ETag), part(2, p2.CopyPartResult.ETag), part(3, small.CopyPartResult.ETag)), "", 0)
	if _, etag, ok := c.Object("b", "dst"); !ok || !strings.HasSuffix(etag, `-3"`) {
		t.Fatalf("the object completed from 3 parts has ETag %s", etag)
	}

	// EntityTooSmall: a 1 MiB part that is not the last.
	cr2, err := s3c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String("b"), Key: aws.String("dst2")})
	if err != nil {
		t.Fatal(err)
	}
	var etags []*string
	for n, rng := range []string{"bytes=0-1048575", first} {
		out, err := s3c.UploadPartCopy(ctx, &s3.UploadPartCopyInput{Bucket: aws.String("b"), Key: aws.String("dst2"), UploadId: cr2.UploadId,
			PartNumber: aws.Int32(int32(n + 1)), CopySource: aws.String("b/src"), CopySourceRange: aws.String(rng)})
		if err != nil {
			t.Fatal(err)
		}
		etags = append(etags, out.CopyPartResult.ETag)
	}
	_, err = s3c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String("b"), Key: aws.String("dst2"), UploadId: cr2.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{part(1, etags[0]), part(2, etags[1])}}})
	wantCode(t, "Complete with a 1 MiB first part", err, "EntityTooSmall", 400)

	// A client with other keys is refused, loudly.
	wrong := s3.New(s3.Options{Region: c.Region, BaseEndpoint: aws.String(c.Endpoint), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("someone-else", "secret", "")})
	_, err = wrong.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("b"), Key: aws.String("src")})
	if _, status := apiCode(err); status != 403 {
		t.Fatalf("HeadObject with another access key: want 403, got %v", err)
	}
	_, err = wrong.ListParts(ctx, &s3.ListPartsInput{Bucket: aws.String("b"), Key: aws.String("dst2"), UploadId: cr2.UploadId})
	wantCode(t, "ListParts with another access key", err, "InvalidAccessKeyId", 403)

	// What the server does not model says so.
	_, err = s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b")})
	wantCode(t, "ListObjectsV2", err, "NotImplemented", 501)
	if st := c.Stats(); st.Errors["PreconditionFailed"] != 5 || st.Errors["InvalidAccessKeyId"] < 2 || st.Requests["NotImplemented"] < 1 {
		t.Fatalf("stats %+v", st)
	}
}

// Past MaxInFlight part copies, the next one gets 503 SlowDown; the ones
// in flight are not disturbed.
func TestCloudSlowDownPastMaxInFlight(t *testing.T) {
	// 1 KiB/s: the two copies in flight last until the test stops them.
	c := startTestCloud(t, CloudModel{MaxInFlight: 2, PartRate: 1 << 10, TimeScale: 1})
	s3c := c.Raw()
	c.AddObject("b", "src", 64*mib)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cr, err := s3c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String("b"), Key: aws.String("dst")})
	if err != nil {
		t.Fatal(err)
	}
	copyPart := func(ctx context.Context, n int32) error {
		_, err := s3c.UploadPartCopy(ctx, &s3.UploadPartCopyInput{Bucket: aws.String("b"), Key: aws.String("dst"), UploadId: cr.UploadId,
			PartNumber: aws.Int32(n), CopySource: aws.String("b/src"), CopySourceRange: aws.String(fmt.Sprintf("bytes=0-%d", 8*mib-1))},
			func(o *s3.Options) { o.RetryMaxAttempts = 1 })
		return err
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() { errs[i] = copyPart(ctx, int32(i+1)) })
	}
	for deadline := time.Now().Add(20 * time.Second); c.flow.active() < 2; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the two copies are not in flight after 20 s: %+v", c.Stats())
		}
	}
	err = copyPart(context.Background(), 3)
	wantCode(t, "a third copy", err, "SlowDown", 503)
	if ae, ok := errors.AsType[smithy.APIError](err); !ok || ae.ErrorMessage() != "Please reduce your request rate." {
		t.Fatalf("SlowDown message: %v", err)
	}
	if n := c.flow.active(); n != 2 {
		t.Fatalf("%d copies in flight after the SlowDown, want the 2", n)
	}
	cancel()
	wg.Wait()
	for i, err := range errs {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("copy %d ended with %v, want cancelled", i+1, err)
		}
	}
	if st := c.Stats(); st.SlowDowns != 1 || st.PeakInFlight != 2 || st.PartsCopied != 0 {
		t.Fatalf("stats %+v", st)
	}
}

// MaxRequestRate counts the requests accepted in the last second of model
// time; on a fake clock the window is exact.
func TestCloudSlowDownPastRequestRate(t *testing.T) {
	m, err := CloudModel{Latency: -1, MaxRequestRate: 3}.resolved()
	if err != nil {
		t.Fatal(err)
	}
	clk := newFakeClock()
	c := startCloud(m, clk)
	defer c.Close()
	c.AddObject("b", "k", 1)
	s3c, ctx := c.Raw(), context.Background()
	head := func() error {
		_, err := s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("b")}, func(o *s3.Options) { o.RetryMaxAttempts = 1 })
		return err
	}
	for i := range 3 {
		if err := head(); err != nil {
			t.Fatalf("request %d of 3 in a second: %v", i+1, err)
		}
		clk.Advance(100 * time.Millisecond)
	}
	if _, status := apiCode(head()); status != 503 {
		t.Fatal("a 4th request within the second was not refused with 503")
	}
	clk.Advance(800 * time.Millisecond) // the first left the window
	if err := head(); err != nil {
		t.Fatalf("a request once the window moved on: %v", err)
	}
	if st := c.Stats(); st.SlowDowns != 1 {
		t.Fatalf("stats %+v", st)
	}
}

// The scale makes model time pass faster, never the other way round: a
// 64 MiB copy at 64 MiB/s scaled 100 times takes at least 10 ms of wall
// time (a loaded machine can only make it longer).
func TestCloudTimeScale(t *testing.T) {
	c := startTestCloud(t, CloudModel{TimeScale: 100, Latency: 100 * time.Millisecond})
	s3c, ctx := c.Raw(), context.Background()
	c.AddObject("b", "src", 64*mib)
	cr, err := s3c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String("b"), Key: aws.String("dst")})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = s3c.UploadPartCopy(ctx, &s3.UploadPartCopyInput{Bucket: aws.String("b"), Key: aws.String("dst"), UploadId: cr.UploadId,
		PartNumber: aws.Int32(1), CopySource: aws.String("b/src")})
	if err != nil {
		t.Fatal(err)
	}
	if took, want := time.Since(start), (time.Second+100*time.Millisecond)/100; took < want {
		t.Fatalf("a 64 MiB copy + 100 ms latency at scale 100 took %v of wall time, less than %v", took, want)
	}
}

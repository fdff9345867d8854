package provider_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"s3parts/internal/s3test"
	"s3parts/model"
)

// cloudBenchSize is the object BenchmarkCloudCopy copies.
const cloudBenchSize = 10 << 30

// The grid of raw UploadPartCopy loops: part sizes × part copies in flight.
var (
	cloudGridPartSizes = []int64{16 * model.MiB, 32 * model.MiB, 64 * model.MiB, 128 * model.MiB, 256 * model.MiB, 512 * model.MiB}
	cloudGridInFlight  = []int{4, 8, 16, 32, 64, 128, 256}
)

// The plans other tools make for a 10 GiB server-side copy, with their
// default settings:
//
//   - rclone (backend/s3): an object over --s3-copy-cutoff is copied in
//     parts of copy-cutoff bytes, whose default is 4768 MiB (maxSizeForCopy,
//     kept under 5 GB for B2); --s3-upload-concurrency (default 4) parts at
//     once, "for multipart uploads and copies". 10 GiB: 3 parts (4768, 4768
//     and 704 MiB), all in flight at once.
//   - aws cli (aws s3 cp s3://… s3://…): multipart_chunksize 8 MiB,
//     doubled until the object fits in 10,000 parts (10 GiB: 1,280 parts
//     of 8 MiB), max_concurrent_requests 10.
var (
	rclonePlan = cloudPoint{name: "rclone defaults", partSize: 4768 * model.MiB, inFlight: 4}
	awsCLIPlan = cloudPoint{name: "aws cli defaults", partSize: awsCLIPartSize(cloudBenchSize), inFlight: 10}
)

func awsCLIPartSize(size int64) int64 {
	ps := int64(8 * model.MiB)
	for (size+ps-1)/ps > 10000 {
		ps *= 2
	}
	return ps
}

// cloudPoint is one way of copying: a part size and part copies in flight,
// and what it measured.
type cloudPoint struct {
	name     string
	partSize int64
	inFlight int
	took     time.Duration // model time
	own      time.Duration // model time of the same copy on the instant model
	slow     int           // SlowDowns the server answered during the run
	err      error
}

func (p cloudPoint) String() string {
	s := fmt.Sprintf("%s (%d MiB × %d in flight): %.2f s", p.name, p.partSize/model.MiB, p.inFlight, p.took.Seconds())
	if p.own > 0 {
		s += fmt.Sprintf(" (own %.2f s)", p.own.Seconds())
	}
	if p.slow > 0 {
		s += fmt.Sprintf(" (%d SlowDowns)", p.slow)
	}
	if p.err != nil {
		s += " FAILED: " + p.err.Error()
	}
	return s
}

// cloudBenchScale is the model's TimeScale: S3PARTS_CLOUD_SCALE, default 10.
func cloudBenchScale(b *testing.B) float64 {
	v := os.Getenv("S3PARTS_CLOUD_SCALE")
	if v == "" {
		return 10
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 || math.IsInf(f, 0) {
		b.Fatalf("S3PARTS_CLOUD_SCALE=%q: want a positive number", v)
	}
	return f
}

// BenchmarkCloudCopy copies one 10 GiB object on the cloud-timing server
// (s3test.Cloud: 30 ms a request, 64 MiB/s a part copy, 4 GiB/s shared,
// SlowDown past MaxInFlight part copies) and compares, in model seconds:
//
//   - defaults: what `s3parts copy SRC DST` does with no flags (HeadObject,
//     auto part size, If-Match on the source ETag, the Engine with its
//     defaults, which also completes and verifies), as the engine variant
//     of BenchmarkCopy1GiB;
//   - best grid point: raw SDK loops (CreateMultipartUpload, N goroutines
//     of UploadPartCopy with If-Match, CompleteMultipartUpload) over part
//     sizes 16…512 MiB × 4…256 in flight, the fastest of them;
//   - limit: the model's lower bound (s3test.Cloud.Limit);
//   - the plans rclone and the aws cli make with their defaults, as raw
//     loops (see rclonePlan, awsCLIPlan).
//
// Sub-benchmark maxinflight=256 is the default model; maxinflight=32
// lowers the SlowDown limit to 32 part copies, runs only the grid points
// that stay under it, and fails if any part of the defaults' run failed.
//
// Figures are model seconds: wall time × the scale, S3PARTS_CLOUD_SCALE
// (default 10; the whole benchmark then takes about two minutes). A higher
// scale is quicker but lets the client's own CPU time, multiplied by the
// scale, weigh more in the figures.
//
//	go test ./provider/ -run '^$' -bench BenchmarkCloudCopy -benchtime 1x -count 1 -timeout 30m -v
func BenchmarkCloudCopy(b *testing.B) {
	b.Run("maxinflight=256", func(b *testing.B) { benchCloudCopy(b, s3test.DefaultCloudMaxInFlight, true) })
	b.Run("maxinflight=32", func(b *testing.B) { benchCloudCopy(b, 32, false) })
}

func benchCloudCopy(b *testing.B, maxInFlight int, others bool) {
	scale := cloudBenchScale(b)
	modelTime := func(wall time.Duration) time.Duration { return time.Duration(float64(wall) * scale) }
	src := model.Ref{Bucket: "bench", Key: "src-10GiB"}
	run := 0
	dst := func() model.Ref { run++; return model.Ref{Bucket: "bench", Key: fmt.Sprintf("dst-%d", run)} }

	// The same copies where the server answers at once cost the client's
	// and the server's own time, which the scale multiplies into every
	// figure: each figure is shown with that share of it.
	instant := startCloud(b, s3test.InstantModel())
	ic, iraw := newCloudClient(b, instant), instant.Raw()
	iETag := instant.AddObject(src.Bucket, src.Key, cloudBenchSize)
	ownRaw := func(p cloudPoint) time.Duration {
		took, _, err := cloudRawLoop(instant, iraw, src, iETag, dst(), p.partSize, p.inFlight)
		if err != nil {
			b.Fatalf("%v on the instant model: %v", p, err)
		}
		return modelTime(took)
	}

	cloud := startCloud(b, s3test.CloudModel{MaxInFlight: maxInFlight, TimeScale: scale})
	c, raw := newCloudClient(b, cloud), cloud.Raw()
	srcETag := cloud.AddObject(src.Bucket, src.Key, cloudBenchSize)
	limit := cloud.Limit(cloudBenchSize)

	for b.Loop() {
		// (a) The defaults, on the instant model first for their own cost.
		start := time.Now()
		if job := cloudCopy(b, ic, 1, src, dst()); job.State != model.StateVerified {
			b.Fatalf("the defaults' copy on the instant model ended %s: %v", job.State, job.Err)
		}
		defaults := cloudPoint{name: "defaults", own: modelTime(time.Since(start))}
		cloud.ResetStats()
		start = time.Now()
		job := cloudCopy(b, c, scale, src, dst())
		defaults.took = modelTime(time.Since(start))
		st := cloud.Stats()
		if job.State != model.StateVerified {
			b.Fatalf("the defaults' copy ended %s: %v", job.State, job.Err)
		}
		// The engine finds the limit by being told to slow down: a
		// SlowDown is expected, a part that fails is not.
		failed, retried := 0, 0
		for _, p := range job.Parts {
			if p.State != model.StateDone {
				failed++
			}
			if p.Attempts > 1 {
				retried++
			}
		}
		if failed > 0 {
			b.Fatalf("the defaults' run: %d parts failed (%d SlowDowns)", failed, st.SlowDowns)
		}
		b.Logf("the defaults' run: %d SlowDowns, %d parts tried again, peak %d in flight", st.SlowDowns, retried, st.PeakInFlight)
		defaults.partSize, defaults.inFlight, defaults.slow = job.Plan.PartSize, st.PeakInFlight, st.SlowDowns

		// (b) The grid, within the model's limit on part copies in flight.
		var rows []string
		best := cloudPoint{name: "best grid point", took: math.MaxInt64}
		for _, ps := range cloudGridPartSizes {
			row := fmt.Sprintf("grid %3d MiB parts, s by in flight:", ps/model.MiB)
			for _, k := range cloudGridInFlight {
				if k > maxInFlight {
					continue
				}
				p := cloudPoint{name: "grid point", partSize: ps, inFlight: k}
				p.took, p.slow, p.err = cloudRawLoop(cloud, raw, src, srcETag, dst(), ps, k)
				p.took = modelTime(p.took)
				if p.err == nil && p.took < best.took {
					best = p
					best.name = "best grid point"
				}
				row += fmt.Sprintf("  %d: %.2f", k, p.took.Seconds())
				if p.err != nil || p.slow > 0 {
					rows = append(rows, "  "+p.String())
				}
			}
			rows = append(rows, row)
		}
		if best.took == math.MaxInt64 {
			b.Fatal("no grid point succeeded")
		}
		best.own = ownRaw(best)

		// (c) The limit, (d) other tools' plans on the same model.
		lines := []string{fmt.Sprintf("scale %g; figures in model seconds (own: what the machine's own work adds, measured on the instant model)", scale),
			defaults.String() + fmt.Sprintf(", %d parts, peak %d in flight, %d requests", len(job.Parts), st.PeakInFlight, total(st.Requests)),
			best.String(), fmt.Sprintf("model limit: %.2f s", limit.Seconds()),
			fmt.Sprintf("defaults/best %.2f  defaults/limit %.2f  best/limit %.2f",
				defaults.took.Seconds()/best.took.Seconds(), defaults.took.Seconds()/limit.Seconds(), best.took.Seconds()/limit.Seconds())}
		b.ReportMetric(defaults.took.Seconds(), "defaults-s")
		b.ReportMetric(best.took.Seconds(), "best-s")
		b.ReportMetric(float64(best.partSize/model.MiB), "best-part-MiB")
		b.ReportMetric(float64(best.inFlight), "best-inflight")
		b.ReportMetric(limit.Seconds(), "limit-s")
		b.ReportMetric(defaults.took.Seconds()/best.took.Seconds(), "defaults/best")
		b.ReportMetric(defaults.took.Seconds()/limit.Seconds(), "defaults/limit")
		if others {
			for _, p := range []cloudPoint{rclonePlan, awsCLIPlan} {
				p.took, p.slow, p.err = cloudRawLoop(cloud, raw, src, srcETag, dst(), p.partSize, p.inFlight)
				p.took = modelTime(p.took)
				if p.err != nil {
					b.Fatalf("%v", p)
				}
				p.own = ownRaw(p)
				lines = append(lines, fmt.Sprintf("%v  (/defaults %.2f, /best %.2f, /limit %.2f)", p,
					p.took.Seconds()/defaults.took.Seconds(), p.took.Seconds()/best.took.Seconds(), p.took.Seconds()/limit.Seconds()))
				b.ReportMetric(p.took.Seconds(), strings.ReplaceAll(strings.TrimSuffix(p.name, " defaults"), " ", "")+"-s")
			}
		}
		// Without -v, go test keeps 10 lines of a benchmark's log: the
		// summary goes first.
		for _, l := range append(lines, rows...) {
			b.Log(l)
		}
	}
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// cloudRawLoop copies src to dst with the raw SDK client: Create, inFlight
// goroutines of UploadPartCopy (If-Match on the source's ETag) over parts
// of partSize, Complete. It returns the wall time and the SlowDowns the
// server answered meanwhile (the SDK retries them); the copy is deleted
// afterwards, untimed.
func cloudRawLoop(cloud *s3test.Cloud, raw *s3.Client, src model.Ref, srcETag string, dst model.Ref, partSize int64, inFlight int) (time.Duration, int, error) {
	ctx := context.Background()
	parts, err := model.SplitParts(cloudBenchSize, partSize, model.S3Limits)
	if err != nil {
		return 0, 0, err
	}
	slowBefore := cloud.Stats().SlowDowns
	start := time.Now()
	etags, out, err := rawCopy(ctx, raw, src, srcETag, dst, "", parts, inFlight)
	took := time.Since(start)
	slow := cloud.Stats().SlowDowns - slowBefore
	if err != nil {
		return took, slow, err
	}
	// The copy is what a verifying tool would accept: its size, and the
	// ETag its parts give.
	want, _ := model.MultipartETag(etags)
	if size, etag, ok := cloud.Object(dst.Bucket, dst.Key); !ok || size != cloudBenchSize || !model.SameETag(etag, want) || !model.SameETag(etag, aws.ToString(out.ETag)) {
		return took, slow, fmt.Errorf("the copy is %d bytes, ETag %s; want %d bytes, ETag %s", size, etag, int64(cloudBenchSize), want)
	}
	raw.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(dst.Bucket), Key: aws.String(dst.Key)})
	return took, slow, nil
}

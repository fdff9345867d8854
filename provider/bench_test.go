package provider_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"s3parts/internal/s3test"
	"s3parts/model"
	"s3parts/provider"
)

// benchSize is the source object of BenchmarkCopy1GiB.
const benchSize = 1 << 30

// benchSettle is the pause, timer stopped, after each copy is deleted and
// the file system synced. Freeing a 1 GiB copy's page cache leaves the
// machine's memory in a state that, for a few seconds, makes the next
// gigabyte the gateway writes (the kernel copy in CompleteMultipartUpload)
// take 0.4 s or 1.3 s at random; after this pause it is steady.
const benchSettle = 4 * time.Second

// syncFS flushes the file system so one copy's write-back does not run
// during the next one; best effort (there is no sync command on Windows).
func syncFS() { _ = exec.Command("sync").Run() }

// patternReader is a seekable, deterministic body of size bytes that holds
// only one 1 MiB block in memory: every block is the same pseudo-random
// bytes with the block number written over its first 8 bytes, so no two
// blocks are equal. It is seekable because the SDK hashes the payload for
// SigV4 over plain http and then sends it.
type patternReader struct {
	block     []byte
	size, off int64
}

const patternBlock = 1 << 20

func newPatternReader(seed uint64, size int64) *patternReader {
	return &patternReader{block: s3test.Data(seed, patternBlock), size: size}
}

func (r *patternReader) Read(p []byte) (int, error) {
	if r.off >= r.size {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && r.off < r.size {
		bi, in := r.off/patternBlock, r.off%patternBlock
		k := copy(p[n:], r.block[in:min(int64(patternBlock), in+r.size-r.off)])
		for j := in; j < 8 && j < in+int64(k); j++ {
			p[n+int(j-in)] = byte(bi >> (8 * j))
		}
		n += k
		r.off += int64(k)
	}
	return n, nil
}

func (r *patternReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.off
	case io.SeekEnd:
		offset += r.size
	default:
		return 0, errors.New("patternReader: bad whence")
	}
	if offset < 0 {
		return 0, errors.New("patternReader: negative position")
	}
	r.off = offset
	return offset, nil
}

// BenchmarkCopy1GiB copies one 1 GiB object on the test server three ways
// in every iteration, in a rotating order so machine noise hits them alike:
//
//   - engine: what `s3parts copy SRC DST` does with no flags (HeadObject,
//     auto part size, If-Match on the source ETag, headers copied, the
//     Engine with its defaults, which also completes and verifies);
//   - copyobject: one CopyObject of the whole object with the raw SDK client;
//   - rawloop: CreateMultipartUpload, the same parts with the same If-Match
//     by model.AutoInFlight goroutines (what the engine starts with), CompleteMultipartUpload, raw SDK;
//   - lab: the engine with the defaults it had before it found its own
//     concurrency (64 MiB parts, 8 in flight, tuned on this kind of
//     server): engine/lab ≤ 1.05 says the cloud defaults cost nothing here.
//
// Each destination is deleted, the file system synced and the machine left
// to settle with the timer stopped right after it is measured, so neither
// disk use, write-back nor page-cache churn of one variant carries over to
// the next. One untimed warm-up copy of each kind runs first, so first-use
// costs do not fall on whichever variant happens to go first.
//
//	go test ./provider/ -run '^$' -bench BenchmarkCopy1GiB -benchtime 3x -count 1 -timeout 30m
func BenchmarkCopy1GiB(b *testing.B) {
	if srv.External && os.Getenv("S3PARTS_BENCH_EXTERNAL") != "1" {
		b.Skip("writes several 1 GiB objects: set S3PARTS_BENCH_EXTERNAL=1 to run it against " + srv.Endpoint)
	}
	ctx := context.Background()
	c := newClient(b, provider.Options{})
	raw := srv.Raw()
	bucket := srv.NewBucket(b, false)
	src := model.Ref{Bucket: bucket, Key: "src-1GiB"}
	limits := c.Preset().Limits

	put, err := raw.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(src.Key),
		Body: newPatternReader(1, benchSize), ContentLength: aws.Int64(benchSize),
		ContentType: aws.String("application/x-s3parts-bench")})
	if err != nil {
		b.Fatalf("put the 1 GiB source: %v", err)
	}
	srcETag := aws.ToString(put.ETag)
	if size, etag := srv.Head(b, bucket, src.Key); size != benchSize || !model.SameETag(etag, srcETag) {
		b.Fatalf("source is %d bytes, ETag %s; put %d bytes, ETag %s", size, etag, benchSize, srcETag)
	}
	// The raw loop's parts: what the command picks with no flags.
	parts, err := model.SplitParts(benchSize, model.AutoPartSize(benchSize, limits), limits)
	if err != nil {
		b.Fatal(err)
	}
	copySource := aws.String(provider.CopySource(src))
	ifMatch := aws.String(model.QuoteETag(srcETag))

	// engineWith runs the engine as the command does, with a part size
	// (0: auto) and a concurrency (0: found while copying).
	engineWith := func(dst string, partSize int64, concurrency int) {
		info, err := c.HeadObject(ctx, src)
		if err != nil {
			b.Fatal(err)
		}
		plan := model.Plan{Source: src, SourceSize: info.Size, SourceETag: info.ETag, SourceLastModified: info.LastModified,
			Dest: model.Ref{Bucket: bucket, Key: dst}, Headers: info.Headers,
			Conditions: model.Conditions{IfMatch: info.ETag}}
		if err := plan.Conditions.Validate(c.Preset().ConditionRule); err != nil {
			b.Fatal(err)
		}
		plan.PartSize = cmp.Or(partSize, model.AutoPartSize(info.Size, limits))
		if plan.Parts, err = model.SplitParts(info.Size, plan.PartSize, limits); err != nil {
			b.Fatal(err)
		}
		if partSize == 0 && !slices.Equal(plan.Parts, parts) {
			b.Fatalf("the engine's plan has %d parts, the raw loop %d: not the same parts", len(plan.Parts), len(parts))
		}
		job := model.NewJob(model.NewJobID(), plan, time.Now())
		job = (&provider.Engine{Client: c, Concurrency: concurrency}).Run(ctx, job, nil)
		if job.State != model.StateVerified {
			b.Fatalf("engine copy ended %s: %v", job.State, job.Err)
		}
	}
	engine := func(dst string) { engineWith(dst, 0, 0) }
	// lab is the engine with the defaults it had before it found its
	// concurrency: 64 MiB parts, 8 in flight.
	lab := func(dst string) { engineWith(dst, 64*model.MiB, 8) }
	copyObject := func(dst string) {
		_, err := raw.CopyObject(ctx, &s3.CopyObjectInput{Bucket: aws.String(bucket), Key: aws.String(dst),
			CopySource: copySource, CopySourceIfMatch: ifMatch})
		if err != nil {
			b.Fatalf("CopyObject: %v", err)
		}
	}
	rawLoop := func(dst string) {
		if _, _, err := rawCopy(ctx, raw, src, srcETag, model.Ref{Bucket: bucket, Key: dst}, "application/x-s3parts-bench", parts, model.AutoInFlight); err != nil {
			b.Fatal(err)
		}
	}

	variants := []struct {
		name string
		run  func(dst string)
	}{{"engine", engine}, {"copyobject", copyObject}, {"rawloop", rawLoop}, {"lab", lab}}
	// discard checks and deletes a copy, then lets the machine settle.
	discard := func(name, dst string) {
		if size, _ := srv.Head(b, bucket, dst); size != benchSize {
			b.Fatalf("%s: the copy is %d bytes, want %d", name, size, benchSize)
		}
		srv.Delete(b, bucket, dst)
		syncFS()
		time.Sleep(benchSettle)
	}
	syncFS() // the source's write-back is set-up, not measurement
	for _, v := range variants {
		v.run("warm-up-" + v.name)
		discard(v.name, "warm-up-"+v.name)
	}

	total := make([]time.Duration, len(variants))
	iter := 0
	for b.Loop() {
		took := make([]time.Duration, len(variants))
		var order []string
		for k := range variants {
			v := (iter + k) % len(variants)
			dst := fmt.Sprintf("dst-%s-%d", variants[v].name, iter)
			start := time.Now()
			variants[v].run(dst)
			took[v] = time.Since(start)
			order = append(order, variants[v].name)

			b.StopTimer()
			discard(variants[v].name, dst)
			b.StartTimer()
		}
		for v := range total {
			total[v] += took[v]
		}
		iter++
		b.Logf("iteration %d (order %s): engine %.3fs  copyobject %.3fs  rawloop %.3fs  lab %.3fs  engine/rawloop %.3f  engine/copyobject %.3f  engine/lab %.3f",
			iter, strings.Join(order, ","), took[0].Seconds(), took[1].Seconds(), took[2].Seconds(), took[3].Seconds(),
			took[0].Seconds()/took[2].Seconds(), took[0].Seconds()/took[1].Seconds(), took[0].Seconds()/took[3].Seconds())
	}
	n := float64(iter)
	b.ReportMetric(total[0].Seconds()/n, "engine-s/op")
	b.ReportMetric(total[1].Seconds()/n, "copyobject-s/op")
	b.ReportMetric(total[2].Seconds()/n, "rawloop-s/op")
	b.ReportMetric(total[0].Seconds()/total[2].Seconds(), "engine/rawloop")
	b.ReportMetric(total[0].Seconds()/total[1].Seconds(), "engine/copyobject")
	b.ReportMetric(total[3].Seconds()/n, "lab-s/op")
	b.ReportMetric(total[0].Seconds()/total[3].Seconds(), "engine/lab")
}

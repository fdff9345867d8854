package cli_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"golang.org/x/sync/errgroup"

	"s3parts/internal/s3test"
)

// BenchmarkClientOverhead measures what s3parts itself costs per part:
// copies of 10, 1,000 and 10,000 parts against a server that answers at
// once (s3test.StartCloud with InstantModel: no latency, no rate, nothing
// stored), by the s3parts binary (`s3parts copy`, journal on) and by a
// minimal raw SDK loop (CreateMultipartUpload; UploadPartCopy from
// benchConcurrency goroutines, as many as s3parts is given copies in
// flight; CompleteMultipartUpload), in one run, in rotating order. Each
// side runs as a child process, so its CPU time (user + system) and peak
// RSS are its own, not the server's:
//
//	go test ./cli -run '^$' -bench ClientOverhead -benchtime 3x -timeout 30m -v
//
// (-v shows every run's figures; go test keeps 10 log lines without it.)
//
// Parts are 5 MiB: the server refuses to complete smaller parts (as S3
// does), and with nothing moved a part costs the same whatever its size.
// It reports CPU seconds per 1,000 parts of each side at 10,000 parts and
// their ratio (target ≤ 1.25); s3parts' CPU per 1,000 parts at 10,000
// against 1,000 (target 1 ± 0.15), gross and beyond the start-up every
// run pays once (measured by a run of 10 parts); and s3parts' peak RSS at
// 10,000 parts (target ≤ 60 MiB). Each figure is the median of the b.N
// rounds.
func BenchmarkClientOverhead(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "s3parts")
	// The module's root, the s3parts command, is the parent of this
	// file's directory (the tests may run elsewhere).
	_, here, _, _ := runtime.Caller(0)
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Dir(filepath.Dir(here))
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	cloud, err := s3test.StartCloud(s3test.InstantModel())
	if err != nil {
		b.Fatal(err)
	}
	defer cloud.Close()
	cloud.AddObject("dst", "placeholder", 1) // the destination bucket

	const partSize = 5 << 20
	sizes, sides := []int{10, 1000, 10000}, []string{"s3parts", "raw"}
	type run struct {
		side  string
		n     int
		round int
	}
	cpu, rss := map[run]float64{}, map[run]float64{} // seconds, MiB
	b.ResetTimer()
	for round := range b.N {
		for k := range len(sizes) * len(sides) { // rotating order: the machine's drift falls on every run
			n := sizes[(round+k/len(sides))%len(sizes)]
			side := sides[(round+k)%len(sides)]
			key := fmt.Sprintf("src-%d-%d-%s", round, n, side)
			cloud.AddObject("src", key, int64(n)*partSize)
			dst := "s3://dst/" + key
			var cmd *exec.Cmd
			if side == "s3parts" {
				cmd = exec.Command(bin, "--endpoint", cloud.Endpoint, "--provider", "generic", "--path-style",
					"copy", "s3://src/"+key, dst, "--part-size", "5MiB", "--concurrency", strconv.Itoa(benchConcurrency))
			} else {
				cmd = exec.Command(os.Args[0], "-test.run", "^$")
				cmd.Env = append(cmd.Env, rawLoopEnv+"="+strings.Join([]string{"src", key, strconv.Itoa(n), strconv.Itoa(partSize), "dst", key}, ","))
			}
			home := b.TempDir()
			cmd.Env = append(cmd.Env, "HOME="+home, "XDG_STATE_HOME="+filepath.Join(home, "state"), "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
				"AWS_CONFIG_FILE="+filepath.Join(home, "aws-config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(home, "aws-credentials"),
				"PATH="+os.Getenv("PATH"))
			for k, v := range cloud.Env() {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			peak, err := runWatched(cmd)
			if err != nil {
				b.Fatalf("%s, %d parts: %v\n%s", side, n, err, out.String())
			}
			if size, _, ok := cloud.Object("dst", key); !ok || size != int64(n)*partSize {
				b.Fatalf("%s, %d parts: the object was not made (%d bytes)\n%s", side, n, size, out.String())
			}
			ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			r := run{side, n, round}
			cpu[r] = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
			rss[r] = float64(peak) / 1024
			if testing.Verbose() {
				b.Logf("round %d: %-7s %5d parts: CPU %.3f s (%.3f s per 1,000 parts), peak RSS %.1f MiB (rusage: %.1f MiB)", round+1, side, n,
					cpu[r], cpu[r]/float64(n)*1000, rss[r], float64(ru.Maxrss)/1024)
			}
		}
	}
	b.StopTimer()
	// Each figure is the median over the rounds of a figure of one round,
	// so that a ratio compares runs made minutes apart, not hours.
	median := func(f func(round int) float64) float64 {
		v := make([]float64, b.N)
		for round := range b.N {
			v[round] = f(round)
		}
		slices.SortFunc(v, cmp.Compare)
		if len(v)%2 == 0 {
			return (v[len(v)/2-1] + v[len(v)/2]) / 2
		}
		return v[len(v)/2]
	}
	per1000 := func(side string, n int) float64 {
		return median(func(round int) float64 { return cpu[run{side, n, round}] / float64(n) * 1000 })
	}
	// The cost of parts 11 to 1,000 and of parts 1,001 to 10,000: per part,
	// without the start-up every run pays once.
	marginal := func(side string, from, to int) float64 {
		return median(func(round int) float64 {
			return (cpu[run{side, to, round}] - cpu[run{side, from, round}]) / float64(to-from) * 1000
		})
	}
	ratio := median(func(round int) float64 { return cpu[run{"s3parts", 10000, round}] / cpu[run{"raw", 10000, round}] })
	sm1, sm10 := marginal("s3parts", 10, 1000), marginal("s3parts", 1000, 10000)
	peak := median(func(round int) float64 { return rss[run{"s3parts", 10000, round}] })
	b.Logf("medians of %d rounds; CPU s per 1,000 parts at 1,000 / 10,000 parts: s3parts %.3f / %.3f, raw loop %.3f / %.3f; "+
		"s3parts/raw at 10,000: %.2f; s3parts per 1,000 parts beyond the start-up (the 10-part run's CPU, %.3f s): %.3f for parts 11-1,000, %.3f for 1,001-10,000 (ratio %.2f); "+
		"peak RSS at 10,000 parts: s3parts %.1f MiB, raw loop %.1f MiB",
		b.N, per1000("s3parts", 1000), per1000("s3parts", 10000), per1000("raw", 1000), per1000("raw", 10000),
		ratio, median(func(round int) float64 { return cpu[run{"s3parts", 10, round}] }), sm1, sm10, sm10/sm1,
		peak, median(func(round int) float64 { return rss[run{"raw", 10000, round}] }))
	b.ReportMetric(per1000("s3parts", 10000), "s3parts-cpu-s/1000parts")
	b.ReportMetric(per1000("raw", 10000), "raw-cpu-s/1000parts")
	b.ReportMetric(ratio, "s3parts/raw")
	b.ReportMetric(per1000("s3parts", 10000)/per1000("s3parts", 1000), "s3parts-10000/1000")
	b.ReportMetric(sm10/sm1, "s3parts-marginal-10000/1000")
	b.ReportMetric(peak, "s3parts-peak-MiB")
}

// runWatched runs cmd and returns its peak RSS in KiB: the largest VmHWM
// read from /proc every 2 ms. The rusage's Maxrss cannot say it: Go
// starts a child with vfork, and Linux counts the parent's resident size
// at the exec in the child's maxrss. A peak reached in the last 2 ms
// before the exit is missed.
func runWatched(cmd *exec.Cmd) (int64, error) {
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	done := make(chan struct{})
	peak := make(chan int64)
	go func() {
		var hwm int64
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			if b, err := os.ReadFile(status); err == nil {
				if _, rest, ok := strings.Cut(string(b), "VmHWM:"); ok {
					f := strings.Fields(rest)
					if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil && len(f) > 1 && f[1] == "kB" {
						hwm = max(hwm, kb)
					}
				}
			}
			select {
			case <-done:
				peak <- hwm
				return
			case <-tick.C:
			}
		}
	}()
	err := cmd.Wait()
	close(done)
	return <-peak, err
}

// benchConcurrency is the part copies in flight on both sides, fixed: the
// engine's own search for the number is not what is measured here.
const benchConcurrency = 8

// rawLoopEnv, when set (source bucket, key, parts, part size, destination
// bucket, key), makes this test binary the benchmark's raw SDK loop.
const rawLoopEnv = "S3PARTS_BENCH_RAW_LOOP"

// rawLoop copies as plainly as the SDK allows: no journal, no events, no
// retries of its own.
func rawLoop(spec string) error {
	f := strings.Split(spec, ",")
	if len(f) != 6 {
		return fmt.Errorf("%s: %q", rawLoopEnv, spec)
	}
	srcBucket, srcKey, dstBucket, dstKey := f[0], f[1], f[4], f[5]
	n, _ := strconv.Atoi(f[2])
	size, _ := strconv.ParseInt(f[3], 10, 64)
	ctx := context.Background()
	c := s3.New(s3.Options{Region: os.Getenv("AWS_REGION"), BaseEndpoint: aws.String(os.Getenv("AWS_ENDPOINT_URL_S3")), UsePathStyle: true,
		Credentials:                credentials.NewStaticCredentialsProvider(os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"), ""),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired})
	up, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: &dstBucket, Key: &dstKey})
	if err != nil {
		return err
	}
	parts := make([]types.CompletedPart, n)
	var g errgroup.Group
	g.SetLimit(benchConcurrency)
	for i := range n {
		g.Go(func() error {
			num := int32(i + 1)
			out, err := c.UploadPartCopy(ctx, &s3.UploadPartCopyInput{Bucket: &dstBucket, Key: &dstKey, UploadId: up.UploadId, PartNumber: &num,
				CopySource:      aws.String(srcBucket + "/" + srcKey),
				CopySourceRange: aws.String(fmt.Sprintf("bytes=%d-%d", int64(i)*size, int64(i+1)*size-1))})
			if err != nil {
				return err
			}
			parts[i] = types.CompletedPart{PartNumber: &num, ETag: out.CopyPartResult.ETag}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	_, err = c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: &dstBucket, Key: &dstKey, UploadId: up.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}})
	return err
}

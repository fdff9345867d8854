package cli_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"s3parts/internal/s3test"
)

// Every bad input exits 2 with one line on stderr naming the bad value,
// and sends nothing that changes the bucket.
func TestUsageErrorsExit2WithOneLine(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(20, 6<<20))
	src, dst := ref(b, "src"), ref(b, "dst")
	cases := []struct {
		name string
		args []string
		want string // must appear in the one line
	}{
		{"malformed part size", []string{"copy", src, dst, "--part-size", "12XB"}, `"12XB"`},
		{"part size below minimum", []string{"copy", src, dst, "--part-size", "1MiB"}, "--part-size 1MiB is outside"},
		{"part size above maximum", []string{"copy", src, dst, "--part-size", "6GiB"}, "--part-size 6GiB is outside"},
		{"range first after last", []string{"copy", src, dst, "--range", "bytes=5-1"}, `"bytes=5-1"`},
		{"range without unit", []string{"copy", src, dst, "--range", "0-99"}, `"0-99"`},
		{"open range", []string{"copy", src, dst, "--range", "bytes=100-"}, `"bytes=100-"`},
		{"range past the end", []string{"copy", src, dst, "--range", "bytes=0-99999999"}, "bytes=0-99999999 runs past the end"},
		{"overlapping ranges", []string{"copy", src, dst, "--range", "bytes=0-5242879", "--range", "bytes=100-200"}, "overlaps"},
		{"small non-last range", []string{"copy", src, dst, "--range", "bytes=0-99", "--range", "bytes=100-200"}, "part 1 (bytes=0-99) is 100 B"},
		{"range with part size", []string{"copy", src, dst, "--range", "bytes=0-99", "--part-size", "8MiB"}, "cannot be combined"},
		{"bad source", []string{"copy", "bucket/key", dst}, `"bucket/key" is not an S3 reference`},
		{"source without key", []string{"copy", "s3://" + b, dst}, "names a bucket"},
		{"versioned destination", []string{"copy", src, dst + "?versionId=x"}, "names a version"},
		{"bad time", []string{"copy", src, dst, "--if-modified-since", "yesterday"}, `"yesterday"`},
		{"zero concurrency", []string{"copy", src, dst, "--concurrency", "0"}, "--concurrency 0"},
		{"zero max concurrency", []string{"copy", src, dst, "--max-concurrency", "0"}, "--max-concurrency 0"},
		{"too many in flight", []string{"copy", src, dst, "--concurrency", "513"}, "--concurrency 513 is outside 1-512"},
		{"not a number", []string{"copy", src, dst, "--concurrency", "many"}, "many"},
		{"unknown flag", []string{"copy", src, dst, "--frobnicate"}, "--frobnicate"},
		{"missing argument", []string{"copy", src}, "accepts 2 arg(s)"},
		{"unknown command", []string{"cpy"}, `"cpy"`},
		{"unknown provider", []string{"--provider", "azure", "buckets"}, `"azure"`},
		{"cos forbids If-Match with If-None-Match", []string{"--provider", "cos", "--region", "ap-shanghai", "copy", src, dst, "--if-none-match", "abc"},
			"If-Match cannot be combined with If-None-Match"},
		{"same etag both ways", []string{"copy", src, dst, "--if-match", "abc", "--if-none-match", "abc"}, "both"},
		{"parts without upload id", []string{"parts", dst}, "--upload-id is required"},
		{"abort without key", []string{"abort", "s3://" + b, "--upload-id", "x"}, "names a bucket"},
		{"ls a version", []string{"ls", src + "?versionId=1"}, "names a version"},
		{"invalid destination bucket", []string{"copy", src, "s3://UPPER/x"}, `bucket name "UPPER" is not valid`},
		{"dot-dot destination", []string{"copy", src, "s3://" + b + "/../../x"}, `has a ".." path segment`},
		{"key over 1024 bytes", []string{"copy", src, "s3://" + b + "/" + strings.Repeat("k", 1025)}, "is 1025 bytes long"},
		{"region with a space", []string{"--region", "us east", "buckets"}, `--region "us east" is not a region`},
		{"endpoint port", []string{"--endpoint", "http://127.0.0.1:99999", "buckets"}, "port 99999 is not between 1 and 65535"},
		{"endpoint query", []string{"--endpoint", "http://127.0.0.1:9000/?x=1", "buckets"}, "takes no query"},
		{"empty if-match", []string{"copy", src, dst, "--if-match", `""`}, `--if-match "\"\"" is an empty ETag`},
		{"blank upload id", []string{"copy", src, dst, "--upload-id", " "}, `--upload-id " " is empty`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRun(t, 2, tc.args...)
			line := strings.TrimRight(r.stderr, "\n")
			if strings.Count(line, "\n") != 0 || line == "" {
				t.Errorf("want one line on stderr, got %q", r.stderr)
			}
			s3test.Contains(t, line, tc.want)
			if r.stdout != "" {
				t.Errorf("stdout should be empty, got %q", r.stdout)
			}
		})
	}
	if srv.Exists(b, "dst") || len(srv.Uploads(t, b)) != 0 {
		t.Error("a rejected command changed the bucket")
	}
}

// A password in the endpoint is never shown (errors, the journal), and an
// empty access key id is refused before the SDK warns or asks the EC2
// metadata service.
func TestEndpointPasswordAndEmptyKey(t *testing.T) {
	r := mustRun(t, 2, "--endpoint", "http://admin:S3CR3T-PW@127.0.0.1:99999", "buckets")
	if strings.Contains(r.stdout+r.stderr, "S3CR3T-PW") {
		t.Fatalf("the endpoint's password was shown: %s", r)
	}
	s3test.Contains(t, r.stderr, "admin:xxxxx@127.0.0.1:99999")
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(21, 6<<20))
	withPW := strings.Replace(srv.Endpoint, "://", "://admin:S3CR3T-PW@", 1)
	r = mustRun(t, 0, "--endpoint", withPW, "copy", ref(b, "src"), ref(b, "dst"), "--no-complete", "--json")
	job := decodeJob(t, r.stdout)
	if strings.Contains(r.stdout+r.stderr, "S3CR3T-PW") || job.Where.Endpoint != srv.Endpoint {
		t.Errorf("the password reached the output or the journal: %q", job.Where.Endpoint)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	r = mustRun(t, 2, "buckets")
	s3test.Contains(t, r.stderr, "AWS_ACCESS_KEY_ID is set but empty")
	if strings.Contains(r.stderr, "WARN") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("want one line and no SDK warning: %q", r.stderr)
	}
}

func TestConnectionUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--endpoint", "127.0.0.1:1", "buckets"}, `endpoint "127.0.0.1:1" is not valid`},
		{[]string{"--endpoint", "ftp://x", "buckets"}, `endpoint "ftp://x" is not valid`},
	} {
		r := mustRun(t, 2, tc.args...)
		s3test.Contains(t, r.stderr, tc.want)
	}
	// A preset whose endpoint names a region needs one: none is made up.
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	os.Unsetenv("AWS_ENDPOINT_URL_S3")
	t.Setenv("AWS_REGION", "")
	os.Unsetenv("AWS_REGION")
	r := mustRun(t, 2, "--provider", "cos", "buckets")
	s3test.Contains(t, r.stderr, "provider cos needs a region")
	r = mustRun(t, 2, "--provider", "minio", "buckets")
	s3test.Contains(t, r.stderr, "provider minio needs an endpoint")
}

// On a terminal that never answers, --help and an error come back at once
// and send the terminal no query (fang's help asked for the background
// colour and waited seconds for an answer).
func TestNoTerminalQueries(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("no script(1) here to give the command a terminal")
	}
	for _, args := range []string{"--help", "copy s3://a", "--version"} {
		start := time.Now()
		// script gives the child a terminal (a pty) that answers nothing.
		cmd := exec.Command(script, "-qec", os.Args[0]+" "+args, "/dev/null")
		cmd.Env = append(os.Environ(), childArgs+"="+strings.ReplaceAll(args, " ", "\x1f"))
		cmd.Stdin = strings.NewReader("")
		out, _ := cmd.CombinedOutput()
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("s3parts %s took %s on a silent terminal", args, took)
		}
		if strings.Contains(string(out), "\x1b]11;?") || strings.Contains(string(out), "\x1b[c") {
			t.Errorf("s3parts %s queried the terminal: %q", args, out)
		}
	}
}

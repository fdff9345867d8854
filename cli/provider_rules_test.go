package cli_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"s3parts/internal/s3test"
)

// countingServer answers every request with 500 and counts them: a
// command refused before sending leaves it at zero.
func countingServer(t *testing.T) (string, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(ts.Close)
	return ts.URL, &n
}

// What a provider cannot do is refused before any request, as bad input
// is: exit 2, one line that names the provider and what works instead.
func TestProviderRulesRefusedBeforeSending(t *testing.T) {
	endpoint, sent := countingServer(t)
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"gcs has no part copy", []string{"--provider", "gcs", "--endpoint", endpoint, "copy", "s3://src-bucket/src", "s3://dst-bucket/dst"},
			[]string{"gcs provider has no UploadPartCopy", "CopyObject", "5 GiB"}},
		{"gcs dry run too", []string{"--provider", "gcs", "--endpoint", endpoint, "copy", "s3://src-bucket/src", "s3://dst-bucket/dst", "--dry-run"},
			[]string{"no UploadPartCopy"}},
		{"garage refuses a recopy", []string{"--provider", "garage", "--endpoint", endpoint, "copy", "s3://src-bucket/src", "s3://dst-bucket/dst", "--upload-id", "u1", "--recopy", "2"},
			[]string{"--recopy: part 2 cannot be copied again", "garage provider", "400"}},
		{"scaleway part numbers end at 1000", []string{"--provider", "scaleway", "--region", "fr-par", "--endpoint", endpoint, "copy", "s3://src-bucket/src", "s3://dst-bucket/dst", "--upload-id", "u1", "--recopy", "1001"},
			[]string{"--recopy 1001 is not a part number (1-1000)"}},
		{"storj has no part copy", []string{"--provider", "storj", "--endpoint", endpoint, "copy", "s3://src-bucket/src", "s3://dst-bucket/dst"},
			[]string{"storj provider has no UploadPartCopy"}},
		{"aliyun cannot list uploads", []string{"--provider", "aliyun", "--region", "cn-hangzhou", "--endpoint", endpoint, "uploads", "s3://dst-bucket/"},
			[]string{"aliyun provider has no ListMultipartUploads", "--upload-id"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRun(t, 2, tc.args...)
			line := strings.TrimRight(r.stderr, "\n")
			if strings.Count(line, "\n") != 0 {
				t.Errorf("want one line on stderr, got %q", r.stderr)
			}
			for _, w := range tc.want {
				s3test.Contains(t, line, w)
			}
		})
	}
	if n := sent.Load(); n != 0 {
		t.Errorf("%d requests sent by refused commands", n)
	}
}

// On r2 hand-picked ranges must be equal: unequal ones are refused naming
// the part and the sizes, and nothing is created; equal ones copy.
func TestR2EqualRanges(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(41, 20<<20))
	r := mustRun(t, 2, "--provider", "r2", "copy", ref(b, "src"), ref(b, "dst"),
		"--range", "bytes=0-5242879", "--range", "bytes=5242880-12582911", "--range", "bytes=12582912-15728639")
	s3test.Contains(t, r.stderr, "part 2 (bytes=5242880-12582911) is 7 MiB, the first part is 5 MiB")
	s3test.Contains(t, r.stderr, "r2 provider needs every part but the last the same size")
	if srv.Exists(b, "dst") || len(srv.Uploads(t, b)) != 0 {
		t.Error("a refused plan changed the bucket")
	}
	dry := mustRun(t, 0, "--provider", "r2", "copy", ref(b, "src"), ref(b, "dst"), "--dry-run")
	s3test.Contains(t, dry.stdout, "needs: parts must be equal, the last no larger (r2)")
	mustRun(t, 0, "--provider", "r2", "--no-journal", "copy", ref(b, "src"), ref(b, "dst"),
		"--range", "bytes=0-5242879", "--range", "bytes=5242880-10485759", "--range", "bytes=10485760-12582911", "--yes")
	if !srv.Exists(b, "dst") {
		t.Error("equal ranges were not copied")
	}
}

// On garage an upload holding a planned part cannot be gone on with (its
// bytes cannot be proven, the garage preset not knowing Garage's part
// ETags): the part would be copied again into its number, which Garage
// refuses. It is refused before any part is sent, and the parts
// already there are left as they were.
func TestGarageRefusesCopyingOverHeldParts(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(42, 11<<20)
	srv.Put(t, b, "src", data)
	up := srv.CreateUpload(t, b, "dst")
	srv.UploadPart(t, b, "dst", up, 1, s3test.Data(43, 5<<20)) // right size, wrong bytes
	srv.UploadPart(t, b, "dst", up, 2, data[5<<20:10<<20])     // right bytes
	r := mustRun(t, 1, "--provider", "garage", "--no-journal", "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--upload-id", up, "--yes")
	s3test.Contains(t, r.stderr, "holds part 1 with other bytes, or bytes that cannot be checked: part 1 cannot be copied again: the garage provider refuses")
	if srv.Exists(b, "dst") {
		t.Error("the object was made")
	}
	// An upload that holds none of the planned parts is gone on with.
	up2 := srv.CreateUpload(t, b, "dst2")
	mustRun(t, 0, "--provider", "garage", "--no-journal", "copy", ref(b, "src"), ref(b, "dst2"), "--part-size", "5MiB", "--upload-id", up2, "--yes")
	if got := srv.Get(t, b, "dst2", ""); !bytes.Equal(got, data) {
		t.Fatal("the result is not the source")
	}
}

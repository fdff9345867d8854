package cli_test

import (
	"encoding/json"
	"testing"

	"s3parts/internal/s3test"
)

// --single copies with one CopyObject: the bytes arrive, the object is
// checked, and nothing multipart is left behind.
func TestCopySingle(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(61, 3<<20)
	srv.Put(t, b, "src", data)
	r := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--single")
	s3test.Contains(t, r.stdout, "with one CopyObject")
	s3test.Contains(t, r.stdout, "verified: size")
	srv.Copied(t, b, "dst", data)
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("a single copy left uploads: %v", ups)
	}
	j := mustRun(t, 0, "--yes", "copy", ref(b, "src"), ref(b, "dst2"), "--single", "--json")
	var out struct {
		Size     int64  `json:"size"`
		ETag     string `json:"etag"`
		Verified string `json:"verified"`
	}
	if err := json.Unmarshal([]byte(j.stdout), &out); err != nil {
		t.Fatalf("--json: %v\n%s", err, j.stdout)
	}
	if out.Size != int64(len(data)) || out.ETag == "" || out.Verified == "" {
		t.Errorf("--json says %+v", out)
	}
}

// On a service without UploadPartCopy --single is the way: the refusal
// names it, and with it the copy is made (gcs's request fixes and all).
func TestCopySingleOnGCS(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(62, 1<<20)
	srv.Put(t, b, "src", data)
	r := mustRun(t, 2, "--provider", "gcs", "--path-style", "copy", ref(b, "src"), ref(b, "dst"))
	s3test.Contains(t, r.stderr, "add --single")
	mustRun(t, 0, "--provider", "gcs", "--path-style", "copy", ref(b, "src"), ref(b, "dst"), "--single")
	srv.Copied(t, b, "dst", data)
}

// What one CopyObject cannot mean is refused before anything is sent; a
// dry run and a failed condition change nothing.
func TestCopySingleRefusals(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(63, 1<<20))
	for _, args := range [][]string{
		{"--range", "bytes=0-99"}, {"--part-size", "8MiB"}, {"--upload-id", "u1"}, {"--no-complete"},
	} {
		r := mustRun(t, 2, append([]string{"copy", ref(b, "src"), ref(b, "dst"), "--single"}, args...)...)
		s3test.Contains(t, r.stderr, "--single copies with one CopyObject, which has no parts: "+args[0])
	}
	dry := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--single", "--dry-run")
	s3test.Contains(t, dry.stdout, "one CopyObject (--single)")
	s3test.Contains(t, dry.stdout, "dry run: nothing was sent")
	bad := mustRun(t, 1, "copy", ref(b, "src"), ref(b, "dst"), "--single", "--if-match", "0123456789abcdef0123456789abcdef")
	s3test.Contains(t, bad.stderr, "does not meet If-Match (412): nothing was copied")
	if srv.Exists(b, "dst") {
		t.Error("a dry run or a failed condition made the object")
	}
}

package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"s3parts/internal/s3test"
	"s3parts/model"
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

// --single with the attribute flags: the new object carries what was
// chosen, and is one object whole (no multipart ETag).
func TestCopySingleWithAttributes(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(64, 3<<20)
	if _, err := srv.Raw().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("src"),
		Body: bytes.NewReader(data), ContentType: aws.String("video/mp4"), Metadata: map[string]string{"owner": "ops"},
		Tagging: aws.String("team=media")}); err != nil {
		t.Fatal(err)
	}
	var sent http.Header
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(_ http.ResponseWriter, r *http.Request) bool {
		if s3test.IsPartCopy(r) {
			sent = r.Header.Clone()
		}
		return false
	}})
	r := mustRun(t, 0, "--endpoint", p.URL, "--path-style", "--no-journal", "copy", ref(b, "src"), ref(b, "dst"), "--single",
		"--storage-class", "REDUCED_REDUNDANCY", "--tagging", "a=b", "--metadata", "k=v", "--content-type", "text/plain")
	s3test.Contains(t, r.stdout, "with one CopyObject (--single)")
	srv.Copied(t, b, "dst", data)
	h := headOf(t, b, "dst")
	if got := aws.ToString(h.ContentType); got != "text/plain" {
		t.Errorf("Content-Type %q", got)
	}
	if !maps.Equal(h.Metadata, map[string]string{"k": "v"}) {
		t.Errorf("metadata %v", h.Metadata)
	}
	switch {
	case sent.Get("X-Amz-Storage-Class") != "REDUCED_REDUNDANCY":
		t.Errorf("the CopyObject sent storage class %q", sent.Get("X-Amz-Storage-Class"))
	case h.StorageClass == "" || h.StorageClass == "STANDARD":
		t.Log("the server keeps no storage class (versitygw v1.8.0 neither on a multipart copy): checked as sent only")
	case h.StorageClass != "REDUCED_REDUNDANCY":
		t.Errorf("storage class %q", h.StorageClass)
	}
	if got := tagsOf(t, b, "dst"); !maps.Equal(got, map[string]string{"a": "b"}) {
		t.Errorf("tags %v", got)
	}
	if etag := aws.ToString(h.ETag); strings.Contains(etag, "-") || !model.IsMD5ETag(etag) {
		t.Errorf("ETag %s is not one object's", etag)
	}
	// Nothing given: the source's content headers, metadata and tags.
	mustRun(t, 0, "--no-journal", "copy", ref(b, "src"), ref(b, "kept"), "--single")
	if h := headOf(t, b, "kept"); aws.ToString(h.ContentType) != "video/mp4" || !maps.Equal(h.Metadata, map[string]string{"owner": "ops"}) {
		t.Errorf("kept: %s %v", aws.ToString(h.ContentType), h.Metadata)
	}
	if got := tagsOf(t, b, "kept"); !maps.Equal(got, map[string]string{"team": "media"}) {
		t.Errorf("tags kept: %v", got)
	}
}

// copyRequests counts, through a proxy, the requests that copy bytes or
// start an upload.
type copyRequests struct {
	mu                            sync.Mutex
	copyObject, partCopy, creates int
}

func (c *copyRequests) proxy(t *testing.T) string {
	p := srv.Proxy(t, s3test.ProxyHooks{After: func(r *http.Request, _ int) {
		c.mu.Lock()
		defer c.mu.Unlock()
		q := r.URL.Query()
		switch {
		case s3test.IsPartCopy(r) && q.Has("partNumber"):
			c.partCopy++
		case s3test.IsPartCopy(r):
			c.copyObject++
		case r.Method == http.MethodPost && q.Has("uploads"):
			c.creates++
		}
	}})
	return p.URL
}

func (c *copyRequests) take() (copyObject, partCopy, creates int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer func() { c.copyObject, c.partCopy, c.creates = 0, 0, 0 }()
	return c.copyObject, c.partCopy, c.creates
}

// A source under the multipart threshold is copied with one CopyObject
// unless parts are asked for; the choice is said, in the dry run, the
// result and --json; nothing is journaled. --multipart copies it in
// parts, and so does a part flag.
func TestCopySmallSourceIsOneCopyObject(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(65, 3<<20)
	srv.Put(t, b, "src", data)
	var reqs copyRequests
	at := []string{"--endpoint", reqs.proxy(t), "--path-style"}

	dry := mustRun(t, 0, append(at, "copy", ref(b, "src"), ref(b, "dst"), "--dry-run")...)
	s3test.Contains(t, dry.stdout, "copy         one CopyObject (source 3 MiB is under the 8 MiB multipart threshold; --multipart copies it in parts)")
	s3test.Contains(t, dry.stdout, "NEW OBJECT")
	s3test.Contains(t, dry.stdout, "dry run: nothing was sent")
	var plan struct {
		CopiedWith string            `json:"copied_with"`
		Attributes []model.Attribute `json:"attributes"`
	}
	dj := mustRun(t, 0, append(at, "copy", ref(b, "src"), ref(b, "dst"), "--dry-run", "--json")...)
	if err := json.Unmarshal([]byte(dj.stdout), &plan); err != nil || plan.CopiedWith != "CopyObject" || len(plan.Attributes) == 0 {
		t.Errorf("dry run --json: %v %+v", err, plan)
	}
	if co, pc, cr := reqs.take(); co+pc+cr != 0 || srv.Exists(b, "dst") {
		t.Fatalf("a dry run copied: %d CopyObject, %d UploadPartCopy, %d CreateMultipartUpload", co, pc, cr)
	}

	r := mustRun(t, 0, append(at, "copy", ref(b, "src"), ref(b, "dst"), "--json")...)
	var out struct {
		CopiedWith string `json:"copied_with"`
		Why        string `json:"why"`
		ETag       string `json:"etag"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("--json: %v\n%s", err, r.stdout)
	}
	if out.CopiedWith != "CopyObject" || !strings.Contains(out.Why, "multipart threshold") || strings.Contains(out.ETag, "-") {
		t.Errorf("--json says %+v", out)
	}
	if co, pc, cr := reqs.take(); co != 1 || pc != 0 || cr != 0 {
		t.Errorf("by default: %d CopyObject, %d UploadPartCopy, %d CreateMultipartUpload; want one CopyObject", co, pc, cr)
	}
	srv.Copied(t, b, "dst", data)
	if jobs := mustRun(t, 0, "jobs", "--all", "--json"); strings.TrimSpace(jobs.stdout) != "[]" {
		t.Errorf("a CopyObject was journaled:\n%s", jobs.stdout)
	}
	human := mustRun(t, 0, append(at, "--yes", "copy", ref(b, "src"), ref(b, "dst"))...)
	s3test.Contains(t, human.stdout, "with one CopyObject (source 3 MiB is under the 8 MiB multipart threshold")
	reqs.take()

	for _, parts := range [][]string{{"--multipart"}, {"--part-size", "5MiB"}} {
		job := decodeJob(t, mustRun(t, 0, append(at, append([]string{"--yes", "copy", ref(b, "src"), ref(b, "parts"), "--json"}, parts...)...)...).stdout)
		if co, pc, cr := reqs.take(); co != 0 || pc != 1 || cr != 1 {
			t.Errorf("%v: %d CopyObject, %d UploadPartCopy, %d CreateMultipartUpload; want one upload of one part", parts, co, pc, cr)
		}
		if len(job.Parts) != 1 || job.UploadID == "" {
			t.Errorf("%v: job %+v", parts, job)
		}
		srv.Copied(t, b, "parts", data)
		if etag := aws.ToString(headOf(t, b, "parts").ETag); !strings.HasSuffix(strings.Trim(etag, `"`), "-1") {
			t.Errorf("%v: ETag %s is not a multipart one", parts, etag)
		}
	}
	// At the threshold and over it: parts, and the dry run says why.
	srv.Put(t, b, "big", s3test.Data(66, 8<<20))
	big := mustRun(t, 0, append(at, "copy", ref(b, "big"), ref(b, "dst"), "--dry-run")...)
	s3test.Contains(t, big.stdout, "copy         in parts with UploadPartCopy (source 8 MiB is not under the 8 MiB multipart threshold)")
	s3test.Contains(t, big.stdout, "PART  RANGE")
}

// A bad value or a contradiction is refused before anything is sent.
func TestCopySingleFlagsRefusedBeforeSending(t *testing.T) {
	endpoint, sent := countingServer(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--single", "--storage-class", "cold storage"}, `--storage-class "cold storage"`},
		{[]string{"--single", "--acl", "everyone"}, `--acl "everyone"`},
		{[]string{"--single", "--checksum", "md5"}, `"md5"`},
		{[]string{"--single", "--multipart"}, "give one of them"},
		{[]string{"--single", "--recopy", "2", "--upload-id", "u1"}, "which has no parts: --upload-id"},
	} {
		r := mustRun(t, 2, append([]string{"--endpoint", endpoint, "copy", "s3://b/src", "s3://b/dst"}, tc.args...)...)
		s3test.Contains(t, r.stderr, tc.want)
	}
	if n := sent.Load(); n != 0 {
		t.Errorf("%d requests sent for refused flags", n)
	}
}

// --single --checksum: CopyObject asks the server for the checksum, and a
// source with one of that algorithm is proved equal to the copy.
func TestCopySingleChecksum(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(67, 1<<20)
	if _, err := srv.Raw().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("src"),
		Body: bytes.NewReader(data), ChecksumAlgorithm: types.ChecksumAlgorithmCrc64nvme}); err != nil {
		t.Fatal(err)
	}
	dry := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--dry-run", "--checksum", "CRC64NVME")
	if !strings.Contains(dry.stdout, "checksum     CRC64NVME: the new object's is checked against the source's") {
		t.Skipf("the server reports no CRC64NVME for the source:\n%s", dry.stdout)
	}
	r := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--checksum", "CRC64NVME")
	s3test.Contains(t, r.stdout, "CRC64NVME (the source's)")
	srv.Copied(t, b, "dst", data)
}

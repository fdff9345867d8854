package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"s3parts/internal/s3test"
	"s3parts/model"
)

// A --checksum the tool does not know is refused before anything is
// sent, naming the value; so is one with --upload-id (whose upload has
// its own).
func TestChecksumFlagRefused(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--checksum", "md5"}, `"md5"`},
		{[]string{"--checksum", "SHA512"}, `"SHA512"`},
		{[]string{"--checksum", "SHA256", "--upload-id", "U1"}, "--upload-id"},
	} {
		// The endpoint is never reached: a refusal before any request.
		args := append([]string{"--endpoint", "http://127.0.0.1:1", "copy", "s3://a/b", "s3://c/d"}, tc.args...)
		r := mustRun(t, 2, args...)
		s3test.Contains(t, r.stderr, tc.want)
	}
}

// A source with a CRC64NVME checksum is copied with it, and the server
// checks the copy against it; the dry run says so first.
func TestCopyChecksumProvedByServer(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(150, 3<<20) // one part, the whole source: a server that copies checksums proves it too
	if _, err := srv.Raw().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("src"),
		Body: bytes.NewReader(data), ChecksumAlgorithm: types.ChecksumAlgorithmCrc64nvme}); err != nil {
		t.Fatal(err)
	}
	// Not asked by default on a provider not known to keep checksums on
	// part copies (generic), and the dry run says how to ask.
	def := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--dry-run", "--multipart")
	dry := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--dry-run", "--checksum", "CRC64NVME", "--multipart")
	if !strings.Contains(dry.stdout, "checksum     CRC64NVME (FULL_OBJECT): the server checks the new object against the source's") {
		t.Skipf("the server reports no CRC64NVME for the source:\n%s", dry.stdout)
	}
	s3test.Contains(t, def.stdout, "is not known to keep checksums on part copies (--checksum CRC64NVME asks for it")
	r := run(t, "copy", ref(b, "src"), ref(b, "dst"), "--json", "--checksum", "CRC64NVME", "--multipart")
	if r.code == 1 && strings.Contains(r.stdout, "ChecksumUnusable") && !srv.Exists(b, "dst") {
		// Asked for explicitly, a checksum the server cannot keep fails
		// the job (MinIO refuses part copies into such an upload).
		t.Skipf("this server cannot keep a checksum on part copies; the job failed as it should:\n%s", r.stderr)
	}
	if r.code != 0 {
		t.Fatalf("copy --checksum CRC64NVME: %s", r)
	}
	job := decodeJob(t, r.stdout)
	if !strings.HasPrefix(job.Verification, "CRC64NVME of the whole object") || job.Parts[0].Checksum == "" {
		t.Fatalf("verification %q, part checksum %q", job.Verification, job.Parts[0].Checksum)
	}
	srv.Copied(t, b, "dst", data)
	show := mustRun(t, 0, "jobs", "show", job.ID)
	s3test.Contains(t, show.stdout, "CRC64NVME (FULL_OBJECT), the source's")
	s3test.Contains(t, show.stdout, job.Parts[0].Checksum)
	s3test.Contains(t, show.stdout, "verified: CRC64NVME of the whole object")
}

// --checksum SHA256: every part carries its SHA256, kept in the job and
// shown in its part table; --checksum none sends none.
func TestCopyChecksumSHA256PartsShown(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(151, 11<<20)
	srv.Put(t, b, "src", data)
	r := run(t, "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--checksum", "sha256", "--json", "--yes")
	if r.code != 0 && strings.Contains(r.stderr, "refused to copy part") {
		t.Skipf("this server refuses part copies into an upload with a checksum: %s", r.stderr)
	}
	if r.code != 0 {
		t.Fatalf("copy: %s", r)
	}
	job := decodeJob(t, r.stdout)
	if n := job.Plan.NewObject(); n.ChecksumAlgorithm != "SHA256" || n.ChecksumType != model.ChecksumComposite {
		t.Fatalf("new object %s %s", n.ChecksumAlgorithm, n.ChecksumType)
	}
	show := mustRun(t, 0, "jobs", "show", job.ID)
	s3test.Contains(t, show.stdout, "checksum      SHA256 (COMPOSITE)")
	for _, p := range job.Parts {
		if p.Checksum == "" {
			t.Fatalf("part %d has no checksum", p.Number)
		}
		s3test.Contains(t, show.stdout, p.Checksum)
	}
	srv.Copied(t, b, "dst", data)

	none := decodeJob(t, mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst-none"), "--part-size", "5MiB", "--checksum", "none", "--json").stdout)
	if n := none.Plan.NewObject(); n.ChecksumAlgorithm != "" || none.Parts[0].Checksum != "" {
		t.Errorf("--checksum none: %s, part checksum %q", n.ChecksumAlgorithm, none.Parts[0].Checksum)
	}
}

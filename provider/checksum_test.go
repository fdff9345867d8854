package provider_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"s3parts/internal/s3test"
	"s3parts/model"
	"s3parts/provider"
)

// putWithChecksum stores data with a checksum of alg computed by the SDK
// (a PutObject that asks for it; the server keeps it as the object's).
func putWithChecksum(t *testing.T, bucket, key string, data []byte, alg types.ChecksumAlgorithm) {
	t.Helper()
	if _, err := srv.Raw().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
		Body: bytes.NewReader(data), ChecksumAlgorithm: alg}); err != nil {
		t.Fatalf("put %s with %s: %v", key, alg, err)
	}
}

// checksumPlan is a plan of the source with its checksum read as copy
// reads it, in parts of partSize (0: one whole part).
func checksumPlan(t *testing.T, c *provider.Client, bucket, src, dst string, partSize int64) model.Plan {
	t.Helper()
	info, err := c.HeadSource(context.Background(), model.Ref{Bucket: bucket, Key: src})
	if err != nil {
		t.Fatal(err)
	}
	plan := planFor(t, c, bucket, src, dst)
	if partSize == 0 {
		plan.PartSize, plan.Parts = 0, []model.PlannedPart{{Number: 1, Range: model.ByteRange{First: 0, Last: info.Size - 1}}}
	}
	plan.SourceAttrs.Checksum = info.Checksum
	return plan
}

func abortAll(t *testing.T, bucket string) {
	t.Helper()
	ctx := context.Background()
	out, err := srv.Raw().ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	if err != nil {
		return
	}
	for _, u := range out.Uploads {
		_, _ = srv.Raw().AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String(bucket), Key: u.Key, UploadId: u.UploadId})
	}
}

// A source with a CRC64NVME checksum is copied into an upload with the
// same algorithm, FULL_OBJECT, and the server checks the new object
// against the source's value at Complete; the object then carries it.
func TestChecksumProvedByServer(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	data := s3test.Data(140, 12<<20+3)
	putWithChecksum(t, b, "src", data, types.ChecksumAlgorithmCrc64nvme)
	for _, tc := range []struct {
		name     string
		partSize int64
	}{{"one whole part", 0}, {"three parts", 5 * model.MiB}} {
		t.Run(tc.name, func(t *testing.T) {
			plan := checksumPlan(t, c, b, "src", "dst-"+strings.ReplaceAll(tc.name, " ", "-"), tc.partSize)
			src := plan.SourceAttrs.Checksum
			if src.Algorithm != "CRC64NVME" || src.Value == "" {
				t.Skipf("the server keeps no CRC64NVME checksum for the source (HeadObject with checksum mode says %+v)", src)
			}
			if want := plan.ExpectedChecksum(); want.Value != src.Value {
				t.Fatalf("the plan expects %+v; the source has %+v", want, src)
			}
			job := (&provider.Engine{Client: c}).Run(context.Background(), model.NewJob("ck-"+tc.name, plan, time.Now()), nil)
			if refusedChecksumCopies(t, job) {
				return
			}
			if strings.Contains(job.Verification, "copies the source's checksum onto every part") {
				srv.Copied(t, b, plan.Dest.Key, data)
				t.Skipf("this server answers each part copy with the whole source's checksum (versitygw v1.8.0: posix UploadPartCopy keeps the source's checksum when the upload has its algorithm), so it cannot check a copy of more than one part: the engine copied the parts again without a checksum (%s)", job.Verification)
			}
			if job.State != model.StateVerified {
				t.Fatalf("job %s: %v", job.State, job.Err)
			}
			t.Logf("verified: %s", job.Verification)
			if !strings.HasPrefix(job.Verification, "CRC64NVME of the whole object (checked by the server") {
				t.Errorf("verification %q does not say the server checked the CRC64NVME", job.Verification)
			}
			for _, p := range job.Parts {
				if p.Checksum == "" {
					t.Errorf("part %d kept no checksum", p.Number)
				}
			}
			got, err := c.HeadObjectChecksum(context.Background(), plan.Dest)
			if err != nil {
				t.Fatal(err)
			}
			if got.Checksum.Algorithm != "CRC64NVME" || got.Checksum.Value != src.Value {
				t.Errorf("the new object's checksum is %+v; the source's %+v", got.Checksum, src)
			}
			srv.Copied(t, b, plan.Dest.Key, data)
		})
	}
}

// A wrong expected value is refused at Complete: the job fails naming the
// algorithm and the value, and no object is made.
func TestChecksumWrongExpectedRefused(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	data := s3test.Data(141, 6<<20)
	putWithChecksum(t, b, "src", data, types.ChecksumAlgorithmCrc64nvme)
	plan := checksumPlan(t, c, b, "src", "dst", 0)
	if plan.SourceAttrs.Checksum.Algorithm != "CRC64NVME" {
		t.Skipf("the server keeps no CRC64NVME checksum for the source (%+v)", plan.SourceAttrs.Checksum)
	}
	const wrong = "AAAAAAAAAAA="
	plan.SourceAttrs.Checksum.Value = wrong
	t.Cleanup(func() { abortAll(t, b) })
	job := (&provider.Engine{Client: c}).Run(context.Background(), model.NewJob("ck-wrong", plan, time.Now()), nil)
	if refusedChecksumCopies(t, job) {
		return
	}
	if job.State != model.StateFailed || job.Completed || job.Err == nil {
		t.Fatalf("job %s, completed %v, error %v: want a failure before completing", job.State, job.Completed, job.Err)
	}
	t.Logf("refused: %v", job.Err)
	if msg := job.Err.Message; !strings.Contains(msg, "CRC64NVME") || !strings.Contains(msg, wrong) || !strings.Contains(msg, "nothing was completed") {
		t.Errorf("error %q does not name the algorithm, the expected value and that nothing was completed", msg)
	}
	if srv.Exists(b, "dst") {
		t.Error("an object was made")
	}
}

// --checksum SHA256: every part carries its SHA256 (kept on the part),
// and the new object a composite SHA256 of its parts.
func TestChecksumSHA256Parts(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	data := s3test.Data(142, 11<<20)
	srv.Put(t, b, "src", data)
	plan := checksumPlan(t, c, b, "src", "dst", 5*model.MiB)
	plan.Target.Checksum = "SHA256"
	if n := plan.NewObject(); n.ChecksumAlgorithm != "SHA256" || n.ChecksumType != model.ChecksumComposite {
		t.Fatalf("new object %s %s", n.ChecksumAlgorithm, n.ChecksumType)
	}
	job := (&provider.Engine{Client: c}).Run(context.Background(), model.NewJob("ck-sha", plan, time.Now()), nil)
	if refusedChecksumCopies(t, job) {
		return
	}
	if job.State != model.StateVerified {
		t.Fatalf("job %s: %v; part 1: %v", job.State, job.Err, job.Parts[0].Err)
	}
	seen := map[string]bool{}
	for _, p := range job.Parts {
		if p.Checksum == "" || seen[p.Checksum] {
			t.Errorf("part %d checksum %q (each part's own SHA256)", p.Number, p.Checksum)
		}
		seen[p.Checksum] = true
	}
	got, err := c.HeadObjectChecksum(context.Background(), plan.Dest)
	if err != nil {
		t.Fatal(err)
	}
	if got.Checksum.Algorithm != "SHA256" || !strings.HasSuffix(got.Checksum.Value, "-3") {
		t.Errorf("the new object's checksum is %+v, want a SHA256 of 3 parts", got.Checksum)
	}
	srv.Copied(t, b, "dst", data)
}

// A person who asks for the source's own algorithm on a server that
// copies the source's checksum onto every part gets a failure, not a
// false checksum: the upload is aborted and nothing is completed.
func TestChecksumCopiedByServerRefused(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	data := s3test.Data(143, 11<<20)
	putWithChecksum(t, b, "src", data, types.ChecksumAlgorithmCrc64nvme)
	plan := checksumPlan(t, c, b, "src", "dst", 5*model.MiB)
	plan.Target.Checksum = "CRC64NVME"
	t.Cleanup(func() { abortAll(t, b) })
	job := (&provider.Engine{Client: c}).Run(context.Background(), model.NewJob("ck-copied", plan, time.Now()), nil)
	if job.State == model.StateVerified {
		t.Skip("this server computes each part's checksum: nothing to refuse")
	}
	if job.Err == nil || job.Err.Code != "ChecksumUnusable" || job.Completed || srv.Exists(b, "dst") {
		t.Fatalf("job %s, completed %v: %v", job.State, job.Completed, job.Err)
	}
	if len(srv.Uploads(t, b)) != 0 {
		t.Errorf("the upload with false part checksums was left open")
	}
}

// refusedChecksumCopies skips a test on a server that refuses every part
// copy into an upload with a checksum (MinIO: "checksum missing", as it
// wants a checksum UploadPartCopy has no way to send); the engine copied
// without one (its own choice) or failed naming why (the person's).
func refusedChecksumCopies(t *testing.T, job model.Job) bool {
	t.Helper()
	const sign = "refused to copy part"
	switch {
	case strings.Contains(job.Verification, sign):
		t.Skipf("this server refuses part copies into an upload with a checksum; the engine copied without one: %s", job.Verification)
	case job.Err != nil && strings.Contains(job.Err.Message, sign):
		if job.Completed {
			t.Fatalf("completed after %v", job.Err)
		}
		t.Skipf("this server refuses part copies into an upload with a checksum; the job failed saying so: %v", job.Err)
	}
	return false
}

// An upload made elsewhere with a checksum is completed from its listing
// with each part's checksum repeated, as the server wants.
func TestCompleteListedRepeatsPartChecksums(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	ctx := context.Background()
	raw := srv.Raw()
	cu, err := raw.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("obj"),
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { abortAll(t, b) })
	data := s3test.Data(144, 5<<20+9)
	for i, chunk := range [][]byte{data[:5<<20], data[5<<20:]} {
		if _, err := raw.UploadPart(ctx, &s3.UploadPartInput{Bucket: aws.String(b), Key: aws.String("obj"), UploadId: cu.UploadId,
			PartNumber: aws.Int32(int32(i + 1)), Body: bytes.NewReader(chunk), ChecksumAlgorithm: types.ChecksumAlgorithmSha256}); err != nil {
			t.Fatal(err)
		}
	}
	ref := model.Ref{Bucket: b, Key: "obj"}
	parts, err := c.ListParts(ctx, ref, aws.ToString(cu.UploadId))
	if err != nil {
		t.Fatal(err)
	}
	if parts[0].Checksum.Algorithm != "SHA256" || parts[0].Checksum.Value == "" {
		t.Skipf("the listing names no part checksum (%+v): nothing to repeat", parts[0].Checksum)
	}
	if _, _, err := c.CompleteListed(ctx, ref, aws.ToString(cu.UploadId), false); err != nil {
		t.Fatalf("complete: %v", err)
	}
	srv.Copied(t, b, "obj", data)
}

package provider

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"s3parts/model"
)

// HeadObjectChecksum is HeadObject with checksum mode on: the answer
// carries the object's additional checksum, where it has one.
func (c *Client) HeadObjectChecksum(ctx context.Context, ref model.Ref) (model.ObjectInfo, error) {
	return c.headObject(ctx, ref, true, asIs)
}

// checksumFields are the SDK's fields for each algorithm s3parts creates
// uploads with, in one place for every request and answer that carries
// them.
type checksumFields struct {
	crc32, crc32c, crc64nvme, sha1, sha256 *string
}

func (f checksumFields) pick() (alg, value string) {
	for _, c := range []struct {
		alg string
		v   *string
	}{{"CRC64NVME", f.crc64nvme}, {"CRC32", f.crc32}, {"CRC32C", f.crc32c}, {"SHA1", f.sha1}, {"SHA256", f.sha256}} {
		if v := aws.ToString(c.v); v != "" {
			return c.alg, v
		}
	}
	return "", ""
}

// set returns the fields with value under alg (nothing for another).
func setChecksum(alg, value string) checksumFields {
	var f checksumFields
	if value == "" {
		return f
	}
	v := aws.String(value)
	switch alg {
	case "CRC32":
		f.crc32 = v
	case "CRC32C":
		f.crc32c = v
	case "CRC64NVME":
		f.crc64nvme = v
	case "SHA1":
		f.sha1 = v
	case "SHA256":
		f.sha256 = v
	}
	return f
}

func headChecksum(out *s3.HeadObjectOutput) model.Checksum {
	alg, v := checksumFields{out.ChecksumCRC32, out.ChecksumCRC32C, out.ChecksumCRC64NVME, out.ChecksumSHA1, out.ChecksumSHA256}.pick()
	if alg == "" {
		return model.Checksum{}
	}
	return model.Checksum{Algorithm: alg, Type: string(out.ChecksumType), Value: v}
}

func copyPartChecksum(r *types.CopyPartResult) (alg, value string) {
	return checksumFields{r.ChecksumCRC32, r.ChecksumCRC32C, r.ChecksumCRC64NVME, r.ChecksumSHA1, r.ChecksumSHA256}.pick()
}

func completedPart(p model.CompletedPart, alg string) types.CompletedPart {
	f := setChecksum(alg, p.Checksum)
	return types.CompletedPart{PartNumber: aws.Int32(p.Number), ETag: aws.String(p.ETag),
		ChecksumCRC32: f.crc32, ChecksumCRC32C: f.crc32c, ChecksumCRC64NVME: f.crc64nvme, ChecksumSHA1: f.sha1, ChecksumSHA256: f.sha256}
}

// CompleteChecksums is what CompleteMultipartUpload says of checksums:
// the upload's algorithm (each part repeats its checksum in it) and, for
// a whole-object checksum, the value the new object must have, which the
// server checks before it makes the object.
type CompleteChecksums struct {
	Algorithm string
	Expected  model.Checksum
}

func (cc CompleteChecksums) apply(in *s3.CompleteMultipartUploadInput) {
	if cc.Expected.Value == "" {
		return
	}
	f := setChecksum(cc.Expected.Algorithm, cc.Expected.Value)
	in.ChecksumCRC32, in.ChecksumCRC32C, in.ChecksumCRC64NVME, in.ChecksumSHA1, in.ChecksumSHA256 = f.crc32, f.crc32c, f.crc64nvme, f.sha1, f.sha256
	in.ChecksumType = types.ChecksumType(cc.Expected.Type)
}

// checksumRefused names the algorithm and the value the new object was to
// have when the server refuses a Complete because its whole-object
// checksum differs (BadDigest): nothing was made.
func checksumRefused(oe *model.OpError, cc CompleteChecksums) *model.OpError {
	if cc.Expected.Value == "" || !IsCode(oe, "BadDigest", "InvalidDigest") {
		return oe
	}
	out := *oe
	out.Retryable = false
	out.Message = fmt.Sprintf("the server refused to complete: the %s of the copied parts, combined, is not the source's %s %s (the server said: %s); nothing was completed",
		cc.Expected.Algorithm, cc.Expected.Algorithm, cc.Expected.Value, oe.Message)
	return &out
}

func listedChecksum(pt types.Part, typ types.ChecksumType) model.Checksum {
	alg, v := checksumFields{pt.ChecksumCRC32, pt.ChecksumCRC32C, pt.ChecksumCRC64NVME, pt.ChecksumSHA1, pt.ChecksumSHA256}.pick()
	if alg == "" {
		return model.Checksum{}
	}
	return model.Checksum{Algorithm: alg, Type: string(typ), Value: v}
}

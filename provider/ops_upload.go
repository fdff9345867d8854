package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"s3parts/model"
)

// ListUploads lists every in-progress multipart upload under a prefix.
//
// MinIO answers a prefix that is not an exact key with nothing, so an empty
// answer for a prefix is checked once more by listing without it and
// filtering here.
func (c *Client) ListUploads(ctx context.Context, bucket, prefix string) ([]model.Upload, error) {
	if c.Preset().NoListUploads {
		return nil, &model.OpError{Op: "ListMultipartUploads", Code: "NotSupported", Message: c.Preset().NoListUploadsMessage()}
	}
	ups, err := c.listUploads(ctx, bucket, prefix)
	if err != nil || prefix == "" || len(ups) > 0 || !c.Preset().UploadsPrefixQuirk {
		return ups, err
	}
	all, err := c.listUploads(ctx, bucket, "")
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, u := range all {
		if strings.HasPrefix(u.Key, prefix) {
			out = append(out, u)
		}
	}
	return out, nil
}

func (c *Client) listUploads(ctx context.Context, bucket, prefix string) ([]model.Upload, error) {
	in := &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket), EncodingType: types.EncodingTypeUrl}
	if prefix != "" {
		in.Prefix = aws.String(prefix)
	}
	var out []model.Upload
	// Paged by hand, not with the SDK's paginator: the next key marker
	// comes URL-encoded like the keys, and must be decoded before it is
	// sent back.
	for {
		page, err := c.forBucket(ctx, bucket).ListMultipartUploads(ctx, in)
		if err != nil {
			return nil, Classify("ListMultipartUploads", err)
		}
		key := keyDecoder(page.EncodingType)
		for _, u := range page.Uploads {
			out = append(out, model.Upload{Bucket: bucket, Key: key(u.Key), UploadID: aws.ToString(u.UploadId),
				Initiated: aws.ToTime(u.Initiated), StorageClass: string(u.StorageClass)})
		}
		next, nextID := key(page.NextKeyMarker), aws.ToString(page.NextUploadIdMarker)
		if !aws.ToBool(page.IsTruncated) || (next == "" && nextID == "") {
			return out, nil
		}
		if next == aws.ToString(in.KeyMarker) && nextID == aws.ToString(in.UploadIdMarker) {
			return out, nil // a server that does not move on would loop for ever
		}
		in.KeyMarker, in.UploadIdMarker = aws.String(next), aws.String(nextID)
	}
}

// ListParts lists every part stored so far in an upload.
func (c *Client) ListParts(ctx context.Context, dest model.Ref, uploadID string) ([]model.Part, error) {
	return retryRead(ctx, "ListParts", func() ([]model.Part, error) {
		var out []model.Part
		in := &s3.ListPartsInput{Bucket: aws.String(dest.Bucket), Key: aws.String(dest.Key), UploadId: aws.String(uploadID)}
		in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = c.ssec(dest, asNew)
		p := s3.NewListPartsPaginator(c.forBucket(ctx, dest.Bucket), in)
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			if aws.ToString(page.UploadId) == "" {
				// A real answer names its upload; an empty 200 would read
				// as "no parts" and make stored parts look lost.
				return nil, hollow("ListParts", "upload id")
			}
			for _, pt := range page.Parts {
				out = append(out, model.Part{Number: aws.ToInt32(pt.PartNumber), Size: aws.ToInt64(pt.Size),
					ETag: aws.ToString(pt.ETag), LastModified: aws.ToTime(pt.LastModified), Checksum: listedChecksum(pt, page.ChecksumType)})
			}
		}
		return out, nil
	})
}

// HasUpload asks ListParts for at most one part of the upload: false when
// the server answers NoSuchUpload. Any other failure to look is an error,
// which says nothing about the upload.
func (c *Client) HasUpload(ctx context.Context, dest model.Ref, uploadID string) (bool, error) {
	in := &s3.ListPartsInput{Bucket: aws.String(dest.Bucket), Key: aws.String(dest.Key), UploadId: aws.String(uploadID), MaxParts: aws.Int32(1)}
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = c.ssec(dest, asNew)
	_, err := c.forBucket(ctx, dest.Bucket).ListParts(ctx, in)
	if oe := Classify("ListParts", err); oe != nil {
		if IsCode(oe, "NoSuchUpload") {
			return false, nil
		}
		return false, oe
	}
	return true, nil
}

// CreateUpload starts a multipart upload for dest, for an object that
// will carry n.
func (c *Client) CreateUpload(ctx context.Context, dest model.Ref, n model.NewObject) (string, error) {
	// Without its key the upload would be made, unencrypted by it.
	if err := c.needKey(dest, asNew, n.SSECKey, "--sse-c-key", "the new object"); err != nil {
		return "", err
	}
	in := createUploadInput(dest, n)
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = c.ssec(dest, asNew)
	out, err := c.forBucket(ctx, dest.Bucket).CreateMultipartUpload(ctx, in)
	if err != nil {
		return "", Classify("CreateMultipartUpload", err)
	}
	id := aws.ToString(out.UploadId)
	if id == "" {
		return "", &model.OpError{Op: "CreateMultipartUpload", Code: "EmptyResult", Message: "the server answered without an upload id"}
	}
	return id, nil
}

// CopyPartInput is one UploadPartCopy.
type CopyPartInput struct {
	Dest     model.Ref
	UploadID string
	Number   int32
	Source   model.Ref
	// Range is sent unless WholeSource is set.
	Range       model.ByteRange
	WholeSource bool
	Conditions  model.Conditions
	// SingleAttempt turns off the SDK's own retries, for a caller that
	// retries itself.
	SingleAttempt bool
}

// CopyPartResult is what a part copy returns.
type CopyPartResult struct {
	ETag                string
	LastModified        time.Time
	CopySourceVersionID string
	// ChecksumAlgorithm and Checksum are the part's checksum, when the
	// upload was created with an algorithm.
	ChecksumAlgorithm, Checksum string
}

// CopyPart runs one UploadPartCopy. A 200 answer without an ETag is an
// error (code EmptyResult), never a success: such a part cannot be
// completed.
func (c *Client) CopyPart(ctx context.Context, p CopyPartInput) (CopyPartResult, error) {
	var optFns []func(*s3.Options)
	if p.SingleAttempt {
		optFns = append(optFns, func(o *s3.Options) { o.RetryMaxAttempts = 1 })
	}
	in := copyPartInput(p)
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = c.ssec(p.Dest, asNew)
	in.CopySourceSSECustomerAlgorithm, in.CopySourceSSECustomerKey, in.CopySourceSSECustomerKeyMD5 = c.ssec(p.Source, asIs)
	out, err := c.forBucket(ctx, p.Dest.Bucket).UploadPartCopy(ctx, in, optFns...)
	if err != nil {
		return CopyPartResult{}, Classify("UploadPartCopy", err)
	}
	if out.CopyPartResult == nil || aws.ToString(out.CopyPartResult.ETag) == "" {
		return CopyPartResult{}, &model.OpError{Op: "UploadPartCopy", Code: "EmptyResult", Retryable: true,
			Message: "the server answered 200 without an ETag: the part cannot be trusted"}
	}
	res := CopyPartResult{ETag: aws.ToString(out.CopyPartResult.ETag), LastModified: aws.ToTime(out.CopyPartResult.LastModified),
		CopySourceVersionID: aws.ToString(out.CopySourceVersionId)}
	res.ChecksumAlgorithm, res.Checksum = copyPartChecksum(out.CopyPartResult)
	return res, nil
}

// CompleteResult is what CompleteMultipartUpload returns.
type CompleteResult struct {
	ETag      string
	VersionID string
}

// Complete finishes an upload from its parts, which must be in ascending
// part-number order with the ETags the server returned for them.
func (c *Client) Complete(ctx context.Context, dest model.Ref, uploadID string, parts []model.CompletedPart) (CompleteResult, error) {
	return c.CompleteWith(ctx, dest, uploadID, parts, CompleteChecksums{})
}

// CompleteWith is Complete for an upload created with a checksum
// algorithm: each part carries its checksum, and cc.Expected, if set, is
// the whole object's, which the server checks.
func (c *Client) CompleteWith(ctx context.Context, dest model.Ref, uploadID string, parts []model.CompletedPart, cc CompleteChecksums) (CompleteResult, error) {
	if len(parts) == 0 {
		return CompleteResult{}, &model.OpError{Op: "CompleteMultipartUpload", Code: "NoParts", Message: "refusing to complete an upload with no parts"}
	}
	cps := make([]types.CompletedPart, len(parts))
	for i, p := range parts {
		if i > 0 && p.Number <= parts[i-1].Number {
			return CompleteResult{}, &model.OpError{Op: "CompleteMultipartUpload", Code: "InvalidPartOrder",
				Message: "refusing to complete: parts are not in ascending part-number order"}
		}
		if p.ETag == "" {
			return CompleteResult{}, &model.OpError{Op: "CompleteMultipartUpload", Code: "MissingETag",
				Message: "refusing to complete: a part has no ETag"}
		}
		cps[i] = completedPart(p, cc.Algorithm)
	}
	in := &s3.CompleteMultipartUploadInput{
		Bucket: aws.String(dest.Bucket), Key: aws.String(dest.Key), UploadId: aws.String(uploadID),
		MultipartUpload: &types.CompletedMultipartUpload{Parts: cps}}
	cc.apply(in)
	// S3 asks for the key at Complete when the upload has checksums, and
	// a bucket policy may ask always.
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = c.ssec(dest, asNew)
	out, err := c.forBucket(ctx, dest.Bucket).CompleteMultipartUpload(ctx, in)
	if err != nil {
		return CompleteResult{}, checksumRefused(Classify("CompleteMultipartUpload", err), cc)
	}
	if aws.ToString(out.ETag) == "" {
		return CompleteResult{}, &model.OpError{Op: "CompleteMultipartUpload", Code: "EmptyResult",
			Message: "the server answered without an ETag: check the object before trusting it"}
	}
	return CompleteResult{ETag: aws.ToString(out.ETag), VersionID: aws.ToString(out.VersionId)}, nil
}

// Abort discards an upload and the parts stored in it.
func (c *Client) Abort(ctx context.Context, dest model.Ref, uploadID string) error {
	_, err := c.forBucket(ctx, dest.Bucket).AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{
		Bucket: aws.String(dest.Bucket), Key: aws.String(dest.Key), UploadId: aws.String(uploadID)})
	if err != nil {
		return Classify("AbortMultipartUpload", err)
	}
	return nil
}

// IsNotFound reports an answer that means "no such object": the only one
// that says a destination is absent. Any other failure to look says
// nothing about it.
func IsNotFound(err error) bool { return IsCode(err, "NotFound", "NoSuchKey", "HTTP404") }

// IsCode reports whether err is an OpError with one of the codes.
func IsCode(err error, codes ...string) bool {
	var oe *model.OpError
	if !errors.As(err, &oe) {
		return false
	}
	for _, c := range codes {
		if oe.Code == c {
			return true
		}
	}
	return false
}

// ErrPartGaps refuses to complete an upload whose part numbers have gaps.
var ErrPartGaps = errors.New("refusing to complete an object with a hole")

// CompleteListed completes an upload with the parts ListParts reports. A
// gap in the part numbers usually means a part is missing, so it is refused
// unless allowGaps.
func (c *Client) CompleteListed(ctx context.Context, ref model.Ref, uploadID string, allowGaps bool) (CompleteResult, []model.Part, error) {
	parts, err := c.ListParts(ctx, ref, uploadID)
	if err != nil {
		return CompleteResult{}, nil, err
	}
	return c.CompleteParts(ctx, ref, uploadID, parts, allowGaps)
}

// CompleteParts completes an upload from parts listed before (ListParts),
// refusing gaps in the numbering unless allowGaps.
func (c *Client) CompleteParts(ctx context.Context, ref model.Ref, uploadID string, parts []model.Part, allowGaps bool) (CompleteResult, []model.Part, error) {
	if len(parts) == 0 {
		return CompleteResult{}, nil, fmt.Errorf("upload %s for %s has no parts: nothing to complete", uploadID, ref)
	}
	if gaps := model.PartGaps(parts); gaps != "" && !allowGaps {
		return CompleteResult{}, nil, fmt.Errorf("upload %s has no part %s: %w", uploadID, gaps, ErrPartGaps)
	}
	cps := make([]model.CompletedPart, len(parts))
	var cc CompleteChecksums
	for i, p := range parts {
		// An upload made with a checksum wants each part's repeated.
		cps[i] = model.CompletedPart{Number: p.Number, ETag: p.ETag, Checksum: p.Checksum.Value}
		cc.Algorithm = cmp.Or(cc.Algorithm, p.Checksum.Algorithm)
	}
	res, err := c.CompleteWith(ctx, ref, uploadID, cps, cc)
	return res, parts, err
}

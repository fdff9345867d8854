package provider

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"s3parts/model"
)

// MaxCopyObjectSize is the largest source one CopyObject copies (S3, and
// the services that follow it; PROVIDERS.md).
const MaxCopyObjectSize = 5 * model.GiB

// CopyObject copies src to dst whole, with one request: the way to copy
// on a service without UploadPartCopy (GCS, Storj), and for a small
// source. The new object keeps the source's metadata and tags (the
// default directives, COPY); its storage class and encryption are n's
// (a CopyObject without them would make a STANDARD object under the
// bucket's default encryption). The conditions apply to the source as
// they do on a part copy.
func (c *Client) CopyObject(ctx context.Context, src, dst model.Ref, cond model.Conditions, n model.NewObject) (CompleteResult, error) {
	in := &s3.CopyObjectInput{Bucket: aws.String(dst.Bucket), Key: aws.String(dst.Key), CopySource: aws.String(CopySource(src)),
		StorageClass: types.StorageClass(n.StorageClass), ServerSideEncryption: types.ServerSideEncryption(n.SSE)}
	if n.SSEKMSKeyID != "" {
		in.SSEKMSKeyId = aws.String(n.SSEKMSKeyID)
	}
	h := copySourceConditions(cond)
	in.CopySourceIfMatch, in.CopySourceIfNoneMatch = h.ifMatch, h.ifNoneMatch
	in.CopySourceIfModifiedSince, in.CopySourceIfUnmodifiedSince = h.ifModifiedSince, h.ifUnmodifiedSince
	out, err := c.forBucket(ctx, dst.Bucket).CopyObject(ctx, in)
	if err != nil {
		return CompleteResult{}, Classify("CopyObject", err)
	}
	res := CompleteResult{VersionID: aws.ToString(out.VersionId)}
	if out.CopyObjectResult != nil {
		res.ETag = aws.ToString(out.CopyObjectResult.ETag)
	}
	return res, nil
}

package provider

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"

	"s3parts/model"
)

// MaxCopyObjectSize is the largest source one CopyObject copies (S3, and
// the services that follow it; PROVIDERS.md).
const MaxCopyObjectSize = model.MaxSingleCopy

// CopyObject copies r.Source to r.Dest whole, with one request: the way to
// copy on a service without UploadPartCopy (GCS, Storj), and for a small
// source. The new object carries r.New (copyObjectInput); the conditions
// apply to the source as they do on a part copy.
func (c *Client) CopyObject(ctx context.Context, r CopyObjectRequest) (CompleteResult, error) {
	// Without its key the object would be made, unencrypted by it.
	if err := c.needKey(r.Dest, asNew, r.New.SSECKey, "--sse-c-key", "the new object"); err != nil {
		return CompleteResult{}, err
	}
	in := copyObjectInput(r)
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = c.ssec(r.Dest, asNew)
	in.CopySourceSSECustomerAlgorithm, in.CopySourceSSECustomerKey, in.CopySourceSSECustomerKeyMD5 = c.ssec(r.Source, asIs)
	out, err := c.forBucket(ctx, r.Dest.Bucket).CopyObject(ctx, in)
	if err != nil {
		return CompleteResult{}, Classify("CopyObject", err)
	}
	res := CompleteResult{VersionID: aws.ToString(out.VersionId)}
	if out.CopyObjectResult != nil {
		res.ETag = aws.ToString(out.CopyObjectResult.ETag)
	}
	return res, nil
}

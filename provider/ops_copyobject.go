package provider

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"

	"s3parts/model"
)

// MaxCopyObjectSize is the largest source one CopyObject copies (S3, and
// the services that follow it; PROVIDERS.md).
const MaxCopyObjectSize = 5 * model.GiB

// CopyObject copies r.Source to r.Dest whole, with one request: the way to
// copy on a service without UploadPartCopy (GCS, Storj), and for a small
// source. The new object carries r.New (copyObjectInput); the conditions
// apply to the source as they do on a part copy.
func (c *Client) CopyObject(ctx context.Context, r CopyObjectRequest) (CompleteResult, error) {
	out, err := c.forBucket(ctx, r.Dest.Bucket).CopyObject(ctx, copyObjectInput(r))
	if err != nil {
		return CompleteResult{}, Classify("CopyObject", err)
	}
	res := CompleteResult{VersionID: aws.ToString(out.VersionId)}
	if out.CopyObjectResult != nil {
		res.ETag = aws.ToString(out.CopyObjectResult.ETag)
	}
	return res, nil
}

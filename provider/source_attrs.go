package provider

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"s3parts/model"
)

// SourceAttrs reads what a source carries beyond its bytes and headers,
// for the new object to keep: class, encryption and lock from its
// HeadObject answer, and (when wanted) its tags with GetObjectTagging. A
// server without tagging (501) has no tags to keep; tags that cannot be
// read otherwise are left unread, with the reason, for the caller to
// refuse "keep" rather than drop them unseen.
func (c *Client) SourceAttrs(ctx context.Context, info model.ObjectInfo, tags bool) model.SourceAttrs {
	a := model.SourceAttrs{StorageClass: info.StorageClass, SSE: info.ServerSideEncryption, SSEKMSKeyID: info.SSEKMSKeyID,
		LockMode: info.LockMode, RetainUntil: info.RetainUntil, LegalHold: info.LegalHold, Checksum: info.Checksum,
		SSEC: info.SSECAlgorithm != ""}
	if k, ok := c.customerKey(info.Ref, asIs); ok {
		// Read with the key (S3 refuses a key for an object without one):
		// a resume needs the same key.
		a.SSEC, a.SSECKey = true, k.Fingerprint()
	}
	if !tags {
		return a
	}
	ref := info.Ref
	in := &s3.GetObjectTaggingInput{Bucket: aws.String(ref.Bucket), Key: aws.String(ref.Key)}
	if ref.VersionID != "" {
		in.VersionId = aws.String(ref.VersionID)
	}
	out, err := retryRead(ctx, "GetObjectTagging", func() (*s3.GetObjectTaggingOutput, error) {
		return c.forBucket(ctx, ref.Bucket).GetObjectTagging(ctx, in)
	})
	switch {
	case IsCode(err, "NotImplemented"):
		a.TagsRead = true // nothing to keep where there are no tags
	case err != nil:
		a.TagsError = Classify("GetObjectTagging", err).Message
	default:
		a.TagsRead = true
		for _, t := range out.TagSet {
			if a.Tags == nil {
				a.Tags = map[string]string{}
			}
			a.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return a
}

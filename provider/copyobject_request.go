package provider

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"s3parts/model"
)

// CopyObjectRequest is one CopyObject: the source, the conditions it must
// meet, and what the new object carries (resolved as for a multipart
// copy, model.Target.Resolve).
type CopyObjectRequest struct {
	Source, Dest model.Ref
	Conditions   model.Conditions
	New          model.NewObject
	// KeepTags: the source's tags are kept, so the server copies them
	// (tagging directive COPY) from the very version it copies, and a
	// service without tagging is sent no tagging header at all. Else the
	// new object gets New.Tags (REPLACE; none when empty).
	KeepTags bool
}

// copyObjectInput is the CopyObject request for r: every attribute the
// new object is to carry, as createUploadInput sends them for a multipart
// copy, so the two make the same object. The metadata directive is always
// REPLACE with the source's headers as read (and the person's changes):
// COPY would keep the source's, but would drop a --content-type or
// --metadata, and a request that changes nothing onto its own key is
// refused by S3.
func copyObjectInput(r CopyObjectRequest) *s3.CopyObjectInput {
	n, h := r.New, r.New.Headers
	in := &s3.CopyObjectInput{Bucket: aws.String(r.Dest.Bucket), Key: aws.String(r.Dest.Key), CopySource: aws.String(CopySource(r.Source)),
		MetadataDirective: types.MetadataDirectiveReplace, Metadata: h.Metadata}
	str := func(v string) *string {
		if v == "" {
			return nil
		}
		return aws.String(v)
	}
	in.ContentType, in.CacheControl, in.ContentDisposition = str(h.ContentType), str(h.CacheControl), str(h.ContentDisposition)
	in.ContentEncoding, in.ContentLanguage = str(h.ContentEncoding), str(h.ContentLanguage)
	if t, ok := model.HTTPExpires(h.Expires); ok {
		in.Expires = aws.Time(t)
	}
	in.WebsiteRedirectLocation = str(h.WebsiteRedirectLocation)
	in.StorageClass = types.StorageClass(n.StorageClass)
	in.ServerSideEncryption = types.ServerSideEncryption(n.SSE)
	in.SSEKMSKeyId = str(n.SSEKMSKeyID)
	if !r.KeepTags {
		in.TaggingDirective = types.TaggingDirectiveReplace
		if len(n.Tags) > 0 {
			in.Tagging = aws.String(model.TaggingHeader(n.Tags))
		}
	}
	in.ObjectLockMode = types.ObjectLockMode(n.LockMode)
	if !n.RetainUntil.IsZero() {
		in.ObjectLockRetainUntilDate = aws.Time(n.RetainUntil)
	}
	in.ObjectLockLegalHoldStatus = types.ObjectLockLegalHoldStatus(n.LegalHold)
	in.ACL = types.ObjectCannedACL(n.ACL)
	// One object whole: its checksum is of the whole object whatever the
	// type a multipart upload would be created with, so only the
	// algorithm is sent (CopyObject has no checksum type).
	in.ChecksumAlgorithm = types.ChecksumAlgorithm(n.ChecksumAlgorithm)
	c := copySourceConditions(r.Conditions)
	in.CopySourceIfMatch, in.CopySourceIfNoneMatch = c.ifMatch, c.ifNoneMatch
	in.CopySourceIfModifiedSince, in.CopySourceIfUnmodifiedSince = c.ifModifiedSince, c.ifUnmodifiedSince
	return in
}

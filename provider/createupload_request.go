package provider

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"s3parts/model"
)

// createUploadInput is the CreateMultipartUpload request for the new
// object: every attribute it is to carry, sent when the upload is created
// (part copies carry bytes only).
func createUploadInput(dest model.Ref, n model.NewObject) *s3.CreateMultipartUploadInput {
	h := n.Headers
	in := &s3.CreateMultipartUploadInput{Bucket: aws.String(dest.Bucket), Key: aws.String(dest.Key), Metadata: h.Metadata}
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
	if len(n.Tags) > 0 {
		in.Tagging = aws.String(model.TaggingHeader(n.Tags))
	}
	in.ObjectLockMode = types.ObjectLockMode(n.LockMode)
	if !n.RetainUntil.IsZero() {
		in.ObjectLockRetainUntilDate = aws.Time(n.RetainUntil)
	}
	in.ObjectLockLegalHoldStatus = types.ObjectLockLegalHoldStatus(n.LegalHold)
	in.ACL = types.ObjectCannedACL(n.ACL)
	in.ChecksumAlgorithm = types.ChecksumAlgorithm(n.ChecksumAlgorithm)
	in.ChecksumType = types.ChecksumType(n.ChecksumType)
	return in
}

package provider

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go/encoding/httpbinding"

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
	// The attributes as a multipart copy sends them, converted once.
	u := createUploadInput(r.Dest, r.New)
	in := &s3.CopyObjectInput{Bucket: u.Bucket, Key: u.Key, CopySource: aws.String(CopySource(r.Source)),
		MetadataDirective: types.MetadataDirectiveReplace, Metadata: u.Metadata,
		ContentType: u.ContentType, CacheControl: u.CacheControl, ContentDisposition: u.ContentDisposition,
		ContentEncoding: u.ContentEncoding, ContentLanguage: u.ContentLanguage, Expires: u.Expires,
		WebsiteRedirectLocation: u.WebsiteRedirectLocation, StorageClass: u.StorageClass,
		ServerSideEncryption: u.ServerSideEncryption, SSEKMSKeyId: u.SSEKMSKeyId,
		ObjectLockMode: u.ObjectLockMode, ObjectLockRetainUntilDate: u.ObjectLockRetainUntilDate,
		ObjectLockLegalHoldStatus: u.ObjectLockLegalHoldStatus, ACL: u.ACL,
		// One object whole: its checksum is of the whole object whatever
		// the type a multipart upload would be created with, so only the
		// algorithm is sent (CopyObject has no checksum type).
		ChecksumAlgorithm: u.ChecksumAlgorithm,
	}
	if !r.KeepTags {
		in.TaggingDirective, in.Tagging = types.TaggingDirectiveReplace, u.Tagging // none when empty
	}
	c := copySourceConditions(r.Conditions)
	in.CopySourceIfMatch, in.CopySourceIfNoneMatch = c.ifMatch, c.ifNoneMatch
	in.CopySourceIfModifiedSince, in.CopySourceIfUnmodifiedSince = c.ifModifiedSince, c.ifUnmodifiedSince
	return in
}

// PreviewCopyObject writes the CopyObject request r as it goes on the
// wire (path style), as PreviewCopyPart writes a part copy: the request
// line, then the copy headers; the new object's attributes are named by
// the directives (the planner shows them side by side).
func PreviewCopyObject(r CopyObjectRequest) []string {
	in := copyObjectInput(r)
	lines := []string{fmt.Sprintf("PUT /%s/%s", aws.ToString(in.Bucket), httpbinding.EscapePath(aws.ToString(in.Key), false))}
	add := func(name, v string) {
		if v != "" {
			lines = append(lines, name+": "+v)
		}
	}
	add("x-amz-copy-source", aws.ToString(in.CopySource))
	add("x-amz-copy-source-if-match", aws.ToString(in.CopySourceIfMatch))
	add("x-amz-copy-source-if-none-match", aws.ToString(in.CopySourceIfNoneMatch))
	if in.CopySourceIfModifiedSince != nil {
		add("x-amz-copy-source-if-modified-since", model.HTTPDate(*in.CopySourceIfModifiedSince))
	}
	if in.CopySourceIfUnmodifiedSince != nil {
		add("x-amz-copy-source-if-unmodified-since", model.HTTPDate(*in.CopySourceIfUnmodifiedSince))
	}
	add("x-amz-metadata-directive", string(in.MetadataDirective))
	add("x-amz-tagging-directive", string(in.TaggingDirective))
	return lines
}

package provider

import (
	"fmt"
	"net/url"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/encoding/httpbinding"

	"s3parts/model"
)

// PartCopy is the copy of one planned part into an upload: what the
// engine sends and the planner's preview shows.
func PartCopy(plan model.Plan, uploadID string, pp model.PlannedPart) CopyPartInput {
	return CopyPartInput{Dest: plan.Dest, UploadID: uploadID, Number: pp.Number, Source: plan.Source,
		Range: pp.Range, WholeSource: plan.WholeSource(pp), Conditions: plan.Conditions}
}

// copyPartInput builds the UploadPartCopy request for one part. CopyPart
// sends it and PreviewCopyPart shows it, so what the planner shows can
// never drift from what is sent.
func copyPartInput(p CopyPartInput) *s3.UploadPartCopyInput {
	in := &s3.UploadPartCopyInput{
		Bucket: aws.String(p.Dest.Bucket), Key: aws.String(p.Dest.Key), UploadId: aws.String(p.UploadID),
		PartNumber: aws.Int32(p.Number), CopySource: aws.String(CopySource(p.Source)),
	}
	if !p.WholeSource {
		in.CopySourceRange = aws.String(p.Range.String())
	}
	h := copySourceConditions(p.Conditions)
	in.CopySourceIfMatch, in.CopySourceIfNoneMatch = h.ifMatch, h.ifNoneMatch
	in.CopySourceIfModifiedSince, in.CopySourceIfUnmodifiedSince = h.ifModifiedSince, h.ifUnmodifiedSince
	return in
}

// conditionHeaders are the x-amz-copy-source-if-* values of a request
// that copies (UploadPartCopy, CopyObject); nil: not sent.
type conditionHeaders struct {
	ifMatch, ifNoneMatch               *string
	ifModifiedSince, ifUnmodifiedSince *time.Time
}

func copySourceConditions(cond model.Conditions) conditionHeaders {
	var h conditionHeaders
	if cond.IfMatch != "" {
		h.ifMatch = aws.String(model.QuoteETag(cond.IfMatch))
	}
	if cond.IfNoneMatch != "" {
		h.ifNoneMatch = aws.String(model.QuoteETag(cond.IfNoneMatch))
	}
	if !cond.IfModifiedSince.IsZero() {
		h.ifModifiedSince = aws.Time(cond.IfModifiedSince)
	}
	if !cond.IfUnmodifiedSince.IsZero() {
		h.ifUnmodifiedSince = aws.Time(cond.IfUnmodifiedSince)
	}
	return h
}

// PreviewCopyPart writes the UploadPartCopy request for one part as it
// goes on the wire (path style): the request line, its key encoded by the
// SDK's own path escaping and the upload id as a query value, then each
// copy header.
func PreviewCopyPart(p CopyPartInput) []string {
	in := copyPartInput(p)
	lines := []string{fmt.Sprintf("PUT /%s/%s?partNumber=%d&uploadId=%s",
		aws.ToString(in.Bucket), httpbinding.EscapePath(aws.ToString(in.Key), false), aws.ToInt32(in.PartNumber), url.QueryEscape(aws.ToString(in.UploadId)))}
	add := func(name string, v *string) {
		if v != nil {
			lines = append(lines, name+": "+*v)
		}
	}
	add("x-amz-copy-source", in.CopySource)
	add("x-amz-copy-source-range", in.CopySourceRange)
	add("x-amz-copy-source-if-match", in.CopySourceIfMatch)
	add("x-amz-copy-source-if-none-match", in.CopySourceIfNoneMatch)
	if in.CopySourceIfModifiedSince != nil {
		add("x-amz-copy-source-if-modified-since", aws.String(model.HTTPDate(*in.CopySourceIfModifiedSince)))
	}
	if in.CopySourceIfUnmodifiedSince != nil {
		add("x-amz-copy-source-if-unmodified-since", aws.String(model.HTTPDate(*in.CopySourceIfUnmodifiedSince)))
	}
	return lines
}

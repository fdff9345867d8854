package provider

import (
	"context"
	"crypto/rand"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"s3parts/model"
)

// bogusETag matches no object: an If-Match with it must fail.
const bogusETag = `"00000000000000000000000000000000"`

// condition copies part n of the "conditions" upload with change applied
// and reads the answer: refused (412, or the 304 versitygw gives for
// If-None-Match and If-Modified-Since) or copied. wantRefused says which
// of the two is the server doing what S3 documents.
func (p *probe) condition(ctx context.Context, wantRefused bool, change func(*s3.UploadPartCopyInput)) Check {
	if ch, stop := p.noSource(); stop {
		return ch
	}
	up, err := p.conditionUpload(ctx)
	if err != nil {
		return failed("CreateMultipartUpload", err)
	}
	p.condPart++
	// One KiB is enough to tell copied from refused, when ranges work.
	last := int64(-1)
	if p.copies.ranged {
		last = model.KiB - 1
	}
	_, err = p.copyPart(ctx, up, p.condPart, 0, last, change)
	var refused bool
	var seen string
	switch s := status(err); {
	case err == nil:
		seen = "copied"
	case s == http.StatusPreconditionFailed:
		refused, seen = true, answer(err)
	case s == http.StatusNotModified:
		refused, seen = true, answer(err)+" (S3 documents 412)"
	default:
		return failed("copy", err)
	}
	if refused == wantRefused {
		return Check{Outcome: Yes, Seen: seen}
	}
	return Check{Outcome: No, Seen: seen}
}

// conditionUpload is the one upload the condition checks copy into, a
// part number each.
func (p *probe) conditionUpload(ctx context.Context) (*upload, error) {
	if p.condUpload != nil {
		return p.condUpload, nil
	}
	up, err := p.newUpload(ctx, "conditions")
	if err != nil {
		return nil, err
	}
	p.condUpload = up
	return up, nil
}

// A day before the source's date: far enough that no clock skew between
// the server's disks and its answers turns a condition around.
func (p *probe) earlier() *time.Time { return aws.Time(p.src.modified.Add(-24 * time.Hour)) }

func (p *probe) ifMatch(ctx context.Context) Check {
	return p.condition(ctx, true, func(in *s3.UploadPartCopyInput) { in.CopySourceIfMatch = aws.String(bogusETag) })
}

func (p *probe) ifNoneMatch(ctx context.Context) Check {
	return p.condition(ctx, true, func(in *s3.UploadPartCopyInput) { in.CopySourceIfNoneMatch = aws.String(p.src.etag) })
}

// ifModifiedSince sends a date after the source's that is not in the
// future: HTTP says to ignore a future If-Modified-Since, and versitygw
// (like AWS) does, so "a day later" would copy on a server that enforces
// the condition. The source's date is in whole seconds and a little
// before its true time, so the next second is after it; the check waits
// until the server's clock has passed that.
func (p *probe) ifModifiedSince(ctx context.Context) Check {
	if ch, stop := p.noSource(); stop {
		return ch
	}
	after := p.src.modified.Truncate(time.Second).Add(time.Second)
	// The server's Date is whole seconds too, and never ahead of its clock.
	wait := after.Sub(p.src.serverAt) - time.Since(p.src.localAt)
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return failed("waiting for the server's clock", ctx.Err())
		case <-t.C:
		}
	}
	return p.condition(ctx, true, func(in *s3.UploadPartCopyInput) { in.CopySourceIfModifiedSince = aws.Time(after) })
}

func (p *probe) ifUnmodifiedSince(ctx context.Context) Check {
	return p.condition(ctx, true, func(in *s3.UploadPartCopyInput) { in.CopySourceIfUnmodifiedSince = p.earlier() })
}

// pairMatchUnmodified: If-Match holds, If-Unmodified-Since fails; S3
// copies (MinIO refuses).
func (p *probe) pairMatchUnmodified(ctx context.Context) Check {
	return p.condition(ctx, false, func(in *s3.UploadPartCopyInput) {
		in.CopySourceIfMatch, in.CopySourceIfUnmodifiedSince = aws.String(p.src.etag), p.earlier()
	})
}

// pairNoneMatchModified: If-None-Match fails, If-Modified-Since holds;
// S3 refuses.
func (p *probe) pairNoneMatchModified(ctx context.Context) Check {
	return p.condition(ctx, true, func(in *s3.UploadPartCopyInput) {
		in.CopySourceIfNoneMatch, in.CopySourceIfModifiedSince = aws.String(p.src.etag), p.earlier()
	})
}

// versionSource names the source's version in x-amz-copy-source: its
// version id on a versioned bucket, "null" on one without versioning.
func (p *probe) versionSource(ctx context.Context) Check {
	if ch, stop := p.noSource(); stop {
		return ch
	}
	up, err := p.newUpload(ctx, "version")
	if err != nil {
		return failed("CreateMultipartUpload", err)
	}
	v := p.src.versionID
	if v == "" {
		v = "null"
	}
	last := int64(-1)
	if p.copies.ranged {
		last = model.KiB - 1
	}
	out, err := p.copyPart(ctx, up, 1, 0, last, func(in *s3.UploadPartCopyInput) {
		in.CopySource = aws.String(CopySource(model.Ref{Bucket: p.o.Bucket, Key: p.src.key, VersionID: v}))
	})
	if err != nil {
		return Check{Outcome: refusal(err), Seen: "versionId=" + v + ": " + answer(err)}
	}
	p.noteVersionHeader(out, "the copy naming versionId="+v)
	return Check{Outcome: Yes, Seen: "copied from versionId=" + v}
}

// noteVersionHeader keeps the x-amz-copy-source-version-id of a copy; a
// copy naming the version is the better witness, so it replaces another.
func (p *probe) noteVersionHeader(out *s3.UploadPartCopyOutput, from string) {
	p.copies.versionHeader, p.copies.headerFrom = aws.ToString(out.CopySourceVersionId), from
	if p.copies.versionHeader == "" {
		p.copies.versionHeader = "none"
	}
}

// versionHeader is informational: which header came back, if any.
func (p *probe) versionHeader(context.Context) Check {
	switch p.copies.versionHeader {
	case "":
		return Check{Outcome: Unknown, Seen: "no copy succeeded to look at"}
	case "none":
		return Check{Outcome: No, Seen: "none (after " + p.copies.headerFrom + ")"}
	}
	return Check{Outcome: Yes, Seen: "x-amz-copy-source-version-id: " + p.copies.versionHeader + " (after " + p.copies.headerFrom + ")"}
}

// abortUnknown aborts an upload id that was never issued: a server that
// answers 204 cannot be trusted to say an abort did anything.
func (p *probe) abortUnknown(ctx context.Context) Check {
	p.made.wrote = true
	id := "s3parts-probe-" + strings.ToLower(rand.Text())
	_, err := p.s3.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String(p.o.Bucket),
		Key: aws.String(p.scratch + "never-started"), UploadId: aws.String(id)})
	switch {
	case err == nil:
		return Check{Outcome: No, Seen: "204: the abort succeeded"}
	case hasCode(err, "NoSuchUpload") || status(err) == http.StatusNotFound:
		return Check{Outcome: Yes, Seen: answer(err)}
	}
	return Check{Outcome: Unknown, Seen: answer(err)}
}

package provider

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"s3parts/model"
)

// The source object: big enough for two parts of 5 MiB (the usual
// minimum; AWS wants a source over 5 MB for a ranged copy) and for a
// 6 MiB middle part, and no bigger, since every byte is uploaded.
const (
	srcSize   = 6*model.MiB + 512*model.KiB
	tailPart  = 64 * model.KiB
	firstPart = 5 * model.MiB
)

// minPartCandidates are tried smallest first: the first that completes
// is the smallest among them (COS and Aliyun document 1 MB and 100 KB).
var minPartCandidates = []int64{64 * model.KiB, model.MiB, 5 * model.MiB}

type probeSource struct {
	key, etag, versionID string
	modified             time.Time
	// serverAt is the server's Date when localAt was the time here: the
	// server's clock, for a date that must not be in its future.
	serverAt, localAt time.Time
	err               error // why there is none
}

// copyFindings carry what one copy check found to a later one.
type copyFindings struct {
	// partETags and etag: an upload that completed, for the ETag check.
	partETags []string
	etag      string
	// ranged: ranged copies work, so the condition checks copy 1 KiB.
	ranged bool
	// versionHeader is x-amz-copy-source-version-id of a copy, once one
	// copied; headerFrom says which.
	versionHeader, headerFrom string
}

// putSource uploads the source object and reads back its ETag, date and
// version, which the condition and version checks send.
func (p *probe) putSource(ctx context.Context) {
	key := p.scratch + "source"
	p.made.wrote = true
	out, err := p.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(p.o.Bucket), Key: aws.String(key),
		Body: bytes.NewReader(probeBytes(srcSize)), ContentLength: aws.Int64(srcSize)})
	if err != nil {
		p.src.err = fmt.Errorf("PutObject of the source: %s", answer(err))
		return
	}
	p.made.objects = append(p.made.objects, object{key: key, versionID: aws.ToString(out.VersionId)})
	head, err := p.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(p.o.Bucket), Key: aws.String(key)})
	if err != nil {
		p.src.err = fmt.Errorf("HeadObject of the source: %s", answer(err))
		return
	}
	now := time.Now()
	p.src = probeSource{key: key, etag: aws.ToString(head.ETag), versionID: aws.ToString(out.VersionId),
		modified: aws.ToTime(head.LastModified), serverAt: serverDate(head.ResultMetadata, now), localAt: now}
}

// serverDate is the Date of a response, or local when it has none.
func serverDate(md middleware.Metadata, local time.Time) time.Time {
	if r, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok {
		if t, err := http.ParseTime(r.Header.Get("Date")); err == nil {
			return t
		}
	}
	return local
}

// probeBytes are n cheap bytes that do not repeat (xorshift), so no
// server can store them as a run of one block.
func probeBytes(n int64) []byte {
	b := make([]byte, n)
	x := uint64(0x9e3779b97f4a7c15)
	for i := int64(0); i+8 <= n; i += 8 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		for j := range int64(8) {
			b[i+j] = byte(x >> (8 * j))
		}
	}
	return b
}

// copySteps are the checks that copy from the source, in report order.
var copySteps = []struct {
	id  CheckID
	run func(*probe, context.Context) Check
}{
	{CheckPartCopy, (*probe).partCopy},
	{CheckRangedCopy, (*probe).rangedCopy},
	{CheckMinPart, (*probe).minPart},
	{CheckUnequalParts, (*probe).unequalParts},
	{CheckRecopy, (*probe).recopy},
	{CheckETagMD5, (*probe).etagMD5},
	{CheckIfMatch, (*probe).ifMatch},
	{CheckIfNoneMatch, (*probe).ifNoneMatch},
	{CheckIfModifiedSince, (*probe).ifModifiedSince},
	{CheckIfUnmodifiedSince, (*probe).ifUnmodifiedSince},
	{CheckPairMatchUnmodified, (*probe).pairMatchUnmodified},
	{CheckPairNoneMatchModified, (*probe).pairNoneMatchModified},
	{CheckVersionSource, (*probe).versionSource},
	{CheckVersionHeader, (*probe).versionHeader},
	{CheckAbortUnknown, (*probe).abortUnknown},
}

// copyPart copies bytes first..last of the source (the whole of it when
// last < 0) into part n of up; change sets conditions or a version.
func (p *probe) copyPart(ctx context.Context, up *upload, n int32, first, last int64, change func(*s3.UploadPartCopyInput)) (*s3.UploadPartCopyOutput, error) {
	in := &s3.UploadPartCopyInput{Bucket: aws.String(p.o.Bucket), Key: aws.String(up.key), UploadId: aws.String(up.id),
		PartNumber: aws.Int32(n), CopySource: aws.String(CopySource(model.Ref{Bucket: p.o.Bucket, Key: p.src.key}))}
	if last >= 0 {
		in.CopySourceRange = aws.String(fmt.Sprintf("bytes=%d-%d", first, last))
	}
	if change != nil {
		change(in)
	}
	out, err := p.s3.UploadPartCopy(ctx, in)
	if err == nil && (out.CopyPartResult == nil || aws.ToString(out.CopyPartResult.ETag) == "") {
		// PROVIDERS.md: a 200 with an empty body reads as success.
		return nil, fmt.Errorf("200 without an ETag")
	}
	return out, err
}

func etagOf(out *s3.UploadPartCopyOutput) string { return aws.ToString(out.CopyPartResult.ETag) }

// noSource is the answer of every copy check when the source could not
// be made.
func (p *probe) noSource() (Check, bool) {
	if p.src.key == "" || p.src.err != nil {
		why := "no source object"
		if p.src.err != nil {
			why = p.src.err.Error()
		}
		return Check{Outcome: Unknown, Seen: why}, true
	}
	return Check{}, false
}

func (p *probe) partCopy(ctx context.Context) Check {
	if ch, stop := p.noSource(); stop {
		return ch
	}
	up, err := p.newUpload(ctx, "whole")
	if err != nil {
		return failed("CreateMultipartUpload", err)
	}
	out, err := p.copyPart(ctx, up, 1, 0, -1, nil)
	if err != nil {
		return Check{Outcome: refusal(err), Seen: answer(err)}
	}
	p.noteVersionHeader(out, "the whole-object copy")
	return Check{Outcome: Yes, Seen: "copied, part ETag " + etagOf(out)}
}

// rangedCopy copies the source as two ranges and completes: the object
// must be the source's size, or the server ignored the range.
func (p *probe) rangedCopy(ctx context.Context) Check {
	if ch, stop := p.noSource(); stop {
		return ch
	}
	up, err := p.newUpload(ctx, "ranged")
	if err != nil {
		return failed("CreateMultipartUpload", err)
	}
	a, err := p.copyPart(ctx, up, 1, 0, firstPart-1, nil)
	if err != nil {
		return Check{Outcome: refusal(err), Seen: answer(err)}
	}
	b, err := p.copyPart(ctx, up, 2, firstPart, srcSize-1, nil)
	if err != nil {
		return Check{Outcome: refusal(err), Seen: "second range: " + answer(err)}
	}
	etags := []string{etagOf(a), etagOf(b)}
	done, err := p.complete(ctx, up, etags...)
	if err != nil {
		return failed("ranges copied; CompleteMultipartUpload", err)
	}
	p.copies.partETags, p.copies.etag = etags, aws.ToString(done.ETag)
	head, err := p.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(p.o.Bucket), Key: aws.String(up.key)})
	if err != nil {
		return failed("ranges copied and completed; HeadObject", err)
	}
	if n := aws.ToInt64(head.ContentLength); n != srcSize {
		return Check{Outcome: No, Seen: fmt.Sprintf("range ignored: two ranged parts made %d bytes, not %d", n, srcSize)}
	}
	p.copies.ranged = true
	return Check{Outcome: Yes, Seen: fmt.Sprintf("two ranges copied and completed as %d bytes", srcSize)}
}

// minPart completes two-part uploads with ever bigger first parts.
func (p *probe) minPart(ctx context.Context) Check {
	if ch, stop := p.noSource(); stop {
		return ch
	}
	var refused []string
	for _, size := range minPartCandidates {
		up, err := p.newUpload(ctx, fmt.Sprintf("min-%d", size))
		if err != nil {
			return failed("CreateMultipartUpload", err)
		}
		a, err := p.copyPart(ctx, up, 1, 0, size-1, nil)
		if err != nil {
			return failed("copying a first part of "+model.FormatSize(size), err)
		}
		b, err := p.copyPart(ctx, up, 2, size, size+tailPart-1, nil)
		if err != nil {
			return failed("copying a last part", err)
		}
		_, err = p.complete(ctx, up, etagOf(a), etagOf(b))
		if err == nil {
			refused = append(refused, "completed with a "+model.FormatSize(size)+" first part")
			return Check{Outcome: Yes, Bytes: size, Seen: strings.Join(refused, "; ")}
		}
		if refusal(err) != No {
			return failed("completing with a "+model.FormatSize(size)+" first part", err)
		}
		refused = append(refused, model.FormatSize(size)+" refused ("+answer(err)+")")
	}
	return Check{Outcome: No, Seen: strings.Join(refused, "; ")}
}

// unequalParts completes 5 MiB, 6 MiB, 64 KiB: the middle part differs
// from the first (R2 wants every part but the last equal).
func (p *probe) unequalParts(ctx context.Context) Check {
	if ch, stop := p.noSource(); stop {
		return ch
	}
	up, err := p.newUpload(ctx, "unequal")
	if err != nil {
		return failed("CreateMultipartUpload", err)
	}
	sizes := []int64{firstPart, 6 * model.MiB, tailPart}
	var etags, names []string
	for i, size := range sizes {
		out, err := p.copyPart(ctx, up, int32(i+1), 0, size-1, nil)
		if err != nil {
			return failed(fmt.Sprintf("copying part %d", i+1), err)
		}
		etags, names = append(etags, etagOf(out)), append(names, model.FormatSize(size))
	}
	if _, err := p.complete(ctx, up, etags...); err != nil {
		if hasCode(err, "EntityTooSmall") {
			// About the part size, not about equal parts.
			return failed("CompleteMultipartUpload", err)
		}
		return Check{Outcome: refusal(err), Seen: "refused: " + answer(err)}
	}
	return Check{Outcome: Yes, Seen: "completed with parts of " + strings.Join(names, ", ")}
}

// recopy copies part 1 twice (what a retry after a lost answer does) and
// completes with the second copy's ETag.
func (p *probe) recopy(ctx context.Context) Check {
	if ch, stop := p.noSource(); stop {
		return ch
	}
	up, err := p.newUpload(ctx, "recopy")
	if err != nil {
		return failed("CreateMultipartUpload", err)
	}
	if _, err := p.copyPart(ctx, up, 1, 0, firstPart-1, nil); err != nil {
		return failed("first copy of part 1", err)
	}
	again, err := p.copyPart(ctx, up, 1, 0, firstPart-1, nil)
	if err != nil {
		return Check{Outcome: refusal(err), Seen: "second copy of part 1: " + answer(err)}
	}
	last, err := p.copyPart(ctx, up, 2, firstPart, srcSize-1, nil)
	if err != nil {
		return failed("copying part 2", err)
	}
	if _, err := p.complete(ctx, up, etagOf(again), etagOf(last)); err != nil {
		return Check{Outcome: refusal(err), Seen: "both copies accepted; completing: " + answer(err)}
	}
	return Check{Outcome: Yes, Seen: "part 1 copied twice, completed with the second"}
}

// etagMD5 compares the ETag of the upload the ranged check completed with
// the MD5 of its part MD5s.
func (p *probe) etagMD5(ctx context.Context) Check {
	if p.copies.etag == "" {
		return Check{Outcome: Unknown, Seen: "no upload completed to compare"}
	}
	want, err := model.MultipartETag(p.copies.partETags)
	switch {
	case err != nil:
		return Check{Outcome: Unknown, Seen: "part ETags are not MD5s: " + strings.Join(p.copies.partETags, ", ")}
	case model.SameETag(want, p.copies.etag):
		return Check{Outcome: Yes, Seen: "ETag " + p.copies.etag + " = MD5 of the part MD5s"}
	}
	return Check{Outcome: No, Seen: fmt.Sprintf("ETag %s, MD5 of the part MD5s %s", p.copies.etag, want)}
}

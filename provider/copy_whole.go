package provider

import (
	"context"
	"fmt"
	"strings"

	"s3parts/model"
)

// CopyWhole copies plan's source with one CopyObject: a source of up to
// MaxCopyObjectSize, on any service, those without UploadPartCopy
// included. The new object carries what a multipart copy of the plan
// would (plan.NewObject). A 412 is explained by the source as it is now.
func (c *Client) CopyWhole(ctx context.Context, plan model.Plan) (CompleteResult, error) {
	if plan.SourceSize > MaxCopyObjectSize {
		return CompleteResult{}, &model.OpError{Op: "CopyObject", Code: "EntityTooLarge", Message: fmt.Sprintf(
			"source %s is %s; one CopyObject copies at most %s", plan.Source, model.FormatSize(plan.SourceSize), model.FormatSize(MaxCopyObjectSize))}
	}
	n := plan.NewObject()
	// A source known to have no tags, copied without any, needs no tagging
	// directive: a service without tagging may refuse one.
	noTags := plan.SourceAttrs.TagsRead && len(plan.SourceAttrs.Tags) == 0 && len(n.Tags) == 0
	res, err := c.CopyObject(ctx, CopyObjectRequest{Source: plan.Source, Dest: plan.Dest, Conditions: plan.Conditions,
		New: n, KeepTags: plan.Target.Tagging == model.TagsKeep || noTags})
	if err != nil && IsCode(err, "PreconditionFailed") {
		if now, herr := c.HeadObject(ctx, plan.Source); herr == nil {
			if failed := plan.Conditions.FailedBy(now.ETag, now.LastModified); len(failed) > 0 {
				oe := Classify("CopyObject", err)
				oe.Message = fmt.Sprintf("the source %s does not meet %s (412): nothing was copied", plan.Source, strings.Join(failed, " and "))
				return res, oe
			}
		}
	}
	return res, err
}

// WholeCheck is what reading back an object made with one CopyObject
// found: its ETag, and what was compared ("size and ETag (the source's
// MD5)").
type WholeCheck struct{ ETag, What string }

// VerifyWhole reads back the object CopyWhole made (versionID, when the
// bucket keeps versions): its size, its ETag where both are MD5s, its
// checksum where the source's algorithm was asked for again, and whether
// the source changed under a provider that may ignore If-Match.
func (c *Client) VerifyWhole(ctx context.Context, plan model.Plan, versionID string) (WholeCheck, error) {
	dst := plan.Dest
	dst.VersionID = versionID
	want := WholeExpectedChecksum(plan)
	made, err := c.headObject(ctx, dst, want.Value != "", asNew)
	if err != nil {
		oe := Classify("HeadObject", err)
		oe.Code, oe.Message = "VerifyFailed", fmt.Sprintf("%s was created but could not be checked: %s", plan.Dest, oe.Message)
		return WholeCheck{}, oe
	}
	checks := []string{"size"}
	switch {
	case made.Size != plan.SourceSize:
		return WholeCheck{}, verifyFailed(fmt.Sprintf("%s was created but is %d bytes; the source is %d", plan.Dest, made.Size, plan.SourceSize))
	case sourceETagIsMD5(plan) && PlainMD5(made):
		if !model.SameETag(plan.SourceETag, made.ETag) {
			return WholeCheck{}, verifyFailed(fmt.Sprintf("%s was created but its ETag %s is not the source's %s", plan.Dest, made.ETag, plan.SourceETag))
		}
		checks = append(checks, "ETag (the source's MD5)")
	}
	if want.Value != "" && made.Checksum.Value != "" {
		if made.Checksum.Value != want.Value {
			return WholeCheck{}, verifyFailed(fmt.Sprintf("%s was created but its %s %s is not the source's %s", plan.Dest, want.Algorithm, made.Checksum.Value, want.Value))
		}
		checks = append(checks, want.Algorithm+" (the source's)")
	}
	if c.Preset().ConditionsUnverified && plan.Conditions.IfMatch != "" {
		// If-Match may have been ignored: the copy is one version whole,
		// but maybe not the one planned.
		if now, err := c.HeadObject(ctx, plan.Source); err == nil && !model.SameETag(now.ETag, plan.SourceETag) {
			return WholeCheck{}, &model.OpError{Op: "verify", Code: CodeSourceChangedAfterComplete, Message: fmt.Sprintf(
				"%s was created, but the source changed while it was copied (ETag %s, now %s) and the %s provider may ignore If-Match: the new object may be the newer version; check it",
				plan.Dest, plan.SourceETag, now.ETag, c.Preset().Name)}
		}
	}
	return WholeCheck{ETag: made.ETag, What: strings.Join(checks, " and ")}, nil
}

// WholeExpectedChecksum is the checksum the new object must have: the
// source's whole-object one, when the copy asks for its algorithm (one
// object whole has a whole-object checksum of any algorithm).
func WholeExpectedChecksum(plan model.Plan) model.Checksum {
	src, n := plan.SourceAttrs.Checksum, plan.NewObject()
	if src.Value == "" || !src.IsFullObject() || n.ChecksumAlgorithm != src.Algorithm {
		return model.Checksum{}
	}
	return src
}

// WholeETagCompared says whether VerifyWhole will compare the new
// object's ETag with the source's: where both are the MD5 of their bytes,
// as far as the plan tells (the new object's encryption).
func WholeETagCompared(plan model.Plan) bool {
	n := plan.NewObject()
	return sourceETagIsMD5(plan) && !strings.HasPrefix(n.SSE, "aws:kms") && n.SSECKey == ""
}

// sourceETagIsMD5: the source's ETag, as planned, is the MD5 of its bytes.
func sourceETagIsMD5(plan model.Plan) bool {
	src := model.ObjectInfo{ETag: plan.SourceETag, ServerSideEncryption: plan.SourceAttrs.SSE}
	if plan.SourceAttrs.SSEC {
		src.SSECAlgorithm = model.SSECAlgorithm
	}
	return PlainMD5(src)
}

// PlainMD5: the object's ETag is the MD5 of its bytes. Under SSE-KMS (and
// DSSE) and SSE-C an ETag of 32 hex digits is not an MD5, so it proves
// nothing.
func PlainMD5(o model.ObjectInfo) bool {
	return model.IsMD5ETag(o.ETag) && !strings.HasPrefix(o.ServerSideEncryption, "aws:kms") && o.SSECAlgorithm == ""
}

// SingleByDefault says whether a source of size is copied with one
// CopyObject when the person did not say: under the provider's multipart
// threshold (one request instead of three, and an ETag that is the MD5 of
// the bytes), or on a service without UploadPartCopy when it fits one
// CopyObject. why says so in a person's words.
func (p Preset) SingleByDefault(size int64) (single bool, why string) {
	threshold := model.FormatSize(p.SingleCopyBelow)
	switch {
	case p.Limits.NoPartCopy && size <= MaxCopyObjectSize:
		return true, fmt.Sprintf("the %s provider has no UploadPartCopy", p.Name)
	case size < p.SingleCopyBelow:
		return true, fmt.Sprintf("source %s is under the %s multipart threshold", model.FormatSize(size), threshold)
	}
	return false, fmt.Sprintf("source %s is not under the %s multipart threshold", model.FormatSize(size), threshold)
}

package cli

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"strings"

	"s3parts/model"
	"s3parts/provider"
)

// singleResult is what `copy --single --json` prints.
type singleResult struct {
	Source    model.Ref `json:"source"`
	Dest      model.Ref `json:"dest"`
	Size      int64     `json:"size"`
	ETag      string    `json:"etag"`
	VersionID string    `json:"version_id,omitempty"`
	// Verified says what was checked of the new object.
	Verified string `json:"verified"`
}

// checkSingle refuses the flags that mean parts, which one CopyObject has
// none of.
func checkSingle(f copyFlags, t model.Target) error {
	if !reflect.DeepEqual(t, model.Target{}) {
		// CopyObject could set them too (directives); not built yet.
		return usagef("--single keeps what the source has: --storage-class, --sse, --metadata, --tagging, the content, lock and ACL flags are for a multipart copy")
	}
	for _, x := range []struct {
		set  bool
		flag string
	}{
		{len(f.ranges) > 0, "--range"}, {f.uploadID != "", "--upload-id"}, {len(f.recopy) > 0, "--recopy"},
		{f.noComplete, "--no-complete"}, {f.partSize != "" && f.partSize != "auto", "--part-size " + f.partSize},
	} {
		if x.set {
			return usagef("--single copies with one CopyObject, which has no parts: %s cannot be used with it", x.flag)
		}
	}
	return nil
}

// runSingle copies with one CopyObject: a source of up to 5 GiB, on any
// service, including those without UploadPartCopy. It is one request, so
// there is nothing to journal or resume; the new object is checked as a
// multipart copy is (its size; its ETag where both are MD5s).
func (a *app) runSingle(ctx context.Context, c *provider.Client, in copyInput, f copyFlags) error {
	info, err := c.HeadSource(ctx, in.src)
	if err != nil {
		if oe := provider.Classify("", err); oe.DeleteMarker {
			return err
		}
		return fmt.Errorf("source %s: %w", in.src, err)
	}
	if info.Size > provider.MaxCopyObjectSize {
		also := "without --single it is copied part by part"
		if c.Preset().Limits.NoPartCopy {
			also = fmt.Sprintf("the %s provider has no UploadPartCopy either, so it cannot be copied there server-side", c.Preset().Name)
		}
		return usagef("--single: source %s is %s; one CopyObject copies at most %s (%s)", in.src,
			model.FormatSize(info.Size), model.FormatSize(provider.MaxCopyObjectSize), also)
	}
	// The source's class and encryption, sent again: CopyObject would
	// otherwise make a STANDARD object under the bucket's default.
	keep := model.Target{}.Resolve(info.Headers, c.SourceAttrs(ctx, info, false))
	cond := in.conditions
	switch in.ifMatch {
	case "auto":
		cond.IfMatch = info.ETag
	case "":
	default:
		cond.IfMatch = in.ifMatch
	}
	if f.dryRun {
		w := a.stdout
		fmt.Fprintf(w, "source       %s\n             %s (%d bytes), ETag %s\n", in.src, model.FormatSize(info.Size), info.Size, info.ETag)
		fmt.Fprintf(w, "destination  %s\n", in.dst)
		fmt.Fprintf(w, "provider     %s\n             rules: %s\n", c.Preset().Name, factsLine(c, in.src.Bucket))
		fmt.Fprintf(w, "copy         one CopyObject (--single): the source's metadata and tags are kept; %s\n", keptText(keep))
		fmt.Fprintf(w, "conditions   %s\n", cmp.Or(cond.String(), "none"))
		fmt.Fprintln(w, "\ndry run: nothing was sent")
		return nil
	}
	if err := a.confirmOverwrite(ctx, c, in.dst); err != nil {
		return err
	}
	res, err := c.CopyObject(ctx, in.src, in.dst, cond, keep)
	if err != nil {
		if provider.IsCode(err, "PreconditionFailed") {
			if now, herr := c.HeadObject(ctx, in.src); herr == nil {
				if failed := cond.FailedBy(now.ETag, now.LastModified); len(failed) > 0 {
					return fmt.Errorf("the source %s does not meet %s (412): nothing was copied", in.src, strings.Join(failed, " and "))
				}
			}
		}
		return err
	}
	dst := in.dst
	dst.VersionID = res.VersionID
	made, err := c.HeadObject(ctx, dst)
	if err != nil {
		return fmt.Errorf("%s was created but could not be checked: %w", in.dst, err)
	}
	verified := "size"
	switch {
	case made.Size != info.Size:
		return fmt.Errorf("%s was created but is %d bytes; the source is %d", in.dst, made.Size, info.Size)
	case plainMD5(info) && plainMD5(made):
		if !model.SameETag(info.ETag, made.ETag) {
			return fmt.Errorf("%s was created but its ETag %s is not the source's %s", in.dst, made.ETag, info.ETag)
		}
		verified = "size and ETag (the source's MD5)"
	}
	if c.Preset().ConditionsUnverified && cond.IfMatch != "" {
		// If-Match may have been ignored: the copy is one version whole,
		// but maybe not the one planned.
		if now, err := c.HeadObject(ctx, in.src); err == nil && !model.SameETag(now.ETag, info.ETag) {
			return fmt.Errorf("%s was created, but the source changed while it was copied (ETag %s, now %s) and the %s provider may ignore If-Match: the new object may be the newer version; check it",
				in.dst, info.ETag, now.ETag, c.Preset().Name)
		}
	}
	out := singleResult{Source: in.src, Dest: in.dst, Size: made.Size, ETag: made.ETag, VersionID: res.VersionID, Verified: verified}
	if f.jsonOut {
		return writeJSON(a.jsonOut, out)
	}
	fmt.Fprintf(a.stdout, "copied %s to %s with one CopyObject: %s, ETag %s (verified: %s)\n", in.src, in.dst, model.FormatSize(made.Size), made.ETag, verified)
	return nil
}

// plainMD5: the object's ETag is the MD5 of its bytes. Under SSE-KMS (and
// DSSE) an ETag of 32 hex digits is not an MD5, so it proves nothing.
func plainMD5(o model.ObjectInfo) bool {
	return model.IsMD5ETag(o.ETag) && !strings.HasPrefix(o.ServerSideEncryption, "aws:kms")
}

// keptText names the class and encryption a single copy keeps.
func keptText(n model.NewObject) string {
	class := cmp.Or(n.StorageClass, "STANDARD")
	enc := "the bucket's default encryption"
	if n.SSE != "" {
		enc = "encryption " + n.SSE
		if n.SSEKMSKeyID != "" {
			enc += " (" + n.SSEKMSKeyID + ")"
		}
	}
	return "storage class " + class + ", " + enc
}

package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"s3parts/model"
)

// targetFlags choose what the new object gets beyond its bytes; each
// left unset keeps what the source has.
type targetFlags struct {
	storageClass       string
	sse                string
	sseKMSKeyID        string
	metadata           []string
	tagging            string
	contentType        string
	cacheControl       string
	contentDisposition string
	lockMode           string
	retainUntil        string
	legalHold          string
	acl                string
}

func (t *targetFlags) add(fl *pflag.FlagSet) {
	fl.StringVar(&t.storageClass, "storage-class", "", "storage class of the new object (default: the source's), e.g. STANDARD_IA")
	fl.StringVar(&t.sse, "sse", "", "server-side encryption of the new object: AES256, aws:kms, aws:kms:dsse, or none for the bucket's default (default: the source's)")
	fl.StringVar(&t.sseKMSKeyID, "sse-kms-key-id", "", "KMS key for --sse aws:kms or aws:kms:dsse (default: the account's S3 key)")
	fl.StringArrayVar(&t.metadata, "metadata", nil, "user metadata KEY=VALUE of the new object, repeatable: replaces the source's")
	fl.StringVar(&t.tagging, "tagging", "keep", "tags of the new object: keep (the source's, read with GetObjectTagging), none, or K=V&K=V")
	fl.StringVar(&t.contentType, "content-type", "", "Content-Type of the new object (default: the source's)")
	fl.StringVar(&t.cacheControl, "cache-control", "", "Cache-Control of the new object (default: the source's)")
	fl.StringVar(&t.contentDisposition, "content-disposition", "", "Content-Disposition of the new object (default: the source's)")
	fl.StringVar(&t.lockMode, "object-lock-mode", "", "object lock of the new object: GOVERNANCE or COMPLIANCE (with --retain-until)")
	fl.StringVar(&t.retainUntil, "retain-until", "", "object lock retention end (RFC 3339 or YYYY-MM-DD), with --object-lock-mode")
	fl.StringVar(&t.legalHold, "legal-hold", "", "legal hold of the new object: ON or OFF")
	fl.StringVar(&t.acl, "acl", "", "canned ACL of the new object, e.g. bucket-owner-full-control (default: the bucket's)")
}

var tagKeywords = []string{"keep", "none"}

// lockFlags are the lock's flags, named in the checks' words.
var lockFlags = model.LockFields{Mode: "--object-lock-mode", Until: "--retain-until"}

// target checks the flags and returns the person's choices; now is when
// the copy is planned (a retention must end after it).
func (t targetFlags) target(now time.Time) (model.Target, error) {
	var out model.Target
	if t.storageClass != "" {
		v, err := model.StorageClass(t.storageClass)
		if err != nil {
			return out, usagef("--storage-class %v", err)
		}
		out.StorageClass = v
	}
	if t.sse != "" {
		v, err := model.SSE(t.sse)
		if err != nil {
			return out, usagef("--sse %v", err)
		}
		out.SSE = v
	}
	if err := model.SSEKMSKeyID(t.sseKMSKeyID, out.SSE, "--sse"); err != nil {
		return out, usagef("--sse-kms-key-id %v", err)
	}
	out.SSEKMSKeyID = t.sseKMSKeyID
	if len(t.metadata) > 0 {
		md, err := model.Metadata(t.metadata)
		if err != nil {
			return out, usagef("--metadata %v", err)
		}
		out.ReplaceMetadata, out.Metadata = true, md
	}
	switch strings.ToLower(t.tagging) {
	case "keep", "":
	case "none":
		out.Tagging = model.TagsNone
	default:
		tags, err := model.ParseTags(t.tagging)
		if err != nil {
			return out, usagef("--tagging: %v (or %s)", err, strings.Join(tagKeywords, ", "))
		}
		out.Tagging, out.Tags = model.TagsReplace, tags
	}
	for _, h := range []struct{ flag, v string }{{"--content-type", t.contentType}, {"--cache-control", t.cacheControl}, {"--content-disposition", t.contentDisposition}} {
		if err := model.HeaderValue(h.v); h.v != "" && err != nil {
			return out, usagef("%s %v", h.flag, err)
		}
	}
	out.ContentType, out.CacheControl, out.ContentDisposition = t.contentType, t.cacheControl, t.contentDisposition
	if err := t.lock(&out, now); err != nil {
		return out, err
	}
	if t.acl != "" {
		v, err := model.ACL(t.acl)
		if err != nil {
			return out, usagef("--acl %v", err)
		}
		out.ACL = v
	}
	return out, nil
}

// lock checks the object lock flags: a mode needs a retention end in the
// future, and one without the other is refused.
func (t targetFlags) lock(out *model.Target, now time.Time) error {
	if t.legalHold != "" {
		v, err := model.LegalHold(t.legalHold)
		if err != nil {
			return usagef("--legal-hold %v", err)
		}
		out.LegalHold = v
	}
	mode, until, err := model.ObjectLock(t.lockMode, t.retainUntil, now, lockFlags)
	if err != nil {
		return usageError{err} // names its flag
	}
	out.LockMode, out.RetainUntil = mode, until
	return nil
}

// checkKeptTags refuses a copy that keeps the source's tags when they
// could not be read: the new object would silently lack them.
func checkKeptTags(t model.Target, a model.SourceAttrs) error {
	if t.Tagging != model.TagsKeep || a.TagsRead {
		return nil
	}
	return fmt.Errorf("the source's tags could not be read (%s), so they cannot be kept: "+
		"copy without them (--tagging none) or give them (--tagging K=V&K=V)", a.TagsError)
}

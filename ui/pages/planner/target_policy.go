package planner

import (
	"errors"
	"strings"
	"time"

	"s3parts/model"
)

// Encryption, object lock and ACL: the new object's fields that the copy
// command's --sse, --sse-kms-key-id, --object-lock-mode, --retain-until,
// --legal-hold and --acl choose, checked by the same functions
// (model/target_checks.go). Encryption keeps the source's mode unless
// told; lock, legal hold and ACL are the destination's policy, never
// copied, so left empty none is sent.

// lockLabels name the lock's fields in its checks' words.
var lockLabels = model.LockFields{Mode: fieldLabels[fLockMode], Until: fieldLabels[fRetainUntil]}

// setupPolicy fills the fields with their defaults.
func (p *Page) setupPolicy() {
	p.inputs[fSSE].SetValue("keep")
	p.inputs[fSSE].Placeholder = "keep, none, AES256, aws:kms or aws:kms:dsse"
	p.inputs[fKMSKey].Placeholder = "the account's S3 key (with aws:kms)"
	p.inputs[fSSECKey].Placeholder = "none · a key file (SSE-C) for the new object"
	p.inputs[fSourceKey].Placeholder = "none · the key file of an SSE-C source"
	p.inputs[fLockMode].Placeholder = "none, GOVERNANCE or COMPLIANCE"
	p.inputs[fRetainUntil].Placeholder = "with an object lock: RFC 3339 or YYYY-MM-DD"
	p.inputs[fLegalHold].Placeholder = "none: not sent · ON or OFF"
	p.inputs[fACL].Placeholder = "the bucket's · private, bucket-owner-full-control…"
}

// policy reads the fields into t, and what is wrong with each into errs.
func (p *Page) policy(t *model.Target, errs map[int]string) {
	if v := strings.TrimSpace(p.inputs[fSSE].Value()); v != "" && !strings.EqualFold(v, "keep") {
		if sse, err := model.SSE(v); err == nil {
			t.SSE = sse
		} else {
			errs[fSSE] = err.Error() + " (or keep)"
		}
	}
	// A key is refused without aws:kms (a wrong mode is said once, on
	// its own field).
	if _, bad := errs[fSSE]; !bad {
		key := strings.TrimSpace(p.inputs[fKMSKey].Value())
		if err := model.SSEKMSKeyID(key, t.SSE, fieldLabels[fSSE]); err == nil {
			t.SSEKMSKeyID = key
		} else {
			errs[fKMSKey] = err.Error()
		}
	}
	mode, until, err := model.ObjectLock(orNone(p.inputs[fLockMode].Value()), strings.TrimSpace(p.inputs[fRetainUntil].Value()), p.env.Now(), lockLabels)
	var fe *model.FieldError
	switch {
	case errors.As(err, &fe) && fe.Field == lockLabels.Mode:
		errs[fLockMode] = fe.Err.Error()
	case errors.As(err, &fe):
		errs[fRetainUntil] = fe.Err.Error()
	default:
		t.LockMode, t.RetainUntil = mode, until
	}
	if v := orNone(p.inputs[fLegalHold].Value()); v != "" {
		if hold, err := model.LegalHold(v); err == nil {
			t.LegalHold = hold
		} else {
			errs[fLegalHold] = err.Error() + " (or none)"
		}
	}
	if v := strings.TrimSpace(p.inputs[fACL].Value()); v != "" {
		if acl, err := model.ACL(v); err == nil {
			t.ACL = acl
		} else {
			errs[fACL] = err.Error()
		}
	}
}

// orNone reads a field where none, like empty, sends nothing.
func orNone(v string) string {
	v = strings.TrimSpace(v)
	if strings.EqualFold(v, "none") {
		return ""
	}
	return v
}

// fieldHelp says what the focused field of the section takes, and what
// its default does.
func (p *Page) fieldHelp(f int) string {
	switch f {
	case fStorageClass:
		return "STANDARD, STANDARD_IA, INTELLIGENT_TIERING, GLACIER_IR…; empty keeps the source's"
	case fTags:
		return "keep (the source's), none, or K=V&K=V (up to 10, URL-encoded)"
	case fMetadata:
		return "keep (the source's), or K=V, K=V replacing all of it (printable US-ASCII)"
	case fContentType:
		return "a MIME type, e.g. video/mp4; empty keeps the source's"
	case fSSE:
		return "keep (the source's: " + p.sourceSSE() + "), none (the bucket's default), AES256, aws:kms or aws:kms:dsse"
	case fKMSKey:
		help := "a KMS key id or ARN, only with encryption aws:kms or aws:kms:dsse; empty: the account's S3 key"
		if p.attrs.SSEKMSKeyID != "" {
			help += " (encryption keep keeps the source's, " + p.attrs.SSEKMSKeyID + ")"
		}
		return help
	case fSSECKey:
		return "a file holding a customer key (SSE-C: 32 bytes, or base64 or hex) to encrypt the new object with, instead of encryption; never shown or kept (its fingerprint is)"
	case fSourceKey:
		return "the file holding the key an SSE-C source is encrypted with: the source is read again with it; never shown or kept"
	case fLockMode:
		return "GOVERNANCE or COMPLIANCE, with retain until; none: no lock (never copied from the source)"
	case fRetainUntil:
		return "when the lock ends, after now (" + p.env.Now().UTC().Format(time.DateTime) + " UTC): RFC 3339, an HTTP date or YYYY-MM-DD"
	case fLegalHold:
		return "ON or OFF; none: not sent (never copied from the source)"
	case fACL:
		return strings.Join(model.CannedACLs, ", ") + "; empty: the bucket's (never copied)"
	}
	return ""
}

// sourceSSE is the source's encryption as read: "-" for none, "not read
// yet" before.
func (p *Page) sourceSSE() string {
	switch {
	case p.info == nil:
		return "not read yet"
	case p.attrs.SSE == "":
		return "none"
	case p.attrs.SSEKMSKeyID != "":
		return p.attrs.SSE + ", key " + p.attrs.SSEKMSKeyID
	}
	return p.attrs.SSE
}

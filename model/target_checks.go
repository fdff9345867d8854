package model

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The checks on what a person chooses for the new object, shared by the
// copy command's flags and the planner's fields, in the same words.

var (
	storageClassRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	// S3 sends user metadata as x-amz-meta-KEY headers: a key is a header
	// token, a value printable US-ASCII (anything else would not survive
	// signing and the trip).
	metaKeyRE = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
)

// StorageClass reads a storage class in any case: letters, digits and _.
func StorageClass(v string) (string, error) {
	up := strings.ToUpper(v)
	if !storageClassRE.MatchString(up) {
		return "", fmt.Errorf("%q is not a storage class (letters, digits and _, like STANDARD_IA)", v)
	}
	return up, nil
}

// Metadata reads KEY=VALUE pairs into user metadata (keys lowercased, as
// S3 keeps them), refusing a key given twice.
func Metadata(pairs []string) (map[string]string, error) {
	md := map[string]string{}
	for _, kv := range pairs {
		k, v, ok := strings.Cut(kv, "=")
		switch {
		case !ok || !metaKeyRE.MatchString(k):
			return nil, fmt.Errorf("%q: write KEY=VALUE, the key letters, digits and -_. (it becomes a header)", kv)
		case !PrintableASCII(v):
			return nil, fmt.Errorf("%q: a value is sent as a header, so printable US-ASCII only", kv)
		}
		if _, dup := md[strings.ToLower(k)]; dup {
			return nil, fmt.Errorf("%q: key %s is given twice (keys are not case-sensitive)", kv, k)
		}
		md[strings.ToLower(k)] = v
	}
	return md, nil
}

// HeaderValue refuses a header value that is not printable US-ASCII.
func HeaderValue(v string) error {
	if !PrintableASCII(v) {
		return fmt.Errorf("%q: a header value is printable US-ASCII", v)
	}
	return nil
}

// PrintableASCII reports text of printable US-ASCII only.
func PrintableASCII(s string) bool {
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return false
		}
	}
	return true
}

// The words each check accepts, as the copy command's help and the
// planner's fields list them.
var (
	SSEModes   = []string{"AES256", "aws:kms", "aws:kms:dsse", "none"}
	LockModes  = []string{"GOVERNANCE", "COMPLIANCE"}
	LegalHolds = []string{"ON", "OFF"}
	CannedACLs = []string{"private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read",
		"bucket-owner-read", "bucket-owner-full-control"}
)

// SSE reads an encryption mode in any case: one of SSEModes, none asking
// for the bucket's default.
func SSE(v string) (string, error) {
	i := slices.IndexFunc(SSEModes, func(m string) bool { return strings.EqualFold(m, v) })
	if i < 0 {
		return "", fmt.Errorf("%q: use one of %s", v, strings.Join(SSEModes, ", "))
	}
	return SSEModes[i], nil
}

// SSEKMSKeyID refuses a KMS key given without KMS encryption (an sse of
// aws:kms or aws:kms:dsse, as SSE returns it); sseField names the
// encryption's field in the person's words (--sse, encryption).
func SSEKMSKeyID(key, sse, sseField string) error {
	if key != "" && !strings.HasPrefix(sse, "aws:kms") {
		return fmt.Errorf("%q goes with %s aws:kms", key, sseField)
	}
	return nil
}

// LegalHold reads ON or OFF in any case.
func LegalHold(v string) (string, error) {
	up := strings.ToUpper(v)
	if !slices.Contains(LegalHolds, up) {
		return "", fmt.Errorf("%q: use ON or OFF", v)
	}
	return up, nil
}

// ACL reads a canned ACL, as S3 spells it.
func ACL(v string) (string, error) {
	if !slices.Contains(CannedACLs, v) {
		return "", fmt.Errorf("%q: use one of %s", v, strings.Join(CannedACLs, ", "))
	}
	return v, nil
}

// LockFields name an object lock's two fields in the person's words (the
// copy command's flags, the planner's labels): each needs the other.
type LockFields struct{ Mode, Until string }

// FieldError is a check's refusal of one of several fields checked
// together: Field is its name as the caller gave it, Err says why,
// naming the value.
type FieldError struct {
	Field string
	Err   error
	// sentence: Err reads on its own, so it follows "Field: " rather
	// than going on from the field's name.
	sentence bool
}

func (e *FieldError) Error() string {
	if e.sentence {
		return e.Field + ": " + e.Err.Error()
	}
	return e.Field + " " + e.Err.Error()
}
func (e *FieldError) Unwrap() error { return e.Err }

// ObjectLock reads an object lock: a mode (GOVERNANCE or COMPLIANCE, any
// case) and when it ends (RFC 3339, an HTTP date or YYYY-MM-DD), which
// must be after now, the time the copy is planned. One without the other
// is refused; neither is no lock. The error is a *FieldError.
func ObjectLock(mode, until string, now time.Time, f LockFields) (string, time.Time, error) {
	if mode == "" && until == "" {
		return "", time.Time{}, nil
	}
	up := strings.ToUpper(mode)
	switch {
	case mode == "":
		return "", time.Time{}, &FieldError{f.Until, fmt.Errorf("%s needs %s GOVERNANCE or COMPLIANCE", until, f.Mode), false}
	case !slices.Contains(LockModes, up):
		return "", time.Time{}, &FieldError{f.Mode, fmt.Errorf("%q: use GOVERNANCE or COMPLIANCE", mode), false}
	case until == "":
		return "", time.Time{}, &FieldError{f.Mode, fmt.Errorf("%s needs %s (when the lock ends)", up, f.Until), false}
	}
	end, err := ParseTime(until)
	if err != nil {
		return "", time.Time{}, &FieldError{f.Until, err, true}
	}
	if !end.After(now) {
		return "", time.Time{}, &FieldError{f.Until, fmt.Errorf("%s is not in the future: a lock must end after the copy", until), false}
	}
	return up, end, nil
}

package model

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Each choice is read in any case the copy command took, and a bad one is
// refused naming the value and what is allowed.
func TestTargetChoiceChecks(t *testing.T) {
	for _, c := range []struct {
		check    func(string) (string, error)
		in, want string
	}{
		{SSE, "aes256", "AES256"}, {SSE, "AWS:KMS", "aws:kms"}, {SSE, "aws:kms:dsse", "aws:kms:dsse"}, {SSE, "None", "none"},
		{LegalHold, "on", "ON"}, {LegalHold, "OFF", "OFF"},
		{ACL, "bucket-owner-full-control", "bucket-owner-full-control"},
	} {
		if got, err := c.check(c.in); err != nil || got != c.want {
			t.Errorf("%q: %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, c := range []struct {
		check    func(string) (string, error)
		in, want string
	}{
		{SSE, "DES", `"DES": use one of AES256, aws:kms, aws:kms:dsse, none`},
		{SSE, "keep", `"keep": use one of`}, // the planner's word, not the command's
		{LegalHold, "maybe", `"maybe": use ON or OFF`},
		{ACL, "everyone", `"everyone": use one of private, public-read,`},
		{ACL, "Private", `"Private": use one of`}, // S3 spells them in lower case
	} {
		if _, err := c.check(c.in); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v; want %q", c.in, err, c.want)
		}
	}
}

// A KMS key goes only with KMS encryption, and the refusal names the
// encryption's field as the caller calls it.
func TestSSEKMSKeyID(t *testing.T) {
	for _, sse := range []string{"aws:kms", "aws:kms:dsse"} {
		if err := SSEKMSKeyID("k1", sse, "--sse"); err != nil {
			t.Errorf("k1 with %s: %v", sse, err)
		}
	}
	for _, sse := range []string{"", "none", "AES256"} {
		if err := SSEKMSKeyID("", sse, "--sse"); err != nil {
			t.Errorf("no key with %q: %v", sse, err)
		}
		err := SSEKMSKeyID("k1", sse, "encryption")
		if err == nil || err.Error() != `"k1" goes with encryption aws:kms` {
			t.Errorf("k1 with %q: %v", sse, err)
		}
	}
}

// A lock needs a mode and an end after the planning time; each refusal
// belongs to one field, named in the caller's words.
func TestObjectLock(t *testing.T) {
	now := time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)
	f := LockFields{Mode: "mode", Until: "until"}
	if mode, until, err := ObjectLock("", "", now, f); mode != "" || !until.IsZero() || err != nil {
		t.Errorf("no lock: %q %v %v", mode, until, err)
	}
	mode, until, err := ObjectLock("governance", "2030-06-02", now, f)
	if mode != "GOVERNANCE" || !until.Equal(time.Date(2030, 6, 2, 0, 0, 0, 0, time.UTC)) || err != nil {
		t.Errorf("a lock: %q %v %v", mode, until, err)
	}
	for _, c := range []struct{ mode, until, field, want string }{
		{"", "2031-01-01", "until", "until 2031-01-01 needs mode GOVERNANCE or COMPLIANCE"},
		{"forever", "2031-01-01", "mode", `mode "forever": use GOVERNANCE or COMPLIANCE`},
		{"compliance", "", "mode", "mode COMPLIANCE needs until (when the lock ends)"},
		{"COMPLIANCE", "soon", "until", `until: time "soon" is not valid`},
		{"COMPLIANCE", "2030-06-01", "until", "until 2030-06-01 is not in the future: a lock must end after the copy"},
		{"COMPLIANCE", "2030-06-01T12:00:00Z", "until", "is not in the future"},
	} {
		_, _, err := ObjectLock(c.mode, c.until, now, f)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q %q: %v; want %s: %q", c.mode, c.until, err, c.field, c.want)
		}
	}
}

package model

import (
	"maps"
	"strings"
	"testing"
	"time"
)

// The zero target keeps what the source has; each choice replaces only
// its own attribute; lock and ACL are never taken from the source.
func TestTargetResolve(t *testing.T) {
	h := ObjectHeaders{ContentType: "video/mp4", CacheControl: "max-age=60", Metadata: map[string]string{"owner": "ops"}}
	src := SourceAttrs{StorageClass: "STANDARD_IA", SSE: "aws:kms", SSEKMSKeyID: "k1", Tags: map[string]string{"team": "media"}, TagsRead: true,
		LockMode: "GOVERNANCE", RetainUntil: time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC), LegalHold: "ON"}
	kept := Target{}.Resolve(h, src)
	if kept.StorageClass != "STANDARD_IA" || kept.SSE != "aws:kms" || kept.SSEKMSKeyID != "k1" || !maps.Equal(kept.Tags, src.Tags) ||
		kept.Headers.ContentType != "video/mp4" || kept.Headers.Metadata["owner"] != "ops" || kept.LockMode != "" || kept.LegalHold != "" {
		t.Errorf("kept: %+v", kept)
	}
	if d := Differences(h, src, kept); len(d) != 2 || d[0].Name != "object lock" || d[1].Name != "legal hold" {
		t.Errorf("a kept copy differs only by the lock it does not carry over: %+v", d)
	}
	ch := Target{StorageClass: "GLACIER_IR", SSE: "none", ReplaceMetadata: true, Metadata: map[string]string{"x": "1"},
		Tagging: TagsNone, ContentType: "text/plain"}.Resolve(h, src)
	if ch.StorageClass != "GLACIER_IR" || ch.SSE != "" || ch.SSEKMSKeyID != "" || ch.Tags != nil || ch.Headers.Metadata["x"] != "1" ||
		ch.Headers.ContentType != "text/plain" || ch.Headers.CacheControl != "max-age=60" {
		t.Errorf("changed: %+v", ch)
	}
	if std := (Target{}).Resolve(h, SourceAttrs{StorageClass: "STANDARD"}); std.StorageClass != "" {
		t.Errorf("STANDARD is the default, not sent: %q", std.StorageClass)
	}
	aes := Target{SSE: "AES256", SSEKMSKeyID: "ignored"}.Resolve(h, src)
	if aes.SSE != "AES256" || aes.SSEKMSKeyID != "" {
		t.Errorf("AES256 carries no KMS key: %+v", aes)
	}
	unread := Compare(h, SourceAttrs{TagsError: "AccessDenied"}, Target{Tagging: TagsReplace, Tags: map[string]string{"a": "1"}}.Resolve(h, SourceAttrs{}))
	for _, a := range unread {
		if a.Name == "tags" && (a.Source != "not read" || !a.Changed) {
			t.Errorf("unread tags: %+v", a)
		}
	}
}

func TestTags(t *testing.T) {
	tags, err := ParseTags("team=media+%26+co&a=1&empty=")
	if err != nil || !maps.Equal(tags, map[string]string{"team": "media & co", "a": "1", "empty": ""}) {
		t.Fatalf("ParseTags: %v %v", tags, err)
	}
	if got := TaggingHeader(tags); got != "a=1&empty=&team=media%20%26%20co" {
		t.Errorf("TaggingHeader = %q", got)
	}
	for _, bad := range []string{"", "=x", "a=1&a=2", strings.Repeat("k", 129) + "=v", "k=" + strings.Repeat("v", 257),
		"1=a&2=a&3=a&4=a&5=a&6=a&7=a&8=a&9=a&10=a&11=a", "%zz=1"} {
		if _, err := ParseTags(bad); err == nil {
			t.Errorf("ParseTags(%.40q) took it", bad)
		}
	}
}

// Expires is carried when it is an HTTP date; anything else S3 stored
// cannot be sent again, and the preview says so.
func TestExpiresCarried(t *testing.T) {
	h := ObjectHeaders{Expires: "Wed, 21 Oct 2037 07:28:00 GMT", WebsiteRedirectLocation: "/x.html"}
	if when, ok := HTTPExpires(h.Expires); !ok || when.Year() != 2037 {
		t.Fatalf("HTTPExpires(%q) = %v, %v", h.Expires, when, ok)
	}
	if d := Differences(h, SourceAttrs{TagsRead: true}, Target{}.Resolve(h, SourceAttrs{TagsRead: true})); len(d) != 0 {
		t.Errorf("a kept Expires and redirect differ: %+v", d)
	}
	bad := ObjectHeaders{Expires: "soon"}
	d := Differences(bad, SourceAttrs{TagsRead: true}, Target{}.Resolve(bad, SourceAttrs{TagsRead: true}))
	if len(d) != 1 || d[0].Name != "Expires" || d[0].New != "not kept: not an HTTP date" {
		t.Errorf("an Expires that is no date: %+v", d)
	}
}

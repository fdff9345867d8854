package model

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// FailedBy names each condition a source does not meet, at the whole
// seconds HTTP dates carry.
func TestConditionsFailedBy(t *testing.T) {
	mod := time.Date(2030, 5, 6, 7, 8, 9, 500_000_000, time.UTC) // any day: the rules do not depend on it
	const etag = `"abc"`
	cases := []struct {
		name string
		c    Conditions
		want []string
	}{
		{"none", Conditions{}, nil},
		{"if-match holds", Conditions{IfMatch: "abc"}, nil},
		{"if-match *", Conditions{IfMatch: "*"}, nil},
		{"if-match fails", Conditions{IfMatch: "zzz"}, []string{"If-Match"}},
		{"if-none-match fails", Conditions{IfNoneMatch: `"abc"`}, []string{"If-None-Match"}},
		{"if-none-match * fails", Conditions{IfNoneMatch: "*"}, []string{"If-None-Match"}},
		{"if-none-match holds", Conditions{IfNoneMatch: "zzz"}, nil},
		{"modified since: same second fails", Conditions{IfModifiedSince: mod.Truncate(time.Second)}, []string{"If-Modified-Since"}},
		{"modified since: a second before holds", Conditions{IfModifiedSince: mod.Add(-time.Second)}, nil},
		{"unmodified since: same second holds", Conditions{IfUnmodifiedSince: mod.Truncate(time.Second)}, nil},
		{"unmodified since: before fails", Conditions{IfUnmodifiedSince: mod.Add(-time.Hour)}, []string{"If-Unmodified-Since"}},
		{"if-match holds, unmodified-since fails", Conditions{IfMatch: etag, IfUnmodifiedSince: mod.Add(-time.Hour)}, []string{"If-Unmodified-Since"}},
	}
	for _, c := range cases {
		if got := c.c.FailedBy(etag, mod); !slices.Equal(got, c.want) {
			t.Errorf("%s: FailedBy = %v, want %v", c.name, got, c.want)
		}
	}
}

// Explain says what S3 makes of two conditions together, and nothing of
// one alone.
func TestConditionsExplain(t *testing.T) {
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	if got := (Conditions{IfMatch: "abc"}).Explain(); len(got) != 0 {
		t.Errorf("If-Match alone explained as %v", got)
	}
	got := strings.Join(Conditions{IfMatch: "abc", IfUnmodifiedSince: at}.Explain(), "\n")
	if !strings.Contains(got, "AWS copies") || !strings.Contains(got, "MinIO answers 412") {
		t.Errorf("If-Match + If-Unmodified-Since explained as %q", got)
	}
	got = strings.Join(Conditions{IfNoneMatch: "abc", IfModifiedSince: at}.Explain(), "\n")
	if !strings.Contains(got, "If-None-Match fails, the copy fails (412)") {
		t.Errorf("If-None-Match + If-Modified-Since explained as %q", got)
	}
}

// A 412 another condition caused is not "the source changed".
func TestSourceChangedOnlyForIfMatch(t *testing.T) {
	job := func(c Conditions, failed ...string) Job {
		return Job{Plan: Plan{SourceETag: `"abc"`, Conditions: c}, Parts: []PartState{{State: StateFailed,
			Err: &OpError{Code: "PreconditionFailed", HTTPStatus: 412, Failed: failed}}}}
	}
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		name    string
		j       Job
		changed bool
		failed  []string
	}{
		{"if-match failed", job(Conditions{IfMatch: "abc"}, "If-Match"), true, []string{"If-Match"}},
		{"old journal, if-match alone", job(Conditions{IfMatch: "abc"}), true, nil},
		{"old journal, two conditions: not known", job(Conditions{IfMatch: "abc", IfUnmodifiedSince: at}), false, nil},
		{"unmodified-since failed", job(Conditions{IfMatch: "abc", IfUnmodifiedSince: at}, "If-Unmodified-Since"), false, []string{"If-Unmodified-Since"}},
		{"none-match failed", job(Conditions{IfMatch: "abc", IfNoneMatch: "zzz"}, "If-None-Match"), false, []string{"If-None-Match"}},
	}
	// versitygw answers a failed If-None-Match or If-Modified-Since with 304.
	notModified := job(Conditions{IfNoneMatch: "abc"}, "If-None-Match")
	notModified.Parts[0].Err.Code, notModified.Parts[0].Err.HTTPStatus = "NotModified", 304
	cases = append(cases, struct {
		name    string
		j       Job
		changed bool
		failed  []string
	}{"304 names its condition", notModified, false, []string{"If-None-Match"}})
	for _, c := range cases {
		if got := c.j.SourceChanged(); got != c.changed {
			t.Errorf("%s: SourceChanged = %v, want %v", c.name, got, c.changed)
		}
		if got := c.j.FailedConditions(); !slices.Equal(got, c.failed) {
			t.Errorf("%s: FailedConditions = %v, want %v", c.name, got, c.failed)
		}
	}
}

// Small texts: a count agrees with its number, and an error whose code
// repeats its message says it once.
func TestSmallTexts(t *testing.T) {
	for n, want := range map[int]string{0: "0 parts", 1: "1 part", 2: "2 parts"} {
		if got := Count(n, "part"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
	if got := (&OpError{Op: "copy", Code: "Cancelled", Message: "cancelled"}).Error(); got != "copy: cancelled" {
		t.Errorf("a cancelled copy reads %q", got)
	}
}

// The null version that is a key's latest is the object itself.
func TestVersionRef(t *testing.T) {
	if r := (Version{Key: "k", VersionID: "null", IsLatest: true}).Ref("b"); r != (Ref{Bucket: "b", Key: "k"}) {
		t.Errorf("latest null version names %v", r)
	}
	if r := (Version{Key: "k", VersionID: "null"}).Ref("b"); r.VersionID != "null" {
		t.Errorf("an older null version names %v", r)
	}
}

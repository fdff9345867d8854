package model

import (
	"fmt"
	"strings"
	"time"
)

// Conditions are the x-amz-copy-source-if-* headers sent with every part.
// A zero field is not sent.
type Conditions struct {
	IfMatch           string    `json:"if_match,omitempty"`
	IfNoneMatch       string    `json:"if_none_match,omitempty"`
	IfModifiedSince   time.Time `json:"if_modified_since,omitzero"`
	IfUnmodifiedSince time.Time `json:"if_unmodified_since,omitzero"`
}

// conditionNames are the conditions in the order the headers are sent.
var conditionNames = []string{"If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"}

// FailedBy names the conditions a source with this ETag and last-modified
// time does not meet (RFC 7232 each on its own; how a server combines
// them is Explain's to say).
func (c Conditions) FailedBy(etag string, modified time.Time) []string {
	var out []string
	if c.IfMatch != "" && c.IfMatch != "*" && !SameETag(c.IfMatch, etag) {
		out = append(out, "If-Match")
	}
	if c.IfNoneMatch != "" && (c.IfNoneMatch == "*" || SameETag(c.IfNoneMatch, etag)) {
		out = append(out, "If-None-Match")
	}
	// HTTP dates are whole seconds: the source's time is compared at that.
	mod := modified.Truncate(time.Second)
	if !c.IfModifiedSince.IsZero() && !mod.After(c.IfModifiedSince.Truncate(time.Second)) {
		out = append(out, "If-Modified-Since")
	}
	if !c.IfUnmodifiedSince.IsZero() && mod.After(c.IfUnmodifiedSince.Truncate(time.Second)) {
		out = append(out, "If-Unmodified-Since")
	}
	return out
}

// Explain says what S3's rules make of the conditions set together, where
// the answer is not what each says on its own: a person reads it before
// the copy starts.
func (c Conditions) Explain() []string {
	var out []string
	if c.IfMatch != "" && !c.IfUnmodifiedSince.IsZero() {
		out = append(out, "If-Match + If-Unmodified-Since: when If-Match passes, AWS copies even if the source was modified after If-Unmodified-Since (MinIO answers 412)")
	}
	if c.IfNoneMatch != "" && !c.IfModifiedSince.IsZero() {
		out = append(out, "If-None-Match + If-Modified-Since: when If-None-Match fails, the copy fails (412) even if the source was modified after If-Modified-Since")
	}
	return out
}

// IsZero reports whether no condition is set.
func (c Conditions) IsZero() bool { return c == (Conditions{}) }

// ConditionRule is how a provider lets the four conditions be combined.
type ConditionRule string

const (
	// ConditionsAny: any combination (AWS, MinIO, Ceph).
	ConditionsAny ConditionRule = "any"
	// ConditionsPaired: If-Match only with If-Unmodified-Since, and
	// If-None-Match only with If-Modified-Since (Tencent COS answers any other
	// combination with a conflict).
	ConditionsPaired ConditionRule = "paired"
)

// Validate checks the conditions against the provider's rule.
func (c Conditions) Validate(rule ConditionRule) error {
	for _, h := range []struct{ name, etag string }{{"If-Match", c.IfMatch}, {"If-None-Match", c.IfNoneMatch}} {
		if err := checkETag(h.etag); err != nil {
			return fmt.Errorf("%s value %q is not valid: %w", h.name, h.etag, err)
		}
	}
	if c.IfMatch != "" && c.IfNoneMatch != "" && trimQuotes(c.IfMatch) == trimQuotes(c.IfNoneMatch) {
		return fmt.Errorf("If-Match and If-None-Match are both %s: no copy could ever pass both", c.IfMatch)
	}
	if rule != ConditionsPaired {
		return nil
	}
	matchSide := setNames(c.IfMatch != "", "If-Match", !c.IfUnmodifiedSince.IsZero(), "If-Unmodified-Since")
	noneSide := setNames(c.IfNoneMatch != "", "If-None-Match", !c.IfModifiedSince.IsZero(), "If-Modified-Since")
	if matchSide != "" && noneSide != "" {
		return fmt.Errorf("this provider allows If-Match only with If-Unmodified-Since and If-None-Match only with If-Modified-Since: "+
			"%s cannot be combined with %s", matchSide, noneSide)
	}
	return nil
}

func setNames(aSet bool, a string, bSet bool, b string) string {
	switch {
	case aSet && bSet:
		return a + " + " + b
	case aSet:
		return a
	case bSet:
		return b
	}
	return ""
}

// checkETag accepts "" (unset), *, a quoted ETag ("abc", W/"abc") or a
// bare one (abc): no spaces, control characters or stray quotes.
func checkETag(e string) error {
	if e == "" || e == "*" {
		return nil
	}
	if strings.ContainsAny(e, "\r\n") {
		return fmt.Errorf("it contains a line break")
	}
	inner := strings.TrimPrefix(e, "W/")
	if strings.HasPrefix(inner, `"`) {
		if len(inner) < 2 || !strings.HasSuffix(inner, `"`) {
			return fmt.Errorf("its opening quote is not closed")
		}
		inner = inner[1 : len(inner)-1]
	}
	if strings.ContainsAny(inner, "\" \t\r\n") || strings.IndexFunc(inner, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return fmt.Errorf("an ETag has no spaces, quotes inside or control characters")
	}
	return nil
}

// String lists the conditions set as the headers say them, e.g.
// `If-Match "abc", If-Unmodified-Since Sat, 21 Nov 2026 10:00:00 GMT`;
// "" when none is set.
func (c Conditions) String() string {
	var out []string
	if c.IfMatch != "" {
		out = append(out, "If-Match "+QuoteETag(c.IfMatch))
	}
	if c.IfNoneMatch != "" {
		out = append(out, "If-None-Match "+QuoteETag(c.IfNoneMatch))
	}
	if !c.IfModifiedSince.IsZero() {
		out = append(out, "If-Modified-Since "+HTTPDate(c.IfModifiedSince))
	}
	if !c.IfUnmodifiedSince.IsZero() {
		out = append(out, "If-Unmodified-Since "+HTTPDate(c.IfUnmodifiedSince))
	}
	return strings.Join(out, ", ")
}

// HTTPDate prints t as an HTTP date header value.
func HTTPDate(t time.Time) string { return t.UTC().Format(httpDates[0]) }

// QuoteETag returns the ETag in the quoted form S3 prints; users often type
// it bare.
func QuoteETag(etag string) string {
	if etag == "" || etag == "*" || strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, `W/"`) {
		return etag
	}
	return `"` + etag + `"`
}

func trimQuotes(etag string) string { return strings.Trim(etag, `"`) }

// httpDates are the date forms HTTP allows (RFC 9110 §5.6.7): IMF-fixdate,
// then the obsolete RFC 850 and asctime forms.
var httpDates = []string{
	"Mon, 02 Jan 2006 15:04:05 GMT",
	"Monday, 02-Jan-06 15:04:05 GMT",
	"Mon Jan _2 15:04:05 2006",
}

// ParseTime reads a time for If-Modified-Since and If-Unmodified-Since:
// RFC 3339 ("2026-11-21T10:00:00Z"), an HTTP date
// ("Sat, 21 Nov 2026 10:00:00 GMT") or a UTC date ("2026-11-21").
func ParseTime(s string) (time.Time, error) {
	t := strings.TrimSpace(s)
	if v, err := time.Parse(time.RFC3339, t); err == nil {
		return v.UTC(), nil
	}
	for _, layout := range httpDates {
		if v, err := time.Parse(layout, t); err == nil {
			return v.UTC(), nil
		}
	}
	if v, err := time.Parse(time.DateOnly, t); err == nil {
		return v.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("time %q is not valid: use RFC 3339 (2026-11-21T10:00:00Z), an HTTP date (Sat, 21 Nov 2026 10:00:00 GMT) or a date (2026-11-21)", s)
}

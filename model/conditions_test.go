package model

import (
	"strings"
	"testing"
	"time"
)

func TestConditionsIsZero(t *testing.T) {
	if !(Conditions{}).IsZero() {
		t.Error("zero Conditions: IsZero = false")
	}
	for _, c := range []Conditions{
		{IfMatch: "a"},
		{IfNoneMatch: "a"},
		{IfModifiedSince: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		{IfUnmodifiedSince: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if c.IsZero() {
			t.Errorf("%+v: IsZero = true", c)
		}
	}
}

// conditionsFromMask sets the four conditions by bit: 1 If-Match,
// 2 If-None-Match, 4 If-Modified-Since, 8 If-Unmodified-Since.
func conditionsFromMask(mask int) Conditions {
	var c Conditions
	if mask&1 != 0 {
		c.IfMatch = `"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"`
	}
	if mask&2 != 0 {
		c.IfNoneMatch = `"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"`
	}
	if mask&4 != 0 {
		c.IfModifiedSince = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if mask&8 != 0 {
		c.IfUnmodifiedSince = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	}
	return c
}

func maskNames(mask int) string {
	var names []string
	for i, n := range []string{"If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"} {
		if mask&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, "+")
}

func TestConditionsValidateAny(t *testing.T) {
	for mask := range 16 {
		c := conditionsFromMask(mask)
		if err := c.Validate(ConditionsAny); err != nil {
			t.Errorf("%s with ConditionsAny: %v", maskNames(mask), err)
		}
	}
}

func TestConditionsValidatePaired(t *testing.T) {
	const (
		im  = 1
		inm = 2
		ims = 4
		ius = 8
	)
	// Allowed: the subsets of {If-Match, If-Unmodified-Since} and of
	// {If-None-Match, If-Modified-Since}.
	allowed := map[int]bool{
		0: true, im: true, ius: true, im | ius: true,
		inm: true, ims: true, inm | ims: true,
	}
	refused := 0
	for mask := range 16 {
		t.Run(maskNames(mask), func(t *testing.T) {
			err := conditionsFromMask(mask).Validate(ConditionsPaired)
			if allowed[mask] {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			refused++
			if err == nil {
				t.Fatal("allowed, want an error")
			}
			// The error names the headers set on each side.
			side := func(a int, an string, b int, bn string) string {
				var ns []string
				if mask&a != 0 {
					ns = append(ns, an)
				}
				if mask&b != 0 {
					ns = append(ns, bn)
				}
				return strings.Join(ns, " + ")
			}
			want := side(im, "If-Match", ius, "If-Unmodified-Since") + " cannot be combined with " +
				side(inm, "If-None-Match", ims, "If-Modified-Since")
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not contain %q", err, want)
			}
		})
	}
	if refused != 9 {
		t.Errorf("%d combinations refused, want 9", refused)
	}
}

func TestConditionsValidatePairedMessage(t *testing.T) {
	c := conditionsFromMask(1 | 2 | 4 | 8)
	err := c.Validate(ConditionsPaired)
	if err == nil {
		t.Fatal("want an error")
	}
	want := "If-Match + If-Unmodified-Since cannot be combined with If-None-Match + If-Modified-Since"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
}

func TestConditionsValidateSameETag(t *testing.T) {
	tests := []struct {
		name       string
		match, non string
		refused    bool
	}{
		{"same quoted", `"abc"`, `"abc"`, true},
		{"same bare", "abc", "abc", true},
		{"quoted and bare", `"abc"`, "abc", true},
		{"bare and quoted", "abc", `"abc"`, true},
		{"both star", "*", "*", true},
		{"different", `"abc"`, `"abd"`, false},
		{"only If-Match", `"abc"`, "", false},
		{"only If-None-Match", "", `"abc"`, false},
	}
	for _, tt := range tests {
		for _, rule := range []ConditionRule{ConditionsAny, ConditionsPaired} {
			t.Run(tt.name+"/"+string(rule), func(t *testing.T) {
				err := Conditions{IfMatch: tt.match, IfNoneMatch: tt.non}.Validate(rule)
				if !tt.refused {
					if err != nil && strings.Contains(err.Error(), "are both") {
						t.Errorf("refused as the same ETag: %v", err)
					}
					// Paired refuses If-Match with If-None-Match on its own
					// account; any other refusal is wrong.
					if err != nil && (rule == ConditionsAny || tt.match == "" || tt.non == "") {
						t.Errorf("refused: %v", err)
					}
					return
				}
				if err == nil {
					t.Fatal("allowed, want an error")
				}
				if !strings.Contains(err.Error(), "If-Match and If-None-Match are both") || !strings.Contains(err.Error(), tt.match) {
					t.Errorf("error %q does not say both are %s", err, tt.match)
				}
			})
		}
	}
}

func TestConditionsValidateLineBreak(t *testing.T) {
	for _, c := range []Conditions{
		{IfMatch: "\"abc\"\r\nX-Evil: 1"},
		{IfNoneMatch: "abc\n"},
		{IfMatch: "a\rb"},
	} {
		for _, rule := range []ConditionRule{ConditionsAny, ConditionsPaired} {
			err := c.Validate(rule)
			if err == nil {
				t.Errorf("%+v (%s): allowed, want an error", c, rule)
				continue
			}
			if !strings.Contains(err.Error(), "line break") {
				t.Errorf("%+v: error %q does not mention the line break", c, err)
			}
		}
	}
}

func TestQuoteETag(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"*", "*"},
		{"abc", `"abc"`},
		{"d41d8cd98f00b204e9800998ecf8427e", `"d41d8cd98f00b204e9800998ecf8427e"`},
		{"d41d8cd98f00b204e9800998ecf8427e-3", `"d41d8cd98f00b204e9800998ecf8427e-3"`},
		{`"abc"`, `"abc"`},
		{`W/"abc"`, `W/"abc"`},
	}
	for _, tt := range tests {
		if got := QuoteETag(tt.in); got != tt.want {
			t.Errorf("QuoteETag(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := QuoteETag(QuoteETag(tt.in)); got != tt.want {
			t.Errorf("QuoteETag twice (%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseTime(t *testing.T) {
	want := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-11-21T10:00:00Z", want},
		{"2026-11-21T12:00:00+02:00", want},
		{"2026-11-21T05:00:00-05:00", want},
		{"2026-11-21T10:00:00.5Z", want.Add(500 * time.Millisecond)},
		{"  2026-11-21T10:00:00Z  ", want},
		{"Sat, 21 Nov 2026 10:00:00 GMT", want},
		{"Saturday, 21-Nov-26 10:00:00 GMT", want}, // RFC 850
		{"Sat Nov 21 10:00:00 2026", want},         // ANSI C asctime
		{"2026-11-21", time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)},
		{"2000-02-29", time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTime(tt.in)
			if err != nil {
				t.Fatalf("ParseTime(%q) error: %v", tt.in, err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseTime(%q) = %v, want %v", tt.in, got, tt.want)
			}
			if got.Location() != time.UTC {
				t.Errorf("ParseTime(%q) location = %v, want UTC", tt.in, got.Location())
			}
		})
	}
}

func TestParseTimeErrors(t *testing.T) {
	for _, in := range []string{
		"",
		"yesterday",
		"2026-13-01",
		"2026-02-30",
		"2026/11/21",
		"21.11.2026",
		"2026-11-21 10:00:00",
		"2026-11-21T10:00:00",
		"1700000000",
		"Sat, 21 Nov 2026",
	} {
		got, err := ParseTime(in)
		if err == nil {
			t.Errorf("ParseTime(%q) = %v, want an error", in, got)
			continue
		}
		if !got.IsZero() {
			t.Errorf("ParseTime(%q) returned %v with its error", in, got)
		}
		if !strings.Contains(err.Error(), `"`+in+`"`) {
			t.Errorf("ParseTime(%q) error %q does not name the input", in, err)
		}
		if !strings.Contains(err.Error(), "RFC 3339") {
			t.Errorf("ParseTime(%q) error %q does not say what forms are accepted", in, err)
		}
	}
}

func TestConditionETagsMustBeWellFormed(t *testing.T) {
	for _, ok := range []string{"", "*", `"abc"`, "abc", `W/"abc"`, `"d41d8cd98f00b204e9800998ecf8427e-12"`} {
		if err := (Conditions{IfMatch: ok}).Validate(ConditionsAny); err != nil {
			t.Errorf("If-Match %q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{`6MiB"abc"`, `"abc`, "a b", "a\nb", `"a"b"`} {
		err := (Conditions{IfNoneMatch: bad}).Validate(ConditionsAny)
		if err == nil || !strings.Contains(err.Error(), "If-None-Match") {
			t.Errorf("If-None-Match %q: %v", bad, err)
		}
	}
}

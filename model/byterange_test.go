package model

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func TestParseRange(t *testing.T) {
	tests := []struct {
		in   string
		want ByteRange
	}{
		{"bytes=0-0", ByteRange{0, 0}},
		{"bytes=0-9", ByteRange{0, 9}},
		{"bytes=10-19", ByteRange{10, 19}},
		{"bytes=5-5", ByteRange{5, 5}},
		{" bytes=0-9 ", ByteRange{0, 9}},
		{"bytes=5368709120-10737418239", ByteRange{5 * GiB, 10*GiB - 1}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRange(tt.in)
			if err != nil {
				t.Fatalf("ParseRange(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseRange(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseRangeErrors(t *testing.T) {
	tests := []struct {
		in       string
		contains string
	}{
		{"", "bytes=FIRST-LAST"},
		{"0-9", "bytes=FIRST-LAST"},
		{"bytes 0-9", "bytes=FIRST-LAST"},
		{"Bytes=0-9", "bytes=FIRST-LAST"},
		{"items=0-9", "bytes=FIRST-LAST"},
		{"bytes=10-", "both FIRST and LAST"},
		{"bytes=-10", "both FIRST and LAST"},
		{"bytes=-", "both FIRST and LAST"},
		{"bytes=", "both FIRST and LAST"},
		{"bytes=10", "both FIRST and LAST"},
		{"bytes=a-b", "whole numbers"},
		{"bytes=1-b", "whole numbers"},
		{"bytes=a-1", "whole numbers"},
		{"bytes=1.5-9", "whole numbers"},
		{"bytes=0-9-10", "whole numbers"},
		{"bytes=0--9", "whole numbers"},
		{"bytes=0-99999999999999999999", "whole numbers"},
		{"bytes= 0-9", "whole numbers"},
		{"bytes=10-9", "first byte 10 is after last byte 9"},
		{"bytes=100-0", "first byte 100 is after last byte 0"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRange(tt.in)
			if err == nil {
				t.Fatalf("ParseRange(%q) = %+v, want an error", tt.in, got)
			}
			if got != (ByteRange{}) {
				t.Errorf("ParseRange(%q) returned %+v with its error, want the zero range", tt.in, got)
			}
			msg := err.Error()
			if quoted := `"` + tt.in + `"`; !strings.Contains(msg, quoted) {
				t.Errorf("ParseRange(%q) error %q does not name the input", tt.in, msg)
			}
			if !strings.Contains(msg, tt.contains) {
				t.Errorf("ParseRange(%q) error %q does not contain %q", tt.in, msg, tt.contains)
			}
		})
	}
}

func TestByteRangeStringRoundTrip(t *testing.T) {
	for _, r := range []ByteRange{{0, 0}, {0, 9}, {10, 19}, {5 * MiB, 10*MiB - 1}, {0, 48*TiB - 1}} {
		s := r.String()
		want := "bytes=" + strconv.FormatInt(r.First, 10) + "-" + strconv.FormatInt(r.Last, 10)
		if s != want {
			t.Errorf("%+v.String() = %q, want %q", r, s, want)
		}
		got, err := ParseRange(s)
		if err != nil || got != r {
			t.Errorf("ParseRange(%q) = %+v, %v; want %+v", s, got, err, r)
		}
	}
}

func TestByteRangeStringEmpty(t *testing.T) {
	if got := (ByteRange{0, -1}).String(); got != "(empty)" {
		t.Errorf("empty range String() = %q, want (empty)", got)
	}
}

func TestByteRangeLen(t *testing.T) {
	tests := []struct {
		r    ByteRange
		want int64
	}{
		{ByteRange{0, 0}, 1},
		{ByteRange{0, 9}, 10},
		{ByteRange{10, 19}, 10},
		{ByteRange{0, -1}, 0},
		{ByteRange{5 * MiB, 10*MiB - 1}, 5 * MiB},
		{ByteRange{0, 5*GiB - 1}, 5 * GiB},
	}
	for _, tt := range tests {
		if got := tt.r.Len(); got != tt.want {
			t.Errorf("%+v.Len() = %d, want %d", tt.r, got, tt.want)
		}
	}
}

func TestByteRangeValidate(t *testing.T) {
	tests := []struct {
		name     string
		r        ByteRange
		size     int64
		contains []string // nil: valid
	}{
		{name: "whole", r: ByteRange{0, 9}, size: 10},
		{name: "first byte", r: ByteRange{0, 0}, size: 10},
		{name: "last byte", r: ByteRange{9, 9}, size: 10},
		{name: "middle", r: ByteRange{3, 6}, size: 10},
		{name: "one past end", r: ByteRange{0, 10}, size: 10, contains: []string{"past the end", "bytes=0-10", "last byte is 9", "size 10"}},
		{name: "far past end", r: ByteRange{20, 29}, size: 10, contains: []string{"past the end", "bytes=20-29"}},
		{name: "empty source", r: ByteRange{0, 0}, size: 0, contains: []string{"past the end"}},
		{name: "first after last", r: ByteRange{6, 3}, size: 10, contains: []string{"first byte 6 is after last byte 3"}},
		{name: "first after last past end", r: ByteRange{60, 30}, size: 10, contains: []string{"first byte 60 is after last byte 30"}},
		{name: "negative first", r: ByteRange{-1, 3}, size: 10, contains: []string{"negative"}},
		{name: "negative last", r: ByteRange{0, -5}, size: 10, contains: []string{"negative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.Validate(tt.size)
			if tt.contains == nil {
				if err != nil {
					t.Fatalf("%+v.Validate(%d) error: %v", tt.r, tt.size, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("%+v.Validate(%d) = nil, want an error", tt.r, tt.size)
			}
			for _, c := range tt.contains {
				if !strings.Contains(err.Error(), c) {
					t.Errorf("%+v.Validate(%d) error %q does not contain %q", tt.r, tt.size, err, c)
				}
			}
		})
	}
}

func TestByteRangeText(t *testing.T) {
	tests := []struct {
		r    ByteRange
		text string
	}{
		{ByteRange{0, 9}, "bytes=0-9"},
		{ByteRange{5 * MiB, 10*MiB - 1}, "bytes=5242880-10485759"},
		{ByteRange{0, -1}, ""},
	}
	for _, tt := range tests {
		b, err := tt.r.MarshalText()
		if err != nil || string(b) != tt.text {
			t.Errorf("%+v.MarshalText() = %q, %v; want %q", tt.r, b, err, tt.text)
		}
		var got ByteRange
		if err := got.UnmarshalText(b); err != nil || got != tt.r {
			t.Errorf("UnmarshalText(%q) = %+v, %v; want %+v", b, got, err, tt.r)
		}
		// And inside JSON, as a field.
		type wrap struct {
			R ByteRange `json:"r"`
		}
		j, err := json.Marshal(wrap{tt.r})
		if err != nil {
			t.Fatalf("json.Marshal: %v", err)
		}
		if want := `{"r":"` + tt.text + `"}`; string(j) != want {
			t.Errorf("json.Marshal(%+v) = %s, want %s", tt.r, j, want)
		}
		var w wrap
		if err := json.Unmarshal(j, &w); err != nil || w.R != tt.r {
			t.Errorf("json.Unmarshal(%s) = %+v, %v; want %+v", j, w.R, err, tt.r)
		}
	}
	var r ByteRange
	if err := r.UnmarshalText([]byte("bytes=10-")); err == nil {
		t.Errorf("UnmarshalText(bytes=10-) = %+v, want an error", r)
	}
}

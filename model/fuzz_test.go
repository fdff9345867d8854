package model

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// The parsers face whatever a person types: no input may panic, every
// refusal must say something, and what is accepted must print back the same.

func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"bytes=0-99", "bytes=5-1", "bytes=-10", "bytes=10-", "0-9", "bytes=+1-+5", "bytes=9223372036854775807-9223372036854775807", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRange(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("%q: empty error", s)
			}
			return
		}
		if r.First < 0 || r.Last < r.First {
			t.Fatalf("%q accepted as %+v", s, r)
		}
		if back, err := ParseRange(r.String()); err != nil || back != r {
			t.Fatalf("%q → %s does not read back: %+v %v", s, r, back, err)
		}
	})
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"64MiB", "1GB", "5m", "1.5GiB", "1.005KB", "9007199254740993", "-1", "1e9", "0x10", " 7 kib ", "1..2MB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err != nil {
			if !strings.Contains(err.Error(), "size") {
				t.Fatalf("%q: error does not say what was wrong: %v", s, err)
			}
			return
		}
		if n < 0 {
			t.Fatalf("%q accepted as %d", s, n)
		}
		if back, err := ParseSize(strconv.FormatInt(n, 10)); err != nil || back != n {
			t.Fatalf("%q is %d bytes, which does not read back: %d %v", s, n, back, err)
		}
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-11-21T10:00:00Z", "Sat, 21 Nov 2026 10:00:00 GMT", "2026-11-21", "yesterday", "Saturday, 21-Nov-26 10:00:00 GMT", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseTime(s)
		if err != nil {
			if !strings.Contains(err.Error(), "time") {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if v.Location() != time.UTC {
			t.Fatalf("%q: not UTC: %v", s, v)
		}
	})
}

func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"s3://b/k", "s3://b/a b+c?d#e%f", "s3://b/k?versionId=v", "s3://b/x?versionId=y?versionId=", "s3://", "b/k", "s3://b/ü/☕"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRef(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("%q: empty error", s)
			}
			return
		}
		back, err := ParseRef(r.String())
		if err != nil || back != r {
			t.Fatalf("%q → %+v prints %q, which reads back as %+v (%v)", s, r, r.String(), back, err)
		}
	})
}

// FuzzPlan builds plans from arbitrary sizes, part sizes and ranges: a
// plan that is accepted must pass ValidateParts and stay inside the source.
func FuzzPlan(f *testing.F) {
	f.Add(int64(11<<20), int64(5<<20), int64(0), int64(99), int64(100), int64(6<<20))
	f.Add(int64(0), int64(0), int64(0), int64(0), int64(0), int64(0))
	f.Add(int64(48<<40), int64(1<<30), int64(5), int64(1), int64(7), int64(9))
	f.Fuzz(func(t *testing.T, size, partSize, a, b, c, d int64) {
		l := S3Limits
		if parts, err := SplitParts(size, partSize, l); err == nil {
			if verr := ValidateParts(parts, size, l); verr != nil {
				t.Fatalf("SplitParts(%d, %d) gave a plan ValidateParts refuses: %v", size, partSize, verr)
			}
			var total int64
			for _, p := range parts {
				total += p.Range.Len()
			}
			if total != size {
				t.Fatalf("SplitParts(%d, %d) covers %d bytes", size, partSize, total)
			}
		} else if err.Error() == "" {
			t.Fatal("empty error")
		}
		parts, err := PartsFromRanges([]ByteRange{{a, b}, {c, d}}, size, l)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		for _, p := range parts {
			if p.Range.First < 0 || p.Range.Last >= size || p.Range.First > p.Range.Last {
				t.Fatalf("range %s accepted for a %d-byte source", p.Range, size)
			}
		}
	})
}

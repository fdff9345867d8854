package model

import (
	"fmt"
	"strconv"
	"strings"
)

// ByteRange is an HTTP byte range: First and Last are zero-based and
// inclusive, as in x-amz-copy-source-range: bytes=First-Last.
type ByteRange struct {
	First int64 `json:"first"`
	Last  int64 `json:"last"`
}

// ParseRange reads "bytes=first-last". Open-ended and suffix forms
// ("bytes=10-", "bytes=-10") are refused: UploadPartCopy accepts neither.
func ParseRange(s string) (ByteRange, error) {
	spec, ok := strings.CutPrefix(strings.TrimSpace(s), "bytes=")
	if !ok {
		return ByteRange{}, fmt.Errorf("range %q is not valid: write it as bytes=FIRST-LAST (zero-based, inclusive)", s)
	}
	a, b, ok := strings.Cut(spec, "-")
	if !ok || a == "" || b == "" {
		return ByteRange{}, fmt.Errorf("range %q is not valid: both FIRST and LAST are needed in bytes=FIRST-LAST", s)
	}
	if !allDigits(a) || !allDigits(b) {
		return ByteRange{}, fmt.Errorf("range %q is not valid: FIRST and LAST must be whole numbers of bytes", s)
	}
	first, err1 := strconv.ParseInt(a, 10, 64)
	last, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || first < 0 || last < 0 {
		return ByteRange{}, fmt.Errorf("range %q is not valid: FIRST and LAST must be whole numbers of bytes", s)
	}
	r := ByteRange{First: first, Last: last}
	if first > last {
		return ByteRange{}, fmt.Errorf("range %q is not valid: first byte %d is after last byte %d", s, first, last)
	}
	return r, nil
}

// String prints bytes=First-Last; the empty range of an empty source
// prints as "(empty)".
func (r ByteRange) String() string {
	if r.Len() == 0 {
		return "(empty)"
	}
	return fmt.Sprintf("bytes=%d-%d", r.First, r.Last)
}

// MarshalText writes the range as "bytes=First-Last" ("" when empty), so
// journals and --json output read like the header that is sent.
func (r ByteRange) MarshalText() ([]byte, error) {
	if r.Len() == 0 {
		return []byte{}, nil
	}
	return []byte(r.String()), nil
}

// UnmarshalText reads what MarshalText writes.
func (r *ByteRange) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = ByteRange{First: 0, Last: -1}
		return nil
	}
	v, err := ParseRange(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Len is the number of bytes in the range.
func (r ByteRange) Len() int64 { return r.Last - r.First + 1 }

// Validate checks the range against a source of size bytes.
func (r ByteRange) Validate(size int64) error {
	switch {
	case r.First < 0 || r.Last < 0:
		return fmt.Errorf("range %s is not valid: negative offset", r)
	case r.First > r.Last:
		return fmt.Errorf("range %s is not valid: first byte %d is after last byte %d", r, r.First, r.Last)
	case r.Last >= size:
		return fmt.Errorf("range %s runs past the end of the source: its last byte is %d (size %d)", r, size-1, size)
	}
	return nil
}

func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

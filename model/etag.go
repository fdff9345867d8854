package model

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"strings"
)

// IsMD5ETag reports whether an ETag is a plain MD5 (32 hex digits, quotes
// allowed), the only kind a multipart ETag can be derived from.
func IsMD5ETag(etag string) bool {
	e := trimQuotes(etag)
	if len(e) != 32 {
		return false
	}
	_, err := hex.DecodeString(e)
	return err == nil
}

// MultipartETag is the ETag S3 gives an object completed from parts with
// these ETags, in part order: the MD5 of the concatenated binary part MD5s,
// then "-" and the part count, quoted.
func MultipartETag(partETags []string) (string, error) {
	if len(partETags) == 0 {
		return "", fmt.Errorf("no part ETags")
	}
	h := md5.New()
	for i, e := range partETags {
		raw, err := hex.DecodeString(trimQuotes(e))
		if err != nil || len(raw) != md5.Size {
			return "", fmt.Errorf("part %d ETag %s is not an MD5: the multipart ETag cannot be derived", i+1, e)
		}
		h.Write(raw)
	}
	return fmt.Sprintf(`"%s-%d"`, hex.EncodeToString(h.Sum(nil)), len(partETags)), nil
}

// SameETag compares two ETags ignoring quotes and case.
func SameETag(a, b string) bool { return strings.EqualFold(trimQuotes(a), trimQuotes(b)) }

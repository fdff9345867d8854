package model

import (
	"fmt"
	"regexp"
	"strings"
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

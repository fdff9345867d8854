package model

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"
)

// MaxKeyBytes is the longest key S3 takes, in bytes of UTF-8.
const MaxKeyBytes = 1024

// CheckKey refuses a key S3 would refuse: empty, or longer than 1,024
// bytes.
func CheckKey(key string) error {
	if len(key) > MaxKeyBytes {
		return fmt.Errorf("key %q… is %d bytes long: S3 keys are at most %d bytes", Visible(key[:40]), len(key), MaxKeyBytes)
	}
	return nil
}

// CheckNewKey is CheckKey for a key s3parts is to create: one with a "."
// or ".." path segment is refused too, as many servers refuse or rewrite
// it (and a client may resolve it as a path).
func CheckNewKey(key string) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "." || seg == ".." {
			return fmt.Errorf("key %q has a %q path segment: servers refuse or rewrite such keys; name it without one", Visible(key), seg)
		}
	}
	return nil
}

var bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// CheckNewBucketName refuses a bucket name S3's rules do not allow
// (3–63 lowercase letters, digits, dots and dashes, starting and ending
// with a letter or digit, no "..", not an IP address), for a bucket
// s3parts is to write into. (Older buckets read from may have older names.)
func CheckNewBucketName(name string) error {
	why := ""
	switch {
	case !bucketName.MatchString(name):
		why = "3 to 63 lowercase letters, digits, dots and dashes, starting and ending with a letter or digit"
	case strings.Contains(name, ".."):
		why = "no two dots in a row"
	default:
		if _, err := netip.ParseAddr(name); err == nil {
			why = "not an IP address"
		}
	}
	if why != "" {
		return fmt.Errorf("bucket name %q is not valid: %s", Visible(name), why)
	}
	return nil
}

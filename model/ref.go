package model

import (
	"fmt"
	"strings"
)

// Ref names an object, or one version of it, in an S3 bucket.
type Ref struct {
	Bucket    string `json:"bucket"`
	Key       string `json:"key"`
	VersionID string `json:"version_id,omitempty"`
}

const (
	refScheme    = "s3://"
	versionParam = "?versionId="
)

// ParseRef parses s3://bucket/key and s3://bucket/key?versionId=V.
//
// The key is taken verbatim: no percent-decoding, so keys holding spaces, `+`,
// `%`, `#` or `?` mean exactly what was typed. Only the last "?versionId="
// is special; String writes an empty trailing one for a key that itself
// contains "?versionId=", which keeps every key round-trippable.
func ParseRef(s string) (Ref, error) {
	rest, ok := strings.CutPrefix(s, refScheme)
	if !ok {
		return Ref{}, fmt.Errorf("%q is not an S3 reference: it must start with s3://", s)
	}
	bucket, key, _ := strings.Cut(rest, "/")
	if bucket == "" {
		return Ref{}, fmt.Errorf("%q has no bucket name after s3://", s)
	}
	if strings.ContainsAny(bucket, "?#% ") {
		return Ref{}, fmt.Errorf("bucket name %q in %q is not valid", bucket, s)
	}
	r := Ref{Bucket: bucket, Key: key}
	if i := strings.LastIndex(key, versionParam); i >= 0 {
		r.Key, r.VersionID = key[:i], key[i+len(versionParam):]
		if r.Key == "" {
			return Ref{}, fmt.Errorf("%q has a versionId but no key", s)
		}
	}
	if err := CheckKey(r.Key); err != nil {
		return Ref{}, err
	}
	return r, nil
}

// ParseObjectRef is ParseRef for places that need a key, not just a bucket.
func ParseObjectRef(s string) (Ref, error) {
	r, err := ParseRef(s)
	if err != nil {
		return r, err
	}
	if r.Key == "" {
		return Ref{}, fmt.Errorf("%q names a bucket, not an object: add a key (s3://%s/KEY)", s, r.Bucket)
	}
	return r, nil
}

// String prints the reference so that ParseRef reads it back unchanged.
func (r Ref) String() string {
	s := refScheme + r.Bucket
	if r.Key == "" && r.VersionID == "" {
		return s
	}
	s += "/" + r.Key
	if r.VersionID != "" || strings.Contains(r.Key, versionParam) {
		s += versionParam + r.VersionID
	}
	return s
}

// WithoutVersion is the same object, its current version.
func (r Ref) WithoutVersion() Ref { r.VersionID = ""; return r }

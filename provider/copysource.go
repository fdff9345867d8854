package provider

import (
	"net/url"
	"strings"

	"s3parts/model"
)

// CopySource is the x-amz-copy-source value for a reference: bucket/key with
// each key segment URL-encoded ("+" as %2B, which url.PathEscape keeps), and
// ?versionId= when a version is named. The SDK sends it verbatim.
func CopySource(r model.Ref) string {
	s := r.Bucket + "/" + escapeKey(r.Key)
	if r.VersionID != "" {
		s += "?versionId=" + url.QueryEscape(r.VersionID)
	}
	return s
}

// escapeKey encodes each segment of a key for a URL path, "/" kept.
func escapeKey(key string) string {
	segs := strings.Split(key, "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(url.PathEscape(s), "+", "%2B")
	}
	return strings.Join(segs, "/")
}

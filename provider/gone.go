package provider

import (
	"context"
	"fmt"

	"s3parts/model"
)

// A source read can fail with "not found" for two reasons a person fixes
// differently: the key never existed (or the name is wrong), or its latest
// version — or the version asked for — is a delete marker, and an older
// version holds the data. AWS tells them apart with x-amz-delete-marker:
// true on the 404 (latest deleted) or the 405 (a marker's own version id);
// versitygw omits the header on HEAD, so without it one ListObjectVersions
// of the key decides. The messages are here, in one place.

// DeleteMarkerLatest is the message for a key whose latest version is a
// delete marker.
func DeleteMarkerLatest(key model.Ref) string {
	k := model.Ref{Bucket: key.Bucket, Key: key.Key}
	return fmt.Sprintf("the latest version of %s is a delete marker: pick an older version (`s3parts ls --versions %s`)", k, k)
}

// DeleteMarkerVersion is the message for a version id that is a delete
// marker.
func DeleteMarkerVersion(ref model.Ref) string {
	return fmt.Sprintf("version %s of %s is a delete marker, which holds no data", ref.VersionID, model.Ref{Bucket: ref.Bucket, Key: ref.Key})
}

// HeadSource is HeadObject for a source about to be copied, with its
// checksum (the copy can be proved equal to it): a 404 or 405 says
// whether a delete marker is why (SourceGone).
func (c *Client) HeadSource(ctx context.Context, src model.Ref) (model.ObjectInfo, error) {
	info, err := c.HeadObjectChecksum(ctx, src)
	if err != nil {
		return info, c.SourceGone(ctx, src, err)
	}
	return info, nil
}

// SourceGone explains a failed read of src: after a 404 or 405 that is a
// delete marker it returns the error with DeleteMarker set and a message
// that says so; any other error, or a key that is plainly missing, comes
// back as it was. Without the server's header it asks ListObjectVersions
// once (only then: a plain read costs nothing more).
func (c *Client) SourceGone(ctx context.Context, src model.Ref, err error) error {
	oe := Classify("", err)
	if !IsNotFound(oe) && !IsCode(oe, "NoSuchVersion", "MethodNotAllowed", "HTTP405") {
		return err
	}
	marker := oe.DeleteMarker
	if !marker {
		page, lerr := c.ListVersions(ctx, src.Bucket, src.Key, "", "", "")
		if lerr != nil {
			return err // the listing cannot tell: the first answer stands
		}
		for _, v := range page.Versions {
			if v.Key == src.Key && v.DeleteMarker && (v.VersionID == src.VersionID || src.VersionID == "" && v.IsLatest) {
				marker = true
				break
			}
		}
	}
	if !marker {
		return err
	}
	out := *oe
	out.DeleteMarker, out.Retryable = true, false
	out.Message = DeleteMarkerLatest(src)
	if src.VersionID != "" {
		out.Message = DeleteMarkerVersion(src)
	}
	return &out
}

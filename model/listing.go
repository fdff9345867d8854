package model

import (
	"fmt"
	"strings"
	"time"
)

// Bucket is one entry of ListBuckets.
type Bucket struct {
	Name         string    `json:"name"`
	CreationDate time.Time `json:"creation_date,omitzero"`
	Region       string    `json:"region,omitempty"`
}

// Object is one key (or, with IsPrefix, one "folder") of a listing.
type Object struct {
	Key          string    `json:"key"`
	IsPrefix     bool      `json:"is_prefix,omitempty"`
	Size         int64     `json:"size"`
	LastModified time.Time `json:"last_modified,omitzero"`
	ETag         string    `json:"etag,omitempty"`
	StorageClass string    `json:"storage_class,omitempty"`
}

// ObjectPage is one page of ListObjectsV2; NextToken is empty on the last.
type ObjectPage struct {
	Objects   []Object `json:"objects"`
	NextToken string   `json:"next_token,omitempty"`
}

// Version is one version of a key, or a delete marker.
type Version struct {
	Key          string    `json:"key"`
	VersionID    string    `json:"version_id"`
	IsLatest     bool      `json:"is_latest,omitempty"`
	DeleteMarker bool      `json:"delete_marker,omitempty"`
	Size         int64     `json:"size"`
	LastModified time.Time `json:"last_modified,omitzero"`
	ETag         string    `json:"etag,omitempty"`
	StorageClass string    `json:"storage_class,omitempty"`
}

// VersionPage is one page of ListObjectVersions, versions and delete
// markers merged in key then date order.
type VersionPage struct {
	Versions        []Version `json:"versions"`
	Prefixes        []string  `json:"prefixes,omitempty"`
	NextKeyMarker   string    `json:"next_key_marker,omitempty"`
	NextVersionMark string    `json:"next_version_marker,omitempty"`
	Truncated       bool      `json:"truncated,omitempty"`
}

// ObjectInfo is what HeadObject tells of one object version.
type ObjectInfo struct {
	Ref                  Ref           `json:"ref"`
	Size                 int64         `json:"size"`
	ETag                 string        `json:"etag"`
	LastModified         time.Time     `json:"last_modified,omitzero"`
	VersionID            string        `json:"version_id,omitempty"`
	StorageClass         string        `json:"storage_class,omitempty"`
	ServerSideEncryption string        `json:"server_side_encryption,omitempty"`
	PartsCount           int32         `json:"parts_count,omitempty"`
	Headers              ObjectHeaders `json:"headers,omitzero"`
	// SSEKMSKeyID, the object lock and legal hold, as HeadObject says.
	SSEKMSKeyID string    `json:"sse_kms_key_id,omitempty"`
	LockMode    string    `json:"object_lock_mode,omitempty"`
	RetainUntil time.Time `json:"retain_until,omitzero"`
	LegalHold   string    `json:"legal_hold,omitempty"`
	// SSECAlgorithm is set when the object is encrypted with a customer
	// key (SSE-C): it could be read only with that key.
	SSECAlgorithm string `json:"sse_c_algorithm,omitempty"`
	// Checksum is read only when asked for (checksum mode).
	Checksum Checksum `json:"checksum,omitzero"`
}

// ObjectHeaders are the headers and user metadata an object carries, which
// a multipart copy must set on the new object itself (UploadPartCopy copies
// bytes only).
type ObjectHeaders struct {
	ContentType        string            `json:"content_type,omitempty"`
	CacheControl       string            `json:"cache_control,omitempty"`
	ContentDisposition string            `json:"content_disposition,omitempty"`
	ContentEncoding    string            `json:"content_encoding,omitempty"`
	ContentLanguage    string            `json:"content_language,omitempty"`
	Metadata           map[string]string `json:"metadata,omitempty"`
	// Expires as the server wrote it (an HTTP date, or not: then it
	// cannot be sent again and the preview says so).
	Expires                 string `json:"expires,omitempty"`
	WebsiteRedirectLocation string `json:"website_redirect_location,omitempty"`
}

// Upload is one in-progress multipart upload.
type Upload struct {
	Bucket       string    `json:"bucket"`
	Key          string    `json:"key"`
	UploadID     string    `json:"upload_id"`
	Initiated    time.Time `json:"initiated,omitzero"`
	StorageClass string    `json:"storage_class,omitempty"`
}

// Part is one part already stored in an upload.
type Part struct {
	Number       int32     `json:"number"`
	Size         int64     `json:"size"`
	ETag         string    `json:"etag"`
	LastModified time.Time `json:"last_modified,omitzero"`
	// Checksum is the part's, in the upload's algorithm (its type is the
	// upload's), when the upload has one.
	Checksum Checksum `json:"checksum,omitzero"`
}

// PartGaps describes the part numbers missing between 1 and the highest
// one listed (parts in ascending order), e.g. "3, 7-9"; empty when none.
func PartGaps(parts []Part) string {
	var out []string
	next := int32(1)
	for _, p := range parts {
		switch {
		case p.Number == next+1:
			out = append(out, fmt.Sprint(next))
		case p.Number > next+1:
			out = append(out, fmt.Sprintf("%d-%d", next, p.Number-1))
		}
		next = p.Number + 1
	}
	return strings.Join(out, ", ")
}

// GapNumbers lists the part numbers missing inside the numbering of
// parts (sorted by number): 1 to the highest stored.
func GapNumbers(parts []Part) []int32 {
	var out []int32
	next := int32(1)
	for _, p := range parts {
		for n := next; n < p.Number; n++ {
			out = append(out, n)
		}
		next = p.Number + 1
	}
	return out
}

// Ref names the version as a source to read or copy. The "null" version
// that is a key's latest is the object itself, named without a version id:
// every server reads that, while some refuse versionId=null (versitygw
// answers "no such key"). A null version below newer ones (versioning
// suspended after it was written) can only be named by its id.
func (v Version) Ref(bucket string) Ref {
	r := Ref{Bucket: bucket, Key: v.Key, VersionID: v.VersionID}
	if v.VersionID == "null" && v.IsLatest {
		r.VersionID = ""
	}
	return r
}

package model

import (
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Target is what a person chose for the new object beyond its bytes. The
// zero value keeps what the source has, where keeping is possible: its
// storage class, encryption mode, content headers, user metadata and tags.
// Object lock and ACLs are the destination's policy, never copied: they
// are set only when asked.
type Target struct {
	// StorageClass: "" keeps the source's.
	StorageClass string `json:"storage_class,omitempty"`
	// SSE: "" keeps the source's mode (AES256, aws:kms); "none" sends no
	// encryption header (the bucket's default applies); AES256 or
	// aws:kms sets it.
	SSE         string `json:"sse,omitempty"`
	SSEKMSKeyID string `json:"sse_kms_key_id,omitempty"`
	// SSECKey is the Fingerprint of the customer key (SSE-C) the new
	// object is encrypted with; the key itself is never kept.
	SSECKey string `json:"sse_c_key,omitempty"`
	// ReplaceMetadata: the user metadata is Metadata, not the source's.
	ReplaceMetadata bool              `json:"replace_metadata,omitempty"`
	Metadata        map[string]string `json:"metadata,omitempty"`
	// Tagging: TagsKeep (""), TagsNone, or TagsReplace with Tags.
	Tagging TagMode           `json:"tagging,omitempty"`
	Tags    map[string]string `json:"tags,omitempty"`
	// Content header overrides; "" keeps the source's.
	ContentType        string `json:"content_type,omitempty"`
	CacheControl       string `json:"cache_control,omitempty"`
	ContentDisposition string `json:"content_disposition,omitempty"`
	// Object lock, set only when asked: GOVERNANCE or COMPLIANCE until
	// RetainUntil; LegalHold ON or OFF ("" sends none).
	LockMode    string    `json:"object_lock_mode,omitempty"`
	RetainUntil time.Time `json:"retain_until,omitzero"`
	LegalHold   string    `json:"legal_hold,omitempty"`
	// ACL is a canned ACL ("" sends none: the bucket's default).
	ACL string `json:"acl,omitempty"`
	// Checksum is the algorithm the upload is created with: "" follows a
	// source with a whole-object checksum (the server proves the copy
	// equal to it), ChecksumNone asks for none, else one of
	// ChecksumAlgorithms.
	Checksum string `json:"checksum,omitempty"`
}

// TagMode says what becomes of the source's tags.
type TagMode string

const (
	TagsKeep    TagMode = ""
	TagsNone    TagMode = "none"
	TagsReplace TagMode = "replace"
)

// SourceAttrs are what the source carries beyond its bytes and headers,
// read before the copy so the new object can keep them and a person can
// see what changes.
type SourceAttrs struct {
	StorageClass string `json:"storage_class,omitempty"`
	SSE          string `json:"sse,omitempty"`
	SSEKMSKeyID  string `json:"sse_kms_key_id,omitempty"`
	// SSEC: the source is encrypted with a customer key (SSE-C), whose
	// Fingerprint SSECKey is when it was given to read it with.
	SSEC    bool   `json:"sse_c,omitempty"`
	SSECKey string `json:"sse_c_key,omitempty"`
	// Tags are nil when they were not read (TagsRead false): no
	// permission, a provider without tagging, or not asked.
	Tags      map[string]string `json:"tags,omitempty"`
	TagsRead  bool              `json:"tags_read,omitempty"`
	TagsError string            `json:"tags_error,omitempty"`
	LockMode  string            `json:"object_lock_mode,omitempty"`
	// RetainUntil and LegalHold as the source has them.
	RetainUntil time.Time `json:"retain_until,omitzero"`
	LegalHold   string    `json:"legal_hold,omitempty"`
	// Checksum is the source's additional checksum (HeadObject with
	// checksum mode), zero when it has none or the server did not say.
	Checksum Checksum `json:"checksum,omitzero"`
}

// NewObject is what the new object will carry, the source's attributes
// with the person's choices applied: what CreateMultipartUpload sends.
type NewObject struct {
	Headers      ObjectHeaders `json:"headers,omitzero"`
	StorageClass string        `json:"storage_class,omitempty"`
	SSE          string        `json:"sse,omitempty"`
	SSEKMSKeyID  string        `json:"sse_kms_key_id,omitempty"`
	// SSECKey is the Fingerprint of the new object's customer key.
	SSECKey     string            `json:"sse_c_key,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
	LockMode    string            `json:"object_lock_mode,omitempty"`
	RetainUntil time.Time         `json:"retain_until,omitzero"`
	LegalHold   string            `json:"legal_hold,omitempty"`
	ACL         string            `json:"acl,omitempty"`
	// ChecksumAlgorithm and ChecksumType the upload is created with
	// (CRC64NVME, FULL_OBJECT…); empty: none asked.
	ChecksumAlgorithm string `json:"checksum_algorithm,omitempty"`
	ChecksumType      string `json:"checksum_type,omitempty"`
}

// Resolve applies the target to what the source has.
func (t Target) Resolve(h ObjectHeaders, src SourceAttrs) NewObject {
	n := NewObject{Headers: h, StorageClass: src.StorageClass, SSE: src.SSE, SSEKMSKeyID: src.SSEKMSKeyID,
		LockMode: t.LockMode, RetainUntil: t.RetainUntil, LegalHold: t.LegalHold, ACL: t.ACL}
	if n.StorageClass == "STANDARD" {
		n.StorageClass = "" // the default: sending it says nothing more
	}
	if t.StorageClass != "" {
		n.StorageClass = t.StorageClass
	}
	switch {
	case t.SSECKey != "":
		n.SSE, n.SSEKMSKeyID, n.SSECKey = "", "", t.SSECKey
	case t.SSE == "":
	case t.SSE == "none":
		n.SSE, n.SSEKMSKeyID = "", ""
	default:
		n.SSE, n.SSEKMSKeyID = t.SSE, t.SSEKMSKeyID
	}
	if !strings.HasPrefix(n.SSE, "aws:kms") { // aws:kms and aws:kms:dsse take a key
		n.SSEKMSKeyID = ""
	}
	if t.ReplaceMetadata {
		n.Headers.Metadata = t.Metadata
	}
	for _, o := range []struct {
		set string
		dst *string
	}{
		{t.ContentType, &n.Headers.ContentType}, {t.CacheControl, &n.Headers.CacheControl}, {t.ContentDisposition, &n.Headers.ContentDisposition},
	} {
		if o.set != "" {
			*o.dst = o.set
		}
	}
	switch t.Tagging {
	case TagsKeep:
		n.Tags = src.Tags
	case TagsReplace:
		n.Tags = t.Tags
	}
	n.ChecksumAlgorithm, n.ChecksumType = resolveChecksum(t.Checksum, src.Checksum)
	return n
}

// HTTPExpires reads an Expires value that can be sent again: an HTTP
// date. Anything else (S3 stores what it was given) cannot be.
func HTTPExpires(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, false
	}
	for _, layout := range httpDates {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// TaggingHeader is the x-amz-tagging value for tags: URL query encoding,
// keys sorted (so the request is the same every time).
func TaggingHeader(tags map[string]string) string {
	keys := slices.Sorted(maps.Keys(tags))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = tagEscape(k) + "=" + tagEscape(tags[k])
	}
	return strings.Join(parts, "&")
}

// tagEscape is query escaping with a space as %20: "+" is read as a space
// only by decoders of forms, and some servers store it as a plus.
func tagEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// ParseTags reads K=V&K=V (URL query encoding, as --tagging and S3's
// x-amz-tagging write it). S3 allows 10 tags, keys of 1–128 and values
// of 0–256 characters.
func ParseTags(s string) (map[string]string, error) {
	q, err := url.ParseQuery(s)
	if err != nil {
		return nil, fmt.Errorf("tags %q are not K=V&K=V: %v", s, err)
	}
	tags := map[string]string{}
	for k, vs := range q {
		switch {
		case k == "" || len([]rune(k)) > 128:
			return nil, fmt.Errorf("tag key %q in %q must be 1 to 128 characters", k, s)
		case len(vs) > 1:
			return nil, fmt.Errorf("tag %q is given twice in %q", k, s)
		case len([]rune(vs[0])) > 256:
			return nil, fmt.Errorf("tag %q in %q has a value over 256 characters", k, s)
		}
		tags[k] = vs[0]
	}
	if len(tags) == 0 || len(tags) > 10 {
		return nil, fmt.Errorf("tags %q: give 1 to 10 tags as K=V&K=V (or none, or keep)", s)
	}
	return tags, nil
}

// Attribute is one thing the new object carries, as the source has it
// and as the new object will: what a person sees before the copy starts.
type Attribute struct {
	Name   string `json:"attribute"`
	Source string `json:"source"`
	New    string `json:"new"`
	// Changed: the new object differs from the source here.
	Changed bool `json:"changed,omitempty"`
}

// Compare lists every attribute side by side, each marked when it
// changes. What cannot be known of the source (tags not read, its ACL) is
// named as such.
func Compare(h ObjectHeaders, src SourceAttrs, n NewObject) []Attribute {
	var out []Attribute
	add := func(name, a, b string) {
		out = append(out, Attribute{Name: name, Source: orDash(a), New: orDash(b), Changed: a != b})
	}
	add("storage class", orStandard(src.StorageClass), orStandard(n.StorageClass))
	add("encryption", sourceSSEText(src), sseText(n.SSE, n.SSEKMSKeyID, n.SSECKey))
	add("Content-Type", h.ContentType, n.Headers.ContentType)
	add("Cache-Control", h.CacheControl, n.Headers.CacheControl)
	add("Content-Disposition", h.ContentDisposition, n.Headers.ContentDisposition)
	add("Content-Encoding", h.ContentEncoding, n.Headers.ContentEncoding)
	add("Content-Language", h.ContentLanguage, n.Headers.ContentLanguage)
	expires := n.Headers.Expires
	if _, ok := HTTPExpires(expires); expires != "" && !ok {
		expires = "not kept: not an HTTP date"
	}
	add("Expires", h.Expires, expires)
	add("website redirect", h.WebsiteRedirectLocation, n.Headers.WebsiteRedirectLocation)
	add("metadata", mapText(h.Metadata), mapText(n.Headers.Metadata))
	switch {
	case src.TagsRead:
		add("tags", mapText(src.Tags), mapText(n.Tags))
	default:
		out = append(out, Attribute{Name: "tags", Source: "not read", New: orDash(mapText(n.Tags)), Changed: len(n.Tags) > 0})
	}
	add("object lock", lockText(src.LockMode, src.RetainUntil), lockText(n.LockMode, n.RetainUntil))
	add("legal hold", src.LegalHold, n.LegalHold)
	if n.ACL != "" {
		out = append(out, Attribute{Name: "ACL", Source: "not read", New: n.ACL, Changed: true})
	}
	return out
}

// Differences are the attributes that change.
func Differences(h ObjectHeaders, src SourceAttrs, n NewObject) []Attribute {
	var out []Attribute
	for _, a := range Compare(h, src, n) {
		if a.Changed {
			out = append(out, a)
		}
	}
	return out
}

// ChangesText writes the differences as one line: "storage class
// STANDARD → STANDARD_IA · tags team=media → -" ("" when none).
func ChangesText(diffs []Attribute) string {
	out := make([]string, len(diffs))
	for i, d := range diffs {
		out[i] = d.Name + " " + d.Source + " → " + d.New
	}
	return strings.Join(out, " · ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func orStandard(s string) string {
	if s == "" {
		return "STANDARD"
	}
	return s
}

func sseText(mode, kmsKey, customerKey string) string {
	switch {
	case customerKey != "":
		return "SSE-C (key " + customerKey + ")"
	case strings.HasPrefix(mode, "aws:kms") && kmsKey != "":
		return mode + " (" + kmsKey + ")"
	}
	return mode
}

func sourceSSEText(src SourceAttrs) string {
	if src.SSEC {
		return sseText("", "", cmp.Or(src.SSECKey, "not given"))
	}
	return sseText(src.SSE, src.SSEKMSKeyID, "")
}

// CheckKeptEncryption refuses to "keep" a customer-key encryption no key
// was given for: the new object would silently be stored under the
// bucket's default instead.
func CheckKeptEncryption(t Target, src SourceAttrs) error {
	if !src.SSEC || t.SSE != "" || t.SSECKey != "" {
		return nil
	}
	return fmt.Errorf("the source is encrypted with a customer key (SSE-C), which a copy can keep only when given one: " +
		"encrypt the new object with a key of yours (--sse-c-key KEYFILE, the same file to keep the source's key) or say how else (--sse AES256, aws:kms or none)")
}

func lockText(mode string, until time.Time) string {
	if mode == "" {
		return ""
	}
	return mode + " until " + until.UTC().Format(time.RFC3339)
}

// mapText writes a map as sorted k=v pairs.
func mapText(m map[string]string) string {
	keys := slices.Sorted(maps.Keys(m))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return strings.Join(parts, ", ")
}

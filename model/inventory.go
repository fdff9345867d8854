package model

import (
	"slices"
	"strings"
	"time"
)

// HeldUpload is an in-progress upload with what it holds: its parts and
// their bytes (summed from ListParts), and the s3parts job that owns it.
type HeldUpload struct {
	Upload
	Parts int   `json:"parts"`
	Bytes int64 `json:"bytes"`
	// Sized: Parts and Bytes were read (ListParts); false while they are
	// still to be read, or when reading them failed (SizeErr).
	Sized   bool   `json:"sized"`
	SizeErr string `json:"size_error,omitempty"`
	// Job is the unfinished s3parts job that owns the upload, if one
	// does (a settled job owns nothing); JobState its state.
	Job      string `json:"job,omitempty"`
	JobState State  `json:"job_state,omitempty"`
}

// Age is how long ago the upload was started (0 when the server did not
// say).
func (u HeldUpload) Age(now time.Time) time.Duration {
	if u.Initiated.IsZero() {
		return 0
	}
	return max(now.Sub(u.Initiated), 0)
}

// BucketUploads are the in-progress uploads of one bucket.
type BucketUploads struct {
	Bucket  string       `json:"bucket"`
	Uploads []HeldUpload `json:"uploads"`
	// Err: the bucket's uploads could not be listed (access denied, a
	// provider without ListMultipartUploads…); the other buckets stand.
	Err string `json:"error,omitempty"`
	// Rule is the bucket's lifecycle rule that aborts incomplete uploads,
	// if it has one; RuleErr says why it could not be read.
	Rule    *AbortRule `json:"abort_rule,omitempty"`
	RuleErr string     `json:"abort_rule_error,omitempty"`
}

// AbortRule is a bucket lifecycle rule that aborts incomplete multipart
// uploads some days after they were started.
type AbortRule struct {
	ID     string `json:"id,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Days   int    `json:"days"`
	// Enabled: the rule's status is Enabled (a disabled rule aborts nothing).
	Enabled bool `json:"enabled"`
	// Filtered: the rule applies only to objects with certain tags or
	// sizes, so it does not cover every upload under its prefix.
	Filtered bool `json:"filtered,omitempty"`
}

// Whole reports a rule that aborts every incomplete upload of the bucket.
func (r AbortRule) Whole() bool { return r.Enabled && r.Prefix == "" && !r.Filtered }

// Totals add up uploads.
type Totals struct {
	Uploads int   `json:"uploads"`
	Parts   int   `json:"parts"`
	Bytes   int64 `json:"bytes"`
	// Unsized counts uploads whose parts were not (yet) read: Parts and
	// Bytes leave them out.
	Unsized int `json:"unsized,omitempty"`
	// Oldest is when the oldest upload was started.
	Oldest time.Time `json:"oldest,omitzero"`
}

// Add counts one upload in.
func (t *Totals) Add(u HeldUpload) {
	t.Merge(Totals{Uploads: 1, Oldest: u.Initiated})
	if u.Sized {
		t.Parts += u.Parts
		t.Bytes += u.Bytes
	} else {
		t.Unsized++
	}
}

// Merge adds another total in.
func (t *Totals) Merge(o Totals) {
	t.Uploads += o.Uploads
	t.Parts += o.Parts
	t.Bytes += o.Bytes
	t.Unsized += o.Unsized
	if !o.Oldest.IsZero() && (t.Oldest.IsZero() || o.Oldest.Before(t.Oldest)) {
		t.Oldest = o.Oldest
	}
}

// Totals of the bucket's uploads.
func (b BucketUploads) Totals() Totals {
	var t Totals
	for _, u := range b.Uploads {
		t.Add(u)
	}
	return t
}

// Inventory is the in-progress uploads of many buckets.
type Inventory struct {
	Buckets []BucketUploads `json:"buckets"`
}

// Totals of every bucket.
func (inv Inventory) Totals() Totals {
	var t Totals
	for _, b := range inv.Buckets {
		t.Merge(b.Totals())
	}
	return t
}

// Sort puts buckets by name and each bucket's uploads oldest first (the
// ones most likely forgotten), then by key.
func (inv Inventory) Sort() {
	slices.SortFunc(inv.Buckets, func(a, b BucketUploads) int { return strings.Compare(a.Bucket, b.Bucket) })
	for _, b := range inv.Buckets {
		slices.SortStableFunc(b.Uploads, func(x, y HeldUpload) int {
			if c := x.Initiated.Compare(y.Initiated); c != 0 {
				return c
			}
			return strings.Compare(x.Key, y.Key)
		})
	}
}

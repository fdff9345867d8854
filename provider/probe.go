package provider

import (
	"cmp"
	"fmt"
	"net/url"
	"time"
)

// A probe asks the endpoint in use, with the credentials in use, what the
// presets can only guess (shared/PROVIDERS.md, capability table): each
// check is a question whose answer yes is what s3parts relies on.

// Outcome is a check's answer.
type Outcome string

const (
	// Yes: the server does what the check asks (✓).
	Yes Outcome = "yes"
	// No: the server refused it, or did not do it (✗).
	No Outcome = "no"
	// Unknown: the answer could not be told apart (?): an error that says
	// nothing about the capability, a step before it that failed.
	Unknown Outcome = "unknown"
	// Skipped: not run (read-only mode, no bucket given).
	Skipped Outcome = "skipped"
)

// Mark is the outcome's sign in a table: ✓, ✗, ? or –.
func (o Outcome) Mark() string {
	switch o {
	case Yes:
		return "✓"
	case No:
		return "✗"
	case Skipped:
		return "–"
	}
	return "?"
}

// CheckID names a check, stably: the JSON and the stored results use it.
type CheckID string

// The checks, in the order a probe runs and shows them.
const (
	CheckListBuckets       CheckID = "list-buckets"
	CheckPathStyle         CheckID = "path-style"
	CheckVirtualHost       CheckID = "virtual-host"
	CheckXID               CheckID = "x-id"
	CheckListUploads       CheckID = "list-uploads"
	CheckListUploadsPrefix CheckID = "list-uploads-prefix"
	CheckLifecycleAbort    CheckID = "lifecycle-abort-incomplete"
	CheckPartCopy          CheckID = "part-copy"
	CheckRangedCopy        CheckID = "ranged-part-copy"
	CheckMinPart           CheckID = "min-part-size"
	CheckUnequalParts      CheckID = "unequal-parts"
	CheckRecopy            CheckID = "recopy-part"
	CheckETagMD5           CheckID = "multipart-etag-md5"
	CheckIfMatch           CheckID = "if-match"
	CheckIfNoneMatch       CheckID = "if-none-match"
	CheckIfModifiedSince   CheckID = "if-modified-since"
	CheckIfUnmodifiedSince CheckID = "if-unmodified-since"
	// The pairing rules S3 documents for two conditions at once: If-Match
	// that holds with If-Unmodified-Since that fails copies; If-None-Match
	// that fails with If-Modified-Since that holds is refused (412).
	CheckPairMatchUnmodified   CheckID = "if-match+if-unmodified-since"
	CheckPairNoneMatchModified CheckID = "if-none-match+if-modified-since"
	CheckVersionSource         CheckID = "version-in-copy-source"
	CheckVersionHeader         CheckID = "copy-source-version-header"
	CheckAbortUnknown          CheckID = "abort-unknown"
)

// Check is one question asked of the server and what it answered.
type Check struct {
	ID      CheckID `json:"id"`
	Title   string  `json:"title"`
	Outcome Outcome `json:"outcome"`
	// Seen says what the server did: "412 PreconditionFailed", "copied",
	// "200 with the object's ETag"; the reason for a skip.
	Seen string `json:"seen"`
	// Bytes is a size the check measured (the smallest part that
	// completed); 0 when it measures none.
	Bytes int64 `json:"bytes,omitempty"`
}

// ProbeReport is what one probe found, kept per endpoint in the state
// directory (see package probes) and applied over the preset's guesses.
type ProbeReport struct {
	// Key names the endpoint the report is about (ProbeKey).
	Key      string `json:"key"`
	Endpoint string `json:"endpoint,omitempty"`
	Region   string `json:"region"`
	// Preset is the preset in use when the probe ran.
	Preset   string    `json:"preset"`
	Bucket   string    `json:"bucket,omitempty"`
	Prefix   string    `json:"prefix,omitempty"`
	ReadOnly bool      `json:"read_only,omitempty"`
	Taken    time.Time `json:"taken"`
	Took     Millis    `json:"took_ms"`
	Checks   []Check   `json:"checks"`
	// Leftovers are what the probe made and could not remove (s3:// names
	// and upload ids), so a person can remove them by hand.
	Leftovers []string `json:"leftovers,omitempty"`
}

// Millis is a duration written in JSON as whole milliseconds.
type Millis time.Duration

func (m Millis) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, "%d", time.Duration(m).Milliseconds()), nil
}

func (m *Millis) UnmarshalJSON(b []byte) error {
	var ms int64
	if _, err := fmt.Sscan(string(b), &ms); err != nil {
		return fmt.Errorf("took_ms %s is not a number of milliseconds", b)
	}
	*m = Millis(time.Duration(ms) * time.Millisecond)
	return nil
}

// Get finds a check by id.
func (r ProbeReport) Get(id CheckID) (Check, bool) {
	for _, c := range r.Checks {
		if c.ID == id {
			return c, true
		}
	}
	return Check{}, false
}

// outcome is a check's outcome, Skipped when the report lacks it.
func (r ProbeReport) outcome(id CheckID) Outcome {
	if c, ok := r.Get(id); ok {
		return c.Outcome
	}
	return Skipped
}

// ProbeKey names an endpoint for the probe results kept about it: the
// endpoint URL, or for AWS's own endpoints "aws:" and the region. The
// credentials are not part of it: what is probed is the service's
// behaviour, not what one key may do.
func ProbeKey(endpoint, region string) string {
	if endpoint == "" {
		return "aws:" + cmp.Or(region, defaultRegion)
	}
	if u, err := url.Parse(endpoint); err == nil {
		u.User = nil
		return u.String()
	}
	return endpoint
}

// ProbeKey is the key of the endpoint this client reaches.
func (c *Client) ProbeKey() string { return ProbeKey(c.endpoint, c.cfg.Region) }

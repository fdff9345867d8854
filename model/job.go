package model

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// State is where a job or one of its parts stands. Parts are pending,
// running, done, failed or cancelled; jobs have states of their own too
// (jobstate.go).
type State string

const (
	StatePending   State = "pending"
	StateRunning   State = "running"
	StateDone      State = "done" // a part only: copied, with its ETag
	StateFailed    State = "failed"
	StateCancelled State = "cancelled"
)

// Finished reports whether a part's state is final: nothing more happens
// to it without a person acting.
func (s State) Finished() bool {
	return s == StateDone || s == StateFailed || s == StateCancelled
}

// OpError is a classified S3 failure: what a person needs to act on it and
// what the engine needs to decide on a retry.
type OpError struct {
	Op         string `json:"op,omitempty"`
	Code       string `json:"code,omitempty"`
	HTTPStatus int    `json:"http_status,omitempty"`
	RequestID  string `json:"request_id,omitempty"`
	Message    string `json:"message"`
	Retryable  bool   `json:"retryable,omitempty"`
	// Failed names the copy conditions the source was found not to meet
	// after a 412 ("If-Unmodified-Since"), when it could be read again.
	Failed []string `json:"failed_conditions,omitempty"`
	// DeleteMarker: the object or version read is a delete marker (the
	// server's x-amz-delete-marker header, or a listing of its versions).
	DeleteMarker bool `json:"delete_marker,omitempty"`
}

func (e *OpError) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op + ": ")
	}
	b.WriteString(e.Message)
	var tags []string
	if e.Code != "" && !strings.EqualFold(e.Code, e.Message) { // not "cancelled (Cancelled)"
		tags = append(tags, e.Code)
	}
	if e.HTTPStatus != 0 {
		tags = append(tags, fmt.Sprintf("HTTP %d", e.HTTPStatus))
	}
	if e.RequestID != "" {
		tags = append(tags, "request id "+e.RequestID)
	}
	if len(tags) > 0 {
		b.WriteString(" (" + strings.Join(tags, ", ") + ")")
	}
	return b.String()
}

// PartState is the life of one planned part.
type PartState struct {
	PlannedPart
	State               State     `json:"state"`
	Attempts            int       `json:"attempts,omitempty"`
	ETag                string    `json:"etag,omitempty"`
	LastModified        time.Time `json:"last_modified,omitzero"`
	CopySourceVersionID string    `json:"copy_source_version_id,omitempty"`
	// Checksum is the part's checksum in the upload's algorithm, as
	// UploadPartCopy returned it: CompleteMultipartUpload must repeat it.
	Checksum string        `json:"checksum,omitempty"`
	Duration time.Duration `json:"duration_ns,omitempty"`
	Err      *OpError      `json:"error,omitempty"`
	// Origin says where a done part's ETag came from when it was not
	// copied by the run that shows it (OriginKept, OriginProven,
	// OriginStored); empty for a part this run copied.
	Origin string `json:"origin,omitempty"`
	// Tries are the last MaxTries attempts, oldest first; Attempts counts
	// them all.
	Tries []Attempt `json:"tries,omitempty"`
}

// Where a done part's ETag came from, when not from the run showing it.
const (
	// OriginKept: an earlier run copied it; the journal and the upload
	// agree on its ETag.
	OriginKept = "kept"
	// OriginProven: the upload held it without the journal knowing; its
	// bytes were read back and match the planned range of the source.
	OriginProven = "proven"
	// OriginStored: an attempt whose answer never came (cancelled, timed
	// out) was stored by the server all the same, in an upload this job
	// made: the upload's word counts, not the lost answer.
	OriginStored = "stored"
)

// Attempt is one UploadPartCopy of a part: when it was sent, how long it
// took, and its ETag or error (neither: it was cancelled).
type Attempt struct {
	At   time.Time     `json:"at"`
	Took time.Duration `json:"took_ns,omitempty"`
	// Range is the range this attempt asked for (a person may edit it
	// between attempts).
	Range ByteRange `json:"range"`
	ETag  string    `json:"etag,omitempty"`
	Err   *OpError  `json:"error,omitempty"`
}

// Outcome says in a word or two how the attempt ended.
func (a Attempt) Outcome() string {
	switch {
	case a.ETag != "":
		return "copied"
	case a.Err != nil && a.Err.Retryable:
		return "failed, retryable"
	case a.Err != nil:
		return "failed"
	}
	return "cancelled"
}

// MaxTries bounds the attempts a part keeps: enough for a support ticket,
// not enough to swell a journal of 10,000 parts.
const MaxTries = 20

// AddTry records an attempt, dropping the oldest past MaxTries. It never
// writes into the array the part had: a copy of the part handed elsewhere
// keeps its attempts as they were.
func (p *PartState) AddTry(a Attempt) {
	keep := p.Tries[max(len(p.Tries)-(MaxTries-1), 0):]
	p.Tries = append(slices.Clone(keep), a)
}

// Job is a plan being carried out against one multipart upload. It holds
// everything needed to show, journal and resume the copy.
type Job struct {
	ID   string `json:"id"`
	Plan Plan   `json:"plan"`
	// Where is the server the job was made on; it is resumed there.
	Where    Where  `json:"where,omitzero"`
	UploadID string `json:"upload_id,omitempty"`
	// CreatedUpload: the job made its upload (rather than going on with
	// one made elsewhere), so every part the upload holds came from it.
	CreatedUpload bool        `json:"created_upload,omitempty"`
	State         State       `json:"state"`
	Parts         []PartState `json:"parts"`
	NoComplete    bool        `json:"no_complete,omitempty"`
	// Concurrency is the part copies in flight the person chose for this
	// job (the planner's "in flight"); 0: found while copying.
	Concurrency int       `json:"concurrency,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Completed: CompleteMultipartUpload succeeded, so the object exists
	// and the upload is gone, whatever verification says after.
	Completed bool   `json:"completed,omitempty"`
	FinalETag string `json:"final_etag,omitempty"`
	// DestVersionID is the new object's version, on a versioned bucket.
	DestVersionID string `json:"dest_version_id,omitempty"`
	ExpectedETag  string `json:"expected_etag,omitempty"`
	Verified      bool   `json:"verified,omitempty"`
	// Verification says what the check of the new object compared ("size
	// and multipart ETag", "size, part count, each part's size and ETag
	// (ListParts before completing)"), and what it could not; empty for
	// a job checked before it was recorded.
	Verification string   `json:"verification,omitempty"`
	Err          *OpError `json:"error,omitempty"`
	// Unknown holds the journal fields this version does not know (a newer
	// s3parts wrote them), so rewriting the job keeps them.
	Unknown map[string]json.RawMessage `json:"-"`
}

// NewJob starts a job for a plan with every part pending.
func NewJob(id string, plan Plan, now time.Time) Job {
	parts := make([]PartState, len(plan.Parts))
	for i, p := range plan.Parts {
		parts[i] = PartState{PlannedPart: p, State: StatePending}
	}
	return Job{ID: id, Plan: plan, State: StatePending, Parts: parts, CreatedAt: now, UpdatedAt: now}
}

// Clone is a deep copy, safe to hand to another goroutine.
func (j Job) Clone() Job {
	j.Parts = slices.Clone(j.Parts)
	for i := range j.Parts {
		p := &j.Parts[i]
		p.Err = p.Err.clone()
		p.Tries = slices.Clone(p.Tries)
		for k := range p.Tries {
			p.Tries[k].Err = p.Tries[k].Err.clone()
		}
	}
	j.Plan.Parts = slices.Clone(j.Plan.Parts)
	j.Plan.Headers.Metadata = maps.Clone(j.Plan.Headers.Metadata)
	j.Unknown = maps.Clone(j.Unknown)
	j.Err = j.Err.clone()
	return j
}

func (e *OpError) clone() *OpError {
	if e == nil {
		return nil
	}
	c := *e
	return &c
}

// AdoptStored marks the planned parts that an upload already holds with
// the planned size, and that same proves to hold the planned bytes, as
// done with the stored ETag, so going on with an upload does not copy them
// again. A size alone proves nothing: another tool may have put other data
// there. It returns how many it kept and the stored part numbers the plan
// does not use.
func (j *Job) AdoptStored(stored []Part, same func(PlannedPart, Part) bool) (kept int, extra []int32) {
	byNum := make(map[int32]Part, len(stored))
	for _, p := range stored {
		byNum[p.Number] = p
	}
	for i, p := range j.Parts {
		s, ok := byNum[p.Number]
		if !ok {
			continue
		}
		delete(byNum, p.Number)
		if s.Size == p.Range.Len() && s.ETag != "" && same(p.PlannedPart, s) {
			j.Parts[i].State, j.Parts[i].ETag, j.Parts[i].LastModified, j.Parts[i].Origin = StateDone, s.ETag, s.LastModified, OriginProven
			kept++
		}
	}
	for _, p := range stored {
		if _, left := byNum[p.Number]; left {
			extra = append(extra, p.Number)
		}
	}
	return kept, extra
}

// RetryParts puts the named parts back to pending (keeping their attempt
// count and last error for the record); it reports the numbers not found.
func (j *Job) RetryParts(numbers ...int32) []int32 {
	var missing []int32
	for _, n := range numbers {
		i := slices.IndexFunc(j.Parts, func(p PartState) bool { return p.Number == n })
		if i < 0 {
			missing = append(missing, n)
			continue
		}
		j.Parts[i].State, j.Parts[i].ETag, j.Parts[i].Origin = StatePending, "", ""
	}
	return missing
}

// RetryFailed puts every failed part back to pending and returns how many.
func (j *Job) RetryFailed() int {
	n := 0
	for i := range j.Parts {
		if j.Parts[i].State == StateFailed {
			j.Parts[i].State = StatePending
			n++
		}
	}
	return n
}

// SourceChanged reports that parts failed their If-Match while it was the
// source's ETag when the plan was made: the source was replaced mid-copy.
// A 412 another condition caused (If-Unmodified-Since, …) is not a change
// of the source: FailedConditions names it.
func (j Job) SourceChanged() bool {
	c := j.Plan.Conditions
	if c.IfMatch == "" || !SameETag(c.IfMatch, j.Plan.SourceETag) {
		return false
	}
	for _, p := range j.Parts {
		if !preconditionFailed(p) {
			continue
		}
		if slices.Contains(p.Err.Failed, "If-Match") {
			return true
		}
		// A journal from before the failed condition was recorded: with
		// If-Match the only condition, it is the one that failed.
		if len(p.Err.Failed) == 0 && (Conditions{IfMatch: c.IfMatch}) == c {
			return true
		}
	}
	return false
}

// FailedConditions names the conditions the source did not meet, over the
// parts that failed with 412, in the order the headers are sent.
func (j Job) FailedConditions() []string {
	seen := map[string]bool{}
	for _, p := range j.Parts {
		if preconditionFailed(p) {
			for _, f := range p.Err.Failed {
				seen[f] = true
			}
		}
	}
	var out []string
	for _, name := range conditionNames {
		if seen[name] {
			out = append(out, name)
		}
	}
	return out
}

// preconditionFailed: the part failed a copy condition — one named by the
// engine (after a 412, or versitygw's 304), or a 412 from a journal
// written before conditions were named.
func preconditionFailed(p PartState) bool {
	return p.State == StateFailed && p.Err != nil &&
		(len(p.Err.Failed) > 0 || p.Err.Code == "PreconditionFailed" || p.Err.HTTPStatus == 412)
}

// Progress counts parts and bytes done.
type Progress struct {
	PartsDone, PartsFailed, PartsRunning, PartsTotal int
	BytesDone, BytesTotal                            int64
}

// Progress sums the part states.
func (j Job) Progress() Progress {
	var p Progress
	p.PartsTotal = len(j.Parts)
	for _, pt := range j.Parts {
		p.BytesTotal += pt.Range.Len()
		switch pt.State {
		case StateDone:
			p.PartsDone++
			p.BytesDone += pt.Range.Len()
		case StateFailed:
			p.PartsFailed++
		case StateRunning:
			p.PartsRunning++
		}
	}
	return p
}

// CompletedPart is what CompleteMultipartUpload needs of a part.
type CompletedPart struct {
	Number   int32  `json:"number"`
	ETag     string `json:"etag"`
	Checksum string `json:"checksum,omitempty"`
}

// CompletedParts lists every part with its ETag in part-number order, or
// names the parts that are not done: a job is never completed with a part
// missing.
func (j Job) CompletedParts() ([]CompletedPart, error) {
	out := make([]CompletedPart, 0, len(j.Parts))
	var missing []string
	for _, p := range j.Parts {
		if p.State != StateDone || p.ETag == "" {
			missing = append(missing, fmt.Sprintf("%d (%s)", p.Number, p.State))
			continue
		}
		out = append(out, CompletedPart{Number: p.Number, ETag: p.ETag, Checksum: p.Checksum})
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("cannot complete: %d of %d parts have no ETag: %s", len(missing), len(j.Parts), shortList(missing, 10))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("cannot complete: the job has no parts")
	}
	slices.SortFunc(out, func(a, b CompletedPart) int { return cmp.Compare(a.Number, b.Number) })
	return out, nil
}

func shortList(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
}

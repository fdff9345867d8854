package provider

import (
	"context"
	"fmt"
	"time"

	"s3parts/model"
)

// sourceUnguarded says why nothing stopped the part copies from reading a
// newer source, or "" when something did: a version id, or an If-Match on
// the source's ETag at a provider known to enforce it. Where conditions
// are ignored (R2 documents them as unsupported; older Ceph ignored them)
// If-Match protects nothing, so the source is read again around the
// completion instead.
func (r *run) sourceUnguarded(job model.Job) string {
	c := job.Plan.Conditions
	switch {
	case job.Plan.Source.VersionID != "" && job.Plan.Source.VersionID != "null", job.Plan.SourceETag == "":
		// A version id pins the source (but "null", the version a PUT
		// replaces where versioning is suspended, pins nothing); without
		// an ETag (HeadObject refuses such an answer) there is nothing to
		// compare.
		return ""
	case c.IfMatch == "" || !model.SameETag(c.IfMatch, job.Plan.SourceETag):
		return "no If-Match guarded the parts"
	case r.e.Client.Preset().ConditionsUnverified:
		return fmt.Sprintf("the provider (%s) does not enforce If-Match on part copies, or is not known to, so If-Match guarded nothing",
			r.e.Client.Preset().Name)
	}
	return ""
}

// sourceStill refuses to complete when nothing guarded the copy against a
// change of its source and the source changed while the parts were
// copied: they may mix two versions, and an object that never existed
// must not be made.
func (r *run) sourceStill(job model.Job) *model.OpError {
	why := r.sourceUnguarded(job)
	if why == "" {
		return nil
	}
	info, err := r.e.Client.HeadObject(r.ctx, job.Plan.Source)
	if err != nil {
		oe := *Classify("HeadObject", err)
		oe.Message = "the source could not be read again before completing, and " + why + ": " + oe.Message
		return &oe
	}
	if !model.SameETag(info.ETag, job.Plan.SourceETag) {
		return &model.OpError{Op: "CompleteMultipartUpload", Code: "SourceChanged", Message: fmt.Sprintf(
			"the source %s changed while it was copied (ETag %s, now %s) and %s: the parts may mix two versions, so nothing was completed; abort the upload and copy again%s",
			job.Plan.Source, job.Plan.SourceETag, info.ETag, why, againHint(job))}
	}
	return nil
}

// againHint says what makes the next copy safe from such a change.
func againHint(job model.Job) string {
	if job.Plan.Conditions.IfMatch == "" {
		return " (If-Match, the default, makes such a change fail the parts instead, where the provider enforces it)"
	}
	return " once the source stops changing (a version id, where the bucket keeps versions, pins the source)"
}

// CodeSourceChangedAfterComplete: the source was found changed once its
// unguarded copy was completed, so the new object may mix two versions.
// The job keeps this error: checking the object again cannot clear it.
const CodeSourceChangedAfterComplete = "SourceChangedAfterComplete"

// sourceAfter reads an unguarded copy's source again once the upload is
// completed: read unchanged before completing and changed now, it may
// have changed while the object was made (a part copied again when
// Complete refused one, a copy the server still carried out after its
// answer was lost), so the object is not called verified.
// resumed: the completion was in an earlier run, so a change may as well
// have come after it; it cannot be told which.
func (r *run) sourceAfter(job model.Job, resumed bool) *model.OpError {
	why := r.sourceUnguarded(job)
	if why == "" {
		return nil
	}
	// The object exists whatever happens now: its check runs to the end
	// even when the job was just stopped.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.parent), time.Minute)
	defer cancel()
	dest := job.Plan.Dest
	info, err := r.e.Client.HeadObject(ctx, job.Plan.Source)
	if err != nil {
		oe := *Classify("HeadObject", err)
		oe.Op, oe.Code, oe.Message = "verify", "NotVerified", fmt.Sprintf(
			"%s was created, but its source %s could not be read again after completing (%s) and %s, so it cannot be shown that the source did not change while the object was made: compare %s with the source before using it",
			dest, job.Plan.Source, oe.Message, why, dest)
		return &oe
	}
	if model.SameETag(info.ETag, job.Plan.SourceETag) {
		return nil
	}
	when := "while the upload was completed"
	if resumed {
		when = "since the copy was planned, before or after the upload was completed (which cannot be told now)"
	}
	return &model.OpError{Op: "verify", Code: CodeSourceChangedAfterComplete, Message: fmt.Sprintf(
		"the source %s changed %s (ETag %s, now %s) and %s: the new object %s exists and may mix two versions of the source. "+
			"Delete it and copy again once the source stops changing, or compare it with the source before using it",
		job.Plan.Source, when, job.Plan.SourceETag, info.ETag, why, dest)}
}

// checkCompleted checks again an object an earlier run completed. An
// object found to come from a changing source stays so: its size and
// parts cannot tell which bytes it holds.
func (r *run) checkCompleted(last *model.OpError) *model.OpError {
	if last != nil && last.Code == CodeSourceChangedAfterComplete {
		return last
	}
	job := r.snapshot()
	if r.sourceUnguarded(job) == "" {
		return r.verify()
	}
	if oe := r.sourceAfter(job, true); oe != nil {
		return oe
	}
	return r.verify("source unchanged (read before completing and again now)")
}

package provider

import (
	"context"
	"fmt"
	"time"

	"s3parts/model"
)

// expected is the whole-object checksum the server is to check at
// Complete: the source's, when the upload was created to match it.
func (r *run) expected(job model.Job) model.Checksum { return job.Plan.ExpectedChecksum() }

// checksumCopied looks for a part the server answered with the whole
// source's checksum instead of the part's own: a server that copies the
// source's checksum onto each part (versitygw v1.8.0, when the upload has
// the source's algorithm) would refuse the Complete, or, asked for no
// check, store a false checksum on the new object. When the checksum was
// the engine's own choice and the upload its own, the upload is aborted
// and the parts are copied again into one without a checksum (again is
// true); when the person asked for it, the job fails and nothing is
// completed.
func (r *run) checksumCopied(redo bool) (again bool, oe *model.OpError) {
	job := r.snapshot()
	src := job.Plan.SourceAttrs.Checksum
	if r.ctx.Err() != nil || r.alg == "" || !src.IsFullObject() || src.Algorithm != r.alg {
		return false, nil
	}
	var bad int32
	for _, p := range job.Parts {
		if p.State == model.StateDone && p.Checksum == src.Value && !job.Plan.WholeSource(p.PlannedPart) {
			bad = p.Number
			break
		}
	}
	if bad == 0 {
		return false, nil
	}
	what := fmt.Sprintf("the server answered the copy of part %d with the whole source's %s (%s), not the part's own: it copies the source's checksum onto every part",
		bad, src.Algorithm, src.Value)
	aborted := ""
	if job.CreatedUpload {
		if err := r.e.Client.Abort(context.WithoutCancel(r.parent), job.Plan.Dest, job.UploadID); err != nil {
			return false, &model.OpError{Op: "AbortMultipartUpload", Code: "ChecksumCopied", Message: fmt.Sprintf(
				"%s; its upload %s could not be aborted (%v): nothing was completed, abort it", what, job.UploadID, err)}
		}
		aborted = "upload " + job.UploadID + " was aborted, "
		r.setJob(PhaseCreating, func(j *model.Job) { j.UploadID, j.CreatedUpload = "", false })
	}
	if !redo || job.Plan.Target.Checksum != "" {
		return false, &model.OpError{Op: "UploadPartCopy", Code: "ChecksumCopied", Message: fmt.Sprintf(
			"%s; completing would give the new object a false checksum: %snothing was completed; copy with --checksum none or another algorithm", what, aborted)}
	}
	r.checksumNote = "no checksum: " + what + ", so the parts were copied again without one"
	r.setJob(PhaseCreating, func(j *model.Job) { j.Plan.Target.Checksum = model.ChecksumNone })
	for i := range job.Parts {
		r.setPart(i, func(p *model.PartState) {
			p.State, p.ETag, p.Checksum, p.LastModified, p.CopySourceVersionID, p.Origin = model.StatePending, "", "", time.Time{}, "", ""
		})
	}
	return true, nil
}

// checksumChecked is what the new object's checksum proves, for the
// job's Verification ("" nothing), or why it disagrees.
func checksumChecked(job model.Job, got model.Checksum) (string, *model.OpError) {
	want := job.Plan.ExpectedChecksum()
	switch {
	case want.Value == "" || got.Value == "":
		// No whole-object value to match, or a server that kept none.
		return "", nil
	case got.Algorithm != want.Algorithm || got.Value != want.Value:
		return "", verifyFailed(fmt.Sprintf("the new object's checksum is %s; the source's is %s", got, want))
	}
	return want.Algorithm + " of the whole object (checked by the server against the source's)", nil
}

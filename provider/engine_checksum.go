package provider

import (
	"context"
	"fmt"
	"strings"

	"s3parts/model"
)

// expected is the whole-object checksum the server is to check at
// Complete: the source's, when the upload was created to match it.
func (r *run) expected(job model.Job) model.Checksum {
	want := job.Plan.ExpectedChecksum()
	if want.Algorithm != r.alg || r.uploadType != "" && r.uploadType != want.Type {
		return model.Checksum{}
	}
	return want
}

// followUpload makes the checksums Complete sends the upload's own, as
// ListParts tells them: an upload made elsewhere, or before a crash, may
// have another algorithm than the plan says, or none; the server checks
// each part's checksum against the one it stored.
func (r *run) followUpload(stored []model.Part) {
	alg, byNum := "", make(map[int32]string, len(stored))
	for _, s := range stored {
		if s.Checksum.Algorithm != "" {
			alg, r.uploadType = s.Checksum.Algorithm, s.Checksum.Type
			byNum[s.Number] = s.Checksum.Value
		}
	}
	job := r.snapshot()
	known := false
	for _, p := range job.Parts {
		known = known || p.Checksum != ""
	}
	switch {
	case alg != "" && alg != r.alg:
		r.alg = alg
		r.setJob(PhaseCopying, func(j *model.Job) { j.Plan.Target.Checksum = alg })
	case alg == "" && !known && r.alg != "":
		// Neither the listing nor the copies name a checksum: the upload
		// has none (made without, or by a server that ignores them).
		r.alg = ""
		r.setJob(PhaseCopying, func(j *model.Job) { j.Plan.Target.Checksum = model.ChecksumNone })
	}
	for i, p := range job.Parts {
		if v := byNum[p.Number]; v != "" && v != p.Checksum && p.State == model.StateDone {
			r.setPart(i, func(p *model.PartState) { p.Checksum = v })
		}
	}
}

// checksumTrouble looks for a sign that the server cannot make the new
// object with the upload's checksum:
//   - a part answered with the whole source's checksum instead of its own:
//     the server copies the source's checksum onto each part (versitygw
//     v1.8.0, when the upload has the source's algorithm), so it would
//     refuse the Complete or store a false checksum on the new object;
//   - a part copy refused for want of a checksum: UploadPartCopy has no
//     checksum input, but the server wants one (MinIO: "checksum missing").
//
// When the checksum was the engine's own choice and the upload its own,
// the upload is aborted and the parts start over in one without a
// checksum (again is true); when the person asked for it, the job fails,
// the upload is aborted and nothing is completed.
func (r *run) checksumTrouble(redo bool) (again bool, oe *model.OpError) {
	job := r.snapshot()
	if r.parent.Err() != nil || r.alg == "" {
		return false, nil
	}
	what := ""
	src := job.Plan.SourceAttrs.Checksum
	for _, p := range job.Parts {
		switch {
		case src.IsFullObject() && src.Algorithm == r.alg && p.Checksum == src.Value && !job.Plan.WholeSource(p.PlannedPart):
			what = fmt.Sprintf("the server answered the copy of part %d with the whole source's %s (%s), not the part's own: it copies the source's checksum onto every part",
				p.Number, src.Algorithm, src.Value)
		case p.State == model.StateFailed && checksumRefusal(p.Err):
			what = fmt.Sprintf("the server refused to copy part %d into an upload with a %s checksum (%s): UploadPartCopy has no checksum to send",
				p.Number, r.alg, p.Err.Message)
		default:
			continue
		}
		break
	}
	if what == "" {
		return false, nil
	}
	aborted := ""
	if job.CreatedUpload {
		if err := r.e.Client.Abort(context.WithoutCancel(r.parent), job.Plan.Dest, job.UploadID); err != nil {
			return false, &model.OpError{Op: "AbortMultipartUpload", Code: codeChecksumCopied, Message: fmt.Sprintf(
				"%s; its upload %s could not be aborted (%v): nothing was completed, abort it", what, job.UploadID, err)}
		}
		aborted = "upload " + job.UploadID + " was aborted, "
		r.setJob(PhaseCreating, func(j *model.Job) { j.UploadID, j.CreatedUpload = "", false })
	}
	if !redo || job.Plan.Target.Checksum != "" {
		return false, &model.OpError{Op: "UploadPartCopy", Code: codeChecksumCopied, Message: fmt.Sprintf(
			"%s; the new object cannot be made with a true %s checksum: %snothing was completed; copy with --checksum none", what, r.alg, aborted)}
	}
	r.checksumNote = "no checksum: " + what + ", so the parts were copied again without one"
	r.setJob(PhaseCreating, func(j *model.Job) { j.Plan.Target.Checksum = model.ChecksumNone })
	// The parts start over in a new upload: what they did in the aborted
	// one is no part of it.
	for i, p := range job.Parts {
		if p.State == model.StateFailed && !checksumRefusal(p.Err) {
			continue // it waits for a person, as in any run
		}
		r.setPart(i, func(p *model.PartState) {
			*p = model.PartState{PlannedPart: p.PlannedPart, State: model.StatePending}
		})
	}
	r.mu.Lock()
	r.fatal = nil
	r.mu.Unlock()
	r.stop()
	r.ctx, r.stop = context.WithCancel(r.parent)
	return true, nil
}

// checksumRefusal: a part copy refused because the upload has a checksum
// the copy did not carry.
func checksumRefusal(oe *model.OpError) bool {
	return oe != nil && IsCode(oe, "InvalidArgument", "InvalidRequest", "BadDigest", "XAmzContentChecksumMismatch") &&
		strings.Contains(strings.ToLower(oe.Message), "checksum")
}

const codeChecksumCopied = "ChecksumUnusable"

// watchChecksum stops starting parts at the first answer that carries the
// whole source's checksum for a part that is not the whole source
// (checksumTrouble says what follows): every other part would be copied
// into an upload that cannot be completed truthfully.
func (r *run) watchChecksum(plan model.Plan, pt model.PlannedPart, res CopyPartResult, oe *model.OpError) {
	src := plan.SourceAttrs.Checksum
	copied := oe == nil && res.ChecksumAlgorithm == src.Algorithm && res.Checksum == src.Value && src.IsFullObject() && !plan.WholeSource(pt)
	if r.alg == "" || !copied && !checksumRefusal(oe) {
		return
	}
	r.mu.Lock()
	if r.fatal == nil {
		r.fatal = &model.OpError{Op: "UploadPartCopy", Code: codeChecksumCopied, Message: fmt.Sprintf(
			"the server cannot copy part %d into an upload with a %s checksum", pt.Number, r.alg)}
	}
	r.mu.Unlock()
	// No part is started after it; those in flight are let finish: the
	// server goes on copying a part whose request was cancelled, and an
	// abort in the meantime can fail or leave it behind.
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

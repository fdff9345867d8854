package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"s3parts/model"
)

// Checks made before the object is read, for the job's Verification.
const (
	checkedParts  = "each part's size and ETag (ListParts before completing)"
	checkedSource = "source unchanged (read before and after completing)"
)

// verify checks the completed object: its size, and its ETag against the
// one its parts give where the provider's ETags allow; elsewhere the part
// count it was made of. before names the checks already made, for the
// job's record of what was verified.
func (r *run) verify(before ...string) *model.OpError {
	job := r.snapshot()
	dest := job.Plan.Dest
	dest.VersionID = job.DestVersionID
	// The object exists whatever happens now: its check runs to the end
	// even when the job was just stopped.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.parent), time.Minute)
	defer cancel()
	// A check that disagrees is asked again before it is believed: one
	// answer garbled on the way must not call a good object bad.
	var why *model.OpError
	for attempt := 1; attempt <= verifyAttempts; attempt++ {
		info, err := r.e.Client.headObject(ctx, dest, job.Plan.NewObject().ChecksumAlgorithm != "", asNew)
		sum, sumErr := checksumChecked(job, info.Checksum)
		switch {
		case err != nil:
			why = Classify("HeadObject", err)
			why.Code, why.Message = "VerifyFailed", "the object was created but could not be checked: "+why.Message
			return why
		case info.Size != job.Plan.TotalBytes():
			why = verifyFailed(fmt.Sprintf("the new object %s is %d bytes; the plan copies %d", dest, info.Size, job.Plan.TotalBytes()))
			continue
		case job.ExpectedETag != "" && !model.SameETag(info.ETag, job.ExpectedETag):
			// The object's own ETag counts; the one in Complete's answer
			// may have been garbled on the way.
			why = verifyFailed(fmt.Sprintf("the new object's ETag is %s; its parts give %s", info.ETag, job.ExpectedETag))
			continue
		case sumErr != nil:
			why = sumErr
			continue
		}
		checked := "size and multipart ETag"
		if job.ExpectedETag == "" {
			// Without the ETag rule the size alone would pass an object of
			// other parts: the count of parts it was made of says more.
			var oe *model.OpError
			if checked, oe = r.partCount(ctx, dest, len(job.Parts)); oe != nil {
				why = oe
				continue
			}
		}
		if sum != "" {
			checked = sum + ", " + checked
		}
		checked = verification(checked, before)
		if r.checksumNote != "" {
			checked += "; " + r.checksumNote
		}
		r.setJob(PhaseVerifying, func(j *model.Job) { j.Verified, j.FinalETag, j.Verification = true, info.ETag, checked })
		return nil
	}
	return why
}

// partCount checks that dest was made of want parts. A server that does
// not tell (no count, or a refusal of HeadObject with a part number)
// fails nothing: the check says it was not made.
func (r *run) partCount(ctx context.Context, dest model.Ref, want int) (string, *model.OpError) {
	n, err := r.e.Client.partsCount(ctx, dest, asNew)
	switch {
	case err != nil:
		return "size; the part count could not be read (" + err.Error() + ")", nil
	case n == 0:
		return "size; the server gave no part count", nil
	case int(n) != want:
		return "", verifyFailed(fmt.Sprintf("the new object %s is made of %s; the job completed %s", dest, model.Count(int(n), "part"), model.Count(want, "part")))
	}
	return "size, part count", nil
}

// verification joins what the object's check compared with the checks
// made before it; what could not be checked ("; …") stays last.
func verification(object string, before []string) string {
	done, missing, _ := strings.Cut(object, "; ")
	s := strings.Join(append([]string{done}, before...), ", ")
	if missing != "" {
		s += "; " + missing
	}
	return s
}

// verifyAttempts is how often a check that disagrees is asked.
const verifyAttempts = 3

func verifyFailed(msg string) *model.OpError {
	return &model.OpError{Op: "verify", Code: "VerifyFailed", Message: msg}
}

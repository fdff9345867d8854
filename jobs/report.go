package jobs

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"time"

	"s3parts/model"
	"s3parts/provider"
)

// The details of a job and of one part, as plain text: what `s3parts jobs
// show` prints and the UI's detail views show, and what a person pastes
// into a support ticket. Nothing is cut.

// WriteJob writes everything about a job: where it runs, its plan, its
// state and error, its parts (each with its last outcome), and what to run
// next.
func WriteJob(w io.Writer, in Info, cmds Commands) {
	t := model.TallyOf(in.Job.Parts)
	in.Progress, in.SourceChanged, in.FailedConditions = t.Progress(), t.SourceChanged(in.Job.Plan), t.FailedConditions()
	WriteJobHead(w, in, cmds)
	for _, pt := range in.Job.Parts {
		fmt.Fprintln(w, PartLine(pt))
	}
}

// WriteJobHead writes what WriteJob writes above the parts, down to the
// parts' heading, from in's sums: a screen showing a job of many parts
// writes the head from a summary (Service.Summary) and each part's line
// (PartLine) as it comes on screen.
func WriteJobHead(w io.Writer, in Info, cmds Commands) {
	j := in.Job
	p := in.Progress
	state := in.StateWord()
	if in.HeldBy != nil {
		state = "running in " + in.HeldBy.String()
	}
	row := func(k, v string) { fmt.Fprintf(w, "%-13s %s\n", k, v) }
	row("job", j.ID)
	row("state", state)
	row("server", cmp.Or(j.Where.String(), "(not recorded)"))
	row("source", fmt.Sprintf("%s (%s, ETag %s)", j.Plan.Source, model.FormatSize(j.Plan.SourceSize), cmp.Or(j.Plan.SourceETag, "-")))
	row("destination", j.Plan.Dest.String())
	row("conditions", cmp.Or(j.Plan.Conditions.String(), "none"))
	row("new object", cmp.Or(model.ChangesText(model.Differences(j.Plan.Headers, j.Plan.SourceAttrs, j.Plan.NewObject())),
		"keeps every attribute of the source"))
	if sum := checksumText(j.Plan); sum != "" {
		row("checksum", sum)
	}
	if j.Plan.Single {
		row("copied with", "one CopyObject (no upload)")
	} else {
		row("upload", cmp.Or(j.UploadID, "-"))
	}
	if note := PurgeNote(j, time.Now()); note != "" {
		row("", note)
	}
	row("parts", fmt.Sprintf("%d of %d copied (%s of %s), %d failed", p.PartsDone, p.PartsTotal,
		model.FormatSize(p.BytesDone), model.FormatSize(p.BytesTotal), p.PartsFailed))
	row("created", stamp(j.CreatedAt))
	row("updated", stamp(j.UpdatedAt))
	if j.Completed {
		row("object ETag", cmp.Or(j.FinalETag, "-")+versionNote(j.DestVersionID))
		check := "not checked"
		switch {
		case j.Verified && j.Verification != "":
			check = "verified: " + j.Verification
		case j.Verified && j.ExpectedETag != "":
			check = "size and multipart ETag match the plan"
		case j.Verified:
			check = "size matches the plan (this provider's ETags cannot be checked)"
		}
		row("check", check)
	}
	if j.Err != nil {
		row("error", ErrorText(j.Err))
	}
	for _, next := range nextSteps(j, in.SourceChanged, in.FailedConditions, cmds) {
		row("next", next)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-5s %-27s %-10s %5s %8s  %s\n", "PART", "RANGE", "STATE", "TRIES", "TIME", "ETAG OR ERROR")
}

// PartLine is a part's line under WriteJobHead's heading.
func PartLine(pt model.PartState) string {
	return fmt.Sprintf("%-5d %-27s %-10s %5d %8s  %s", pt.Number, pt.Range, PartStateWord(pt), pt.Attempts,
		duration(pt.Duration), partLast(pt))
}

// WritePart writes everything about one part: its range, state, ETag and
// every attempt kept, each with its error in full.
// in may be a summary: its parts are not read.
func WritePart(w io.Writer, in Info, pt model.PartState) {
	row := func(k, v string) { fmt.Fprintf(w, "%-13s %s\n", k, v) }
	row("job", in.Job.ID)
	row("part", fmt.Sprintf("%d of %d", pt.Number, in.PartCount))
	row("range", fmt.Sprintf("%s (%s)", pt.Range, model.FormatSize(pt.Range.Len())))
	row("state", PartStateWord(pt))
	row("ETag", cmp.Or(pt.ETag, "-"))
	if pt.Checksum != "" {
		row("checksum", pt.Checksum)
	}
	if pt.CopySourceVersionID != "" {
		row("source ver.", pt.CopySourceVersionID)
	}
	if !pt.LastModified.IsZero() {
		row("stored", stamp(pt.LastModified))
	}
	row("attempts", fmt.Sprint(pt.Attempts))
	if pt.Err != nil {
		row("error", ErrorText(pt.Err))
	}
	if len(pt.Tries) > 0 {
		fmt.Fprintln(w)
		if kept := len(pt.Tries); kept < pt.Attempts {
			fmt.Fprintf(w, "the last %d of %d attempts:\n", kept, pt.Attempts)
		}
		first := pt.Attempts - len(pt.Tries) + 1
		for i, a := range pt.Tries {
			fmt.Fprintf(w, "attempt %d  %s  took %s  %s  %s\n", first+i, stamp(a.At), duration(a.Took), a.Range, a.Outcome())
			switch {
			case a.ETag != "":
				fmt.Fprintf(w, "    ETag %s\n", a.ETag)
			case a.Err != nil:
				fmt.Fprintf(w, "    %s\n", ErrorText(a.Err))
			}
		}
	}
}

// ErrorText is an error in full: message, code, HTTP status, request id.
func ErrorText(e *model.OpError) string {
	var tags []string
	if e.Code != "" {
		tags = append(tags, "code "+e.Code)
	}
	if e.HTTPStatus != 0 {
		tags = append(tags, fmt.Sprintf("HTTP %d", e.HTTPStatus))
	}
	if e.RequestID != "" {
		tags = append(tags, "request id "+e.RequestID)
	}
	if e.Op != "" {
		tags = append(tags, "in "+e.Op)
	}
	if e.Retryable {
		tags = append(tags, "retryable")
	}
	s := e.Message
	if len(tags) > 0 {
		s += " (" + strings.Join(tags, ", ") + ")"
	}
	return s
}

// PartStateWord is a part's state as a person reads it: a part a run did
// not copy itself says where its ETag came from.
func PartStateWord(p model.PartState) string {
	switch {
	case p.State == model.StateDone && p.Origin != "":
		return p.Origin
	case p.State == model.StatePending && p.Err != nil:
		return "retrying"
	}
	return string(p.State)
}

func partLast(p model.PartState) string {
	if p.Err != nil && p.State != model.StateDone {
		code := p.Err.Code
		if p.Err.HTTPStatus != 0 {
			code = fmt.Sprintf("%s %d", code, p.Err.HTTPStatus)
		}
		return code + ": " + p.Err.Message
	}
	if p.Checksum != "" && p.State == model.StateDone {
		return p.ETag + "  " + p.Checksum
	}
	return p.ETag
}

// checksumText is the upload's checksum algorithm and, where the server
// is to prove the copy equal to the source, the value it must have.
func checksumText(plan model.Plan) string {
	n := plan.NewObject()
	if n.ChecksumAlgorithm == "" {
		return ""
	}
	s := n.ChecksumAlgorithm + " (" + n.ChecksumType + ")"
	if want := plan.ExpectedChecksum(); want.Value != "" {
		s += ", the source's " + want.Value + ": the server checks the new object against it"
	}
	return s
}

// NextSteps are the commands that go on from where a job stands.
func NextSteps(j model.Job, cmds Commands) []string {
	return nextSteps(j, j.SourceChanged(), j.FailedConditions(), cmds)
}

// nextSteps is NextSteps with what the job's parts say already summed.
func nextSteps(j model.Job, sourceChanged bool, failed []string, cmds Commands) []string {
	switch {
	case j.State == model.StateVerified || j.State == model.StateDismissed:
		return nil
	case j.State == model.StateAborted:
		return []string{"copy again: " + cmds.Copy(j)}
	case j.Plan.Single && !j.Completed && (sourceChanged || len(failed) > 0 || hasCode(j.Err, "SourceChanged") || hasCode(j.Err, "PreconditionFailed")):
		// One request, no upload: going on would send the same conditions.
		return []string{"copy anew: " + cmds.Copy(j)}
	case j.Completed && hasCode(j.Err, provider.CodeSourceChangedAfterComplete):
		// Checking again cannot tell which bytes it holds.
		return []string{"the object may mix two versions of the source: compare it with the source, or copy again over it: " + cmds.Copy(j)}
	case j.Completed:
		return []string{"check again: " + cmds.Resume(j)}
	case j.Err != nil && (j.Err.Code == "NoSuchKey" || j.Err.Code == "NoSuchVersion") && j.UploadID != "":
		return []string{"the source is gone; discard the parts copied: " + cmds.Abort(j)}
	case (sourceChanged || hasCode(j.Err, "SourceChanged")) && j.UploadID != "":
		// Parts that failed their If-Match, or parts copied where
		// nothing guarded them and found from another version before
		// completing: going on would keep them.
		return []string{"discard the old version's parts: " + cmds.Abort(j), "then copy the new version: " + cmds.Copy(j)}
	case len(failed) > 0 && j.UploadID != "":
		// The condition did its work: going on would only fail again.
		return []string{"the source does not meet " + strings.Join(failed, " and ") + "; discard the upload: " + cmds.Abort(j)}
	case j.UploadID == "" && cmds.Journaled:
		return []string{"copy again: " + cmds.Resume(j)}
	case j.UploadID == "":
		return []string{"copy again: " + cmds.Copy(j)}
	case j.State == model.StateCopied && cmds.Journaled:
		return []string{"complete it: " + cmds.Resume(j), "or discard it: " + cmds.Abort(j)}
	case j.State == model.StateCopied:
		return []string{"complete it: " + cmds.Complete(j), "or discard it: " + cmds.Abort(j)}
	}
	return []string{"go on (copied parts are kept): " + cmds.Resume(j), "or discard it: " + cmds.Abort(j)}
}

func versionNote(v string) string {
	if v == "" {
		return ""
	}
	return " (version " + v + ")"
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

func duration(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return d.Round(100 * time.Millisecond).String()
}

// PurgeNote says when the provider deletes by itself the upload a job
// leaves open (MinIO's stale-upload expiry, provider.Preset.UploadPurge).
// The upload's start is known only when the job made it, which it did
// right after the job was made.
func PurgeNote(j model.Job, now time.Time) string {
	if j.UploadID == "" || j.Completed || !j.CreatedUpload || j.State == model.StateAborted || j.State == model.StateVerified {
		return ""
	}
	p, err := provider.LookupPreset(j.Where.Provider)
	if err != nil {
		return ""
	}
	return p.UploadPurge(j.CreatedAt, now)
}

func hasCode(oe *model.OpError, code string) bool { return oe != nil && oe.Code == code }

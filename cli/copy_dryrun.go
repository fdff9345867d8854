package cli

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"time"

	"s3parts/model"
	"s3parts/provider"
)

// printPlan is what `copy --dry-run` shows: the plan, the rules it was
// checked against and where they come from, and every part; of a copy
// with one CopyObject (plan.Single), the same without parts.
func (a *app) printPlan(plan model.Plan, c *provider.Client, f copyFlags, how copyChoice) error {
	attrs := model.Compare(plan.Headers, plan.SourceAttrs, plan.NewObject())
	if f.jsonOut {
		return writeJSON(a.jsonOut, dryRunJSON{Plan: plan, CopiedWith: how.method(), Why: how.why, NewObject: plan.NewObject(), Attributes: attrs})
	}
	w := a.stdout
	printPlanHead(w, plan, c)
	fmt.Fprintf(w, "copy         %s\n", how)
	if plan.Single {
		fmt.Fprintf(w, "conditions   %s\n", cmp.Or(plan.Conditions.String(), "none"))
		fmt.Fprintf(w, "checksum     %s\n", singleChecksumLine(plan))
		printAttributes(w, attrs)
		fmt.Fprintln(w, "\ndry run: nothing was sent")
		return nil
	}
	if plan.PartSize > 0 {
		fmt.Fprintf(w, "parts        %d of %s\n", len(plan.Parts), model.FormatSize(plan.PartSize))
		if f.partSize == "" || f.partSize == "auto" {
			fmt.Fprintf(w, "             auto: %s\n", model.ExplainPartSize(plan.SourceSize, c.Preset().Limits))
		}
	} else {
		fmt.Fprintf(w, "parts        %d hand-picked ranges, %s in all\n", len(plan.Parts), model.FormatSize(plan.TotalBytes()))
	}
	fmt.Fprintf(w, "in flight    %s\n", inFlightPlan(f.flow, c.Preset(), len(plan.Parts)))
	fmt.Fprintf(w, "conditions   %s\n", cmp.Or(plan.Conditions.String(), "none"))
	fmt.Fprintf(w, "checksum     %s\n", checksumPlanLine(plan, c.Preset()))
	upload := "a new one"
	if f.uploadID != "" {
		upload = f.uploadID + " (parts it already holds with the planned sizes are kept)"
	}
	fmt.Fprintf(w, "upload       %s\n", upload)
	if f.noComplete {
		fmt.Fprintln(w, "complete     no (--no-complete): the upload is left open")
	}
	printAttributes(w, attrs)
	fmt.Fprintln(w)
	tw := newTable(w)
	tw.Row("PART", "RANGE", "SIZE")
	for _, p := range plan.Parts {
		r := p.Range.String()
		if plan.WholeSource(p) {
			r += " (whole object: no range header)"
		}
		tw.Row(p.Number, r, model.FormatSize(p.Range.Len()))
	}
	tw.Flush()
	fmt.Fprintln(w, "\ndry run: nothing was sent")
	return nil
}

// printPlanHead is the top of a dry run, either way of copying: what is
// copied where, and the rules it was checked against.
func printPlanHead(w io.Writer, plan model.Plan, c *provider.Client) {
	fmt.Fprintf(w, "source       %s\n", plan.Source)
	fmt.Fprintf(w, "             %s (%d bytes), ETag %s, modified %s\n", model.FormatSize(plan.SourceSize), plan.SourceSize,
		plan.SourceETag, plan.SourceLastModified.UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "destination  %s\n", plan.Dest)
	fmt.Fprintf(w, "provider     %s\n", c.Preset().Name)
	fmt.Fprintf(w, "             rules: %s\n", rulesLine(c, plan.Source.Bucket))
	if needs := c.Preset().Limits.Needs(); len(needs) > 0 {
		fmt.Fprintf(w, "             needs: %s\n", strings.Join(needs, "; "))
	}
}

// printAttributes is the new object's attributes beside the source's,
// after a blank line, each change marked.
func printAttributes(w io.Writer, attrs []model.Attribute) {
	fmt.Fprintln(w)
	changed := 0
	at := newTable(w)
	at.Row("NEW OBJECT", "SOURCE", "NEW", "")
	for _, x := range attrs {
		mark := ""
		if x.Changed {
			mark, changed = "← changes", changed+1
		}
		at.Row(x.Name, x.Source, x.New, mark)
	}
	at.Flush()
	verb := "differ"
	if changed == 1 {
		verb = "differs"
	}
	fmt.Fprintf(w, "%s %s from the source\n", model.Count(changed, "attribute"), verb)
}

// dryRunJSON is `copy --dry-run --json`: the plan, how it is copied and
// why, with what the new object will carry and every attribute side by
// side.
type dryRunJSON struct {
	model.Plan
	// CopiedWith: UploadPartCopy (parts) or CopyObject (one request).
	CopiedWith string            `json:"copied_with"`
	Why        string            `json:"why"`
	NewObject  model.NewObject   `json:"new_object"`
	Attributes []model.Attribute `json:"attributes"`
}

// singleChecksumLine is the dry run's line on checksums of one CopyObject.
func singleChecksumLine(plan model.Plan) string {
	n, src := plan.NewObject(), plan.SourceAttrs.Checksum
	had := sourceChecksumText(src)
	switch {
	case n.ChecksumAlgorithm == "":
		how := "size and ETag (the MD5)"
		if !provider.WholeETagCompared(plan) {
			how = "size (under SSE-KMS or SSE-C an ETag is no MD5)"
		}
		return "none asked (" + had + "; the service may keep it): verified by " + how
	case provider.WholeExpectedChecksum(plan).Value != "":
		return n.ChecksumAlgorithm + ": the new object's is checked against the source's " + src.Value
	}
	return n.ChecksumAlgorithm + " of the new object; " + had
}

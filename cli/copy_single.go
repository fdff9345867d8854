package cli

import (
	"cmp"
	"context"
	"fmt"

	"s3parts/model"
	"s3parts/provider"
)

// copyChoice is how a copy is made and why: the dry run, the result and
// --json all say it.
type copyChoice struct {
	single bool
	why    string
}

// method names the request the bytes are copied with.
func (h copyChoice) method() string {
	if h.single {
		return "CopyObject"
	}
	return "UploadPartCopy"
}

func (h copyChoice) String() string {
	if h.single {
		return "one CopyObject (" + h.why + ")"
	}
	return "in parts with UploadPartCopy (" + h.why + ")"
}

// partFlag names the first flag given that means parts ("" for none).
func partFlag(f copyFlags) string {
	for _, x := range []struct {
		set  bool
		flag string
	}{
		{len(f.ranges) > 0, "--range"}, {f.uploadID != "", "--upload-id"}, {len(f.recopy) > 0, "--recopy"},
		{f.noComplete, "--no-complete"}, {f.partSize != "" && f.partSize != "auto", "--part-size " + f.partSize},
	} {
		if x.set {
			return x.flag
		}
	}
	return ""
}

// checkCopyMethod refuses, before any request, what neither way of
// copying can do: parts with --single, and a copy without --single where
// the service has no UploadPartCopy (it is refused before the source is
// read, so even a small source there needs --single).
func checkCopyMethod(f copyFlags, p provider.Preset) error {
	parts := partFlag(f)
	switch {
	case f.single && f.multipart:
		return usagef("--single copies with one CopyObject and --multipart in parts: give one of them")
	case f.single && parts != "":
		return usagef("--single copies with one CopyObject, which has no parts: %s cannot be used with it", parts)
	case f.single:
		return nil
	}
	if err := p.Limits.CheckPartCopy(); err != nil {
		return usagef("%v: add --single to copy it that way", err)
	}
	return nil
}

// chooseCopy decides how a source of size is copied: as asked, else with
// one CopyObject when it is under the provider's multipart threshold
// (one request instead of three, and an ETag that is the MD5 of the
// bytes), else in parts.
func chooseCopy(f copyFlags, size int64, p provider.Preset) copyChoice {
	switch {
	case f.single:
		return copyChoice{single: true, why: "--single"}
	case f.multipart:
		return copyChoice{why: "--multipart"}
	case partFlag(f) != "":
		return copyChoice{why: partFlag(f) + " asks for parts"}
	}
	single, why := p.SingleByDefault(size)
	if single {
		why += "; --multipart copies it in parts"
	}
	return copyChoice{single: single, why: why}
}

// singleResult is what a copy with one CopyObject prints with --json.
type singleResult struct {
	Source model.Ref `json:"source"`
	Dest   model.Ref `json:"dest"`
	// CopiedWith is CopyObject (a multipart copy prints its job), and Why
	// says why one request was chosen.
	CopiedWith string `json:"copied_with"`
	Why        string `json:"why"`
	Size       int64  `json:"size"`
	ETag       string `json:"etag"`
	VersionID  string `json:"version_id,omitempty"`
	// Verified says what was checked of the new object.
	Verified string `json:"verified"`
}

// runSingle copies the planned source with one CopyObject: a source of up
// to 5 GiB, on any service, including those without UploadPartCopy. The
// new object carries what a multipart copy of the plan would (the same
// model.Target resolution). It is one request, so there is nothing to
// journal or resume; the new object is checked as a multipart copy is
// (its size; its ETag where both are MD5s; its checksum where the
// source's was asked for again).
func (a *app) runSingle(ctx context.Context, c *provider.Client, plan model.Plan, f copyFlags, how copyChoice) error {
	plan = plan.Whole() // as the dry run's JSON says it
	if plan.SourceSize > provider.MaxCopyObjectSize {
		also := "without --single it is copied part by part"
		if c.Preset().Limits.NoPartCopy {
			also = fmt.Sprintf("the %s provider has no UploadPartCopy either, so it cannot be copied there server-side", c.Preset().Name)
		}
		return usagef("--single: source %s is %s; one CopyObject copies at most %s (%s)", plan.Source,
			model.FormatSize(plan.SourceSize), model.FormatSize(provider.MaxCopyObjectSize), also)
	}
	if w := conditionsWarning(c, plan); w != "" {
		fmt.Fprintln(a.stderr, w)
	}
	if f.dryRun {
		a.noteExisting(ctx, c, plan.Dest)
		return a.printPlan(plan, c, f, how)
	}
	if err := a.confirmOverwrite(ctx, c, plan.Dest); err != nil {
		return err
	}
	res, err := c.CopyWhole(ctx, plan)
	if err != nil {
		return err
	}
	verified, err := c.VerifyWhole(ctx, plan, res.VersionID)
	if err != nil {
		return err
	}
	out := singleResult{Source: plan.Source, Dest: plan.Dest, CopiedWith: how.method(), Why: how.why,
		Size: plan.SourceSize, ETag: cmp.Or(verified.ETag, res.ETag), VersionID: res.VersionID, Verified: verified.What}
	if f.jsonOut {
		return writeJSON(a.jsonOut, out)
	}
	fmt.Fprintf(a.stdout, "copied %s to %s with %s: %s, ETag %s (verified: %s)\n", plan.Source, plan.Dest, how,
		model.FormatSize(out.Size), out.ETag, out.Verified)
	return nil
}

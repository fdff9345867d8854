package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/provider"
)

type copyFlags struct {
	partSize     string
	flow         flowFlags
	ranges       []string
	ifMatch      string
	ifNoneMatch  string
	ifModSince   string
	ifUnmodSince string
	uploadID     string
	recopy       []int
	noComplete   bool
	dryRun       bool
	jsonOut      bool
	single       bool
	multipart    bool
	target       targetFlags
	keys         keyFlags
	checksum     string
}

func (a *app) copyCmd() *cobra.Command {
	var f copyFlags
	cmd := &cobra.Command{
		Use:   "copy SRC DST",
		Short: "Copy an object (or one version, or byte ranges of it) with UploadPartCopy",
		Long: "Copy SRC to DST as a multipart upload, one UploadPartCopy per part, many in flight: as many as make the copy\n" +
			"faster, found while copying (from 64, up while the aggregate rate rises, down when the service asks to slow down,\n" +
			"never over --max-concurrency), unless --concurrency fixes the number. --part-size auto cuts the source into\n" +
			"64 parts (of 16 MiB to 1 GiB) so they can all run at once.\n\n" +
			"SRC is s3://BUCKET/KEY, optionally with ?versionId=V. DST is s3://BUCKET/KEY; a DST ending in / takes the source's file name.\n" +
			"By default every part carries If-Match with the source's ETag, so a source that changes mid-copy fails the copy instead of mixing versions.\n" +
			"A source under the multipart threshold (8 MiB) is copied with one CopyObject instead, unless --multipart or a part flag asks for parts.\n" +
			"Progress goes to stderr; the result to stdout.",
		Example: "  s3parts copy s3://src/big.iso s3://dst/big.iso\n" +
			"  s3parts copy 's3://src/big.iso?versionId=3HL4kqtJ' s3://dst/ --part-size 256MiB --concurrency 16\n" +
			"  s3parts copy s3://src/log s3://dst/head-and-tail --range bytes=0-10485759 --range bytes=52428800-62914559\n" +
			"  s3parts copy s3://src/big.iso s3://dst/big.iso --dry-run --json",
		Args: usageArgs(cobra.ExactArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error { return a.runCopy(cmd.Context(), args, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.partSize, "part-size", "auto", "part size, e.g. 64MiB, 1GiB, 100MB; auto cuts the source into parts that can all run at once (see --dry-run)")
	f.flow.add(fl)
	fl.StringArrayVar(&f.ranges, "range", nil, "copy only this byte range as the next part (bytes=FIRST-LAST, zero-based, inclusive); repeat for more parts")
	fl.StringVar(&f.ifMatch, "if-match", "auto", "If-Match for every part: an ETag, auto (the source's ETag) or none")
	fl.StringVar(&f.ifNoneMatch, "if-none-match", "", "If-None-Match for every part")
	fl.StringVar(&f.ifModSince, "if-modified-since", "", "If-Modified-Since for every part (RFC 3339, HTTP date or YYYY-MM-DD)")
	fl.StringVar(&f.ifUnmodSince, "if-unmodified-since", "", "If-Unmodified-Since for every part (RFC 3339, HTTP date or YYYY-MM-DD)")
	fl.StringVar(&f.uploadID, "upload-id", "", "copy into this existing multipart upload instead of creating one")
	fl.IntSliceVar(&f.recopy, "recopy", nil, "with --upload-id: copy these part numbers again even if the upload holds them (e.g. --recopy 3,7)")
	fl.BoolVar(&f.noComplete, "no-complete", false, "leave the upload open after the parts are copied and print its id")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the plan and send no request that changes anything")
	fl.BoolVar(&f.jsonOut, "json", false, "print the plan (--dry-run) or the finished job as JSON")
	f.target.add(fl)
	f.keys.add(fl)
	addChecksumFlag(fl, &f.checksum)
	fl.BoolVar(&f.single, "single", false, "copy with one CopyObject instead of parts (a source of up to 5 GiB; the way on gcs and storj;\n"+
		"the default for a source under the provider's multipart threshold, 8 MiB, when no part flag is given)")
	fl.BoolVar(&f.multipart, "multipart", false, "copy in parts with UploadPartCopy even a source under the multipart threshold")
	return cmd
}

// copyInput is the command line checked and parsed, before any request.
type copyInput struct {
	src, dst   model.Ref
	partSize   int64
	ranges     []model.ByteRange
	ifMatch    string // "auto", "" (none) or an ETag
	conditions model.Conditions
	target     model.Target
	keys       customerKeys
	checksum   string // "" (the source's), "none" or an algorithm
}

func (a *app) parseCopy(args []string, f copyFlags, preset provider.Preset) (copyInput, error) {
	var in copyInput
	var err error
	if in.checksum, err = parseChecksumFlag(f); err != nil {
		return in, err
	}
	// A service without UploadPartCopy cannot do what copy does: say so
	// before any request, with what works there instead.
	if in.target, err = f.target.target(time.Now()); err != nil {
		return in, err
	}
	if in.keys, err = f.keys.load(); err != nil {
		return in, err
	}
	if err := in.keys.checkWith(in.target); err != nil {
		return in, err
	}
	in.target.SSECKey = in.keys.dest.Fingerprint()
	if err := checkCopyMethod(f, preset); err != nil {
		return in, err
	}
	if in.src, err = model.ParseObjectRef(args[0]); err != nil {
		return in, usageError{fmt.Errorf("SRC: %w", err)}
	}
	if in.dst, err = model.ParseRef(args[1]); err != nil {
		return in, usageError{fmt.Errorf("DST: %w", err)}
	}
	if in.dst.VersionID != "" {
		return in, usagef("DST %q names a version: a copy always makes a new object", args[1])
	}
	if in.dst.Key == "" || strings.HasSuffix(in.dst.Key, "/") {
		in.dst.Key += path.Base(in.src.Key)
	}
	if err := model.CheckNewBucketName(in.dst.Bucket); err != nil {
		return in, usageError{fmt.Errorf("DST: %w", err)}
	}
	if err := model.CheckNewKey(in.dst.Key); err != nil {
		return in, usageError{fmt.Errorf("DST: %w", err)}
	}
	if f.uploadID != "" && strings.TrimSpace(f.uploadID) == "" {
		return in, usagef("--upload-id %q is empty", f.uploadID)
	}
	if len(f.ranges) > 0 && in.src.Bucket == in.dst.Bucket && in.src.Key == in.dst.Key {
		return in, usagef("DST %s is the source itself: copying ranges onto it would replace the object with those ranges; choose another key", in.dst)
	}
	if len(f.recopy) > 0 && f.uploadID == "" {
		return in, usagef("--recopy %v needs --upload-id: without an upload every part is copied anyway", f.recopy)
	}
	for _, n := range f.recopy {
		if limit := preset.Limits.MaxPartNumberFor(); n < 1 || n > limit {
			return in, usagef("--recopy %d is not a part number (1-%d)", n, limit)
		}
		if err := preset.Limits.CheckRecopy(int32(n)); err != nil {
			return in, usageError{fmt.Errorf("--recopy: %w", err)}
		}
	}
	if err := f.flow.validate(); err != nil {
		return in, err
	}
	l := preset.Limits
	partSizeSet := f.partSize != "" && f.partSize != "auto"
	if partSizeSet {
		if len(f.ranges) > 0 {
			return in, usagef("--part-size %s and --range cannot be combined: ranges set the parts", f.partSize)
		}
		if in.partSize, err = model.ParseSize(f.partSize); err != nil {
			return in, usagef("--part-size: %v", err)
		}
		if in.partSize < l.MinPartSize || in.partSize > l.MaxPartSize {
			return in, usagef("--part-size %s is outside the %s provider's limits of %s to %s", f.partSize, preset.Name,
				model.FormatSize(l.MinPartSize), model.FormatSize(l.MaxPartSize))
		}
	}
	for _, r := range f.ranges {
		br, err := model.ParseRange(r)
		if err != nil {
			return in, usagef("--range: %v", err)
		}
		in.ranges = append(in.ranges, br)
	}
	switch strings.ToLower(f.ifMatch) {
	case "auto":
		in.ifMatch = "auto"
	case "none", "":
	default:
		if strings.Trim(f.ifMatch, `" `) == "" {
			return in, usagef("--if-match %q is an empty ETag (auto uses the source's, none sends no If-Match)", f.ifMatch)
		}
		in.ifMatch = f.ifMatch
	}
	if f.ifNoneMatch != "" && strings.Trim(f.ifNoneMatch, `" `) == "" {
		return in, usagef("--if-none-match %q is an empty ETag", f.ifNoneMatch)
	}
	in.conditions.IfNoneMatch = f.ifNoneMatch
	for _, t := range []struct {
		flag, val string
		dst       *time.Time
	}{{"--if-modified-since", f.ifModSince, &in.conditions.IfModifiedSince}, {"--if-unmodified-since", f.ifUnmodSince, &in.conditions.IfUnmodifiedSince}} {
		if t.val == "" {
			continue
		}
		v, err := model.ParseTime(t.val)
		if err != nil {
			return in, usagef("%s: %v", t.flag, err)
		}
		*t.dst = v
	}
	// Check the combination now, with a stand-in ETag for auto, so a plan
	// the provider would refuse fails before anything is sent.
	check := in.conditions
	if in.ifMatch != "" {
		check.IfMatch = "auto"
		if in.ifMatch != "auto" {
			check.IfMatch = in.ifMatch
		}
	}
	if err := check.Validate(preset.ConditionRule); err != nil {
		if in.ifMatch == "auto" {
			err = fmt.Errorf("%w (If-Match is on by default: add --if-match none to drop it)", err)
		}
		return in, usageError{err}
	}
	return in, nil
}

func (a *app) runCopy(ctx context.Context, args []string, f copyFlags) error {
	opts := a.conn
	if f.dryRun {
		// A dry run reads the source and nothing else: enforce it.
		opts.ReadOnly = true
	}
	// Building the client sends nothing; it settles the preset whose
	// limits and rules the input is checked against.
	c, err := a.clientWith(ctx, opts)
	if err != nil {
		return err
	}
	preset := c.Preset()
	in, err := a.parseCopy(args, f, preset)
	if err != nil {
		return err
	}
	if err := in.keys.use(c, in.src, in.dst); err != nil {
		return err
	}
	plan, err := a.planSource(ctx, c, in)
	if err != nil {
		return err
	}
	how := chooseCopy(f, plan.SourceSize, preset)
	if how.single {
		return a.runSingle(ctx, c, plan, f, how)
	}
	if err := planParts(&plan, in, preset.Limits); err != nil {
		return err
	}
	if w := conditionsWarning(c, plan); w != "" {
		fmt.Fprintln(a.stderr, w)
	}
	if f.dryRun {
		a.noteExisting(ctx, c, plan.Dest)
		return a.printPlan(plan, c, f, how)
	}
	if !f.noComplete {
		if err := a.confirmOverwrite(ctx, c, plan.Dest); err != nil {
			return err
		}
	}
	svc, err := a.jobService(c, "copy", f.flow)
	if err != nil {
		return err
	}
	var stored []model.Part
	if f.uploadID != "" {
		stored, err = c.ListParts(ctx, plan.Dest, f.uploadID)
		if err != nil {
			if provider.IsCode(err, "NoSuchUpload") {
				return fmt.Errorf("upload %s does not exist for %s: it was completed or aborted, or belongs to another key", f.uploadID, plan.Dest)
			}
			return err
		}
		if in.partSize == 0 && len(in.ranges) == 0 && len(stored) > 0 {
			// No part size asked: the parts already there say where each
			// range lies.
			parts, misfits, err := model.PartsFromStored(stored, plan.SourceSize, 0, c.Preset().Limits)
			if err != nil {
				return err
			}
			for _, m := range misfits {
				fmt.Fprintf(a.stderr, "warning: upload %s: %s\n", f.uploadID, m)
			}
			plan.Parts, plan.PartSize = parts, 0
		}
	}
	job := model.NewJob(model.NewJobID(), plan, time.Now())
	job.NoComplete = f.noComplete
	if f.uploadID != "" {
		picked := map[int32]bool{}
		for _, n := range f.recopy {
			picked[int32(n)] = true
		}
		ad, err := svc.OnUpload(ctx, &job, f.uploadID, stored, picked)
		if err != nil {
			return a.ownedHint(svc, err)
		}
		if ad.Kept > 0 {
			fmt.Fprintf(a.stderr, "upload %s already holds %d of the planned parts, byte for byte (their MD5s match the source's ranges): they are kept\n", f.uploadID, ad.Kept)
		}
		if ad.Other > 0 {
			fmt.Fprintf(a.stderr, "upload %s holds %d planned part numbers with other bytes or sizes (or bytes that cannot be checked): they are copied again\n", f.uploadID, ad.Other)
		}
		if len(ad.Extra) > 0 {
			fmt.Fprintf(a.stderr, "warning: upload %s holds parts that this plan does not use (%v): this copy completes without them, but `s3parts complete` on the upload would include them\n", f.uploadID, ad.Extra)
		}
	}
	final, err := a.runJob(svc, job.ID, func() error { return svc.Start(ctx, job) })
	if err != nil {
		return a.ownedHint(svc, err)
	}
	return a.report(final, svc, f.jsonOut)
}

// report prints a finished job (JSON or a summary) and turns its outcome
// into the command's error.
func (a *app) report(job model.Job, svc *jobs.Service, asJSON bool) error {
	if asJSON {
		if err := writeJSON(a.jsonOut, job); err != nil {
			return err
		}
	} else {
		printJobResult(a.stdout, job, a.commands(svc))
	}
	if job.State != model.StateVerified && job.State != model.StateCopied {
		if job.Err != nil {
			return job.Err
		}
		return fmt.Errorf("the copy did not finish: %s", job.State)
	}
	return nil
}

// ownedHint adds to the refusal of an upload a job owns the command that
// goes on with that job.
func (a *app) ownedHint(svc *jobs.Service, err error) error {
	var owned *jobs.OwnedError
	if errors.As(err, &owned) {
		return fmt.Errorf("%w: %s", err, a.commands(svc).Resume(owned.Owner))
	}
	return err
}

// planSource reads the source and turns the input into a checked plan
// without parts: what either way of copying needs.
func (a *app) planSource(ctx context.Context, c *provider.Client, in copyInput) (model.Plan, error) {
	info, err := c.HeadSource(ctx, in.src)
	if err != nil {
		if oe := provider.Classify("", err); oe.DeleteMarker {
			return model.Plan{}, err // the message names the source
		}
		return model.Plan{}, fmt.Errorf("source %s: %w", in.src, keyHint(err, in.keys))
	}
	plan := model.Plan{Source: in.src, SourceSize: info.Size, SourceETag: info.ETag, SourceLastModified: info.LastModified,
		Dest: in.dst, Conditions: in.conditions, Headers: info.Headers, Target: in.target,
		SourceAttrs: c.SourceAttrs(ctx, info, true)} // read for the preview even when not kept
	if err := checkKeptTags(in.target, plan.SourceAttrs); err != nil {
		return plan, err
	}
	if err := model.CheckKeptEncryption(in.target, plan.SourceAttrs); err != nil {
		return plan, usageError{err}
	}
	switch in.ifMatch {
	case "auto":
		plan.Conditions.IfMatch = info.ETag
	case "":
	default:
		plan.Conditions.IfMatch = in.ifMatch
	}
	if err := plan.Conditions.Validate(c.Preset().ConditionRule); err != nil {
		return plan, usageError{err}
	}
	applyChecksum(&plan, info, in, c.Preset())
	return plan, nil
}

// planParts cuts the planned source into parts.
func planParts(plan *model.Plan, in copyInput, limits model.Limits) error {
	var err error
	size := plan.SourceSize
	if len(in.ranges) > 0 {
		plan.Parts, err = model.PartsFromRanges(in.ranges, size, limits)
	} else {
		plan.PartSize = in.partSize
		if plan.PartSize == 0 {
			plan.PartSize = model.AutoPartSize(size, limits)
		}
		plan.Parts, err = model.SplitParts(size, plan.PartSize, limits)
	}
	if err != nil {
		return usagef("source %s (%s): %v", in.src, model.FormatSize(size), err)
	}
	return nil
}

func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // keys with & < > stay readable
	return enc.Encode(v)
}

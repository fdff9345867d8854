package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"s3parts/jobs"
	"s3parts/journal"
	"s3parts/model"
	"s3parts/provider"
)

// abortFlags are abort's: one upload (--upload-id), or many picked by
// age, prefix and owner.
type abortFlags struct {
	heldFlags
	uploadID string
	dryRun   bool
}

// bulkAborts bounds the aborts in flight in a clean-up.
const bulkAborts = 8

func (a *app) abortCmd() *cobra.Command {
	var f abortFlags
	cmd := &cobra.Command{
		Use:   "abort s3://BUCKET/KEY --upload-id ID | abort (s3://BUCKET/[PREFIX] | --all) --older-than AGE",
		Short: "Abort a multipart upload, or clean up many, and discard their parts",
		Long: "With --upload-id: abort that upload of s3://BUCKET/KEY.\n\n" +
			"Without it: a clean-up. Every upload of the bucket (under the prefix), or with --all of every bucket, started\n" +
			"at least --older-than ago (required; 0s for any age), and with --not-owned not held by an unfinished s3parts\n" +
			"job. --dry-run lists exactly what would be aborted and the bytes freed, and changes nothing. The real run asks\n" +
			"once with the count and bytes (--yes for scripts), aborts several at a time and reports each one. An upload\n" +
			"a running s3parts job is copying into is never aborted. Every abort made here or on the uploads screens is\n" +
			"recorded in the audit log ($XDG_STATE_HOME/s3parts/audit.jsonl); a job's own aborts are in its journal.",
		Example: "  s3parts abort s3://backups/db.tar --upload-id 2~abc\n" +
			"  s3parts abort s3://backups/ --older-than 7d --dry-run\n" +
			"  s3parts abort --all --older-than 30d --not-owned --yes",
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			cleanup := f.all || len(f.buckets) > 0 || f.olderThan != "" || f.dryRun || f.notOwned || f.prefix != ""
			if f.uploadID != "" || (len(args) == 1 && !cleanup) {
				return a.abortOne(cmd.Context(), args, f)
			}
			return a.abortMany(cmd.Context(), args, f)
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&f.uploadID, "upload-id", "", "the upload to abort (with s3://BUCKET/KEY)")
	cmd.Flags().BoolVar(&f.dryRun, "dry-run", false, "list what would be aborted; change nothing")
	return cmd
}

func (a *app) abortOne(ctx context.Context, args []string, f abortFlags) error {
	if len(args) == 0 {
		return usagef("give s3://BUCKET/KEY --upload-id ID, or a clean-up: s3://BUCKET/ --older-than AGE")
	}
	if f.all || len(f.buckets) > 0 || f.olderThan != "" || f.notOwned || f.prefix != "" || f.dryRun {
		return usagef("--upload-id aborts one upload: --all, --bucket, --older-than, --not-owned, --prefix and --dry-run are for a clean-up without it")
	}
	ref, err := uploadTarget(args[0], f.uploadID)
	if err != nil {
		return err
	}
	c, err := a.client(ctx)
	if err != nil {
		return err
	}
	if err := a.confirm(fmt.Sprintf("abort upload %s of %s and delete its parts", f.uploadID, ref)); err != nil {
		return err
	}
	svc, err := a.jobService(c, "abort", flowFlags{concurrency: 1})
	if err != nil {
		return err
	}
	res, err := svc.AbortUpload(ctx, ref, f.uploadID)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "aborted upload %s for %s%s\n", f.uploadID, ref, freed(res.Held))
	if res.Owner != nil {
		fmt.Fprintf(a.stdout, "job %s, which owned it, is now %s\n", res.Owner.ID, res.Owner.State)
	}
	if res.Warning != nil {
		fmt.Fprintf(a.stderr, "warning: %v\n", res.Warning)
	}
	return nil
}

// freed says what an aborted upload held: " (3 parts, 15 MiB freed)".
func freed(u model.HeldUpload) string {
	if !u.Sized {
		return ""
	}
	return fmt.Sprintf(" (%s, %s freed)", model.Count(u.Parts, "part"), model.FormatSize(u.Bytes))
}

// abortResult is one upload's outcome in a clean-up.
type abortResult struct {
	model.HeldUpload
	// Result: "aborted", "would abort" (dry run), "skipped" or "failed".
	Result string `json:"result"`
	Reason string `json:"reason,omitempty"`
}

// cleanup is `abort --json` for a clean-up.
type cleanup struct {
	DryRun   bool          `json:"dry_run"`
	Selected model.Totals  `json:"selected"`
	Results  []abortResult `json:"results"`
	Aborted  int           `json:"aborted"`
	Freed    int64         `json:"bytes_freed"`
	Skipped  int           `json:"skipped"`
	Failed   int           `json:"failed"`
}

func (a *app) abortMany(ctx context.Context, args []string, f abortFlags) error {
	if f.olderThan == "" {
		return usagef("a clean-up needs --older-than (7d, 36h; 0s for uploads of any age); one upload needs --upload-id")
	}
	sel, err := f.selection(args)
	if err != nil {
		return err
	}
	opts := a.conn
	if f.dryRun {
		opts.ReadOnly = true // a dry run reads and nothing else: enforced
	}
	c, err := a.clientWith(ctx, opts)
	if err != nil {
		return err
	}
	if c.Preset().NoListUploads {
		return usagef("abort: %s", c.Preset().NoListUploadsMessage())
	}
	if a.noJournal {
		return usagef("a clean-up reads the job journal to leave the uploads of running jobs alone: run it without --no-journal")
	}
	if a.conn.ReadOnly && !f.dryRun {
		return usagef("read-only mode: nothing is aborted (--dry-run lists what would be)")
	}
	inv, err := a.listHeld(ctx, c, sel.buckets, sel.Prefix, true)
	if err != nil {
		return err
	}
	now := time.Now()
	ownInventory(inv, a.reader(c).Owners())
	for _, b := range inv.Buckets {
		if b.Err != "" {
			fmt.Fprintf(a.stderr, "warning: bucket %s: %s (left out)\n", b.Bucket, b.Err)
		}
	}
	picked := sel.Select(inv, now)
	var tot model.Totals
	for _, u := range picked {
		tot.Add(u)
	}
	out := cleanup{DryRun: f.dryRun, Selected: tot}
	what := fmt.Sprintf("%s holding %s (%s)", model.Count(tot.Uploads, "upload"), model.FormatSize(tot.Bytes), model.Count(tot.Parts, "part"))
	if len(picked) == 0 {
		if f.json {
			out.Results = []abortResult{}
			return writeJSON(a.jsonOut, out)
		}
		fmt.Fprintf(a.stdout, "nothing to abort: no upload %s\n", describe(sel))
		return nil
	}
	if f.dryRun {
		for _, u := range picked {
			r := abortResult{HeldUpload: u, Result: "would abort"}
			if u.Job != "" {
				r.Reason = fmt.Sprintf("owned by job %s (%s): skipped if it is running then", u.Job, u.JobState)
			}
			out.Results = append(out.Results, r)
		}
		if f.json {
			return writeJSON(a.jsonOut, out)
		}
		a.printResults(out.Results, now)
		fmt.Fprintf(a.stdout, "\ndry run: would abort %s; nothing was aborted\n", what)
		return nil
	}
	if err := a.confirm("abort " + what); err != nil {
		return err
	}
	svc, err := a.jobService(c, "abort", flowFlags{concurrency: 1})
	if err != nil {
		return err
	}
	out.Results = a.abortAll(ctx, svc, picked)
	for _, r := range out.Results {
		switch r.Result {
		case "aborted":
			out.Aborted++
			out.Freed += r.Bytes
		case "skipped":
			out.Skipped++
		default:
			out.Failed++
		}
	}
	if f.json {
		if err := writeJSON(a.jsonOut, out); err != nil {
			return err
		}
	} else {
		a.printResults(out.Results, now)
		fmt.Fprintf(a.stdout, "\naborted %d of %s, %s freed", out.Aborted, model.Count(len(picked), "upload"), model.FormatSize(out.Freed))
		if out.Skipped > 0 {
			fmt.Fprintf(a.stdout, "; %d skipped", out.Skipped)
		}
		if out.Failed > 0 {
			fmt.Fprintf(a.stdout, "; %d failed", out.Failed)
		}
		fmt.Fprintln(a.stdout)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted: %d of %s aborted; the rest were not sent (each is named above)", out.Aborted, model.Count(len(picked), "upload"))
	}
	if out.Failed > 0 {
		return fmt.Errorf("%d of %s could not be aborted (each is named above)", out.Failed, model.Count(len(picked), "upload"))
	}
	return nil
}

// abortAll aborts the uploads a few at a time, each under its job's lock
// when a job owns it (one a job is copying into is skipped).
func (a *app) abortAll(ctx context.Context, svc *jobs.Service, picked []model.HeldUpload) []abortResult {
	out := make([]abortResult, len(picked))
	slots := make(chan struct{}, bulkAborts)
	var wg sync.WaitGroup
	for i, u := range picked {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			r := abortResult{HeldUpload: u, Result: "aborted"}
			if ctx.Err() != nil {
				r.Result, r.Reason = "skipped", "interrupted before it was sent"
				out[i] = r
				return
			}
			res, err := svc.AbortHeld(ctx, u)
			var none *jobs.NoUploadError
			var locked *journal.LockedError
			switch {
			case errors.Is(err, jobs.ErrRunning) || errors.As(err, &locked):
				r.Result, r.Reason = "skipped", err.Error()
			case errors.As(err, &none):
				r.Result, r.Reason = "skipped", "gone already (completed or aborted since it was listed)"
			case err != nil:
				r.Result, r.Reason = "failed", provider.Classify("AbortMultipartUpload", err).Message
			case res.Owner != nil:
				r.Reason = fmt.Sprintf("job %s, which owned it, is now %s", res.Owner.ID, res.Owner.State)
			}
			if res.Warning != nil {
				r.Reason += " (warning: " + res.Warning.Error() + ")"
			}
			out[i] = r
		})
	}
	wg.Wait()
	return out
}

func (a *app) printResults(rs []abortResult, now time.Time) {
	tw := newTable(a.stdout)
	tw.Row("RESULT", "AGE", "BUCKET", "KEY", "UPLOAD ID", "PARTS", "SIZE", "NOTE")
	for _, r := range rs {
		tw.Row(r.Result, model.FormatAge(r.Age(now)), r.Bucket, r.Key, r.UploadID, r.Parts, model.FormatSize(r.Bytes), cmp.Or(r.Reason, "-"))
	}
	tw.Flush()
}

// describe says what a selection asked for, for "nothing to abort".
func describe(sel heldSelection) string {
	s := ""
	if sel.OlderThan > 0 {
		s += "started more than " + model.FormatAge(sel.OlderThan) + " ago"
	}
	if sel.Prefix != "" {
		s += " under " + sel.Prefix
	}
	if sel.NotOwned {
		s += " without an unfinished s3parts job"
	}
	if s == "" {
		return "at all"
	}
	return s
}

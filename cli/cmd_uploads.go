package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/provider"
)

func (a *app) uploadsCmd() *cobra.Command {
	var f heldFlags
	cmd := &cobra.Command{
		Use:   "uploads [s3://BUCKET/[PREFIX] | --all]",
		Short: "List in-progress multipart uploads: what they hold and cost",
		Long: "List the in-progress multipart uploads of a bucket (under a prefix), or with --all of every bucket the\n" +
			"credentials can see, listed at once: per upload its key, id, start, age, parts, bytes (summed from every\n" +
			"ListParts page), storage class, the s3parts job that owns it, and an estimate of what it costs a month.\n" +
			"With --all, a line per bucket says whether a lifecycle rule aborts incomplete uploads.\n\n" +
			"Estimates use the provider's list price per storage class (built in, with its source), a price in\n" +
			"$XDG_CONFIG_HOME/s3parts/prices.json, or --price.",
		Example: "  s3parts uploads s3://backups/\n  s3parts uploads s3://backups/db/ --json\n" +
			"  s3parts uploads --all --older-than 7d\n  s3parts uploads --all --price 0.02USD --json",
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			sel, err := f.selection(args)
			if err != nil {
				return err
			}
			c, err := a.client(cmd.Context())
			if err != nil {
				return err
			}
			if c.Preset().NoListUploads {
				return usagef("uploads: %s", c.Preset().NoListUploadsMessage())
			}
			est, err := f.estimator(c)
			if err != nil {
				return err
			}
			inv, err := a.listHeld(cmd.Context(), c, sel.buckets, sel.Prefix, !f.noSizes)
			if err != nil {
				return err
			}
			now := time.Now()
			ownInventory(inv, a.reader(c).Owners())
			inv = sel.filter(inv, now)
			many := f.all || len(f.buckets) > 1
			if f.json {
				if !many {
					ups := inv.Buckets[0].Uploads
					if ups == nil {
						ups = []model.HeldUpload{}
					}
					if inv.Buckets[0].Err != "" {
						return errors.New(inv.Buckets[0].Err)
					}
					return writeJSON(a.jsonOut, ups)
				}
				return writeJSON(a.jsonOut, heldJSON(inv, est, now))
			}
			if !many && inv.Buckets[0].Err != "" {
				return errors.New(inv.Buckets[0].Err)
			}
			a.printHeld(a.stdout, inv, est, now, c, many)
			return nil
		},
	}
	f.add(cmd)
	return cmd
}

// listedParts is `parts --json`: the parts, the object they would make,
// the numbers missing inside the numbering, and, for an upload a job owns,
// the planned parts it lacks and the parts the plan does not use.
type listedParts struct {
	Bucket   string              `json:"bucket"`
	Key      string              `json:"key"`
	UploadID string              `json:"upload_id"`
	Parts    []model.Part        `json:"parts"`
	Bytes    int64               `json:"bytes"`
	Gaps     []int32             `json:"gaps"`
	Job      string              `json:"job,omitempty"`
	Missing  []model.PlannedPart `json:"missing"`
	Extra    []int32             `json:"extra"`
}

// uploadTarget parses the s3://BUCKET/KEY --upload-id ID pair the upload
// commands share.
func uploadTarget(arg, uploadID string) (model.Ref, error) {
	ref, err := model.ParseObjectRef(arg)
	if err != nil {
		return ref, usageError{err}
	}
	if ref.VersionID != "" {
		return ref, usagef("%q names a version: an upload belongs to a key", arg)
	}
	if strings.TrimSpace(uploadID) == "" {
		return ref, usagef("--upload-id is required (s3parts uploads s3://%s lists them)", ref.Bucket)
	}
	return ref, nil
}

// uploadCmd finishes a command that acts on one upload: it takes
// s3://BUCKET/KEY and --upload-id, checks both, connects, then runs.
func (a *app) uploadCmd(cmd *cobra.Command, run func(ctx context.Context, c *provider.Client, ref model.Ref, uploadID string) error) *cobra.Command {
	var uploadID string
	cmd.Args = usageArgs(cobra.ExactArgs(1))
	cmd.Flags().StringVar(&uploadID, "upload-id", "", "the upload's id (required)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ref, err := uploadTarget(args[0], uploadID)
		if err != nil {
			return err
		}
		c, err := a.client(cmd.Context())
		if err != nil {
			return err
		}
		return run(cmd.Context(), c, ref, uploadID)
	}
	return cmd
}

func (a *app) partsCmd() *cobra.Command {
	var asJSON bool
	cmd := a.uploadCmd(&cobra.Command{
		Use:     "parts s3://BUCKET/KEY --upload-id ID",
		Short:   "List the parts stored in a multipart upload",
		Example: "  s3parts parts s3://backups/db.tar --upload-id 2~abc --json",
	}, func(ctx context.Context, c *provider.Client, ref model.Ref, uploadID string) error {
		in, err := a.reader(c).InspectUpload(ctx, ref, uploadID)
		if err != nil {
			return err
		}
		if asJSON {
			out := listedParts{Bucket: ref.Bucket, Key: ref.Key, UploadID: uploadID, Parts: nonNil(in.Parts), Bytes: in.Bytes,
				Gaps: nonNil(model.GapNumbers(in.Parts)), Missing: nonNil(in.Missing), Extra: nonNil(in.Extra)}
			if in.Owner != nil {
				out.Job = in.Owner.ID
			}
			return writeJSON(a.jsonOut, out)
		}
		tw := newTable(a.stdout)
		tw.Row("PART", "SIZE", "ETAG", "LAST MODIFIED")
		for _, p := range in.Parts {
			tw.Row(p.Number, p.Size, p.ETag, stamp(p.LastModified))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "%s, %s (%d bytes)\n", model.Count(len(in.Parts), "part"), model.FormatSize(in.Bytes), in.Bytes)
		if in.Gaps != "" {
			fmt.Fprintf(a.stdout, "missing part numbers: %s\n", in.Gaps)
		}
		if in.Owner != nil {
			fmt.Fprintf(a.stdout, "owned by job %s, which plans %s (%s)", in.Owner.ID, model.Count(len(in.Owner.Plan.Parts), "part"), model.FormatSize(in.Owner.Plan.TotalBytes()))
			if len(in.Missing) == 0 && len(in.Extra) == 0 {
				fmt.Fprintln(a.stdout, ": all of them are here")
			} else {
				fmt.Fprintln(a.stdout)
			}
			for _, p := range in.Missing {
				fmt.Fprintf(a.stdout, "missing planned part %d (%s, %s)\n", p.Number, p.Range, model.FormatSize(p.Range.Len()))
			}
			if len(in.Extra) > 0 {
				fmt.Fprintf(a.stdout, "parts the plan does not use: %v\n", in.Extra)
			}
		}
		return nil
	})
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) completeCmd() *cobra.Command {
	var asJSON, allowGaps bool
	var expectParts int
	var expectSize string
	cmd := a.uploadCmd(&cobra.Command{
		Use:   "complete s3://BUCKET/KEY --upload-id ID",
		Short: "Complete a multipart upload from the parts it holds",
		Long: "Complete an upload with the parts ListParts reports, in part-number order.\n" +
			"Gaps in the part numbers usually mean a part is missing: they are refused unless --allow-gaps is given.\n" +
			"An upload an s3parts job owns is completed only when it holds every part the job planned.\n" +
			"The question before completing states the object's size and part count; --expect-size and --expect-parts\n" +
			"let a script insist on them.",
		Example: "  s3parts complete s3://backups/db.tar --upload-id 2~abc\n" +
			"  s3parts complete s3://backups/db.tar --upload-id 2~abc --expect-parts 40 --expect-size 209715200 --yes",
	}, func(ctx context.Context, c *provider.Client, ref model.Ref, uploadID string) error {
		want := jobs.Expect{AllowGaps: allowGaps, Parts: expectParts}
		if expectParts < 0 {
			return usagef("--expect-parts %d is not a part count", expectParts)
		}
		if expectSize != "" {
			n, err := model.ParseSize(expectSize)
			if err != nil {
				return usagef("--expect-size: %v", err)
			}
			want.Bytes = n
		}
		svc, err := a.jobService(c, "complete", flowFlags{concurrency: 1})
		if err != nil {
			return err
		}
		in, err := svc.InspectUpload(ctx, ref, uploadID)
		if err != nil {
			return err
		}
		if in.Owner != nil && len(in.Missing)+len(in.Extra) > 0 {
			err := &jobs.ShortError{UploadID: uploadID, Owner: *in.Owner, Missing: in.Missing, Extra: in.Extra}
			return fmt.Errorf("%w; copy the missing parts with: %s", err, a.commands(svc).Resume(*in.Owner))
		}
		q := fmt.Sprintf("complete upload %s into %s from the %s it holds, making an object of %s (%d bytes)",
			uploadID, ref, model.Count(len(in.Parts), "part"), model.FormatSize(in.Bytes), in.Bytes)
		if !a.yes {
			if err := a.confirm(q); err != nil {
				return err
			}
			// What was asked about is what gets completed.
			want.Parts, want.Bytes = len(in.Parts), in.Bytes
		}
		done, err := svc.CompleteUpload(ctx, ref, uploadID, want)
		if err != nil {
			if errors.Is(err, provider.ErrPartGaps) {
				return fmt.Errorf("%w (add --allow-gaps if that is intended)", err)
			}
			return err
		}
		res, parts := done.Completed, done.Parts
		owner := ""
		if done.Owner != nil {
			owner = done.Owner.ID
		}
		if asJSON {
			return writeJSON(a.jsonOut, map[string]any{"bucket": ref.Bucket, "key": ref.Key, "upload_id": uploadID,
				"etag": res.ETag, "version_id": res.VersionID, "parts": len(parts), "job": owner})
		}
		fmt.Fprintf(a.stdout, "completed %s from %s: ETag %s\n", ref, model.Count(len(parts), "part"), res.ETag)
		if o := done.Owner; o != nil {
			fmt.Fprintf(a.stdout, "job %s, which owned the upload, is now %s", o.ID, o.State)
			if o.Err != nil {
				fmt.Fprintf(a.stdout, ": %s", o.Err.Message)
			}
			fmt.Fprintln(a.stdout)
		}
		if done.Warning != nil {
			fmt.Fprintf(a.stderr, "warning: %v\n", done.Warning)
		}
		return nil
	})
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&allowGaps, "allow-gaps", false, "complete even when part numbers are missing")
	cmd.Flags().IntVar(&expectParts, "expect-parts", 0, "refuse unless the upload holds exactly this many parts")
	cmd.Flags().StringVar(&expectSize, "expect-size", "", "refuse unless the object would be exactly this size (bytes, or 200MiB)")
	return cmd
}

package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"s3parts/model"
	"s3parts/provider"
)

func (a *app) uploadsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "uploads s3://BUCKET/[PREFIX]",
		Short:   "List in-progress multipart uploads",
		Example: "  s3parts uploads s3://backups/\n  s3parts uploads s3://backups/db/ --json",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := model.ParseRef(args[0])
			if err != nil {
				return usageError{err}
			}
			c, err := a.client(cmd.Context())
			if err != nil {
				return err
			}
			ups, err := c.ListUploads(cmd.Context(), ref.Bucket, ref.Key)
			if err != nil {
				return err
			}
			owners := map[string]model.Job{}
			if svc, err := a.journalOnly(); err == nil {
				owners = svc.Owners()
			}
			if asJSON {
				out := make([]listedUpload, len(ups))
				for i, u := range ups {
					out[i].Upload = u
					if j, ok := owners[u.UploadID]; ok {
						out[i].Job = j.ID
					}
				}
				return writeJSON(a.stdout, out)
			}
			tw := newTable(a.stdout)
			fmt.Fprintln(tw, "INITIATED\tUPLOAD ID\tKEY\tJOB")
			for _, u := range ups {
				owner := "-"
				if j, ok := owners[u.UploadID]; ok {
					owner = j.ID + " (" + string(j.State) + ")"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", stamp(u.Initiated), u.UploadID, u.Key, owner)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// listedUpload is an upload in `uploads --json`, with the s3parts job that
// owns it.
type listedUpload struct {
	model.Upload
	Job string `json:"job,omitempty"`
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
		parts, err := c.ListParts(ctx, ref, uploadID)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(a.stdout, nonNil(parts))
		}
		tw := newTable(a.stdout)
		fmt.Fprintln(tw, "PART\tSIZE\tETAG\tLAST MODIFIED")
		for _, p := range parts {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\n", p.Number, p.Size, p.ETag, stamp(p.LastModified))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if gaps := model.PartGaps(parts); len(gaps) > 0 {
			fmt.Fprintf(a.stdout, "missing part numbers: %s\n", gaps)
		}
		return nil
	})
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) abortCmd() *cobra.Command {
	return a.uploadCmd(&cobra.Command{
		Use:     "abort s3://BUCKET/KEY --upload-id ID",
		Short:   "Abort a multipart upload and discard its parts",
		Example: "  s3parts abort s3://backups/db.tar --upload-id 2~abc",
	}, func(ctx context.Context, c *provider.Client, ref model.Ref, uploadID string) error {
		if err := a.confirm(fmt.Sprintf("abort upload %s of %s and delete its parts", uploadID, ref)); err != nil {
			return err
		}
		svc, err := a.jobService(c, "abort", 1)
		if err != nil {
			return err
		}
		res, err := svc.AbortUpload(ctx, ref, uploadID)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "aborted upload %s for %s\n", uploadID, ref)
		if res.Owner != nil {
			fmt.Fprintf(a.stdout, "job %s, which owned it, is now %s\n", res.Owner.ID, res.Owner.State)
		}
		if res.Warning != nil {
			fmt.Fprintf(a.stderr, "warning: %v\n", res.Warning)
		}
		return nil
	})
}

func (a *app) completeCmd() *cobra.Command {
	var asJSON, allowGaps bool
	cmd := a.uploadCmd(&cobra.Command{
		Use:   "complete s3://BUCKET/KEY --upload-id ID",
		Short: "Complete a multipart upload from the parts it holds",
		Long: "Complete an upload with the parts ListParts reports, in part-number order.\n" +
			"Gaps in the part numbers usually mean a part is missing: they are refused unless --allow-gaps is given.",
		Example: "  s3parts complete s3://backups/db.tar --upload-id 2~abc",
	}, func(ctx context.Context, c *provider.Client, ref model.Ref, uploadID string) error {
		if err := a.confirm(fmt.Sprintf("complete upload %s into %s from the parts it holds", uploadID, ref)); err != nil {
			return err
		}
		svc, err := a.jobService(c, "complete", 1)
		if err != nil {
			return err
		}
		done, err := svc.CompleteUpload(ctx, ref, uploadID, allowGaps)
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
			return writeJSON(a.stdout, map[string]any{"bucket": ref.Bucket, "key": ref.Key, "upload_id": uploadID,
				"etag": res.ETag, "version_id": res.VersionID, "parts": len(parts), "job": owner})
		}
		fmt.Fprintf(a.stdout, "completed %s from %d parts: ETag %s\n", ref, len(parts), res.ETag)
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
	return cmd
}

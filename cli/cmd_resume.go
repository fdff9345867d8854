package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"s3parts/jobs"
	"s3parts/journal"
	"s3parts/model"
	"s3parts/provider"
)

func (a *app) resumeCmd() *cobra.Command {
	var restart, here, asJSON bool
	var flow flowFlags
	var keyFiles keyFlags
	cmd := &cobra.Command{
		Use:   "resume [JOB_ID]",
		Short: "Go on with a journaled copy job after a crash, a failure, a cancel or --no-complete",
		Long: "Go on with a job from the journal, at the server it was made on. Its upload is read back (ListParts): parts the\n" +
			"journal recorded and the upload holds with the same ETag are kept, parts the upload holds but the journal had not\n" +
			"recorded are kept when their bytes are proven to match the source, the rest are copied; then the upload is\n" +
			"completed and verified. Without JOB_ID, the one unfinished job is resumed. If the upload is gone, --restart copies\n" +
			"again on a new one. A job another process runs is refused, with that process named.",
		Example: "  s3parts resume\n  s3parts resume 3f9c0d2a71be --restart",
		Args:    usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := flow.validate(); err != nil {
				return err
			}
			if a.noJournal {
				return usagef("resume goes on from the journal: --no-journal leaves nothing to resume")
			}
			store, err := journal.Open()
			if err != nil {
				return err
			}
			job, err := pickJob(store, args)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			// The job's server, unless the flags name another (which
			// the service refuses without --here).
			c, err := a.clientWith(ctx, a.conn.At(job.Where))
			if err != nil {
				return err
			}
			if err := keyFiles.useFor(c, job); err != nil {
				return err
			}
			svc, err := a.jobService(c, "resume", flow)
			if err != nil {
				return err
			}
			var res jobs.Resumed
			restartHint := func(err error) error {
				if errors.Is(err, provider.ErrUploadGone) || errors.Is(err, jobs.ErrAborted) {
					return fmt.Errorf("%w; to copy everything again on a new upload: %s --restart", err, a.commands(svc).Resume(job))
				}
				return err
			}
			final, err := a.runJob(svc, job.ID, func() error {
				var err error
				res, err = svc.Resume(ctx, job.ID, jobs.ResumeOptions{Restart: restart, Here: here,
					BeforeRestart: func(j model.Job) error { return a.confirmOverwrite(ctx, c, j.Plan.Dest) },
					Edit: func(j *model.Job) error {
						j.NoComplete = false
						return nil
					}})
				if err != nil {
					return err
				}
				switch {
				case res.Restarted:
					fmt.Fprintf(a.stderr, "job %s: its upload is gone: copying everything again on a new upload (--restart)\n", job.ID)
				case res.AlreadyCompleted:
					fmt.Fprintf(a.stderr, "job %s: its upload was already completed: %s is there, made from its parts; checking it\n", job.ID, job.Plan.Dest)
				case res.ReadBack:
					fmt.Fprintf(a.stderr, "job %s: %d parts kept, %d found in the upload and checked against the source, %d to copy\n",
						job.ID, res.Kept, res.Proven, res.ToCopy)
					if len(res.Extra) > 0 {
						fmt.Fprintf(a.stderr, "warning: the upload also holds parts %v that the plan does not use: they are left out\n", res.Extra)
					}
				}
				return nil
			})
			if err != nil {
				return restartHint(err)
			}
			return a.report(final, svc, asJSON)
		},
	}
	cmd.Flags().BoolVar(&restart, "restart", false, "if the upload is gone, copy everything again on a new upload")
	cmd.Flags().BoolVar(&here, "here", false, "resume a job made on another server on the one the flags name")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the finished job as JSON")
	flow.add(cmd.Flags())
	keyFiles.add(cmd.Flags())
	return cmd
}

// confirmOverwrite asks before a copy replaces an object. Only "not
// found" means absent: any other answer stops before anything is sent.
func (a *app) confirmOverwrite(ctx context.Context, c *provider.Client, dst model.Ref) error {
	what, exists, err := existingObject(ctx, c, dst)
	switch {
	case err != nil:
		return fmt.Errorf("checking whether %s exists before replacing it (nothing was sent): %w", dst, err)
	case !exists:
		return nil
	}
	return a.confirm(fmt.Sprintf("%s exists (%s): replace it", dst, what))
}

// existingObject says whether dst exists, and what is known of it. An
// object encrypted with a customer key no one gave answers 400 to HEAD:
// it is there, its size unreadable.
func existingObject(ctx context.Context, c *provider.Client, dst model.Ref) (what string, exists bool, err error) {
	existing, err := c.HeadObject(ctx, dst)
	switch {
	case provider.IsNotFound(err):
		return "", false, nil
	case provider.NeedsCustomerKey(err):
		return "encrypted with a customer key, so its size cannot be read", true, nil
	case err != nil:
		return "", false, err
	}
	return fmt.Sprintf("%s, modified %s", model.FormatSize(existing.Size), existing.LastModified.UTC().Format(time.RFC3339)), true, nil
}

// noteExisting says, in a dry run, that the copy would replace dst.
func (a *app) noteExisting(ctx context.Context, c *provider.Client, dst model.Ref) {
	if what, exists, err := existingObject(ctx, c, dst); err == nil && exists {
		fmt.Fprintf(a.stderr, "note: %s exists (%s): the copy would replace it\n", dst, what)
	}
}

// pickJob loads the named job, or the only unfinished one (the service
// then says whether it can go on). A job that is not in the journal is a
// usage error; a journal that cannot be read is a failure.
func pickJob(store *journal.Store, args []string) (model.Job, error) {
	if len(args) == 1 {
		j, err := store.Load(args[0])
		if errors.Is(err, journal.ErrNoJob) {
			return j, usageError{err}
		}
		return j, err
	}
	all, problems, err := store.List()
	if err != nil {
		return model.Job{}, err
	}
	var open []model.Job
	for _, j := range all {
		if j.Unfinished() {
			open = append(open, j)
		}
	}
	switch len(open) {
	case 0:
		if len(problems) > 0 {
			return model.Job{}, fmt.Errorf("no unfinished job can be read: %w", problems[0].Err)
		}
		return model.Job{}, fmt.Errorf("no unfinished jobs in the journal (%s)", store.Dir)
	case 1:
		return open[0], nil
	}
	ids := make([]string, len(open))
	for i, j := range open {
		ids[i] = j.ID
	}
	return model.Job{}, usagef("%d unfinished jobs: name one (%s); s3parts jobs lists them", len(open), strings.Join(ids, ", "))
}

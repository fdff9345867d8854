package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"s3parts/journal"
	"s3parts/model"
	"s3parts/provider"
)

// journalEvery bounds how often part changes are written; job-level
// changes are written at once (see journal.Recorder).
const journalEvery = 200 * time.Millisecond

// runJournaled runs a job with progress on stderr, journaling every change
// so that `s3parts resume` can go on after a crash. A journal that cannot
// be written is said, and the copy goes on.
func (a *app) runJournaled(ctx context.Context, eng *provider.Engine, job model.Job) model.Job {
	store, err := journal.Open()
	var rec *journal.Recorder
	if err == nil {
		rec = journal.NewRecorder(store, journalEvery)
		eng.OnChange = rec.OnChange
		fmt.Fprintf(a.stderr, "job %s (journal %s)\n", job.ID, store.Path(job.ID))
	} else {
		fmt.Fprintf(a.stderr, "warning: this job is not journaled: %v\n", err)
	}
	job = runWithProgress(ctx, eng, job, a.stderr)
	if rec != nil {
		if err := rec.Close(); err != nil {
			fmt.Fprintf(a.stderr, "warning: %v\n", err)
		}
	}
	return job
}

func (a *app) jobsCmd() *cobra.Command {
	var asJSON, all bool
	cmd := &cobra.Command{
		Use:     "jobs",
		Short:   "List journaled copy jobs",
		Long:    "List the copy jobs in the journal ($XDG_STATE_HOME/s3parts/jobs): unfinished ones, or all with --all.",
		Example: "  s3parts jobs\n  s3parts jobs --all --json",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := journal.Open()
			if err != nil {
				return err
			}
			jobs, lerr := store.List()
			var shown []model.Job
			for _, j := range jobs {
				if all || journal.Unfinished(j) {
					shown = append(shown, j)
				}
			}
			if asJSON {
				if err := writeJSON(a.stdout, nonNil(shown)); err != nil {
					return err
				}
				return lerr
			}
			tw := newTable(a.stdout)
			fmt.Fprintln(tw, "JOB\tSTATE\tPARTS\tUPDATED\tCOPY\tUPLOAD")
			for _, j := range shown {
				p := j.Progress()
				fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%s\t%s → %s\t%s\n", j.ID, jobState(j), p.PartsDone, p.PartsTotal, stamp(j.UpdatedAt),
					j.Plan.Source, j.Plan.Dest, cmp.Or(j.UploadID, "-"))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if len(shown) == 0 {
				fmt.Fprintln(a.stdout, "no unfinished jobs")
			}
			return lerr
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&all, "all", false, "list finished jobs too")
	return cmd
}

// jobState says where a journaled job stands, in a word or two.
func jobState(j model.Job) string {
	switch {
	case j.Completed && j.Verified:
		return "done"
	case j.Completed:
		return "not verified"
	case j.State == model.StateRunning:
		return "interrupted" // a job read from the journal is not running here
	case j.State == model.StateDone && j.NoComplete:
		return "not completed"
	}
	return string(j.State)
}

func (a *app) resumeCmd() *cobra.Command {
	var restart, asJSON bool
	var concurrency int
	cmd := &cobra.Command{
		Use:   "resume [JOB_ID]",
		Short: "Go on with a journaled copy job after a crash, a failure or --no-complete",
		Long: "Go on with a job from the journal. Its upload is read back (ListParts): parts the journal recorded and the upload\n" +
			"holds with the same ETag are kept, parts the upload holds but the journal had not recorded are kept when their\n" +
			"bytes are proven to match the source, the rest are copied; then the upload is completed and verified.\n" +
			"Without JOB_ID, the one unfinished job is resumed. If the upload no longer exists, --restart copies again on a new one.",
		Example: "  s3parts resume\n  s3parts resume 3f9c0d2a71be --restart",
		Args:    usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if concurrency < 1 || concurrency > maxConcurrency {
				return usagef("--concurrency %d is outside 1-%d", concurrency, maxConcurrency)
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
			c, err := a.client(ctx)
			if err != nil {
				return err
			}
			job, rep, err := c.Reconcile(ctx, job)
			switch {
			case errors.Is(err, provider.ErrUploadGone) && restart:
				fmt.Fprintf(a.stderr, "%v: copying again on a new upload (--restart)\n", err)
				job = provider.Restart(job)
			case errors.Is(err, provider.ErrUploadGone):
				return fmt.Errorf("%w; run s3parts resume %s --restart to copy again on a new upload", err, job.ID)
			case err != nil:
				return err
			case rep.AlreadyCompleted:
				fmt.Fprintf(a.stderr, "job %s: its upload was already completed: %s is there with the ETag its parts give; checking it\n", job.ID, job.Plan.Dest)
			default:
				fmt.Fprintf(a.stderr, "job %s: %d parts kept, %d found in the upload and checked against the source, %d to copy\n",
					job.ID, rep.Kept, rep.Proven, rep.ToCopy)
				if len(rep.Extra) > 0 {
					fmt.Fprintf(a.stderr, "warning: the upload also holds parts %v that the plan does not use: they are left out\n", rep.Extra)
				}
			}
			job.NoComplete = false
			eng := &provider.Engine{Client: c, Concurrency: concurrency}
			return a.report(a.runJournaled(ctx, eng, job), asJSON)
		},
	}
	cmd.Flags().BoolVar(&restart, "restart", false, "if the upload is gone, copy everything again on a new upload")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the finished job as JSON")
	cmd.Flags().IntVar(&concurrency, "concurrency", provider.DefaultConcurrency, "part copies in flight")
	return cmd
}

// pickJob loads the named job, or the only unfinished one.
func pickJob(store *journal.Store, args []string) (model.Job, error) {
	if len(args) == 1 {
		j, err := store.Load(args[0])
		if err != nil {
			return j, usageError{err}
		}
		if !journal.Unfinished(j) {
			return j, fmt.Errorf("job %s is finished: %s was completed and verified", j.ID, j.Plan.Dest)
		}
		return j, nil
	}
	jobs, err := store.List()
	var open []model.Job
	for _, j := range jobs {
		if journal.Unfinished(j) {
			open = append(open, j)
		}
	}
	switch len(open) {
	case 0:
		if err != nil {
			return model.Job{}, err
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

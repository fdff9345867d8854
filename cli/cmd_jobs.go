package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"s3parts/audit"
	"s3parts/jobs"
	"s3parts/journal"
	"s3parts/model"
	"s3parts/provider"
)

// jobService opens the job service for a command on the client's server:
// journaled, unless --no-journal.
func (a *app) jobService(c *provider.Client, what string, flow flowFlags) (*jobs.Service, error) {
	var store *journal.Store
	if !a.noJournal {
		var err error
		if store, err = journal.Open(); err != nil {
			return nil, fmt.Errorf("%w (or run with --no-journal to copy without a record)", err)
		}
	}
	keep, err := keepJobs()
	if err != nil {
		return nil, err
	}
	log, err := audit.Open()
	if err != nil {
		return nil, err
	}
	return jobs.New(c, store, jobs.Options{Concurrency: flow.concurrency, MaxConcurrency: flow.maxConcurrency, What: "s3parts " + what, Keep: keep, Audit: log}), nil
}

// envKeep names how long settled jobs (and jobs that hold nothing) stay
// in the journal before they are pruned: 30d, 72h; "forever" keeps them.
const envKeep = "S3PARTS_KEEP_JOBS"

func keepJobs() (time.Duration, error) {
	v := os.Getenv(envKeep)
	switch v {
	case "":
		return 0, nil // the service's default
	case "forever":
		return -1, nil
	}
	d, err := model.ParseAge(v)
	if err == nil && d == 0 {
		err = errors.New("0 would prune every settled job at once; use jobs prune for that")
	}
	if err != nil {
		return 0, usagef("%s=%q: %v (or forever)", envKeep, v, err)
	}
	return d, nil
}

// commands are the commands printed for a person to run next.
func (a *app) commands(svc *jobs.Service) jobs.Commands {
	return jobs.Commands{Self: a.self, Journaled: svc != nil && svc.Journaled()}
}

// journalOnly is the service over the journal alone, for commands that
// only read or tidy it (jobs, show, forget, prune): no server is reached.
func (a *app) journalOnly() (*jobs.Service, error) {
	store, err := journal.Open()
	if err != nil {
		return nil, err
	}
	keep, err := keepJobs()
	if err != nil {
		return nil, err
	}
	return jobs.New(nil, store, jobs.Options{What: "s3parts jobs", Keep: keep}), nil
}

// reader is the service for commands that only read: the journal (when
// there is one) tells which job owns an upload; nothing is written.
func (a *app) reader(c *provider.Client) *jobs.Service {
	store, err := journal.Open()
	if err != nil {
		store = nil
	}
	return jobs.New(c, store, jobs.Options{What: "s3parts"})
}

// runJob starts a job with start, follows it on stderr until it settles
// and returns it as it ends.
func (a *app) runJob(svc *jobs.Service, id string, start func() error) (model.Job, error) {
	sub := svc.Subscribe()
	defer sub.Close()
	if err := start(); err != nil {
		return model.Job{}, err
	}
	if st := svc.Store(); st != nil {
		fmt.Fprintf(a.stderr, "job %s (journal %s)\n", id, st.Path(id))
	}
	follow(a.progressOut, svc, sub, id)
	// Wait for the end to be journaled, whatever ctrl+c did to the run.
	return svc.Wait(context.Background(), id)
}

func (a *app) jobsCmd() *cobra.Command {
	var asJSON, all bool
	cmd := &cobra.Command{
		Use:   "jobs",
		Short: "List journaled copy jobs; show, forget or prune them",
		Long: "List the copy jobs in the journal ($XDG_STATE_HOME/s3parts/jobs): unfinished ones, or all with --all.\n" +
			"A job is running (here or in another process, named), interrupted (its process died), cancelled, failed,\n" +
			"copied (left open on purpose), completed (made, not verified), verified, aborted or dismissed.",
		Example: "  s3parts jobs\n  s3parts jobs --all --json\n  s3parts jobs show 3f9c0d2a71be\n  s3parts jobs prune --older-than 7d",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, err := a.journalOnly()
			if err != nil {
				return err
			}
			loaded, err := svc.Load(all)
			if err != nil {
				return err
			}
			list := svc.List()
			if asJSON {
				out := make([]listedJob, 0, len(list)+len(loaded.Problems))
				for _, in := range list {
					whole, _ := svc.Get(in.Job.ID)
					out = append(out, listedJob{Job: whole.Job, HeldBy: in.HeldBy})
				}
				for _, p := range loaded.Problems {
					out = append(out, listedJob{Job: model.Job{ID: p.ID, State: "unreadable"}, Problem: p.Err.Error()})
				}
				if err := writeJSON(a.jsonOut, out); err != nil {
					return err
				}
				return problemsError(loaded.Problems)
			}
			tw := newTable(a.stdout)
			tw.Row("JOB", "STATE", "PARTS", "UPDATED", "COPY", "UPLOAD")
			for _, in := range list {
				j, p := in.Job, in.Progress
				state := in.StateWord()
				if in.HeldBy != nil {
					state = "running in " + in.HeldBy.String()
				}
				tw.Row(j.ID, state, fmt.Sprintf("%d/%d", p.PartsDone, p.PartsTotal), stamp(j.UpdatedAt),
					j.Plan.Source.String()+" → "+j.Plan.Dest.String(), cmp.Or(j.UploadID, "-"))
			}
			for _, p := range loaded.Problems {
				tw.Row(p.ID, "unreadable", "-", "-", oneLine(p.Err.Error()), "-")
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if len(list)+len(loaded.Problems) == 0 {
				what := "unfinished jobs"
				if all {
					what = "jobs"
				}
				fmt.Fprintf(a.stdout, "no %s in the journal (%s)\n", what, svc.Store().Dir)
			}
			return problemsError(loaded.Problems)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&all, "all", false, "list settled jobs too (verified, aborted, dismissed)")
	cmd.AddCommand(a.jobsShowCmd(), a.jobsForgetCmd(), a.jobsPruneCmd())
	return cmd
}

// listedJob is a job in `jobs --json`: the job, and who runs it or why its
// file cannot be read.
type listedJob struct {
	model.Job
	HeldBy  *journal.Holder `json:"held_by,omitempty"`
	Problem string          `json:"problem,omitempty"`
}

func problemsError(ps []journal.Problem) error {
	if len(ps) == 0 {
		return nil
	}
	return fmt.Errorf("%d job files cannot be read: %v", len(ps), ps[0].Err)
}

func (a *app) jobsShowCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "show JOB_ID",
		Short:   "Show one job whole: every part, every attempt, every error in full",
		Example: "  s3parts jobs show 3f9c0d2a71be\n  s3parts jobs show 3f9c0d2a71be --json",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := a.journalOnly()
			if err != nil {
				return err
			}
			if _, err := svc.Load(true); err != nil {
				return err
			}
			in, ok := svc.Get(args[0])
			if !ok {
				_, err := svc.Store().Load(args[0])
				if errors.Is(err, journal.ErrNoJob) {
					return usageError{err}
				}
				return err
			}
			if asJSON {
				return writeJSON(a.jsonOut, listedJob{Job: in.Job, HeldBy: in.HeldBy})
			}
			jobs.WriteJob(a.stdout, in, a.commands(svc))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) jobsForgetCmd() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "forget JOB_ID...",
		Short: "Remove jobs from the journal",
		Long: "Remove jobs from the journal at once. A job whose upload is still open is refused unless --force:\n" +
			"abort the upload first (s3parts abort), or keep it knowingly. A job another process runs is refused.",
		Example: "  s3parts jobs forget 3f9c0d2a71be",
		Args:    usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := a.journalOnly()
			if err != nil {
				return err
			}
			var errs []error
			for _, id := range args {
				job, err := svc.Forget(id, force)
				switch {
				case errors.Is(err, journal.ErrNoJob):
					errs = append(errs, usageError{err})
				case err != nil:
					errs = append(errs, err)
				case job.Leaves():
					fmt.Fprintf(a.stdout, "forgot job %s; its upload %s stays open: %s\n", id, job.UploadID, a.commands(nil).Abort(job))
				default:
					fmt.Fprintf(a.stdout, "forgot job %s\n", id)
				}
			}
			return errors.Join(errs...)
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "forget jobs whose upload is still open, and unreadable job files")
	return cmd
}

func (a *app) jobsPruneCmd() *cobra.Command {
	var olderThan string
	cmd := &cobra.Command{
		Use:   "prune [--older-than DURATION]",
		Short: "Remove the records of settled jobs and of jobs that hold nothing",
		Long: "Remove from the journal the jobs that are verified, aborted or dismissed, and those that hold nothing on the\n" +
			"server (no upload, nothing copied), last changed longer ago than --older-than (default: any age). Both are\n" +
			"also pruned automatically after " + fmt.Sprint(jobs.DefaultKeep.Hours()/24) + " days ($" + envKeep + "=7d changes that; forever keeps them).",
		Example: "  s3parts jobs prune\n  s3parts jobs prune --older-than 7d",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			age, err := model.ParseAge(olderThan)
			if err != nil {
				return usagef("--older-than: %v", err)
			}
			svc, err := a.journalOnly()
			if err != nil {
				return err
			}
			gone, err := svc.Prune(time.Now().Add(-age))
			for _, id := range gone {
				fmt.Fprintf(a.stdout, "pruned job %s\n", id)
			}
			if len(gone) == 0 {
				fmt.Fprintln(a.stdout, "nothing to prune")
			}
			return err
		},
	}
	cmd.Flags().StringVar(&olderThan, "older-than", "0s", "only jobs last changed longer ago than this (e.g. 36h, 7d)")
	return cmd
}

package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"s3parts/model"
	"s3parts/probes"
	"s3parts/provider"
)

// probeOutput is what `probe --json` writes: the report (absent with
// --show when the endpoint was never probed) and the facts in use.
type probeOutput struct {
	Report *provider.ProbeReport `json:"report,omitempty"`
	Facts  []provider.Fact       `json:"facts"`
	// Saved is where the report is kept; empty when it was not.
	Saved string `json:"saved,omitempty"`
}

func (a *app) probeCmd() *cobra.Command {
	var asJSON, show bool
	cmd := &cobra.Command{
		Use:   "probe [s3://BUCKET[/PREFIX]]",
		Short: "Check what the endpoint really does, and use that instead of the preset's guesses",
		Long: "Probe runs a list of checks on the endpoint and credentials in use: addressing, the x-id query parameter, " +
			"UploadPartCopy whole and ranged, the smallest part, equal parts, copying a part twice, each copy-source " +
			"condition and the pairing rules, versionId in the copy source, the multipart ETag rule, listing uploads, " +
			"aborting an unknown upload, lifecycle rules that abort incomplete uploads.\n\n" +
			"With a bucket it works inside a scratch prefix (PREFIX/.s3parts-probe-…/) that it creates and removes: every " +
			"upload is aborted and every object deleted, even when a check fails or the probe is interrupted. Without a " +
			"bucket only the checks that need none run; in read-only mode only the read checks run.\n\n" +
			"The results are kept per endpoint in the state directory and from then on replace the preset's guesses " +
			"(copy, the planner and the verification use them). --show prints what is in use and where each value comes from.\n\n" +
			"Exit status: 0 when the probe ran, whatever the server answered; 1 when it could not run or left something behind.",
		Example: "  s3parts probe s3://scratch-bucket/\n  s3parts probe s3://backups/tmp/ --json\n  s3parts probe --show",
		Args:    usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			var where model.Ref
			if len(args) == 1 {
				ref, err := model.ParseRef(args[0])
				if err != nil {
					return usageError{err}
				}
				if ref.VersionID != "" {
					return usagef("probe: %s names a version; give a bucket and an optional prefix", args[0])
				}
				where = ref
			}
			if show && len(args) > 0 {
				return usagef("probe --show prints the results kept for the endpoint: it takes no bucket")
			}
			c, err := a.client(cmd.Context())
			if err != nil {
				return err
			}
			if show {
				return a.showProbe(c, asJSON)
			}
			return a.runProbe(cmd.Context(), c, where, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&show, "show", false, "print the results kept for this endpoint and the facts in use, without probing")
	return cmd
}

func (a *app) runProbe(ctx context.Context, c *provider.Client, where model.Ref, asJSON bool) error {
	progress := func(provider.Check) {}
	if !asJSON {
		if where.Bucket == "" {
			fmt.Fprintln(a.stderr, "no bucket given: only the checks that need none run (s3parts probe s3://BUCKET/ runs them all)")
		} else if c.ReadOnly() {
			fmt.Fprintln(a.stderr, "read-only mode: only the read checks run")
		}
		tw := newProbeRows(a.stdout)
		progress = tw.check
	}
	rep, err := c.RunProbe(ctx, provider.ProbeOptions{Bucket: where.Bucket, Prefix: where.Key, Progress: progress})
	if err != nil {
		return err
	}
	out := probeOutput{Report: &rep}
	store, serr := probes.Open()
	if serr == nil {
		serr = store.Save(rep)
	}
	if serr == nil {
		c.UseProbe(rep)
		out.Saved = store.Dir
	}
	out.Facts = c.Facts()
	if asJSON {
		if err := writeJSON(a.jsonOut, out); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(a.stdout, "\n%d checks in %s on %s\n", len(rep.Checks), time.Duration(rep.Took).Round(time.Millisecond), endpointName(c))
		if out.Saved != "" {
			fmt.Fprintf(a.stdout, "kept in %s: from now on these results replace the %s preset's guesses for this endpoint\n\n", out.Saved, c.Guess().Name)
		}
		a.printFacts(c.Facts())
	}
	if serr != nil {
		return fmt.Errorf("the probe ran, but its results could not be kept (%v): the preset's guesses stay in use", serr)
	}
	if len(rep.Leftovers) > 0 {
		msg := fmt.Sprintf("the probe could not remove %d things it made; remove them by hand:", len(rep.Leftovers))
		for _, l := range rep.Leftovers {
			msg += "\n  " + model.Visible(l)
		}
		return errors.New(msg)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("probe interrupted after %d checks; everything it made was removed", countRun(rep))
	}
	return nil
}

func (a *app) showProbe(c *provider.Client, asJSON bool) error {
	out := probeOutput{Facts: c.Facts()}
	if r, ok := c.Probe(); ok {
		out.Report = &r
	}
	if asJSON {
		return writeJSON(a.jsonOut, out)
	}
	if out.Report == nil {
		fmt.Fprintf(a.stdout, "%s was never probed: every value below is the %s preset's guess (s3parts probe s3://BUCKET/ checks them)\n\n",
			endpointName(c), c.Guess().Name)
	} else {
		r := out.Report
		where := "without a bucket"
		if r.Bucket != "" {
			where = "in " + model.Ref{Bucket: r.Bucket, Key: r.Prefix}.String()
		}
		fmt.Fprintf(a.stdout, "%s was probed %s %s (%d checks); preset %s\n\n", endpointName(c),
			r.Taken.UTC().Format("2006-01-02 15:04 UTC"), where, countRun(*r), c.Guess().Name)
		tw := newProbeRows(a.stdout)
		for _, ch := range r.Checks {
			tw.check(ch)
		}
		fmt.Fprintln(a.stdout)
	}
	a.printFacts(out.Facts)
	return nil
}

// printFacts is the table of what is in use, each value marked probed or
// guessed.
func (a *app) printFacts(facts []provider.Fact) {
	tw := newTable(a.stdout)
	tw.Row("FACT", "IN USE", "FROM", "PRESET GUESS")
	for _, f := range facts {
		tw.Row(f.Name, f.InUse(), f.From, f.Guess)
	}
	tw.Flush()
}

// probeRows writes one line per check as it ends, so a slow endpoint
// shows where the probe is.
type probeRows struct {
	w interface{ Write([]byte) (int, error) }
}

func newProbeRows(w interface{ Write([]byte) (int, error) }) probeRows { return probeRows{w} }

func (p probeRows) check(c provider.Check) {
	fmt.Fprintf(p.w, "%s  %-56s %s\n", c.Outcome.Mark(), c.Title, model.Visible(c.Seen))
}

func countRun(r provider.ProbeReport) int {
	n := 0
	for _, c := range r.Checks {
		if c.Outcome != provider.Skipped {
			n++
		}
	}
	return n
}

// endpointName names the endpoint for a person: its URL, or AWS and the
// region.
func endpointName(c *provider.Client) string {
	if ep := c.Endpoint(); ep != "" {
		return ep
	}
	return "AWS S3 (" + c.Region() + ")"
}

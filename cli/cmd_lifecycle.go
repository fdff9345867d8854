package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"s3parts/model"
	"s3parts/provider"
)

// lifecycleView is `lifecycle --json`.
type lifecycleView struct {
	Bucket string           `json:"bucket"`
	Rule   *model.AbortRule `json:"abort_rule"`
	// Supported: the provider takes abort rules at all.
	Supported bool   `json:"supported"`
	Note      string `json:"note,omitempty"`
	// Added is the rule this run added; Kept the rules kept beside it.
	Added *model.AbortRule `json:"added,omitempty"`
	Kept  int              `json:"kept,omitempty"`
}

func (a *app) lifecycleCmd() *cobra.Command {
	var after string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "lifecycle s3://BUCKET [--abort-incomplete-after 7d]",
		Short: "Show, or add, the bucket's lifecycle rule that aborts incomplete uploads",
		Long: "Without --abort-incomplete-after: say whether a lifecycle rule of the bucket aborts incomplete multipart\n" +
			"uploads, and after how many days. With it: add rule " + provider.AbortRuleID + ", which aborts every incomplete\n" +
			"upload that many days after it was started. The bucket's configuration is read, the rule added and the whole\n" +
			"written back: every rule it had is kept as it was. A bucket that already has an enabled whole-bucket rule is\n" +
			"left alone. Asked first (--yes for scripts). Where the provider takes no such rules (MinIO purges unfinished\n" +
			"uploads itself), it says so and changes nothing.",
		Example: "  s3parts lifecycle s3://backups\n  s3parts lifecycle s3://backups --abort-incomplete-after 7d",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := model.ParseRef(args[0])
			if err != nil {
				return usageError{err}
			}
			if ref.Key != "" || ref.VersionID != "" {
				return usagef("%q: a lifecycle rule belongs to a bucket; give s3://BUCKET", args[0])
			}
			days := 0
			if after != "" {
				d, err := model.ParseAge(after)
				if err != nil {
					return usagef("--abort-incomplete-after: %v", err)
				}
				if d < 24*time.Hour || d%(24*time.Hour) != 0 {
					return usagef("--abort-incomplete-after %q: lifecycle rules count whole days (1d or more, like 7d)", after)
				}
				days = int(d / (24 * time.Hour))
			}
			c, err := a.client(cmd.Context())
			if err != nil {
				return err
			}
			return a.runLifecycle(cmd.Context(), c, ref.Bucket, days, asJSON)
		},
	}
	cmd.Flags().StringVar(&after, "abort-incomplete-after", "", "add a rule that aborts incomplete uploads this long after they start (whole days: 7d)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) runLifecycle(ctx context.Context, c *provider.Client, bucket string, days int, asJSON bool) error {
	v := lifecycleView{Bucket: bucket, Supported: true}
	p := c.Preset()
	if p.NoAbortRules {
		v.Supported = false
		v.Note = fmt.Sprintf("the %s provider takes no lifecycle rule that aborts incomplete uploads", p.Name)
		if p.StaleUploadExpiry > 0 {
			v.Note += fmt.Sprintf("; it purges unfinished uploads itself, about %s after they start", model.FormatAge(p.StaleUploadExpiry))
		}
		v.Note += ": nothing was changed"
		return a.lifecycleOut(v, asJSON)
	}
	rule, err := c.AbortRuleOf(ctx, bucket)
	switch {
	case provider.IsCode(err, "NotImplemented"):
		v.Supported, v.Note = false, "the server has no lifecycle rules (501 NotImplemented): nothing was changed"
		return a.lifecycleOut(v, asJSON)
	case err != nil:
		return err
	}
	v.Rule = rule
	if days == 0 {
		return a.lifecycleOut(v, asJSON)
	}
	if c.ReadOnly() {
		return usagef("read-only mode: the rule is not added (bucket %s's rules were only read)", bucket)
	}
	add := provider.NewAbortRule(days)
	if err := a.confirm(fmt.Sprintf("add lifecycle rule %s to bucket %s: abort every incomplete upload %s after it starts (the bucket's other rules are kept)",
		add.ID, bucket, model.Count(days, "day"))); err != nil {
		return err
	}
	ch, err := c.AddAbortRule(ctx, bucket, days)
	if err != nil {
		if provider.IsCode(err, "NotImplemented", "InvalidArgument", "MalformedXML") {
			return fmt.Errorf("the server refused the rule (%v): it may not support AbortIncompleteMultipartUpload; nothing was changed", err)
		}
		return err
	}
	v.Added, v.Kept, v.Rule = &ch.Rule, ch.Kept, &ch.Rule
	return a.lifecycleOut(v, asJSON)
}

func (a *app) lifecycleOut(v lifecycleView, asJSON bool) error {
	if asJSON {
		return writeJSON(a.jsonOut, v)
	}
	w := a.stdout
	switch {
	case !v.Supported:
		fmt.Fprintln(w, v.Note)
	case v.Added != nil:
		fmt.Fprintf(w, "added rule %s to bucket %s: incomplete uploads are aborted %s after they start; %s kept as they were\n",
			v.Added.ID, v.Bucket, model.Count(v.Added.Days, "day"), model.Count(v.Kept, "other rule"))
	case v.Rule == nil:
		fmt.Fprintf(w, "bucket %s has no lifecycle rule that aborts incomplete uploads: they are kept (and billed) until aborted\n", v.Bucket)
		fmt.Fprintf(w, "add one: %s lifecycle s3://%s --abort-incomplete-after 7d\n", a.self, v.Bucket)
	default:
		r := v.Rule
		state := "enabled"
		if !r.Enabled {
			state = "disabled: it aborts nothing"
		}
		scope := "every key"
		if r.Prefix != "" {
			scope = "keys under " + r.Prefix
		}
		if r.Filtered {
			scope += " with the tags or sizes it names"
		}
		fmt.Fprintf(w, "bucket %s: rule %s aborts incomplete uploads of %s %s after they start (%s)\n", v.Bucket, r.ID, scope, model.Count(r.Days, "day"), state)
	}
	return nil
}

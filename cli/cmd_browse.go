package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"s3parts/model"
)

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

func (a *app) bucketsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "buckets",
		Short:   "List buckets",
		Example: "  s3parts buckets\n  s3parts buckets --json",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client(cmd.Context())
			if err != nil {
				return err
			}
			bs, err := c.ListBuckets(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.jsonOut, nonNil(bs))
			}
			tw := newTable(a.stdout)
			for _, b := range bs {
				tw.Row(stamp(b.CreationDate), b.Name)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// listing is `ls --json`: the prefixes one level down (none with
// --recursive), and the objects — or, with --versions, every version and
// delete marker.
type listing struct {
	Bucket   string          `json:"bucket"`
	Prefix   string          `json:"prefix"`
	Prefixes []string        `json:"prefixes"`
	Objects  []model.Object  `json:"objects,omitempty"`
	Versions []model.Version `json:"versions,omitempty"`
}

func (a *app) lsCmd() *cobra.Command {
	var asJSON, versions, recursive bool
	cmd := &cobra.Command{
		Use:   "ls s3://BUCKET/[PREFIX]",
		Short: "List objects under a prefix, or their versions",
		Long: "List the objects and sub-prefixes directly under a prefix (delimiter /), or everything below it with --recursive.\n" +
			"--versions lists every version and delete marker instead.",
		Example: "  s3parts ls s3://photos/2024/\n  s3parts ls s3://photos/2024/ --versions --json",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := model.ParseRef(args[0])
			if err != nil {
				return usageError{err}
			}
			if ref.VersionID != "" {
				return usagef("%q names a version: ls takes s3://BUCKET[/PREFIX]", args[0])
			}
			c, err := a.client(cmd.Context())
			if err != nil {
				return err
			}
			delim := "/"
			if recursive {
				delim = ""
			}
			ctx := cmd.Context()
			if versions {
				var all []model.Version
				var prefixes []string
				var km, vm string
				for {
					page, err := c.ListVersions(ctx, ref.Bucket, ref.Key, delim, km, vm)
					if err != nil {
						return err
					}
					all, prefixes = append(all, page.Versions...), append(prefixes, page.Prefixes...)
					if !page.Truncated {
						break
					}
					km, vm = page.NextKeyMarker, page.NextVersionMark
				}
				if asJSON {
					return writeJSON(a.jsonOut, listing{Bucket: ref.Bucket, Prefix: ref.Key, Prefixes: nonNil(prefixes), Versions: nonNil(all)})
				}
				tw := newTable(a.stdout)
				for _, p := range prefixes {
					tw.Row("", "", "PRE", "", p)
				}
				for _, v := range all {
					size, tag := fmt.Sprint(v.Size), ""
					if v.DeleteMarker {
						size, tag = "-", "DELETE MARKER"
					}
					if v.IsLatest {
						tag = join(tag, "latest")
					}
					tw.Row(stamp(v.LastModified), size, v.VersionID, tag, v.Key)
				}
				return tw.Flush()
			}
			var all []model.Object
			token := ""
			for {
				page, err := c.ListObjects(ctx, ref.Bucket, ref.Key, delim, token, 0)
				if err != nil {
					return err
				}
				all = append(all, page.Objects...)
				if page.NextToken == "" {
					break
				}
				token = page.NextToken
			}
			if asJSON {
				out := listing{Bucket: ref.Bucket, Prefix: ref.Key, Prefixes: []string{}, Objects: []model.Object{}}
				for _, o := range all {
					if o.IsPrefix {
						out.Prefixes = append(out.Prefixes, o.Key)
					} else {
						out.Objects = append(out.Objects, o)
					}
				}
				return writeJSON(a.jsonOut, out)
			}
			tw := newTable(a.stdout)
			for _, o := range all {
				if o.IsPrefix {
					tw.Row("", "PRE", o.Key)
					continue
				}
				tw.Row(stamp(o.LastModified), o.Size, o.Key)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&versions, "versions", false, "list versions and delete markers")
	cmd.Flags().BoolVar(&recursive, "recursive", false, "list everything below the prefix, not one level")
	return cmd
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + ", " + b
}

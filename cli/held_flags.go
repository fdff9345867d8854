package cli

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"s3parts/model"
	"s3parts/pricing"
	"s3parts/provider"
)

// heldFlags select uploads across buckets: `uploads` and the bulk form of
// `abort` share them.
type heldFlags struct {
	all       bool
	olderThan string
	notOwned  bool
	price     string
	noSizes   bool
	json      bool
	prefix    string
	buckets   []string
}

func (f *heldFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.BoolVar(&f.all, "all", false, "every bucket the credentials can see (give no s3://BUCKET then)")
	fl.BoolVar(&f.all, "all-buckets", false, "the same as --all")
	fl.StringArrayVar(&f.buckets, "bucket", nil, "these buckets (repeatable) instead of s3://BUCKET or --all")
	fl.StringVar(&f.olderThan, "older-than", "", "only uploads started at least this long ago (7d, 36h, 2w)")
	fl.BoolVar(&f.notOwned, "not-owned", false, "leave out uploads an unfinished s3parts job owns")
	fl.StringVar(&f.price, "price", "", "price per GiB-month for the estimates, like 0.023 or 0.12CNY (default: the provider's list price)")
	fl.BoolVar(&f.json, "json", false, "print JSON")
	fl.BoolVar(&f.noSizes, "no-sizes", false, "do not read each upload's parts (faster on many uploads; no sizes or estimates)")
	fl.StringVar(&f.prefix, "prefix", "", "with --all: only keys under this prefix")
}

// heldSelection is what the flags and the argument select.
type heldSelection struct {
	buckets []string // nil: every bucket
	// UploadFilter's Prefix is also what the listing asks the server for.
	model.UploadFilter
}

func (f *heldFlags) selection(args []string) (heldSelection, error) {
	var sel heldSelection
	switch {
	case len(f.buckets) > 0 && (f.all || len(args) > 0):
		return sel, usagef("--bucket names the buckets itself: give no s3://BUCKET and no --all with it")
	case len(f.buckets) > 0:
		seen := map[string]bool{}
		for _, b := range f.buckets {
			// Existing buckets may have names no longer allowed for new
			// ones (capitals, underscores): only what cannot be a bucket
			// is refused.
			if b == "" || strings.ContainsAny(b, "/?#% ") {
				return sel, usagef("--bucket %q is not a bucket name", b)
			}
			if !seen[b] {
				seen[b] = true
				sel.buckets = append(sel.buckets, b)
			}
		}
		sel.Prefix = f.prefix
	case f.all && len(args) > 0:
		return sel, usagef("--all lists every bucket: give no s3://BUCKET with it (--prefix narrows it)")
	case !f.all && f.prefix != "":
		return sel, usagef("--prefix goes with --all or --bucket; for one bucket write s3://BUCKET/PREFIX")
	case !f.all && len(args) == 0:
		return sel, usagef("give s3://BUCKET/[PREFIX], or --all for every bucket")
	case len(args) == 1:
		ref, err := model.ParseRef(args[0])
		if err != nil {
			return sel, usageError{err}
		}
		if ref.VersionID != "" {
			return sel, usagef("%q names a version: uploads belong to a bucket and a key", args[0])
		}
		sel.buckets, sel.Prefix = []string{ref.Bucket}, ref.Key
	default:
		sel.Prefix = f.prefix
	}
	sel.NotOwned = f.notOwned
	return sel, f.age(&sel)
}

// age reads --older-than into the selection.
func (f *heldFlags) age(sel *heldSelection) error {
	if f.olderThan == "" {
		return nil
	}
	d, err := model.ParseAge(f.olderThan)
	if err != nil {
		return usagef("--older-than: %v", err)
	}
	sel.OlderThan = d
	return nil
}

// filter keeps the uploads the selection picks (the listing already
// narrowed buckets and prefix; age and owners are picked here).
func (sel heldSelection) filter(inv model.Inventory, now time.Time) model.Inventory {
	for i, b := range inv.Buckets {
		kept := b.Uploads[:0:0]
		for _, u := range b.Uploads {
			if ok, _ := sel.Match(u, now); ok {
				kept = append(kept, u)
			}
		}
		inv.Buckets[i].Uploads = kept
	}
	return inv
}

// estimator builds the price lookup: --price, the config file, the
// built-in list prices.
func (f *heldFlags) estimator(c *provider.Client) (*estimator, error) {
	path, err := pricing.DefaultPath()
	if err != nil {
		return nil, err
	}
	t, err := pricing.Load(path)
	if err != nil {
		return nil, usageError{err}
	}
	if f.price != "" {
		p, err := pricing.ParseFlag(f.price)
		if err != nil {
			return nil, usageError{err}
		}
		t.Flag = &p
	}
	return &estimator{provider: c.Guess().Name, table: t}, nil
}

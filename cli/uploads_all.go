package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"s3parts/model"
	"s3parts/pricing"
	"s3parts/provider"
)

// heldListing is `uploads --json`: every bucket's uploads with what they
// hold and cost, and the totals.
type heldListing struct {
	Totals  model.Totals  `json:"totals"`
	Cost    *costEstimate `json:"estimated_monthly_cost,omitempty"`
	Buckets []heldBucket  `json:"buckets"`
	// Now is the time ages are counted from.
	Now time.Time `json:"now"`
}

type heldBucket struct {
	model.BucketUploads
	Totals model.Totals  `json:"totals"`
	Cost   *costEstimate `json:"estimated_monthly_cost,omitempty"`
}

// costEstimate is a monthly cost, labelled as the estimate it is.
type costEstimate struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
	// Unpriced counts the bytes no price was found for (left out).
	UnpricedBytes int64  `json:"unpriced_bytes,omitempty"`
	Note          string `json:"note"`
}

// estimator prices uploads by the provider's storage classes.
type estimator struct {
	provider string
	table    pricing.Table
	// used are the prices applied, for the note under the table.
	mu   sync.Mutex
	used map[string]model.Price
}

func (e *estimator) price(class string) (model.Price, bool) {
	p, ok := e.table.Price(e.provider, class)
	if ok {
		e.mu.Lock()
		if e.used == nil {
			e.used = map[string]model.Price{}
		}
		e.used[strings.ToUpper(cmp.Or(class, "STANDARD"))] = p
		e.mu.Unlock()
	}
	return p, ok
}

// of estimates what uploads cost a month; nil when nothing could be
// priced. Prices in different currencies are not added up: the first
// currency found counts, the rest are left out as unpriced.
func (e *estimator) of(ups []model.HeldUpload) *costEstimate {
	var c costEstimate
	for _, u := range ups {
		if !u.Sized {
			continue
		}
		p, ok := e.price(u.StorageClass)
		if !ok || (c.Currency != "" && p.Currency != c.Currency) {
			c.UnpricedBytes += u.Bytes
			continue
		}
		c.Currency = p.Currency
		c.Amount += p.Monthly(u.Bytes)
	}
	if c.Currency == "" {
		return nil
	}
	c.Note = "estimate: list price of storage, before free tiers, minimums and discounts"
	return &c
}

func (c *costEstimate) String() string {
	switch {
	case c == nil:
		return "-"
	case c.Amount < 0.01:
		return model.FormatCost(c.Amount, c.Currency) // "$0.00", "< $0.01"
	}
	return "~" + model.FormatCost(c.Amount, c.Currency)
}

// sources says which prices the estimates used, and where each is from.
func (e *estimator) sources() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for class, p := range e.used {
		src := p.Source
		if p.AsOf != "" {
			src += ", " + p.AsOf
		}
		out = append(out, fmt.Sprintf("%s %s at %s per GiB-month (%s)", e.provider, class, model.FormatRate(p), src))
	}
	return out
}

// listHeld lists the uploads of the buckets (all of them when nil), with
// a progress line on a terminal.
func (a *app) listHeld(ctx context.Context, c *provider.Client, buckets []string, prefix string, sizes bool) (model.Inventory, error) {
	live := isTerminal(a.progressOut)
	var last time.Time
	var mu sync.Mutex
	progress := func(p provider.InventoryProgress) {
		if !live {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) < liveEvery && p.BucketsDone < p.Buckets {
			return
		}
		last = time.Now()
		fmt.Fprintf(a.progressOut, "\r\x1b[Klisting uploads: %d of %d buckets · %s · %d sized", p.BucketsDone, p.Buckets,
			model.Count(p.Uploads, "upload"), p.Sized)
	}
	inv, err := c.UploadInventory(ctx, provider.InventoryOptions{Buckets: buckets, Prefix: prefix, Sizes: sizes, Rules: buckets == nil, Progress: progress})
	if live {
		fmt.Fprint(a.progressOut, "\r\x1b[K")
	}
	return inv, err
}

// ownInventory marks each upload with the unfinished job that owns it.
func ownInventory(inv model.Inventory, owners map[string]model.Job) {
	for bi := range inv.Buckets {
		for ui := range inv.Buckets[bi].Uploads {
			u := &inv.Buckets[bi].Uploads[ui]
			if j, ok := owners[u.UploadID]; ok {
				u.Job, u.JobState = j.ID, j.State
			}
		}
	}
}

// printHeld writes the listing: totals first, then one line per bucket
// (for more than one), then every upload.
func (a *app) printHeld(w io.Writer, inv model.Inventory, est *estimator, now time.Time, c *provider.Client, many bool) {
	t := inv.Totals()
	var all []model.HeldUpload
	holding := 0
	for _, b := range inv.Buckets {
		all = append(all, b.Uploads...)
		if len(b.Uploads) > 0 {
			holding++
		}
	}
	head := fmt.Sprintf("%s in %d of %s · %s · %s", model.Count(t.Uploads, "upload"), holding, model.Count(len(inv.Buckets), "bucket"),
		model.Count(t.Parts, "part"), model.FormatSize(t.Bytes))
	if !t.Oldest.IsZero() {
		head += " · oldest " + model.FormatAge(now.Sub(t.Oldest))
	}
	if cost := est.of(all); cost != nil {
		head += " · " + cost.String() + " a month (estimate)"
	}
	if t.Unsized > 0 {
		head += fmt.Sprintf(" · %d not sized", t.Unsized)
	}
	fmt.Fprintln(w, head)
	if many {
		fmt.Fprintln(w)
		tw := newTable(w)
		tw.Row("BUCKET", "UPLOADS", "PARTS", "SIZE", "OLDEST", "ABORT RULE", "EST./MONTH")
		for _, b := range inv.Buckets {
			bt := b.Totals()
			if b.Err != "" {
				tw.Row(b.Bucket, "?", "", "", "", "", "error: "+b.Err)
				continue
			}
			if bt.Uploads == 0 && b.Rule != nil {
				continue // nothing held, and nothing to set up
			}
			oldest := "-"
			if !bt.Oldest.IsZero() {
				oldest = model.FormatAge(now.Sub(bt.Oldest))
			}
			tw.Row(b.Bucket, bt.Uploads, bt.Parts, model.FormatSize(bt.Bytes), oldest, provider.AbortRuleText(b, c.Preset()), est.of(b.Uploads).String())
		}
		tw.Flush()
	}
	if len(all) > 0 {
		fmt.Fprintln(w)
		tw := newTable(w)
		tw.Row("INITIATED", "AGE", "BUCKET", "KEY", "UPLOAD ID", "PARTS", "SIZE", "CLASS", "EST./MONTH", "JOB")
		for _, u := range all {
			parts, size := "?", "?"
			if u.Sized {
				parts, size = fmt.Sprint(u.Parts), model.FormatSize(u.Bytes)
			} else if u.SizeErr != "" {
				parts, size = "error", u.SizeErr
			}
			job := "-"
			if u.Job != "" {
				job = u.Job + " (" + string(u.JobState) + ")"
			}
			tw.Row(stamp(u.Initiated), model.FormatAge(u.Age(now)), u.Bucket, u.Key, u.UploadID, parts, size,
				cmp.Or(u.StorageClass, "STANDARD"), est.of([]model.HeldUpload{u}).String(), job)
		}
		tw.Flush()
	}
	src := est.sources()
	for _, s := range src {
		fmt.Fprintln(w, "price: "+s)
	}
	if len(src) == 0 && t.Bytes > 0 {
		fmt.Fprintf(w, "no estimate: s3parts knows no price for %s (--price 0.02USD, or $XDG_CONFIG_HOME/s3parts/prices.json, sets one)\n", est.provider)
	}
	for _, u := range all {
		if note := c.Preset().UploadPurge(u.Initiated, now); note != "" {
			fmt.Fprintf(w, "upload %s: %s\n", u.UploadID, note)
		}
	}
}

// heldJSON is the listing for --json.
func heldJSON(inv model.Inventory, est *estimator, now time.Time) heldListing {
	out := heldListing{Totals: inv.Totals(), Now: now, Buckets: make([]heldBucket, len(inv.Buckets))}
	var all []model.HeldUpload
	for i, b := range inv.Buckets {
		if b.Uploads == nil {
			b.Uploads = []model.HeldUpload{}
		}
		out.Buckets[i] = heldBucket{BucketUploads: b, Totals: b.Totals(), Cost: est.of(b.Uploads)}
		all = append(all, b.Uploads...)
	}
	out.Cost = est.of(all)
	return out
}

package provider

import (
	"context"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"s3parts/model"
)

// InventoryOptions shape a listing of the in-progress uploads of many
// buckets.
type InventoryOptions struct {
	// Buckets to list; nil: every bucket the credentials can see.
	Buckets []string
	Prefix  string
	// Sizes: read every upload's parts (ListParts, every page) for its
	// part count and bytes. Without it uploads come back unsized, for a
	// screen to size lazily with UploadSize.
	Sizes bool
	// Rules: read each bucket's lifecycle rule that aborts incomplete
	// uploads.
	Rules bool
	// Concurrency bounds the requests in flight (default 64): buckets
	// are listed at once, so the whole takes about as long as the
	// slowest bucket, not the sum.
	Concurrency int
	// Progress, if set, hears the counts as they grow (from many
	// goroutines, one call at a time).
	Progress func(InventoryProgress)
}

// InventoryProgress counts what a listing has done so far.
type InventoryProgress struct {
	Buckets, BucketsDone int
	Uploads, Sized       int
}

// UploadInventory lists the in-progress uploads of many buckets at once.
// A bucket that cannot be listed carries its error; the others stand. The
// error returned is for the listing as a whole (ListBuckets failing, ctx
// cancelled).
func (c *Client) UploadInventory(ctx context.Context, o InventoryOptions) (model.Inventory, error) {
	names := o.Buckets
	if names == nil {
		all, err := c.ListBuckets(ctx)
		if err != nil {
			return model.Inventory{}, err
		}
		for _, b := range all {
			names = append(names, b.Name)
		}
	}
	inv := model.Inventory{Buckets: make([]model.BucketUploads, len(names))}
	var mu sync.Mutex
	var prog InventoryProgress
	prog.Buckets = len(names)
	report := func(change func(*InventoryProgress)) {
		mu.Lock()
		defer mu.Unlock()
		change(&prog)
		if o.Progress != nil {
			o.Progress(prog)
		}
	}
	limit := o.Concurrency
	if limit <= 0 {
		limit = 64
	}
	// One bound for every request: the buckets' listings and the uploads'
	// ListParts share it, so a bucket with thousands of uploads cannot
	// keep the others waiting for a slot of their own.
	slots := make(chan struct{}, limit)
	g, gctx := errgroup.WithContext(ctx)
	for i, name := range names {
		inv.Buckets[i].Bucket = name
		g.Go(func() error {
			b := &inv.Buckets[i]
			slots <- struct{}{}
			ups, err := c.ListUploads(gctx, name, o.Prefix)
			if o.Rules && err == nil {
				if rule, rerr := c.AbortRuleOf(gctx, name); IsCode(rerr, "NotImplemented") {
					b.RuleErr = NoLifecycle
				} else if rerr != nil {
					b.RuleErr = Classify("GetBucketLifecycleConfiguration", rerr).Message
				} else {
					b.Rule = rule
				}
			}
			<-slots
			if err != nil {
				if gctx.Err() != nil {
					return gctx.Err()
				}
				b.Err = Classify("ListMultipartUploads", err).Message
				report(func(p *InventoryProgress) { p.BucketsDone++ })
				return nil
			}
			b.Uploads = make([]model.HeldUpload, len(ups))
			for j, u := range ups {
				b.Uploads[j].Upload = u
			}
			report(func(p *InventoryProgress) { p.BucketsDone++; p.Uploads += len(ups) })
			if !o.Sizes {
				return nil
			}
			var sized sync.WaitGroup
			var failed atomic.Bool
			for j := range b.Uploads {
				u := &b.Uploads[j]
				sized.Go(func() {
					slots <- struct{}{}
					defer func() { <-slots }()
					if gctx.Err() != nil {
						failed.Store(true)
						return
					}
					c.sizeInto(gctx, u)
					report(func(p *InventoryProgress) { p.Sized++ })
				})
			}
			sized.Wait()
			if failed.Load() {
				return gctx.Err()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return inv, err
	}
	if err := ctx.Err(); err != nil {
		// Cancelled after the last sizing started: the sizes are not
		// what the uploads hold.
		return inv, err
	}
	inv.Sort()
	return inv, nil
}

// NoLifecycle is a bucket's RuleErr where the server has no lifecycle
// configuration at all (501 NotImplemented).
const NoLifecycle = "the server has no lifecycle rules (NotImplemented)"

// UploadSize reads what an upload holds: its part count and bytes, from
// every page of ListParts (an upload may hold 10,000 parts).
func (c *Client) UploadSize(ctx context.Context, u model.Upload) (parts int, bytes int64, err error) {
	stored, err := c.ListParts(ctx, model.Ref{Bucket: u.Bucket, Key: u.Key}, u.UploadID)
	if err != nil {
		return 0, 0, err
	}
	for _, p := range stored {
		bytes += p.Size
	}
	return len(stored), bytes, nil
}

// sizeInto sizes one upload in place; a failure is kept on it.
func (c *Client) sizeInto(ctx context.Context, u *model.HeldUpload) {
	n, b, err := c.UploadSize(ctx, u.Upload)
	if err != nil {
		u.SizeErr = Classify("ListParts", err).Message
		return
	}
	u.Parts, u.Bytes, u.Sized = n, b, true
}

package workbench

import (
	"fmt"
	"testing"
	"time"

	"s3parts/model"
	"s3parts/ui/internal/pagetest"
)

// benchPage is the workbench of a 100×30 terminal holding n uploads over
// 100 buckets, every one sized, its cursor in the middle.
func benchPage(b *testing.B, n int) *Page {
	f := newFake(b, "aws")
	f.inv.Buckets = make([]model.BucketUploads, 100)
	for i := range f.inv.Buckets {
		f.inv.Buckets[i].Bucket = fmt.Sprintf("bucket-%03d", i)
	}
	for i := range n {
		bk := &f.inv.Buckets[i%100]
		u := up(bk.Bucket, fmt.Sprintf("logs/2026/01/01/host-%06d.log.gz", i), fmt.Sprintf("%064x", i), time.Duration(i)*time.Minute)
		bk.Uploads = append(bk.Uploads, u)
		f.sizes[u.UploadID] = int64(i) << 20
	}
	p := New(pagetest.Env(b), f, &fakeJobs{}, Options{})
	p.SetSize(100, 26)
	pagetest.Feed(p.Update, loadOnly(b, p), p.ID())
	if p.total.Unsized != 0 {
		b.Fatalf("%d uploads not sized", p.total.Unsized)
	}
	p.Table.SetCursor(n / 2)
	return p
}

// BenchmarkWorkbenchFrame draws the workbench with 100 and with 10,000
// uploads, alternating in one run: the time per keypress+frame of each
// and their ratio (the frame costs the rows on screen, not the rows
// listed).
func BenchmarkWorkbenchFrame(b *testing.B) {
	down := pagetest.Key("down")
	frame := func(p *Page) func() {
		at := p.Table.Cursor()
		return func() {
			p.Table.SetCursor(at)
			p.Update(down)
			_ = p.View()
		}
	}
	pagetest.FramesOf(b, "100", "10k", frame(benchPage(b, 100)), frame(benchPage(b, 10_000)))
}

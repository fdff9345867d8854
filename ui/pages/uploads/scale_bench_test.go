package uploads

import (
	"fmt"
	"testing"
	"time"

	"s3parts/model"
	"s3parts/ui/internal/pagetest"
)

// uploadsPage is the uploads page of a 100×30 terminal holding n uploads,
// its cursor in the middle and the parts of the rows there read.
func uploadsPage(b *testing.B, n int) *Page {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ups := make(lister, n)
	for i := range ups {
		ups[i] = model.Upload{Bucket: "bench", Key: fmt.Sprintf("logs/2026/01/01/host-%06d.log.gz", i),
			UploadID: fmt.Sprintf("%064x", i), Initiated: t0.Add(time.Duration(i) * time.Second), StorageClass: "STANDARD"}
	}
	p := New(pagetest.Env(b), ups, svc{}, "bench", "logs/")
	p.SetSize(100, 26)
	pagetest.Feed(p.Update, p.Init(), p.ID())
	p.Table.SetCursor(n / 2)
	pagetest.Feed(p.Update, p.Update(down), p.ID())
	return p
}

var down = pagetest.Key("down")

// BenchmarkUploadsPageFrame draws the uploads page with 100 and with
// 10,000 uploads, alternating in one run: the time per keypress+frame of
// each and their ratio (target ≤ 1.2).
func BenchmarkUploadsPageFrame(b *testing.B) {
	frame := func(p *Page) func() {
		at := p.Table.Cursor()
		return func() {
			p.Table.SetCursor(at)
			p.Update(down)
			_ = p.View()
		}
	}
	pagetest.FramesOf(b, "100", "10k", frame(uploadsPage(b, 100)), frame(uploadsPage(b, 10_000)))
}

package objects

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"s3parts/model"
	"s3parts/ui/internal/pagetest"
)

// pageWith builds an objects page holding n loaded keys, sized for a
// 100×30 terminal, as a listing would leave it.
func pageWith(b testing.TB, n int) *Page {
	p := New(pagetest.Env(b), lister(nil), "bench", "logs/")
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	objs := make([]model.Object, n)
	for i := range objs {
		objs[i] = model.Object{Key: fmt.Sprintf("logs/2026/01/01/host-%06d.log.gz", i), Size: int64(1000 + i),
			LastModified: t0.Add(time.Duration(i) * time.Second), ETag: `"0123456789abcdef0123456789abcdef"`, StorageClass: "STANDARD"}
	}
	p.SetSize(100, 26)
	p.Update(loaded{id: p.id, seq: p.seq, page: model.ObjectPage{Objects: objs}})
	return p
}

var down = pagetest.Key("down")

// BenchmarkObjectsPageFrame draws the objects page with 100 and with
// 100,000 keys loaded, alternating in one run, and reports the time per
// keypress+frame for each, their ratio (target ≤ 1.5) and the memory held
// per loaded key.
func BenchmarkObjectsPageFrame(b *testing.B) {
	small, large := pageWith(b, 100), pageWith(b, 100_000)
	frame := func(p *Page, at int) func() {
		return func() {
			p.Table.SetCursor(at) // frames in the middle, not all at the top
			p.Update(down)
			_ = p.View()
		}
	}
	pagetest.Frames(b, frame(small, 50), frame(large, 50_000))
	b.ReportMetric(bytesPerItem(b), "B/item")
}

// bytesPerItem measures the heap one loaded key holds on the page.
func bytesPerItem(b testing.TB) float64 {
	const n = 100_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	p := pageWith(b, n)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(p)
	return float64(after.HeapAlloc-before.HeapAlloc) / n
}

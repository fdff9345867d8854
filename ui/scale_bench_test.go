package ui

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"s3parts/keymap"
	"s3parts/model"
)

// objectsPageWith builds an objects page holding n loaded keys, sized for
// a 100×30 terminal, as a listing would leave it.
func objectsPageWith(n int) *objectsPage {
	st := NewStyles(true)
	k := keymap.Default()
	e := &env{styles: &st, keys: &k, now: time.Now}
	p := newObjectsPage(e, "bench", "logs/")
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p.objects = make([]model.Object, n)
	for i := range p.objects {
		p.objects[i] = model.Object{Key: fmt.Sprintf("logs/2026/01/01/host-%06d.log.gz", i), Size: int64(1000 + i),
			LastModified: t0.Add(time.Duration(i) * time.Second), ETag: `"0123456789abcdef0123456789abcdef"`, StorageClass: "STANDARD"}
	}
	p.loading = false
	p.SetSize(100, 26)
	p.applyFilter()
	return p
}

var down = tea.KeyPressMsg{Code: tea.KeyDown}

// frame is one keypress and the redraw it causes, as the program does it.
func frame(p *objectsPage) string {
	p.Update(down)
	return p.View()
}

// BenchmarkObjectsPageFrame draws the objects page with 100 and with
// 100,000 keys loaded, alternating in one run, and reports the time per
// keypress+frame for each, their ratio (target ≤ 1.5) and the memory held
// per loaded key.
func BenchmarkObjectsPageFrame(b *testing.B) {
	small, large := objectsPageWith(100), objectsPageWith(100_000)
	// Walk the large page to its middle so frames are not all at the top.
	large.table.SetCursor(50_000)
	var tSmall, tLarge time.Duration
	for b.Loop() {
		small.table.SetCursor(50)
		t := time.Now()
		frame(small)
		tSmall += time.Since(t)
		t = time.Now()
		frame(large)
		tLarge += time.Since(t)
		large.table.SetCursor(50_000)
	}
	n := float64(b.N)
	b.ReportMetric(float64(tSmall.Nanoseconds())/n, "ns/frame-100")
	b.ReportMetric(float64(tLarge.Nanoseconds())/n, "ns/frame-100k")
	b.ReportMetric(float64(tLarge)/float64(tSmall), "ratio")
	b.ReportMetric(bytesPerItem(), "B/item")
}

// bytesPerItem measures the heap one loaded key holds on the page.
func bytesPerItem() float64 {
	const n = 100_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	p := objectsPageWith(n)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(p)
	return float64(after.HeapAlloc-before.HeapAlloc) / n
}

// BenchmarkVersionsPageFrame is the same measure for a key with 100 and
// with 100,000 versions loaded.
func BenchmarkVersionsPageFrame(b *testing.B) {
	build := func(n int) *versionsPage {
		st := NewStyles(true)
		k := keymap.Default()
		e := &env{styles: &st, keys: &k, now: time.Now}
		p := newVersionsPage(e, "bench", "reports/q3.csv")
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		p.versions = make([]model.Version, n)
		for i := range p.versions {
			p.versions[i] = model.Version{Key: "reports/q3.csv", VersionID: fmt.Sprintf("01M7Y9WBHYD5PWH2G1%08d", i), IsLatest: i == 0,
				DeleteMarker: i%10 == 3, Size: int64(i), LastModified: t0.Add(-time.Duration(i) * time.Minute), ETag: `"0123456789abcdef0123456789abcdef"`}
		}
		p.loading = false
		p.SetSize(100, 26)
		p.applyFilter()
		return p
	}
	small, large := build(100), build(100_000)
	var tSmall, tLarge time.Duration
	for b.Loop() {
		small.table.SetCursor(50)
		large.table.SetCursor(50_000)
		t := time.Now()
		small.Update(down)
		_ = small.View()
		tSmall += time.Since(t)
		t = time.Now()
		large.Update(down)
		_ = large.View()
		tLarge += time.Since(t)
	}
	n := float64(b.N)
	b.ReportMetric(float64(tSmall.Nanoseconds())/n, "ns/frame-100")
	b.ReportMetric(float64(tLarge.Nanoseconds())/n, "ns/frame-100k")
	b.ReportMetric(float64(tLarge)/float64(tSmall), "ratio")
}

package versions

import (
	"fmt"
	"testing"
	"time"

	"s3parts/model"
	"s3parts/ui/internal/pagetest"
	"s3parts/ui/route"
)

// BenchmarkVersionsPageFrame draws the versions of a key with 100 and with
// 100,000 versions loaded, alternating in one run: time per keypress+frame
// for each and their ratio (target ≤ 1.5).
func BenchmarkVersionsPageFrame(b *testing.B) {
	build := func(n int) *Page {
		p := New(pagetest.Env(b), &lister{}, route.Versions{Bucket: "bench", Key: "reports/q3.csv"})
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		vs := make([]model.Version, n)
		for i := range vs {
			vs[i] = model.Version{Key: "reports/q3.csv", VersionID: fmt.Sprintf("01M7Y9WBHYD5PWH2G1%08d", i), IsLatest: i == 0,
				DeleteMarker: i%10 == 3, Size: int64(i), LastModified: t0.Add(-time.Duration(i) * time.Minute), ETag: `"0123456789abcdef0123456789abcdef"`}
		}
		p.SetSize(100, 26)
		p.Update(loaded{id: p.id, seq: p.seq, page: model.VersionPage{Versions: vs}})
		return p
	}
	small, large := build(100), build(100_000)
	down := pagetest.Key("down")
	frame := func(p *Page, at int) func() {
		return func() {
			p.Table.SetCursor(at)
			p.Update(down)
			_ = p.View()
		}
	}
	pagetest.Frames(b, frame(small, 50), frame(large, 50_000))
}

package jobs

import (
	"testing"

	"s3parts/ui/common"
	"s3parts/ui/internal/pagetest"
)

// The jobs screens with a job of 100 parts and one of 10,000, alternating
// in one run (pagetest.FramesOf): the time per frame of each, and their
// ratio (target ≤ 1.2).

var down = pagetest.Key("down")

// jobsPage is the jobs screen of a 100×30 terminal on the job's parts.
func jobsPage(b *testing.B, n int) *Page {
	svc, id := serviceWith(b, n)
	p := New(pagetest.Env(b), svc, id)
	p.SetSize(100, 26)
	p.Update(pagetest.Key("tab"))
	if !p.onParts {
		b.Fatal("tab did not go to the parts")
	}
	return p
}

// BenchmarkJobsPageFrame: a key press on the parts in the middle of the
// job, and the frame after it.
func BenchmarkJobsPageFrame(b *testing.B) {
	frame := func(p *Page) func() {
		mid := p.job().PartCount / 2
		return func() {
			p.parts.SetCursor(mid)
			p.Update(down)
			_ = p.View()
		}
	}
	pagetest.FramesOf(b, "100", "10k", frame(jobsPage(b, 100)), frame(jobsPage(b, 10_000)))
}

// BenchmarkJobsPageEvent: the service's news of a part (the root hands
// every page JobsChanged for a batch of events), and the frame after it.
func BenchmarkJobsPageEvent(b *testing.B) {
	frame := func(p *Page) func() {
		p.parts.SetCursor(p.job().PartCount / 2)
		return func() {
			p.Update(common.JobsChanged{})
			_ = p.View()
		}
	}
	pagetest.FramesOf(b, "100", "10k", frame(jobsPage(b, 100)), frame(jobsPage(b, 10_000)))
}

// BenchmarkJobDetailFrame: the page of the whole job, a line down in the
// middle of its parts, and the frame after it.
func BenchmarkJobDetailFrame(b *testing.B) {
	frame := func(n int) func() {
		svc, id := serviceWith(b, n)
		p := NewDetail(pagetest.Env(b), svc, id, -1)
		p.SetSize(100, 26)
		mid := len(p.head) + n/2
		return func() {
			p.text.at, p.text.sub = mid, 0
			p.Update(down)
			_ = p.View()
		}
	}
	pagetest.FramesOf(b, "100", "10k", frame(100), frame(10_000))
}

// BenchmarkJobDetailEvent: news of the job on its page, and the frame
// after it.
func BenchmarkJobDetailEvent(b *testing.B) {
	frame := func(n int) func() {
		svc, id := serviceWith(b, n)
		p := NewDetail(pagetest.Env(b), svc, id, -1)
		p.SetSize(100, 26)
		p.text.at = len(p.head) + n/2
		return func() {
			p.Update(common.JobsChanged{})
			_ = p.View()
		}
	}
	pagetest.FramesOf(b, "100", "10k", frame(100), frame(10_000))
}

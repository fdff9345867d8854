package parts

import (
	"context"
	"strings"
	"testing"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/ui/internal/pagetest"
)

type lister []model.Part

func (l lister) ListParts(context.Context, model.Ref, string) ([]model.Part, error) { return l, nil }

// noActions is a job service that is never reached in these tests.
type noActions struct{ *jobs.Service }

// The filter on the parts screen filters the parts, its keys are text
// (q, ?, J are typed), and the count follows it.
func TestPartsFilter(t *testing.T) {
	l := lister{{Number: 1, Size: 5 << 20, ETag: `"aaa"`}, {Number: 2, Size: 5 << 20, ETag: `"bbb"`}, {Number: 4, Size: 10, ETag: `"qqq"`}}
	p := New(pagetest.Env(t), l, noActions{}, model.Upload{Bucket: "b", Key: "k", UploadID: "u"}, 5<<20)
	p.SetSize(100, 20)
	pagetest.Feed(p.Update, p.Init(), p.ID())
	if p.Len() != 4 || !strings.Contains(p.View(), "3 parts") || !strings.Contains(p.View(), "missing part 3") {
		t.Fatalf("unfiltered: %d rows\n%s", p.Len(), p.View())
	}
	p.Update(pagetest.Key("/"))
	if !p.Typing() {
		t.Fatal("the filter is open but does not have the keys: q, ? and J would not be typed")
	}
	pagetest.Type(p.Update, "qqq")
	view := p.View()
	if p.Len() != 1 || !strings.Contains(view, "1 of 3 parts match") || !strings.Contains(view, `"qqq"`) {
		t.Fatalf("filtered on qqq: %d rows\n%s", p.Len(), view)
	}
	p.Update(pagetest.Key("esc"))
	if p.Len() != 4 {
		t.Fatalf("esc left %d rows, want every part and the gap", p.Len())
	}
	// A number is a part number, not a digit of every ETag; the bytes
	// follow the filter too.
	p.Update(pagetest.Key("/"))
	pagetest.Type(p.Update, "2")
	if view := p.View(); p.Len() != 1 || !strings.Contains(view, "1 of 3 parts match, 5 MiB") {
		t.Fatalf("filtered on 2: %d rows\n%s", p.Len(), view)
	}
	// Kept with enter, the filter is cleared by back before the page goes.
	p.Update(pagetest.Key("enter"))
	if !p.ClearFilter() || p.Len() != 4 || p.ClearFilter() {
		t.Fatalf("ClearFilter on a kept filter left %d rows", p.Len())
	}
}

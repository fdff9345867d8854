package workbench

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"s3parts/jobs"
	"s3parts/journal"
	"s3parts/model"
	"s3parts/provider"
	"s3parts/ui/internal/pagetest"
)

const day = 24 * time.Hour

// three uploads in two buckets, of 1, 2 and 3 GiB once sized.
func three(t *testing.T) (*fake, *fakeJobs) {
	f := newFake(t, "aws",
		bucket("alpha", up("alpha", "a/one.bin", "u1", 40*day), up("alpha", "a/two.bin", "u2", 3*day)),
		bucket("bravo", up("bravo", "b/three.bin", "u3", 2*time.Hour)))
	f.sizes = map[string]int64{"u1": 1 << 30, "u2": 2 << 30, "u3": 3 << 30}
	return f, &fakeJobs{owners: map[string]model.Job{"u2": {ID: "job-two", State: model.StateRunning}}}
}

// While the listing goes on, the progress line counts it and the screen
// answers keys and draws at once: the listing runs off the UI goroutine.
func TestLoadingProgressAndResponsive(t *testing.T) {
	f, j := three(t)
	f.block = make(chan struct{})
	defer close(f.block)
	p := page(t, nil, f, j)
	pagetest.Feed(p.Update, p.Init(), p.ID())
	if v := text(p); !strings.Contains(v, "listing uploads: 12 of 50 buckets · 340 uploads · 0 sized") {
		t.Fatalf("no progress line while listing:\n%s", v)
	}
	start := time.Now()
	for range 50 {
		for _, k := range []string{"down", "a", "tab", "m", "tab", "/", "x", "esc"} {
			p.Update(pagetest.Key(k))
			_ = p.View()
		}
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("400 keys and frames while the listing blocks took %v", took)
	}
	if f.asked.Sizes || !f.asked.Rules {
		t.Errorf("the listing asked %+v: sizes are read lazily, rules with it", f.asked)
	}
}

// Rows come unsized ("…") and the sizes fill them, and the totals, with a
// cost labelled an estimate.
func TestLazySizingFillsRows(t *testing.T) {
	f, j := three(t)
	p := page(t, nil, f, j)
	size := loadOnly(t, p)
	v := text(p)
	if !strings.Contains(v, "3 uploads in 2 of 2 buckets") || !strings.Contains(v, "3 not sized") || strings.Count(v, "…") < 6 {
		t.Fatalf("before sizing, rows and totals should be unsized:\n%s", v)
	}
	pagetest.Feed(p.Update, size, p.ID())
	v = text(p)
	for _, want := range []string{"3 uploads in 2 of 2 buckets · 6 parts · 6 GiB · oldest 40d · ~$0.14 a month (estimate)", "~$0.05", "2 GiB", "job-two"} {
		if !strings.Contains(v, want) {
			t.Errorf("after sizing, %q is missing:\n%s", want, v)
		}
	}
	if strings.Contains(v, "not sized") || f.sized != 3 {
		t.Errorf("%d sized; screen:\n%s", f.sized, v)
	}
}

// Marking two and aborting asks once, with the count, bytes and buckets,
// then aborts exactly those two; their rows go and the totals follow.
func TestMarkAndAbort(t *testing.T) {
	f, j := three(t)
	p := open(t, page(t, nil, f, j))
	press(p, "m", "down", "m") // u1, then u3 (m moves down)
	if v := text(p); !strings.Contains(v, "marked: 2 uploads holding 4 GiB in 2 buckets") {
		t.Fatalf("marks not counted:\n%s", v)
	}
	press(p, "A")
	asks := p.env.TakeAsks()
	q := pagetest.Question(asks)
	if q == nil || len(asks) != 1 || !strings.HasPrefix(q.Question, "abort 2 uploads holding 4 GiB in 2 buckets?") {
		t.Fatalf("asked %d times: %+v", len(asks), q)
	}
	if len(j.calls()) != 0 {
		t.Fatal("aborted before the answer")
	}
	root := pagetest.Feed(p.Update, q.OnYes(), p.ID())
	if got := j.calls(); !slices.Equal(sorted(got), []string{"u1", "u3"}) {
		t.Fatalf("aborted %v, want u1 and u3", got)
	}
	v := text(p)
	if strings.Contains(v, "one.bin") || strings.Contains(v, "three.bin") || !strings.Contains(v, "1 upload in 1 of 2 buckets · 2 parts · 2 GiB") {
		t.Errorf("aborted rows still shown, or totals not updated:\n%s", v)
	}
	if s := statuses(root); len(s) != 1 || s[0] != "aborted 2 of 2 uploads, 4 GiB freed" {
		t.Errorf("summary %q", s)
	}
}

// An upload a running job is copying into is skipped, never aborted, and
// says so in its row; so is one whose job's lock another process holds.
func TestRunningJobSkipped(t *testing.T) {
	for _, refusal := range []error{
		fmt.Errorf("upload u2 belongs to job job-two, which is copying into it: %w; cancel the job first", jobs.ErrRunning),
		&journal.LockedError{ID: "job-two"},
	} {
		f, j := three(t)
		j.refuse = map[string]error{"u2": refusal}
		p := open(t, page(t, nil, f, j))
		press(p, "M") // every upload shown
		press(p, "A")
		q := pagetest.Question(p.env.TakeAsks())
		if q == nil || !strings.Contains(q.Question, "1 upload is owned by s3parts jobs") {
			t.Fatalf("the question does not warn of the owned upload: %+v", q)
		}
		root := pagetest.Feed(p.Update, q.OnYes(), p.ID())
		v := text(p)
		if !strings.Contains(v, "two.bin") || !strings.Contains(v, "skipped: ") {
			t.Errorf("the refused upload is not shown as skipped:\n%s", v)
		}
		if s := statuses(root); len(s) != 1 || !strings.HasPrefix(s[0], "aborted 2 of 3 uploads") || !strings.HasSuffix(s[0], "; 1 skipped") {
			t.Errorf("summary %q", s)
		}
	}
}

// Read-only: everything is listed; abort and the rule say so and call
// nothing.
func TestReadOnlyRefuses(t *testing.T) {
	f, j := three(t)
	p := open(t, page(t, pagetest.ReadOnlyEnv(t), f, j))
	if v := text(p); !strings.Contains(v, "one.bin") || !strings.Contains(v, "three.bin") {
		t.Fatalf("read-only lists nothing:\n%s", v)
	}
	root := press(p, "m", "A", "L")
	if errs := pagetest.Errors(root); len(errs) != 2 || !strings.Contains(errs[0], "read-only mode is on") {
		t.Errorf("refusals %q", errs)
	}
	if q := pagetest.Question(p.env.TakeAsks()); q != nil || len(j.calls()) != 0 || len(f.rules) != 0 {
		t.Errorf("read-only asked %+v, aborted %v, added rules %v", q, j.calls(), f.rules)
	}
}

// The age filter steps through >1d, >7d, >30d and back; M marks what it
// shows.
func TestAgeFilter(t *testing.T) {
	f, j := three(t)
	p := open(t, page(t, nil, f, j))
	for _, want := range []string{"2 of 3 uploads >1d", "1 of 3 uploads >7d", "1 of 3 uploads >30d", "3 uploads"} {
		press(p, "a")
		if v := text(p); !strings.Contains(v, want) {
			t.Errorf("after a, %q is missing:\n%s", want, v)
		}
	}
	f.inv.Buckets[0].Uploads = f.inv.Buckets[0].Uploads[1:] // none older than 30 days
	press(p, "ctrl+r", "a", "a", "a")
	if v := text(p); !strings.Contains(v, "no upload is older than 30d (a steps the age filter)") {
		t.Errorf("an age filter that shows none:\n%s", v)
	}
	press(p, "a", "a") // >1d: the 3-day-old one
	press(p, "M", "A")
	if q := pagetest.Question(p.env.TakeAsks()); q == nil || !strings.HasPrefix(q.Question, "abort 1 upload holding 2 GiB in 1 bucket?") {
		t.Errorf("asked %+v", q)
	}
}

// The rule key asks with the exact rule, then adds it; where the server
// has no lifecycle API, or purges uploads itself, it says so and calls
// nothing.
func TestAbortRule(t *testing.T) {
	f, j := three(t)
	p := open(t, page(t, nil, f, j))
	press(p, "L")
	q := pagetest.Question(p.env.TakeAsks())
	want := "add lifecycle rule s3parts-abort-incomplete-uploads to bucket alpha: abort incomplete uploads 7 days after they start; every other rule of the bucket is kept?"
	if q == nil || q.Question != want {
		t.Fatalf("asked %+v, want %q", q, want)
	}
	root := pagetest.Feed(p.Update, q.OnYes(), p.ID())
	if s := statuses(root); len(f.rules) != 1 || f.rules[0] != "alpha" || len(s) != 1 || !strings.Contains(s[0], "2 other rules kept") {
		t.Errorf("rules added %v, said %q", f.rules, s)
	}
	press(p, "tab")
	if v := text(p); !strings.Contains(v, "7d") {
		t.Errorf("the buckets pane does not show the rule:\n%s", v)
	}

	f, j = three(t)
	f.inv.Buckets[0].RuleErr = provider.NoLifecycle
	p = open(t, page(t, nil, f, j))
	root = press(p, "L")
	if errs := pagetest.Errors(root); len(errs) != 1 || !strings.Contains(errs[0], "unsupported") || len(f.rules) != 0 || pagetest.Question(p.env.TakeAsks()) != nil {
		t.Errorf("no lifecycle API: said %q, added %v", errs, f.rules)
	}
	press(p, "tab")
	if v := text(p); !strings.Contains(v, "unsupported") {
		t.Errorf("the rule column does not say unsupported:\n%s", v)
	}

	f = newFake(t, "minio", bucket("alpha", up("alpha", "k", "u1", time.Hour)))
	p = open(t, page(t, nil, f, &fakeJobs{}))
	root = press(p, "L")
	if s := statuses(root); len(s) != 1 || !strings.Contains(s[0], "minio purges incomplete uploads by itself 24h after they start") || len(f.rules) != 0 {
		t.Errorf("minio: said %q, added %v", s, f.rules)
	}
	press(p, "tab")
	if v := text(p); !strings.Contains(v, "minio purges (24h)") {
		t.Errorf("the rule column does not say minio purges:\n%s", v)
	}
}

// A failed abort stays, saying why; the summary is an error line.
func TestAbortFailureShown(t *testing.T) {
	f, j := three(t)
	j.refuse = map[string]error{"u1": errors.New("AccessDenied: not yours")}
	p := open(t, page(t, nil, f, j))
	press(p, "A")
	q := pagetest.Question(p.env.TakeAsks())
	if q == nil || !strings.HasPrefix(q.Question, "abort 1 upload holding 1 GiB in 1 bucket? Its parts") {
		t.Fatalf("the selected upload, none marked: %+v", q)
	}
	root := pagetest.Feed(p.Update, q.OnYes(), p.ID())
	if errs := pagetest.Errors(root); len(errs) != 1 || !strings.Contains(errs[0], "1 failed") {
		t.Errorf("errors %q", errs)
	}
	if v := text(p); !strings.Contains(v, "failed: ") || !strings.Contains(v, "one.bin") {
		t.Errorf("the failed row:\n%s", v)
	}
}

func sorted(s []string) []string { slices.Sort(s); return s }

// On the buckets pane, m marks a bucket's uploads and enter shows them.
func TestBucketsPane(t *testing.T) {
	f, j := three(t)
	p := open(t, page(t, nil, f, j))
	press(p, "tab")
	if v := text(p); !strings.Contains(v, "ABORT RULE") || !strings.Contains(v, "none") || !strings.Contains(v, "~$0.07") {
		t.Fatalf("buckets pane:\n%s", v)
	}
	press(p, "down", "m", "enter")
	if e := p.selected(); e == nil || e.UploadID != "u3" || len(p.marked) != 1 || p.marked[ukey{"bravo", "u3"}] == nil {
		t.Fatalf("enter on bravo selected %+v, marked %v", e, p.marked)
	}
	press(p, "A")
	if q := pagetest.Question(p.env.TakeAsks()); q == nil || !strings.HasPrefix(q.Question, "abort 1 upload holding 3 GiB in 1 bucket?") {
		t.Errorf("asked %+v", q)
	}
}

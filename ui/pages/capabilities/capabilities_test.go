package capabilities

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"s3parts/provider"
	"s3parts/ui/common"
	"s3parts/ui/internal/pagetest"
)

// fake is a client on a MinIO preset whose probe is whatever run does.
type fake struct {
	mu     sync.Mutex
	guess  provider.Preset
	report *provider.ProbeReport
	run    func(ctx context.Context, o provider.ProbeOptions) (provider.ProbeReport, error)
	asked  provider.ProbeOptions
}

func newFake(t *testing.T) *fake {
	p, err := provider.LookupPreset("minio")
	if err != nil {
		t.Fatal(err)
	}
	return &fake{guess: p}
}

func (f *fake) Facts() []provider.Fact {
	f.mu.Lock()
	defer f.mu.Unlock()
	return provider.FactsOf(f.guess, f.report)
}
func (f *fake) Guess() provider.Preset { return f.guess }
func (f *fake) Probe() (provider.ProbeReport, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.report == nil {
		return provider.ProbeReport{}, false
	}
	return *f.report, true
}
func (f *fake) RunProbe(ctx context.Context, o provider.ProbeOptions) (provider.ProbeReport, error) {
	f.mu.Lock()
	f.asked = o
	f.mu.Unlock()
	return f.run(ctx, o)
}
func (f *fake) UseProbe(r provider.ProbeReport) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.report = &r
}
func (f *fake) ReadOnly() bool   { return false }
func (f *fake) ProbeKey() string { return "http://minio.test:9000" }
func (f *fake) Endpoint() string { return "http://minio.test:9000" }
func (f *fake) Region() string   { return "us-east-1" }

// checks are what the fake probe finds: UploadPartCopy works, parts may
// be unequal, and the multipart ETag is not MD5-based.
var checks = []provider.Check{
	{ID: provider.CheckPartCopy, Title: "UploadPartCopy copies a part", Outcome: provider.Yes, Seen: "copied"},
	{ID: provider.CheckUnequalParts, Title: "parts of unequal sizes complete", Outcome: provider.Yes, Seen: "completed"},
	{ID: provider.CheckETagMD5, Title: "multipart ETag is MD5 of part MD5s", Outcome: provider.No, Seen: "a random ETag"},
}

func open(t *testing.T, f *fake, o Options) *Page {
	p := New(pagetest.Env(t), f, o)
	p.SetSize(120, 30)
	return p
}

func text(p *Page) string { return ansi.Strip(p.View()) }

// Before any probe the page says so and shows the preset's guesses as
// the values in use; p asks first, saying what the probe makes and where,
// runs it with the bucket the page was opened in, and uses, keeps and
// shows what it found.
func TestProbeRunsAskedAndIsUsed(t *testing.T) {
	f := newFake(t)
	f.run = func(_ context.Context, o provider.ProbeOptions) (provider.ProbeReport, error) {
		for _, c := range checks {
			o.Progress(c)
		}
		return provider.ProbeReport{Taken: time.Now(), Took: provider.Millis(3 * time.Second), Bucket: o.Bucket, Checks: checks}, nil
	}
	var saved []provider.ProbeReport
	p := open(t, f, Options{Bucket: "b", Prefix: "work/", Save: func(r provider.ProbeReport) error { saved = append(saved, r); return nil }})
	v := text(p)
	for _, want := range []string{"minio", "http://minio.test:9000", "never probed: the values below are the preset's guesses",
		"UploadPartCopy", "(guess)", "p probes in s3://b/work/"} {
		if !strings.Contains(v, want) {
			t.Errorf("before a probe the page lacks %q:\n%s", want, v)
		}
	}
	p.Update(pagetest.Key("p"))
	q := pagetest.Question(p.env.TakeAsks())
	if q == nil || !strings.Contains(q.Question, ".s3parts-probe-") || !strings.Contains(q.Question, "s3://b/work/") ||
		!strings.Contains(q.Question, "read-only") {
		t.Fatalf("p asked %+v", q)
	}
	root := pagetest.Feed(p.Update, q.OnYes(), p.ID())
	if errs := pagetest.Errors(root); len(errs) > 0 {
		t.Fatal(errs)
	}
	if f.asked.Bucket != "b" || f.asked.Prefix != "work/" {
		t.Errorf("the probe ran in %q %q", f.asked.Bucket, f.asked.Prefix)
	}
	if len(saved) != 1 || saved[0].Key != "http://minio.test:9000" {
		t.Errorf("kept %+v", saved)
	}
	if !statusHas(root, "probe done: 2 ✓ 1 ✗") {
		t.Errorf("status after the probe: %v", root)
	}
	v = text(p)
	if strings.Contains(v, "never probed") || !strings.Contains(v, "(probed)") || !strings.Contains(v, "took 3s") {
		t.Errorf("after the probe the facts are not the probe's:\n%s", v)
	}
	p.Update(pagetest.Key("tab"))
	if v := text(p); !strings.Contains(v, "✗ multipart ETag is MD5 of part MD5s") || !strings.Contains(v, "a random ETag") {
		t.Errorf("tab does not show the checks:\n%s", v)
	}
}

// A failed probe is an error line; the guesses stay in use.
func TestProbeErrorShown(t *testing.T) {
	f := newFake(t)
	f.run = func(context.Context, provider.ProbeOptions) (provider.ProbeReport, error) {
		return provider.ProbeReport{}, errors.New("probe: not yet")
	}
	p := open(t, f, Options{Save: func(provider.ProbeReport) error { t.Error("a failed probe was kept"); return nil }})
	if v := text(p); !strings.Contains(v, "open a bucket first to run all checks") {
		t.Errorf("no bucket, no word of it:\n%s", v)
	}
	p.Update(pagetest.Key("p"))
	q := pagetest.Question(p.env.TakeAsks())
	if q == nil || !strings.Contains(q.Question, "only the checks that need no bucket run") {
		t.Fatalf("p without a bucket asked %+v", q)
	}
	errs := pagetest.Errors(pagetest.Feed(p.Update, q.OnYes(), p.ID()))
	if len(errs) != 1 || !strings.Contains(errs[0], "not yet") {
		t.Errorf("errors %q", errs)
	}
	if v := text(p); !strings.Contains(v, "never probed") || strings.Contains(v, "probing") {
		t.Errorf("after a failed probe:\n%s", v)
	}
}

// While the probe runs the page counts the checks done; esc (Stop)
// cancels it, and the probe's answer says what it left behind.
func TestProbeProgressAndCancel(t *testing.T) {
	for _, left := range [][]string{nil, {"s3://b/.s3parts-probe-x/part"}} {
		f := newFake(t)
		f.run = func(ctx context.Context, o provider.ProbeOptions) (provider.ProbeReport, error) {
			o.Progress(checks[0])
			o.Progress(checks[1])
			<-ctx.Done()
			return provider.ProbeReport{Leftovers: left}, ctx.Err()
		}
		p := open(t, f, Options{Bucket: "b"})
		msgs := start(p.start())
		for range 2 {
			if cmd := p.Update(<-msgs); cmd != nil {
				go func() { msgs <- cmd() }()
			}
		}
		if v := text(p); !strings.Contains(v, "probing… 2 checks done") {
			t.Fatalf("while probing:\n%s", v)
		}
		if k := p.KeyMap().ShortHelp()[0].Help(); k.Key != "esc" || k.Desc != "cancel probe" {
			t.Errorf("while probing the footer offers %+v first", k)
		}
		if _, stopped := p.Stop(); !stopped {
			t.Fatal("esc did not stop the probe")
		}
		var done tea.Msg
		for done == nil {
			if m, ok := (<-msgs).(probeDone); ok {
				done = m
			}
		}
		root := pagetest.Run(p.Update(done))
		want := "probe cancelled; scratch objects removed"
		if left != nil {
			want = "left behind (remove by hand): s3://b/.s3parts-probe-x/part"
		}
		if !statusHas(root, want) {
			t.Errorf("after cancelling (leftovers %v): %v", left, root)
		}
		if _, stopped := p.Stop(); stopped {
			t.Error("esc after the probe ended does not close the page")
		}
	}
}

// start runs each command of a batch on its own, as the program would,
// and hands back their messages.
func start(cmd tea.Cmd) chan tea.Msg {
	out := make(chan tea.Msg, 16)
	for _, c := range cmd().(tea.BatchMsg) {
		go func() { out <- c() }()
	}
	return out
}

func statusHas(msgs []tea.Msg, s string) bool {
	for _, m := range msgs {
		if st, ok := m.(common.StatusMsg); ok && (strings.Contains(st.Text, s) || st.Err != nil && strings.Contains(st.Err.Error(), s)) {
			return true
		}
	}
	return false
}

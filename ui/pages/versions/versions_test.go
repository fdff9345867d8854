package versions

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"

	"s3parts/model"
	"s3parts/ui/internal/pagetest"
	"s3parts/ui/route"
)

// lister answers one page of versions, and records what it was asked.
type lister struct {
	versions []model.Version
	asked    []string // prefix|delimiter
}

func (l *lister) ListVersions(_ context.Context, _, prefix, delim, _, _ string) (model.VersionPage, error) {
	l.asked = append(l.asked, prefix+"|"+delim)
	return model.VersionPage{Versions: l.versions}, nil
}

// open makes the page for r over l, loaded and sized.
func open(t *testing.T, l *lister, r route.Versions) *Page {
	t.Helper()
	p := New(pagetest.Env(t), l, r)
	p.SetSize(100, 20)
	pagetest.Feed(p.Update, p.Init(), p.ID())
	return p
}

func press(p *Page, keys ...string) {
	for _, k := range keys {
		p.Update(pagetest.Key(k))
	}
}

// An unversioned bucket lists each object once, as the version "null": it
// is the object itself, and is read and copied without a versionId (which
// versitygw answers with "no such key").
func TestNullVersionIsTheObject(t *testing.T) {
	l := &lister{versions: []model.Version{{Key: "a.txt", VersionID: "null", IsLatest: true, Size: 3}}}
	p := open(t, l, route.Versions{Bucket: "plain", Key: "a.txt"})
	press(p, "c", "enter")
	want := model.Ref{Bucket: "plain", Key: "a.txt"}
	got := pagetest.Routes(p.env.TakeAsks())
	if len(got) != 2 || got[0] != (route.Planner{Source: want}) || got[1] != (route.Details{Ref: want}) {
		t.Fatalf("c and enter on the null version went to %#v, want the planner and details of %v without a version", got, want)
	}
}

// A null version below newer ones (versioning suspended after it) can
// only be named by its id.
func TestOlderNullVersionKeepsItsID(t *testing.T) {
	l := &lister{versions: []model.Version{
		{Key: "a.txt", VersionID: "v2", IsLatest: true}, {Key: "a.txt", VersionID: "null"}}}
	p := open(t, l, route.Versions{Bucket: "b", Key: "a.txt"})
	press(p, "down", "c")
	got := pagetest.Routes(p.env.TakeAsks())
	if len(got) != 1 || got[0] != (route.Planner{Source: model.Ref{Bucket: "b", Key: "a.txt", VersionID: "null"}}) {
		t.Fatalf("c on the older null version went to %#v", got)
	}
}

// The versions of a whole prefix list every key, the ones whose latest is
// a delete marker too (no objects listing shows them), and a version
// under the marker is restored as the latest: asked first, then the
// planner opens with the copy onto its own key.
func TestPrefixVersionsReachDeletedKeysAndRestore(t *testing.T) {
	now := time.Now()
	l := &lister{versions: []model.Version{
		{Key: "logs/app.log", VersionID: "a1", IsLatest: true, Size: 10, LastModified: now},
		{Key: "logs/gone.log", VersionID: "m1", IsLatest: true, DeleteMarker: true, LastModified: now},
		{Key: "logs/gone.log", VersionID: "g1", Size: 7, LastModified: now.Add(-time.Hour)},
	}}
	p := open(t, l, route.Versions{Bucket: "b", Prefix: "logs/"})
	if len(l.asked) != 1 || l.asked[0] != "logs/|/" {
		t.Fatalf("listed %v, want the prefix logs/ with delimiter /", l.asked)
	}
	view := p.View()
	for _, want := range []string{"gone.log", "DELETED", "app.log", "2 versions and 1 delete marker"} {
		if !strings.Contains(view, want) {
			t.Errorf("the prefix's versions do not show %q:\n%s", want, view)
		}
	}
	press(p, "down", "R") // the marker
	if q := pagetest.Question(p.env.TakeAsks()); q != nil {
		t.Fatalf("restoring a delete marker asked %q; it has nothing to restore", q.Question)
	}
	press(p, "down", "R") // the version under it
	q := pagetest.Question(p.env.TakeAsks())
	if q == nil || !strings.Contains(q.Question, "Restore version g1 of logs/gone.log") {
		t.Fatalf("R on the version under the marker asked %+v", q)
	}
	q.OnYes()
	got := pagetest.Routes(p.env.TakeAsks())
	want := route.Planner{Source: model.Ref{Bucket: "b", Key: "logs/gone.log", VersionID: "g1"}, Dest: model.Ref{Bucket: "b", Key: "logs/gone.log"}}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("yes went to %#v, want %#v", got, want)
	}
}

// Restoring changes the bucket: read-only mode refuses it before asking.
func TestRestoreRefusedReadOnly(t *testing.T) {
	l := &lister{versions: []model.Version{{Key: "k", VersionID: "v2", IsLatest: true}, {Key: "k", VersionID: "v1"}}}
	p := New(pagetest.ReadOnlyEnv(t), l, route.Versions{Bucket: "b", Key: "k"})
	p.SetSize(100, 20)
	pagetest.Feed(p.Update, p.Init(), p.ID())
	p.Update(pagetest.Key("down"))
	errs := pagetest.Errors(pagetest.Run(p.Update(pagetest.Key("R"))))
	if len(errs) != 1 || !strings.Contains(errs[0], "read-only") || pagetest.Question(p.env.TakeAsks()) != nil {
		t.Fatalf("R in read-only mode: errors %v", errs)
	}
}

// The count line follows the filter.
func TestVersionsCountFollowsFilter(t *testing.T) {
	l := &lister{versions: []model.Version{
		{Key: "k", VersionID: "aaa", IsLatest: true}, {Key: "k", VersionID: "bbb"}, {Key: "k", VersionID: "ccc"}}}
	p := open(t, l, route.Versions{Bucket: "b", Key: "k"})
	press(p, "/")
	pagetest.Type(p.Update, "bb")
	if p.Len() != 1 || !strings.Contains(p.View(), "1 of 3 versions and delete markers match") {
		t.Fatalf("filtered to %d rows:\n%s", p.Len(), p.View())
	}
}

// A rebind changes what the screen says: the hints are drawn from the
// bindings.
func TestHintsFollowRebinds(t *testing.T) {
	e := pagetest.Env(t)
	e.Keys.Objects.Copy = key.NewBinding(key.WithKeys("W"), key.WithHelp("W", "copy…"))
	l := &lister{versions: []model.Version{{Key: "k", VersionID: "v2", IsLatest: true}, {Key: "k", VersionID: "v1"}}}
	p := New(e, l, route.Versions{Bucket: "b", Key: "k"})
	p.SetSize(100, 20)
	pagetest.Feed(p.Update, p.Init(), p.ID())
	var keys []string
	for _, b := range p.KeyMap().ShortHelp() {
		keys = append(keys, b.Help().Key)
	}
	if !slices.Contains(keys, "W") || slices.Contains(keys, "c") {
		t.Fatalf("the footer offers %v after copy was rebound to W", keys)
	}
	p.Update(pagetest.Key("W"))
	if got := pagetest.Routes(p.env.TakeAsks()); len(got) != 1 {
		t.Fatalf("W went to %#v", got)
	}
}

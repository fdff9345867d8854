package objects

import (
	"context"
	"testing"

	"s3parts/model"
	"s3parts/ui/internal/pagetest"
	"s3parts/ui/route"
)

type lister []model.Object

func (l lister) ListObjects(context.Context, string, string, string, string, int32) (model.ObjectPage, error) {
	return model.ObjectPage{Objects: l}, nil
}

func open(t *testing.T) *Page {
	p := New(pagetest.Env(t), lister{{Key: "logs/old/", IsPrefix: true}, {Key: "logs/app.log", Size: 3}}, "b", "logs/")
	p.SetSize(100, 20)
	pagetest.Feed(p.Update, p.Init(), p.ID())
	return p
}

// V opens the versions of everything in the prefix shown; a key deleted
// there (its latest a delete marker) is reached from it.
func TestPrefixVersionsKey(t *testing.T) {
	p := open(t)
	p.Update(pagetest.Key("V"))
	got := pagetest.Routes(p.env.TakeAsks())
	if len(got) != 1 || got[0] != (route.Versions{Bucket: "b", Prefix: "logs/"}) {
		t.Fatalf("V went to %#v", got)
	}
}

// Enter in the filter searches the server under prefix+text; every other
// way out of the filter stays on the page.
func TestFilterEnterSearchesServer(t *testing.T) {
	p := open(t)
	p.Update(pagetest.Key("/"))
	pagetest.Type(p.Update, "ap")
	p.Update(pagetest.Key("enter"))
	got := pagetest.Routes(p.env.TakeAsks())
	if len(got) != 1 || got[0] != (route.Objects{Bucket: "b", Prefix: "logs/ap"}) {
		t.Fatalf("enter in the filter went to %#v", got)
	}
	if p.Filtering() || p.RawFilter() != "" {
		t.Error("the filter stayed open behind the search")
	}
}

// Enter on a folder opens it; on an object, its details; c plans a copy.
func TestObjectsOpen(t *testing.T) {
	p := open(t)
	p.Update(pagetest.Key("enter"))
	p.Update(pagetest.Key("down"))
	p.Update(pagetest.Key("enter"))
	p.Update(pagetest.Key("c"))
	got := pagetest.Routes(p.env.TakeAsks())
	ref := model.Ref{Bucket: "b", Key: "logs/app.log"}
	want := []route.Route{route.Objects{Bucket: "b", Prefix: "logs/old/"}, route.Details{Ref: ref}, route.Planner{Source: ref}}
	if len(got) != len(want) {
		t.Fatalf("went to %#v, want %#v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("step %d went to %#v, want %#v", i, got[i], want[i])
		}
	}
}

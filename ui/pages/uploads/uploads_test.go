package uploads

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/provider"
	"s3parts/ui/internal/pagetest"
	"s3parts/ui/route"
)

type lister []model.Upload

func (l lister) ListUploads(context.Context, string, string) ([]model.Upload, error) { return l, nil }
func (lister) Preset() provider.Preset                                               { return provider.Preset{Name: "aws"} }
func (l lister) ListParts(context.Context, model.Ref, string) ([]model.Part, error) {
	return []model.Part{{Number: 1, Size: 10}}, nil
}

type svc struct{ *jobs.Service }

func (svc) Owners() map[string]model.Job { return nil }

func open(t *testing.T, l lister) *Page {
	p := New(pagetest.Env(t), l, svc{}, "b", "")
	p.SetSize(120, 20)
	pagetest.Feed(p.Update, p.Init(), p.ID())
	return p
}

// The count follows the filter, and continue opens the route that decides
// between the owning job and the planner.
func TestUploadsFilterAndContinue(t *testing.T) {
	p := open(t, lister{{Bucket: "b", Key: "a.bin", UploadID: "u1"}, {Bucket: "b", Key: "b.bin", UploadID: "u2"}, {Bucket: "b", Key: "c.bin", UploadID: "u3"}})
	p.Update(pagetest.Key("/"))
	pagetest.Type(p.Update, "b.bin")
	p.Update(pagetest.Key("enter"))
	if !strings.Contains(p.View(), "1 of 3 in-progress uploads match") {
		t.Fatalf("the count does not follow the filter:\n%s", p.View())
	}
	p.Update(pagetest.Key("c"))
	got := pagetest.Routes(p.env.TakeAsks())
	if len(got) != 1 || got[0] != (route.Continue{Upload: model.Upload{Bucket: "b", Key: "b.bin", UploadID: "u2"}}) {
		t.Fatalf("c went to %#v", got)
	}
}

// An empty list offers no key that acts on an upload.
func TestEmptyUploadsOfferNoActions(t *testing.T) {
	p := open(t, nil)
	k := p.env.Keys.Uploads
	for _, b := range p.KeyMap().ShortHelp() {
		for _, act := range []key.Binding{k.Continue, k.Complete, k.Abort} {
			if b.Help() == act.Help() {
				t.Errorf("the empty uploads list offers %q", b.Help().Desc)
			}
		}
	}
	if v := p.View(); !strings.Contains(v, "no in-progress uploads here") || strings.Contains(v, "! marks") {
		t.Errorf("empty list:\n%s", v)
	}
}

// minio is a lister on a provider that purges unfinished uploads.
type minio struct{ lister }

func (minio) Preset() provider.Preset {
	p, _ := provider.LookupPreset("minio")
	return p
}

// On MinIO the line under the list says when the server purges the
// upload selected; a provider that keeps uploads shows no such line.
func TestUploadsPurgeNote(t *testing.T) {
	started := time.Now().Add(-2 * time.Hour).UTC()
	ups := lister{{Bucket: "b", Key: "a.bin", UploadID: "u1", Initiated: started}, {Bucket: "b", Key: "b.bin", UploadID: "u2", Initiated: started.Add(-30 * time.Hour)}}
	p := New(pagetest.Env(t), minio{ups}, svc{}, "b", "")
	p.SetSize(120, 20)
	pagetest.Feed(p.Update, p.Init(), p.ID())
	want := "selected upload: MinIO purges it about " + started.Add(24*time.Hour).Format("2006-01-02 15:04 UTC")
	if v := p.View(); !strings.Contains(v, want) {
		t.Errorf("the first upload's purge time is not shown (%q):\n%s", want, v)
	}
	p.Update(pagetest.Key("down"))
	if v := p.View(); !strings.Contains(v, "MinIO purges it at its next sweep") {
		t.Errorf("an upload past its expiry:\n%s", v)
	}
	for i := range 30 {
		ups = append(ups, model.Upload{Bucket: "b", Key: fmt.Sprintf("more-%02d", i), UploadID: fmt.Sprint(i), Initiated: started})
	}
	p = New(pagetest.Env(t), minio{ups}, svc{}, "b", "")
	p.SetSize(120, 20)
	pagetest.Feed(p.Update, p.Init(), p.ID())
	if v := p.View(); strings.Count(v, "\n")+1 > 20 || !strings.Contains(v, "more-10") || !strings.Contains(v, "purges it") {
		t.Errorf("a full page of uploads and the note in 20 lines:\n%s", v)
	}
	if v := open(t, ups).View(); strings.Contains(v, "purges") {
		t.Errorf("a provider that keeps uploads:\n%s", v)
	}
}

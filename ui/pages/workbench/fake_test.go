package workbench

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/provider"
	"s3parts/ui/common"
	"s3parts/ui/internal/pagetest"
)

// fake is a provider holding an inventory; block, when set, makes the
// listing report a count and wait for it to close.
type fake struct {
	mu     sync.Mutex
	inv    model.Inventory
	preset provider.Preset
	sizes  map[string]int64
	block  chan struct{}
	sized  int
	rules  []string
	asked  provider.InventoryOptions
}

func newFake(t testing.TB, preset string, buckets ...model.BucketUploads) *fake {
	pr, err := provider.LookupPreset(preset)
	if err != nil {
		t.Fatal(err)
	}
	return &fake{inv: model.Inventory{Buckets: buckets}, preset: pr, sizes: map[string]int64{}}
}

func (f *fake) UploadInventory(ctx context.Context, o provider.InventoryOptions) (model.Inventory, error) {
	f.mu.Lock()
	f.asked = o
	f.mu.Unlock()
	if f.block != nil {
		o.Progress(provider.InventoryProgress{Buckets: 50, BucketsDone: 12, Uploads: 340})
		select {
		case <-f.block:
		case <-ctx.Done():
			return model.Inventory{}, ctx.Err()
		}
	}
	inv := model.Inventory{}
	for _, b := range f.inv.Buckets {
		b.Uploads = slices.Clone(b.Uploads)
		inv.Buckets = append(inv.Buckets, b)
	}
	return inv, nil
}

func (f *fake) UploadSize(_ context.Context, u model.Upload) (int, int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sized++
	return 2, f.sizes[u.UploadID], nil
}

func (f *fake) AddAbortRule(_ context.Context, bucket string, days int) (provider.LifecycleChange, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = append(f.rules, bucket)
	return provider.LifecycleChange{Rule: provider.NewAbortRule(days), Kept: 2}, nil
}

func (f *fake) Preset() provider.Preset { return f.preset }
func (f *fake) Guess() provider.Preset  { return f.preset }

// fakeJobs aborts whatever it is asked, except the uploads in refuse.
type fakeJobs struct {
	mu      sync.Mutex
	owners  map[string]model.Job
	refuse  map[string]error
	aborted []string
}

func (j *fakeJobs) Owners() map[string]model.Job { return j.owners }

func (j *fakeJobs) AbortHeld(_ context.Context, u model.HeldUpload) (jobs.UploadResult, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.aborted = append(j.aborted, u.UploadID)
	if err := j.refuse[u.UploadID]; err != nil {
		return jobs.UploadResult{}, err
	}
	return jobs.UploadResult{Held: u}, nil
}

func (j *fakeJobs) calls() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.aborted)
}

// up is an upload started ago.
func up(bucket, key, id string, ago time.Duration) model.HeldUpload {
	return model.HeldUpload{Upload: model.Upload{Bucket: bucket, Key: key, UploadID: id, Initiated: time.Now().Add(-ago)}}
}

func bucket(name string, ups ...model.HeldUpload) model.BucketUploads {
	return model.BucketUploads{Bucket: name, Uploads: ups}
}

// page makes the workbench at 120×30 on env (pagetest.Env when nil).
func page(t *testing.T, e *common.Env, f *fake, j *fakeJobs) *Page {
	if e == nil {
		e = pagetest.Env(t)
	}
	p := New(e, f, j, Options{})
	p.SetSize(120, 30)
	return p
}

// loadOnly lists, and returns what the listing's end asks to do next
// (the sizing) without doing it.
func loadOnly(t testing.TB, p *Page) tea.Cmd {
	t.Helper()
	queue := pagetest.Run(p.Init())
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		if l, ok := m.(invLoaded); ok {
			return p.Update(l)
		}
		queue = append(queue, pagetest.Run(p.Update(m))...)
	}
	t.Fatal("the listing never ended")
	return nil
}

// open lists and sizes everything.
func open(t *testing.T, p *Page) *Page {
	t.Helper()
	pagetest.Feed(p.Update, loadOnly(t, p), p.ID())
	return p
}

// press sends keys and runs what they do; it returns the root's messages.
func press(p *Page, keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		out = append(out, pagetest.Feed(p.Update, p.Update(pagetest.Key(k)), p.ID())...)
	}
	return out
}

func text(p *Page) string { return ansi.Strip(p.View()) }

// statuses are the status lines among msgs, errors included.
func statuses(msgs []tea.Msg) []string {
	var out []string
	for _, m := range msgs {
		if s, ok := m.(common.StatusMsg); ok {
			if s.Err != nil {
				out = append(out, s.Err.Error())
			} else {
				out = append(out, s.Text)
			}
		}
	}
	return out
}

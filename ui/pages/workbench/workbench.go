// Package workbench is the uploads workbench: the in-progress multipart
// uploads of every bucket the credentials see, listed at once, sized a few
// at a time behind the list, priced (an estimate), and cleaned up in bulk —
// marked, asked once, aborted through the job service (never one a running
// job is copying into) — with a lifecycle rule a key away, so they do not
// pile up again.
package workbench

import (
	"context"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/pricing"
	"s3parts/provider"
	"s3parts/ui/common"
	"s3parts/ui/components/listview"
	"s3parts/ui/components/vtable"
	"s3parts/ui/route"
)

// Client is what the page asks of the provider: the listing of every
// bucket's uploads, one upload's size, the abort rule, and the preset
// (whether the server purges uploads itself; the price list's name).
type Client interface {
	UploadInventory(ctx context.Context, o provider.InventoryOptions) (model.Inventory, error)
	UploadSize(ctx context.Context, u model.Upload) (parts int, bytes int64, err error)
	AddAbortRule(ctx context.Context, bucket string, days int) (provider.LifecycleChange, error)
	Preset() provider.Preset
	Guess() provider.Preset
}

// Jobs is what the page asks of the job service: who owns which upload,
// and aborting one under its owner's lock.
type Jobs interface {
	Owners() map[string]model.Job
	AbortHeld(ctx context.Context, u model.HeldUpload) (jobs.UploadResult, error)
}

// Options tune the page; the zero value is what a person gets.
type Options struct {
	// Prices reads the price table, off the UI goroutine (nil: the
	// built-in list prices).
	Prices func() (pricing.Table, error)
	// RuleDays: the abort rule aborts uploads this many days after they
	// start (default 7).
	RuleDays int
	// Sizers and Aborts bound the requests in flight (default 4 each).
	Sizers, Aborts int
}

// topLines are the lines above the list: the totals, then what is going
// on (listing, sizing, aborting) or a note on the upload selected.
const topLines = 2

// entry is one upload as the page shows it.
type entry struct {
	model.HeldUpload
	sizing bool
	// note says what became of an abort that did not remove it
	// ("skipped: …", "failed: …"); failed marks the latter.
	note   string
	failed bool
}

// ukey names an upload across buckets.
type ukey struct{ bucket, id string }

func keyOf(u model.HeldUpload) ukey { return ukey{u.Bucket, u.UploadID} }

// bucketRow is one bucket: its listing error or abort rule, and the
// tally of its uploads still listed.
type bucketRow struct {
	model.BucketUploads
	tally
}

// Page is the uploads workbench.
type Page struct {
	listview.ListView // the uploads
	env               *common.Env
	client            Client
	jobs              Jobs
	id                int
	o                 Options
	// seq numbers the listings: a reload drops the answers of the last.
	seq      int
	cancel   context.CancelFunc
	progress provider.InventoryProgress
	prices   pricing.Table
	provider string
	all      []*entry
	index    map[ukey]*entry
	// next is where background sizing goes on in all.
	next    int
	shown   []int
	buckets map[string]*bucketRow
	// rows are the buckets on the buckets pane, by name.
	rows      []*bucketRow
	total     tally
	marked    map[ukey]*entry
	age       int
	sizing    int
	onBuckets bool
	bt        *vtable.VTable
	abort     abortRun
}

// New makes the workbench.
func New(e *common.Env, c Client, j Jobs, o Options) *Page {
	if o.RuleDays <= 0 {
		o.RuleDays = 7
	}
	o.Sizers, o.Aborts = max(o.Sizers, 4), max(o.Aborts, 4)
	p := &Page{env: e, client: c, jobs: j, id: e.NextID(), o: o, provider: c.Guess().Name,
		buckets: map[string]*bucketRow{}, index: map[ukey]*entry{}, marked: map[ukey]*entry{}}
	p.ListView = listview.New(e, []vtable.Column{
		{Title: " ", Width: 1}, {Title: "BUCKET", Flex: true, Max: 20}, {Title: "KEY", Flex: true, Middle: true, Max: 60},
		{Title: "UPLOAD ID", Width: 16, Middle: true, HideBelow: 110}, {Title: "INITIATED", Width: 16, HideBelow: 130},
		{Title: "AGE", Width: 4, Right: true}, {Title: "CLASS", Width: 8, HideBelow: 120}, {Title: "PARTS", Width: 5, Right: true},
		{Title: "BYTES", Width: 9, Right: true}, {Title: "EST./MO", Width: 8, Right: true, HideBelow: 90},
		{Title: "JOB", Width: 12, Rest: true},
	}, p)
	p.bt = vtable.New(e.Styles, []vtable.Column{
		{Title: "BUCKET", Flex: true, Max: 40}, {Title: "UPLOADS", Width: 7, Right: true}, {Title: "PARTS", Width: 6, Right: true},
		{Title: "BYTES", Width: 10, Right: true}, {Title: "OLDEST", Width: 6, Right: true},
		{Title: "ABORT RULE", Width: 16, Rest: true}, {Title: "EST./MONTH", Width: 10, Right: true},
	}, bucketRows{p})
	return p
}

func (p *Page) ID() int       { return p.id }
func (p *Page) Crumb() string { return "all uploads" }

// Typing: the filter line has the keys (the uploads pane's only).
func (p *Page) Typing() bool { return !p.onBuckets && p.ListView.Typing() }

func (p *Page) SetSize(w, h int) {
	p.ListView.SetSize(w, h-topLines)
	p.bt.SetSize(w, h-topLines-1)
}

func (p *Page) KeyMap() help.KeyMap {
	if !p.onBuckets && p.Filtering() {
		return p.FilterKeys(p.env.Keys.Form.Submit)
	}
	k, w, abort := p.env.Keys.List, p.env.Keys.Workbench, p.env.Keys.Uploads.Abort
	moves := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
	if p.onBuckets {
		open := key.NewBinding(key.WithKeys(k.Open.Keys()...), key.WithHelp(common.KeyOf(k.Open), "its uploads"))
		mark := key.NewBinding(key.WithKeys(w.Mark.Keys()...), key.WithHelp(common.KeyOf(w.Mark), "mark its uploads"))
		return common.Bindings{Short: []key.Binding{w.Rule, open, mark, abort, w.Pane},
			Full: [][]key.Binding{moves, {open, w.Rule, mark, abort, w.Pane, k.Refresh}}}
	}
	if len(p.shown) == 0 {
		return common.Bindings{Short: []key.Binding{k.Filter, w.Age, w.Pane, k.Refresh},
			Full: [][]key.Binding{{k.Filter, w.Age, w.Pane, k.Refresh}}}
	}
	return common.Bindings{Short: []key.Binding{w.Mark, abort, k.Filter, w.Age, w.Pane},
		Full: [][]key.Binding{moves, {w.Mark, w.MarkAll, abort, k.Filter, w.Age}, {w.Rule, k.Open, w.Pane, k.Refresh}}}
}

// ClearFilter clears the text filter and the age filter (back does that
// before it closes the page).
func (p *Page) ClearFilter() bool {
	cleared := p.ListView.ClearFilter()
	if p.age != 0 {
		p.age, cleared = 0, true
		p.ApplyFilter()
	}
	return cleared
}

func (p *Page) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case listed:
		return p.listed(m)
	case invLoaded:
		return p.loaded(m)
	case sized:
		return p.sized(m)
	case aborted:
		return p.aborted(m)
	case ruleAdded:
		return p.ruleAdded(m)
	case common.UploadsChanged:
		if p.buckets[m.Bucket] != nil && p.abort.left == 0 {
			return p.Init() // an upload aborted or completed from its parts page
		}
		return nil
	case tea.MouseClickMsg:
		m.Y -= topLines
		msg = m
	}
	if p.onBuckets {
		return p.bucketKeys(msg)
	}
	km, ok, cmd := p.Route(p, msg, p.sizeMore)
	if !ok {
		return cmd
	}
	k, w := p.env.Keys.List, p.env.Keys.Workbench
	switch {
	case key.Matches(km, w.Pane):
		p.showBuckets()
	case key.Matches(km, w.Age):
		p.age = (p.age + 1) % len(ages)
		p.ApplyFilter()
		return p.sizeMore()
	case key.Matches(km, w.MarkAll):
		p.markAll(p.shown)
	case key.Matches(km, p.env.Keys.Uploads.Abort):
		return p.askAbort()
	}
	e := p.selected()
	if e == nil {
		return nil
	}
	switch {
	case key.Matches(km, w.Mark):
		p.toggle(e)
		p.Table.Move(1)
		return p.sizeMore()
	case key.Matches(km, w.Rule):
		return p.askRule(e.Bucket)
	case key.Matches(km, k.Open):
		return p.env.Go(route.Parts{Upload: e.Upload})
	}
	return nil
}

// bucketKeys are the keys of the buckets pane.
func (p *Page) bucketKeys(msg tea.Msg) tea.Cmd {
	k, w := p.env.Keys.List, p.env.Keys.Workbench
	switch m := msg.(type) {
	case tea.MouseWheelMsg:
		p.bt.Move(map[bool]int{true: -3, false: 3}[m.Button == tea.MouseWheelUp])
	case tea.MouseClickMsg:
		p.bt.Click(m.Y - 1) // under the pane's count line
	case tea.KeyPressMsg:
		if p.bt.MoveKey(m, k) {
			return nil
		}
		i := p.bt.Cursor()
		switch {
		case key.Matches(m, w.Pane):
			p.onBuckets = false
		case key.Matches(m, k.Refresh):
			return p.Init()
		case key.Matches(m, p.env.Keys.Uploads.Abort):
			return p.askAbort()
		case i < 0:
		case key.Matches(m, w.Rule):
			return p.askRule(p.rows[i].Bucket)
		case key.Matches(m, w.Mark), key.Matches(m, w.MarkAll):
			p.markAll(p.shownIn(p.rows[i].Bucket))
		case key.Matches(m, k.Open):
			p.onBuckets = false
			if in := p.shownIn(p.rows[i].Bucket); len(in) > 0 {
				p.Table.SetCursor(slicesIndex(p.shown, in[0]))
			}
			return p.sizeMore()
		}
	}
	return nil
}

// showBuckets switches to the buckets pane, on the selected upload's
// bucket.
func (p *Page) showBuckets() {
	p.onBuckets = true
	if e := p.selected(); e != nil {
		for i, r := range p.rows {
			if r.Bucket == e.Bucket {
				p.bt.SetCursor(i)
			}
		}
	}
}

// selected is the upload under the cursor, if any.
func (p *Page) selected() *entry {
	i := p.Table.Cursor()
	if i < 0 || i >= len(p.shown) {
		return nil
	}
	return p.all[p.shown[i]]
}

func slicesIndex(s []int, v int) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return 0
}

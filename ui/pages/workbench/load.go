package workbench

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"s3parts/model"
	"s3parts/pricing"
	"s3parts/provider"
	"s3parts/ui/common"
)

// The listing runs in the background without sizes (one ListMultipartUploads
// per bucket, every bucket at once): its counts arrive through a channel a
// listening command re-arms after each, so the screen stays live while a
// hundred buckets answer. Sizes come after, a few uploads at a time, the
// rows on screen first.

type (
	// listed is the listing's progress so far.
	listed struct {
		id, seq int
		p       provider.InventoryProgress
		ch      <-chan provider.InventoryProgress
		done    <-chan invLoaded
	}
	invLoaded struct {
		id, seq  int
		inv      model.Inventory
		owners   map[string]model.Job
		prices   pricing.Table
		priceErr error
		err      error
	}
	sized struct {
		id, seq int
		k       ukey
		parts   int
		bytes   int64
		err     error
	}
)

func (m listed) ForPage() int    { return m.id }
func (m invLoaded) ForPage() int { return m.id }
func (m sized) ForPage() int     { return m.id }

// Init lists every bucket's uploads (again), marks kept.
func (p *Page) Init() tea.Cmd {
	if p.cancel != nil {
		p.cancel()
	}
	p.seq++
	var ctx context.Context
	ctx, p.cancel = context.WithCancel(p.env.Ctx)
	p.Loading, p.Err, p.progress, p.sizing = true, nil, provider.InventoryProgress{}, 0
	c, j, id, seq, prices := p.client, p.jobs, p.id, p.seq, p.o.Prices
	// One slot: a newer count replaces one not read yet.
	ch := make(chan provider.InventoryProgress, 1)
	done := make(chan invLoaded, 1)
	list := func() tea.Msg {
		inv, err := c.UploadInventory(ctx, provider.InventoryOptions{Rules: true, Progress: func(ip provider.InventoryProgress) {
			select {
			case <-ch:
			default:
			}
			select {
			case ch <- ip:
			default:
			}
		}})
		r := invLoaded{id: id, seq: seq, inv: inv, err: err}
		if err == nil {
			r.owners = j.Owners()
			if prices != nil {
				r.prices, r.priceErr = prices()
			}
		}
		done <- r
		return nil
	}
	return tea.Batch(list, listen(id, seq, ch, done))
}

// listen waits for the next count, or the end.
func listen(id, seq int, ch <-chan provider.InventoryProgress, done <-chan invLoaded) tea.Cmd {
	return func() tea.Msg {
		select {
		case r := <-done:
			return r
		case ip := <-ch:
			return listed{id, seq, ip, ch, done}
		}
	}
}

func (p *Page) listed(m listed) tea.Cmd {
	if m.seq != p.seq {
		return nil
	}
	p.progress = m.p
	return listen(m.id, m.seq, m.ch, m.done)
}

func (p *Page) loaded(m invLoaded) tea.Cmd {
	if m.seq != p.seq {
		return nil
	}
	p.Loading, p.Err = false, m.err
	if m.err != nil {
		return nil
	}
	p.prices = m.prices
	m.inv.Sort()
	p.all, p.buckets, p.index = p.all[:0], map[string]*bucketRow{}, map[ukey]*entry{}
	marked := p.marked
	p.marked = map[ukey]*entry{}
	for _, b := range m.inv.Buckets {
		p.buckets[b.Bucket] = &bucketRow{BucketUploads: model.BucketUploads{Bucket: b.Bucket, Err: b.Err, Rule: b.Rule, RuleErr: b.RuleErr}}
		for _, u := range b.Uploads {
			if o, ok := m.owners[u.UploadID]; ok {
				u.Job, u.JobState = o.ID, o.State
			}
			e := &entry{HeldUpload: u}
			if marked[keyOf(u)] != nil {
				p.marked[keyOf(u)] = e
			}
			p.all = append(p.all, e)
			p.index[keyOf(u)] = e
		}
	}
	p.recount()
	var warn tea.Cmd
	if m.priceErr != nil {
		warn = common.Failed(m.priceErr)
	}
	return tea.Batch(warn, p.sizeMore())
}

// recount adds up every bucket and the whole again, and lists the
// buckets worth a row: those holding uploads, failing to list, or
// without an abort rule (the ones to set up).
func (p *Page) recount() {
	p.total, p.next = tally{}, 0
	for _, b := range p.buckets {
		b.tally = tally{}
	}
	for _, e := range p.all {
		p.total.add(p, e.HeldUpload)
		p.buckets[e.Bucket].add(p, e.HeldUpload)
	}
	p.rows = p.rows[:0]
	for _, b := range p.buckets {
		if b.tally.Uploads > 0 || b.Err != "" || b.Rule == nil {
			p.rows = append(p.rows, b)
		}
	}
	sortRows(p.rows)
	p.bt.SetSource(bucketRows{p})
	p.ApplyFilter()
}

// sizeMore starts sizing unsized uploads, the rows on screen first, up
// to Sizers at once.
func (p *Page) sizeMore() tea.Cmd {
	var cmds []tea.Cmd
	start := func(e *entry) {
		if p.sizing >= p.o.Sizers || e.Sized || e.sizing || e.SizeErr != "" {
			return
		}
		e.sizing = true
		p.sizing++
		ctx, c, id, seq, u := p.env.Ctx, p.client, p.id, p.seq, e.Upload
		cmds = append(cmds, func() tea.Msg {
			n, b, err := c.UploadSize(ctx, u)
			return sized{id, seq, ukey{u.Bucket, u.UploadID}, n, b, err}
		})
	}
	first := p.Table.Offset()
	for i := first; i < min(first+p.Table.Height(), len(p.shown)); i++ {
		start(p.all[p.shown[i]])
	}
	// Then the rest in list order, from where the last call stopped.
	for ; p.next < len(p.all) && p.sizing < p.o.Sizers; p.next++ {
		start(p.all[p.next])
	}
	return tea.Batch(cmds...)
}

func (p *Page) sized(m sized) tea.Cmd {
	if m.seq != p.seq {
		return nil
	}
	p.sizing--
	e := p.index[m.k]
	switch {
	case e == nil: // aborted meanwhile
	case m.err != nil:
		e.sizing, e.SizeErr = false, provider.Classify("ListParts", m.err).Message
	default:
		// Only what changed is added: a full recount per answer would
		// cost the whole list for every upload sized.
		before := e.HeldUpload
		e.sizing, e.Parts, e.Bytes, e.Sized = false, m.parts, m.bytes, true
		p.total.resize(p, before, e.HeldUpload)
		p.buckets[e.Bucket].resize(p, before, e.HeldUpload)
	}
	p.setTop()
	return p.sizeMore()
}

// ages are the age filter's steps.
var ages = []struct {
	label string
	older time.Duration
}{{"any age", 0}, {">1d", 24 * time.Hour}, {">7d", 7 * 24 * time.Hour}, {">30d", 30 * 24 * time.Hour}}

// ApplyFilter rebuilds the rows shown: the age filter, then the text
// filter on bucket/key or the upload id.
func (p *Page) ApplyFilter() {
	p.shown = p.shown[:0]
	f, now := model.UploadFilter{OlderThan: ages[p.age].older}, p.env.Now()
	for i, e := range p.all {
		if ok, _ := f.Match(e.HeldUpload, now); ok && (p.Matches(e.Bucket+"/"+e.Key) || p.Matches(e.UploadID)) {
			p.shown = append(p.shown, i)
		}
	}
	p.Table.SetSource(p)
	p.setTop()
}

// shownIn are the rows shown of one bucket.
func (p *Page) shownIn(bucket string) []int {
	var out []int
	for _, i := range p.shown {
		if p.all[i].Bucket == bucket {
			out = append(out, i)
		}
	}
	return out
}

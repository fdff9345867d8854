// Package uploads lists the in-progress multipart uploads of a bucket or
// prefix, with the s3parts job that owns each, if any.
package uploads

import (
	"cmp"
	"context"
	"fmt"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/model"
	"s3parts/provider"
	"s3parts/ui/common"
	"s3parts/ui/components/listview"
	"s3parts/ui/components/vtable"
	"s3parts/ui/route"
)

// Lister reads uploads and their parts, and names the provider preset,
// which says whether the server purges unfinished uploads by itself.
type Lister interface {
	ListUploads(ctx context.Context, bucket, prefix string) ([]model.Upload, error)
	ListParts(ctx context.Context, dest model.Ref, uploadID string) ([]model.Part, error)
	Preset() provider.Preset
}

// Jobs is what this page asks of the job service: which job owns which
// upload, and aborting or completing one so its job learns of it.
type Jobs interface {
	common.UploadActions
	Owners() map[string]model.Job
}

// Page lists the in-progress multipart uploads of a bucket or
// prefix; each row's part count and bytes are read (ListParts) only once
// the row is on screen.
type Page struct {
	listview.ListView
	env     *common.Env
	client  Lister
	jobs    Jobs
	id      int
	bucket  string
	prefix  string
	uploads []model.Upload
	shown   []int
	stats   map[string]*uploadStats
	// owners are the s3parts jobs that own uploads, by upload id.
	owners map[string]model.Job
	seq    int
}

type uploadStats struct {
	loading bool
	parts   int
	bytes   int64
	gaps    string
	err     error
}

type (
	uploadsLoaded struct {
		id, seq int
		uploads []model.Upload
		owners  map[string]model.Job
		err     error
	}
	uploadPartsLoaded struct {
		id       int
		uploadID string
		parts    []model.Part
		err      error
	}
	uploadActionDone struct {
		id   int
		text string
		err  error
	}
)

func (m uploadsLoaded) ForPage() int     { return m.id }
func (m uploadPartsLoaded) ForPage() int { return m.id }
func (m uploadActionDone) ForPage() int  { return m.id }

// New makes the uploads page of a bucket or prefix.
func New(e *common.Env, c Lister, j Jobs, bucket, prefix string) *Page {
	p := &Page{env: e, client: c, jobs: j, id: e.NextID(), bucket: bucket, prefix: prefix, stats: map[string]*uploadStats{}}
	p.ListView = listview.New(e, []vtable.Column{
		{Title: "KEY", Flex: true, Middle: true, Max: 60}, {Title: "UPLOAD ID", Width: 20, Rest: true, Middle: true}, {Title: "INITIATED", Width: 16, HideBelow: 100}, {Title: "AGE", Width: 4, Right: true},
		{Title: "CLASS", Width: 8, HideBelow: 110}, {Title: "PARTS", Width: 6, Right: true}, {Title: "BYTES", Width: 10, Right: true},
		{Title: "JOB", Width: 12, HideBelow: 90},
	}, p)
	return p
}

// Location is the bucket and prefix shown.
func (p *Page) Location() (bucket, prefix string) { return p.bucket, p.prefix }

func (p *Page) ID() int { return p.id }
func (p *Page) Crumb() string {
	return "uploads in " + p.bucket + "/" + p.prefix
}
func (p *Page) Len() int { return len(p.shown) }

func (p *Page) Cells(i int) ([]string, lipgloss.Style) {
	u := p.uploads[p.shown[i]]
	parts, bytes, st := "…", "…", lipgloss.Style{}
	if s := p.stats[u.UploadID]; s != nil && !s.loading {
		switch {
		case s.err != nil:
			parts, bytes, st = "?", "?", p.env.Styles.Warn
		default:
			parts, bytes = fmt.Sprint(s.parts), common.FmtSize(s.bytes)
			if s.gaps != "" {
				parts += "!"
				st = p.env.Styles.Warn
			}
		}
	}
	owner := "-"
	if j, ok := p.owners[u.UploadID]; ok {
		owner = j.ID
	}
	return []string{u.Key, u.UploadID, common.FmtTime(u.Initiated), common.FmtAge(p.env.Now(), u.Initiated), cmp.Or(u.StorageClass, "STANDARD"), parts, bytes, owner}, st
}

func (p *Page) Init() tea.Cmd {
	p.seq++
	p.Loading, p.Err = true, nil
	ctx, c, j, id, seq, b, pre := p.env.Ctx, p.client, p.jobs, p.id, p.seq, p.bucket, p.prefix
	return func() tea.Msg {
		ups, err := c.ListUploads(ctx, b, pre)
		return uploadsLoaded{id, seq, ups, j.Owners(), err}
	}
}

func (p *Page) KeyMap() help.KeyMap {
	if p.Filtering() {
		return p.FilterKeys(p.env.Keys.Form.Submit)
	}
	k, u := p.env.Keys.List, p.env.Keys.Uploads
	if len(p.shown) == 0 {
		// Nothing to act on: only what works on an empty list.
		return common.Bindings{Short: []key.Binding{k.Refresh, k.Filter}, Full: [][]key.Binding{{k.Refresh, k.Filter}}}
	}
	return common.Bindings{
		Short: []key.Binding{k.Open, u.Continue, u.Complete, u.Abort},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {k.Open, u.Continue, u.Complete, u.Abort, k.Filter, k.Refresh}},
	}
}

func (p *Page) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case uploadsLoaded:
		if m.seq != p.seq {
			return nil
		}
		p.Loading, p.Err = false, m.err
		if m.err == nil {
			p.uploads, p.owners = m.uploads, m.owners
			p.stats = map[string]*uploadStats{}
			p.ApplyFilter()
		}
		return p.loadVisible()
	case uploadPartsLoaded:
		s := &uploadStats{parts: len(m.parts), err: m.err, gaps: model.PartGaps(m.parts)}
		for _, pt := range m.parts {
			s.bytes += pt.Size
		}
		p.stats[m.uploadID] = s
		return nil
	case common.UploadsChanged:
		if m.Bucket == p.bucket {
			return p.Init()
		}
		return nil
	case uploadActionDone:
		if m.err != nil {
			return common.Failed(m.err)
		}
		return tea.Batch(common.Status(m.text), p.Init())
	}
	km, ok, cmd := p.Route(p, msg, p.loadVisible)
	if !ok {
		return cmd
	}
	k, uk := p.env.Keys.List, p.env.Keys.Uploads
	i := p.Table.Cursor()
	if i < 0 {
		return nil
	}
	u := p.uploads[p.shown[i]]
	ref := model.Ref{Bucket: u.Bucket, Key: u.Key}
	ctx, j, id := p.env.Ctx, p.jobs, p.id
	switch {
	case key.Matches(km, k.Open):
		return p.env.Go(route.Parts{Upload: u})
	case key.Matches(km, uk.Continue):
		return p.env.Go(route.Continue{Upload: u})
	case key.Matches(km, uk.Abort):
		if refused := p.env.RefuseWrite(); refused != nil {
			return refused
		}
		return p.env.Ask(fmt.Sprintf("Abort upload %s of %s? Its parts are deleted and cannot be recovered.", u.UploadID, ref), func() tea.Cmd {
			return func() tea.Msg {
				res, err := j.AbortUpload(ctx, ref, u.UploadID)
				return uploadActionDone{id, "aborted upload " + u.UploadID + " of " + ref.String() + common.OwnerNote(res), err}
			}
		})
	case key.Matches(km, uk.Complete):
		return common.AskComplete(p.env, j, u, common.Changed(u.Bucket))
	}
	return nil
}

// loadVisible asks ListParts for the rows on screen that have no stats.
func (p *Page) loadVisible() tea.Cmd {
	var cmds []tea.Cmd
	first := p.Table.Offset()
	for i := first; i < min(first+p.Table.Height(), len(p.shown)); i++ {
		u := p.uploads[p.shown[i]]
		if p.stats[u.UploadID] != nil {
			continue
		}
		p.stats[u.UploadID] = &uploadStats{loading: true}
		ctx, c, id := p.env.Ctx, p.client, p.id
		cmds = append(cmds, func() tea.Msg {
			parts, err := c.ListParts(ctx, model.Ref{Bucket: u.Bucket, Key: u.Key}, u.UploadID)
			return uploadPartsLoaded{id, u.UploadID, parts, err}
		})
	}
	return tea.Batch(cmds...)
}

// ApplyFilter rebuilds the rows shown and the count above them: the
// filter matches the key or the upload id.
func (p *Page) ApplyFilter() {
	p.shown = p.shown[:0]
	for i, u := range p.uploads {
		if p.Matches(u.Key) || p.Matches(u.UploadID) {
			p.shown = append(p.shown, i)
		}
	}
	p.Table.SetSource(p)
	p.Top = "" // none: the list says so
	if len(p.uploads) > 0 {
		p.Top = p.env.Styles.Dim.Render(p.Counted(len(p.shown), len(p.uploads), "in-progress upload") + " · ! marks a missing part")
	}
}

// purges reports whether the provider deletes unfinished uploads by
// itself (MinIO, after 24 h): a line under the list says when, for the
// upload selected.
func (p *Page) purges() bool { return p.client.Preset().StaleUploadExpiry > 0 }

// SetSize leaves a line under the list for the purge note, when there is
// one to show.
func (p *Page) SetSize(w, h int) {
	if p.purges() {
		h--
	}
	p.ListView.SetSize(w, h)
}

func (p *Page) View() string {
	v := p.ListView.View("no in-progress uploads here")
	i := p.Table.Cursor()
	if !p.purges() || i < 0 {
		return v
	}
	u := p.uploads[p.shown[i]]
	note := p.client.Preset().UploadPurge(u.Initiated, p.env.Now())
	if note == "" {
		return v
	}
	w, _ := p.Size()
	return v + "\n" + common.Fit(p.env.Styles.Warn.Render("selected upload: "+note), w, false)
}

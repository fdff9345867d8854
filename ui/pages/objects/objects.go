// Package objects lists one prefix of a bucket, folders first, a page of
// keys at a time.
package objects

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/model"
	"s3parts/ui/common"
	"s3parts/ui/components/listview"
	"s3parts/ui/components/vtable"
	"s3parts/ui/route"
)

// Lister lists one page of keys.
type Lister interface {
	ListObjects(ctx context.Context, bucket, prefix, delimiter, token string, max int32) (model.ObjectPage, error)
}

// Page lists one prefix of a bucket (delimiter /), folders first,
// fetching further pages as the cursor nears the end of what is loaded.
type Page struct {
	listview.ListView
	env     *common.Env
	client  Lister
	id      int
	bucket  string
	prefix  string
	folders []model.Object
	objects []model.Object
	shown   []int // indexes into folders ++ objects
	token   string
	more    bool // the server has more pages
	// seq tags page requests so a reply from before a reload is dropped.
	seq int
	// stale: a job wrote into the bucket since this listing was read.
	stale bool
}

// pageSize is how many keys one ListObjectsV2 asks for; prefetch is how
// close to the end of the loaded rows the cursor may come before the next
// page is asked for.
const (
	pageSize = 1000
	prefetch = 100
)

type loaded struct {
	id, seq int
	page    model.ObjectPage
	err     error
}

func (m loaded) ForPage() int { return m.id }

// New makes the page for one prefix of a bucket.
func New(e *common.Env, c Lister, bucket, prefix string) *Page {
	p := &Page{env: e, client: c, id: e.NextID(), bucket: bucket, prefix: prefix}
	p.ListView = listview.New(e, []vtable.Column{
		{Title: "NAME", Flex: true, Middle: true}, {Title: "SIZE", Width: 10, Right: true}, {Title: "LAST MODIFIED", Width: 16},
		{Title: "ETAG", Width: 12}, {Title: "CLASS", Width: 8},
	}, p)
	return p
}

// Location is the bucket and prefix shown (a probe opened from here runs
// there).
func (p *Page) Location() (bucket, prefix string) { return p.bucket, p.prefix }

func (p *Page) ID() int { return p.id }

// Crumb is the bucket at the top level, else the last folder of the prefix
// (or the whole prefix for a server search that is not a folder).
func (p *Page) Crumb() string {
	if p.prefix == "" {
		return p.bucket
	}
	trimmed := strings.TrimSuffix(p.prefix, "/")
	if i := strings.LastIndex(trimmed, "/"); i >= 0 && strings.HasSuffix(p.prefix, "/") {
		return trimmed[i+1:] + "/"
	}
	if !strings.HasSuffix(p.prefix, "/") {
		return p.prefix + "*"
	}
	return p.prefix
}

func (p *Page) Len() int { return len(p.shown) }

// folder is the prefix up to its last "/": names show relative to it, so a
// server search for "logs/ap" still shows "app.log", not "p.log".
func (p *Page) folder() string {
	return p.prefix[:strings.LastIndex(p.prefix, "/")+1]
}

func (p *Page) item(i int) model.Object {
	j := p.shown[i]
	if j < len(p.folders) {
		return p.folders[j]
	}
	return p.objects[j-len(p.folders)]
}

func (p *Page) Cells(i int) ([]string, lipgloss.Style) {
	o := p.item(i)
	name := strings.TrimPrefix(o.Key, p.folder())
	if o.IsPrefix {
		return []string{name, "", "", "", ""}, p.env.Styles.Folder
	}
	return []string{name, common.FmtSize(o.Size), common.FmtTime(o.LastModified), strings.Trim(o.ETag, `"`), o.StorageClass}, lipgloss.Style{}
}

func (p *Page) Init() tea.Cmd {
	p.folders, p.objects, p.shown, p.token, p.more, p.stale = nil, nil, nil, "", false, false
	p.seq++
	p.Table.SetSource(p)
	return p.fetch()
}

func (p *Page) fetch() tea.Cmd {
	p.Loading, p.Err = true, nil
	ctx, c, id, seq, b, pre, tok := p.env.Ctx, p.client, p.id, p.seq, p.bucket, p.prefix, p.token
	return func() tea.Msg {
		page, err := c.ListObjects(ctx, b, pre, "/", tok, pageSize)
		return loaded{id, seq, page, err}
	}
}

func (p *Page) KeyMap() help.KeyMap {
	if p.Filtering() {
		return p.FilterKeys(p.env.Keys.Objects.Search)
	}
	k, o, g := p.env.Keys.List, p.env.Keys.Objects, p.env.Keys.Global
	return common.Bindings{
		Short: []key.Binding{k.Open, o.Copy, o.Versions, o.Details, k.Filter},
		Full: [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
			{k.Open, o.Details, o.Versions, o.PrefixVersions, o.Copy}, {k.Filter, o.Search, k.Refresh, g.Uploads}},
	}
}

func (p *Page) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(common.ObjectsChanged); ok {
		if m.Bucket == p.bucket {
			p.stale = true
			p.ApplyFilter()
		}
		return nil
	}
	if m, ok := msg.(loaded); ok {
		if m.seq != p.seq {
			return nil // a reply from before a reload
		}
		p.Loading, p.Err = false, m.err
		if m.err == nil {
			for _, o := range m.page.Objects {
				if o.IsPrefix {
					p.folders = append(p.folders, o)
				} else {
					p.objects = append(p.objects, o)
				}
			}
			p.token, p.more = m.page.NextToken, m.page.NextToken != ""
			p.ApplyFilter()
		}
		return p.maybeMore()
	}
	if km, ok := msg.(tea.KeyPressMsg); ok && p.Filtering() && key.Matches(km, p.env.Keys.Objects.Search) && p.RawFilter() != "" {
		// Search the server: every key under prefix+text, not just those loaded.
		prefix := p.prefix + p.RawFilter()
		p.CloseFilter()
		p.ApplyFilter()
		return p.env.Go(route.Objects{Bucket: p.bucket, Prefix: prefix})
	}
	km, ok, cmd := p.Route(p, msg, p.maybeMore)
	if !ok {
		return cmd
	}
	k, o := p.env.Keys.List, p.env.Keys.Objects
	i := p.Table.Cursor()
	switch {
	case key.Matches(km, p.env.Keys.Global.Uploads):
		return p.env.Go(route.Uploads{Bucket: p.bucket, Prefix: p.prefix})
	case key.Matches(km, o.PrefixVersions):
		return p.env.Go(route.Versions{Bucket: p.bucket, Prefix: p.prefix})
	}
	if i < 0 {
		return nil
	}
	it := p.item(i)
	ref := model.Ref{Bucket: p.bucket, Key: it.Key}
	switch {
	case it.IsPrefix && key.Matches(km, k.Open):
		return p.env.Go(route.Objects{Bucket: p.bucket, Prefix: it.Key})
	case it.IsPrefix && (key.Matches(km, o.Copy) || key.Matches(km, o.Versions) || key.Matches(km, o.Details)):
		return common.Failed(fmt.Errorf("%s is a folder (a common prefix), not an object: %s opens it", it.Key, common.KeyOf(k.Open)))
	case it.IsPrefix:
		return nil
	case key.Matches(km, k.Open), key.Matches(km, o.Details):
		return p.env.Go(route.Details{Ref: ref})
	case key.Matches(km, o.Versions):
		return p.env.Go(route.Versions{Bucket: p.bucket, Key: it.Key})
	case key.Matches(km, o.Copy):
		return p.env.Go(route.Planner{Source: ref})
	}
	return nil
}

// maybeMore asks for the next page when the cursor is near the end of the
// loaded rows: the bucket is never read whole up front.
func (p *Page) maybeMore() tea.Cmd {
	if !p.more || p.Loading || p.Table.Cursor() < len(p.shown)-prefetch {
		return nil
	}
	return p.fetch()
}

// ApplyFilter rebuilds the rows shown and the count above them.
func (p *Page) ApplyFilter() {
	p.shown = p.shown[:0]
	n := len(p.folders) + len(p.objects)
	for j := range n {
		var key string
		if j < len(p.folders) {
			key = p.folders[j].Key
		} else {
			key = p.objects[j-len(p.folders)].Key
		}
		if p.Matches(strings.TrimPrefix(key, p.folder())) {
			p.shown = append(p.shown, j)
		}
	}
	p.Table.SetSource(p)
	s := p.env.Styles
	more := ""
	if p.more {
		more = "+ (more load as you scroll)"
	}
	counts := common.Count(len(p.objects), "object") + more
	if len(p.folders) > 0 {
		counts = common.Count(len(p.folders), "folder") + ", " + counts
	}
	p.Top = s.Dim.Render(counts)
	if p.stale {
		p.Top += s.Warn.Render(" · a copy has written into this bucket since it was listed: " + common.KeyOf(p.env.Keys.List.Refresh) + " reloads")
	}
	if p.RawFilter() != "" {
		p.Top = s.Dim.Render(fmt.Sprintf("%d of %d loaded match · %s searches the server for %s%s…",
			len(p.shown), n, p.env.Keys.Objects.Search.Help().Key, p.prefix, p.RawFilter()))
	}
}

func (p *Page) View() string { return p.ListView.View("no objects under this prefix") }

package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/model"
)

// objectsPage lists one prefix of a bucket (delimiter /), folders first,
// fetching further pages as the cursor nears the end of what is loaded.
type objectsPage struct {
	listView
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

type objectsLoaded struct {
	id, seq int
	page    model.ObjectPage
	err     error
}

func (m objectsLoaded) forPage() int { return m.id }

func newObjectsPage(e *env, bucket, prefix string) *objectsPage {
	p := &objectsPage{id: e.nextID(), bucket: bucket, prefix: prefix}
	p.listView = newListView(e, []Column{
		{Title: "NAME", Flex: true}, {Title: "SIZE", Width: 10, Right: true}, {Title: "LAST MODIFIED", Width: 16},
		{Title: "ETAG", Width: 12}, {Title: "CLASS", Width: 8},
	}, p)
	return p
}

func (p *objectsPage) ID() int { return p.id }

// Crumb is the bucket at the top level, else the last folder of the prefix
// (or the whole prefix for a server search that is not a folder).
func (p *objectsPage) Crumb() string {
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

func (p *objectsPage) Len() int { return len(p.shown) }

// folder is the prefix up to its last "/": names show relative to it, so a
// server search for "logs/ap" still shows "app.log", not "p.log".
func (p *objectsPage) folder() string {
	return p.prefix[:strings.LastIndex(p.prefix, "/")+1]
}

func (p *objectsPage) item(i int) model.Object {
	j := p.shown[i]
	if j < len(p.folders) {
		return p.folders[j]
	}
	return p.objects[j-len(p.folders)]
}

func (p *objectsPage) Cells(i int) ([]string, lipgloss.Style) {
	o := p.item(i)
	name := strings.TrimPrefix(o.Key, p.folder())
	if o.IsPrefix {
		return []string{name, "", "", "", ""}, p.env.styles.Folder
	}
	return []string{name, fmtSize(o.Size), fmtTime(o.LastModified), strings.Trim(o.ETag, `"`), o.StorageClass}, lipgloss.Style{}
}

func (p *objectsPage) Init() tea.Cmd {
	p.folders, p.objects, p.shown, p.token, p.more, p.stale = nil, nil, nil, "", false, false
	p.seq++
	p.table.SetSource(p)
	return p.fetch()
}

func (p *objectsPage) fetch() tea.Cmd {
	p.loading, p.err = true, nil
	e, id, seq, b, pre, tok := p.env, p.id, p.seq, p.bucket, p.prefix, p.token
	return func() tea.Msg {
		page, err := e.client.ListObjects(e.ctx, b, pre, "/", tok, pageSize)
		return objectsLoaded{id, seq, page, err}
	}
}

func (p *objectsPage) KeyMap() help.KeyMap {
	k, o, g := p.env.keys.List, p.env.keys.Objects, p.env.keys.Global
	return bindings{
		short: []key.Binding{k.Open, o.Copy, o.Versions, o.Details, k.Filter},
		full: [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
			{k.Open, o.Details, o.Versions, o.Copy}, {k.Filter, o.Search, k.Refresh, g.Uploads}},
	}
}

func (p *objectsPage) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(objectsChanged); ok {
		if m.bucket == p.bucket {
			p.stale = true
			p.applyFilter()
		}
		return nil
	}
	if m, ok := msg.(objectsLoaded); ok {
		if m.seq != p.seq {
			return nil // a reply from before a reload
		}
		p.loading, p.err = false, m.err
		if m.err == nil {
			for _, o := range m.page.Objects {
				if o.IsPrefix {
					p.folders = append(p.folders, o)
				} else {
					p.objects = append(p.objects, o)
				}
			}
			p.token, p.more = m.page.NextToken, m.page.NextToken != ""
			p.applyFilter()
		}
		return p.maybeMore()
	}
	if km, ok := msg.(tea.KeyPressMsg); ok && p.filtering && km.String() == "enter" && p.filter.Value() != "" {
		// Search the server: every key under prefix+text, not just those loaded.
		prefix := p.prefix + p.filter.Value()
		p.filtering = false
		p.filter.SetValue("")
		p.applyFilter()
		p.SetSize(p.width, p.height)
		return p.env.open(newObjectsPage(p.env, p.bucket, prefix))
	}
	km, ok, cmd := p.route(p, msg, p.maybeMore)
	if !ok {
		return cmd
	}
	k, o := p.env.keys.List, p.env.keys.Objects
	i := p.table.Cursor()
	if key.Matches(km, p.env.keys.Global.Uploads) {
		return p.env.open(newUploadsPage(p.env, p.bucket, p.prefix))
	}
	if i < 0 {
		return nil
	}
	it := p.item(i)
	ref := model.Ref{Bucket: p.bucket, Key: it.Key}
	switch {
	case it.IsPrefix && key.Matches(km, k.Open):
		return p.env.open(newObjectsPage(p.env, p.bucket, it.Key))
	case it.IsPrefix && (key.Matches(km, o.Copy) || key.Matches(km, o.Versions) || key.Matches(km, o.Details)):
		return failed(fmt.Errorf("%s is a folder (a common prefix), not an object: enter opens it", it.Key))
	case it.IsPrefix:
		return nil
	case key.Matches(km, k.Open), key.Matches(km, o.Details):
		return p.env.open(newDetailsPage(p.env, ref))
	case key.Matches(km, o.Versions):
		return p.env.open(newVersionsPage(p.env, p.bucket, it.Key))
	case key.Matches(km, o.Copy):
		return p.env.open(newPlannerPage(p.env, ref))
	}
	return nil
}

// maybeMore asks for the next page when the cursor is near the end of the
// loaded rows: the bucket is never read whole up front.
func (p *objectsPage) maybeMore() tea.Cmd {
	if !p.more || p.loading || p.table.Cursor() < len(p.shown)-prefetch {
		return nil
	}
	return p.fetch()
}

func (p *objectsPage) applyFilter() {
	f := p.FilterText()
	p.shown = p.shown[:0]
	n := len(p.folders) + len(p.objects)
	for j := range n {
		var key string
		if j < len(p.folders) {
			key = p.folders[j].Key
		} else {
			key = p.objects[j-len(p.folders)].Key
		}
		if f == "" || strings.Contains(strings.ToLower(strings.TrimPrefix(key, p.folder())), f) {
			p.shown = append(p.shown, j)
		}
	}
	p.table.SetSource(p)
	s := p.env.styles
	more := ""
	if p.more {
		more = "+ (more load as you scroll)"
	}
	p.top = s.Dim.Render(count(len(p.folders), "folder") + ", " + count(len(p.objects), "object") + more)
	if p.stale {
		p.top += s.Warn.Render(" · a copy wrote into this bucket since: ctrl+r reloads")
	}
	if f != "" {
		p.top = s.Dim.Render(fmt.Sprintf("%d of %d loaded match · enter searches the server for %s%s…", len(p.shown), n, p.prefix, p.filter.Value()))
	}
}

func (p *objectsPage) View() string { return p.listView.View("no objects under this prefix") }

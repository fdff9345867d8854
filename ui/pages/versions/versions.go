// Package versions lists the versions of one key, or of every key under a
// prefix, delete markers included, in the server's order.
package versions

import (
	"context"
	"errors"
	"fmt"
	"path"
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

// Lister lists one page of versions.
type Lister interface {
	ListVersions(ctx context.Context, bucket, prefix, delimiter, keyMarker, versionMarker string) (model.VersionPage, error)
}

// prefetch is how close to the end of the loaded rows the cursor may come
// before the next page is asked for.
const prefetch = 100

// Page lists versions, paging in as the cursor goes down. With a key it
// shows that key's versions; without, every key's under the prefix (one
// folder level, like the objects screen), so a key whose latest version is
// a delete marker, and which no objects listing shows, can be reached.
type Page struct {
	listview.ListView
	env      *common.Env
	client   Lister
	id       int
	bucket   string
	prefix   string
	key      string // empty: every key under prefix
	versions []model.Version
	shown    []int
	km, vm   string // next markers
	more     bool
	seq      int
	// stale: a job wrote into the bucket since this listing was read.
	stale bool
}

type loaded struct {
	id, seq int
	page    model.VersionPage
	err     error
}

func (m loaded) ForPage() int { return m.id }

// New makes the versions page for r.
func New(e *common.Env, c Lister, r route.Versions) *Page {
	p := &Page{env: e, client: c, id: e.NextID(), bucket: r.Bucket, prefix: r.Prefix, key: r.Key}
	cols := []vtable.Column{
		{Title: "VERSION ID", Flex: true}, {Title: "", Width: 13}, {Title: "SIZE", Width: 10, Right: true},
		{Title: "LAST MODIFIED", Width: 16}, {Title: "ETAG", Width: 12},
	}
	if p.key == "" {
		// The key first and widest; ids are long and alike at their start.
		cols = append([]vtable.Column{{Title: "KEY", Flex: true, Middle: true}}, cols...)
		cols[1] = vtable.Column{Title: "VERSION ID", Flex: true, Max: 34, Middle: true}
		cols[5].HideBelow = 100
	}
	p.ListView = listview.New(e, cols, p)
	return p
}

// Location is the bucket and prefix shown.
func (p *Page) Location() (bucket, prefix string) { return p.bucket, p.prefix }

func (p *Page) ID() int { return p.id }

// folder is the prefix up to its last "/": keys show relative to it, so
// the versions under a server search for "logs/ap" show "app.log".
func (p *Page) folder() string { return p.prefix[:strings.LastIndex(p.prefix, "/")+1] }
func (p *Page) Crumb() string {
	if p.key == "" {
		return "versions of " + p.prefix + "*"
	}
	return path.Base(p.key) + " versions"
}

// Len and Cells are the table's rows.
func (p *Page) Len() int { return len(p.shown) }
func (p *Page) Cells(i int) ([]string, lipgloss.Style) {
	v := p.versions[p.shown[i]]
	s := p.env.Styles
	var cells []string
	var st lipgloss.Style
	switch {
	case v.DeleteMarker:
		tag := "DELETE MARKER"
		if v.IsLatest {
			tag = "DELETED"
		}
		cells, st = []string{v.VersionID, tag, "-", common.FmtTime(v.LastModified), ""}, s.Marker
	case v.IsLatest:
		cells, st = []string{v.VersionID, "latest", common.FmtSize(v.Size), common.FmtTime(v.LastModified), strings.Trim(v.ETag, `"`)}, s.Latest
	default:
		cells = []string{v.VersionID, "", common.FmtSize(v.Size), common.FmtTime(v.LastModified), strings.Trim(v.ETag, `"`)}
	}
	if p.key == "" {
		cells = append([]string{strings.TrimPrefix(v.Key, p.folder())}, cells...)
	}
	return cells, st
}

func (p *Page) Init() tea.Cmd {
	p.versions, p.shown, p.km, p.vm, p.more, p.stale = nil, nil, "", "", false, false
	p.seq++
	p.Table.SetSource(p)
	return p.fetch()
}

func (p *Page) fetch() tea.Cmd {
	p.Loading, p.Err = true, nil
	ctx, c, id, seq, b, km, vm := p.env.Ctx, p.client, p.id, p.seq, p.bucket, p.km, p.vm
	prefix, delim := p.key, ""
	if p.key == "" {
		prefix, delim = p.prefix, "/"
	}
	return func() tea.Msg {
		page, err := c.ListVersions(ctx, b, prefix, delim, km, vm)
		return loaded{id, seq, page, err}
	}
}

func (p *Page) KeyMap() help.KeyMap {
	if p.Filtering() {
		return p.FilterKeys(p.env.Keys.Form.Submit)
	}
	k, o := p.env.Keys.List, p.env.Keys.Objects
	return common.Bindings{
		Short: []key.Binding{o.Copy, k.Open, o.Restore, k.Filter},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {k.Open, o.Copy, o.Restore}, {k.Filter, k.Refresh}},
	}
}

// errDeleteMarker explains why a delete marker cannot be a copy source.
func errDeleteMarker(v model.Version) error {
	return fmt.Errorf("version %s of %s is a delete marker: it holds no data to copy or inspect; pick a real version below it", v.VersionID, v.Key)
}

func (p *Page) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case loaded:
		return p.loaded(m)
	case common.ObjectsChanged:
		if m.Bucket == p.bucket {
			p.stale = true
			p.ApplyFilter()
		}
		return nil
	}
	km, ok, cmd := p.Route(p, msg, p.maybeMore)
	if !ok {
		return cmd
	}
	k, o := p.env.Keys.List, p.env.Keys.Objects
	i := p.Table.Cursor()
	if i < 0 {
		return nil
	}
	v := p.versions[p.shown[i]]
	ref := v.Ref(p.bucket)
	switch {
	case (key.Matches(km, k.Open) || key.Matches(km, o.Copy) || key.Matches(km, o.Details) || key.Matches(km, o.Restore)) && v.DeleteMarker:
		return common.Failed(errDeleteMarker(v))
	case key.Matches(km, k.Open), key.Matches(km, o.Details):
		return p.env.Go(route.Details{Ref: ref})
	case key.Matches(km, o.Copy):
		return p.env.Go(route.Planner{Source: ref})
	case key.Matches(km, o.Restore):
		return p.restore(v, ref)
	}
	return nil
}

// restore copies a version back onto its key as the new latest, asked
// first; the planner opens with the copy set up, so its size, parts and
// conditions are seen before anything is sent.
func (p *Page) restore(v model.Version, ref model.Ref) tea.Cmd {
	if v.IsLatest {
		return common.Failed(fmt.Errorf("version %s is already the latest of %s: there is nothing to restore", v.VersionID, v.Key))
	}
	if refused := p.env.RefuseWrite(); refused != nil {
		return refused
	}
	dest := model.Ref{Bucket: p.bucket, Key: v.Key}
	q := fmt.Sprintf("Restore version %s of %s (%s, %s) as its latest? It is copied onto %s as a new version; nothing is deleted. The planner opens with the copy set up.",
		v.VersionID, v.Key, common.FmtSize(v.Size), common.FmtTime(v.LastModified), dest)
	return p.env.Ask(q, func() tea.Cmd { return p.env.Go(route.Planner{Source: ref, Dest: dest}) })
}

func (p *Page) loaded(m loaded) tea.Cmd {
	if m.seq != p.seq {
		return nil // a reply from before a reload
	}
	p.Loading, p.Err = false, m.err
	if m.err != nil {
		return nil
	}
	for _, v := range m.page.Versions {
		if p.key == "" || v.Key == p.key { // a key's prefix also matches longer keys
			p.versions = append(p.versions, v)
		}
	}
	p.km, p.vm, p.more = m.page.NextKeyMarker, m.page.NextVersionMark, m.page.Truncated
	// Past our key the listing holds only longer keys: stop.
	if n := len(m.page.Versions); p.key != "" && n > 0 && m.page.Versions[n-1].Key != p.key {
		p.more = false
	}
	p.ApplyFilter()
	if len(p.versions) == 0 && !p.more {
		p.Err = errors.New("no versions: the key does not exist, or the bucket is not versioned")
		if p.key == "" {
			p.Err = fmt.Errorf("no versions under %s (folders are listed on the objects screen)", model.Ref{Bucket: p.bucket, Key: p.prefix})
		}
	}
	return p.maybeMore()
}

func (p *Page) maybeMore() tea.Cmd {
	if !p.more || p.Loading || p.Table.Cursor() < len(p.shown)-prefetch {
		return nil
	}
	return p.fetch()
}

// ApplyFilter rebuilds the rows shown and the count above them: the
// filter matches the key (under the prefix) or the version id.
func (p *Page) ApplyFilter() {
	p.shown = p.shown[:0]
	markers := 0
	for i, v := range p.versions {
		if v.DeleteMarker {
			markers++
		}
		if p.Matches(v.VersionID) || (p.key == "" && p.Matches(strings.TrimPrefix(v.Key, p.folder()))) {
			p.shown = append(p.shown, i)
		}
	}
	p.Table.SetSource(p)
	more := ""
	if p.more {
		more = "+"
	}
	of := p.key
	if p.key == "" {
		of = "the keys under " + model.Ref{Bucket: p.bucket, Key: p.prefix}.String()
	}
	counts := common.Count(len(p.versions)-markers, "version") + more
	if markers > 0 {
		counts += " and " + common.Count(markers, "delete marker")
	}
	counts += " of " + of
	if p.RawFilter() != "" {
		counts = fmt.Sprintf("%d of %d versions and delete markers match", len(p.shown), len(p.versions))
	}
	p.Top = p.env.Styles.Dim.Render(counts)
	if p.stale {
		p.Top += p.env.Styles.Warn.Render(" · a copy has written into this bucket since it was listed: " + common.KeyOf(p.env.Keys.List.Refresh) + " reloads")
	}
}

func (p *Page) View() string { return p.ListView.View("") }

package ui

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/model"
)

// versionsPage lists every version of one key, delete markers included,
// newest first, paging in as the cursor goes down.
type versionsPage struct {
	listView
	id       int
	bucket   string
	key      string
	versions []model.Version
	shown    []int
	km, vm   string // next markers
	more     bool
	seq      int
}

type versionsLoaded struct {
	id, seq int
	page    model.VersionPage
	err     error
}

func (m versionsLoaded) forPage() int { return m.id }

func newVersionsPage(e *env, bucket, key string) *versionsPage {
	p := &versionsPage{id: e.nextID(), bucket: bucket, key: key}
	p.listView = newListView(e, []Column{
		{Title: "VERSION ID", Flex: true}, {Title: "", Width: 13}, {Title: "SIZE", Width: 10, Right: true},
		{Title: "LAST MODIFIED", Width: 16}, {Title: "ETAG", Width: 12},
	}, p)
	return p
}

func (p *versionsPage) ID() int       { return p.id }
func (p *versionsPage) Crumb() string { return path.Base(p.key) + " versions" }
func (p *versionsPage) Len() int      { return len(p.shown) }

func (p *versionsPage) Cells(i int) ([]string, lipgloss.Style) {
	v := p.versions[p.shown[i]]
	s := p.env.styles
	tag := ""
	if v.IsLatest {
		tag = "latest"
	}
	if v.DeleteMarker {
		return []string{v.VersionID, "DELETE MARKER", "-", fmtTime(v.LastModified), ""}, s.Marker
	}
	st := lipgloss.Style{}
	if v.IsLatest {
		st = s.Latest
	}
	return []string{v.VersionID, tag, fmtSize(v.Size), fmtTime(v.LastModified), strings.Trim(v.ETag, `"`)}, st
}

func (p *versionsPage) Init() tea.Cmd {
	p.versions, p.shown, p.km, p.vm, p.more = nil, nil, "", "", false
	p.seq++
	p.table.SetSource(p)
	return p.fetch()
}

func (p *versionsPage) fetch() tea.Cmd {
	p.loading, p.err = true, nil
	e, id, seq, b, k, km, vm := p.env, p.id, p.seq, p.bucket, p.key, p.km, p.vm
	return func() tea.Msg {
		page, err := e.client.ListVersions(e.ctx, b, k, "", km, vm)
		return versionsLoaded{id, seq, page, err}
	}
}

func (p *versionsPage) KeyMap() help.KeyMap {
	k, o := p.env.keys.List, p.env.keys.Objects
	return bindings{
		short: []key.Binding{o.Copy, k.Open, k.Filter},
		full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {k.Open, o.Copy, k.Filter, k.Refresh}},
	}
}

// errDeleteMarker explains why a delete marker cannot be a copy source.
func errDeleteMarker(v model.Version) error {
	return fmt.Errorf("version %s is a delete marker: it holds no data to copy or inspect; pick a real version below it", v.VersionID)
}

func (p *versionsPage) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(versionsLoaded); ok {
		if m.seq != p.seq {
			return nil
		}
		p.loading, p.err = false, m.err
		if m.err == nil {
			for _, v := range m.page.Versions {
				if v.Key == p.key { // the prefix also matches longer keys
					p.versions = append(p.versions, v)
				}
			}
			p.km, p.vm, p.more = m.page.NextKeyMarker, m.page.NextVersionMark, m.page.Truncated
			// Past our key the listing holds only longer keys: stop.
			if n := len(m.page.Versions); n > 0 && m.page.Versions[n-1].Key != p.key {
				p.more = false
			}
			p.applyFilter()
			if len(p.versions) == 0 && !p.more {
				p.err = errors.New("no versions: the key does not exist, or the bucket is not versioned")
			}
		}
		return p.maybeMore()
	}
	km, ok, cmd := p.route(p, msg, p.maybeMore)
	if !ok {
		return cmd
	}
	k, o := p.env.keys.List, p.env.keys.Objects
	i := p.table.Cursor()
	if i < 0 {
		return nil
	}
	v := p.versions[p.shown[i]]
	ref := model.Ref{Bucket: p.bucket, Key: p.key, VersionID: v.VersionID}
	switch {
	case (key.Matches(km, k.Open) || key.Matches(km, o.Copy) || key.Matches(km, o.Details)) && v.DeleteMarker:
		return failed(errDeleteMarker(v))
	case key.Matches(km, k.Open), key.Matches(km, o.Details):
		return p.env.open(newDetailsPage(p.env, ref))
	case key.Matches(km, o.Copy):
		return p.env.open(newPlannerPage(p.env, ref))
	}
	return nil
}

func (p *versionsPage) maybeMore() tea.Cmd {
	if !p.more || p.loading || p.table.Cursor() < len(p.shown)-prefetch {
		return nil
	}
	return p.fetch()
}

func (p *versionsPage) applyFilter() {
	f := p.FilterText()
	p.shown = p.shown[:0]
	markers := 0
	for i, v := range p.versions {
		if v.DeleteMarker {
			markers++
		}
		if f == "" || strings.Contains(strings.ToLower(v.VersionID), f) {
			p.shown = append(p.shown, i)
		}
	}
	p.table.SetSource(p)
	more := ""
	if p.more {
		more = "+"
	}
	p.top = p.env.styles.Dim.Render(fmt.Sprintf("%s%s and %s of %s · c copies the selected version",
		count(len(p.versions)-markers, "version"), more, count(markers, "delete marker"), p.key))
}

func (p *versionsPage) View() string { return p.listView.View("") }

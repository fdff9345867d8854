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

// bucketsPage lists the buckets the credentials can see.
type bucketsPage struct {
	listView
	id      int
	buckets []model.Bucket
	shown   []int
}

type bucketsLoaded struct {
	id      int
	buckets []model.Bucket
	err     error
}

func (m bucketsLoaded) forPage() int { return m.id }

func newBucketsPage(e *env) *bucketsPage {
	p := &bucketsPage{id: e.nextID()}
	p.listView = newListView(e, []Column{{Title: "BUCKET", Flex: true}, {Title: "CREATED", Width: 16}}, p)
	return p
}

func (p *bucketsPage) ID() int       { return p.id }
func (p *bucketsPage) Crumb() string { return "buckets" }
func (p *bucketsPage) Len() int      { return len(p.shown) }
func (p *bucketsPage) Cells(i int) ([]string, lipgloss.Style) {
	b := p.buckets[p.shown[i]]
	return []string{b.Name, fmtTime(b.CreationDate)}, lipgloss.Style{}
}

func (p *bucketsPage) Init() tea.Cmd {
	p.loading, p.err = true, nil
	e, id := p.env, p.id
	return func() tea.Msg {
		bs, err := e.client.ListBuckets(e.ctx)
		return bucketsLoaded{id, bs, err}
	}
}

func (p *bucketsPage) KeyMap() help.KeyMap {
	k, g := p.env.keys.List, p.env.keys.Global
	return bindings{
		short: []key.Binding{k.Open, k.Filter, g.Uploads},
		full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {k.Open, k.Filter, k.Refresh, g.Uploads}},
	}
}

func (p *bucketsPage) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case bucketsLoaded:
		p.loading, p.err = false, msg.err
		if msg.err == nil {
			p.buckets = msg.buckets
			p.applyFilter()
		}
		return nil
	}
	key1, ok, cmd := p.route(p, msg, nil)
	if !ok {
		return cmd
	}
	k := p.env.keys
	i := p.table.Cursor()
	switch {
	case i < 0:
	case key.Matches(key1, k.List.Open):
		return p.env.open(newObjectsPage(p.env, p.buckets[p.shown[i]].Name, ""))
	case key.Matches(key1, k.Global.Uploads):
		return p.env.open(newUploadsPage(p.env, p.buckets[p.shown[i]].Name, ""))
	}
	return nil
}

func (p *bucketsPage) applyFilter() {
	f := p.FilterText()
	p.shown = p.shown[:0]
	for i, b := range p.buckets {
		if f == "" || strings.Contains(strings.ToLower(b.Name), f) {
			p.shown = append(p.shown, i)
		}
	}
	p.table.SetSource(p)
	p.top = p.env.styles.Dim.Render(count(len(p.buckets), "bucket"))
	if f != "" {
		p.top = p.env.styles.Dim.Render(fmt.Sprintf("%d of %s match", len(p.shown), count(len(p.buckets), "bucket")))
	}
}

func (p *bucketsPage) View() string { return p.listView.View("no buckets") }

// Package buckets is the first screen: every bucket the credentials see.
package buckets

import (
	"context"

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

// Lister lists buckets.
type Lister interface {
	ListBuckets(ctx context.Context) ([]model.Bucket, error)
}

// Page lists the buckets.
type Page struct {
	listview.ListView
	env     *common.Env
	client  Lister
	id      int
	buckets []model.Bucket
	shown   []int
}

type loaded struct {
	id      int
	buckets []model.Bucket
	err     error
}

func (m loaded) ForPage() int { return m.id }

// New makes the buckets page.
func New(e *common.Env, c Lister) *Page {
	p := &Page{env: e, client: c, id: e.NextID()}
	p.ListView = listview.New(e, []vtable.Column{{Title: "BUCKET", Flex: true}, {Title: "CREATED", Width: 16}}, p)
	return p
}

func (p *Page) ID() int       { return p.id }
func (p *Page) Crumb() string { return "buckets" }

// Len and Cells are the table's rows.
func (p *Page) Len() int { return len(p.shown) }
func (p *Page) Cells(i int) ([]string, lipgloss.Style) {
	b := p.buckets[p.shown[i]]
	return []string{b.Name, common.FmtTime(b.CreationDate)}, lipgloss.Style{}
}

func (p *Page) Init() tea.Cmd {
	p.Loading, p.Err = true, nil
	ctx, c, id := p.env.Ctx, p.client, p.id
	return func() tea.Msg {
		bs, err := c.ListBuckets(ctx)
		return loaded{id, bs, err}
	}
}

func (p *Page) KeyMap() help.KeyMap {
	if p.Filtering() {
		return p.FilterKeys(p.env.Keys.Form.Submit)
	}
	k, g, w := p.env.Keys.List, p.env.Keys.Global, p.env.Keys.Workbench.Open
	return common.Bindings{
		Short: []key.Binding{k.Open, k.Filter, g.Uploads, w},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {k.Open, k.Filter, k.Refresh, g.Uploads, w}},
	}
}

func (p *Page) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(loaded); ok {
		p.Loading, p.Err = false, msg.err
		if msg.err == nil {
			p.buckets = msg.buckets
			p.ApplyFilter()
		}
		return nil
	}
	km, ok, cmd := p.Route(p, msg, nil)
	if !ok {
		return cmd
	}
	k := p.env.Keys
	i := p.Table.Cursor()
	switch {
	case key.Matches(km, k.Workbench.Open):
		// Every bucket's uploads, whichever bucket is selected (or none).
		return p.env.Go(route.Workbench{})
	case i < 0:
	case key.Matches(km, k.List.Open):
		return p.env.Go(route.Objects{Bucket: p.buckets[p.shown[i]].Name})
	case key.Matches(km, k.Global.Uploads):
		return p.env.Go(route.Uploads{Bucket: p.buckets[p.shown[i]].Name})
	}
	return nil
}

// ApplyFilter rebuilds the rows shown and the count above them.
func (p *Page) ApplyFilter() {
	p.shown = p.shown[:0]
	for i, b := range p.buckets {
		if p.Matches(b.Name) {
			p.shown = append(p.shown, i)
		}
	}
	p.Table.SetSource(p)
	p.Top = p.env.Styles.Dim.Render(p.Counted(len(p.shown), len(p.buckets), "bucket"))
}

func (p *Page) View() string { return p.ListView.View("no buckets") }

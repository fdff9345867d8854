// Package parts lists the parts stored in one upload.
package parts

import (
	"context"
	"fmt"
	"strconv"
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

// Lister reads an upload's parts.
type Lister interface {
	ListParts(ctx context.Context, dest model.Ref, uploadID string) ([]model.Part, error)
}

// Page lists the parts stored in one upload, with gaps in the numbering
// shown as rows of their own and odd sizes marked.
type Page struct {
	listview.ListView
	env    *common.Env
	client Lister
	jobs   common.UploadActions
	id     int
	upload model.Upload
	parts  []model.Part
	rows   []partRow
	min    int64
}

// partRow is a stored part, or a gap (missing numbers) when gap != "".
type partRow struct {
	part model.Part
	gap  string
	note string
}

type loaded struct {
	id    int
	parts []model.Part
	err   error
}

func (m loaded) ForPage() int { return m.id }

// New makes the parts page of upload u; minPart is the provider's smallest
// part (all but the last), to mark the parts under it.
func New(e *common.Env, c Lister, j common.UploadActions, u model.Upload, minPart int64) *Page {
	p := &Page{env: e, client: c, jobs: j, id: e.NextID(), upload: u, min: minPart}
	p.ListView = listview.New(e, []vtable.Column{
		{Title: "PART", Width: 6, Right: true}, {Title: "SIZE", Width: 10, Right: true}, {Title: "ETAG", Width: 34},
		{Title: "LAST MODIFIED", Width: 16}, {Title: "NOTE", Flex: true},
	}, p)
	return p
}

// Location is the upload's bucket.
func (p *Page) Location() (bucket, prefix string) { return p.upload.Bucket, "" }

func (p *Page) ID() int       { return p.id }
func (p *Page) Crumb() string { return p.upload.Key + " (upload)" }
func (p *Page) Len() int      { return len(p.rows) }

func (p *Page) Cells(i int) ([]string, lipgloss.Style) {
	r := p.rows[i]
	s := p.env.Styles
	if r.gap != "" {
		return []string{r.gap, "", "— missing —", "", "no part with this number"}, s.Warn
	}
	st := lipgloss.Style{}
	if r.note != "" {
		st = s.Warn
	}
	return []string{fmt.Sprint(r.part.Number), common.FmtSize(r.part.Size), r.part.ETag, common.FmtTime(r.part.LastModified), r.note}, st
}

func (p *Page) Init() tea.Cmd {
	p.Loading, p.Err = true, nil
	ctx, c, id, u := p.env.Ctx, p.client, p.id, p.upload
	return func() tea.Msg {
		parts, err := c.ListParts(ctx, model.Ref{Bucket: u.Bucket, Key: u.Key}, u.UploadID)
		return loaded{id, parts, err}
	}
}

func (p *Page) KeyMap() help.KeyMap {
	if p.Filtering() {
		return p.FilterKeys(p.env.Keys.Form.Submit)
	}
	k, u := p.env.Keys.List, p.env.Keys.Uploads
	return common.Bindings{
		Short: []key.Binding{u.Continue, u.Complete, u.Abort, k.Filter},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {u.Continue, u.Complete, u.Abort}, {k.Filter, k.Refresh}},
	}
}

func (p *Page) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(common.UploadsChanged); ok {
		if m.Bucket == p.upload.Bucket {
			return p.Init() // completed or aborted elsewhere: say so
		}
		return nil
	}
	if m, ok := msg.(loaded); ok {
		p.Loading, p.Err = false, m.err
		if m.err == nil {
			p.parts = m.parts
		} else {
			p.parts = nil // the upload is gone: its old rows would mislead
		}
		p.build()
		return nil
	}
	km, ok, cmd := p.Route(p, msg, nil)
	if !ok {
		return cmd
	}
	uk := p.env.Keys.Uploads
	u := p.upload
	ref := model.Ref{Bucket: u.Bucket, Key: u.Key}
	ctx, j, id := p.env.Ctx, p.jobs, p.id
	switch {
	case key.Matches(km, uk.Continue):
		return p.env.Go(route.Continue{Upload: u})
	case key.Matches(km, uk.Abort):
		if refused := p.env.RefuseWrite(); refused != nil {
			return refused
		}
		return p.env.Ask(fmt.Sprintf("Abort upload %s of %s? Its %d parts are deleted.", u.UploadID, ref, len(p.parts)), func() tea.Cmd {
			return func() tea.Msg {
				res, err := j.AbortUpload(ctx, ref, u.UploadID)
				if err != nil {
					return common.StatusMsg{Err: err}
				}
				return tea.BatchMsg{common.Status("aborted upload " + u.UploadID + common.OwnerNote(res)), common.Close(id), common.Changed(u.Bucket)}
			}
		})
	case key.Matches(km, uk.Complete):
		return common.AskComplete(p.env, j, u, tea.Batch(common.Close(id), common.Changed(u.Bucket))) // the upload is gone: so is its page
	}
	return nil
}

// ApplyFilter rebuilds the rows for the filter.
func (p *Page) ApplyFilter() { p.build() }

// matches: a number is a part number (the one part, not every ETag with
// that digit); other text is looked for in the ETag and the note.
func (p *Page) matches(r partRow) bool {
	f := strings.TrimSpace(p.RawFilter())
	if n, err := strconv.Atoi(f); err == nil {
		return int(r.part.Number) == n
	}
	return p.Matches(r.part.ETag) || p.Matches(r.note)
}

// build lays out the rows: gaps as rows, and a note on parts whose size is
// odd — under the provider's minimum, or unlike the first part's, while
// not the last.
func (p *Page) build() {
	p.rows = p.rows[:0]
	next := int32(1)
	var usual int64
	if len(p.parts) > 0 {
		usual = p.parts[0].Size
	}
	shown, shownBytes := 0, int64(0)
	for i, pt := range p.parts {
		if pt.Number > next {
			g := fmt.Sprint(next)
			if pt.Number-1 > next {
				g = fmt.Sprintf("%d-%d", next, pt.Number-1)
			}
			if p.RawFilter() == "" {
				p.rows = append(p.rows, partRow{gap: g}) // a filter shows parts, not holes
			}
		}
		next = pt.Number + 1
		var notes []string
		last := i == len(p.parts)-1
		if !last && pt.Size < p.min {
			notes = append(notes, "under the "+common.FmtSize(p.min)+" minimum: completing will fail")
		} else if !last && pt.Size != usual {
			notes = append(notes, "size differs from part "+fmt.Sprint(p.parts[0].Number))
		}
		r := partRow{part: pt, note: strings.Join(notes, "; ")}
		if p.matches(r) {
			p.rows, shown, shownBytes = append(p.rows, r), shown+1, shownBytes+pt.Size
		}
	}
	p.Table.SetSource(p)
	// What matters first; the id, which can be long, last.
	top := p.env.Styles.Dim.Render(p.Counted(shown, len(p.parts), "part") + ", " + common.FmtSize(shownBytes))
	if g := model.PartGaps(p.parts); g != "" {
		top += p.env.Styles.Warn.Render(" · missing part " + g)
	}
	p.Top = top + p.env.Styles.Dim.Render(" · upload "+p.upload.UploadID)
}

func (p *Page) View() string { return p.ListView.View("no parts stored yet") }

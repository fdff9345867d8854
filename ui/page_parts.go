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

// partsPage lists the parts stored in one upload, with gaps in the
// numbering shown as rows of their own and odd sizes marked.
type partsPage struct {
	listView
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

type partsLoaded struct {
	id    int
	parts []model.Part
	err   error
}

func (m partsLoaded) forPage() int { return m.id }

func newPartsPage(e *env, u model.Upload) *partsPage {
	p := &partsPage{id: e.nextID(), upload: u, min: e.client.Preset().Limits.MinPartSize}
	p.listView = newListView(e, []Column{
		{Title: "PART", Width: 6, Right: true}, {Title: "SIZE", Width: 10, Right: true}, {Title: "ETAG", Width: 34},
		{Title: "LAST MODIFIED", Width: 16}, {Title: "NOTE", Flex: true},
	}, p)
	return p
}

func (p *partsPage) ID() int       { return p.id }
func (p *partsPage) Crumb() string { return p.upload.Key + " (upload)" }
func (p *partsPage) Len() int      { return len(p.rows) }

func (p *partsPage) Cells(i int) ([]string, lipgloss.Style) {
	r := p.rows[i]
	s := p.env.styles
	if r.gap != "" {
		return []string{r.gap, "", "— missing —", "", "no part with this number"}, s.Warn
	}
	st := lipgloss.Style{}
	if r.note != "" {
		st = s.Warn
	}
	return []string{fmt.Sprint(r.part.Number), fmtSize(r.part.Size), r.part.ETag, fmtTime(r.part.LastModified), r.note}, st
}

func (p *partsPage) Init() tea.Cmd {
	p.loading, p.err = true, nil
	e, id, u := p.env, p.id, p.upload
	return func() tea.Msg {
		parts, err := e.client.ListParts(e.ctx, model.Ref{Bucket: u.Bucket, Key: u.Key}, u.UploadID)
		return partsLoaded{id, parts, err}
	}
}

func (p *partsPage) KeyMap() help.KeyMap {
	k, u := p.env.keys.List, p.env.keys.Uploads
	return bindings{
		short: []key.Binding{u.Continue, u.Complete, u.Abort},
		full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {u.Continue, u.Complete, u.Abort, k.Refresh}},
	}
}

func (p *partsPage) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(uploadsChanged); ok {
		if m.bucket == p.upload.Bucket {
			return p.Init() // completed or aborted elsewhere: say so
		}
		return nil
	}
	if m, ok := msg.(partsLoaded); ok {
		p.loading, p.err = false, m.err
		if m.err == nil {
			p.parts = m.parts
		} else {
			p.parts = nil // the upload is gone: its old rows would mislead
		}
		p.build()
		return nil
	}
	if used, _, cmd := p.handle(msg); used {
		return cmd
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k, uk := p.env.keys.List, p.env.keys.Uploads
	u := p.upload
	ref := model.Ref{Bucket: u.Bucket, Key: u.Key}
	e := p.env
	switch {
	case key.Matches(km, k.Refresh):
		return p.Init()
	case key.Matches(km, uk.Continue):
		return continueUpload(p.env, u)
	case key.Matches(km, uk.Abort):
		if refused := p.env.readOnly(); refused != nil {
			return refused
		}
		return p.env.confirm(fmt.Sprintf("Abort upload %s of %s? Its %d parts are deleted.", u.UploadID, ref, len(p.parts)), func() tea.Cmd {
			return func() tea.Msg {
				res, err := e.jobs.AbortUpload(e.ctx, ref, u.UploadID)
				if err != nil {
					return statusMsg{err: err}
				}
				return tea.BatchMsg{status("aborted upload " + u.UploadID + ownerNote(res)), pop, changed(u.Bucket)}
			}
		})
	case key.Matches(km, uk.Complete):
		return askComplete(p.env, u, tea.Batch(pop, changed(u.Bucket))) // the upload is gone: so is its page
	}
	return nil
}

// build lays out the rows: gaps as rows, and a note on parts whose size is
// odd — under the provider's minimum, or unlike the first part's, while
// not the last.
func (p *partsPage) build() {
	p.rows = p.rows[:0]
	next := int32(1)
	var common int64
	if len(p.parts) > 0 {
		common = p.parts[0].Size
	}
	for i, pt := range p.parts {
		if pt.Number > next {
			g := fmt.Sprint(next)
			if pt.Number-1 > next {
				g = fmt.Sprintf("%d-%d", next, pt.Number-1)
			}
			p.rows = append(p.rows, partRow{gap: g})
		}
		next = pt.Number + 1
		var notes []string
		last := i == len(p.parts)-1
		if !last && pt.Size < p.min {
			notes = append(notes, "under the "+fmtSize(p.min)+" minimum: completing will fail")
		} else if !last && pt.Size != common {
			notes = append(notes, "size differs from part "+fmt.Sprint(p.parts[0].Number))
		}
		p.rows = append(p.rows, partRow{part: pt, note: strings.Join(notes, "; ")})
	}
	p.table.SetSource(p)
	var total int64
	for _, pt := range p.parts {
		total += pt.Size
	}
	// What matters first; the id, which can be long, last.
	top := p.env.styles.Dim.Render(count(len(p.parts), "part") + ", " + fmtSize(total))
	if g := model.PartGaps(p.parts); g != "" {
		top += p.env.styles.Warn.Render(" · missing part " + g)
	}
	p.top = top + p.env.styles.Dim.Render(" · upload "+p.upload.UploadID)
}

func (p *partsPage) View() string { return p.listView.View("no parts stored yet") }

func changed(bucket string) tea.Cmd { return func() tea.Msg { return uploadsChanged{bucket} } }

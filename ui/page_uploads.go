package ui

import (
	"cmp"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"s3parts/jobs"
	"s3parts/model"
)

// uploadsPage lists the in-progress multipart uploads of a bucket or
// prefix; each row's part count and bytes are read (ListParts) only once
// the row is on screen.
type uploadsPage struct {
	listView
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

func (m uploadsLoaded) forPage() int     { return m.id }
func (m uploadPartsLoaded) forPage() int { return m.id }
func (m uploadActionDone) forPage() int  { return m.id }

func newUploadsPage(e *env, bucket, prefix string) *uploadsPage {
	p := &uploadsPage{id: e.nextID(), bucket: bucket, prefix: prefix, stats: map[string]*uploadStats{}}
	p.listView = newListView(e, []Column{
		{Title: "KEY", Flex: true}, {Title: "UPLOAD ID", Flex: true}, {Title: "INITIATED", Width: 16}, {Title: "AGE", Width: 4, Right: true},
		{Title: "CLASS", Width: 8, HideBelow: 110}, {Title: "PARTS", Width: 6, Right: true}, {Title: "BYTES", Width: 10, Right: true},
		{Title: "JOB", Width: 12, HideBelow: 90},
	}, p)
	return p
}

func (p *uploadsPage) ID() int { return p.id }
func (p *uploadsPage) Crumb() string {
	return "uploads in " + p.bucket + "/" + p.prefix
}
func (p *uploadsPage) Len() int { return len(p.shown) }

func (p *uploadsPage) Cells(i int) ([]string, lipgloss.Style) {
	u := p.uploads[p.shown[i]]
	parts, bytes, st := "…", "…", lipgloss.Style{}
	if s := p.stats[u.UploadID]; s != nil && !s.loading {
		switch {
		case s.err != nil:
			parts, bytes, st = "?", "?", p.env.styles.Warn
		default:
			parts, bytes = fmt.Sprint(s.parts), fmtSize(s.bytes)
			if s.gaps != "" {
				parts += "!"
				st = p.env.styles.Warn
			}
		}
	}
	owner := "-"
	if j, ok := p.owners[u.UploadID]; ok {
		owner = j.ID
	}
	return []string{u.Key, u.UploadID, fmtTime(u.Initiated), fmtAge(p.env.now(), u.Initiated), cmp.Or(u.StorageClass, "STANDARD"), parts, bytes, owner}, st
}

func (p *uploadsPage) Init() tea.Cmd {
	p.seq++
	p.loading, p.err = true, nil
	e, id, seq, b, pre := p.env, p.id, p.seq, p.bucket, p.prefix
	return func() tea.Msg {
		ups, err := e.client.ListUploads(e.ctx, b, pre)
		return uploadsLoaded{id, seq, ups, e.jobs.Owners(), err}
	}
}

func (p *uploadsPage) KeyMap() help.KeyMap {
	k, u := p.env.keys.List, p.env.keys.Uploads
	return bindings{
		short: []key.Binding{k.Open, u.Continue, u.Complete, u.Abort},
		full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {k.Open, u.Continue, u.Complete, u.Abort, k.Filter, k.Refresh}},
	}
}

func (p *uploadsPage) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case uploadsLoaded:
		if m.seq != p.seq {
			return nil
		}
		p.loading, p.err = false, m.err
		if m.err == nil {
			p.uploads, p.owners = m.uploads, m.owners
			p.stats = map[string]*uploadStats{}
			p.applyFilter()
		}
		return p.loadVisible()
	case uploadPartsLoaded:
		s := &uploadStats{parts: len(m.parts), err: m.err, gaps: model.PartGaps(m.parts)}
		for _, pt := range m.parts {
			s.bytes += pt.Size
		}
		p.stats[m.uploadID] = s
		return nil
	case uploadsChanged:
		if m.bucket == p.bucket {
			return p.Init()
		}
		return nil
	case uploadActionDone:
		if m.err != nil {
			return failed(m.err)
		}
		return tea.Batch(status(m.text), p.Init())
	}
	km, ok, cmd := p.route(p, msg, p.loadVisible)
	if !ok {
		return cmd
	}
	k, uk := p.env.keys.List, p.env.keys.Uploads
	i := p.table.Cursor()
	if i < 0 {
		return nil
	}
	u := p.uploads[p.shown[i]]
	ref := model.Ref{Bucket: u.Bucket, Key: u.Key}
	e, id := p.env, p.id
	switch {
	case key.Matches(km, k.Open):
		return p.env.open(newPartsPage(p.env, u))
	case key.Matches(km, uk.Continue):
		return continueUpload(p.env, u)
	case key.Matches(km, uk.Abort):
		if refused := p.env.readOnly(); refused != nil {
			return refused
		}
		return p.env.confirm(fmt.Sprintf("Abort upload %s of %s? Its parts are deleted and cannot be recovered.", u.UploadID, ref), func() tea.Cmd {
			return func() tea.Msg {
				res, err := e.jobs.AbortUpload(e.ctx, ref, u.UploadID)
				return uploadActionDone{id, "aborted upload " + u.UploadID + " of " + ref.String() + ownerNote(res), err}
			}
		})
	case key.Matches(km, uk.Complete):
		return askComplete(p.env, u, changed(u.Bucket))
	}
	return nil
}

// ownerNote says what became of the job that owned an upload.
func ownerNote(res jobs.UploadResult) string {
	if res.Owner == nil {
		return ""
	}
	return fmt.Sprintf(" · job %s is now %s", res.Owner.ID, res.Owner.State)
}

// continueUpload goes on with an upload: through its job when an s3parts
// job owns it (two jobs must never copy into one upload), else in the
// planner, with the source a job once recorded for it, if any.
func continueUpload(e *env, u model.Upload) tea.Cmd {
	if owner, ok := e.jobs.OwnerOf(u.UploadID); ok && !owner.Settled() {
		return tea.Batch(e.open(newJobsPage(e, owner.ID)),
			jobStatus(owner.ID, fmt.Sprintf("upload %s belongs to job %s: R goes on with it", short(u.UploadID), owner.ID)))
	}
	p := newPlannerForUpload(e, u)
	if rec, ok := e.jobs.RecordOf(u.UploadID); ok {
		p.inputs[fSource].SetValue(rec.Plan.Source.String())
		return tea.Batch(e.open(p), status(fmt.Sprintf("the source is the one job %s (%s) recorded for this upload", rec.ID, rec.State)))
	}
	return e.open(p)
}

// loadVisible asks ListParts for the rows on screen that have no stats.
func (p *uploadsPage) loadVisible() tea.Cmd {
	var cmds []tea.Cmd
	first := p.table.offset
	for i := first; i < min(first+p.table.height, len(p.shown)); i++ {
		u := p.uploads[p.shown[i]]
		if p.stats[u.UploadID] != nil {
			continue
		}
		p.stats[u.UploadID] = &uploadStats{loading: true}
		e, id := p.env, p.id
		cmds = append(cmds, func() tea.Msg {
			parts, err := e.client.ListParts(e.ctx, model.Ref{Bucket: u.Bucket, Key: u.Key}, u.UploadID)
			return uploadPartsLoaded{id, u.UploadID, parts, err}
		})
	}
	return tea.Batch(cmds...)
}

func (p *uploadsPage) applyFilter() {
	f := p.FilterText()
	p.shown = p.shown[:0]
	for i, u := range p.uploads {
		if f == "" || strings.Contains(strings.ToLower(u.Key+" "+u.UploadID), f) {
			p.shown = append(p.shown, i)
		}
	}
	p.table.SetSource(p)
	p.top = p.env.styles.Dim.Render(count(len(p.uploads), "in-progress upload") + " · parts and bytes are read as rows come on screen · ! marks a gap")
}

func (p *uploadsPage) View() string { return p.listView.View("no in-progress uploads here") }

// short shows the start of a long id with an ellipsis.
func short(id string) string {
	if len(id) <= 16 {
		return id
	}
	return id[:15] + "…"
}

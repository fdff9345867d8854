package ui

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"s3parts/model"
)

// detailsPage shows everything HeadObject says of one object or version.
type detailsPage struct {
	env     *env
	id      int
	ref     model.Ref
	info    *model.ObjectInfo
	parts   int32
	partErr error
	err     error
	vp      viewport.Model
}

type detailsLoaded struct {
	id      int
	info    model.ObjectInfo
	parts   int32
	err     error
	partErr error
}

func (m detailsLoaded) forPage() int { return m.id }

func newDetailsPage(e *env, ref model.Ref) *detailsPage {
	return &detailsPage{env: e, id: e.nextID(), ref: ref, vp: viewport.New()}
}

func (p *detailsPage) ID() int { return p.id }

func (p *detailsPage) Crumb() string {
	name := path.Base(p.ref.Key)
	if p.ref.VersionID != "" {
		return name + " @" + p.ref.VersionID
	}
	return name
}

func (p *detailsPage) Typing() bool     { return false }
func (p *detailsPage) SetSize(w, h int) { p.vp.SetWidth(w); p.vp.SetHeight(h); p.render() }

func (p *detailsPage) Init() tea.Cmd {
	e, id, ref := p.env, p.id, p.ref
	return func() tea.Msg {
		info, err := e.client.HeadObject(e.ctx, ref)
		if err != nil {
			return detailsLoaded{id: id, err: err}
		}
		n, perr := e.client.PartsCount(e.ctx, ref)
		return detailsLoaded{id: id, info: info, parts: n, partErr: perr}
	}
}

func (p *detailsPage) KeyMap() help.KeyMap {
	k, o := p.env.keys.List, p.env.keys.Objects
	return bindings{
		short: []key.Binding{o.Copy, o.Versions},
		full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {o.Copy, o.Versions, k.Refresh}},
	}
}

func (p *detailsPage) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case detailsLoaded:
		p.err = msg.err
		if msg.err == nil {
			p.info, p.parts, p.partErr = &msg.info, msg.parts, msg.partErr
		}
		p.render()
		return nil
	case tea.KeyPressMsg:
		k, o := p.env.keys.List, p.env.keys.Objects
		switch {
		case key.Matches(msg, o.Copy):
			return p.env.open(newPlannerPage(p.env, p.ref))
		case key.Matches(msg, o.Versions):
			return p.env.open(newVersionsPage(p.env, p.ref.Bucket, p.ref.Key))
		case key.Matches(msg, k.Refresh):
			return p.Init()
		default:
			scroll(&p.vp, msg, k)
		}
		return nil
	}
	var cmd tea.Cmd
	p.vp, cmd = p.vp.Update(msg)
	return cmd
}

func (p *detailsPage) render() {
	s := p.env.styles
	switch {
	case p.err != nil:
		p.vp.SetContent(s.Err.Render(oneLine(p.err.Error())))
		return
	case p.info == nil:
		p.vp.SetContent(s.Dim.Render("loading…"))
		return
	}
	i := p.info
	var b strings.Builder
	row := func(label, value string) {
		if value == "" {
			value = s.Dim.Render("-")
		}
		fmt.Fprintf(&b, "%s %s\n", s.Label.Render(fmt.Sprintf("%-22s", label)), value)
	}
	// Every value is the server's word: shown with what could forge the
	// screen made visible.
	show := model.Visible
	row("object", show(p.ref.WithoutVersion().String()))
	row("size", fmt.Sprintf("%s (%d bytes)", fmtSize(i.Size), i.Size))
	row("etag", show(i.ETag))
	row("version", show(i.VersionID))
	row("last modified", i.LastModified.UTC().Format("2006-01-02 15:04:05 MST"))
	row("storage class", show(cmp.Or(i.StorageClass, "STANDARD")))
	row("server-side encryption", show(i.ServerSideEncryption))
	h := i.Headers
	row("content type", show(h.ContentType))
	row("cache control", show(h.CacheControl))
	row("content disposition", show(h.ContentDisposition))
	row("content encoding", show(h.ContentEncoding))
	row("content language", show(h.ContentLanguage))
	switch {
	case p.partErr != nil:
		row("parts", s.Warn.Render("unknown: "+oneLine(p.partErr.Error())))
	case p.parts > 0:
		row("parts", fmt.Sprintf("%d (a multipart object)", p.parts))
	default:
		row("parts", "1 (uploaded in one piece)")
	}
	if len(h.Metadata) == 0 {
		row("metadata", "")
	} else {
		b.WriteString(s.Label.Render("metadata") + "\n")
		for _, k := range slices.Sorted(maps.Keys(h.Metadata)) {
			fmt.Fprintf(&b, "  %s %s\n", s.Label.Render("x-amz-meta-"+show(k)+":"), show(h.Metadata[k]))
		}
	}
	b.WriteString("\n" + s.Dim.Render("c copies this "+map[bool]string{true: "version", false: "object"}[p.ref.VersionID != ""]+" with UploadPartCopy"))
	p.vp.SetContent(b.String())
}

func (p *detailsPage) View() string { return p.vp.View() }

// Package details shows what HeadObject says of one object or version.
package details

import (
	"cmp"
	"context"
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
	"s3parts/ui/common"
	"s3parts/ui/route"
)

// Header reads what the server says of an object.
type Header interface {
	HeadObject(ctx context.Context, ref model.Ref) (model.ObjectInfo, error)
	// HeadObjectChecksum is HeadObject that asks for the checksum too.
	HeadObjectChecksum(ctx context.Context, ref model.Ref) (model.ObjectInfo, error)
	PartsCount(ctx context.Context, ref model.Ref) (int32, error)
	PartSize(ctx context.Context, ref model.Ref, n int32) (int64, error)
	// SourceAttrs reads the tags (and sorts out class, encryption, lock).
	SourceAttrs(ctx context.Context, info model.ObjectInfo, tags bool) model.SourceAttrs
}

// Page shows everything HeadObject says of one object or version.
type Page struct {
	env     *common.Env
	client  Header
	id      int
	ref     model.Ref
	info    *model.ObjectInfo
	parts   int32
	partErr error
	more    extra
	err     error
	vp      viewport.Model
}

type loaded struct {
	id      int
	info    model.ObjectInfo
	parts   int32
	err     error
	partErr error
	more    extra
}

func (m loaded) ForPage() int { return m.id }

// New makes the details page of ref.
func New(e *common.Env, c Header, ref model.Ref) *Page {
	return &Page{env: e, client: c, id: e.NextID(), ref: ref, vp: viewport.New()}
}

// Location is the object's bucket.
func (p *Page) Location() (bucket, prefix string) { return p.ref.Bucket, "" }

func (p *Page) ID() int { return p.id }

func (p *Page) Crumb() string {
	name := path.Base(p.ref.Key)
	if p.ref.VersionID != "" {
		return name + " @" + p.ref.VersionID
	}
	return name
}

func (p *Page) Typing() bool     { return false }
func (p *Page) SetSize(w, h int) { p.vp.SetWidth(w); p.vp.SetHeight(h); p.render() }

func (p *Page) Init() tea.Cmd {
	ctx, c, id, ref := p.env.Ctx, p.client, p.id, p.ref
	return func() tea.Msg {
		info, err := c.HeadObjectChecksum(ctx, ref)
		if err != nil {
			return loaded{id: id, err: err}
		}
		n, perr := c.PartsCount(ctx, ref)
		return loaded{id: id, info: info, parts: n, partErr: perr, more: readExtra(ctx, c, ref, info, n)}
	}
}

func (p *Page) KeyMap() help.KeyMap {
	k, o := p.env.Keys.List, p.env.Keys.Objects
	return common.Bindings{
		Short: []key.Binding{o.Copy, o.Versions},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {o.Copy, o.Versions, k.Refresh}},
	}
}

func (p *Page) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded:
		p.err = msg.err
		if msg.err == nil {
			p.info, p.parts, p.partErr, p.more = &msg.info, msg.parts, msg.partErr, msg.more
		}
		p.render()
		return nil
	case tea.KeyPressMsg:
		k, o := p.env.Keys.List, p.env.Keys.Objects
		switch {
		case key.Matches(msg, o.Copy):
			return p.env.Go(route.Planner{Source: p.ref})
		case key.Matches(msg, o.Versions):
			return p.env.Go(route.Versions{Bucket: p.ref.Bucket, Key: p.ref.Key})
		case key.Matches(msg, k.Refresh):
			return p.Init()
		default:
			common.Scroll(&p.vp, msg, k)
		}
		return nil
	}
	var cmd tea.Cmd
	p.vp, cmd = p.vp.Update(msg)
	return cmd
}

func (p *Page) render() {
	s := p.env.Styles
	switch {
	case p.err != nil:
		p.vp.SetContent(s.Err.Render(common.OneLine(p.err.Error())))
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
	row("size", fmt.Sprintf("%s (%d bytes)", common.FmtSize(i.Size), i.Size))
	row("etag", show(i.ETag))
	row("version", show(i.VersionID))
	row("latest", p.more.latest)
	row("last modified", i.LastModified.UTC().Format("2006-01-02 15:04:05 MST"))
	row("storage class", show(cmp.Or(i.StorageClass, "STANDARD")))
	row("server-side encryption", show(i.ServerSideEncryption))
	row("KMS key", show(i.SSEKMSKeyID))
	row("checksum", show(i.Checksum.String()))
	row("tags", tagsText(p.more.attrs))
	if i.LockMode != "" {
		row("object lock", fmt.Sprintf("%s until %s", show(i.LockMode), i.RetainUntil.UTC().Format("2006-01-02 15:04:05 MST")))
	} else {
		row("object lock", "")
	}
	row("legal hold", show(i.LegalHold))
	h := i.Headers
	row("content type", show(h.ContentType))
	row("cache control", show(h.CacheControl))
	row("content disposition", show(h.ContentDisposition))
	row("content encoding", show(h.ContentEncoding))
	row("content language", show(h.ContentLanguage))
	switch {
	case p.partErr != nil:
		row("parts", s.Warn.Render("unknown: "+common.OneLine(p.partErr.Error())))
	case p.parts > 0:
		row("parts", fmt.Sprintf("%d (a multipart object)", p.parts))
		sizes := sizesText(p.more.partSizes)
		if int(p.parts) > len(p.more.partSizes) {
			sizes += fmt.Sprintf(" (the first %d of %d)", len(p.more.partSizes), p.parts)
		}
		if p.more.sizesErr != nil {
			sizes = s.Warn.Render("not all read: " + common.OneLine(p.more.sizesErr.Error()))
		}
		row("part sizes", sizes)
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
	what := "object"
	if p.ref.VersionID != "" {
		what = "version"
	}
	b.WriteString("\n" + s.Dim.Render(p.env.Keys.Objects.Copy.Help().Key+" copies this "+what+" with UploadPartCopy"))
	p.vp.SetContent(b.String())
}

func (p *Page) View() string { return p.vp.View() }

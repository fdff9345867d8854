// Package planner is the copy planner: a source object or version, a
// destination, a part size or hand-picked ranges, the copy conditions and
// what the new object gets, every rule checked as the person types;
// ctrl+s starts it as a job.
//
// The page is split by concern: the fields (form.go), what the new object
// gets (target.go; its encryption, lock and ACL in target_policy.go), the
// rules (validate.go), the parts table (parts.go), the request preview
// (preview.go), starting the job (start.go) and drawing (view.go).
package planner

import (
	"context"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/provider"
	"s3parts/ui/common"
	"s3parts/ui/components/vtable"
	"s3parts/ui/route"
)

// Client is what the planner reads from the server.
type Client interface {
	HeadObject(ctx context.Context, ref model.Ref) (model.ObjectInfo, error)
	// HeadSource is HeadObject that says when a delete marker is why the
	// source is not found.
	HeadSource(ctx context.Context, ref model.Ref) (model.ObjectInfo, error)
	ListParts(ctx context.Context, dest model.Ref, uploadID string) ([]model.Part, error)
	BucketVersioning(ctx context.Context, bucket string) (string, error)
	// SourceAttrs reads the source's class, encryption, lock and tags,
	// for the new object to keep.
	SourceAttrs(ctx context.Context, info model.ObjectInfo, tags bool) model.SourceAttrs
	KeyUser
}

// Jobs starts the copy, and adopts the parts an upload already holds.
type Jobs interface {
	Start(ctx context.Context, job model.Job) error
	OnUpload(ctx context.Context, job *model.Job, uploadID string, stored []model.Part, recopy map[int32]bool) (jobs.Adopted, error)
}

// Options say what to plan.
type Options struct {
	// Source is the object or version to copy; zero when continuing an
	// upload whose source is for the person to name.
	Source model.Ref
	// SourceText prefills the source field (the source a job recorded).
	SourceText string
	// Dest is where to copy; zero: beside the source, so the default never
	// overwrites it.
	Dest model.Ref
	// Upload is the upload to go on with, if any: its key is the
	// destination and the parts it holds are kept where they fit.
	Upload *model.Upload
	// Preset is the provider's rules.
	Preset provider.Preset
	// Rules says where the rules come from: a probe of the endpoint, or
	// the preset's guesses (provider.Client.RulesSource).
	Rules string
}

// Page is the copy planner.
type Page struct {
	env    *common.Env
	client Client
	jobs   Jobs
	preset provider.Preset
	rules  string
	id     int
	source model.Ref
	info   *model.ObjectInfo
	attrs  model.SourceAttrs
	srcErr error
	// destKey and sourceKey are the customer-key fields as last read.
	destKey, sourceKey keyField
	upload             *model.Upload // continuing this upload, when set
	stored             map[int32]model.Part
	recopy             map[int32]bool // stored parts the person picked to copy again
	bucket             bucketCheck

	inputs []textinput.Model
	focus  int
	// ifMatchSet: the person typed in If-Match, so reading the source
	// does not fill it (a cleared If-Match stays cleared).
	ifMatchSet bool
	// tagsSet: the person typed in the tags field, so reading the source
	// does not set it.
	tagsSet bool
	parts   []model.PlannedPart
	// custom: the parts are not cut from the part size — edited by hand
	// (edited), or laid out as the upload going on holds them.
	custom bool
	edited bool
	// starting: ctrl+s was pressed and the start is under way (the
	// destination being checked, the question open, the job starting):
	// the plan is frozen, and a second ctrl+s starts nothing.
	starting bool
	table    *vtable.VTable

	editing bool // a range is being typed
	adding  bool
	rangeIn textinput.Model
	errs    map[int]string // per field
	planErr string
	badPart int32
	width   int
	height  int
}

// Messages the page sends itself.
type (
	// sourceLoaded is what HeadObject said of the source (and, going on
	// with an upload, the parts it holds).
	sourceLoaded struct {
		id     int
		ref    model.Ref
		info   model.ObjectInfo
		attrs  model.SourceAttrs
		err    error
		stored []model.Part
	}
	// bucketChecked is the destination bucket's versioning, or why it
	// cannot be read; then starts the copy once the answer is good.
	bucketChecked struct {
		id     int
		name   string
		status string
		err    error
		then   bool
	}
	// destChecked is what HeadObject said of the destination.
	destChecked struct {
		id   int
		plan model.Plan
		info model.ObjectInfo
		err  error
	}
	// ready carries a job whose stored parts were checked against the
	// source, started (or why not).
	ready struct {
		id  int
		job model.Job
		err error
	}
)

func (m sourceLoaded) ForPage() int  { return m.id }
func (m bucketChecked) ForPage() int { return m.id }
func (m destChecked) ForPage() int   { return m.id }
func (m ready) ForPage() int         { return m.id }

// New makes a planner for o.
func New(e *common.Env, c Client, j Jobs, o Options) *Page {
	p := &Page{env: e, client: c, jobs: j, preset: o.Preset, rules: o.Rules, id: e.NextID(), source: o.Source, upload: o.Upload}
	src, dest := o.Source.String(), o.Dest
	if o.Source.Bucket == "" {
		src = o.SourceText
	}
	switch {
	case o.Upload != nil:
		dest = model.Ref{Bucket: o.Upload.Bucket, Key: o.Upload.Key}
	case dest.Bucket == "":
		dest = model.Ref{Bucket: o.Source.Bucket, Key: copyKey(o.Source.Key)}
	}
	p.setup(src, dest)
	if o.Upload != nil {
		p.focus = fSource
	}
	return p
}

func (p *Page) ID() int { return p.id }
func (p *Page) Crumb() string {
	if p.upload != nil {
		return "continue upload " + common.Short(p.upload.UploadID)
	}
	return "copy planner"
}
func (p *Page) Typing() bool { return p.focus < fParts || p.editing }

// Unsaved is what leaving the page would lose, for the root to ask about.
func (p *Page) Unsaved() string {
	if !p.edited {
		return ""
	}
	return "Leave the planner? The " + common.Count(len(p.parts), "hand-edited part") + " are lost."
}

// partsText counts the parts and says where they come from, when not
// from the part size: "3 hand-edited parts", "3 parts as the upload holds
// them".
func (p *Page) partsText() string {
	if p.edited {
		return common.Count(len(p.parts), "hand-edited part")
	}
	return common.Count(len(p.parts), "part") + " as the upload holds them"
}

func (p *Page) Init() tea.Cmd {
	cmds := []tea.Cmd{p.focusField(p.focus), p.checkBucket(false)}
	if p.source.Bucket == "" {
		if p.inputs[fSource].Value() != "" {
			cmds = append(cmds, p.applySource()) // the source a job recorded
		}
		p.validate()
		return tea.Batch(cmds...)
	}
	return tea.Batch(append(cmds, p.loadSource())...)
}

// loadSource reads the source (and the parts of the upload going on).
func (p *Page) loadSource() tea.Cmd {
	ctx, c, id, ref, up := p.env.Ctx, p.client, p.id, p.source, p.upload
	p.info, p.srcErr = nil, nil
	return func() tea.Msg {
		info, err := c.HeadSource(ctx, ref)
		msg := sourceLoaded{id: id, ref: ref, info: info, err: err}
		if err == nil {
			msg.attrs = c.SourceAttrs(ctx, info, true)
		}
		if err == nil && up != nil {
			msg.stored, msg.err = c.ListParts(ctx, model.Ref{Bucket: up.Bucket, Key: up.Key}, up.UploadID)
		}
		return msg
	}
}

func (p *Page) KeyMap() help.KeyMap {
	pl, l, g := p.env.Keys.Planner, p.env.Keys.List, p.env.Keys.Global
	short := []key.Binding{pl.Start, pl.NextField, g.Back}
	switch {
	case p.editing:
		f := p.env.Keys.Form
		short = []key.Binding{f.Submit, f.Cancel}
	case p.focus == fParts:
		short = append(short, pl.Edit, pl.Split, pl.Merge, pl.Add, pl.Remove)
		if p.upload != nil && !p.preset.Limits.NoRecopy {
			short = append(short, pl.Recopy)
		}
	}
	return common.Bindings{
		Short: short,
		Full:  [][]key.Binding{{pl.NextField, pl.PrevField, pl.Start}, {pl.Edit, pl.Split, pl.Merge, pl.Add, pl.Remove, pl.Recopy}, {l.Up, l.Down}},
	}
}

func (p *Page) Update(msg tea.Msg) tea.Cmd {
	cmd := p.update(msg)
	p.layout() // the preview's height follows the selected part and the conditions
	return cmd
}

func (p *Page) update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case sourceLoaded:
		return p.sourceLoaded(m)
	case bucketChecked:
		return p.bucketChecked(m)
	case destChecked:
		return p.destChecked(m)
	case ready:
		if m.err != nil {
			p.starting = false
			return common.Failed(m.err)
		}
		return p.env.Replace(route.Jobs{Select: m.job.ID})
	case tea.KeyPressMsg:
		return p.key(m)
	case tea.MouseWheelMsg:
		if m.Button == tea.MouseWheelUp {
			p.table.Move(-3)
		} else if m.Button == tea.MouseWheelDown {
			p.table.Move(3)
		}
	}
	return nil
}

// key routes a key: the range being typed, the page's own keys, then the
// focused field or the parts table.
func (p *Page) key(msg tea.KeyPressMsg) tea.Cmd {
	pk, g := p.env.Keys.Planner, p.env.Keys.Global
	if p.editing {
		return p.editKey(msg)
	}
	switch {
	case key.Matches(msg, pk.Start):
		return p.start()
	case p.starting && !key.Matches(msg, g.Back):
		return common.Status("the copy is starting: the plan cannot change now")
	case key.Matches(msg, pk.NextField):
		return p.leaveField((p.focus + 1) % nFocus)
	case key.Matches(msg, pk.PrevField):
		return p.leaveField((p.focus + nFocus - 1) % nFocus)
	case key.Matches(msg, g.Back):
		// While a field has the keys the root leaves esc to the page.
		if q := p.Unsaved(); q != "" {
			return p.env.Ask(q, p.env.Back)
		}
		return p.env.Back()
	}
	if p.focus < fParts {
		return p.fieldKey(msg)
	}
	return p.partsKey(msg)
}

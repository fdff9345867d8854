package jobs

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/ui/common"
)

// partEdit is the edit box of a failed part: its range, then the job's
// four conditions.
type partEdit struct {
	on     bool
	fields [5]textinput.Model
	at     int
}

// editLines is how many lines the edit box takes under the parts.
const editLines = 3

func newPartEdit() partEdit {
	var e partEdit
	for i, prompt := range []string{"range: ", "If-Match: ", "If-None-Match: ", "If-Modified-Since: ", "If-Unmodified-Since: "} {
		e.fields[i] = textinput.New()
		e.fields[i].Prompt = prompt
	}
	return e
}

// setWidth gives the range its width and the conditions half a line each.
func (e *partEdit) setWidth(w int) {
	e.fields[0].SetWidth(28)
	for i := 1; i < len(e.fields); i++ {
		e.fields[i].SetWidth(max(w/2-2-len(e.fields[i].Prompt), 12))
	}
}

// startEdit opens the edit box on the selected failed part.
func (p *Page) startEdit(in *jobs.Info) tea.Cmd {
	pt := p.part(in)
	if pt == nil || pt.State != model.StateFailed || in.Active {
		return common.Failed(fmt.Errorf("select a failed part of a stopped job to edit (%s moves to the parts)", common.KeyOf(p.env.Keys.Jobs.SwitchPane)))
	}
	if err := p.refusal(in); err != nil {
		return common.Failed(err)
	}
	p.edit.on, p.edit.at = true, 0
	c := in.Job.Plan.Conditions
	for i, v := range []string{pt.Range.String(), c.IfMatch, c.IfNoneMatch, httpDate(c.IfModifiedSince), httpDate(c.IfUnmodifiedSince)} {
		p.edit.fields[i].SetValue(v)
		p.edit.fields[i].CursorEnd()
		p.edit.fields[i].Blur()
	}
	p.layout()
	return p.edit.fields[0].Focus()
}

// editKey handles the edit box: the form keys move and answer, the rest
// type into the field.
func (p *Page) editKey(msg tea.KeyPressMsg) tea.Cmd {
	f := p.env.Keys.Form
	e := &p.edit
	switch {
	case key.Matches(msg, f.Cancel):
		e.on = false
		p.layout()
		return nil
	case key.Matches(msg, f.Next), key.Matches(msg, f.Prev):
		e.fields[e.at].Blur()
		step := 1
		if key.Matches(msg, f.Prev) {
			step = len(e.fields) - 1
		}
		e.at = (e.at + step) % len(e.fields)
		e.fields[e.at].CursorEnd()
		return e.fields[e.at].Focus()
	case key.Matches(msg, f.Submit):
		return p.applyEdit()
	}
	var cmd tea.Cmd
	e.fields[e.at], cmd = e.fields[e.at].Update(msg)
	return cmd
}

// applyEdit checks the range and conditions and retries the part with
// them; the service holds the edit to the provider's rules before it
// sends anything, and a refusal comes back as the action's error.
func (p *Page) applyEdit() tea.Cmd {
	in := p.job()
	pt := p.part(in)
	if in == nil || pt == nil {
		p.edit.on = false
		p.layout()
		return nil
	}
	v := func(i int) string { return strings.TrimSpace(p.edit.fields[i].Value()) }
	r, err := model.ParseRange(v(0))
	if err != nil {
		return common.Failed(err)
	}
	c := model.Conditions{IfMatch: v(1), IfNoneMatch: v(2)}
	for i, dst := range map[int]*time.Time{3: &c.IfModifiedSince, 4: &c.IfUnmodifiedSince} {
		if v(i) != "" {
			if *dst, err = model.ParseTime(v(i)); err != nil {
				return common.Failed(fmt.Errorf("%s: %w", strings.TrimSuffix(p.edit.fields[i].Prompt, ": "), err))
			}
		}
	}
	p.edit.on = false
	p.layout()
	n, id := pt.Number, in.Job.ID
	return p.resume(id, jobs.ResumeOptions{Edit: func(j *model.Job) error {
		for i := range j.Plan.Parts {
			if j.Plan.Parts[i].Number == n {
				j.Plan.Parts[i].Range = r
			}
		}
		j.Plan.Conditions = c
		for i := range j.Parts {
			if j.Parts[i].Number == n {
				j.Parts[i].Range = r
			}
		}
		j.RetryParts(n)
		return nil
	}}, fmt.Sprintf("retrying part %d of job %s with its edits…", n, id))
}

// view draws the edit box, its keys named from the bindings.
func (e *partEdit) view(env *common.Env, width int) string {
	f := env.Keys.Form
	hint := fmt.Sprintf("conditions apply to the whole job · %s next · %s retries · %s cancels",
		common.KeyOf(f.Next), common.KeyOf(f.Submit), common.KeyOf(f.Cancel))
	return common.Fit(e.fields[0].View()+"  "+env.Styles.Dim.Render(hint), width, false) + "\n" +
		common.Fit(e.fields[1].View()+"  "+e.fields[2].View(), width, false) + "\n" +
		common.Fit(e.fields[3].View()+"  "+e.fields[4].View(), width, false)
}

// httpDate prints a condition time as the header sends it ("" when unset).
func httpDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return model.HTTPDate(t)
}

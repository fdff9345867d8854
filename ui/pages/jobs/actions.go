package jobs

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/ui/common"
)

// act runs a service call off the UI's goroutine and reports on this page.
func (p *Page) act(do func() (string, error)) tea.Cmd {
	pid := p.id
	return func() tea.Msg {
		text, err := do()
		return actionDone{id: pid, text: text, err: err}
	}
}

// refusal says why an action that changes the server cannot run on a job
// now, before anything is asked: read-only mode, another process, another
// server.
func (p *Page) refusal(in *jobs.Info) error {
	if err := p.env.ReadOnlyError(); err != nil {
		return err
	}
	switch {
	case in.HeldBy != nil:
		return fmt.Errorf("job %s is running in %s: wait for it or stop it there", in.Job.ID, in.HeldBy)
	case in.Elsewhere:
		return fmt.Errorf("job %s was made on %s: start s3parts connected there to go on with it", in.Job.ID, in.Job.Where)
	}
	return nil
}

func (p *Page) key(msg tea.KeyPressMsg) tea.Cmd {
	k, l := p.env.Keys.Jobs, p.env.Keys.List
	t := p.jobsList
	if p.onParts {
		t = p.parts
	}
	switch {
	case key.Matches(msg, k.SwitchPane):
		p.onParts = !p.onParts
		p.jobsList.Focus(!p.onParts)
		p.parts.Focus(p.onParts)
		return nil
	case key.Matches(msg, l.Filter):
		p.filtering = true
		p.refresh()
		return p.filter.Focus()
	case t.MoveKey(msg, l):
		if j := p.job(); j != nil && !p.onParts {
			p.selected = j.Job.ID
		}
		return nil
	}
	in := p.job()
	if in == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Details):
		return p.open(in)
	case key.Matches(msg, k.Retry):
		return p.retry(in)
	case key.Matches(msg, k.RetryFailed):
		return p.goOn(in)
	case key.Matches(msg, k.EditPart):
		return p.startEdit(in)
	case key.Matches(msg, k.Cancel):
		return p.cancel(in)
	case key.Matches(msg, k.Complete):
		return p.complete(in)
	case key.Matches(msg, k.Abort):
		return p.abort(in)
	case key.Matches(msg, k.Dismiss):
		return p.dismiss(in)
	}
	return nil
}

// retry copies the selected part again.
func (p *Page) retry(in *jobs.Info) tea.Cmd {
	id := in.Job.ID
	pt := p.part(in)
	if pt == nil || pt.State == model.StateDone || pt.State == model.StateRunning {
		return common.Failed(fmt.Errorf("select a failed or pending part to retry (%s moves to the parts)", common.KeyOf(p.env.Keys.Jobs.SwitchPane)))
	}
	if in.Active {
		return common.Failed(fmt.Errorf("job %s is still running: retry once it stops", id))
	}
	if err := p.refusal(in); err != nil {
		return common.Failed(err)
	}
	n := pt.Number
	return p.resume(id, jobs.ResumeOptions{Edit: func(j *model.Job) error { j.RetryParts(n); return nil }},
		fmt.Sprintf("retrying part %d of job %s…", n, id))
}

// goOn copies every part not yet copied (or, for an aborted job, all of
// them again on a new upload, asked first).
func (p *Page) goOn(in *jobs.Info) tea.Cmd {
	id, j := in.Job.ID, in.Job
	if in.Active {
		return common.Failed(fmt.Errorf("job %s is still running", id))
	}
	if err := p.refusal(in); err != nil {
		return common.Failed(err)
	}
	if j.Settled() && j.State != model.StateAborted {
		return common.Failed(fmt.Errorf("job %s is %s: nothing is left to do", id, j.State))
	}
	if j.State == model.StateAborted {
		return p.env.Ask(fmt.Sprintf("Job %s was aborted. Copy everything again on a new upload? It writes %s when it completes.", id, j.Plan.Dest),
			func() tea.Cmd { return p.resume(id, jobs.ResumeOptions{Restart: true}, "copying job "+id+" again…") })
	}
	return p.resume(id, jobs.ResumeOptions{Edit: func(j *model.Job) error { j.RetryFailed(); return nil }}, "going on with job "+id+"…")
}

func (p *Page) cancel(in *jobs.Info) tea.Cmd {
	id, svc := in.Job.ID, p.svc
	if !in.Active {
		return common.Failed(fmt.Errorf("job %s is not running", id))
	}
	return p.env.Ask(fmt.Sprintf("Cancel job %s? Parts in flight stop; the upload stays open for a retry.", id), func() tea.Cmd {
		if err := svc.Cancel(id); err != nil {
			return common.Failed(err)
		}
		return common.JobStatus(id, "cancelling job "+id+"…")
	})
}

func (p *Page) complete(in *jobs.Info) tea.Cmd {
	id, j, svc, ctx := in.Job.ID, in.Job, p.svc, p.env.Ctx
	if in.Active {
		return common.Failed(fmt.Errorf("job %s is still running", id))
	}
	if err := p.refusal(in); err != nil {
		return common.Failed(err)
	}
	if j.Completed {
		return common.Failed(fmt.Errorf("job %s is already completed", id))
	}
	if !in.Completable {
		pr := in.Progress
		return common.Failed(fmt.Errorf("job %s has %d of %d parts copied: every part must be copied before its upload is completed (%s goes on)",
			id, pr.PartsDone, pr.PartsTotal, common.KeyOf(p.env.Keys.Jobs.RetryFailed)))
	}
	return p.env.Ask(fmt.Sprintf("Complete %s from the %s?", j.Plan.Dest, common.Count(in.PartCount, "copied part")), func() tea.Cmd {
		return tea.Batch(common.JobStatus(id, "completing job "+id+"…"), p.act(func() (string, error) {
			_, err := svc.Complete(ctx, id)
			return "", err
		}))
	})
}

func (p *Page) abort(in *jobs.Info) tea.Cmd {
	id, j, svc, ctx := in.Job.ID, in.Job, p.svc, p.env.Ctx
	if err := p.refusal(in); err != nil {
		return common.Failed(err)
	}
	if !j.Leaves() {
		return common.Failed(fmt.Errorf("job %s has no open upload", id))
	}
	return p.env.Ask(fmt.Sprintf("Abort job %s? Upload %s of %s and its copied parts are deleted.", id, j.UploadID, j.Plan.Dest), func() tea.Cmd {
		return tea.Batch(common.JobStatus(id, "aborting job "+id+"…"), p.act(func() (string, error) {
			if _, err := svc.Abort(ctx, id); err != nil {
				return "", err
			}
			return "aborted upload " + j.UploadID + " of job " + id, nil
		}))
	})
}

// resume sends a resume to the service, with a status line that ends when
// the job settles.
func (p *Page) resume(id string, o jobs.ResumeOptions, what string) tea.Cmd {
	svc, ctx := p.svc, p.env.Ctx
	return tea.Batch(common.JobStatus(id, what), p.act(func() (string, error) {
		_, err := svc.Resume(ctx, id, o)
		return "", err
	}))
}

// dismiss puts a stopped job away, asking first; a job with an open
// upload offers to abort it too, or to leave it.
func (p *Page) dismiss(in *jobs.Info) tea.Cmd {
	svc, ctx, id, j := p.svc, p.env.Ctx, in.Job.ID, in.Job
	if in.Active {
		return common.Failed(fmt.Errorf("job %s is running: cancel it first (%s)", id, common.KeyOf(p.env.Keys.Jobs.Cancel)))
	}
	if in.HeldBy != nil {
		return common.Failed(fmt.Errorf("job %s is running in %s", id, in.HeldBy))
	}
	do := func(abort bool) tea.Cmd {
		return p.act(func() (string, error) {
			if _, err := svc.Dismiss(ctx, id, abort); err != nil {
				return "", err
			}
			if abort {
				return "dismissed job " + id + " and aborted its upload", nil
			}
			return "dismissed job " + id, nil
		})
	}
	if !j.Leaves() || in.Elsewhere {
		return p.env.Ask(fmt.Sprintf("Dismiss job %s (%s → %s)? It is no longer offered for resuming.", id, j.Plan.Source, j.Plan.Dest),
			func() tea.Cmd { return do(false) })
	}
	c := p.env.Keys.Confirm
	q := fmt.Sprintf("Dismiss job %s? Its upload %s of %s is still open with %s: %s leaves it open (the uploads screen lists it), %s aborts it and its parts.",
		id, j.UploadID, j.Plan.Dest, common.Count(in.Progress.PartsDone, "copied part"), common.KeyOf(c.Yes), common.KeyOf(c.Alt))
	return p.env.AskWith(common.Confirm{Question: q, OnYes: func() tea.Cmd { return do(false) },
		AltDesc: "abort the upload and dismiss", OnAlt: func() tea.Cmd {
			if refused := p.env.RefuseWrite(); refused != nil {
				return refused
			}
			return do(true)
		}})
}

// part is the selected part of the job, when the parts have the cursor.
func (p *Page) part(in *jobs.Info) *model.PartState {
	if !p.onParts || in == nil {
		return nil
	}
	pt, ok := p.svc.Part(in.Job.ID, p.parts.Cursor())
	if !ok {
		return nil
	}
	return &pt
}

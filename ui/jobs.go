package ui

import (
	"context"
	"fmt"
	"io"
	"time"

	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/ui/common"
)

// The UI keeps no job state of its own: the job service (package jobs)
// runs, journals and settles every job, and the UI reads its snapshots.
// One Cmd waits for the service's next events and is re-armed after each
// batch (superfile's processbar shape), so Update never blocks and no
// *tea.Program is passed around.

// jobEventsMsg is a batch of the service's events.
type jobEventsMsg struct{ events []jobs.Event }

// listenJobs waits for the next batch of job events.
func listenJobs(ctx context.Context, sub *jobs.Subscription) tea.Cmd {
	return func() tea.Msg {
		evs, err := sub.Next(ctx)
		if err != nil {
			return nil // the UI is closing
		}
		return jobEventsMsg{evs}
	}
}

// printOpen writes, once the UI is gone, every job that left an upload
// open, with the commands that go on with it or discard it.
func printOpen(w io.Writer, svc *jobs.Service, cmds jobs.Commands) {
	for _, in := range svc.List() {
		if !in.Job.Leaves() || in.Job.Settled() || in.HeldBy != nil || in.Elsewhere {
			continue
		}
		whole, _ := svc.Get(in.Job.ID) // the next steps read the parts
		j := whole.Job
		p := in.Progress
		fmt.Fprintf(w, "s3parts: job %s (%s) left upload %s of %s open, %d of %d parts copied\n",
			j.ID, in.StateWord(), j.UploadID, j.Plan.Dest, p.PartsDone, p.PartsTotal)
		if note := jobs.PurgeNote(j, time.Now()); note != "" {
			fmt.Fprintf(w, "  %s\n", note)
		}
		for _, next := range jobs.NextSteps(j, cmds) {
			fmt.Fprintf(w, "  %s\n", next)
		}
	}
}

// jobEvents takes a batch of job events: a job that settled ends the
// status line about it, and the screens listing its destination or its
// uploads are out of date.
func (m *Model) jobEvents(evs []jobs.Event) []tea.Cmd {
	var cmds []tea.Cmd
	buckets := map[string]bool{}
	for _, ev := range evs {
		switch ev.Kind {
		case jobs.JobSettled:
			m.settledAt[ev.JobID] = time.Now()
			if m.statusJob == ev.JobID {
				m.status, m.statusJob = "", ""
				m.resize()
			}
			buckets[ev.Job.Plan.Dest.Bucket] = true
		case jobs.JobNote:
			if ev.Warn {
				m.errLine = common.OneLine("job " + ev.JobID + ": " + ev.Note)
			} else {
				m.status, m.statusJob = "job "+ev.JobID+": "+ev.Note, ev.JobID
			}
			m.resize()
		}
	}
	for b := range buckets {
		cmds = append(cmds, common.Changed(b), func() tea.Msg { return common.ObjectsChanged{Bucket: b} })
	}
	return cmds
}

// tryQuit asks first when jobs are running: quitting stops them, and
// their uploads stay for a retry.
func (m *Model) tryQuit() tea.Cmd {
	running, _ := m.jobs.Counts()
	if running == 0 {
		return tea.Quit
	}
	q := "1 job is copying. Quit and stop it? Its upload stays open"
	if running > 1 {
		q = fmt.Sprintf("%d jobs are copying. Quit and stop them? Their uploads stay open", running)
	}
	if m.jobs.Journaled() {
		q += ", journaled for " + m.env.Commands.Self + " resume"
	}
	q += "; the ids and commands are printed on exit."
	svc, ctx := m.jobs, m.env.Ctx
	m.quitting = true
	return m.env.AskWith(common.Confirm{Question: q, OnYes: func() tea.Cmd {
		svc.CancelAll()
		return func() tea.Msg {
			svc.Close() // every stopped job journaled as cancelled
			return tea.QuitMsg{}
		}
	}, AltDesc: "stop, abort the uploads and quit", OnAlt: func() tea.Cmd {
		ids := svc.CancelAll()
		return func() tea.Msg {
			for _, id := range ids {
				_, _ = svc.Abort(context.WithoutCancel(ctx), id) // a failure leaves it open, named on exit
			}
			svc.Close()
			return tea.QuitMsg{}
		}
	}})
}

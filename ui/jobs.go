package ui

import (
	"context"
	"fmt"
	"io"

	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
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
		for _, next := range jobs.NextSteps(j, cmds) {
			fmt.Fprintf(w, "  %s\n", next)
		}
	}
}

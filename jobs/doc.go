// Package jobs is the one job service of a process. It starts, resumes,
// reruns, cancels, aborts, completes, dismisses and prunes copy jobs; it
// journals every change itself and holds the lock of every job it runs;
// and it tells both front ends — the terminal UI and the commands — what
// happens, through value snapshots (List, Get, Part) and a subscription of
// typed events (Subscribe). Neither front end keeps job logic of its own.
//
// # States
//
// A job is in one state (model.JobStates) and moves only along these
// arrows (model.CanMove):
//
//	pending ──start──▶ running ──┬─ every part copied, --no-complete ─────▶ copied
//	                             ├─ completed and checked ───────────────▶ verified
//	                             ├─ completed, the check failed ─────────▶ completed
//	                             ├─ stopped by the person (x, ctrl+c, quit) ▶ cancelled
//	                             ├─ a part or a step failed ─────────────▶ failed
//	                             └─ the process died ─ read back as ─────▶ interrupted
//
//	interrupted, cancelled, failed, copied, completed ─ resume, retry, complete ─▶ running
//	an open upload aborted, here or elsewhere ─────────────────────────▶ aborted
//	an upload completed elsewhere, the object checked ─────────────────▶ verified, completed
//	aborted ─ restart on a new upload ─────────────────────────────────▶ running
//	any state but running ─ dismiss ───────────────────────────────────▶ dismissed
//	verified, aborted, dismissed, and jobs that hold nothing ─ prune ──▶ (removed)
//
// Interrupted is never written: the journal says running, and no process
// holds the job's lock. Verified, aborted and dismissed are settled: such
// a job is not offered for resuming again.
//
// # One job, one process
//
// A process runs a job only while it holds the job's lock (journal.Lock),
// and every action that changes a job — run, abort, dismiss, settle,
// forget — takes it first, then reads the job back from the journal, so
// it acts on the latest word of any process. A second process is refused
// with the holder named (*journal.LockedError) and changes nothing. The OS
// drops the lock of a process that dies.
//
// # Agreement with the server
//
// The server's word wins. A part that the upload holds counts as stored,
// whatever the local attempt said (after a cancel, an upload the job made
// is read back; on resume, parts are kept or proven, see
// provider.Reconcile). An upload found gone settles the job: verified or
// completed when the destination holds the object its parts make, aborted
// otherwise. A job is run only at the server it was made on (model.Where).
package jobs

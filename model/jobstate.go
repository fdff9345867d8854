package model

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
)

// Job states. A part is pending, running, done, failed or cancelled; a job
// is in one of the states below, and only moves along jobMoves (the jobs
// package draws the whole machine in its doc comment).
const (
	// StateInterrupted: the journal says running, but no process holds the
	// job: the process that ran it died. Read from the journal, never
	// written to it.
	StateInterrupted State = "interrupted"
	// StateCopied: every part is copied and the upload was left open on
	// purpose (--no-complete); completing it is the next step.
	StateCopied State = "copied"
	// StateCompleted: CompleteMultipartUpload made the object, but its
	// check failed or could not run (Err says which).
	StateCompleted State = "completed"
	// StateVerified: the object was made and checked. The end.
	StateVerified State = "verified"
	// StateAborted: the job's upload was aborted, here or elsewhere, with
	// every part it held; nothing of the copy remains.
	StateAborted State = "aborted"
	// StateDismissed: the person put the job away; it is pruned later.
	StateDismissed State = "dismissed"
)

// jobMoves are the allowed transitions of a job's state. Running is
// reached again from every state that leaves work or a check to do.
var jobMoves = map[State][]State{
	StatePending:     {StateRunning, StateFailed, StateAborted, StateDismissed},
	StateRunning:     {StateCancelled, StateFailed, StateCopied, StateCompleted, StateVerified, StateAborted},
	StateInterrupted: {StateRunning, StateCompleted, StateVerified, StateAborted, StateDismissed},
	StateCancelled:   {StateRunning, StateCompleted, StateVerified, StateAborted, StateDismissed},
	StateFailed:      {StateRunning, StateCompleted, StateVerified, StateAborted, StateDismissed},
	StateCopied:      {StateRunning, StateCompleted, StateVerified, StateAborted, StateDismissed},
	StateCompleted:   {StateRunning, StateVerified, StateDismissed},
	StateVerified:    {StateDismissed},
	StateAborted:     {StateRunning, StateDismissed},
	StateDismissed:   nil,
}

// JobStates lists every job state, in the order a job usually passes them.
var JobStates = []State{StatePending, StateRunning, StateInterrupted, StateCancelled, StateFailed,
	StateCopied, StateCompleted, StateVerified, StateAborted, StateDismissed}

// KnownJobState reports whether s is a job state this version knows: a
// journal written by a newer s3parts may hold others.
func KnownJobState(s State) bool { return slices.Contains(JobStates, s) }

// CanMove reports whether a job in state from may go to state to.
func CanMove(from, to State) bool { return slices.Contains(jobMoves[from], to) }

// MoveTo changes the job's state, or says why it cannot: the one door
// every job state change goes through.
func (j *Job) MoveTo(s State) error {
	if j.State == s {
		return nil
	}
	if !CanMove(j.State, s) {
		return fmt.Errorf("job %s is %s: it cannot become %s", j.ID, j.State, s)
	}
	j.State = s
	return nil
}

// Settled reports whether nothing is left to do for the job: its object
// is made and checked, its upload is gone, or the person put it away.
func (j Job) Settled() bool {
	return j.State == StateVerified || j.State == StateAborted || j.State == StateDismissed
}

// Unfinished is the opposite of Settled: the job has work, a check or an
// open upload left.
func (j Job) Unfinished() bool { return !j.Settled() }

// Leaves reports whether dropping the job's record would leave something
// behind on the server: an open upload that holds (or may hold) parts.
func (j Job) Leaves() bool { return j.UploadID != "" && !j.Completed }

// Restart puts a job back to the start on a new upload: every part
// pending, the old upload and the object it made forgotten.
func (j Job) Restart() Job {
	j = j.Clone()
	j.UploadID, j.CreatedUpload, j.Err = "", false, nil
	j.Completed, j.Verified, j.FinalETag, j.ExpectedETag, j.DestVersionID = false, false, "", "", ""
	for i := range j.Parts {
		p := &j.Parts[i]
		p.State, p.ETag, p.Err, p.Origin, p.CopySourceVersionID = StatePending, "", nil, "", ""
	}
	return j
}

// ForgetUpload records that the job's upload is gone with every part it
// held (aborted here or elsewhere): the job is aborted, its copied parts
// are pending again, and a restart copies everything on a new upload.
func (j *Job) ForgetUpload(why *OpError) error {
	if err := j.MoveTo(StateAborted); err != nil {
		return err
	}
	j.UploadID, j.CreatedUpload, j.Err = "", false, why
	for i := range j.Parts {
		p := &j.Parts[i]
		if p.State == StateDone || p.State == StateRunning {
			p.State = StatePending
		}
		p.ETag, p.Origin = "", ""
	}
	return nil
}

// NewJobID returns a short random job id.
func NewJobID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Against compares what an upload holds with the job's plan: the planned
// parts it lacks (or holds with another size), and the part numbers it
// holds that the plan does not use. Completing an upload that lacks a
// planned part makes a shorter object than the plan: never do it.
func (j Job) Against(stored []Part) (missing []PlannedPart, extra []int32) {
	byNum := make(map[int32]Part, len(stored))
	for _, p := range stored {
		byNum[p.Number] = p
	}
	for _, p := range j.Plan.Parts {
		st, ok := byNum[p.Number]
		if !ok || st.Size != p.Range.Len() {
			missing = append(missing, p)
		}
		delete(byNum, p.Number)
	}
	for _, p := range stored {
		if _, left := byNum[p.Number]; left {
			extra = append(extra, p.Number)
		}
	}
	return missing, extra
}

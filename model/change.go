package model

// Change is one change of a running job, as the copy engine hands it to
// the one who journals the job. It carries the part that changed, or the
// job-level fields, never the whole job: its cost does not grow with the
// job's part count. Whole asks for the whole job when it is needed (a
// journal's snapshot), once in many changes.
type Change struct {
	// Index is the part that changed, an index into the job's Parts; -1
	// for a job-level change (state, phase, upload, completion).
	Index int
	// Part is the part as it now is (a part change only). Its Tries and
	// Err are never written into after it is handed over: AddTry makes a
	// new array, an error is replaced, not edited.
	Part PartState
	// Job holds the job-level fields after the change (UpdatedAt among
	// them); its Parts are nil. Its plan is the run's, never changed
	// while the job runs.
	Job Job
	// Whole returns the whole job as it stands when called, with a Parts
	// slice of its own (the parts' Tries and Err shared, as Part's are).
	// It may be kept and called after the change, from any goroutine: it
	// may then hold changes not yet handed over, each of which follows
	// (a change is handed over before the next one to the same job is
	// made), so a state it shows is never older than one handed over.
	Whole func() Job
}

// JobLevel reports whether the change is to the job rather than a part.
func (c Change) JobLevel() bool { return c.Index < 0 }

// ApplyTo brings j, a job as its holder last saw it whole, up to this
// change: the part and UpdatedAt, or the job-level fields (j keeps its
// parts). A part index j does not have is ignored.
func (c Change) ApplyTo(j *Job) {
	if c.JobLevel() {
		parts := j.Parts
		*j = c.Job
		j.Parts = parts
		return
	}
	if c.Index < len(j.Parts) {
		j.Parts[c.Index] = c.Part
	}
	j.UpdatedAt = c.Job.UpdatedAt
}

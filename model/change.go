package model

// Change is one change of a running job, as the copy engine hands it to
// the one who journals the job. A part change carries that part alone, so
// its cost does not grow with the job's part count; a job-level change
// (state, phase, upload, completion: a handful per run) carries the whole
// job.
type Change struct {
	// Index is the part that changed, an index into Job.Parts; -1 for a
	// job-level change.
	Index int
	// Part is the part as it now is (a part change only). Its Tries and
	// Err are never written into after it is handed over: AddTry makes a
	// new array, an error is replaced, not edited.
	Part PartState
	// Job is the job after the change. On a job-level change it is whole,
	// with a Parts slice of its own to keep (the parts' Tries and Err
	// shared, as Part's are); on a part change its Parts are nil and only
	// its job-level fields (UpdatedAt among them) are current. The plan is
	// the run's, never changed while it runs.
	Job Job
}

// JobLevel reports whether the change is to the job rather than a part.
func (c Change) JobLevel() bool { return c.Index < 0 }

// ApplyTo brings j, a job as its holder last saw it, up to this change:
// the job whole on a job-level change, else the part and UpdatedAt. A part
// index j does not have (it was never given the whole job) is ignored.
func (c Change) ApplyTo(j *Job) {
	if c.JobLevel() {
		*j = c.Job
		return
	}
	if c.Index < len(j.Parts) {
		j.Parts[c.Index] = c.Part
	}
	j.UpdatedAt = c.Job.UpdatedAt
}

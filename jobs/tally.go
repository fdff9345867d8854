package jobs

import "s3parts/model"

// A screen asks for a job's progress at every key press and every part
// event, and a job may have 10,000 parts: the sums are kept in the entry
// (model.Tally) and follow each part change instead of walking the parts.
// The tally belongs to one parts slice: a job replaced whole (a run's
// end, a resume, a reload) brings a slice of its own, and is tallied
// afresh the first time it is read.

// tally is the entry's tally, made again if the job's parts were replaced.
func (e *entry) tally() *model.Tally {
	if !sameSlice(e.talliedParts, e.job.Parts) {
		e.tallied = model.TallyOf(e.job.Parts)
		e.talliedParts = e.job.Parts
	}
	return &e.tallied
}

// setPart puts a part's new state in place, keeping the tally, and
// reports whether the job has the part. Part numbers are usually their
// place in the plan plus one; a plan edited by hand is searched.
func (e *entry) setPart(p model.PartState) bool {
	parts := e.job.Parts
	i := int(p.Number) - 1
	if i < 0 || i >= len(parts) || parts[i].Number != p.Number {
		i = -1
		for k := range parts {
			if parts[k].Number == p.Number {
				i = k
				break
			}
		}
		if i < 0 {
			return false
		}
	}
	if sameSlice(e.talliedParts, parts) {
		e.tallied.Remove(parts[i])
		e.tallied.Add(p)
	}
	parts[i] = p
	return true
}

func sameSlice(a, b []model.PartState) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

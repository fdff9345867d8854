package model

// Tally is what a job's parts add up to — progress, the parts that can be
// completed, the conditions that failed — kept as parts change, so a
// screen following a job of 10,000 parts reads it without walking them.
// Add a part's state when it appears, Remove its old state when it
// changes: the answers are those of Job.Progress, Job.CompletedParts,
// Job.SourceChanged and Job.FailedConditions over the same parts.
type Tally struct {
	progress Progress
	// withETag counts the parts done with an ETag (completable).
	withETag int
	// failed counts, per condition name, the parts that failed it;
	// unnamed the 412s of a journal from before conditions were named.
	failed  map[string]int
	unnamed int
}

// TallyOf tallies parts.
func TallyOf(parts []PartState) Tally {
	var t Tally
	for _, p := range parts {
		t.Add(p)
	}
	return t
}

// Add counts a part.
func (t *Tally) Add(p PartState) { t.count(p, 1) }

// Remove takes a part's earlier state out.
func (t *Tally) Remove(p PartState) { t.count(p, -1) }

func (t *Tally) count(p PartState, d int) {
	n := p.Range.Len()
	t.progress.PartsTotal += d
	t.progress.BytesTotal += int64(d) * n
	switch p.State {
	case StateDone:
		t.progress.PartsDone += d
		t.progress.BytesDone += int64(d) * n
		if p.ETag != "" {
			t.withETag += d
		}
	case StateFailed:
		t.progress.PartsFailed += d
	case StateRunning:
		t.progress.PartsRunning += d
	}
	if !preconditionFailed(p) {
		return
	}
	if len(p.Err.Failed) == 0 {
		t.unnamed += d
	}
	for _, f := range p.Err.Failed {
		if t.failed == nil {
			t.failed = map[string]int{}
		}
		t.failed[f] += d
	}
}

// Progress is Job.Progress.
func (t *Tally) Progress() Progress { return t.progress }

// Completable: every part is done with its ETag (Job.CompletedParts
// would succeed).
func (t *Tally) Completable() bool {
	return t.progress.PartsTotal > 0 && t.withETag == t.progress.PartsTotal
}

// SourceChanged is Job.SourceChanged for a job of this plan.
func (t *Tally) SourceChanged(plan Plan) bool {
	c := plan.Conditions
	if c.IfMatch == "" || !SameETag(c.IfMatch, plan.SourceETag) {
		return false
	}
	return t.failed["If-Match"] > 0 || (t.unnamed > 0 && (Conditions{IfMatch: c.IfMatch}) == c)
}

// FailedConditions is Job.FailedConditions.
func (t *Tally) FailedConditions() []string {
	var out []string
	for _, name := range conditionNames {
		if t.failed[name] > 0 {
			out = append(out, name)
		}
	}
	return out
}

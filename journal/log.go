package journal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"time"

	"s3parts/model"
)

// logLine is one line of a job's log, under the generation of the
// snapshot it follows: the whole state of one part after a change, or the
// job-level fields after a job-level change (Job: the job without its
// parts and its plan's parts, which only a new snapshot changes).
type logLine struct {
	Gen       int64           `json:"gen"`
	Index     int             `json:"index,omitempty"`
	UpdatedAt time.Time       `json:"updated_at,omitzero"`
	Part      model.PartState `json:"part,omitzero"`
	Job       *model.Job      `json:"job,omitempty"`
}

// appendPartLine appends the log line of part i's change (without its
// newline): what encoding logLine writes, at a fraction of the cost.
func appendPartLine(b []byte, gen int64, i int, updated time.Time, p *model.PartState) ([]byte, error) {
	b = strconv.AppendInt(append(b, `{"gen":`...), gen, 10)
	b = strconv.AppendInt(append(b, `,"index":`...), int64(i), 10)
	b, err := appendTime(append(b, `,"updated_at":`...), updated)
	if err != nil {
		return nil, err
	}
	if b, err = appendPart(append(b, `,"part":`...), p); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// jobLine is the log line of a job-level change.
func jobLine(gen int64, job model.Job) *logLine {
	job.Parts, job.Plan.Parts, job.Unknown = nil, nil, nil
	return &logLine{Gen: gen, Job: &job}
}

func (s *Store) logPath(id string) string { return filepath.Join(s.Dir, id+".log") }

// newGen draws a snapshot generation: never 0 (a file without a log), and
// below 2^53 so that any JSON reader holds it exactly.
func newGen() int64 { return rand.Int64N(1<<53-1) + 1 }

// applyLog applies to job, whose snapshot has generation gen, the lines of
// its log that carry gen, in order: a part line replaces its part, a job
// line the job-level fields. Lines that do not parse (torn by a kill
// during an append) are skipped, and so are lines that do not fit the
// snapshot's plan (a part cut otherwise, a plan of other terms: a
// snapshot edited by hand keeps its generation): they are not its history.
func (s *Store) applyLog(job *model.Job, gen int64) error {
	b, err := os.ReadFile(s.logPath(job.ID))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	for line := range bytes.Lines(b) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var l logLine
		if json.Unmarshal(line, &l) != nil {
			continue
		}
		if l.Gen != gen {
			continue
		}
		if l.Job != nil {
			if l.Job.ID == job.ID && samePlanTerms(l.Job.Plan, job.Plan) {
				parts, planParts, unknown := job.Parts, job.Plan.Parts, job.Unknown
				*job = *l.Job
				job.Parts, job.Plan.Parts, job.Unknown = parts, planParts, unknown
			}
			continue
		}
		if l.Index < 0 || l.Index >= len(job.Parts) || l.Index >= len(job.Plan.Parts) ||
			l.Part.PlannedPart != job.Plan.Parts[l.Index] || job.Parts[l.Index].PlannedPart != l.Part.PlannedPart {
			continue
		}
		job.Parts[l.Index] = l.Part
		if l.UpdatedAt.After(job.UpdatedAt) {
			job.UpdatedAt = l.UpdatedAt
		}
	}
	return nil
}

// samePlanTerms: two plans agree but for their parts (a job line carries
// none).
func samePlanTerms(a, b model.Plan) bool {
	a.Parts, b.Parts = nil, nil
	return reflect.DeepEqual(a, b)
}

// appendLines appends lines (each ending in a newline) to the job's log
// with one write and one fsync. A new log is made durable in its
// directory too, or a crash could lose the file with its lines. The log
// open from the last append must still be the job's: a state directory
// moved or removed under a running copy would otherwise take appends that
// no reader will ever see.
func (s *Store) appendLines(f **os.File, id string, lines []byte) error {
	path := s.logPath(id)
	if *f != nil {
		open, err1 := (*f).Stat()
		named, err2 := os.Stat(path)
		if err := errors.Join(err1, err2); err != nil || !os.SameFile(open, named) {
			(*f).Close()
			*f = nil
			return fmt.Errorf("journal: the job's log %s is no longer where it was written (moved or removed): %v", path, err)
		}
	}
	if *f == nil {
		nf, created, err := openLog(path)
		if err != nil {
			return fmt.Errorf("journal: %w", err)
		}
		*f = nf
		if created {
			if err := syncDir(s.Dir); err != nil {
				return fmt.Errorf("journal: making %s durable: %w", path, err)
			}
		}
	}
	if _, err := (*f).Write(lines); err != nil {
		return fmt.Errorf("journal: appending to %s: %w", (*f).Name(), err)
	}
	if err := (*f).Sync(); err != nil {
		return fmt.Errorf("journal: appending to %s: %w", (*f).Name(), err)
	}
	return nil
}

// openLog opens a job's log for appending, made if it is not there. A log
// left by a run killed mid-append can end in a torn line: a newline is
// written first so the next line is whole.
func openLog(path string) (f *os.File, created bool, err error) {
	_, statErr := os.Stat(path)
	created = errors.Is(statErr, os.ErrNotExist)
	f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, false, err
	}
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, fi.Size()-1); err == nil && last[0] != '\n' {
			if _, err := f.Write([]byte{'\n'}); err != nil {
				f.Close()
				return nil, false, err
			}
		}
	}
	return f, created, nil
}

// syncDir makes the names in dir durable (a rename, a new file).
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

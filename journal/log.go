package journal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
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
// during an append), or that name a part the job does not have, are
// skipped. It reports whether the log held lines of another generation
// (and none of this one): a log the snapshot superseded, or the sign of a
// snapshot replaced while it was read.
func (s *Store) applyLog(job *model.Job, gen int64) (stale bool, err error) {
	b, err := os.ReadFile(s.logPath(job.ID))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("journal: %w", err)
	}
	ours, others := 0, 0
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
			others++
			continue
		}
		ours++
		if l.Job != nil {
			if l.Job.ID == job.ID {
				parts, planParts, unknown := job.Parts, job.Plan.Parts, job.Unknown
				*job = *l.Job
				job.Parts, job.Plan.Parts, job.Unknown = parts, planParts, unknown
			}
			continue
		}
		if l.Index < 0 || l.Index >= len(job.Parts) || job.Parts[l.Index].Number != l.Part.Number {
			continue
		}
		job.Parts[l.Index] = l.Part
		if l.UpdatedAt.After(job.UpdatedAt) {
			job.UpdatedAt = l.UpdatedAt
		}
	}
	return others > 0 && ours == 0, nil
}

// appendLines appends lines (each ending in a newline) to the job's log
// with one write and one fsync. A new log is made durable in its
// directory too, or a crash could lose the file with its lines.
func (s *Store) appendLines(f **os.File, id string, lines []byte) error {
	if *f == nil {
		path := s.logPath(id)
		_, statErr := os.Stat(path)
		nf, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("journal: %w", err)
		}
		*f = nf
		if errors.Is(statErr, os.ErrNotExist) {
			syncDir(s.Dir)
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

// syncDir makes the names in dir durable (a rename, a new file).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

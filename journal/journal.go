// Package journal keeps every copy job on disk, one JSON file per job in
// the user's state directory, rewritten atomically (temporary file, fsync,
// rename, fsync of the directory) so that a kill at any instant leaves the
// last complete state readable. Files carry a format number: a file from a
// newer s3parts is refused plainly and never rewritten, and fields this
// version does not know are kept when it rewrites a file. A job is locked
// (lock.go) by the one process that runs it.
package journal

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"

	"s3parts/model"
)

// Format is the file format this version writes. 1 (files without a
// "format" field): job states done, failed, cancelled, running. 2: job
// states of their own (model.JobStates), where the job runs, attempts.
const Format = 2

// Store is a directory of job files.
type Store struct {
	Dir string
}

// DefaultDir is $XDG_STATE_HOME/s3parts/jobs, else ~/.local/state/s3parts/jobs
// (on Windows %LocalAppData%\s3parts\jobs).
func DefaultDir() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "s3parts", "jobs"), nil
	}
	if runtime.GOOS == "windows" {
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "s3parts", "jobs"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no place for the job journal: %w (set XDG_STATE_HOME)", err)
	}
	return filepath.Join(home, ".local", "state", "s3parts", "jobs"), nil
}

// Open returns the store in DefaultDir.
func Open() (*Store, error) {
	d, err := DefaultDir()
	if err != nil {
		return nil, err
	}
	return &Store{Dir: d}, nil
}

// Path is where a job's file lives.
func (s *Store) Path(id string) string { return filepath.Join(s.Dir, id+".json") }

// Save writes the job atomically; the file is readable by its owner only.
func (s *Store) Save(job model.Job) error {
	if err := validID(job.ID); err != nil {
		return err
	}
	b, err := encode(job)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return writeAtomic(s.Dir, s.Path(job.ID), job.ID, b)
}

// writeAtomic replaces path with b: a reader, or a crash, sees the old
// file or the new one, never a part of either.
func writeAtomic(dir, path, prefix string, b []byte) error {
	f, err := os.CreateTemp(dir, prefix+".*.tmp") // 0600
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	tmp := f.Name()
	_, werr := f.Write(b)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("journal: writing %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("journal: %w", err)
	}
	// The rename itself must reach the disk, or a crash could bring the
	// old file back.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// encode is the job as its file holds it: its fields, the format, and the
// fields a newer version wrote that this one keeps without knowing.
func encode(job model.Job) ([]byte, error) {
	b, err := json.Marshal(job)
	if err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, err
	}
	for k, v := range job.Unknown {
		if _, ours := fields[k]; !ours {
			fields[k] = v
		}
	}
	fields["format"] = json.RawMessage(fmt.Sprint(Format))
	return json.MarshalIndent(fields, "", "  ")
}

// DamagedError: a job file that cannot be read as a job.
type DamagedError struct {
	Path string
	Err  error
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("job file %s is damaged (%v): move it away or delete it", e.Path, e.Err)
}
func (e *DamagedError) Unwrap() error { return e.Err }

// NewerError: a job file written by a newer s3parts, in a format or with a
// state this version does not know. It is left as it is.
type NewerError struct {
	Path   string
	Format int
	State  model.State
}

func (e *NewerError) Error() string {
	if e.State != "" {
		return fmt.Sprintf("job file %s holds the state %q, which this s3parts does not know: it was written by a newer one; use that one (the file is left as it is)", e.Path, e.State)
	}
	return fmt.Sprintf("job file %s is in format %d; this s3parts reads up to %d: it was written by a newer one; use that one (the file is left as it is)", e.Path, e.Format, Format)
}

// ErrNoJob: no file for the job id.
var ErrNoJob = errors.New("no such job")

// Load reads one job.
func (s *Store) Load(id string) (model.Job, error) {
	var job model.Job
	if err := validID(id); err != nil {
		return job, err
	}
	path := s.Path(id)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return job, fmt.Errorf("%w %q in the journal (%s): s3parts jobs --all lists them", ErrNoJob, id, s.Dir)
	}
	if err != nil {
		return job, fmt.Errorf("journal: %w", err)
	}
	return decode(path, b)
}

func decode(path string, b []byte) (model.Job, error) {
	var job model.Job
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return job, &DamagedError{path, err}
	}
	format := 1
	if f, ok := fields["format"]; ok {
		if err := json.Unmarshal(f, &format); err != nil {
			return job, &DamagedError{path, fmt.Errorf("format: %w", err)}
		}
	}
	if format > Format {
		return job, &NewerError{Path: path, Format: format}
	}
	if err := json.Unmarshal(b, &job); err != nil {
		return job, &DamagedError{path, err}
	}
	if job.ID == "" {
		return job, &DamagedError{path, errors.New("no job id")}
	}
	if format == 1 {
		migrateV1(&job)
	}
	if !model.KnownJobState(job.State) {
		return job, &NewerError{Path: path, Format: format, State: job.State}
	}
	for k, v := range fields {
		if k != "format" && !knownField[k] {
			if job.Unknown == nil {
				job.Unknown = map[string]json.RawMessage{}
			}
			job.Unknown[k] = v
		}
	}
	return job, nil
}

// knownField names the JSON fields of model.Job.
var knownField = func() map[string]bool {
	m := map[string]bool{}
	t := reflect.TypeFor[model.Job]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			m[name] = true
		}
	}
	return m
}()

// migrateV1 turns a format-1 job's state into the job states of format 2.
func migrateV1(j *model.Job) {
	switch j.State {
	case model.StateDone:
		switch {
		case j.Completed && j.Verified:
			j.State = model.StateVerified
		case j.Completed:
			j.State = model.StateCompleted
		default:
			j.State = model.StateCopied
		}
	case model.StateFailed:
		if j.Completed {
			j.State = model.StateCompleted
		}
	case model.StateCancelled:
		if j.UploadID == "" && j.Progress().PartsDone == 0 {
			j.State = model.StateAborted // aborted, or stopped before anything was sent
		}
	}
}

// Problem is a job file List could not read.
type Problem struct {
	ID  string
	Err error
}

// List reads every job, most recently changed first, and names the files
// it could not read (damaged, or from a newer s3parts) without letting
// them hide the others.
func (s *Store) List() ([]model.Job, []Problem, error) {
	entries, err := os.ReadDir(s.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("journal: %w", err)
	}
	var jobs []model.Job
	var problems []Problem
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || e.IsDir() {
			continue
		}
		j, err := s.Load(id)
		if err != nil {
			problems = append(problems, Problem{id, err})
			continue
		}
		jobs = append(jobs, j)
	}
	slices.SortFunc(jobs, func(a, b model.Job) int { return cmp.Compare(b.UpdatedAt.UnixNano(), a.UpdatedAt.UnixNano()) })
	return jobs, problems, nil
}

// Remove deletes a job's files. The caller holds the job's lock.
func (s *Store) Remove(id string) error {
	if err := validID(id); err != nil {
		return err
	}
	if err := os.Remove(s.Path(id)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("journal: %w", err)
	}
	os.Remove(s.holderPath(id))
	return nil
}

func validID(id string) error {
	if id == "" || strings.ContainsAny(id, `/\.`) {
		return fmt.Errorf("job id %q is not valid", id)
	}
	return nil
}

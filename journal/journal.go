// Package journal keeps every copy job on disk, in the user's state
// directory, so that a kill at any instant leaves the job readable as it
// last stood (give or take the part changes of the last interval, which
// resume finds again in the upload).
//
// A job is two files:
//
//   - <id>.json, the snapshot: the whole job, rewritten atomically
//     (temporary file, fsync, rename, fsync of the directory) when a run
//     starts, at every compaction and whenever a job is saved whole. It
//     carries "log_gen", a generation number drawn afresh each time it is
//     written.
//   - <id>.log, the log, appended by the process that runs the job: one
//     JSON line per change, {"gen":G,"index":I,"updated_at":T,"part":{…}}
//     with the whole state of that part, or {"gen":G,"job":{…}} with the
//     job-level fields (all but the parts and the plan's parts). Part
//     changes are appended in batches, one write and one fsync per
//     interval, each part once; a job-level change at once.
//
// A reader takes the snapshot, then applies in order the log's lines
// whose gen is the snapshot's log_gen. A line that does not parse (the
// torn last line of a kill during an append) is skipped. Compaction
// writes a new snapshot holding every change (with a new generation) and
// only then removes the log: killed between the two, the old log's lines
// carry the old generation and are ignored, and the new snapshot already
// holds them. A line is a whole state, so applying it again, or after a
// snapshot that holds it, changes nothing. The log is compacted once it
// would hold more lines than the job has parts, so its writing costs O(1)
// per change, amortised, and reading a job O(parts).
//
// Files carry a format number: a file from a newer s3parts is refused
// plainly and never rewritten, and fields this version does not know are
// kept when it rewrites a file. A job is locked (lock.go) by the one
// process that runs it, the only one that writes its files.
package journal

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
// 3: the part log beside the snapshot, and the snapshot's log_gen (a
// version that reads up to 2 would not know to read the log, so it must
// refuse the file). Files of formats 1 and 2 have no log and are read as
// they are.
const Format = 3

// Store is a directory of job files.
type Store struct {
	Dir string
}

// StateDir is where s3parts keeps its state: $XDG_STATE_HOME/s3parts,
// else ~/.local/state/s3parts (on Windows %LocalAppData%\s3parts). The
// job journal, probe results and the audit log live under it.
func StateDir() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "s3parts"), nil
	}
	if runtime.GOOS == "windows" {
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "s3parts"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no place for s3parts' state: %w (set XDG_STATE_HOME)", err)
	}
	return filepath.Join(home, ".local", "state", "s3parts"), nil
}

// DefaultDir is the journal's directory: StateDir/jobs.
func DefaultDir() (string, error) {
	d, err := StateDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "jobs"), nil
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
// It is the whole job: any part log beside it is superseded, and removed.
func (s *Store) Save(job model.Job) error {
	_, err := s.save(job)
	return err
}

// save writes the snapshot under a new generation, then removes the log
// of the old one (a kill between the two leaves a log no reader applies),
// and returns the generation new log lines must carry.
func (s *Store) save(job model.Job) (int64, error) {
	if err := validID(job.ID); err != nil {
		return 0, err
	}
	gen := newGen()
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return 0, fmt.Errorf("journal: %w", err)
	}
	// The new snapshot is on disk (renamed in, its directory synced)
	// before the old log goes: a kill between the two leaves a log whose
	// lines the snapshot holds, and no reader applies them (they carry
	// another generation).
	if err := writeAtomicWith(s.Dir, s.Path(job.ID), job.ID, func(w *bufio.Writer) error { return encode(w, job, gen) }); err != nil {
		return 0, err
	}
	if testHookSaved != nil {
		testHookSaved(job.ID)
	}
	// A log left behind (it could not be removed) is harmless for the
	// same reason; a new line appended to it starts on a line of its own.
	os.Remove(s.logPath(job.ID))
	return gen, nil
}

// testHookSaved, set by tests, runs between a snapshot's rename and the
// removal of the log it supersedes: the instant a kill or a reader in
// another process may see.
var testHookSaved func(id string)

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

// Load reads one job: its snapshot with its part log applied. Another
// process may compact the job while it is read (a new snapshot renamed in,
// then the old log removed): a snapshot read before that and a log read
// after it would be a state that was never on disk, without the lines the
// new snapshot took in (an upload id among them). So the snapshot is the
// same file after the log is read, or it is all read again.
func (s *Store) Load(id string) (model.Job, error) {
	if err := validID(id); err != nil {
		return model.Job{}, err
	}
	path := s.Path(id)
	for try := 1; ; try++ {
		job, same, err := s.loadOnce(id, path)
		if err != nil || same {
			return job, err
		}
		if try == loadTries {
			return model.Job{}, fmt.Errorf("journal: job %s was rewritten each of the %d times it was read: try again", id, loadTries)
		}
	}
}

// loadOnce reads the snapshot and applies its log, and says whether the
// snapshot was still the same file after the log was read. The snapshot
// stays open until then: a file closed could see its inode given to the
// next snapshot, which would then pass for the same file.
func (s *Store) loadOnce(id, path string) (model.Job, bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return model.Job{}, false, fmt.Errorf("%w %q in the journal (%s): s3parts jobs --all lists them", ErrNoJob, id, s.Dir)
	}
	if err != nil {
		return model.Job{}, false, fmt.Errorf("journal: %w", err)
	}
	defer f.Close()
	before, err := f.Stat()
	if err != nil {
		return model.Job{}, false, fmt.Errorf("journal: %w", err)
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return model.Job{}, false, fmt.Errorf("journal: %w", err)
	}
	job, gen, err := decode(path, b)
	if err != nil || gen == 0 {
		return job, true, err // formats 1 and 2 have no log
	}
	if err := s.applyLog(&job, gen); err != nil {
		return job, true, err
	}
	after, err := os.Stat(path)
	return job, err == nil && os.SameFile(before, after), nil
}

// loadTries bounds how often Load reads a job that keeps being compacted
// under it (a compaction comes once a job's part count of changes).
const loadTries = 20

// decode reads a snapshot and the generation of the log lines that apply
// to it (0: a file from before the log).
func decode(path string, b []byte) (model.Job, int64, error) {
	var job model.Job
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return job, 0, &DamagedError{path, err}
	}
	format := 1
	if f, ok := fields["format"]; ok {
		if err := json.Unmarshal(f, &format); err != nil {
			return job, 0, &DamagedError{path, fmt.Errorf("format: %w", err)}
		}
	}
	if format > Format {
		return job, 0, &NewerError{Path: path, Format: format}
	}
	var gen int64
	if g, ok := fields["log_gen"]; ok && format >= 3 {
		if err := json.Unmarshal(g, &gen); err != nil {
			return job, 0, &DamagedError{path, fmt.Errorf("log_gen: %w", err)}
		}
	}
	if err := json.Unmarshal(b, &job); err != nil {
		return job, 0, &DamagedError{path, err}
	}
	if job.ID == "" {
		return job, 0, &DamagedError{path, errors.New("no job id")}
	}
	if format == 1 {
		migrateV1(&job)
	}
	if !model.KnownJobState(job.State) {
		return job, 0, &NewerError{Path: path, Format: format, State: job.State}
	}
	for k, v := range fields {
		if !ownField[k] && !knownField[k] {
			if job.Unknown == nil {
				job.Unknown = map[string]json.RawMessage{}
			}
			job.Unknown[k] = v
		}
	}
	return job, gen, nil
}

// ownField names the fields of the file that are the journal's, not the
// job's.
var ownField = map[string]bool{"format": true, "log_gen": true}

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
	os.Remove(s.logPath(id))
	os.Remove(s.holderPath(id))
	return nil
}

func validID(id string) error {
	if id == "" || strings.ContainsAny(id, `/\.`) {
		return fmt.Errorf("job id %q is not valid", id)
	}
	return nil
}

// Package audit keeps a local record of what s3parts removed from a
// server: every upload it aborted (or tried to), when, where and how many
// bytes it held. One JSON object per line in $XDG_STATE_HOME/s3parts/
// audit.jsonl, appended, never rewritten: a person can grep it, and a
// crash mid-write costs at most the line being written.
package audit

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"s3parts/journal"
)

// Entry is one action on a server.
type Entry struct {
	Time   time.Time `json:"time"`
	Action string    `json:"action"` // "abort"
	// Endpoint names the server (never a credential); Profile the
	// configuration profile.
	Endpoint string `json:"endpoint"`
	Profile  string `json:"profile,omitempty"`
	Bucket   string `json:"bucket"`
	Key      string `json:"key"`
	UploadID string `json:"upload_id"`
	// Parts and Bytes are what the upload held, when known (Sized).
	Parts int   `json:"parts"`
	Bytes int64 `json:"bytes"`
	Sized bool  `json:"sized"`
	// Result: "aborted", "not found" or "failed: …".
	Result string `json:"result"`
	// Job is the s3parts job that owned the upload, if one did.
	Job string `json:"job,omitempty"`
}

// Log is an append-only file of entries.
type Log struct {
	Path string
	mu   sync.Mutex
}

// Open returns the log in the state directory.
func Open() (*Log, error) {
	d, err := journal.StateDir()
	if err != nil {
		return nil, err
	}
	return &Log{Path: filepath.Join(d, "audit.jsonl")}, nil
}

// Append writes one entry, synced before it returns.
func (l *Log) Append(e Entry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(l.Path), 0o700); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	f, err := os.OpenFile(l.Path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	_, werr := f.Write(append(b, '\n'))
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("audit log %s: %w", l.Path, err)
	}
	return nil
}

// Read returns every entry; a line that cannot be read (cut short by a
// crash) is skipped.
func (l *Log) Read() ([]Entry, error) {
	f, err := os.Open(l.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var e Entry
		if json.Unmarshal(sc.Bytes(), &e) == nil {
			out = append(out, e)
		}
	}
	return out, sc.Err()
}

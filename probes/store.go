// Package probes keeps probe results per endpoint in the state directory
// ($XDG_STATE_HOME/s3parts/probes), one JSON file each, so that what a
// probe found is used by every later run against that endpoint.
package probes

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"

	"s3parts/journal"
	"s3parts/provider"
)

// Store is a directory of probe results.
type Store struct{ Dir string }

// Open returns the store in the state directory.
func Open() (Store, error) {
	d, err := journal.StateDir()
	if err != nil {
		return Store{}, err
	}
	return Store{Dir: filepath.Join(d, "probes")}, nil
}

// path is the file for a key: the host, readable, and a hash of the
// whole key so that two endpoints on one host stay apart.
func (s Store) path(key string) string {
	sum := sha256.Sum256([]byte(key))
	name := key
	if u, err := url.Parse(key); err == nil && u.Host != "" {
		name = u.Host
	}
	name = unsafe.ReplaceAllString(name, "_")
	return filepath.Join(s.Dir, name+"-"+hex.EncodeToString(sum[:4])+".json")
}

var unsafe = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Save keeps a report, replacing the one before it for its endpoint.
func (s Store) Save(r provider.ProbeReport) error {
	if r.Key == "" {
		return errors.New("probe report without an endpoint key")
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("keeping probe results: %w", err)
	}
	f, err := os.CreateTemp(s.Dir, ".probe-*")
	if err != nil {
		return fmt.Errorf("keeping probe results: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("keeping probe results: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("keeping probe results: %w", err)
	}
	if err := os.Rename(f.Name(), s.path(r.Key)); err != nil {
		return fmt.Errorf("keeping probe results: %w", err)
	}
	return nil
}

// Load finds the report kept for an endpoint. A file that cannot be read
// or is about another key counts as none: the preset's guesses stand.
func (s Store) Load(key string) (provider.ProbeReport, bool) {
	b, err := os.ReadFile(s.path(key))
	if errors.Is(err, fs.ErrNotExist) || err != nil {
		return provider.ProbeReport{}, false
	}
	var r provider.ProbeReport
	if json.Unmarshal(b, &r) != nil || r.Key != key {
		return provider.ProbeReport{}, false
	}
	return r, true
}

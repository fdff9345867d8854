package journal

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"

	"s3parts/model"
)

// writeAtomic replaces path with b: a reader, or a crash, sees the old
// file or the new one, never a part of either.
func writeAtomic(dir, path, prefix string, b []byte) error {
	return writeAtomicWith(dir, path, prefix, func(w *bufio.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// writeAtomicWith is writeAtomic of what write writes, streamed: a job of
// 10,000 parts is never held in memory as one block of JSON.
func writeAtomicWith(dir, path, prefix string, write func(*bufio.Writer) error) error {
	f, err := os.CreateTemp(dir, prefix+".*.tmp") // 0600
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	tmp := f.Name()
	w := bufio.NewWriterSize(f, 64<<10)
	werr := write(w)
	if werr == nil {
		werr = w.Flush()
	}
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
	// old file back (and the old log, removed next, would be gone).
	return syncDir(dir)
}

// encode writes the job as its file holds it: its fields, the format, the
// log's generation, and the fields a newer version wrote that this one
// keeps without knowing. The job-level fields are indented; the parts,
// one to a line, are encoded one at a time.
func encode(w *bufio.Writer, job model.Job, gen int64) error {
	parts := job.Parts
	job.Parts = nil
	b, err := json.Marshal(job)
	if err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return err
	}
	for k, v := range job.Unknown {
		if _, ours := fields[k]; !ours {
			fields[k] = v
		}
	}
	fields["format"] = json.RawMessage(fmt.Sprint(Format))
	fields["log_gen"] = json.RawMessage(fmt.Sprint(gen))
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range fields {
			if !yield(k) {
				return
			}
		}
	})
	var line []byte
	var ind bytes.Buffer
	w.WriteString("{")
	for i, k := range keys {
		if i > 0 {
			w.WriteString(",")
		}
		kb, _ := json.Marshal(k)
		w.WriteString("\n  ")
		w.Write(kb)
		w.WriteString(": ")
		if k != "parts" || parts == nil {
			ind.Reset()
			if err := json.Indent(&ind, fields[k], "  ", "  "); err != nil {
				return err
			}
			w.Write(ind.Bytes())
			continue
		}
		w.WriteString("[")
		for i := range parts {
			if line, err = appendPart(line[:0], &parts[i]); err != nil {
				return err
			}
			if i > 0 {
				w.WriteString(",")
			}
			w.WriteString("\n    ")
			w.Write(line)
		}
		if len(parts) > 0 {
			w.WriteString("\n  ")
		}
		w.WriteString("]")
	}
	w.WriteString("\n}\n")
	return nil
}

// partEncoder encodes one value after another into one buffer, without
// a new one per value.
type partEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

// encode returns v's JSON, valid until the next call.
func (e *partEncoder) encode(v any) ([]byte, error) {
	if e.enc == nil {
		e.enc = json.NewEncoder(&e.buf)
	}
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")), nil
}

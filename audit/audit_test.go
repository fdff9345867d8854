package audit

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Entries are appended and read back in order; a line cut short by a
// crash is skipped, the ones after it still read.
func TestAppendRead(t *testing.T) {
	l := &Log{Path: filepath.Join(t.TempDir(), "s3parts", "audit.jsonl")}
	if got, err := l.Read(); err != nil || got != nil {
		t.Fatalf("no log yet: %v %v", got, err)
	}
	at := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
	if err := l.Append(Entry{Time: at, Action: "abort", Bucket: "b", Key: "k", UploadID: "1", Bytes: 10, Sized: true, Result: "aborted"}); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(l.Path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"time":"2031-05-06T07:08:`) // a crash mid-line
	f.WriteString("\n")
	f.Close()
	if err := l.Append(Entry{Time: at, Action: "abort", UploadID: "2", Result: "not found"}); err != nil {
		t.Fatal(err)
	}
	got, err := l.Read()
	if err != nil || len(got) != 2 || got[0].UploadID != "1" || got[0].Bytes != 10 || !got[0].Time.Equal(at) || got[1].Result != "not found" {
		t.Errorf("read back %+v, %v", got, err)
	}
	if fi, err := os.Stat(l.Path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the log's mode: %v %v", fi.Mode(), err)
	}
}

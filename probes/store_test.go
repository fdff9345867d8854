package probes

import (
	"os"
	"testing"
	"time"

	"s3parts/provider"
)

// A report is kept per endpoint: read back whole for its key, never for
// another endpoint (two ports of one host included), and a file that
// cannot be read counts as none.
func TestSaveLoad(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	r := provider.ProbeReport{Key: "http://127.0.0.1:9000", Taken: time.Date(2031, 1, 2, 3, 4, 5, 0, time.UTC), Took: provider.Millis(1500 * time.Millisecond),
		Checks: []provider.Check{{ID: provider.CheckIfMatch, Outcome: provider.No, Seen: "copied"}}}
	if err := s.Save(r); err != nil {
		t.Fatal(err)
	}
	got, ok := s.Load(r.Key)
	if !ok || !got.Taken.Equal(r.Taken) || got.Took != r.Took || len(got.Checks) != 1 || got.Checks[0].Outcome != provider.No {
		t.Fatalf("loaded %+v %v", got, ok)
	}
	if _, ok := s.Load("http://127.0.0.1:9001"); ok {
		t.Error("another port's endpoint loaded this report")
	}
	if err := os.WriteFile(s.path(r.Key), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Load(r.Key); ok {
		t.Error("a torn file loaded")
	}
	if err := s.Save(provider.ProbeReport{}); err == nil {
		t.Error("a report without a key was saved")
	}
}

package ui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"s3parts/internal/s3test"
	"s3parts/journal"
	"s3parts/provider"
	"s3parts/ui"
)

// openBucket filters the buckets to name and opens it.
func openBucket(t *testing.T, tm running, name string) {
	t.Helper()
	waitFor(t, tm, name)
	key(tm, "/")
	tm.Type(name)
	key(tm, "enter", "enter")
}

// An object of an unversioned bucket, reached through its versions (the
// one "null" version), is read and copied like the object it is.
func TestCopyFromVersionsOfUnversionedBucket(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-unversioned", false)
	data := s3test.Data(90, 6<<20)
	srv.Put(t, b, "plain.bin", data)
	tm := app(t)
	openBucket(t, tm, b)
	waitFor(t, tm, "plain.bin")
	key(tm, "v")
	waitFor(t, tm, "null", "latest")
	key(tm, "c")
	waitFor(t, tm, "the plan meets every rule")
	key(tm, "ctrl+s")
	waitFor(t, tm, "verified")
	srv.Copied(t, b, "copy-of-plain.bin", data)
}

// A key whose latest version is a delete marker is listed by no objects
// screen: V shows the prefix's versions, the marker among them, and R
// restores the version under it as the latest, asked first, through the
// planner.
func TestRestoreDeletedKey(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-restore", true)
	data := s3test.Data(91, 6<<20)
	srv.Put(t, b, "docs/keep.txt", []byte("kept"))
	srv.Put(t, b, "docs/gone.bin", data)
	srv.Delete(t, b, "docs/gone.bin")
	tm := app(t)
	openBucket(t, tm, b)
	waitFor(t, tm, "docs/")
	key(tm, "enter")
	waitFor(t, tm, "keep.txt", "1 object")
	key(tm, "V")
	waitFor(t, tm, "gone.bin", "DELETED", "2 versions and 1 delete marker")
	// The rows by key: gone.bin's marker, the version under it, keep.txt.
	key(tm, "down", "R")
	waitFor(t, tm, "Restore version", "of docs/gone.bin", "as its latest?")
	key(tm, "y")
	waitFor(t, tm, "copy planner", "docs/gone.bin", "the plan meets every rule")
	key(tm, "ctrl+s") // the key is deleted: nothing is there to replace, so nothing more is asked
	waitFor(t, tm, "verified")
	if got := srv.Get(t, b, "docs/gone.bin", ""); string(got) != string(data) {
		t.Fatalf("docs/gone.bin after the restore holds %d bytes, not the version restored", len(got))
	}
}

// While a field has the keys, ? and q are text: the footer does not offer
// them, and typing them does not open the help or quit.
func TestTypingKeysAreNotOffered(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-typing", false)
	srv.Put(t, b, "a.bin", s3test.Data(92, 1<<20))
	tm := app(t)
	openBucket(t, tm, b)
	waitFor(t, tm, "a.bin", "? all keys")
	key(tm, "c")
	waitFor(t, tm, "the plan meets every rule")
	waitGone(t, tm, "? all keys", "q quit")
	tm.Type("?q")
	waitFor(t, tm, "copy-of-a.bin?q", "PUT /ui-typing/copy-of-a.bin%3Fq") // one CopyObject: a small source
}

// At 80×24: the ? screen of the objects page shows every column of keys
// (in rows when they do not fit side by side), and keys that differ at
// their end are cut in the middle, their ends kept.
func TestNarrowScreen(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-narrow", false)
	long := "big/partial-upload-of-a-very-long-name-from-the-nightly-backup-"
	for _, end := range []string{"alpha.tar", "bravo.tar", "delta.tar"} {
		srv.Put(t, b, long+end, []byte(end))
	}
	tm := app(t)
	waitFor(t, tm, b)
	tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	openBucket(t, tm, b)
	waitFor(t, tm, "big/")
	key(tm, "enter")
	waitFor(t, tm, "alpha.tar", "bravo.tar", "delta.tar")
	key(tm, "?")
	waitFor(t, tm, "Keys on this screen", "reload", "search server by prefix", "versions of all here", "read-only on/off", "all keys")
	for _, line := range strings.Split(ansi.Strip(tm.m.Frame()), "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Errorf("a line of the ? screen is %d cells wide at 80: %q", w, line)
		}
	}
}

// A question shows an upload id whole, however long.
func TestDialogShowsUploadIDWhole(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-dialog", false)
	up := srv.CreateUpload(t, b, "some/key-with-hyphens-in-it.bin")
	tm := app(t)
	waitFor(t, tm, b)
	tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	key(tm, "/")
	tm.Type(b)
	key(tm, "enter", "U")
	waitFor(t, tm, "1 in-progress upload")
	key(tm, "A")
	waitFor(t, tm, "Abort upload", up)
	// A URL is never broken at its hyphens (an id longer than the dialog,
	// as MinIO's are, wraps inside itself: waitFor reads it whole).
	if url := "s3://ui-dialog/some/key-with-hyphens-in-it.bin"; !strings.Contains(ansi.Strip(tm.m.Frame()), url) {
		t.Errorf("the dialog broke %s:\n%s", url, ansi.Strip(tm.m.Frame()))
	}
}

// Work going on outside s3parts (the demo writing its largest object)
// shows in the footer while it goes on; its last line stays as the status.
func TestBackgroundWorkShown(t *testing.T) {
	feed := make(chan string)
	tm := appWith(t, &journal.Store{Dir: t.TempDir()}, ui.Options{Background: feed})
	waitFor(t, tm, "buckets")
	feed <- "demo: writing big.mov 64/1124 MiB"
	waitFor(t, tm, "demo: writing big.mov 64/1124 MiB")
	feed <- "demo: big.mov is written"
	close(feed)
	waitFor(t, tm, "demo: big.mov is written · ctrl+r reloads a list")
	waitGone(t, tm, "64/1124 MiB")
}

// The provider's name in the header opens its capabilities, for a probe in
// the bucket open; from the buckets screen, P opens them with no bucket.
// At 80×24 every fact is on screen and no line is wider than the screen.
func TestProviderOpensCapabilities(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-provider", false)
	tm := app(t)
	openBucket(t, tm, b)
	waitFor(t, tm, "no objects")
	first, _, _ := strings.Cut(ansi.Strip(tm.m.Frame()), "\n")
	x := ansi.StringWidth(first[:strings.Index(first, "generic")])
	tm.Send(tea.MouseClickMsg{X: x + 2, Y: 0, Button: tea.MouseLeft})
	waitFor(t, tm, "capabilities", "never probed: the values below are the preset's guesses", "p probes in s3://ui-provider",
		"UploadPartCopy", "(guess)", "p probe…")
	key(tm, "esc", "esc")
	waitFor(t, tm, "CREATED") // the buckets page (other tests' buckets may be listed too)
	tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	key(tm, "P")
	waitFor(t, tm, "open a bucket first to run all checks", "unfinished uploads purged after")
	for _, line := range strings.Split(ansi.Strip(tm.m.Frame()), "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Errorf("a line of the capabilities is %d cells wide at 80: %q", w, line)
		}
	}
	key(tm, "tab")
	waitFor(t, tm, "no probe has run here: p runs one")
}

// A probe in use (kept from an earlier run) is named in the header, and
// the capabilities say when it ran and which values it decided.
func TestProbeInUseShown(t *testing.T) {
	c, err := provider.New(context.Background(), provider.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c.UseProbe(provider.ProbeReport{Key: c.ProbeKey(), Taken: time.Now().Add(-3 * time.Hour), Took: provider.Millis(2 * time.Second),
		Checks: []provider.Check{{ID: provider.CheckPartCopy, Title: "UploadPartCopy copies a part", Outcome: provider.No, Seen: "501 NotImplemented"}}})
	tm := appOn(t, c, &journal.Store{Dir: t.TempDir()}, ui.Options{})
	waitFor(t, tm, "generic ✓probed")
	key(tm, "P")
	waitFor(t, tm, "3h ago, took 2s, without a bucket, 1 ✗", "no (probed)", "(guess)")
	key(tm, "tab")
	waitFor(t, tm, "✗ UploadPartCopy copies a part", "501 NotImplemented")
}

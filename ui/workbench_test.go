package ui_test

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"s3parts/internal/s3test"
)

// From the buckets screen, the workbench lists the uploads of two buckets
// with their sizes; one marked and aborted (asked once) is gone from the
// server, the other stays. At 80×24 no line is wider than the screen.
func TestWorkbenchAbortsMarked(t *testing.T) {
	one := srv.NewBucketNamed(t, "ui-bench-one", false)
	two := srv.NewBucketNamed(t, "ui-bench-two", false)
	u1 := srv.CreateUpload(t, one, "left/a.bin")
	srv.UploadPart(t, one, "left/a.bin", u1, 1, s3test.Data(60, 5<<20))
	u2 := srv.CreateUpload(t, two, "right/b.bin")
	srv.UploadPart(t, two, "right/b.bin", u2, 1, s3test.Data(61, 6<<20))
	tm := app(t)
	waitFor(t, tm, one, two)
	tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	key(tm, "W")
	waitFor(t, tm, "› all uploads", "left/a.bin", "right/b.bin", "m mark")
	// Other tests' buckets may hold uploads too (an external server):
	// the filter keeps this test's.
	key(tm, "/")
	tm.Type("ui-bench-")
	key(tm, "enter")
	waitFor(t, tm, "5 MiB", "6 MiB")
	for _, line := range strings.Split(ansi.Strip(tm.m.Frame()), "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Errorf("a line of the workbench is %d cells wide at 80: %q", w, line)
		}
	}
	key(tm, "m")
	waitFor(t, tm, "marked: 1 upload holding 5 MiB in 1 bucket")
	key(tm, "A")
	waitFor(t, tm, "abort 1 upload holding 5 MiB in 1 bucket?")
	key(tm, "y")
	waitFor(t, tm, "aborted 1 of 1 upload, 5 MiB freed")
	waitGone(t, tm, "left/a.bin")
	if ups := srv.Uploads(t, one); len(ups) != 0 {
		t.Errorf("%s still holds %v", one, ups)
	}
	if ups := srv.Uploads(t, two); !slices.Equal(ups, []string{"right/b.bin " + u2}) {
		t.Errorf("%s holds %v, want only the upload not marked", two, ups)
	}
	if !srv.External { // versitygw has no lifecycle API
		key(tm, "tab")
		waitFor(t, tm, "ABORT RULE", "unsupported")
	}
}

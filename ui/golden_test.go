package ui_test

import (
	"testing"

	"github.com/charmbracelet/x/ansi"

	"s3parts/internal/s3test"
)

// The main screens at 100×30, compared with testdata/TestGoldenScreens/*.
// Server clocks and random ids are replaced (normalize). Regenerate with
// go test ./ui -run TestGoldenScreens -update.
func TestGoldenScreens(t *testing.T) {
	if srv.External {
		t.Skip("golden screens list every bucket of the server: only the in-process one is known")
	}
	b := srv.NewBucketNamed(t, "golden-media", true)
	srv.Put(t, b, "docs/readme.txt", []byte("read me"))
	srv.Put(t, b, "photos/ünïcode café ☕ 01.jpg", s3test.Data(50, 700*1024))
	srv.Put(t, b, "videos/clip.mp4", s3test.Data(51, 13<<20))
	srv.Put(t, b, "report.csv", []byte("v1"))
	srv.Put(t, b, "report.csv", []byte("version two"))
	srv.Delete(t, b, "report.csv")
	srv.Put(t, b, "report.csv", []byte("version three!"))
	up := srv.CreateUpload(t, b, "backups/db.tar")
	srv.UploadPart(t, b, "backups/db.tar", up, 1, s3test.Data(52, 5<<20))
	srv.UploadPart(t, b, "backups/db.tar", up, 2, s3test.Data(53, 5<<20))
	srv.UploadPart(t, b, "backups/db.tar", up, 4, s3test.Data(54, 1234))

	tm := app(t)
	snap := func(name string, texts ...string) {
		t.Helper()
		waitFor(t, tm, texts...)
		t.Run(name, func(t *testing.T) { requireGolden(t, normalize(ansi.Strip(tm.m.Frame()))) })
	}
	snap("buckets", "golden-media", "1 bucket")
	key(tm, "W")
	snap("workbench", "backups/db.tar", "1 upload in 1 of 1 bucket · 3 parts", "abort rule unsupported")
	key(tm, "esc")
	waitFor(t, tm, "1 bucket")
	key(tm, "/")
	tm.Type("golden")
	key(tm, "enter", "enter")
	snap("objects", "report.csv", "3 folders, 1 object")
	key(tm, "P")
	snap("capabilities", "never probed", "p probes in s3://golden-media", "UploadPartCopy")
	key(tm, "esc")
	waitFor(t, tm, "3 folders, 1 object")
	key(tm, "G", "v")
	snap("versions", "DELETE MARKER", "3 versions and 1 delete marker")
	key(tm, "down", "down", "enter")
	snap("details", "11 B (11 bytes)")
	key(tm, "esc", "esc", "U")
	snap("uploads", "backups/db.tar", "3!")
	key(tm, "enter")
	snap("parts", "— missing —", "missing part 3")
	key(tm, "esc", "esc", "g", "down", "down", "enter")
	waitFor(t, tm, "clip.mp4")
	key(tm, "c")
	snap("planner", "the plan meets every rule", "x-amz-copy-source-if-match")
	key(tm, "ctrl+s")
	snap("jobs", "completed and verified")
	tm.Quit()
}

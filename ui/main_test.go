package ui_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"s3parts/internal/s3test"
	"s3parts/jobs"
	"s3parts/journal"
	"s3parts/provider"
	"s3parts/ui"
)

var srv *s3test.Server

// testdata is this package's testdata folder, found before the gateway
// changes the working directory.
var testdata string

// updating reports -update, the flag teatest's golden package defines.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func TestMain(m *testing.M) {
	if code, ok := withoutEastAsianWidths(); ok {
		os.Exit(code)
	}
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	testdata = filepath.Join(wd, "testdata")
	os.Exit(s3test.Main(m, func(s *s3test.Server) { srv = s }))
}

// withoutEastAsianWidths runs this test binary again without
// RUNEWIDTH_EASTASIAN when it is set: x/ansi reads it once, when the
// package loads, and then draws ambiguous-width characters ("…", "—") two
// cells wide, which lays every screen out differently from the golden
// files, drawn for the usual one-cell terminals. It reports the child's
// exit code, and ok when it ran one.
func withoutEastAsianWidths() (code int, ok bool) {
	if v, _ := strconv.ParseBool(os.Getenv("RUNEWIDTH_EASTASIAN")); !v {
		return 0, false
	}
	cmd := exec.Command(os.Args[0], os.Args[1:]...)
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "RUNEWIDTH_EASTASIAN=") })
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), true
		}
		fmt.Fprintln(os.Stderr, "running the UI tests without RUNEWIDTH_EASTASIAN:", err)
		return 1, true
	}
	return 0, true
}

// running is the UI under test, the program driving it and its job
// service.
type running struct {
	*teatest.TestModel
	m   *ui.Model
	svc *jobs.Service
}

// app starts the real UI at 100×30 against the test server, with a job
// journal of the test's own.
func app(t *testing.T) running {
	t.Helper()
	return appWith(t, &journal.Store{Dir: t.TempDir()}, ui.Options{})
}

// appWith starts the UI with options (the palette is fixed). The UI keeps
// the real clock: the server stamps what it stores with the real time, so
// a clock fixed in the test would make ages depend on the day it runs.
func appWith(t *testing.T, store *journal.Store, o ui.Options) running {
	t.Helper()
	c, err := provider.New(context.Background(), provider.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return appOn(t, c, store, o)
}

// appOn is appWith on a client of the test's own.
func appOn(t *testing.T, c *provider.Client, store *journal.Store, o ui.Options) running {
	t.Helper()
	dark := true
	o.Dark = &dark
	svc := jobs.New(c, store, jobs.Options{What: "the UI under test"})
	t.Cleanup(func() { svc.CancelAll(); svc.Close() })
	m := ui.New(context.Background(), c, svc, o)
	t.Cleanup(m.Close)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	return running{tm, m, svc}
}

// waitFor waits until the screen shows every text at once. It reads the
// frame the UI last drew, not the output stream: the renderer sends only
// the cells that changed.
func waitFor(t *testing.T, tm running, texts ...string) {
	t.Helper()
	// Generous: a deadline costs nothing when the screen shows up, and a
	// machine running two -race suites at once can be slow.
	deadline := time.Now().Add(60 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = ansi.Strip(tm.m.Frame())
		if !slices.ContainsFunc(texts, func(x string) bool { return !shows(s, x) }) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the screen never showed %q; last frame:\n%s", texts, s)
}

// shows reports whether a frame holds a text, also when the screen wrapped
// it: lines (and dialog borders) trimmed and joined with a space find a text
// wrapped at a word, joined with nothing one wrapped inside a word (an upload
// id or a version id is as long as the server likes: MinIO's are 120
// characters).
func shows(frame, text string) bool {
	if strings.Contains(frame, text) {
		return true
	}
	var lines []string
	for l := range strings.Lines(frame) {
		lines = append(lines, strings.Trim(l, " \n│"))
	}
	return strings.Contains(strings.Join(lines, " "), text) || strings.Contains(strings.Join(lines, ""), text)
}

// waitGone waits until the screen shows none of the texts.
func waitGone(t *testing.T, tm running, texts ...string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = ansi.Strip(tm.m.Frame())
		if !slices.ContainsFunc(texts, func(x string) bool { return shows(s, x) }) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the screen still shows one of %q; last frame:\n%s", texts, s)
}

func key(tm running, keys ...string) {
	for _, k := range keys {
		tm.Send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "ctrl+s":
		return tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "ctrl+w":
		return tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// screen is the final frame, without colour, with server clocks and random
// ids replaced so golden files are the same every run.
func screen(t *testing.T, tm running) string {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	m := tm.FinalModel(t, teatest.WithFinalTimeout(30*time.Second))
	return normalize(ansi.Strip(m.(*ui.Model).View().Content))
}

var (
	dates   = regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?( UTC)?`)
	ages    = regexp.MustCompile(` *\b(\d+[smhdy]|now)\b`) // with its right-aligned padding
	ports   = regexp.MustCompile(`127\.0\.0\.1:\d+`)
	hexIDs  = regexp.MustCompile(`\b[0-9a-f]{12}\b`)
	uuids   = regexp.MustCompile(`\b[0-9a-f]{8}-[0-9a-f-]*(…[0-9a-f-]*)?`) // whole, or cut in its middle
	ulids   = regexp.MustCompile(`\b[0-9A-HJKMNP-TV-Z]{26}\b`)
	timings = regexp.MustCompile(` *\b\d+(\.\d+)?(ms|s)\b`) // with its right-aligned padding
)

func normalize(s string) string {
	s = dates.ReplaceAllString(s, "YYYY-MM-DD hh:mm")
	s = ports.ReplaceAllString(s, "127.0.0.1:PORT")
	s = uuids.ReplaceAllString(s, "UPLOAD-ID")
	s = ulids.ReplaceAllString(s, "VERSION-ID")
	s = hexIDs.ReplaceAllString(s, "JOBID")
	s = timings.ReplaceAllString(s, " T")
	s = ages.ReplaceAllString(s, " AGE")
	return s
}

// requireGolden compares s with testdata/<test name>.golden (-update
// rewrites it).
func requireGolden(t *testing.T, s string) {
	t.Helper()
	path := filepath.Join(testdata, filepath.FromSlash(t.Name())+".golden")
	if updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != s {
		t.Errorf("screen differs from %s (run with -update if the change is intended)\n--- want\n%s\n--- got\n%s", path, want, s)
	}
}

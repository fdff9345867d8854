package common

import (
	"slices"
	"strings"

	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// Ages are relative to the clock passed in; a server clock ahead of ours
// (skew) must never show a negative age.
func TestFmtAge(t *testing.T) {
	now := time.Now()
	cases := []struct {
		ago  time.Duration
		want string
	}{
		{-70 * time.Minute, "now"}, // the server's clock is 70 minutes ahead
		{-time.Second, "now"},
		{0, "now"},
		{59 * time.Second, "now"},
		{time.Minute, "1m"},
		{59 * time.Minute, "59m"},
		{47 * time.Hour, "47h"},
		{48 * time.Hour, "2d"},
		{999 * 24 * time.Hour, "999d"},
		{3 * 365 * 24 * time.Hour, "3y"},
	}
	for _, c := range cases {
		if got := FmtAge(now, now.Add(-c.ago)); got != c.want {
			t.Errorf("FmtAge(now, now-%v) = %q, want %q", c.ago, got, c.want)
		}
		if got := FmtAge(now, now.Add(-c.ago)); len(got) > 4 {
			t.Errorf("FmtAge(now, now-%v) = %q: wider than the AGE column", c.ago, got)
		}
	}
	if got := FmtAge(now, time.Time{}); got != "-" {
		t.Errorf("fmtAge of an unknown time = %q, want -", got)
	}
}

// Cutting in the middle keeps the ends and the width, wide characters
// included.
func TestFitMiddle(t *testing.T) {
	got := FitMiddle("big/partial-upload-alpha.tar", 16)
	if ansi.StringWidth(got) != 16 {
		t.Errorf("FitMiddle = %q", got)
	}
	if !strings.HasSuffix(strings.TrimRight(got, " "), ".tar") || !strings.HasPrefix(got, "big/") {
		t.Errorf("FitMiddle lost an end: %q", got)
	}
	for w := 5; w < 12; w++ {
		if got := FitMiddle("日本語のキー名です.txt", w); ansi.StringWidth(got) != w {
			t.Errorf("FitMiddle(wide, %d) is %d cells: %q", w, ansi.StringWidth(got), got)
		}
	}
}

// Wrapping breaks at spaces only — never inside an id at its hyphens —
// splits a word longer than a line, and ends even when a character is
// wider than the line.
func TestWrapWords(t *testing.T) {
	id := "2~aBcD-eFgH-iJkL-mNoP"
	got := WrapWords("Abort upload "+id+" of s3://b/k?", 22)
	if !slices.Contains(strings.Split(got, "\n"), id) {
		t.Errorf("the id is not on a line of its own, whole:\n%s", got)
	}
	for _, line := range strings.Split(WrapWords(strings.Repeat("x", 25), 10), "\n") {
		if ansi.StringWidth(line) > 10 {
			t.Errorf("a line of %d cells at 10: %q", ansi.StringWidth(line), line)
		}
	}
	done := make(chan string)
	go func() { done <- WrapWords("日本", 1) }()
	select {
	case got := <-done:
		if got != "日\n本" {
			t.Errorf("WrapWords(wide, 1) = %q", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("WrapWords does not end when a character is wider than the line")
	}
}

package common

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"s3parts/model"
)

// FmtTime is a time in UTC to the minute, "-" when unknown.
func FmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// FmtSize is a size for a person.
func FmtSize(n int64) string { return model.FormatSize(n) }

// FmtAge is how long ago t was, coarsely: "now", "12m", "3h", "9d", "2y".
// Anything under a minute is "now", and so is a time ahead of ours: S3
// servers stamp uploads with their own clock, which is often ahead of the
// client's (clock skew), and a negative age would only be noise.
func FmtAge(now, t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	case d < 1000*24*time.Hour:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	}
	return fmt.Sprintf("%dy", int(d.Hours()/24/365))
}

// FmtDuration is a duration for a table cell, "-" for none.
func FmtDuration(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// Count writes "1 part", "3 parts".
func Count(n int, noun string) string { return model.Count(n, noun) }

// OneLine is a message on one line, with what could forge the screen made
// visible (a key in an error may hold anything).
func OneLine(s string) string { return model.Visible(strings.Join(strings.Fields(s), " ")) }

// Short shows the start of a long id with an ellipsis.
func Short(id string) string {
	if len(id) <= 16 {
		return id
	}
	return id[:15] + "…"
}

// Fit fits s into w columns, padded, or cut with an ellipsis so a cut is
// never silent.
func Fit(s string, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r == '\r' {
			return ' '
		}
		return r
	}, s)
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	pad := strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
	if right {
		return pad + s
	}
	return s + pad
}

// FitMiddle fits a name into w columns by cutting its middle: names that
// differ only at the end (keys under one long prefix, upload ids) stay
// apart.
func FitMiddle(s string, w int) string {
	if ansi.StringWidth(s) <= w || w < 5 {
		return Fit(s, w, false)
	}
	tail := (w - 1) / 2
	head := w - 1 - tail
	// A wide character that does not fit whole is left out: the result is
	// padded back to w, so the columns after it stay in place.
	return Fit(ansi.Truncate(s, head, "")+"…"+ansi.TruncateLeft(s, ansi.StringWidth(s)-tail, ""), w, false)
}

// WrapWords wraps plain text at spaces only, to w cells a line: a URL, an
// upload id or a key is never broken at its hyphens (lipgloss breaks
// there), and a word longer than a line is split, never cut.
func WrapWords(s string, w int) string {
	w = max(w, 1)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line, start := "", len(out)
		for _, word := range strings.Fields(para) {
			for ansi.StringWidth(word) > w {
				if line != "" {
					out, line = append(out, line), ""
				}
				head := ansi.Truncate(word, w, "")
				if head == "" { // a character wider than the line: it goes whole
					_, size := utf8.DecodeRuneInString(word)
					head = word[:size]
				}
				out, word = append(out, head), word[len(head):]
			}
			if word == "" {
				continue
			}
			switch {
			case line == "":
				line = word
			case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= w:
				line += " " + word
			default:
				out, line = append(out, line), word
			}
		}
		if line != "" || len(out) == start { // an empty paragraph stays a line
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

package model

import (
	"fmt"
	"strings"
	"unicode"
)

// Visible shows s on one line with every character that could hide or
// forge what a person reads made visible: control characters as escapes
// (\n, \r, \t, \x1b, \x07), bidirectional and invisible formatting marks
// as <U+202E>. Keys, ids and messages come from servers and journals; a
// key holding "\r" or an escape sequence must not rewrite the screen.
// JSON output keeps the exact value; this is for text a person reads.
func Visible(s string) string {
	if !needsEscape(s, false) {
		return s
	}
	return escape(s, false)
}

// VisibleText is Visible for text of several lines: newlines stay.
func VisibleText(s string) string {
	if !needsEscape(s, true) {
		return s
	}
	return escape(s, true)
}

func needsEscape(s string, keepNewlines bool) bool {
	for _, r := range s {
		if hidden(r) && !(keepNewlines && r == '\n') {
			return true
		}
	}
	return false
}

func escape(s string, keepNewlines bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' && keepNewlines:
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\\':
			b.WriteString(`\\`) // so an escape shown is never a backslash typed
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f:
			fmt.Fprintf(&b, `\u%04x`, r)
		case hidden(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hidden: a character that draws nothing, or changes how what follows is
// drawn — C0 and C1 controls, bidirectional overrides and isolates, zero
// width and other format characters, and the invalid-UTF-8 stand-in.
func hidden(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == unicode.ReplacementChar:
		return false // shows as itself
	}
	return unicode.Is(unicode.Cf, r) // Format: U+200B–U+200F, U+202A–U+202E, U+2066–U+2069, U+FEFF, …
}

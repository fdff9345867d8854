package model

import "testing"

func TestVisible(t *testing.T) {
	cases := map[string]string{
		"plain/key.txt":              "plain/key.txt",
		"ünïcode café ☕ 中文":          "ünïcode café ☕ 中文",
		"real\rfake":                 `real\rfake`,
		"line1\nline2":               `line1\nline2`,
		"tab\there":                  `tab\there`,
		"\x1b]0;owned\x07title":      `\x1b]0;owned\x07title`,
		"\x1b[41mred":                `\x1b[41mred`,
		"evil\u202Etxt.exe":          "evil<U+202E>txt.exe",
		"zero\u200Bwidth":            "zero<U+200B>width",
		"isolate\u2066x\u2069":       "isolate<U+2066>x<U+2069>",
		"c1\u009bcontrol":            `c1\u009bcontrol`,
		"del\x7f":                    `del\x7f`,
		"bell\x07":                   `bell\x07`,
		"back\\slash stays as it is": "back\\slash stays as it is",
		"typed\\n and real\n":        `typed\\n and real\n`,
	}
	for in, want := range cases {
		if got := Visible(in); got != want {
			t.Errorf("Visible(%q) = %q, want %q", in, got, want)
		}
	}
	if got := VisibleText("a\nb\rc"); got != "a\nb\\rc" {
		t.Errorf("VisibleText keeps newlines only: %q", got)
	}
}

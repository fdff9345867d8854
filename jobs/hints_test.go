package jobs

import (
	"os/exec"
	"testing"
)

// Quoted for the shell, every key comes back exactly — with a control or
// bidi character written so a person sees it.
func TestShellQuoteRoundTrips(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash here")
	}
	for _, s := range []string{"plain", "a b", "it's", "s3://b/k?versionId=x", "tab\there", "real\rfake", "new\nline",
		"esc\x1b[41mred", "evil\u202Etxt.exe", "back\\slash'quote", "中文 ☕"} {
		q := ShellQuote(s)
		if v := len(q); v == 0 {
			t.Fatalf("empty quote for %q", s)
		}
		out, err := exec.Command(bash, "-c", "printf %s "+q).Output()
		if err != nil || string(out) != s {
			t.Errorf("ShellQuote(%q) = %s, read back as %q (%v)", s, q, out, err)
		}
		for _, r := range q {
			if r < 0x20 || r == 0x7f || r == 0x202E {
				t.Errorf("ShellQuote(%q) = %q holds a raw control character", s, q)
			}
		}
	}
}

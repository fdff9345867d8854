package planner

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"s3parts/model"
)

// keyFile writes a customer key of 32 bytes to a file, as hex.
func keyFile(t *testing.T, fill byte) (path string, raw []byte) {
	t.Helper()
	raw = bytes.Repeat([]byte{fill}, 32)
	path = filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(path, []byte(hex.EncodeToString(raw)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, raw
}

func fingerprint(t *testing.T, raw []byte) string {
	k, err := model.ParseCustomerKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	return k.Fingerprint()
}

// typeAndLeave replaces field f's text and leaves it, as tab does.
func typeAndLeave(p *Page, f int, text string) {
	typeIn(p, f, text)
	press(p, "tab")
}

// An SSE-C source cannot be read without its key: the planner says where
// to give it, reads the source again with it, refuses to "keep" its
// encryption without a key for the new object, and starts a job whose
// plan names both keys by fingerprint. No form of a key is on screen.
func TestCustomerKeysInThePlanner(t *testing.T) {
	s := newServer(12 << 20)
	s.ssec = true
	p, j := open(t, s, Options{Source: src})
	if v := strings.Join(strings.Fields(plain(p)), " "); !strings.Contains(v, "name its key file in source key") {
		t.Fatalf("an SSE-C source read without its key:\n%s", plain(p))
	}
	srcPath, srcRaw := keyFile(t, 's')
	typeAndLeave(p, fSourceKey, srcPath)
	if p.info == nil || s.srcKey.Fingerprint() != fingerprint(t, srcRaw) {
		t.Fatalf("the source was not read again with its key:\n%s", plain(p))
	}
	if msg := p.errs[fSSE]; !strings.Contains(msg, "customer key") {
		t.Errorf("keeping SSE-C without a key: %q", msg)
	}
	dstPath, dstRaw := keyFile(t, 'd')
	typeAndLeave(p, fSSECKey, dstPath)
	feed(p, p.focusField(fTags)) // leave the section's second half
	feed(p, p.focusField(fSSE))
	v := plain(p)
	if !strings.Contains(v, "key "+fingerprint(t, dstRaw)) || !strings.Contains(v, "SSE-C (key "+fingerprint(t, dstRaw)+")") {
		t.Errorf("the new object's key is not named by its fingerprint:\n%s", v)
	}
	for _, raw := range [][]byte{srcRaw, dstRaw} {
		for _, form := range []string{string(raw), base64.StdEncoding.EncodeToString(raw), hex.EncodeToString(raw)} {
			if strings.Contains(v, form) {
				t.Errorf("a key is on screen")
			}
		}
	}
	press(p, "ctrl+s")
	if len(j.started) != 1 {
		t.Fatalf("started %d jobs:\n%s", len(j.started), plain(p))
	}
	plan := j.started[0].Plan
	if plan.Target.SSECKey != fingerprint(t, dstRaw) || plan.SourceAttrs.SSECKey != fingerprint(t, srcRaw) || s.destKey.Fingerprint() != fingerprint(t, dstRaw) {
		t.Errorf("plan keys %q / %q, client's new-object key %q", plan.Target.SSECKey, plan.SourceAttrs.SSECKey, s.destKey.Fingerprint())
	}
}

// A key file that holds no key is the field's error, naming the file; a
// key beside another encryption is refused; nothing starts.
func TestCustomerKeyFieldRefusals(t *testing.T) {
	p, j := open(t, newServer(12<<20), Options{Source: src})
	bad := filepath.Join(t.TempDir(), "short")
	if err := os.WriteFile(bad, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	typeAndLeave(p, fSSECKey, bad)
	if msg := p.errs[fSSECKey]; !strings.Contains(msg, bad) || !strings.Contains(msg, "holds 9 bytes") {
		t.Errorf("a file that holds no key: %q", msg)
	}
	good, _ := keyFile(t, 'g')
	typeAndLeave(p, fSSECKey, good)
	typeAndLeave(p, fSSE, "AES256")
	if msg := p.errs[fSSECKey]; !strings.Contains(msg, "both choose") {
		t.Errorf("a key beside AES256: %q", msg)
	}
	press(p, "ctrl+s")
	if len(j.started) != 0 {
		t.Fatal("a refused plan started")
	}
}

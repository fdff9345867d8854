package model

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// A key file may hold the 32 bytes as they are, or base64 or hex text
// with a newline; all three are the same key. Anything else is refused
// without quoting the file.
func TestParseCustomerKey(t *testing.T) {
	raw := []byte("0123456789abcdef0123456789ABCDEF")
	want, err := ParseCustomerKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"base64": []byte(base64.StdEncoding.EncodeToString(raw) + "\n"),
		"hex":    []byte(" " + hex.EncodeToString(raw) + "\r\n"),
	} {
		k, err := ParseCustomerKey(data)
		if err != nil || k.Fingerprint() != want.Fingerprint() {
			t.Errorf("%s: %v, fingerprint %s want %s", name, err, k.Fingerprint(), want.Fingerprint())
		}
	}
	if got := want.Base64(); got != base64.StdEncoding.EncodeToString(raw) {
		t.Errorf("Base64 %q", got)
	}
	if other, _ := ParseCustomerKey(bytes.Repeat([]byte{1}, 32)); other.Fingerprint() == want.Fingerprint() {
		t.Error("two keys share a fingerprint")
	}
	if !strings.HasPrefix(want.Fingerprint(), "sha256:") || len(want.Fingerprint()) != len("sha256:")+16 {
		t.Errorf("fingerprint %q", want.Fingerprint())
	}
	for _, bad := range [][]byte{nil, raw[:31], append(raw, 'x', 'y'), []byte(strings.Repeat("%", 44)), []byte(strings.Repeat("g", 64)),
		[]byte(strings.Repeat("A", 44))} { // 44 without padding: 33 bytes
		_, err := ParseCustomerKey(bad)
		if err == nil {
			t.Errorf("%d bytes taken as a key", len(bad))
			continue
		}
		if len(bad) > 4 && strings.Contains(err.Error(), string(bad[:4])) {
			t.Errorf("the refusal quotes the file: %v", err)
		}
	}
}

// However a key is printed, by itself or inside a struct, its bytes do
// not appear.
func TestCustomerKeyNeverPrinted(t *testing.T) {
	raw := []byte("s3parts-secret-key-32-bytes-long")
	k, err := ParseCustomerKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	holder := struct {
		Name string
		key  CustomerKey
	}{"x", k}
	for _, s := range []string{fmt.Sprint(k), fmt.Sprintf("%+v", k), fmt.Sprintf("%#v", k), fmt.Sprintf("%v", holder),
		fmt.Sprintf("%+v", holder), fmt.Sprintf("%#v", holder), fmt.Sprintf("%s", []CustomerKey{k}), fmt.Sprintf("%x", k)} {
		for _, form := range []string{string(raw), k.Base64(), hex.EncodeToString(raw), "s3parts-secret"} {
			if strings.Contains(s, form) {
				t.Errorf("%q shows the key", s)
			}
		}
	}
}

// A customer key for the new object replaces any other encryption; a
// source encrypted with one cannot be "kept" without a key.
func TestResolveCustomerKey(t *testing.T) {
	src := SourceAttrs{SSE: "aws:kms", SSEKMSKeyID: "k1"}
	n := Target{SSECKey: "sha256:00"}.Resolve(ObjectHeaders{}, src)
	if n.SSE != "" || n.SSEKMSKeyID != "" || n.SSECKey != "sha256:00" {
		t.Errorf("resolved %+v", n)
	}
	diffs := ChangesText(Differences(ObjectHeaders{}, src, n))
	if want := "encryption aws:kms (k1) → SSE-C (key sha256:00)"; diffs != want {
		t.Errorf("differences %q, want %q", diffs, want)
	}
	ssec := SourceAttrs{SSEC: true, SSECKey: "sha256:11"}
	if err := CheckKeptEncryption(Target{}, ssec); err == nil || !strings.Contains(err.Error(), "--sse-c-key") {
		t.Errorf("keeping SSE-C without a key: %v", err)
	}
	for _, ok := range []Target{{SSECKey: "sha256:11"}, {SSE: "AES256"}, {SSE: "none"}} {
		if err := CheckKeptEncryption(ok, ssec); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
	if err := CheckKeptEncryption(Target{}, src); err != nil {
		t.Errorf("a source without SSE-C: %v", err)
	}
	same := Target{SSECKey: "sha256:11"}.Resolve(ObjectHeaders{}, ssec)
	if d := Differences(ObjectHeaders{}, ssec, same); len(d) != 0 {
		t.Errorf("the same key differs: %v", d)
	}
}

// A KMS key goes with aws:kms and with aws:kms:dsse alike.
func TestResolveKMSKeyDSSE(t *testing.T) {
	n := Target{SSE: "aws:kms:dsse", SSEKMSKeyID: "k9"}.Resolve(ObjectHeaders{}, SourceAttrs{})
	if n.SSEKMSKeyID != "k9" {
		t.Errorf("the key was dropped: %+v", n)
	}
	if got := ChangesText(Differences(ObjectHeaders{}, SourceAttrs{}, n)); got != "encryption - → aws:kms:dsse (k9)" {
		t.Errorf("differences %q", got)
	}
}

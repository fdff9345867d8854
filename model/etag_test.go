package model

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// expectedMultipartETag computes the S3 multipart ETag of parts holding these
// bytes: the MD5 of the concatenated binary part MD5s, "-N", quoted.
func expectedMultipartETag(parts [][]byte) (etags []string, want string) {
	var cat []byte
	for _, p := range parts {
		sum := md5.Sum(p)
		cat = append(cat, sum[:]...)
		etags = append(etags, `"`+hex.EncodeToString(sum[:])+`"`)
	}
	sum := md5.Sum(cat)
	return etags, fmt.Sprintf(`"%s-%d"`, hex.EncodeToString(sum[:]), len(parts))
}

func TestMultipartETag(t *testing.T) {
	tests := []struct {
		name  string
		parts [][]byte
	}{
		{"one part", [][]byte{[]byte("hello world")}},
		{"two parts", [][]byte{[]byte("hello "), []byte("world")}},
		{"empty part", [][]byte{{}}},
		{"three parts", [][]byte{bytes.Repeat([]byte{'a'}, 5<<20), bytes.Repeat([]byte{'b'}, 5<<20), []byte("tail")}},
		{"binary", [][]byte{{0, 1, 2, 255}, {254, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			etags, want := expectedMultipartETag(tt.parts)
			got, err := MultipartETag(etags)
			if err != nil {
				t.Fatalf("MultipartETag(%q) error: %v", etags, err)
			}
			if got != want {
				t.Errorf("MultipartETag(%q) = %s, want %s", etags, got, want)
			}
			if !strings.HasSuffix(got, fmt.Sprintf(`-%d"`, len(tt.parts))) {
				t.Errorf("MultipartETag = %s, want a -%d suffix", got, len(tt.parts))
			}
		})
	}
}

// Known values, computed outside Go.
func TestMultipartETagKnown(t *testing.T) {
	tests := []struct {
		etags []string
		want  string
	}{
		// md5("hello "), md5("world")
		{[]string{"f814893777bcc2295fff05f00e508da6", "7d793037a0760186574b0282f2f435e7"}, `"e09e4fd6265b36115fe3db32df945d84-2"`},
		// Quoting and case of the part ETags do not matter.
		{[]string{`"F814893777BCC2295FFF05F00E508DA6"`, `"7d793037a0760186574b0282f2f435e7"`}, `"e09e4fd6265b36115fe3db32df945d84-2"`},
		// md5("") alone.
		{[]string{`"d41d8cd98f00b204e9800998ecf8427e"`}, `"59adb24ef3cdbe0297f05b395827453f-1"`},
	}
	for _, tt := range tests {
		got, err := MultipartETag(tt.etags)
		if err != nil || got != tt.want {
			t.Errorf("MultipartETag(%q) = %s, %v; want %s", tt.etags, got, err, tt.want)
		}
	}
}

func TestMultipartETagOrderMatters(t *testing.T) {
	a := fmt.Sprintf("%x", md5.Sum([]byte("a")))
	b := fmt.Sprintf("%x", md5.Sum([]byte("b")))
	ab, err1 := MultipartETag([]string{a, b})
	ba, err2 := MultipartETag([]string{b, a})
	if err1 != nil || err2 != nil {
		t.Fatalf("errors: %v, %v", err1, err2)
	}
	if ab == ba {
		t.Errorf("MultipartETag ignores part order: both %s", ab)
	}
}

func TestMultipartETagErrors(t *testing.T) {
	good := `"d41d8cd98f00b204e9800998ecf8427e"`
	tests := []struct {
		name     string
		etags    []string
		contains []string
	}{
		{"none", nil, []string{"no part ETags"}},
		{"empty list", []string{}, []string{"no part ETags"}},
		{"empty etag", []string{good, ""}, []string{"part 2"}},
		{"short", []string{`"abc"`}, []string{"part 1", `"abc"`, "not an MD5"}},
		{"not hex", []string{`"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"`}, []string{"part 1", "zzzz", "not an MD5"}},
		{"multipart etag", []string{good, `"59adb24ef3cdbe0297f05b395827453f-1"`}, []string{"part 2", "59adb24ef3cdbe0297f05b395827453f-1"}},
		{"too long", []string{"d41d8cd98f00b204e9800998ecf8427e00"}, []string{"part 1"}},
		{"sha256", []string{"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}, []string{"part 1"}},
		{"weak", []string{`W/"d41d8cd98f00b204e9800998ecf8427e"`}, []string{"part 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MultipartETag(tt.etags)
			if err == nil {
				t.Fatalf("MultipartETag(%q) = %s, want an error", tt.etags, got)
			}
			if got != "" {
				t.Errorf("MultipartETag returned %q with its error", got)
			}
			for _, c := range tt.contains {
				if !strings.Contains(err.Error(), c) {
					t.Errorf("error %q does not contain %q", err, c)
				}
			}
		})
	}
}

func TestIsMD5ETag(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"d41d8cd98f00b204e9800998ecf8427e", true},
		{`"d41d8cd98f00b204e9800998ecf8427e"`, true},
		{`"D41D8CD98F00B204E9800998ECF8427E"`, true},
		{"", false},
		{`""`, false},
		{"abc", false},
		{"d41d8cd98f00b204e9800998ecf8427", false},
		{"d41d8cd98f00b204e9800998ecf8427e0", false},
		{"d41d8cd98f00b204e9800998ecf8427e00", false},
		{`"d41d8cd98f00b204e9800998ecf842"`, false},
		{`"59adb24ef3cdbe0297f05b395827453f-1"`, false},
		{`"59adb24ef3cdbe0297f05b39582745-1"`, false}, // 32 characters with the -1
		{`"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"`, false},
		{`W/"d41d8cd98f00b204e9800998ecf8427e"`, false},
	}
	for _, tt := range tests {
		if got := IsMD5ETag(tt.in); got != tt.want {
			t.Errorf("IsMD5ETag(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSameETag(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{`"abc"`, `"abc"`, true},
		{`"abc"`, "abc", true},
		{"abc", `"abc"`, true},
		{`"ABC"`, "abc", true},
		{`"d41d8cd98f00b204e9800998ecf8427e-2"`, "D41D8CD98F00B204E9800998ECF8427E-2", true},
		{"", "", true},
		{"", `""`, true},
		{`"abc"`, `"abd"`, false},
		{"abc", "abc-1", false},
		{"abc", "", false},
	}
	for _, tt := range tests {
		if got := SameETag(tt.a, tt.b); got != tt.want {
			t.Errorf("SameETag(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := SameETag(tt.b, tt.a); got != tt.want {
			t.Errorf("SameETag(%q, %q) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
}

// The multipart ETag MultipartETag predicts is the one a completed upload
// reports, so the verification compare must accept it in S3's unquoted form.
func TestMultipartETagMatchesWithSameETag(t *testing.T) {
	etags, want := expectedMultipartETag([][]byte{[]byte("x"), []byte("y")})
	got, err := MultipartETag(etags)
	if err != nil {
		t.Fatal(err)
	}
	if !SameETag(got, strings.Trim(want, `"`)) {
		t.Errorf("SameETag(%s, unquoted %s) = false", got, want)
	}
	if IsMD5ETag(got) {
		t.Errorf("IsMD5ETag(%s) = true for a multipart ETag", got)
	}
}

package model

import (
	"strings"
	"testing"
)

func TestRefRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		ref  Ref
	}{
		{"bucket only", Ref{Bucket: "bkt"}},
		{"plain key", Ref{Bucket: "bkt", Key: "dir/file.bin"}},
		{"plain key with version", Ref{Bucket: "bkt", Key: "dir/file.bin", VersionID: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"}},
		{"spaces", Ref{Bucket: "bkt", Key: "my dir/my file .txt"}},
		{"spaces with version", Ref{Bucket: "bkt", Key: "my file", VersionID: "v1"}},
		{"unicode", Ref{Bucket: "bkt", Key: "données/日本語/ファイル 🚀.txt"}},
		{"unicode with version", Ref{Bucket: "bkt", Key: "Ünïcödé", VersionID: "ü"}},
		{"plus", Ref{Bucket: "bkt", Key: "a+b c+d"}},
		{"question mark", Ref{Bucket: "bkt", Key: "what?really"}},
		{"question mark with version", Ref{Bucket: "bkt", Key: "what?really", VersionID: "v2"}},
		{"hash", Ref{Bucket: "bkt", Key: "notes#1#2"}},
		{"percent", Ref{Bucket: "bkt", Key: "100%25 done %20 %"}},
		{"percent with version", Ref{Bucket: "bkt", Key: "%2F%3F", VersionID: "null"}},
		{"all specials", Ref{Bucket: "bkt", Key: " +?#% &=;"}},
		{"leading slash", Ref{Bucket: "bkt", Key: "/abs/path"}},
		{"trailing slash", Ref{Bucket: "bkt", Key: "folder/"}},
		{"version with slash", Ref{Bucket: "bkt", Key: "k", VersionID: "a/b"}},
		{"literal versionId in key", Ref{Bucket: "bkt", Key: "a?versionId=b"}},
		{"literal versionId in key with version", Ref{Bucket: "bkt", Key: "a?versionId=b", VersionID: "c"}},
		{"key ends with literal versionId", Ref{Bucket: "bkt", Key: "a?versionId="}},
		{"key ends with literal versionId with version", Ref{Bucket: "bkt", Key: "a?versionId=", VersionID: "v"}},
		{"key is literal versionId", Ref{Bucket: "bkt", Key: "?versionId="}},
		{"key starts with literal versionId", Ref{Bucket: "bkt", Key: "?versionId=x", VersionID: "y"}},
		{"key has literal versionId twice", Ref{Bucket: "bkt", Key: "x?versionId=1?versionId=2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.ref.String()
			if !strings.HasPrefix(s, "s3://"+tt.ref.Bucket) {
				t.Errorf("String() = %q, want prefix s3://%s", s, tt.ref.Bucket)
			}
			got, err := ParseRef(s)
			if err != nil {
				t.Fatalf("ParseRef(%q) error: %v", s, err)
			}
			if got != tt.ref {
				t.Fatalf("ParseRef(%q) = %#v, want %#v", s, got, tt.ref)
			}
			if s2 := got.String(); s2 != s {
				t.Errorf("String after round trip = %q, want %q", s2, s)
			}
		})
	}
}

func TestParseRef(t *testing.T) {
	tests := []struct {
		in   string
		want Ref
	}{
		{"s3://bkt", Ref{Bucket: "bkt"}},
		{"s3://bkt/", Ref{Bucket: "bkt"}},
		{"s3://bkt/key", Ref{Bucket: "bkt", Key: "key"}},
		{"s3://bkt/a/b/c", Ref{Bucket: "bkt", Key: "a/b/c"}},
		{"s3://bkt/key?versionId=abc", Ref{Bucket: "bkt", Key: "key", VersionID: "abc"}},
		{"s3://bkt/key?versionId=", Ref{Bucket: "bkt", Key: "key"}},
		{"s3://bkt/my key+1%20#x?y", Ref{Bucket: "bkt", Key: "my key+1%20#x?y"}},
		{"s3://bkt/a?versionId=b?versionId=c", Ref{Bucket: "bkt", Key: "a?versionId=b", VersionID: "c"}},
		{"s3://bkt/a?versionId=b?versionId=", Ref{Bucket: "bkt", Key: "a?versionId=b"}},
		{"s3://bkt/a?versionid=b", Ref{Bucket: "bkt", Key: "a?versionid=b"}}, // case matters
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRef(tt.in)
			if err != nil {
				t.Fatalf("ParseRef(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseRef(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseRefErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		contains []string
	}{
		{"empty", "", []string{`""`, "s3://"}},
		{"missing scheme", "bkt/key", []string{`"bkt/key"`, "s3://"}},
		{"wrong scheme", "gs://bkt/key", []string{`"gs://bkt/key"`}},
		{"https scheme", "https://bkt.s3.amazonaws.com/key", []string{`"https://bkt.s3.amazonaws.com/key"`}},
		{"uppercase scheme", "S3://bkt/key", []string{`"S3://bkt/key"`}},
		{"scheme only", "s3://", []string{`"s3://"`, "bucket"}},
		{"empty bucket", "s3:///key", []string{`"s3:///key"`, "bucket"}},
		{"empty bucket with version", "s3:///key?versionId=v", []string{`"s3:///key?versionId=v"`}},
		{"bucket with question mark", "s3://bkt?versionId=v", []string{`"bkt?versionId=v"`}},
		{"bucket with space", "s3://my bkt/key", []string{`"my bkt"`}},
		{"bucket with hash", "s3://b#x/key", []string{`"b#x"`}},
		{"bucket with percent", "s3://b%20/key", []string{`"b%20"`}},
		{"version without key", "s3://bkt/?versionId=v", []string{`"s3://bkt/?versionId=v"`, "key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRef(tt.in)
			if err == nil {
				t.Fatalf("ParseRef(%q) = %#v, want an error", tt.in, got)
			}
			if got != (Ref{}) {
				t.Errorf("ParseRef(%q) returned %#v with its error, want the zero Ref", tt.in, got)
			}
			for _, c := range tt.contains {
				if !strings.Contains(err.Error(), c) {
					t.Errorf("ParseRef(%q) error %q does not contain %q", tt.in, err, c)
				}
			}
		})
	}
}

func TestParseObjectRef(t *testing.T) {
	tests := []struct {
		in       string
		want     Ref
		contains []string // non-nil: an error is expected
	}{
		{in: "s3://bkt/key", want: Ref{Bucket: "bkt", Key: "key"}},
		{in: "s3://bkt/key?versionId=v", want: Ref{Bucket: "bkt", Key: "key", VersionID: "v"}},
		{in: "s3://bkt/ ", want: Ref{Bucket: "bkt", Key: " "}},
		{in: "s3://bkt", contains: []string{`"s3://bkt"`, "s3://bkt/KEY", "bucket"}},
		{in: "s3://bkt/", contains: []string{`"s3://bkt/"`, "s3://bkt/KEY"}},
		{in: "bkt/key", contains: []string{`"bkt/key"`}},
		{in: "s3:///key", contains: []string{`"s3:///key"`}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseObjectRef(tt.in)
			if tt.contains == nil {
				if err != nil {
					t.Fatalf("ParseObjectRef(%q) error: %v", tt.in, err)
				}
				if got != tt.want {
					t.Errorf("ParseObjectRef(%q) = %#v, want %#v", tt.in, got, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseObjectRef(%q) = %#v, want an error", tt.in, got)
			}
			if got != (Ref{}) {
				t.Errorf("ParseObjectRef(%q) returned %#v with its error, want the zero Ref", tt.in, got)
			}
			for _, c := range tt.contains {
				if !strings.Contains(err.Error(), c) {
					t.Errorf("ParseObjectRef(%q) error %q does not contain %q", tt.in, err, c)
				}
			}
		})
	}
}

func TestRefString(t *testing.T) {
	tests := []struct {
		ref  Ref
		want string
	}{
		{Ref{Bucket: "b"}, "s3://b"},
		{Ref{Bucket: "b", Key: "k"}, "s3://b/k"},
		{Ref{Bucket: "b", Key: "k", VersionID: "v"}, "s3://b/k?versionId=v"},
		{Ref{Bucket: "b", Key: "a b+c%d#e?f"}, "s3://b/a b+c%d#e?f"},
		{Ref{Bucket: "b", Key: "a?versionId=x"}, "s3://b/a?versionId=x?versionId="},
		{Ref{Bucket: "b", Key: "a?versionId=x", VersionID: "y"}, "s3://b/a?versionId=x?versionId=y"},
	}
	for _, tt := range tests {
		if got := tt.ref.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.ref, got, tt.want)
		}
	}
}

func TestRefWithoutVersion(t *testing.T) {
	r := Ref{Bucket: "b", Key: "k", VersionID: "v"}
	got := r.WithoutVersion()
	if want := (Ref{Bucket: "b", Key: "k"}); got != want {
		t.Errorf("WithoutVersion() = %#v, want %#v", got, want)
	}
	if r.VersionID != "v" {
		t.Errorf("WithoutVersion changed its receiver: %#v", r)
	}
}

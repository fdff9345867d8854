package model

import (
	"strings"
	"testing"
)

func TestResolveChecksum(t *testing.T) {
	crc64 := Checksum{Algorithm: "CRC64NVME", Type: ChecksumFullObject, Value: "YTShlb4arGA="}
	crc32Full := Checksum{Algorithm: "CRC32", Type: ChecksumFullObject, Value: "PrbKMg=="}
	crc32Comp := Checksum{Algorithm: "CRC32", Type: ChecksumComposite, Value: "PrbKMg==-3"}
	sha := Checksum{Algorithm: "SHA256", Type: ChecksumComposite, Value: "abc="}
	for _, tc := range []struct {
		choice    string
		src       Checksum
		alg, typ  string
		expectSet bool
	}{
		{"", crc64, "CRC64NVME", ChecksumFullObject, true},
		{"", crc32Full, "CRC32", ChecksumFullObject, true},
		{"", crc32Comp, "", "", false},
		{"", sha, "", "", false},
		{"", Checksum{}, "", "", false},
		{"none", crc64, "", "", false},
		{"SHA256", crc64, "SHA256", ChecksumComposite, false},
		{"SHA1", Checksum{}, "SHA1", ChecksumComposite, false},
		{"CRC64NVME", Checksum{}, "CRC64NVME", ChecksumFullObject, false},
		{"CRC64NVME", crc32Full, "CRC64NVME", ChecksumFullObject, false},
		{"CRC32", crc32Full, "CRC32", ChecksumFullObject, true},
		{"CRC32C", crc32Full, "CRC32C", ChecksumComposite, false},
		{"CRC32", Checksum{}, "CRC32", ChecksumComposite, false},
	} {
		plan := Plan{SourceSize: 10, Parts: []PlannedPart{{1, ByteRange{0, 5}}, {2, ByteRange{6, 9}}},
			SourceAttrs: SourceAttrs{Checksum: tc.src}, Target: Target{Checksum: tc.choice}}
		n := plan.NewObject()
		if n.ChecksumAlgorithm != tc.alg || n.ChecksumType != tc.typ {
			t.Errorf("%q on %v: got %s %s, want %s %s", tc.choice, tc.src, n.ChecksumAlgorithm, n.ChecksumType, tc.alg, tc.typ)
		}
		want := plan.ExpectedChecksum()
		if (want.Value != "") != tc.expectSet || tc.expectSet && (want.Value != tc.src.Value || want.Algorithm != tc.alg || want.Type != ChecksumFullObject) {
			t.Errorf("%q on %v: expected %v", tc.choice, tc.src, want)
		}
	}
}

func TestExpectedChecksumOnlyForTheWholeSource(t *testing.T) {
	src := SourceAttrs{Checksum: Checksum{Algorithm: "CRC64NVME", Type: ChecksumFullObject, Value: "YTShlb4arGA="}}
	for _, tc := range []struct {
		name  string
		parts []PlannedPart
		whole bool
	}{
		{"in order", []PlannedPart{{1, ByteRange{0, 5}}, {2, ByteRange{6, 9}}}, true},
		{"numbered out of byte order", []PlannedPart{{1, ByteRange{6, 9}}, {2, ByteRange{0, 5}}}, false},
		{"a hole", []PlannedPart{{1, ByteRange{0, 4}}, {2, ByteRange{6, 9}}}, false},
		{"short", []PlannedPart{{1, ByteRange{0, 5}}}, false},
		{"one whole part", []PlannedPart{{1, ByteRange{0, 9}}}, true},
	} {
		plan := Plan{SourceSize: 10, Parts: tc.parts, SourceAttrs: src}
		if got := plan.CopiesWholeSource(); got != tc.whole {
			t.Errorf("%s: CopiesWholeSource %v, want %v", tc.name, got, tc.whole)
		}
		if got := plan.ExpectedChecksum().Value != ""; got != tc.whole {
			t.Errorf("%s: expected checksum set %v, want %v", tc.name, got, tc.whole)
		}
	}
}

func TestParseChecksumChoice(t *testing.T) {
	for in, want := range map[string]string{"crc64nvme": "CRC64NVME", "SHA256": "SHA256", "None": "none", "crc32c": "CRC32C"} {
		if got, err := ParseChecksumChoice(in); err != nil || got != want {
			t.Errorf("%q: %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"md5", "crc", "sha512", " "} {
		if _, err := ParseChecksumChoice(in); err == nil || !strings.Contains(err.Error(), `"`+in+`"`) {
			t.Errorf("%q: %v, want an error naming it", in, err)
		}
	}
}

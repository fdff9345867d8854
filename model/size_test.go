package model

import (
	"strings"
	"testing"
)

func TestSizeConstants(t *testing.T) {
	if KiB != 1024 || MiB != 1024*1024 || GiB != 1024*1024*1024 || TiB != 1024*1024*1024*1024 {
		t.Fatalf("unit constants wrong: KiB=%d MiB=%d GiB=%d TiB=%d", KiB, MiB, GiB, TiB)
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"0", 0},
		{"1", 1},
		{"1048576", 1048576},
		{"5368709120", 5 * GiB},
		{"64MiB", 64 * MiB},
		{"64mib", 64 * MiB},
		{"64MIB", 64 * MiB},
		{"64 MiB", 64 * MiB},
		{"  64 MiB  ", 64 * MiB},
		{"\t64MiB\n", 64 * MiB},
		{"64M", 64 * MiB},
		{"5m", 5 * MiB},
		{"5 m", 5 * MiB},
		{"1GB", 1_000_000_000},
		{"1gb", 1_000_000_000},
		{"1 GB", 1_000_000_000},
		{"1.5GiB", 3 * GiB / 2},
		{"1.5 gib", 3 * GiB / 2},
		{"1.5G", 3 * GiB / 2},
		{"0.5KiB", 512},
		{".5KiB", 512},
		{"1.KiB", KiB},
		{"100B", 100},
		{"100 b", 100},
		{"1k", KiB},
		{"1K", KiB},
		{"1KiB", KiB},
		{"1KB", 1000},
		{"1kb", 1000},
		{"1MB", 1_000_000},
		{"2.5MB", 2_500_000},
		{"2.3GB", 2_300_000_000},
		{"1g", GiB},
		{"1GiB", GiB},
		{"1t", TiB},
		{"1TiB", TiB},
		{"1TB", 1_000_000_000_000},
		{"48TiB", 48 * TiB},
		{"5GiB", 5 * GiB},
		{"007MiB", 7 * MiB},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSize(tt.in)
			if err != nil {
				t.Fatalf("ParseSize(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseSize(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseSizeErrors(t *testing.T) {
	tests := []struct {
		in       string
		contains string // besides the quoted input
	}{
		{"", "not valid"},
		{"   ", "not valid"},
		{"abc", "not valid"},
		{"MiB", "not valid"},
		{"5XB", "not valid"},
		{"5 XB", "not valid"},
		{"5MiBs", "not valid"},
		{"5 M B", "not valid"},
		{"-1", "not valid"},
		{"-1MiB", "not valid"},
		{"+1", "not valid"},
		{"1e3", "not valid"},
		{"0x10", "not valid"},
		{"1,000", "not valid"},
		{"1.2.3", "not a number"},
		{".", "not a number"},
		{"1.3B", "whole number"},
		{"1.3", "whole number"},
		{"0.5", "whole number"},
		{"1.1KiB", "whole number"},
		{"1.0000001KB", "whole number"},
		{"99999999TiB", "too large"},
		{"9999999999999999999", "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSize(tt.in)
			if err == nil {
				t.Fatalf("ParseSize(%q) = %d, want an error", tt.in, got)
			}
			if got != 0 {
				t.Errorf("ParseSize(%q) returned %d with its error, want 0", tt.in, got)
			}
			msg := err.Error()
			if quoted := `"` + tt.in + `"`; !strings.Contains(msg, quoted) {
				t.Errorf("ParseSize(%q) error %q does not name the input %s", tt.in, msg, quoted)
			}
			if !strings.Contains(msg, tt.contains) {
				t.Errorf("ParseSize(%q) error %q does not contain %q", tt.in, msg, tt.contains)
			}
		})
	}
}

// Decimal sizes are exact numbers of bytes: floating point would make
// 1.005KB a hair under 1005.
func TestParseSizeDecimalPrecision(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"1.005KB", 1005},
		{"1.001MB", 1_001_000},
		{"1.003MB", 1_003_000},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, nil", tt.in, got, err, tt.want)
		}
	}
}

// Plain byte counts above 2^53 (not representable in a float64) are exact.
func TestParseSizeLargeExactBytes(t *testing.T) {
	const in, want = "9007199254740993", int64(1<<53 + 1)
	got, err := ParseSize(in)
	if err != nil || got != want {
		t.Errorf("ParseSize(%q) = %d, %v; want %d, nil", in, got, err, want)
	}
}

func TestFormatSize(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0 B"},
		{1, "1 B"},
		{1023, "1023 B"},
		{1024, "1 KiB"},
		{1536, "1.5 KiB"},
		{5 * MiB, "5 MiB"},
		{64 * MiB, "64 MiB"},
		{64*MiB + 512*KiB, "64.5 MiB"},
		{1_000_000_000, "953.7 MiB"},
		{GiB, "1 GiB"},
		{3 * GiB / 2, "1.5 GiB"},
		{5 * GiB, "5 GiB"},
		{TiB, "1 TiB"},
		{48 * TiB, "48 TiB"},
		{48*TiB + 819*GiB, "48.8 TiB"},
		{1024 * TiB, "1024 TiB"},
	}
	for _, tt := range tests {
		if got := FormatSize(tt.in); got != tt.want {
			t.Errorf("FormatSize(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FormatSize output for whole units reads back through ParseSize.
func TestFormatSizeParsesBack(t *testing.T) {
	for _, n := range []int64{0, 1, 1023, KiB, 7 * KiB, 64 * MiB, 5 * GiB, 48 * TiB} {
		s := FormatSize(n)
		got, err := ParseSize(s)
		if err != nil || got != n {
			t.Errorf("ParseSize(FormatSize(%d) = %q) = %d, %v; want %d", n, s, got, err, n)
		}
	}
}

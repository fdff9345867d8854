package model

import (
	"fmt"
	"slices"
	"strings"
)

// ChecksumAlgorithms are the algorithms an upload can be created with
// (--checksum), strongest proof first for a copy: CRC64NVME is always a
// whole-object checksum.
var ChecksumAlgorithms = []string{"CRC64NVME", "CRC32", "CRC32C", "SHA1", "SHA256"}

// Checksum types, and the choice that turns checksums off.
const (
	ChecksumFullObject = "FULL_OBJECT"
	ChecksumComposite  = "COMPOSITE"
	ChecksumNone       = "none"
)

// Checksum is an object's additional checksum as S3 reports it: the
// algorithm, FULL_OBJECT or COMPOSITE, and the base64 value (a composite
// value ends in -N, its part count).
type Checksum struct {
	Algorithm string `json:"algorithm,omitempty"`
	Type      string `json:"type,omitempty"`
	Value     string `json:"value,omitempty"`
}

// IsFullObject reports a checksum of the whole object's bytes, which a
// copy cut into other parts can be compared with: CRC64NVME always is
// one; CRC32 and CRC32C are when their type says so.
func (c Checksum) IsFullObject() bool {
	switch {
	case c.Value == "" || strings.Contains(c.Value, "-"):
		return false
	case c.Algorithm == "CRC64NVME":
		return true
	case c.Algorithm == "CRC32" || c.Algorithm == "CRC32C":
		return c.Type == ChecksumFullObject
	}
	return false
}

func (c Checksum) String() string {
	if c.Algorithm == "" {
		return ""
	}
	s := c.Algorithm
	if c.Type != "" {
		s += " (" + c.Type + ")"
	}
	if c.Value != "" {
		s += " " + c.Value
	}
	return s
}

// ParseChecksumChoice reads --checksum: an algorithm (any case) or none.
func ParseChecksumChoice(s string) (string, error) {
	if strings.EqualFold(s, ChecksumNone) {
		return ChecksumNone, nil
	}
	if up := strings.ToUpper(s); slices.Contains(ChecksumAlgorithms, up) {
		return up, nil
	}
	return "", fmt.Errorf("checksum %q is not one of %s or none", s, strings.Join(ChecksumAlgorithms, ", "))
}

// resolveChecksum is the algorithm and type the upload is created with:
// choice "" follows a source with a whole-object checksum (so the server
// can prove the copy equal to it) and asks for nothing otherwise.
func resolveChecksum(choice string, src Checksum) (alg, typ string) {
	switch choice {
	case "":
		if src.IsFullObject() {
			return src.Algorithm, ChecksumFullObject
		}
		return "", ""
	case ChecksumNone:
		return "", ""
	case "CRC64NVME":
		return choice, ChecksumFullObject
	case "CRC32", "CRC32C":
		if src.IsFullObject() && src.Algorithm == choice {
			return choice, ChecksumFullObject
		}
		return choice, ChecksumComposite
	}
	return choice, ChecksumComposite // SHA1, SHA256: S3 combines them per part only
}

// ExpectedChecksum is the whole-object checksum the new object must have
// when the server is to prove it equal to the source: the source's, when
// the upload is created with its algorithm as FULL_OBJECT and the parts
// are the whole source in order. Zero when there is nothing to prove.
func (p Plan) ExpectedChecksum() Checksum {
	src, n := p.SourceAttrs.Checksum, p.NewObject()
	if !src.IsFullObject() || n.ChecksumType != ChecksumFullObject || n.ChecksumAlgorithm != src.Algorithm || !p.CopiesWholeSource() {
		return Checksum{}
	}
	return Checksum{Algorithm: src.Algorithm, Type: ChecksumFullObject, Value: src.Value}
}

// CopiesWholeSource reports parts that, in part-number order, are the
// source's bytes from first to last: the new object is the source.
func (p Plan) CopiesWholeSource() bool {
	if len(p.Parts) == 0 {
		return false
	}
	parts := slices.Clone(p.Parts)
	slices.SortFunc(parts, func(a, b PlannedPart) int { return int(a.Number) - int(b.Number) })
	if p.SourceSize == 0 {
		return len(parts) == 1 && parts[0].Range.Len() == 0
	}
	var next int64
	for _, pt := range parts {
		if pt.Range.First != next || pt.Range.Len() <= 0 {
			return false
		}
		next = pt.Range.Last + 1
	}
	return next == p.SourceSize
}

package model

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// r2Limits are Cloudflare R2's rules as the r2 preset states them.
var r2Limits = Limits{Provider: "r2", MinPartSize: 5 * MiB, MaxPartSize: 5*GiB - 5*MiB, MaxParts: 10000, EqualParts: true}

// scwLimits are Scaleway's: 1,000 parts of 5 MB-5 GB.
var scwLimits = Limits{Provider: "scaleway", MinPartSize: 5 * MiB, MaxPartSize: 5_000_000_000, MaxParts: 1000}

func wantErr(t *testing.T, err error, contains ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", contains)
	}
	for _, c := range contains {
		if !strings.Contains(err.Error(), c) {
			t.Errorf("error %q does not contain %q", err, c)
		}
	}
}

func TestEqualPartsValidate(t *testing.T) {
	pp := func(n int32, first, last int64) PlannedPart { return PlannedPart{n, ByteRange{first, last}} }
	size := 40 * MiB
	ok := [][]PlannedPart{
		{pp(1, 0, size-1)},
		{pp(1, 0, 16*MiB-1), pp(2, 16*MiB, 32*MiB-1), pp(3, 32*MiB, size-1)}, // last smaller
		{pp(1, 0, 20*MiB-1), pp(2, 20*MiB, size-1)},                          // last equal
	}
	for _, parts := range ok {
		if err := ValidateParts(parts, size, r2Limits); err != nil {
			t.Errorf("ValidateParts(%v) = %v, want nil", parts, err)
		}
	}
	// A middle part of another size: named, with both sizes and the provider.
	mid := []PlannedPart{pp(1, 0, 16*MiB-1), pp(2, 16*MiB, 26*MiB-1), pp(3, 26*MiB, size-1)}
	wantErr(t, ValidateParts(mid, size, r2Limits), "part 2 (bytes=16777216-27262975) is 10 MiB", "the first part is 16 MiB", "r2 provider", "same size")
	// The last larger than the others.
	big := []PlannedPart{pp(1, 0, 10*MiB-1), pp(2, 10*MiB, 20*MiB-1), pp(3, 20*MiB, size-1)}
	wantErr(t, ValidateParts(big, size, r2Limits), "part 3 (bytes=20971520-41943039) is 20 MiB", "larger than the others' 10 MiB", "the last no larger")
	// Sizes a byte apart are said exactly, not as two equal roundings.
	near := []PlannedPart{pp(1, 0, 16*MiB-1), pp(2, 16*MiB, 32*MiB), pp(3, 32*MiB+1, size-1)}
	wantErr(t, ValidateParts(near, size, r2Limits), "part 2 (bytes=16777216-33554432) is 16777217 B, the first part is 16777216 B")
	// Without the rule both plans are fine.
	l := r2Limits
	l.EqualParts = false
	for _, parts := range [][]PlannedPart{mid, big} {
		if err := ValidateParts(parts, size, l); err != nil {
			t.Errorf("without EqualParts: %v", err)
		}
	}
}

func TestEqualPartsHandPickedRanges(t *testing.T) {
	size := 64 * MiB
	_, err := PartsFromRanges([]ByteRange{{0, 8*MiB - 1}, {8 * MiB, 24*MiB - 1}, {24 * MiB, 30 * MiB}}, size, r2Limits)
	wantErr(t, err, "part 2", "16 MiB", "the first part is 8 MiB", "r2")
	parts, err := PartsFromRanges([]ByteRange{{0, 8*MiB - 1}, {8 * MiB, 16*MiB - 1}, {32 * MiB, 35 * MiB}}, size, r2Limits)
	if err != nil || len(parts) != 3 {
		t.Fatalf("equal ranges, smaller last: %v, %v", parts, err)
	}
}

// Auto part size under EqualParts gives equal parts, the last no larger,
// and under MaxParts 1000 stays within 1000 parts, for any size the
// provider can take.
func TestAutoPartSizeEqualAndFewParts(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 4))
	sizes := []int64{1, 5 * MiB, 5*MiB + 1, 64 * GiB, 64*GiB + 1, 4 * TiB, 1000 * 5_000_000_000}
	for range 300 {
		sizes = append(sizes, rng.Int64N(4*TiB)+1)
	}
	for _, size := range sizes {
		parts, err := SplitParts(size, 0, r2Limits)
		if err != nil {
			t.Fatalf("r2, size %d: %v", size, err)
		}
		first := parts[0].Range.Len()
		for i, p := range parts {
			if n := p.Range.Len(); i < len(parts)-1 && n != first || n > first {
				t.Fatalf("r2, size %d: part %d is %d bytes, the first %d", size, p.Number, n, first)
			}
		}
		if err := ValidateParts(parts, size, r2Limits); err != nil {
			t.Fatalf("r2, size %d: %v", size, err)
		}
		parts, err = SplitParts(size, 0, scwLimits)
		if err != nil {
			t.Fatalf("scaleway, size %d: %v", size, err)
		}
		if len(parts) > 1000 {
			t.Fatalf("scaleway, size %d: %d parts", size, len(parts))
		}
		if ps := AutoPartSize(size, scwLimits); ceilDiv(size, ps) > 1000 {
			t.Fatalf("scaleway, size %d: auto part size %d gives %d parts", size, ps, ceilDiv(size, ps))
		}
	}
}

func TestMaxPartsNamesTheProvider(t *testing.T) {
	_, err := SplitParts(10*GiB, 5*MiB, scwLimits)
	wantErr(t, err, "2048 parts", "scaleway provider's limit is 1000 parts", "at least 11 MiB")
	// Beyond what 1000 parts of the largest size hold.
	_, err = SplitParts(1000*5_000_000_000+1, 0, scwLimits)
	wantErr(t, err, "scaleway provider's limit is 1000 parts", "no part size")
	// A part number over the provider's count.
	pp := []PlannedPart{{Number: 1001, Range: ByteRange{0, 9}}}
	wantErr(t, ValidateParts(pp, 10, scwLimits), "part number 1001 is outside 1-1000", "scaleway")
	if n := scwLimits.MaxPartNumberFor(); n != 1000 {
		t.Errorf("MaxPartNumberFor = %d, want 1000", n)
	}
	if n := (Limits{}).MaxPartNumberFor(); n != MaxPartNumber {
		t.Errorf("no limit: MaxPartNumberFor = %d, want %d", n, MaxPartNumber)
	}
	rs := make([]ByteRange, 1001)
	for i := range rs {
		rs[i] = ByteRange{int64(i) * 5 * MiB, int64(i+1)*5*MiB - 1}
	}
	_, err = PartsFromRanges(rs, 1001*5*MiB, scwLimits)
	wantErr(t, err, "1001 ranges", "scaleway provider's limit is 1000 parts")
	if got := ExplainPartSize(1000*4*GiB, scwLimits); !strings.Contains(got, "1000-part limit") {
		t.Errorf("ExplainPartSize = %q, want the 1000-part limit named", got)
	}
}

func TestNoPartCopyRefusesEveryPlan(t *testing.T) {
	l := S3Limits
	l.Provider, l.NoPartCopy = "gcs", true
	_, err := SplitParts(100*MiB, 0, l)
	wantErr(t, err, "gcs provider has no UploadPartCopy", "CopyObject", "5 GiB")
	_, err = PartsFromRanges([]ByteRange{{0, 9}}, 10, l)
	wantErr(t, err, "no UploadPartCopy")
	wantErr(t, ValidateParts([]PlannedPart{{1, ByteRange{0, -1}}}, 0, l), "no UploadPartCopy")
	if err := S3Limits.CheckPartCopy(); err != nil {
		t.Errorf("S3Limits.CheckPartCopy = %v", err)
	}
}

func TestNoRecopy(t *testing.T) {
	l := Limits{Provider: "garage", NoRecopy: true}
	wantErr(t, l.CheckRecopy(3), "part 3 cannot be copied again", "garage provider", "400")
	if err := S3Limits.CheckRecopy(3); err != nil {
		t.Errorf("S3Limits.CheckRecopy = %v", err)
	}
}

func TestMinLastPartSize(t *testing.T) {
	l := S3Limits
	l.MinLastPartSize = 2 * MiB
	pp := func(n int32, first, last int64) PlannedPart { return PlannedPart{n, ByteRange{first, last}} }
	wantErr(t, ValidateParts([]PlannedPart{pp(1, 0, 5*MiB-1), pp(2, 5*MiB, 6*MiB-1)}, 6*MiB, l),
		"part 2 (bytes=5242880-6291455) is 1 MiB", "last part to be 2 MiB at least")
	// One part is both first and last: a small source is still copied.
	if err := ValidateParts([]PlannedPart{pp(1, 0, 99)}, 100, l); err != nil {
		t.Errorf("single small part: %v", err)
	}
	// SplitParts folds a short tail into the part before it.
	parts, err := SplitParts(11*MiB, 5*MiB, l)
	if err != nil || len(parts) != 2 || parts[1].Range.Len() != 6*MiB {
		t.Fatalf("SplitParts = %v, %v; want 5 MiB + 6 MiB", parts, err)
	}
	// Under EqualParts the tail cannot be folded: the plan is refused.
	l.EqualParts = true
	_, err = SplitParts(11*MiB, 5*MiB, l)
	wantErr(t, err, "part 3", "2 MiB at least")
}

func TestNeeds(t *testing.T) {
	if got := strings.Join(r2Limits.Needs(), "; "); got != "parts must be equal, the last no larger (r2)" {
		t.Errorf("r2 Needs = %q", got)
	}
	if got := strings.Join(scwLimits.Needs(), "; "); got != "at most 1000 parts (scaleway)" {
		t.Errorf("scaleway Needs = %q", got)
	}
	if got := S3Limits.Needs(); len(got) != 0 {
		t.Errorf("S3 Needs = %q, want none", got)
	}
}

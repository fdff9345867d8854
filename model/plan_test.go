package model

import (
	"fmt"
	"strings"
	"testing"
)

func TestS3Limits(t *testing.T) {
	want := Limits{MinPartSize: 5 * MiB, MaxPartSize: 5 * GiB, MaxParts: 10000, MaxObjectSize: 48*TiB + 819*GiB}
	if S3Limits != want {
		t.Errorf("S3Limits = %+v, want %+v", S3Limits, want)
	}
	if MaxPartNumber != 10000 {
		t.Errorf("MaxPartNumber = %d, want 10000", MaxPartNumber)
	}
}

func TestAutoPartSize(t *testing.T) {
	tests := []struct {
		name string
		size int64
		l    Limits
		want int64
	}{
		{"empty", 0, S3Limits, 16 * MiB},
		{"one byte", 1, S3Limits, 16 * MiB},
		{"1 GiB: 64 parts at the floor", GiB, S3Limits, 16 * MiB},
		{"1.1 GiB: a whole MiB", GiB + 100*MiB, S3Limits, 18 * MiB},
		{"10 GiB: 64 parts", 10 * GiB, S3Limits, 160 * MiB},
		{"7.3 GiB: 8 MiB steps", 7*GiB + 300*MiB, S3Limits, 120 * MiB},
		{"100 GiB: two rounds of 64 parts", 100 * GiB, S3Limits, 800 * MiB},
		{"1 TiB: sixteen rounds of 1 GiB parts", TiB, S3Limits, GiB},
		{"48 TiB: the part limit, 64 MiB steps", 48 * TiB, S3Limits, 5056 * MiB},
		{"S3 max object", S3Limits.MaxObjectSize, S3Limits, 5 * GiB},
		{"over 10000 x max part", 100 * TiB, S3Limits, 5 * GiB},
		{"min part above floor", GiB, Limits{MinPartSize: 100 * MiB, MaxPartSize: 5 * GiB, MaxParts: 10000}, 104 * MiB},
		{"max part below floor", GiB, Limits{MinPartSize: 5 * MiB, MaxPartSize: 12 * MiB, MaxParts: 10000}, 12 * MiB},
		{"few parts allowed", 10 * GiB, Limits{MinPartSize: 5 * MiB, MaxPartSize: 5 * GiB, MaxParts: 10}, 1024 * MiB},
		{"few parts, rounded up to 64 MiB", 10*GiB + 1, Limits{MinPartSize: 5 * MiB, MaxPartSize: 5 * GiB, MaxParts: 10}, 1088 * MiB},
		{"no part count limit", 64 * GiB, Limits{MinPartSize: 5 * MiB, MaxPartSize: 5 * GiB}, GiB},
		{"no limits at all", 100 * TiB, Limits{}, GiB},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AutoPartSize(tt.size, tt.l); got != tt.want {
				t.Errorf("AutoPartSize(%d, %+v) = %d (%s), want %d (%s)", tt.size, tt.l, got, FormatSize(got), tt.want, FormatSize(tt.want))
			}
		})
	}
}

// For every size S3 can hold, the auto part size is within the limits, at
// least the 16 MiB floor, a multiple of its clean step, gives no more than
// MaxParts parts nor more than AutoInFlight unless the largest part forces
// it, and is the smallest such size.
func TestAutoPartSizeProperties(t *testing.T) {
	l := S3Limits
	floor := max(16*MiB, l.MinPartSize)
	sizes := []int64{0, 1, MiB - 1, MiB, 64*MiB - 1, 64 * MiB, 64*MiB + 1, GiB, GiB + 1, 100 * GiB, 625*GiB - 1, 625 * GiB, 625*GiB + 1,
		TiB - 1, TiB, TiB + 1, 10 * TiB, 12345678901234, 30*TiB + 7, 48*TiB - 1, 48 * TiB, 48*TiB + 1, l.MaxObjectSize - 1, l.MaxObjectSize}
	for i := int64(1); i <= 48; i++ {
		sizes = append(sizes, i*TiB-1, i*TiB+i*1_000_003, i*GiB+i*7_777_777)
	}
	// Whole rounds of AutoInFlight parts of at most 1 GiB.
	rounds := func(size int64) int64 { return max(1, ceilDiv(size, AutoInFlight*GiB)) }
	fits := func(size, ps int64) bool {
		n := ceilDiv(size, ps)
		return ps >= floor && n <= int64(l.MaxParts) && n <= AutoInFlight*rounds(size)
	}
	for _, size := range sizes {
		ps := AutoPartSize(size, l)
		if ps < floor {
			t.Errorf("AutoPartSize(%d) = %d: below the %d floor", size, ps, floor)
		}
		if ps < l.MinPartSize || ps > l.MaxPartSize {
			t.Errorf("AutoPartSize(%d) = %d: outside [%d, %d]", size, ps, l.MinPartSize, l.MaxPartSize)
		}
		if ps != l.MaxPartSize && ps%cleanStep(ps) != 0 {
			t.Errorf("AutoPartSize(%d) = %s: not a multiple of %s", size, FormatSize(ps), FormatSize(cleanStep(ps)))
		}
		n := ceilDiv(size, ps)
		if n > int64(l.MaxParts) {
			t.Errorf("AutoPartSize(%d) = %d gives %d parts, over %d", size, ps, n, l.MaxParts)
		}
		if ps > GiB && ceilDiv(size, GiB) <= int64(l.MaxParts) {
			t.Errorf("AutoPartSize(%d) = %s: over 1 GiB though 1 GiB parts fit the part limit", size, FormatSize(ps))
		}
		if smaller := ps - cleanStep(ps-1); fits(size, smaller) && smaller%cleanStep(smaller) == 0 {
			t.Errorf("AutoPartSize(%d) = %s, but %s would also do", size, FormatSize(ps), FormatSize(smaller))
		}
	}
}

// A provider whose minimum part size is not a whole MiB still gets a
// clean part size inside its limits, as AutoPartSize's doc promises.
func TestAutoPartSizeMinimumNotWholeMiB(t *testing.T) {
	l := Limits{MinPartSize: 100_000_000, MaxPartSize: 5 * GiB, MaxParts: 10000}
	// 100e6 bytes is 95.37 MiB: the smallest multiple of 8 MiB over it is 96 MiB.
	if got, want := AutoPartSize(GiB, l), 96*MiB; got != want {
		t.Errorf("AutoPartSize(1 GiB, %+v) = %d, want %d", l, got, want)
	}
}

// The plan says why it has the parts it has, in the words the planner and
// --dry-run print.
func TestExplainPartSize(t *testing.T) {
	for _, tt := range []struct {
		size int64
		want string
	}{
		{10 * GiB, "160 MiB × 64 parts: 64 in flight at ~64 MiB/s each"},
		{100 * MiB, "16 MiB × 7 parts: all at once at ~64 MiB/s each (parts are 16 MiB at least: smaller ones spend their time on requests)"},
		{13 * MiB, "1 part of 13 MiB (parts are 16 MiB at least: smaller ones spend their time on requests)"},
		{48 * TiB, "4.9 GiB × 9955 parts: as few as the provider's 10000-part limit allows; 64 in flight at ~64 MiB/s each"},
		{S3Limits.MaxObjectSize, "5 GiB × 9995 parts: the provider's largest part size; 64 in flight at ~64 MiB/s each"},
		{TiB, "1 GiB × 1024 parts: 16 rounds of 64 in flight at ~64 MiB/s each (no part over 1 GiB: a failed part is copied again whole)"},
	} {
		if got := ExplainPartSize(tt.size, S3Limits); got != tt.want {
			t.Errorf("ExplainPartSize(%s) = %q, want %q", FormatSize(tt.size), got, tt.want)
		}
	}
	few := Limits{MinPartSize: 5 * MiB, MaxPartSize: 5 * GiB, MaxParts: 10}
	if got, want := ExplainPartSize(10*GiB, few), "1 GiB × 10 parts: as few as the provider's 10-part limit allows; 10 in flight at ~64 MiB/s each"; got != want {
		t.Errorf("ExplainPartSize(10 GiB, 10 parts max) = %q, want %q", got, want)
	}
}

// checkCover asserts that parts are numbered 1..n, contiguous, and cover
// exactly [0, size), each partSize long but the last.
func checkCover(t *testing.T, parts []PlannedPart, size, partSize int64) {
	t.Helper()
	if len(parts) == 0 {
		t.Fatalf("no parts")
	}
	var next int64
	for i, p := range parts {
		if p.Number != int32(i+1) {
			t.Fatalf("part %d has number %d", i, p.Number)
		}
		if p.Range.First != next {
			t.Fatalf("part %d starts at %d, want %d (gap or overlap)", p.Number, p.Range.First, next)
		}
		if p.Range.Last < p.Range.First {
			t.Fatalf("part %d is empty: %+v", p.Number, p.Range)
		}
		if i < len(parts)-1 && p.Range.Len() != partSize {
			t.Fatalf("part %d is %d bytes, want %d", p.Number, p.Range.Len(), partSize)
		}
		if p.Range.Len() > partSize {
			t.Fatalf("part %d is %d bytes, over the part size %d", p.Number, p.Range.Len(), partSize)
		}
		next = p.Range.Last + 1
	}
	if next != size {
		t.Fatalf("parts end at %d, want %d", next, size)
	}
}

func TestSplitParts(t *testing.T) {
	tests := []struct {
		name     string
		size     int64
		partSize int64
		want     []PlannedPart
	}{
		{"exact multiple", 3 * 64 * MiB, 64 * MiB, []PlannedPart{
			{1, ByteRange{0, 64*MiB - 1}},
			{2, ByteRange{64 * MiB, 128*MiB - 1}},
			{3, ByteRange{128 * MiB, 192*MiB - 1}},
		}},
		{"remainder", 200 * MiB, 64 * MiB, []PlannedPart{
			{1, ByteRange{0, 64*MiB - 1}},
			{2, ByteRange{64 * MiB, 128*MiB - 1}},
			{3, ByteRange{128 * MiB, 192*MiB - 1}},
			{4, ByteRange{192 * MiB, 200*MiB - 1}},
		}},
		{"one byte remainder", 2*5*MiB + 1, 5 * MiB, []PlannedPart{
			{1, ByteRange{0, 5*MiB - 1}},
			{2, ByteRange{5 * MiB, 10*MiB - 1}},
			{3, ByteRange{10 * MiB, 10 * MiB}},
		}},
		{"smaller than a part", 1000, 64 * MiB, []PlannedPart{{1, ByteRange{0, 999}}}},
		{"one byte", 1, 64 * MiB, []PlannedPart{{1, ByteRange{0, 0}}}},
		{"empty", 0, 64 * MiB, []PlannedPart{{1, ByteRange{0, -1}}}},
		{"empty auto", 0, 0, []PlannedPart{{1, ByteRange{0, -1}}}},
		{"auto 1 GiB", GiB, 0, func() []PlannedPart {
			var ps []PlannedPart
			for i := range int64(64) {
				ps = append(ps, PlannedPart{int32(i + 1), ByteRange{i * 16 * MiB, (i+1)*16*MiB - 1}})
			}
			return ps
		}()},
		{"auto small", 10 * MiB, 0, []PlannedPart{{1, ByteRange{0, 10*MiB - 1}}}},
		{"one part of max size", 5 * GiB, 5 * GiB, []PlannedPart{{1, ByteRange{0, 5*GiB - 1}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SplitParts(tt.size, tt.partSize, S3Limits)
			if err != nil {
				t.Fatalf("SplitParts(%d, %d) error: %v", tt.size, tt.partSize, err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("SplitParts(%d, %d) gave %d parts, want %d: %+v", tt.size, tt.partSize, len(got), len(tt.want), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("part %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSplitPartsCover(t *testing.T) {
	tests := []struct {
		size, partSize int64
	}{
		{1, 5 * MiB},
		{5 * MiB, 5 * MiB},
		{5*MiB + 1, 5 * MiB},
		{10*MiB - 1, 5 * MiB},
		{1234567891, 5 * MiB},
		{1234567891, 7*MiB + 3},
		{GiB, 0},
		{GiB + 1, 0},
		{100*GiB + 12345, 0},
		{TiB - 1, 0},
		{10*TiB + 999, 0},
		{48 * TiB, 0},
		{48*TiB + 1, 0},
		{S3Limits.MaxObjectSize, 0},
		{S3Limits.MaxObjectSize, 5 * GiB},
		{10000 * 5 * MiB, 5 * MiB},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d/%d", tt.size, tt.partSize), func(t *testing.T) {
			parts, err := SplitParts(tt.size, tt.partSize, S3Limits)
			if err != nil {
				t.Fatalf("SplitParts error: %v", err)
			}
			ps := tt.partSize
			if ps == 0 {
				ps = AutoPartSize(tt.size, S3Limits)
			}
			if want := ceilDiv(tt.size, ps); int64(len(parts)) != want {
				t.Errorf("got %d parts, want %d", len(parts), want)
			}
			if len(parts) > S3Limits.MaxParts {
				t.Errorf("got %d parts, over the %d limit", len(parts), S3Limits.MaxParts)
			}
			checkCover(t, parts, tt.size, ps)
			if err := ValidateParts(parts, tt.size, S3Limits); err != nil {
				t.Errorf("ValidateParts on SplitParts output: %v", err)
			}
			if p := (Plan{SourceSize: tt.size, Parts: parts}); p.TotalBytes() != tt.size {
				t.Errorf("TotalBytes = %d, want %d", p.TotalBytes(), tt.size)
			}
		})
	}
}

func TestSplitPartsErrors(t *testing.T) {
	tests := []struct {
		name     string
		size     int64
		partSize int64
		l        Limits
		contains []string
	}{
		{"negative size", -1, 5 * MiB, S3Limits, []string{"-1", "negative"}},
		{"negative part size", 10 * MiB, -5, S3Limits, []string{"-5", "negative"}},
		{"over object limit", S3Limits.MaxObjectSize + 1, 0, S3Limits, []string{"object limit", "48.8 TiB"}},
		{"too many parts", 100 * GiB, 5 * MiB, S3Limits, []string{"20480 parts", "10000 parts", "100 GiB", "5 MiB", "at least 11 MiB"}},
		{"too many parts, small limit", 100 * MiB, 5 * MiB, Limits{MinPartSize: 5 * MiB, MaxPartSize: 5 * GiB, MaxParts: 10}, []string{"20 parts", "10 parts", "at least 10 MiB"}},
		{"parts under minimum", 10 * MiB, MiB, S3Limits, []string{"part 1", "bytes=0-1048575", "1 MiB", "5 MiB", "only the last part"}},
		{"auto part size clamped, too many parts", 100 * TiB, 0, Limits{MinPartSize: 5 * MiB, MaxPartSize: 5 * GiB, MaxParts: 10000}, []string{"20480 parts", "10000 parts"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SplitParts(tt.size, tt.partSize, tt.l)
			if err == nil {
				t.Fatalf("SplitParts(%d, %d) = %d parts, want an error", tt.size, tt.partSize, len(got))
			}
			if got != nil {
				t.Errorf("SplitParts returned %d parts with its error", len(got))
			}
			for _, c := range tt.contains {
				if !strings.Contains(err.Error(), c) {
					t.Errorf("error %q does not contain %q", err, c)
				}
			}
		})
	}
}

// suggestedPartSize reads the "use a part size of at least X" advice.
func suggestedPartSize(t *testing.T, err error) int64 {
	t.Helper()
	_, s, ok := strings.Cut(err.Error(), "at least ")
	if !ok {
		t.Fatalf("error %q suggests no part size", err)
	}
	n, perr := ParseSize(s)
	if perr != nil {
		t.Fatalf("suggested part size %q does not parse: %v", s, perr)
	}
	return n
}

// checkSuggestion asserts that the too-many-parts error of
// SplitParts(size, partSize) suggests a part size that parses, works, and is
// the smallest whole MiB that does.
func checkSuggestion(t *testing.T, size, partSize int64, l Limits) {
	t.Helper()
	_, err := SplitParts(size, partSize, l)
	if err == nil {
		t.Fatalf("SplitParts(%d, %d): want a too-many-parts error", size, partSize)
	}
	ps := suggestedPartSize(t, err)
	if _, err := SplitParts(size, ps, l); err != nil {
		t.Errorf("SplitParts(%d, %d) suggests %s, which fails: %v", size, partSize, FormatSize(ps), err)
	}
	if _, err := SplitParts(size, ps-MiB, l); err == nil {
		t.Errorf("SplitParts(%d, %d) suggests %s, but a MiB less also works", size, partSize, FormatSize(ps))
	}
}

// The part size the too-many-parts error suggests is one that works.
func TestSplitPartsSuggestionWorks(t *testing.T) {
	tests := []struct{ size, partSize int64 }{
		{100 * GiB, 5 * MiB},
		{100 * GiB, 10 * MiB},
		{TiB, 64 * MiB},
		{2 * TiB, 100 * MiB},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d/%d", tt.size, tt.partSize), func(t *testing.T) {
			checkSuggestion(t, tt.size, tt.partSize, S3Limits)
		})
	}
}

// The suggested part size is exact and parseable: 5034 MiB, not FormatSize's
// rounded "4.9 GiB", which is less than is needed.
func TestSplitPartsSuggestionNotRoundedDown(t *testing.T) {
	checkSuggestion(t, 48*TiB, GiB, S3Limits)
}

// The suggestion ignores the provider's part size limits.
func TestSplitPartsSuggestionRespectsLimits(t *testing.T) {
	t.Run("minimum", func(t *testing.T) {
		_, err := SplitParts(20*GiB, MiB, S3Limits)
		if err == nil {
			t.Fatal("want a too-many-parts error")
		}
		ps := suggestedPartSize(t, err)
		if ps < S3Limits.MinPartSize {
			t.Errorf("suggested part size %s is under the %s minimum", FormatSize(ps), FormatSize(S3Limits.MinPartSize))
		}
		if _, err := SplitParts(20*GiB, ps, S3Limits); err != nil {
			t.Errorf("the suggested part size %s fails: %v", FormatSize(ps), err)
		}
	})
	t.Run("maximum", func(t *testing.T) {
		// No object size limit, so 100 TiB gets as far as the part count
		// check; no part size within 5 GiB can do it in 10000 parts, yet
		// the error suggests one of "at least 10.2 GiB".
		l := Limits{MinPartSize: 5 * MiB, MaxPartSize: 5 * GiB, MaxParts: 10000}
		_, err := SplitParts(100*TiB, 0, l)
		if err == nil {
			t.Fatal("want an error")
		}
		if strings.Contains(err.Error(), "at least") {
			t.Errorf("error %q suggests a part size over the %s maximum", err, FormatSize(l.MaxPartSize))
		}
	})
}

func TestPartsFromRanges(t *testing.T) {
	tests := []struct {
		name   string
		ranges []ByteRange
		size   int64
	}{
		{"single whole", []ByteRange{{0, 10*MiB - 1}}, 10 * MiB},
		{"single small", []ByteRange{{0, 99}}, 100},
		{"single inner", []ByteRange{{10, 19}}, 100},
		{"two contiguous", []ByteRange{{0, 5*MiB - 1}, {5 * MiB, 10*MiB - 1}}, 10 * MiB},
		{"last part tiny", []ByteRange{{0, 5*MiB - 1}, {5 * MiB, 5 * MiB}}, 10 * MiB},
		{"max part size", []ByteRange{{0, 5*GiB - 1}, {5 * GiB, 6*GiB - 1}}, 6 * GiB},
		{"adjacent, touching", []ByteRange{{0, 5*MiB - 1}, {5 * MiB, 10*MiB - 1}, {10 * MiB, 10 * MiB}}, 10*MiB + 1},
		{"empty source", []ByteRange{{0, -1}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PartsFromRanges(tt.ranges, tt.size, S3Limits)
			if err != nil {
				t.Fatalf("PartsFromRanges error: %v", err)
			}
			if len(got) != len(tt.ranges) {
				t.Fatalf("got %d parts, want %d", len(got), len(tt.ranges))
			}
			for i, p := range got {
				if want := (PlannedPart{Number: int32(i + 1), Range: tt.ranges[i]}); p != want {
					t.Errorf("part %d = %+v, want %+v", i, p, want)
				}
			}
		})
	}
}

func TestPartsFromRangesErrors(t *testing.T) {
	many := func(n int) []ByteRange {
		rs := make([]ByteRange, n)
		for i := range rs {
			rs[i] = ByteRange{int64(i) * 5 * MiB, int64(i+1)*5*MiB - 1}
		}
		return rs
	}
	tests := []struct {
		name     string
		ranges   []ByteRange
		size     int64
		l        Limits
		contains []string
	}{
		{"none", nil, 10, S3Limits, []string{"no ranges"}},
		{"past end", []ByteRange{{0, 10 * MiB}}, 10 * MiB, S3Limits, []string{"part 1", "bytes=0-10485760", "past the end", "size 10485760"}},
		{"second past end", []ByteRange{{0, 5*MiB - 1}, {5 * MiB, 20 * MiB}}, 10 * MiB, S3Limits, []string{"part 2", "past the end"}},
		{"first after last", []ByteRange{{0, 5*MiB - 1}, {6 * MiB, 5*MiB + 1}}, 10 * MiB, S3Limits, []string{"part 2", "first byte 6291456 is after last byte 5242881"}},
		{"overlap", []ByteRange{{0, 6*MiB - 1}, {5 * MiB, 10*MiB - 1}}, 10 * MiB, S3Limits,
			[]string{"part 2 (bytes=5242880-10485759) overlaps part 1 (bytes=0-6291455)"}},
		{"overlap by one byte", []ByteRange{{0, 5 * MiB}, {5 * MiB, 10*MiB - 1}}, 10 * MiB, S3Limits,
			[]string{"part 2 (bytes=5242880-10485759) overlaps part 1 (bytes=0-5242880)"}},
		{"identical", []ByteRange{{0, 5*MiB - 1}, {0, 5*MiB - 1}}, 10 * MiB, S3Limits, []string{"overlaps", "part 1", "part 2"}},
		{"overlap not neighbours in list", []ByteRange{{5 * MiB, 10*MiB - 1}, {20 * MiB, 25*MiB - 1}, {0, 6*MiB - 1}}, 30 * MiB, S3Limits,
			[]string{"part 1 (bytes=5242880-10485759) overlaps part 3 (bytes=0-6291455)"}},
		{"contained", []ByteRange{{0, 20*MiB - 1}, {5 * MiB, 10*MiB - 1}}, 30 * MiB, S3Limits, []string{"part 2", "overlaps part 1"}},
		{"non-last under minimum", []ByteRange{{0, MiB - 1}, {MiB, 10*MiB - 1}}, 10 * MiB, S3Limits,
			[]string{"part 1 (bytes=0-1048575) is 1 MiB", "only the last part", "5 MiB"}},
		{"middle under minimum", []ByteRange{{0, 5*MiB - 1}, {5 * MiB, 6*MiB - 1}, {6 * MiB, 7 * MiB}}, 10 * MiB, S3Limits,
			[]string{"part 2 (bytes=5242880-6291455)", "only the last part"}},
		{"over maximum", []ByteRange{{0, 5 * GiB}}, 6 * GiB, S3Limits,
			[]string{"part 1 (bytes=0-5368709120)", "maximum part size of 5 GiB"}},
		{"empty range in non-empty source", []ByteRange{{0, -1}}, 10, S3Limits, []string{"part 1", "negative"}},
		{"range in empty source", []ByteRange{{0, 0}}, 0, S3Limits, []string{"empty"}},
		{"too many for S3", many(10001), 10001 * 5 * MiB, S3Limits, []string{"10001 ranges", "limit is 10000"}},
		{"too many for provider", many(4), 20 * MiB, Limits{MinPartSize: 5 * MiB, MaxPartSize: 5 * GiB, MaxParts: 3}, []string{"4 ranges", "limit is 3"}},
		{"too many for part numbers", many(10001), 10001 * 5 * MiB, Limits{MinPartSize: 5 * MiB, MaxPartSize: 5 * GiB, MaxParts: 20000}, []string{"10001 ranges", "limit is 10000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PartsFromRanges(tt.ranges, tt.size, tt.l)
			if err == nil {
				t.Fatalf("PartsFromRanges = %+v, want an error", got)
			}
			if got != nil {
				t.Errorf("PartsFromRanges returned %d parts with its error", len(got))
			}
			for _, c := range tt.contains {
				if !strings.Contains(err.Error(), c) {
					t.Errorf("error %q does not contain %q", err, c)
				}
			}
		})
	}
}

func TestPartsFromRangesTooManyNoProviderLimit(t *testing.T) {
	rs := make([]ByteRange, MaxPartNumber+1)
	for i := range rs {
		rs[i] = ByteRange{int64(i), int64(i)}
	}
	_, err := PartsFromRanges(rs, int64(len(rs)), Limits{})
	if err == nil {
		t.Fatal("want an error")
	}
	if !strings.Contains(err.Error(), "limit is 10000 parts") {
		t.Errorf("error %q does not give the 10000-part limit", err)
	}
}

func TestValidateParts(t *testing.T) {
	pp := func(n int32, first, last int64) PlannedPart { return PlannedPart{n, ByteRange{first, last}} }
	small := Limits{MinPartSize: 5 * MiB, MaxPartSize: 5 * GiB, MaxParts: 2}
	tests := []struct {
		name     string
		parts    []PlannedPart
		size     int64
		l        Limits
		contains []string // nil: valid
	}{
		{name: "valid", parts: []PlannedPart{pp(1, 0, 5*MiB-1), pp(2, 5*MiB, 6*MiB)}, size: 10 * MiB, l: S3Limits},
		{name: "valid gaps in numbers", parts: []PlannedPart{pp(1, 0, 5*MiB-1), pp(7, 5*MiB, 6*MiB)}, size: 10 * MiB, l: S3Limits},
		{name: "valid part 10000", parts: []PlannedPart{pp(10000, 0, 9)}, size: 10, l: S3Limits},
		{name: "valid empty source", parts: []PlannedPart{pp(1, 0, -1)}, size: 0, l: S3Limits},
		{name: "valid, no limits", parts: []PlannedPart{pp(1, 0, 0), pp(2, 1, 1)}, size: 2, l: Limits{}},
		{name: "no parts", parts: nil, size: 10, l: S3Limits, contains: []string{"no parts"}},
		{name: "too many parts", parts: []PlannedPart{pp(1, 0, 5*MiB-1), pp(2, 5*MiB, 10*MiB-1), pp(3, 10*MiB, 10*MiB)}, size: 11 * MiB, l: small,
			contains: []string{"3 parts is too many", "allows 2"}},
		{name: "duplicate number", parts: []PlannedPart{pp(1, 0, 5*MiB-1), pp(1, 5*MiB, 10*MiB-1)}, size: 10 * MiB, l: S3Limits,
			contains: []string{"part number 1 is used twice"}},
		{name: "duplicate number, not adjacent", parts: []PlannedPart{pp(2, 0, 5*MiB-1), pp(3, 5*MiB, 10*MiB-1), pp(2, 10*MiB, 11*MiB)}, size: 12 * MiB, l: S3Limits,
			contains: []string{"part number 2 is used twice"}},
		{name: "number zero", parts: []PlannedPart{pp(0, 0, 9)}, size: 10, l: S3Limits, contains: []string{"part number 0", "1-10000"}},
		{name: "number negative", parts: []PlannedPart{pp(-3, 0, 9)}, size: 10, l: S3Limits, contains: []string{"part number -3"}},
		{name: "number over 10000", parts: []PlannedPart{pp(10001, 0, 9)}, size: 10, l: S3Limits, contains: []string{"part number 10001", "1-10000"}},
		{name: "out of order", parts: []PlannedPart{pp(2, 0, 5*MiB-1), pp(1, 5*MiB, 10*MiB-1)}, size: 10 * MiB, l: S3Limits, contains: []string{"part-number order"}},
		{name: "past end", parts: []PlannedPart{pp(1, 0, 5*MiB-1), pp(2, 5*MiB, 10*MiB)}, size: 10 * MiB, l: S3Limits, contains: []string{"part 2:", "past the end"}},
		{name: "first after last", parts: []PlannedPart{pp(4, 9, 3)}, size: 10, l: S3Limits, contains: []string{"part 4:", "first byte 9 is after last byte 3"}},
		{name: "overlap", parts: []PlannedPart{pp(1, 0, 5*MiB), pp(2, 5*MiB, 10*MiB-1)}, size: 10 * MiB, l: S3Limits,
			contains: []string{"part 2 (bytes=5242880-10485759) overlaps part 1 (bytes=0-5242880)"}},
		{name: "non-last under minimum", parts: []PlannedPart{pp(1, 0, 5*MiB-2), pp(2, 5*MiB-1, 10*MiB-1)}, size: 10 * MiB, l: S3Limits,
			contains: []string{"part 1 (bytes=0-5242878)", "only the last part", "5 MiB"}},
		{name: "over maximum", parts: []PlannedPart{pp(1, 0, 5*GiB)}, size: 6 * GiB, l: S3Limits,
			contains: []string{"part 1 (bytes=0-5368709120)", "over the provider's maximum part size of 5 GiB"}},
		{name: "empty source, real range", parts: []PlannedPart{pp(1, 0, 0)}, size: 0, l: S3Limits, contains: []string{"empty"}},
		{name: "empty source, two parts", parts: []PlannedPart{pp(1, 0, -1), pp(2, 0, -1)}, size: 0, l: S3Limits, contains: []string{"empty"}},
		{name: "empty range, non-empty source", parts: []PlannedPart{pp(1, 0, -1)}, size: 10, l: S3Limits, contains: []string{"part 1:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateParts(tt.parts, tt.size, tt.l)
			if tt.contains == nil {
				if err != nil {
					t.Fatalf("ValidateParts error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("ValidateParts = nil, want an error")
			}
			for _, c := range tt.contains {
				if !strings.Contains(err.Error(), c) {
					t.Errorf("error %q does not contain %q", err, c)
				}
			}
		})
	}
}

func TestPlanTotalBytesAndWholeSource(t *testing.T) {
	p := Plan{SourceSize: 10 * MiB, Parts: []PlannedPart{
		{1, ByteRange{0, 5*MiB - 1}},
		{2, ByteRange{5 * MiB, 10*MiB - 1}},
	}}
	if got := p.TotalBytes(); got != 10*MiB {
		t.Errorf("TotalBytes = %d, want %d", got, 10*MiB)
	}
	if (Plan{}).TotalBytes() != 0 {
		t.Errorf("TotalBytes of an empty plan is not 0")
	}
	tests := []struct {
		size int64
		r    ByteRange
		want bool
	}{
		{10, ByteRange{0, 9}, true},
		{10, ByteRange{0, 8}, false},
		{10, ByteRange{1, 9}, false},
		{0, ByteRange{0, -1}, true},
		{10 * MiB, ByteRange{0, 10*MiB - 1}, true},
	}
	for _, tt := range tests {
		p := Plan{SourceSize: tt.size}
		if got := p.WholeSource(PlannedPart{1, tt.r}); got != tt.want {
			t.Errorf("WholeSource(size %d, %+v) = %v, want %v", tt.size, tt.r, got, tt.want)
		}
	}
}

func TestSmallSourceCopiedWholeWhereRangesNeedSize(t *testing.T) {
	l := S3Limits
	l.MinRangedSource = 5 * MiB
	if _, err := SplitParts(42, 0, l); err != nil {
		t.Errorf("a whole small source must plan: %v", err)
	}
	_, err := PartsFromRanges([]ByteRange{{0, 9}}, 42, l)
	if err == nil || !strings.Contains(err.Error(), "only whole") {
		t.Errorf("a ranged copy of a 42-byte source: %v", err)
	}
	if _, err := PartsFromRanges([]ByteRange{{0, 9}}, 42, S3Limits); err != nil {
		t.Errorf("without the rule ranges of small sources are fine: %v", err)
	}
}

func TestPartsFromStoredInfersRanges(t *testing.T) {
	const M = MiB
	// Parts 1, 2 and 4 of 5 MiB were stored; the source is 23 MiB.
	stored := []Part{{Number: 1, Size: 5 * M}, {Number: 2, Size: 5 * M}, {Number: 4, Size: 5 * M}}
	parts, misfits, err := PartsFromStored(stored, 23*M, 0, S3Limits)
	if err != nil || len(misfits) != 0 {
		t.Fatalf("%v %v", err, misfits)
	}
	want := []ByteRange{{0, 5*M - 1}, {5 * M, 10*M - 1}, {10 * M, 15*M - 1}, {15 * M, 20*M - 1}, {20 * M, 23*M - 1}}
	if len(parts) != len(want) {
		t.Fatalf("parts %v", parts)
	}
	for i, p := range parts {
		if p.Number != int32(i+1) || p.Range != want[i] {
			t.Errorf("part %d: %d %s, want %s", i+1, p.Number, p.Range, want[i])
		}
	}
	// A stored part running past the end is named and left out.
	_, misfits, _ = PartsFromStored([]Part{{Number: 1, Size: 5 * M}, {Number: 2, Size: 50 * M}}, 20*M, 0, S3Limits)
	if len(misfits) != 1 || !strings.Contains(misfits[0], "part 2") {
		t.Errorf("misfits %v", misfits)
	}
}

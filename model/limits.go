package model

// Limits are a provider's multipart rules for part copies.
type Limits struct {
	MinPartSize   int64 `json:"min_part_size"` // every part but the last
	MaxPartSize   int64 `json:"max_part_size"`
	MaxParts      int   `json:"max_parts"`
	MaxObjectSize int64 `json:"max_object_size"`
	// MinRangedSource: a source this size or smaller can only be copied
	// whole, without a range header (AWS: 5 MB). 0 means no such rule.
	MinRangedSource int64 `json:"min_ranged_source,omitempty"`
}

// S3Limits are the AWS S3 rules, which most S3-compatible servers copy.
var S3Limits = Limits{
	MinPartSize:   5 * MiB,
	MaxPartSize:   5 * GiB,
	MaxParts:      10000,
	MaxObjectSize: 48*TiB + 819*GiB, // 48.8 TiB, AWS's limit since 2025
}

// MaxPartNumber is the highest part number S3 accepts.
const MaxPartNumber = 10000

// autoPartFloor is the smallest part auto sizing picks: published copy
// timings (aws-c-s3: 1 GiB in 3.6 s with 64 MiB parts, 15.6 s with 1 GiB
// parts) show that request overhead stops mattering around here while
// smaller parts still spread one object over many workers.
const autoPartFloor = 64 * MiB

// AutoPartSize picks a part size for a source of size bytes: at least
// 64 MiB, large enough to stay within MaxParts, a whole number of MiB, and
// never outside the limits.
func AutoPartSize(size int64, l Limits) int64 {
	ps := max(autoPartFloor, l.MinPartSize)
	if l.MaxParts > 0 {
		ps = max(ps, (size+int64(l.MaxParts)-1)/int64(l.MaxParts))
	}
	ps = roundUpMiB(ps)
	if l.MaxPartSize > 0 {
		ps = min(ps, l.MaxPartSize)
	}
	return ps
}

func roundUpMiB(n int64) int64 { return (n + MiB - 1) / MiB * MiB }

package model

import (
	"cmp"
	"fmt"
)

// Limits are a provider's multipart rules for part copies.
type Limits struct {
	// Provider names whose rules these are, so a refusal can say whose
	// limit it met ("the scaleway provider allows at most 1000 parts");
	// empty: "the provider".
	Provider      string `json:"provider,omitempty"`
	MinPartSize   int64  `json:"min_part_size"` // every part but the last
	MaxPartSize   int64  `json:"max_part_size"`
	MaxParts      int    `json:"max_parts"` // also the highest part number
	MaxObjectSize int64  `json:"max_object_size"`
	// MinRangedSource: a source this size or smaller can only be copied
	// whole, without a range header (AWS: 5 MB). 0 means no such rule.
	MinRangedSource int64 `json:"min_ranged_source,omitempty"`
	// MinLastPartSize: the smallest the last part of an upload of more than
	// one part may be (0: any size). No preset sets it: PROVIDERS.md names
	// no service with such a rule; the field is here for one that has.
	MinLastPartSize int64 `json:"min_last_part_size,omitempty"`
	// EqualParts: every part but the last has the same size and the last
	// is no larger (Cloudflare R2 refuses the upload otherwise), so ranges
	// picked by hand must be equal too.
	EqualParts bool `json:"equal_parts,omitempty"`
	// NoPartCopy: the service has no UploadPartCopy at all (Google Cloud
	// Storage's XML API, Storj): no multipart copy can be made there, and
	// one is refused before any request. CopyObject still copies a source
	// of up to 5 GiB whole.
	NoPartCopy bool `json:"no_part_copy,omitempty"`
	// NoRecopy: a part number cannot be copied a second time into one
	// upload (Garage answers 400), so copying a part again is refused
	// before it is sent.
	NoRecopy bool `json:"no_recopy,omitempty"`
}

// who names the provider in a message: "the r2 provider", or "the
// provider" when the limits carry no name.
func (l Limits) who() string {
	if l.Provider == "" {
		return "the provider"
	}
	return "the " + l.Provider + " provider"
}

// MaxPartNumberFor is the highest part number the provider accepts:
// MaxPartNumber, or its MaxParts when that is lower (Scaleway: 1,000).
func (l Limits) MaxPartNumberFor() int {
	if l.MaxParts > 0 {
		return min(MaxPartNumber, l.MaxParts)
	}
	return MaxPartNumber
}

// CheckPartCopy refuses a multipart copy on a service without
// UploadPartCopy (NoPartCopy), naming what works instead.
func (l Limits) CheckPartCopy() error {
	if !l.NoPartCopy {
		return nil
	}
	return fmt.Errorf("%s has no UploadPartCopy: a multipart copy cannot be made there (CopyObject copies a source of up to 5 GiB whole)", l.who())
}

// CheckRecopy refuses copying part number n again into an upload that
// holds it, on a service that refuses a second copy to a part number
// (NoRecopy).
func (l Limits) CheckRecopy(n int32) error {
	if !l.NoRecopy {
		return nil
	}
	return fmt.Errorf("part %d cannot be copied again: %s refuses a second copy to a part number of one upload (400); start a new upload instead", n, l.who())
}

// Needs says in a few words the rules a plan must meet beyond part sizes
// and counts, for a person picking parts: "parts must be equal (r2)".
func (l Limits) Needs() []string {
	name := cmp.Or(l.Provider, "provider")
	var out []string
	if l.NoPartCopy {
		out = append(out, "no part copy ("+name+")")
	}
	if l.EqualParts {
		out = append(out, "parts must be equal, the last no larger ("+name+")")
	}
	if l.MinLastPartSize > 0 {
		out = append(out, "last part at least "+FormatSize(l.MinLastPartSize)+" ("+name+")")
	}
	if l.MaxParts > 0 && l.MaxParts < MaxPartNumber {
		out = append(out, fmt.Sprintf("at most %d parts (%s)", l.MaxParts, name))
	}
	if l.NoRecopy {
		out = append(out, "no part copied twice ("+name+")")
	}
	return out
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

// AutoInFlight is how many part copies an auto-sized plan is cut for, and
// how many the engine starts with when it finds the concurrency itself. A
// part copy on a cloud proceeds at its own roughly fixed rate (AWS: 60-70
// MiB/s, published aws-c-s3 figures), so a copy is as fast as the parts
// that run at once, up to the aggregate the service allows (4 GiB/s or so,
// 64 parts of 64 MiB/s): an object cut into fewer parts than that can
// never use it.
const AutoInFlight = 64

// TypicalPartRate is the rate one part copy proceeds at on a cloud (the
// published AWS figure), used to explain a plan, never to time one.
const TypicalPartRate = 64 * MiB

// autoPartFloor is the smallest part auto sizing picks: a part copy costs a
// request (some 30 ms on a cloud) besides its bytes, and below 16 MiB
// (250 ms at TypicalPartRate) the request is over a tenth of it.
const autoPartFloor = 16 * MiB

// autoPartCeiling is the largest part auto sizing picks unless the part
// limit forces more: a part that fails is copied again whole, and a 1 GiB
// one takes some 16 s at TypicalPartRate.
const autoPartCeiling = GiB

// autoWaves is how many rounds of AutoInFlight parts an auto-sized plan of
// size bytes has: one, unless its parts would exceed autoPartCeiling.
func autoWaves(size int64) int64 {
	return max(1, ceilDiv(size, AutoInFlight*autoPartCeiling))
}

// AutoPartSize picks a part size for a source of size bytes: the object cut
// into AutoInFlight parts, so they can all run at once (into whole rounds
// of AutoInFlight parts of at most 1 GiB when it is larger than 64 GiB),
// but no part smaller than 16 MiB or the provider's minimum, few enough for
// MaxParts, no larger than MaxPartSize, and rounded up to a clean size (a
// whole MiB up to 64 MiB, 8 MiB up to 1 GiB, 64 MiB above).
func AutoPartSize(size int64, l Limits) int64 {
	ps := max(autoPartFloor, l.MinPartSize, ceilDiv(size, AutoInFlight*autoWaves(size)))
	if l.MaxParts > 0 {
		ps = max(ps, ceilDiv(size, int64(l.MaxParts)))
	}
	ps = roundUp(ps, cleanStep(ps))
	if l.MaxPartSize > 0 {
		ps = min(ps, l.MaxPartSize)
	}
	return ps
}

// cleanStep is the granularity of an auto part size of about n bytes.
func cleanStep(n int64) int64 {
	switch {
	case n <= 64*MiB:
		return MiB
	case n <= GiB:
		return 8 * MiB
	}
	return 64 * MiB
}

func roundUp(n, step int64) int64 { return (n + step - 1) / step * step }

// ExplainPartSize says why AutoPartSize chose its size for a source of size
// bytes: "160 MiB × 64 parts: 64 in flight at ~64 MiB/s each".
func ExplainPartSize(size int64, l Limits) string {
	ps := AutoPartSize(size, l)
	n := max(1, ceilDiv(size, ps))
	head := fmt.Sprintf("%s × %s", FormatSize(ps), Count(int(n), "part"))
	rate := FormatSize(TypicalPartRate)
	switch {
	case l.MaxPartSize > 0 && ps == l.MaxPartSize && n > AutoInFlight:
		return head + fmt.Sprintf(": the provider's largest part size; %d in flight at ~%s/s each", AutoInFlight, rate)
	case l.MaxParts > 0 && ceilDiv(size, int64(l.MaxParts)) > max(autoPartFloor, l.MinPartSize, ceilDiv(size, AutoInFlight*autoWaves(size))):
		return head + fmt.Sprintf(": as few as the provider's %d-part limit allows; %d in flight at ~%s/s each", l.MaxParts, min(n, AutoInFlight), rate)
	case n > AutoInFlight:
		return head + fmt.Sprintf(": %d rounds of %d in flight at ~%s/s each (no part over %s: a failed part is copied again whole)",
			ceilDiv(n, AutoInFlight), AutoInFlight, rate, FormatSize(autoPartCeiling))
	case n == 1:
		return fmt.Sprintf("1 part of %s (parts are %s at least: smaller ones spend their time on requests)", FormatSize(size), FormatSize(ps))
	case n < AutoInFlight && ps == max(autoPartFloor, roundUp(l.MinPartSize, MiB)):
		return head + fmt.Sprintf(": all at once at ~%s/s each (parts are %s at least: smaller ones spend their time on requests)",
			rate, FormatSize(ps))
	}
	return head + fmt.Sprintf(": %d in flight at ~%s/s each", n, rate)
}

func roundUpMiB(n int64) int64 { return roundUp(n, MiB) }

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

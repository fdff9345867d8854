package model

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"
)

// PlannedPart is one UploadPartCopy: a part number and the source bytes it
// takes.
type PlannedPart struct {
	Number int32     `json:"number"`
	Range  ByteRange `json:"range"`
}

// Plan is everything needed to run a multipart copy, checked before any
// request is sent.
type Plan struct {
	Source             Ref           `json:"source"`
	SourceSize         int64         `json:"source_size"`
	SourceETag         string        `json:"source_etag,omitempty"`
	SourceLastModified time.Time     `json:"source_last_modified,omitzero"`
	Dest               Ref           `json:"dest"`
	PartSize           int64         `json:"part_size,omitempty"` // 0 for hand-picked ranges
	Parts              []PlannedPart `json:"parts"`
	Conditions         Conditions    `json:"conditions,omitzero"`
	// Headers are set on the new object when the upload is created, copied
	// from the source so the copy looks like the original.
	Headers ObjectHeaders `json:"headers,omitzero"`
	// SourceAttrs are the source's other attributes (class, encryption,
	// tags, lock), read with it; Target what the person chose for the new
	// object. The new object gets Target.Resolve(Headers, SourceAttrs).
	SourceAttrs SourceAttrs `json:"source_attrs,omitzero"`
	Target      Target      `json:"target,omitzero"`
	// Single: copied with one CopyObject, not in parts (a small source,
	// or a service without UploadPartCopy): no upload is made. Parts is
	// then one part, the whole source (WholePart), so progress and the
	// jobs list read as for parts.
	Single bool `json:"single,omitempty"`
}

// MaxSingleCopy is the largest source one CopyObject copies (S3, and the
// services that follow it; PROVIDERS.md).
const MaxSingleCopy = 5 * GiB

// CheckParts checks the plan's parts: a multipart plan's against the
// provider's limits (ValidateParts), one CopyObject's as the whole source
// in one part.
func (p Plan) CheckParts(l Limits) error {
	if !p.Single {
		return ValidateParts(p.Parts, p.SourceSize, l)
	}
	switch {
	case len(p.Parts) != 1 || p.Parts[0] != WholePart(p.SourceSize)[0]:
		return errors.New("one CopyObject copies the whole source: the plan must be that one part")
	case p.SourceSize > MaxSingleCopy:
		return fmt.Errorf("the source is %s; one CopyObject copies at most %s", FormatSize(p.SourceSize), FormatSize(MaxSingleCopy))
	}
	return nil
}

// Whole is the plan copied with one CopyObject: its one part the whole
// source.
func (p Plan) Whole() Plan {
	p.Single, p.PartSize, p.Parts = true, 0, WholePart(p.SourceSize)
	return p
}

// WholePart is the one part of a plan copied with one CopyObject.
func WholePart(size int64) []PlannedPart {
	return []PlannedPart{{Number: 1, Range: ByteRange{First: 0, Last: size - 1}}}
}

// NewObject is what the new object will carry.
func (p Plan) NewObject() NewObject { return p.Target.Resolve(p.Headers, p.SourceAttrs) }

// TotalBytes is the size the finished object will have.
func (p Plan) TotalBytes() int64 {
	var n int64
	for _, pt := range p.Parts {
		n += pt.Range.Len()
	}
	return n
}

// WholeSource reports whether a part covers the entire source, in which case
// no range header is sent: a ranged copy of a small object is refused by
// some providers (AWS wants a source over 5 MB for ranges).
func (p Plan) WholeSource(pt PlannedPart) bool {
	return pt.Range.First == 0 && pt.Range.Last == p.SourceSize-1
}

// SplitParts cuts a source of size bytes into parts of partSize bytes (0
// means AutoPartSize); the last part takes the remainder.
func SplitParts(size, partSize int64, l Limits) ([]PlannedPart, error) {
	if size < 0 {
		return nil, fmt.Errorf("source size %d is negative", size)
	}
	if l.MaxObjectSize > 0 && size > l.MaxObjectSize {
		return nil, fmt.Errorf("source size %s is over %s's object limit of %s", FormatSize(size), l.who(), FormatSize(l.MaxObjectSize))
	}
	if partSize == 0 {
		partSize = AutoPartSize(size, l)
	}
	if partSize < 0 {
		return nil, fmt.Errorf("part size %d is negative", partSize)
	}
	if size == 0 {
		// An empty object is one empty part with no range header.
		return []PlannedPart{{Number: 1, Range: ByteRange{First: 0, Last: -1}}}, nil
	}
	n := ceilDiv(size, partSize)
	if l.MaxParts > 0 && n > int64(l.MaxParts) {
		msg := fmt.Sprintf("part size %s gives %d parts for %s: %s's limit is %d parts", FormatSize(partSize), n, FormatSize(size), l.who(), l.MaxParts)
		if need := max(roundUpMiB(ceilDiv(size, int64(l.MaxParts))), l.MinPartSize); l.MaxPartSize == 0 || need <= l.MaxPartSize {
			// Exact and parseable: FormatSize would round 4.916 GiB down to 4.9.
			msg += fmt.Sprintf("; use a part size of at least %d MiB", ceilDiv(need, MiB))
		} else {
			msg += fmt.Sprintf("; no part size up to the maximum of %s fits", FormatSize(l.MaxPartSize))
		}
		return nil, errors.New(msg)
	}
	parts := make([]PlannedPart, 0, n)
	for i := range n {
		first := i * partSize
		last := min(first+partSize, size) - 1
		parts = append(parts, PlannedPart{Number: int32(i + 1), Range: ByteRange{First: first, Last: last}})
	}
	if k := len(parts); k > 1 && l.MinLastPartSize > 0 && parts[k-1].Range.Len() < l.MinLastPartSize && !l.EqualParts {
		// A tail under the last-part minimum joins the part before it,
		// when that stays within the largest part.
		if merged := parts[k-1].Range.Last - parts[k-2].Range.First + 1; l.MaxPartSize == 0 || merged <= l.MaxPartSize {
			parts[k-2].Range.Last = parts[k-1].Range.Last
			parts = parts[:k-1]
		}
	}
	if err := ValidateParts(parts, size, l); err != nil {
		return nil, err
	}
	return parts, nil
}

// PartsFromRanges numbers hand-picked ranges 1..N in the order given.
func PartsFromRanges(ranges []ByteRange, size int64, l Limits) ([]PlannedPart, error) {
	if len(ranges) == 0 {
		return nil, errors.New("no ranges given")
	}
	if limit := l.MaxPartNumberFor(); len(ranges) > limit {
		return nil, fmt.Errorf("%d ranges is too many: %s's limit is %d parts", len(ranges), l.who(), limit)
	}
	parts := make([]PlannedPart, len(ranges))
	for i, r := range ranges {
		parts[i] = PlannedPart{Number: int32(i + 1), Range: r}
	}
	if err := ValidateParts(parts, size, l); err != nil {
		return nil, err
	}
	return parts, nil
}

// ValidateParts checks a part list against the source size and the
// provider's limits, and names the first part that breaks a rule.
func ValidateParts(parts []PlannedPart, size int64, l Limits) error {
	if err := l.CheckPartCopy(); err != nil {
		return err
	}
	if len(parts) == 0 {
		return errors.New("the plan has no parts")
	}
	if l.MaxParts > 0 && len(parts) > l.MaxParts {
		return fmt.Errorf("%d parts is too many: %s allows %d", len(parts), l.who(), l.MaxParts)
	}
	if size == 0 {
		if len(parts) != 1 || parts[0].Range != (ByteRange{0, -1}) {
			return errors.New("the source is empty: it can only be copied as one empty part")
		}
		return nil
	}
	if l.MinRangedSource > 0 && size <= l.MinRangedSource {
		if len(parts) != 1 || parts[0].Range != (ByteRange{0, size - 1}) {
			return fmt.Errorf("the source is %s: this provider copies a source of %s or less only whole, as one part without a range",
				FormatSize(size), FormatSize(l.MinRangedSource))
		}
	}
	seen := make(map[int32]bool, len(parts))
	maxNumber := l.MaxPartNumberFor()
	for i, p := range parts {
		if p.Number < 1 || int(p.Number) > maxNumber {
			return fmt.Errorf("part number %d is outside 1-%d (%s's part numbers)", p.Number, maxNumber, l.who())
		}
		if seen[p.Number] {
			return fmt.Errorf("part number %d is used twice", p.Number)
		}
		seen[p.Number] = true
		if err := p.Range.Validate(size); err != nil {
			return fmt.Errorf("part %d: %w", p.Number, err)
		}
		n := p.Range.Len()
		if l.MaxPartSize > 0 && n > l.MaxPartSize {
			return fmt.Errorf("part %d (%s) is %s: over the provider's maximum part size of %s",
				p.Number, p.Range, FormatSize(n), FormatSize(l.MaxPartSize))
		}
		if last := i == len(parts)-1; !last && n < l.MinPartSize {
			return fmt.Errorf("part %d (%s) is %s: only the last part may be under the provider's minimum of %s",
				p.Number, p.Range, FormatSize(n), FormatSize(l.MinPartSize))
		}
	}
	if !slices.IsSortedFunc(parts, func(a, b PlannedPart) int { return cmp.Compare(a.Number, b.Number) }) {
		return errors.New("parts must be listed in part-number order")
	}
	if err := checkEqualAndLast(parts, l); err != nil {
		return err
	}
	byStart := slices.Clone(parts)
	slices.SortFunc(byStart, func(a, b PlannedPart) int { return cmp.Compare(a.Range.First, b.Range.First) })
	for i := 1; i < len(byStart); i++ {
		a, b := byStart[i-1], byStart[i]
		if b.Range.First <= a.Range.Last {
			return fmt.Errorf("part %d (%s) overlaps part %d (%s)", b.Number, b.Range, a.Number, a.Range)
		}
	}
	return nil
}

// PartsFromStored infers a plan for going on with an upload made
// elsewhere: each stored part's range follows from the sizes of the parts
// before it (a missing number in a gap is taken to have the size of the
// part before the gap, as uniform uploads do), and the bytes after the last
// stored part are split into parts of partSize (0: AutoPartSize). It also
// names the stored parts that do not fit the source (running past its end);
// those are left out. Whether a stored part really holds its inferred
// range is for the caller to prove before keeping it.
func PartsFromStored(stored []Part, size, partSize int64, l Limits) ([]PlannedPart, []string, error) {
	var parts []PlannedPart
	var misfits []string
	var off, prevSize int64
	next := int32(1)
	for _, s := range stored {
		for ; next < s.Number && off < size; next++ { // a gap: assume the size before it
			gap := max(prevSize, l.MinPartSize)
			last := min(off+gap, size) - 1
			parts = append(parts, PlannedPart{Number: next, Range: ByteRange{First: off, Last: last}})
			off = last + 1
		}
		if s.Number < next {
			continue
		}
		if off+s.Size > size || s.Size <= 0 {
			misfits = append(misfits, fmt.Sprintf("part %d (%s) does not fit: it would end past the source's %s", s.Number, FormatSize(s.Size), FormatSize(size)))
			break
		}
		parts = append(parts, PlannedPart{Number: s.Number, Range: ByteRange{First: off, Last: off + s.Size - 1}})
		off += s.Size
		prevSize = s.Size
		next = s.Number + 1
	}
	if off < size {
		if partSize == 0 {
			partSize = max(prevSize, AutoPartSize(size-off, l))
		}
		for ; off < size; next++ {
			last := min(off+partSize, size) - 1
			parts = append(parts, PlannedPart{Number: next, Range: ByteRange{First: off, Last: last}})
			off = last + 1
		}
	}
	if len(parts) == 0 {
		return nil, misfits, errors.New("nothing to plan: the source is empty or no stored part fits it")
	}
	if err := ValidateParts(parts, size, l); err != nil {
		return nil, misfits, fmt.Errorf("the parts the upload holds do not make a valid plan for this source: %w", err)
	}
	return parts, misfits, nil
}

// checkEqualAndLast checks the rules on part sizes that look at more than
// one part: EqualParts and MinLastPartSize. parts are in part-number order.
func checkEqualAndLast(parts []PlannedPart, l Limits) error {
	k := len(parts)
	if l.EqualParts && k > 1 {
		first := parts[0].Range.Len()
		for i, p := range parts[1:] {
			n := p.Range.Len()
			if last := i+1 == k-1; last && n <= first || !last && n == first {
				continue
			}
			ns, fs := FormatSize(n), FormatSize(first)
			if ns == fs || max(n-first, first-n) < MiB { // close sizes: say them exactly
				ns, fs = fmt.Sprintf("%d B", n), fmt.Sprintf("%d B", first)
			}
			than := "the first part is " + fs
			if i+1 == k-1 {
				than = "larger than the others' " + fs
			}
			return fmt.Errorf("part %d (%s) is %s, %s: %s needs every part but the last the same size, and the last no larger",
				p.Number, p.Range, ns, than, l.who())
		}
	}
	if l.MinLastPartSize > 0 && k > 1 {
		if p := parts[k-1]; p.Range.Len() < l.MinLastPartSize {
			return fmt.Errorf("part %d (%s) is %s: %s needs the last part to be %s at least",
				p.Number, p.Range, FormatSize(p.Range.Len()), l.who(), FormatSize(l.MinLastPartSize))
		}
	}
	return nil
}

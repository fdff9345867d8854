package provider

import (
	"fmt"
	"strings"
	"time"

	"s3parts/model"
)

// Fact is one thing s3parts relies on about the endpoint: the preset's
// guess, what a probe found (if one ran and could tell) and so which is
// in use.
type Fact struct {
	Name string `json:"name"`
	// Guess is the preset's value ("yes", "no", "5 MiB").
	Guess string `json:"guess"`
	// Probed is what the probe found; empty when no probe told.
	Probed string `json:"probed,omitempty"`
	// Seen is what the server did, when probed.
	Seen string `json:"seen,omitempty"`
	// From says where the value in use comes from: "probed 2026-11-29
	// 23:40 UTC" or "guessed (preset cos)".
	From string `json:"from"`
}

// InUse is the value s3parts goes by.
func (f Fact) InUse() string {
	if f.Probed != "" {
		return f.Probed
	}
	return f.Guess
}

// IsProbed: the value in use came from a probe.
func (f Fact) IsProbed() bool { return f.Probed != "" }

// fact ties a preset field to the checks that decide it.
type fact struct {
	name string
	// guess shows the preset's value.
	guess func(p Preset) string
	// probe reads the report: the value found, what was seen, and
	// whether the report tells at all; apply sets it in the preset.
	probe func(r ProbeReport) (value, seen string, ok bool)
	apply func(p *Preset, r ProbeReport)
}

// facts are the preset's guesses a probe can replace, plus those it
// cannot (shown as guesses).
var facts = []fact{
	{name: "addressing",
		guess: func(p Preset) string { return addressing(p.PathStyle) },
		probe: probeAddressing,
		apply: func(p *Preset, r ProbeReport) {
			if v, _, ok := probeAddressing(r); ok {
				p.PathStyle = v == "path-style"
			}
		}},
	{name: "x-id query parameter accepted",
		guess: func(p Preset) string { return yesNo(!p.StripXID) },
		probe: yesNoProbe(CheckXID, false),
		apply: func(p *Preset, r ProbeReport) { setBool(&p.StripXID, r, CheckXID, true) }},
	{name: "UploadPartCopy",
		guess: func(p Preset) string { return yesNo(!p.Limits.NoPartCopy) },
		probe: yesNoProbe(CheckPartCopy, false),
		apply: func(p *Preset, r ProbeReport) { setBool(&p.Limits.NoPartCopy, r, CheckPartCopy, true) }},
	{name: "smallest part (all but the last)",
		guess: func(p Preset) string { return model.FormatSize(p.Limits.MinPartSize) },
		probe: func(r ProbeReport) (string, string, bool) {
			c, ok := r.Get(CheckMinPart)
			if !ok || c.Outcome != Yes || c.Bytes <= 0 {
				return "", "", false
			}
			return model.FormatSize(c.Bytes), c.Seen, true
		},
		apply: func(p *Preset, r ProbeReport) {
			if c, ok := r.Get(CheckMinPart); ok && c.Outcome == Yes && c.Bytes > 0 {
				p.Limits.MinPartSize = c.Bytes
			}
		}},
	{name: "parts must be equal",
		guess: func(p Preset) string { return yesNo(p.Limits.EqualParts) },
		probe: yesNoProbe(CheckUnequalParts, true),
		apply: func(p *Preset, r ProbeReport) { setBool(&p.Limits.EqualParts, r, CheckUnequalParts, true) }},
	{name: "a part can be copied again",
		guess: func(p Preset) string { return yesNo(!p.Limits.NoRecopy) },
		probe: yesNoProbe(CheckRecopy, false),
		apply: func(p *Preset, r ProbeReport) { setBool(&p.Limits.NoRecopy, r, CheckRecopy, true) }},
	{name: "copy-source conditions enforced",
		guess: func(p Preset) string { return yesNo(!p.ConditionsUnverified) },
		probe: probeConditions,
		apply: func(p *Preset, r ProbeReport) {
			if v, _, ok := probeConditions(r); ok {
				p.ConditionsUnverified = v == "no"
			}
		}},
	{name: "multipart ETag is MD5 of part MD5s",
		guess: func(p Preset) string { return yesNo(p.MultipartETagFromParts) },
		probe: yesNoProbe(CheckETagMD5, false),
		apply: func(p *Preset, r ProbeReport) { setBool(&p.MultipartETagFromParts, r, CheckETagMD5, false) }},
	{name: "ListMultipartUploads",
		guess: func(p Preset) string { return yesNo(!p.NoListUploads) },
		probe: yesNoProbe(CheckListUploads, false),
		apply: func(p *Preset, r ProbeReport) { setBool(&p.NoListUploads, r, CheckListUploads, true) }},
	{name: "uploads listed by any key prefix",
		guess: func(p Preset) string { return yesNo(!p.UploadsPrefixQuirk) },
		probe: yesNoProbe(CheckListUploadsPrefix, false),
		apply: func(p *Preset, r ProbeReport) { setBool(&p.UploadsPrefixQuirk, r, CheckListUploadsPrefix, true) }},
	{name: "lifecycle rules abort incomplete uploads",
		guess: func(p Preset) string { return yesNo(!p.NoAbortRules) },
		probe: yesNoProbe(CheckLifecycleAbort, false),
		apply: func(p *Preset, r ProbeReport) { setBool(&p.NoAbortRules, r, CheckLifecycleAbort, true) }},
	{name: "most parts",
		guess: func(p Preset) string { return fmt.Sprint(p.Limits.MaxPartNumberFor()) }},
	{name: "largest part",
		guess: func(p Preset) string { return model.FormatSize(p.Limits.MaxPartSize) }},
	{name: "part copies at once on one object",
		guess: func(p Preset) string {
			if p.MaxConcurrency > 0 {
				return fmt.Sprint(p.MaxConcurrency)
			}
			return "no known limit"
		}},
	{name: "unfinished uploads purged after",
		guess: func(p Preset) string {
			if p.StaleUploadExpiry > 0 {
				return hours(p.StaleUploadExpiry)
			}
			return "never (kept until aborted)"
		}},
}

// conditionChecks are the four copy-source conditions, each of which must
// be enforced for conditions to count as enforced.
var conditionChecks = []CheckID{CheckIfMatch, CheckIfNoneMatch, CheckIfModifiedSince, CheckIfUnmodifiedSince}

// probeAddressing: the one addressing style that works, when only one does.
func probeAddressing(r ProbeReport) (string, string, bool) {
	path, virt := r.outcome(CheckPathStyle), r.outcome(CheckVirtualHost)
	switch {
	case path == Yes && virt == No:
		return "path-style", seenOf(r, CheckVirtualHost), true
	case virt == Yes && path == No:
		return "virtual-hosted", seenOf(r, CheckPathStyle), true
	}
	return "", "", false
}

// probeConditions: any condition found ignored means conditions are not
// enforced (one ignored condition is enough to lose a guard), whatever the
// others could not tell; enforced only when each of the four was tried
// and held.
func probeConditions(r ProbeReport) (string, string, bool) {
	var not []string
	told := true
	for _, id := range conditionChecks {
		switch r.outcome(id) {
		case No:
			not = append(not, string(id))
		case Yes:
		default:
			told = false
		}
	}
	switch {
	case len(not) > 0:
		return "no", "ignored: " + strings.Join(not, ", "), true
	case !told:
		return "", "", false
	}
	return "yes", "each refused with 412 when false", true
}

// yesNoProbe reads a check's yes or no; invert for a fact phrased as the
// check's opposite ("parts must be equal" is "unequal parts" answered no).
func yesNoProbe(id CheckID, invert bool) func(ProbeReport) (string, string, bool) {
	return func(r ProbeReport) (string, string, bool) {
		c, ok := r.Get(id)
		if !ok || (c.Outcome != Yes && c.Outcome != No) {
			return "", "", false
		}
		return yesNo((c.Outcome == Yes) != invert), c.Seen, true
	}
}

// setBool sets a preset flag from a check: the flag is whenNo when the
// check answered no, and its opposite when it answered yes.
func setBool(flag *bool, r ProbeReport, id CheckID, whenNo bool) {
	switch r.outcome(id) {
	case Yes:
		*flag = !whenNo
	case No:
		*flag = whenNo
	}
}

func seenOf(r ProbeReport, id CheckID) string {
	c, _ := r.Get(id)
	return c.Seen
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func addressing(path bool) string {
	if path {
		return "path-style"
	}
	return "virtual-hosted"
}

// WithProbe is the preset with every fact the probe could tell replaced
// by what it found; what it could not tell stays the preset's guess.
func (p Preset) WithProbe(r ProbeReport) Preset {
	for _, f := range facts {
		if f.apply != nil {
			f.apply(&p, r)
		}
	}
	return p
}

// FactsOf lists what s3parts relies on about an endpoint: each fact's
// guess from the preset and, with a report, what the probe found.
func FactsOf(guess Preset, r *ProbeReport) []Fact {
	out := make([]Fact, 0, len(facts))
	for _, f := range facts {
		x := Fact{Name: f.name, Guess: f.guess(guess), From: "guessed (preset " + guess.Name + ")"}
		if r != nil && f.probe != nil {
			if v, seen, ok := f.probe(*r); ok {
				x.Probed, x.Seen, x.From = v, seen, "probed "+r.Taken.UTC().Format(time.DateOnly+" 15:04 UTC")
			}
		}
		out = append(out, x)
	}
	return out
}

// RulesSource says in a few words where the rules in use come from: "the
// minio preset's guesses (never probed)" or "probed 2026-11-29 23:40 UTC
// (9 of 14 facts; the rest the cos preset's guesses)".
func (c *Client) RulesSource() string {
	r, ok := c.Probe()
	if !ok {
		return "the " + c.guess.Name + " preset's guesses (this endpoint was never probed)"
	}
	all := c.Facts()
	n := 0
	for _, f := range all {
		if f.IsProbed() {
			n++
		}
	}
	return fmt.Sprintf("probed %s (%d of %d facts; the rest the %s preset's guesses)",
		r.Taken.UTC().Format(time.DateOnly+" 15:04 UTC"), n, len(all), c.guess.Name)
}

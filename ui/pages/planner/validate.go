package planner

import (
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"s3parts/model"
	"s3parts/provider"
	"s3parts/ui/common"
)

// bucketCheck is what is known of the destination bucket: whether it
// exists, and whether it keeps versions (a copy onto an existing key then
// adds a version instead of replacing it).
type bucketCheck struct {
	name       string
	pending    bool
	done       bool
	versioning string
	err        error
}

// checkBucket asks whether the destination bucket exists, unless that is
// known (or being asked); then starts the copy once the answer is good.
func (p *Page) checkBucket(then bool) tea.Cmd {
	name := strings.TrimSpace(p.inputs[fDestBucket].Value())
	if badBucketName(name) {
		return nil // the field says what is wrong with the name
	}
	if p.bucket.name == name && (p.bucket.pending || p.bucket.done) && !then {
		return nil
	}
	p.bucket = bucketCheck{name: name, pending: true}
	ctx, c, id := p.env.Ctx, p.client, p.id
	return func() tea.Msg {
		status, err := c.BucketVersioning(ctx, name)
		return bucketChecked{id: id, name: name, status: status, err: err, then: then}
	}
}

func (p *Page) bucketChecked(m bucketChecked) tea.Cmd {
	if m.name != p.bucket.name {
		return nil // the field names another bucket now
	}
	p.bucket = bucketCheck{name: m.name, done: true, versioning: m.status, err: m.err}
	p.validate()
	if m.then {
		return p.startChecked() // the start under way goes on
	}
	return nil
}

// badBucketName refuses what can be no bucket at all; the rest is the
// server's to say (older buckets may have names today's rules refuse).
func badBucketName(name string) bool { return name == "" || strings.ContainsAny(name, " /?#") }

// bucketMissing reports that the destination bucket is known not to exist.
func (p *Page) bucketMissing() bool {
	return p.bucket.done && p.bucket.err != nil && provider.IsCode(p.bucket.err, "NoSuchBucket", "NotFound", "HTTP404")
}

// conditions reads the four condition fields.
func (p *Page) conditions() (model.Conditions, map[int]string) {
	errs := map[int]string{}
	c := model.Conditions{IfMatch: strings.TrimSpace(p.inputs[fIfMatch].Value()), IfNoneMatch: strings.TrimSpace(p.inputs[fIfNoneMatch].Value())}
	for _, f := range []struct {
		i   int
		dst *time.Time
	}{{fIfModSince, &c.IfModifiedSince}, {fIfUnmodSince, &c.IfUnmodifiedSince}} {
		if v := strings.TrimSpace(p.inputs[f.i].Value()); v != "" {
			t, err := model.ParseTime(v)
			if err != nil {
				errs[f.i] = err.Error()
				continue
			}
			*f.dst = t
		}
	}
	return c, errs
}

// validate checks every field and the parts against the provider's rules.
func (p *Page) validate() {
	p.errs, p.planErr, p.badPart = map[int]string{}, "", 0
	if p.srcErr != nil {
		p.errs[fSource] = common.OneLine(p.srcErr.Error() + p.sourceKeyHint(p.srcErr))
	} else if p.info == nil && p.source.Bucket == "" {
		p.errs[fSource] = "name the source object to copy into this upload"
	}
	b := strings.TrimSpace(p.inputs[fDestBucket].Value())
	switch {
	case badBucketName(b):
		p.errs[fDestBucket] = fmt.Sprintf("bucket name %q is not valid", model.Visible(b))
	case p.bucket.name == b && p.bucketMissing():
		p.errs[fDestBucket] = fmt.Sprintf("bucket %s does not exist (or these credentials cannot see it)", b)
	}
	if k := p.inputs[fDestKey].Value(); k == "" {
		p.errs[fDestKey] = "the destination needs a key"
	} else if err := model.CheckNewKey(k); err != nil {
		p.errs[fDestKey] = err.Error()
	}
	if _, err := p.partSize(); err != nil {
		p.errs[fPartSize] = err.Error()
	}
	if _, err := p.inFlight(); err != nil {
		p.errs[fInFlight] = err.Error()
	}
	if _, _, err := p.copyWith(); err != nil {
		p.errs[fCopyWith] = err.Error()
	}
	c, errs := p.conditions()
	for k, v := range errs {
		p.errs[k] = v
	}
	_, terrs := p.target()
	for k, v := range terrs {
		p.errs[k] = v
	}
	if err := c.Validate(p.preset.ConditionRule); err != nil {
		// A malformed ETag belongs to its field; a combination the
		// provider refuses is shown under the second condition.
		f := fIfNoneMatch
		if strings.HasPrefix(err.Error(), "If-Match value") {
			f = fIfMatch
		}
		p.errs[f] = err.Error()
	}
	if p.info != nil && !p.single() { // one CopyObject has no parts to check
		if err := model.ValidateParts(p.parts, p.info.Size, p.preset.Limits); err != nil {
			p.planErr = err.Error()
			for _, pt := range p.parts {
				if strings.Contains(p.planErr, fmt.Sprintf("part %d ", pt.Number)) {
					p.badPart = pt.Number
					break
				}
			}
		}
	}
}

// plan assembles the plan, or says why it cannot be run.
func (p *Page) plan() (model.Plan, error) {
	p.validate()
	for i := 0; i < fParts; i++ {
		if msg, ok := p.errs[i]; ok {
			return model.Plan{}, fmt.Errorf("%s: %s", fieldLabels[i], msg)
		}
	}
	if p.info == nil {
		return model.Plan{}, fmt.Errorf("the source has not been read yet")
	}
	if p.planErr != "" {
		return model.Plan{}, fmt.Errorf("%s", p.planErr)
	}
	c, _ := p.conditions()
	size, _ := p.partSize()
	if p.custom {
		size = 0
	} else if size == 0 {
		size = model.AutoPartSize(p.info.Size, p.preset.Limits)
	}
	// What the new object gets (checked with the fields above): where the
	// source's tags could not be read the tags field says none unless
	// the person gave some.
	target, _ := p.target()
	plan := model.Plan{Source: p.source, SourceSize: p.info.Size, SourceETag: p.info.ETag, SourceLastModified: p.info.LastModified,
		// The job gets parts of its own: the page's are still the page's.
		Dest: p.dest(), PartSize: size, Parts: slices.Clone(p.parts), Conditions: c, Headers: p.info.Headers,
		// The source's attributes (its checksum too: a copy of it is
		// proved by the server, issue 14).
		SourceAttrs: p.attrs, Target: target}
	if p.single() {
		plan = plan.Whole()
	}
	return plan, nil
}

// warning names what is allowed but will make every part fail, or leaves
// the copy unguarded, so it is said before anything is sent.
func (p *Page) warning() string {
	c, _ := p.conditions()
	etag := p.info.ETag
	anyway := " · " + common.KeyOf(p.env.Keys.Planner.Start) + " starts it anyway"
	switch {
	case c.IfMatch != "" && c.IfMatch != "*" && !model.SameETag(c.IfMatch, etag):
		return "If-Match is not the source's ETag " + etag + ": every part will fail with 412" + anyway
	case c.IfNoneMatch != "" && (c.IfNoneMatch == "*" || model.SameETag(c.IfNoneMatch, etag)):
		return "If-None-Match matches the source: every part will fail with 412" + anyway
	case !c.IfModifiedSince.IsZero() && !p.info.LastModified.After(c.IfModifiedSince):
		return "the source was not modified after If-Modified-Since: every part will fail" + anyway
	case !c.IfUnmodifiedSince.IsZero() && p.info.LastModified.Truncate(time.Second).After(c.IfUnmodifiedSince) && c.IfMatch == "":
		return "the source was modified after If-Unmodified-Since: every part will fail with 412" + anyway
	case c.IfModifiedSince.After(p.env.Now()):
		return "If-Modified-Since is in the future: servers may ignore it" + anyway
	case c.IfMatch == "" && p.source.VersionID == "":
		return "no If-Match: a source replaced mid-copy is not refused part by part, only caught by reading its ETag again before completing" + anyway
	}
	return ""
}

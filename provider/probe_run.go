package provider

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// ProbeOptions shape one probe run.
type ProbeOptions struct {
	// Bucket and Prefix say where the scratch prefix is made; without a
	// bucket only the checks that need none run.
	Bucket, Prefix string
	// Progress, if set, hears each check as it ends.
	Progress func(Check)
}

// checkTitles say in a few words what each check asks.
var checkTitles = map[CheckID]string{
	CheckListBuckets:           "ListBuckets answered",
	CheckPathStyle:             "path-style addressing",
	CheckVirtualHost:           "virtual-hosted addressing",
	CheckXID:                   "x-id query parameter accepted",
	CheckListUploads:           "ListMultipartUploads answered",
	CheckListUploadsPrefix:     "uploads listed by a partial key prefix",
	CheckLifecycleAbort:        "lifecycle rule AbortIncompleteMultipartUpload",
	CheckPartCopy:              "UploadPartCopy of a whole object",
	CheckRangedCopy:            "UploadPartCopy with x-amz-copy-source-range",
	CheckMinPart:               "smallest first part that completes",
	CheckUnequalParts:          "parts of unequal sizes complete",
	CheckRecopy:                "a part copied twice completes",
	CheckETagMD5:               "multipart ETag is the MD5 of part MD5s",
	CheckIfMatch:               "bogus If-Match refused (412)",
	CheckIfNoneMatch:           "If-None-Match of the source's ETag refused (412)",
	CheckIfModifiedSince:       "If-Modified-Since after the source's date refused (412)",
	CheckIfUnmodifiedSince:     "If-Unmodified-Since before the source's date refused (412)",
	CheckPairMatchUnmodified:   "If-Match true + If-Unmodified-Since false copies",
	CheckPairNoneMatchModified: "If-None-Match false + If-Modified-Since true refused (412)",
	CheckVersionSource:         "versionId in x-amz-copy-source accepted",
	CheckVersionHeader:         "x-amz-copy-source-version-id in the answer",
	CheckAbortUnknown:          "abort of an unknown upload refused (404)",
}

// What a check needs before it can run.
type needs int

const (
	needsBucket needs = 1 << iota
	// writes: it creates something, so read-only mode skips it.
	writes
)

// probe is one run: what it found so far and what it made.
type probe struct {
	c        *Client
	o        ProbeOptions
	r        ProbeReport
	readOnly bool
	// scratch is the prefix everything the probe makes lives under.
	scratch string
	// pathStyle and strip: how the checks after addressing and x-id
	// reach the bucket, chosen from what those checks found.
	pathStyle, strip bool
	pathErr, virtErr error
	xid              Outcome
	s3               *s3.Client
	versioned        bool
	made             made
	src              probeSource
	copies           copyFindings
	// condUpload takes the condition checks' copies, condPart each.
	condUpload *upload
	condPart   int32
	// someUpload is an upload already in the bucket (read-only mode lists
	// by a part of its key).
	someUpload *upload
}

// RunProbe runs every check it can on the endpoint in use and removes
// everything it made, even when a check fails or ctx is cancelled. The
// error says why the probe could not run (no such bucket, no access) or
// that it was interrupted; the report holds what it found until then and
// anything it could not remove.
func (c *Client) RunProbe(ctx context.Context, o ProbeOptions) (ProbeReport, error) {
	start := time.Now()
	p := &probe{c: c, o: o, readOnly: c.ReadOnly(), r: ProbeReport{
		Key: c.ProbeKey(), Endpoint: c.Endpoint(), Region: c.Region(), Preset: c.Guess().Name,
		Bucket: o.Bucket, Prefix: o.Prefix, ReadOnly: c.ReadOnly(), Taken: start,
	}}
	// A random name: two probes at once, or one after an interrupted
	// run, never meet each other's scratch objects.
	p.scratch = o.Prefix + ".s3parts-probe-" + strings.ToLower(rand.Text()[:10]) + "/"
	err := p.run(ctx)
	p.r.Leftovers = p.cleanUp(ctx)
	p.r.Took = Millis(time.Since(start))
	return p.r, err
}

func (p *probe) run(ctx context.Context) error {
	p.do(ctx, CheckListBuckets, 0, p.listBuckets)
	p.do(ctx, CheckPathStyle, needsBucket, func(ctx context.Context) Check { return p.addressing(ctx, true) })
	p.do(ctx, CheckVirtualHost, needsBucket, func(ctx context.Context) Check { return p.addressing(ctx, false) })
	if err := p.reachable(ctx); err != nil {
		return err
	}
	p.do(ctx, CheckXID, 0, p.xidCheck)
	bucket := p.o.Bucket != "" && ctx.Err() == nil
	if bucket {
		// Every later request goes the way the server was found to take.
		p.strip = p.c.Preset().StripXID || p.xid == No
		p.s3 = p.c.variant(ctx, p.o.Bucket, p.pathStyle, p.strip)
		if out, err := p.s3.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: &p.o.Bucket}); err == nil {
			// Suspended counts: objects made then are "null" versions, and
			// only deleting by version id removes one without a marker.
			p.versioned = out.Status != ""
		}
	}
	p.do(ctx, CheckListUploads, needsBucket, p.listUploads)
	p.do(ctx, CheckListUploadsPrefix, needsBucket, p.listUploadsPrefix)
	p.do(ctx, CheckLifecycleAbort, needsBucket, p.lifecycle)
	if bucket && !p.readOnly && ctx.Err() == nil {
		p.putSource(ctx)
	}
	for _, s := range copySteps {
		p.do(ctx, s.id, needsBucket|writes, func(ctx context.Context) Check { return s.run(p, ctx) })
	}
	return interrupted(ctx)
}

func interrupted(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("probe interrupted: %w", err)
	}
	return nil
}

// do runs one check, or says why it did not, and reports it. Nothing runs
// once ctx is done: the checks left are not answered, not guessed.
func (p *probe) do(ctx context.Context, id CheckID, n needs, run func(context.Context) Check) {
	if ctx.Err() != nil {
		return
	}
	var ch Check
	switch {
	case n&needsBucket != 0 && p.o.Bucket == "":
		ch = Check{Outcome: Skipped, Seen: "no bucket given"}
	case n&writes != 0 && p.readOnly:
		ch = Check{Outcome: Skipped, Seen: "read-only mode"}
	default:
		ch = run(ctx)
	}
	ch.ID, ch.Title = id, checkTitles[id]
	p.r.Checks = append(p.r.Checks, ch)
	if p.o.Progress != nil {
		p.o.Progress(ch)
	}
}

// answer says what the server answered, as "404 NoSuchKey", or what went
// wrong before it could ("dial tcp: lookup …: no such host").
func answer(err error) string {
	if err == nil {
		return "200"
	}
	if errors.Is(err, ErrReadOnly) {
		return "not sent: read-only mode"
	}
	e := Classify("", err)
	switch {
	case e.HTTPStatus != 0 && e.Code != "" && !strings.HasPrefix(e.Code, "HTTP"):
		return fmt.Sprintf("%d %s", e.HTTPStatus, e.Code)
	case e.HTTPStatus != 0:
		return fmt.Sprintf("%d %s", e.HTTPStatus, http.StatusText(e.HTTPStatus))
	}
	return e.Message
}

// hasCode: err is the server's answer with one of the codes.
func hasCode(err error, codes ...string) bool {
	return err != nil && IsCode(Classify("", err), codes...)
}

func status(err error) int {
	if err == nil {
		return 0
	}
	return Classify("", err).HTTPStatus
}

// refusal reads a failed request as the server's no, or as an answer that
// says nothing about what was asked: a refusal of permission, a missing
// thing, a network failure or a server in trouble.
func refusal(err error) Outcome {
	switch s := status(err); {
	case s == http.StatusForbidden, s == http.StatusNotFound:
		return Unknown
	case s >= 400 && s < 500, s == http.StatusNotImplemented:
		return No
	}
	return Unknown
}

// failed is a check that could not tell, because err stopped it.
func failed(what string, err error) Check {
	return Check{Outcome: Unknown, Seen: what + ": " + answer(err)}
}

// listBuckets asks as the client in use would; refused, it asks again
// without x-id, which ListBuckets carries too: a server that refuses only
// x-id lists buckets, and the x-id check says the rest.
func (p *probe) listBuckets(ctx context.Context) Check {
	out, err := p.c.base.ListBuckets(ctx, &s3.ListBucketsInput{})
	if err == nil {
		return Check{Outcome: Yes, Seen: fmt.Sprintf("200, %d buckets", len(out.Buckets))}
	}
	if refusal(err) != No || p.c.Preset().StripXID {
		return Check{Outcome: refusal(err), Seen: answer(err)}
	}
	if out, serr := p.c.unbucketed(true).ListBuckets(ctx, &s3.ListBucketsInput{}); serr == nil {
		return Check{Outcome: Yes, Seen: fmt.Sprintf("200, %d buckets, only without x-id (with it: %s)", len(out.Buckets), answer(err))}
	}
	return Check{Outcome: No, Seen: answer(err)}
}

package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// addressTimeout bounds one addressing check: a virtual-hosted name that
// resolves to somewhere that never answers must not hold the probe up.
const addressTimeout = 15 * time.Second

// addressing asks for the bucket with one addressing style forced. Any
// failure is a no: a name that does not resolve (bucket.127.0.0.1) or a
// server that refuses the style (COS: 403 PathStyleDomainForbidden).
func (p *probe) addressing(parent context.Context, pathStyle bool) Check {
	ctx, cancel := context.WithTimeout(parent, addressTimeout)
	defer cancel()
	cl := p.c.variant(ctx, p.o.Bucket, pathStyle, p.c.Preset().StripXID)
	_, err := cl.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(p.o.Bucket)})
	if pathStyle {
		p.pathErr = err
	} else {
		p.virtErr = err
	}
	switch {
	case err == nil:
		return Check{Outcome: Yes, Seen: "200 to HeadBucket"}
	case parent.Err() != nil:
		// Interrupted: the server was not given the time to answer.
		return Check{Outcome: Unknown, Seen: answer(err)}
	}
	return Check{Outcome: No, Seen: answer(err)}
}

// reachable picks the addressing the rest of the probe uses (the one in
// use, if the server takes it) or says why there is no bucket to probe.
func (p *probe) reachable(ctx context.Context) error {
	if p.o.Bucket == "" || ctx.Err() != nil {
		return nil
	}
	inUse := p.c.pathStyle()
	switch {
	case inUse && p.pathErr == nil, !inUse && p.virtErr == nil:
		p.pathStyle = inUse
		return nil
	case p.pathErr == nil, p.virtErr == nil:
		p.pathStyle = p.pathErr == nil
		return nil
	}
	err := p.pathErr
	if !inUse {
		err = p.virtErr
	}
	switch status(err) {
	case http.StatusNotFound:
		return fmt.Errorf("probe: bucket %s does not exist at %s (%s)", p.o.Bucket, p.where(), answer(err))
	case http.StatusForbidden:
		return fmt.Errorf("probe: no access to bucket %s with these credentials (%s)", p.o.Bucket, answer(err))
	}
	return fmt.Errorf("probe: bucket %s could not be reached: path-style: %s; virtual-hosted: %s",
		p.o.Bucket, answer(p.pathErr), answer(p.virtErr))
}

func (p *probe) where() string {
	if p.c.Endpoint() == "" {
		return "AWS " + p.c.Region()
	}
	return p.c.Endpoint()
}

// xidCheck sends one request the SDK puts x-id in twice, with and without
// it. The same answer both ways (404 NoSuchKey for a key that does not
// exist) means x-id is accepted; an error only with it means it is not.
// Without a bucket ListBuckets serves, which carries x-id too.
func (p *probe) xidCheck(ctx context.Context) Check {
	op := "GetObject of a missing key"
	if p.o.Bucket == "" {
		op = "ListBuckets"
	}
	send := func(strip bool) error {
		if p.o.Bucket == "" {
			_, err := p.c.unbucketed(strip).ListBuckets(ctx, &s3.ListBucketsInput{})
			return err
		}
		cl := p.c.variant(ctx, p.o.Bucket, p.pathStyle, strip)
		out, err := cl.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(p.o.Bucket), Key: aws.String(p.scratch + "absent")})
		if err == nil {
			out.Body.Close()
		}
		return err
	}
	with, without := send(false), send(true)
	p.xid = Unknown
	switch {
	case sameAnswer(with, without):
		p.xid = Yes
		return Check{Outcome: Yes, Seen: op + ", with x-id and without: " + answer(with) + " both times"}
	case without == nil || status(without) == http.StatusNotFound:
		p.xid = No
	}
	return Check{Outcome: p.xid, Seen: fmt.Sprintf("%s with x-id: %s; without: %s", op, answer(with), answer(without))}
}

func sameAnswer(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ea, eb := Classify("", a), Classify("", b)
	return ea.HTTPStatus != 0 && ea.HTTPStatus == eb.HTTPStatus && ea.Code == eb.Code
}

func (p *probe) listUploads(ctx context.Context) Check {
	out, err := p.s3.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{
		Bucket: aws.String(p.o.Bucket), Prefix: nonEmpty(p.o.Prefix), MaxUploads: aws.Int32(100)})
	if err != nil {
		return Check{Outcome: refusal(err), Seen: answer(err)}
	}
	for _, u := range out.Uploads {
		if k := aws.ToString(u.Key); len(k) > 1 {
			p.someUpload = &upload{key: k, id: aws.ToString(u.UploadId)}
			break
		}
	}
	return Check{Outcome: Yes, Seen: fmt.Sprintf("200, %d uploads in progress on the first page", len(out.Uploads))}
}

// listUploadsPrefix opens an upload at …/dir/obj and lists by …/di: a key
// prefix that is neither a whole key nor ends at a "/", which older MinIO
// answers with nothing. Read-only, it looks for an upload already there.
func (p *probe) listUploadsPrefix(ctx context.Context) Check {
	var up upload
	switch {
	case !p.readOnly:
		u, err := p.newUpload(ctx, "dir/obj")
		if err != nil {
			return failed("CreateMultipartUpload", err)
		}
		up = *u
	case p.someUpload != nil:
		up = *p.someUpload
	default:
		return Check{Outcome: Skipped, Seen: "read-only mode, and no upload in progress to look for"}
	}
	// Neither a whole key nor a "directory": …/di, or the key less its
	// last character for an upload found in the bucket.
	prefix := up.key[:len(up.key)-1]
	if !p.readOnly {
		prefix = strings.TrimSuffix(up.key, "r/obj")
	}
	found, err := p.uploadListed(ctx, prefix, up)
	if err != nil {
		return failed("ListMultipartUploads", err)
	}
	if found {
		return Check{Outcome: Yes, Seen: fmt.Sprintf("found by prefix %q", prefix)}
	}
	whole, err := p.uploadListed(ctx, up.key, up)
	switch {
	case err != nil:
		return failed("ListMultipartUploads by the whole key", err)
	case !whole:
		return Check{Outcome: Unknown, Seen: "not listed by its prefix nor by its whole key"}
	}
	return Check{Outcome: No, Seen: fmt.Sprintf("not listed by prefix %q, only by the whole key", prefix)}
}

// uploadListed: the first page of uploads under prefix holds up.
func (p *probe) uploadListed(ctx context.Context, prefix string, up upload) (bool, error) {
	out, err := p.s3.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(p.o.Bucket), Prefix: aws.String(prefix)})
	if err != nil {
		return false, err
	}
	for _, u := range out.Uploads {
		if aws.ToString(u.Key) == up.key && aws.ToString(u.UploadId) == up.id {
			return true, nil
		}
	}
	return false, nil
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

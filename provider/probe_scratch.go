package provider

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// made is everything the probe created, so that clean-up removes exactly
// that, by upload id and by version id, and nothing of anyone else's.
type made struct {
	// wrote: a write was sent, so the scratch prefix may hold something.
	wrote     bool
	uploads   []*upload
	objects   []object
	lifecycle bool
}

type upload struct {
	key, id string
	done    bool // completed: nothing left to abort
}

type object struct{ key, versionID string }

// newUpload starts an upload at scratch/name and keeps it for clean-up.
func (p *probe) newUpload(ctx context.Context, name string) (*upload, error) {
	key := p.scratch + name
	p.made.wrote = true
	out, err := p.s3.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(p.o.Bucket), Key: aws.String(key)})
	if err != nil {
		return nil, err
	}
	u := &upload{key: key, id: aws.ToString(out.UploadId)}
	p.made.uploads = append(p.made.uploads, u)
	return u, nil
}

// complete completes up with parts; the object it makes is kept for
// clean-up with its version id.
func (p *probe) complete(ctx context.Context, up *upload, etags ...string) (*s3.CompleteMultipartUploadOutput, error) {
	parts := make([]types.CompletedPart, len(etags))
	for i, e := range etags {
		parts[i] = types.CompletedPart{PartNumber: aws.Int32(int32(i + 1)), ETag: aws.String(e)}
	}
	out, err := p.s3.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(p.o.Bucket),
		Key: aws.String(up.key), UploadId: aws.String(up.id), MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}})
	if err != nil {
		return nil, err
	}
	up.done = true
	p.made.objects = append(p.made.objects, object{key: up.key, versionID: aws.ToString(out.VersionId)})
	return out, nil
}

// cleanUp removes what the probe made, on a context of its own so that an
// interrupted probe still cleans up, then sweeps the scratch prefix for
// anything not tracked (a request that timed out but was carried out) and
// reports what is still there.
func (p *probe) cleanUp(ctx context.Context) []string {
	if !p.made.wrote && !p.made.lifecycle {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	var left []string
	if err := p.restoreLifecycle(ctx); err != nil {
		left = append(left, fmt.Sprintf("lifecycle configuration on s3://%s (rule %s; the bucket had none): %v", p.o.Bucket, probeRuleID, err))
	}
	// What could not be removed by name: the answer when the scratch
	// prefix cannot be listed (a server without ListMultipartUploads).
	var notAborted []upload
	var notDeleted []object
	for _, u := range p.made.uploads {
		if !u.done && p.abort(ctx, u.key, u.id) != nil {
			notAborted = append(notAborted, *u)
		}
	}
	for _, o := range p.made.objects {
		if p.delete(ctx, o.key, o.versionID) != nil {
			notDeleted = append(notDeleted, o)
		}
	}
	p.sweep(ctx)
	ups, err := p.scratchUploads(ctx)
	if err != nil {
		ups = notAborted
	}
	objs, err := p.scratchObjects(ctx)
	if err != nil {
		objs = notDeleted
	}
	for _, u := range ups {
		left = append(left, fmt.Sprintf("upload %s on s3://%s/%s", u.id, p.o.Bucket, u.key))
	}
	for _, o := range objs {
		name := fmt.Sprintf("s3://%s/%s", p.o.Bucket, o.key)
		if o.versionID != "" && o.versionID != "null" {
			name += " version " + o.versionID
		}
		left = append(left, name)
	}
	return left
}

func (p *probe) abort(ctx context.Context, key, id string) error {
	_, err := p.s3.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String(p.o.Bucket), Key: aws.String(key), UploadId: aws.String(id)})
	if hasCode(err, "NoSuchUpload") {
		return nil // gone already
	}
	return err
}

// delete removes one object version for good: by version id on a bucket
// that has (or had) versioning, where a plain delete would only add a
// delete marker; plainly on one that never had it.
func (p *probe) delete(ctx context.Context, key, versionID string) error {
	in := &s3.DeleteObjectInput{Bucket: aws.String(p.o.Bucket), Key: aws.String(key)}
	if p.versioned && versionID != "" {
		in.VersionId = aws.String(versionID)
	}
	_, err := p.s3.DeleteObject(ctx, in)
	return err
}

// sweep removes whatever is under the scratch prefix: uploads, versions
// and delete markers. Only the probe writes there (its name is random).
// Failures show in the check that follows.
func (p *probe) sweep(ctx context.Context) {
	ups, _ := p.scratchUploads(ctx)
	for _, u := range ups {
		_ = p.abort(ctx, u.key, u.id)
	}
	objs, _ := p.scratchObjects(ctx)
	for _, o := range objs {
		_ = p.delete(ctx, o.key, o.versionID)
	}
}

// scratchUploads lists the uploads under the scratch prefix, and by each
// key the probe used: a server may list nothing for a prefix that is not
// a whole key (older MinIO), and would hide an upload from the sweep.
func (p *probe) scratchUploads(ctx context.Context) ([]upload, error) {
	var ups []upload
	seen := map[string]bool{}
	prefixes := []string{p.scratch}
	for _, u := range p.made.uploads {
		prefixes = append(prefixes, u.key)
	}
	for _, prefix := range prefixes {
		pg := s3.NewListMultipartUploadsPaginator(p.s3, &s3.ListMultipartUploadsInput{Bucket: aws.String(p.o.Bucket), Prefix: aws.String(prefix)})
		for pg.HasMorePages() {
			page, err := pg.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			for _, u := range page.Uploads {
				if id := aws.ToString(u.UploadId); !seen[id] {
					seen[id] = true
					ups = append(ups, upload{key: aws.ToString(u.Key), id: id})
				}
			}
		}
	}
	return ups, nil
}

// scratchObjects lists the objects under the scratch prefix: every
// version and delete marker on a bucket with versioning.
func (p *probe) scratchObjects(ctx context.Context) ([]object, error) {
	var objs []object
	if !p.versioned {
		pg := s3.NewListObjectsV2Paginator(p.s3, &s3.ListObjectsV2Input{Bucket: aws.String(p.o.Bucket), Prefix: aws.String(p.scratch)})
		for pg.HasMorePages() {
			page, err := pg.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			for _, o := range page.Contents {
				objs = append(objs, object{key: aws.ToString(o.Key)})
			}
		}
		return objs, nil
	}
	pg := s3.NewListObjectVersionsPaginator(p.s3, &s3.ListObjectVersionsInput{Bucket: aws.String(p.o.Bucket), Prefix: aws.String(p.scratch)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, v := range page.Versions {
			objs = append(objs, object{key: aws.ToString(v.Key), versionID: aws.ToString(v.VersionId)})
		}
		for _, d := range page.DeleteMarkers {
			objs = append(objs, object{key: aws.ToString(d.Key), versionID: aws.ToString(d.VersionId)})
		}
	}
	return objs, nil
}

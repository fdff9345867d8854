package provider

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"s3parts/model"
)

// ListBuckets lists every bucket the credentials can see.
func (c *Client) ListBuckets(ctx context.Context) ([]model.Bucket, error) {
	var out []model.Bucket
	p := s3.NewListBucketsPaginator(c.base, &s3.ListBucketsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, Classify("ListBuckets", err)
		}
		for _, b := range page.Buckets {
			out = append(out, model.Bucket{Name: aws.ToString(b.Name), CreationDate: aws.ToTime(b.CreationDate),
				Region: aws.ToString(b.BucketRegion)})
		}
	}
	return out, nil
}

// ListObjects reads one page of a prefix: keys and, with a delimiter,
// common prefixes first. Pass the previous page's NextToken to go on; a
// max of 0 lets the server choose (1,000 on S3).
func (c *Client) ListObjects(ctx context.Context, bucket, prefix, delimiter, token string, max int32) (model.ObjectPage, error) {
	in := &s3.ListObjectsV2Input{Bucket: aws.String(bucket), EncodingType: types.EncodingTypeUrl}
	if prefix != "" {
		in.Prefix = aws.String(prefix)
	}
	if delimiter != "" {
		in.Delimiter = aws.String(delimiter)
	}
	if token != "" {
		in.ContinuationToken = aws.String(token)
	}
	if max > 0 {
		in.MaxKeys = aws.Int32(max)
	}
	out, err := c.forBucket(ctx, bucket).ListObjectsV2(ctx, in)
	if err != nil {
		return model.ObjectPage{}, Classify("ListObjectsV2", err)
	}
	key := keyDecoder(out.EncodingType)
	page := model.ObjectPage{Objects: make([]model.Object, 0, len(out.CommonPrefixes)+len(out.Contents))}
	for _, p := range out.CommonPrefixes {
		page.Objects = append(page.Objects, model.Object{Key: key(p.Prefix), IsPrefix: true})
	}
	for _, o := range out.Contents {
		page.Objects = append(page.Objects, model.Object{Key: key(o.Key), Size: aws.ToInt64(o.Size),
			LastModified: aws.ToTime(o.LastModified), ETag: aws.ToString(o.ETag), StorageClass: string(o.StorageClass)})
	}
	if aws.ToBool(out.IsTruncated) {
		page.NextToken = aws.ToString(out.NextContinuationToken)
	}
	return page, nil
}

// ListVersions reads one page of versions and delete markers under a
// prefix: by key, newest first, in the server's order where times tie. Pass the previous page's markers
// to go on.
func (c *Client) ListVersions(ctx context.Context, bucket, prefix, delimiter, keyMarker, versionMarker string) (model.VersionPage, error) {
	in := &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), EncodingType: types.EncodingTypeUrl}
	if prefix != "" {
		in.Prefix = aws.String(prefix)
	}
	if delimiter != "" {
		in.Delimiter = aws.String(delimiter)
	}
	if keyMarker != "" {
		in.KeyMarker = aws.String(keyMarker)
	}
	if versionMarker != "" {
		in.VersionIdMarker = aws.String(versionMarker)
	}
	var order versionOrder
	out, err := c.forBucket(ctx, bucket).ListObjectVersions(ctx, in, func(o *s3.Options) {
		o.APIOptions = append(o.APIOptions, order.record)
	})
	if err != nil {
		return model.VersionPage{}, Classify("ListObjectVersions", err)
	}
	key := keyDecoder(out.EncodingType)
	var versions, markers []model.Version
	for _, v := range out.Versions {
		versions = append(versions, model.Version{Key: key(v.Key), VersionID: aws.ToString(v.VersionId),
			IsLatest: aws.ToBool(v.IsLatest), Size: aws.ToInt64(v.Size), LastModified: aws.ToTime(v.LastModified),
			ETag: aws.ToString(v.ETag), StorageClass: string(v.StorageClass)})
	}
	for _, d := range out.DeleteMarkers {
		markers = append(markers, model.Version{Key: key(d.Key), VersionID: aws.ToString(d.VersionId),
			IsLatest: aws.ToBool(d.IsLatest), DeleteMarker: true, LastModified: aws.ToTime(d.LastModified)})
	}
	var page model.VersionPage
	var ok bool
	if page.Versions, ok = interleave(order.markers, versions, markers); !ok {
		page.Versions = append(versions, markers...)
	}
	// By key, the latest first, then newest first; where two times are
	// equal (many servers stamp whole seconds) the server's order stands.
	// The server's order alone is not enough: versitygw lists a key's
	// versions first and its delete markers after them.
	slices.SortStableFunc(page.Versions, func(a, b model.Version) int {
		if c := strings.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		if a.IsLatest != b.IsLatest {
			if a.IsLatest {
				return -1
			}
			return 1
		}
		return b.LastModified.Compare(a.LastModified)
	})
	for _, p := range out.CommonPrefixes {
		page.Prefixes = append(page.Prefixes, key(p.Prefix))
	}
	if aws.ToBool(out.IsTruncated) {
		page.Truncated = true
		page.NextKeyMarker, page.NextVersionMark = key(out.NextKeyMarker), aws.ToString(out.NextVersionIdMarker)
	}
	return page, nil
}

// ListAllVersions reads every version of exactly one key.
func (c *Client) ListAllVersions(ctx context.Context, bucket, key string) ([]model.Version, error) {
	var all []model.Version
	keyMarker, versionMarker := "", ""
	for {
		page, err := c.ListVersions(ctx, bucket, key, "", keyMarker, versionMarker)
		if err != nil {
			return nil, err
		}
		for _, v := range page.Versions {
			if v.Key == key {
				all = append(all, v)
			}
		}
		if !page.Truncated || (page.NextKeyMarker == keyMarker && page.NextVersionMark == versionMarker) {
			break
		}
		keyMarker, versionMarker = page.NextKeyMarker, page.NextVersionMark
	}
	return all, nil // newest first, as ListVersions orders them
}

// HeadObject reads what S3 tells of one object or version.
func (c *Client) HeadObject(ctx context.Context, ref model.Ref) (model.ObjectInfo, error) {
	return c.headObject(ctx, ref, false, asIs)
}

func (c *Client) headObject(ctx context.Context, ref model.Ref, checksum bool, role keyRole) (model.ObjectInfo, error) {
	in := &s3.HeadObjectInput{Bucket: aws.String(ref.Bucket), Key: aws.String(ref.Key)}
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = c.ssec(ref, role)
	if checksum {
		in.ChecksumMode = types.ChecksumModeEnabled
	}
	if ref.VersionID != "" {
		in.VersionId = aws.String(ref.VersionID)
	}
	out, err := retryRead(ctx, "HeadObject", func() (*s3.HeadObjectOutput, error) {
		out, err := c.forBucket(ctx, ref.Bucket).HeadObject(ctx, in)
		if err == nil && aws.ToString(out.ETag) == "" {
			return nil, hollow("HeadObject", "ETag") // every object has one: the answer is spoiled
		}
		return out, err
	})
	if err != nil {
		return model.ObjectInfo{}, err
	}
	return model.ObjectInfo{
		Ref: ref, Size: aws.ToInt64(out.ContentLength), ETag: aws.ToString(out.ETag), LastModified: aws.ToTime(out.LastModified),
		VersionID: aws.ToString(out.VersionId), StorageClass: string(out.StorageClass),
		ServerSideEncryption: string(out.ServerSideEncryption), PartsCount: aws.ToInt32(out.PartsCount),
		Headers: model.ObjectHeaders{ContentType: aws.ToString(out.ContentType), CacheControl: aws.ToString(out.CacheControl),
			ContentDisposition: aws.ToString(out.ContentDisposition), ContentEncoding: aws.ToString(out.ContentEncoding),
			ContentLanguage: aws.ToString(out.ContentLanguage), Metadata: out.Metadata,
			Expires: aws.ToString(out.ExpiresString), WebsiteRedirectLocation: aws.ToString(out.WebsiteRedirectLocation)},
		SSEKMSKeyID: aws.ToString(out.SSEKMSKeyId), LockMode: string(out.ObjectLockMode), RetainUntil: aws.ToTime(out.ObjectLockRetainUntilDate),
		LegalHold: string(out.ObjectLockLegalHoldStatus), SSECAlgorithm: aws.ToString(out.SSECustomerAlgorithm),
		Checksum: headChecksum(out),
	}, nil
}

// PartsCount is the number of parts a multipart object was completed from
// (0 for an object uploaded in one piece): HeadObject only says so when a
// part number is asked for.
func (c *Client) PartsCount(ctx context.Context, ref model.Ref) (int32, error) {
	return c.partsCount(ctx, ref, asIs)
}

// partsCount is PartsCount with the key of a role: asNew reads back what a
// copy made.
func (c *Client) partsCount(ctx context.Context, ref model.Ref, role keyRole) (int32, error) {
	in := &s3.HeadObjectInput{Bucket: aws.String(ref.Bucket), Key: aws.String(ref.Key), PartNumber: aws.Int32(1)}
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = c.ssec(ref, role)
	if ref.VersionID != "" {
		in.VersionId = aws.String(ref.VersionID)
	}
	out, err := c.forBucket(ctx, ref.Bucket).HeadObject(ctx, in)
	if err != nil {
		return 0, Classify("HeadObject", err)
	}
	return aws.ToInt32(out.PartsCount), nil
}

// SameBytes reports, for parts an upload already holds, which ones hold
// exactly the given ranges of src: the part's ETag must be an MD5 and equal
// the MD5 of that range of the source, read with a ranged GetObject. Where
// ETags are not MD5s (the provider's, or an upload under SSE-C or
// SSE-KMS: n is what it makes) nothing can be proven and nothing is read.
func (c *Client) SameBytes(ctx context.Context, src model.Ref, n model.NewObject, want map[int32]model.ByteRange, stored []model.Part) (map[int32]bool, error) {
	same := map[int32]bool{}
	if !c.Preset().MultipartETagFromParts || n.SSECKey != "" || strings.HasPrefix(n.SSE, "aws:kms") {
		return same, nil
	}
	for _, p := range stored {
		r, ok := want[p.Number]
		if !ok || !model.IsMD5ETag(p.ETag) || p.Size != r.Len() {
			continue
		}
		in := &s3.GetObjectInput{Bucket: aws.String(src.Bucket), Key: aws.String(src.Key), Range: aws.String(r.String())}
		in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = c.ssec(src, asIs)
		if src.VersionID != "" {
			in.VersionId = aws.String(src.VersionID)
		}
		out, err := c.forBucket(ctx, src.Bucket).GetObject(ctx, in)
		if err != nil {
			return nil, Classify("GetObject", err)
		}
		h := md5.New()
		_, err = io.Copy(h, out.Body)
		out.Body.Close()
		if err != nil {
			return nil, Classify("GetObject", err)
		}
		same[p.Number] = model.SameETag(hex.EncodeToString(h.Sum(nil)), p.ETag)
	}
	return same, nil
}

// keyDecoder reads keys from a listing. s3parts asks for URL-encoded keys
// (encoding-type=url): XML cannot carry every character a key may hold (a
// U+0007 makes a plain listing fail whole). A server that ignores the ask
// answers raw keys, and says so by not naming the encoding.
func keyDecoder(enc types.EncodingType) func(*string) string {
	return func(s *string) string {
		k := aws.ToString(s)
		if enc != types.EncodingTypeUrl {
			return k
		}
		if d, err := url.QueryUnescape(k); err == nil {
			return d
		}
		return k
	}
}

// BucketVersioning reads a bucket's versioning status: "Enabled",
// "Suspended", or "" for a bucket that never had it. It doubles as the
// check that the bucket exists: a missing one is NoSuchBucket.
func (c *Client) BucketVersioning(ctx context.Context, bucket string) (string, error) {
	out, err := c.forBucket(ctx, bucket).GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)})
	if err != nil {
		return "", Classify("GetBucketVersioning", err)
	}
	return string(out.Status), nil
}

// PartSize is the size of part n of a multipart object (HeadObject with a
// part number answers that part's length).
func (c *Client) PartSize(ctx context.Context, ref model.Ref, n int32) (int64, error) {
	in := &s3.HeadObjectInput{Bucket: aws.String(ref.Bucket), Key: aws.String(ref.Key), PartNumber: aws.Int32(n)}
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = c.ssec(ref, asIs)
	if ref.VersionID != "" {
		in.VersionId = aws.String(ref.VersionID)
	}
	out, err := c.forBucket(ctx, ref.Bucket).HeadObject(ctx, in)
	if err != nil {
		return 0, Classify("HeadObject", err)
	}
	return aws.ToInt64(out.ContentLength), nil
}

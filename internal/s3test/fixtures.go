package s3test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Raw is a plain SDK client for test set-up and checks, independent of the
// code under test.
func (s *Server) Raw() *s3.Client {
	o := s3.Options{
		Region: s.Region, BaseEndpoint: aws.String(s.Endpoint), UsePathStyle: true,
		Credentials:                credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	}
	if hc := caBundleClient(); hc != nil {
		o.HTTPClient = hc
	}
	return s3.New(o)
}

// caBundleClient trusts AWS_CA_BUNDLE, as the code under test does, so
// that an external server with a certificate of its own (MinIO with TLS,
// which SSE-C needs) can be set up and checked; nil: the SDK's default.
func caBundleClient() *http.Client {
	bundle := os.Getenv("AWS_CA_BUNDLE")
	if bundle == "" {
		return nil
	}
	pem, err := os.ReadFile(bundle)
	if err != nil {
		panic(fmt.Sprintf("AWS_CA_BUNDLE: %v", err))
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		panic("AWS_CA_BUNDLE " + bundle + " holds no certificate")
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = &tls.Config{RootCAs: pool}
	return &http.Client{Transport: t}
}

// Env returns the environment that points the AWS configuration chain at
// this server, and away from any real profile on the machine.
func (s *Server) Env() map[string]string {
	return map[string]string{
		"AWS_ACCESS_KEY_ID":           s.AccessKey,
		"AWS_SECRET_ACCESS_KEY":       s.SecretKey,
		"AWS_SESSION_TOKEN":           "",
		"AWS_REGION":                  s.Region,
		"AWS_ENDPOINT_URL_S3":         s.Endpoint,
		"AWS_PROFILE":                 "",
		"AWS_CONFIG_FILE":             "/nonexistent/s3parts-test-config",
		"AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/s3parts-test-credentials",
		"AWS_EC2_METADATA_DISABLED":   "true",
		// Jobs journaled by tests and the demo stay with them, away from
		// the user's own journal.
		"XDG_STATE_HOME": s.stateDir,
	}
}

var bucketSeq atomic.Int64

// bucketRun tells this process's buckets from those of an earlier run on an
// external server that was killed before its clean-up.
var bucketRun = rand.Uint32() & 0xffffff

// NewBucket creates a fresh bucket for one test, versioned if asked, and
// empties and deletes it when the test ends.
func (s *Server) NewBucket(t testing.TB, versioned bool) string {
	t.Helper()
	sum := sha256.Sum256([]byte(t.Name()))
	return s.NewBucketNamed(t, fmt.Sprintf("s3parts-%s-%06x-%d", hex.EncodeToString(sum[:4]), bucketRun, bucketSeq.Add(1)), versioned)
}

// NewBucketNamed is NewBucket with a name the test chooses (screens with
// bucket names in their golden files need the same name every run).
func (s *Server) NewBucketNamed(t testing.TB, name string, versioned bool) string {
	t.Helper()
	c, ctx := s.Raw(), context.Background()
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)})
	if _, owned := errors.AsType[*types.BucketAlreadyOwnedByYou](err); owned {
		// A fixed name left by a run killed before its clean-up.
		s.RemoveBucket(name)
		_, err = c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)})
	}
	if err != nil {
		t.Fatalf("create bucket %s: %v", name, err)
	}
	if versioned {
		_, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(name),
			VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}})
		if err != nil {
			t.Fatalf("enable versioning on %s: %v", name, err)
		}
	}
	t.Cleanup(func() { s.RemoveBucket(name) })
	return name
}

// RemoveBucket empties a bucket (uploads, versions, objects) and deletes it;
// best effort, so an external server is left clean.
func (s *Server) RemoveBucket(name string) {
	c, ctx := s.Raw(), context.Background()
	// Keys come URL-encoded: a key with a control character (a test of
	// them puts "bell\x07key") makes a plain XML listing fail whole, and
	// the bucket would be left on an external server.
	if ups, err := c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(name), EncodingType: types.EncodingTypeUrl}); err == nil {
		for _, u := range ups.Uploads {
			c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String(name), Key: listedKey(u.Key, ups.EncodingType), UploadId: u.UploadId})
		}
	}
	if vs, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(name), EncodingType: types.EncodingTypeUrl}); err == nil {
		for _, v := range vs.Versions {
			c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(name), Key: listedKey(v.Key, vs.EncodingType), VersionId: v.VersionId})
		}
		for _, d := range vs.DeleteMarkers {
			c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(name), Key: listedKey(d.Key, vs.EncodingType), VersionId: d.VersionId})
		}
	}
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String(name), EncodingType: types.EncodingTypeUrl})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			break
		}
		for _, o := range page.Contents {
			c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(name), Key: listedKey(o.Key, page.EncodingType)})
		}
	}
	c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(name)})
}

// listedKey is a key as a listing asked with encoding-type=url gives it
// (raw where the server ignored the ask and did not name the encoding).
// Written here, not taken from the provider, so the set-up stays
// independent of the code under test.
func listedKey(k *string, enc types.EncodingType) *string {
	if enc != types.EncodingTypeUrl {
		return k
	}
	if d, err := url.QueryUnescape(aws.ToString(k)); err == nil {
		return aws.String(d)
	}
	return k
}

// Data returns n deterministic pseudo-random bytes for a seed.
func Data(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	for i := n - n%8; i < n; i++ {
		b[i] = byte(r.Uint32())
	}
	return b
}

// Put stores data at bucket/key and returns its ETag and version id.
func (s *Server) Put(t testing.TB, bucket, key string, data []byte) (etag, versionID string) {
	t.Helper()
	out, err := s.Raw().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
		Body: bytes.NewReader(data), ContentType: aws.String("application/x-s3parts-test")})
	if err != nil {
		t.Fatalf("put %s/%s: %v", bucket, key, err)
	}
	return aws.ToString(out.ETag), aws.ToString(out.VersionId)
}

// Get reads bucket/key (a version if given).
func (s *Server) Get(t testing.TB, bucket, key, versionID string) []byte {
	t.Helper()
	in := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}
	if versionID != "" {
		in.VersionId = aws.String(versionID)
	}
	out, err := s.Raw().GetObject(context.Background(), in)
	if err != nil {
		t.Fatalf("get %s/%s: %v", bucket, key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatalf("read %s/%s: %v", bucket, key, err)
	}
	return b
}

// Uploads lists the in-progress uploads of a bucket, as "key uploadID".
func (s *Server) Uploads(t testing.TB, bucket string) []string {
	t.Helper()
	out, err := s.Raw().ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatalf("list uploads of %s: %v", bucket, err)
	}
	var ups []string
	for _, u := range out.Uploads {
		ups = append(ups, aws.ToString(u.Key)+" "+aws.ToString(u.UploadId))
	}
	return ups
}

// CreateUpload starts an upload with the raw client, as another tool would.
func (s *Server) CreateUpload(t testing.TB, bucket, key string) string {
	t.Helper()
	out, err := s.Raw().CreateMultipartUpload(context.Background(), &s3.CreateMultipartUploadInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("create upload %s/%s: %v", bucket, key, err)
	}
	return aws.ToString(out.UploadId)
}

// UploadPart stores one part with the raw client and returns its ETag.
func (s *Server) UploadPart(t testing.TB, bucket, key, uploadID string, n int32, data []byte) string {
	t.Helper()
	out, err := s.Raw().UploadPart(context.Background(), &s3.UploadPartInput{Bucket: aws.String(bucket), Key: aws.String(key),
		UploadId: aws.String(uploadID), PartNumber: aws.Int32(n), Body: bytes.NewReader(data)})
	if err != nil {
		t.Fatalf("upload part %d of %s/%s: %v", n, bucket, key, err)
	}
	return aws.ToString(out.ETag)
}

// AbortUpload aborts an upload with the plain SDK, as another tool would.
func (s *Server) AbortUpload(t testing.TB, bucket, key, uploadID string) {
	t.Helper()
	_, err := s.Raw().AbortMultipartUpload(context.Background(), &s3.AbortMultipartUploadInput{
		Bucket: aws.String(bucket), Key: aws.String(key), UploadId: aws.String(uploadID)})
	if err != nil {
		t.Fatalf("abort upload %s: %v", uploadID, err)
	}
}

// CompleteUpload completes an upload with the plain SDK from the parts it
// holds, as another tool would.
func (s *Server) CompleteUpload(t testing.TB, bucket, key, uploadID string) {
	t.Helper()
	c, ctx := s.Raw(), context.Background()
	out, err := c.ListParts(ctx, &s3.ListPartsInput{Bucket: aws.String(bucket), Key: aws.String(key), UploadId: aws.String(uploadID)})
	if err != nil {
		t.Fatalf("list parts of %s: %v", uploadID, err)
	}
	var parts []types.CompletedPart
	for _, p := range out.Parts {
		parts = append(parts, types.CompletedPart{PartNumber: p.PartNumber, ETag: p.ETag})
	}
	_, err = c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(bucket), Key: aws.String(key),
		UploadId: aws.String(uploadID), MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}})
	if err != nil {
		t.Fatalf("complete upload %s: %v", uploadID, err)
	}
}

// Head returns the object's size and ETag.
func (s *Server) Head(t testing.TB, bucket, key string) (int64, string) {
	t.Helper()
	out, err := s.Raw().HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("head %s/%s: %v", bucket, key, err)
	}
	return aws.ToInt64(out.ContentLength), aws.ToString(out.ETag)
}

// Delete deletes bucket/key; on a versioned bucket that adds a delete
// marker, whose version id is returned.
func (s *Server) Delete(t testing.TB, bucket, key string) string {
	t.Helper()
	out, err := s.Raw().DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("delete %s/%s: %v", bucket, key, err)
	}
	return aws.ToString(out.VersionId)
}

// LastModified is the object's modification time.
func (s *Server) LastModified(t testing.TB, bucket, key string) time.Time {
	t.Helper()
	out, err := s.Raw().HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("head %s/%s: %v", bucket, key, err)
	}
	return aws.ToTime(out.LastModified)
}

// Copied fails the test unless bucket/key holds exactly want and the
// bucket has no upload left open: what every finished copy must leave.
func (s *Server) Copied(t testing.TB, bucket, key string, want []byte) {
	t.Helper()
	if got := s.Get(t, bucket, key, ""); !bytes.Equal(got, want) {
		t.Fatalf("%s/%s is not the source (%d bytes, want %d)", bucket, key, len(got), len(want))
	}
	if ups := s.Uploads(t, bucket); len(ups) != 0 {
		t.Errorf("uploads left open: %v", ups)
	}
}

// Exists reports whether bucket/key has a current version.
func (s *Server) Exists(bucket, key string) bool {
	_, err := s.Raw().HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	return err == nil
}

// SetEnv points the process environment at the server for the AWS
// configuration chain (for TestMain, where t.Setenv is not available).
func (s *Server) SetEnv(setenv func(k, v string) error) error {
	for k, v := range s.Env() {
		if err := setenv(k, v); err != nil {
			return err
		}
	}
	return nil
}

// Contains is strings.Contains for assertions on command output, with the
// output in the failure message.
func Contains(t testing.TB, out, want string) {
	t.Helper()
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}

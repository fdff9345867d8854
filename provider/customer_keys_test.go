package provider_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"s3parts/model"
	"s3parts/provider"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// testKey is a customer key of 32 known bytes.
func testKey(t *testing.T, fill byte) model.CustomerKey {
	t.Helper()
	k, err := model.ParseCustomerKey(bytes.Repeat([]byte{fill}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// Every request on an object given a customer key carries it: the
// upload's own requests the new object's key, a part copy also the
// source's as x-amz-copy-source-server-side-encryption-customer-*; an
// object without a key gets none of these headers.
func TestShapeCustomerKeys(t *testing.T) {
	src, dst := model.Ref{Bucket: "b", Key: "src"}, model.Ref{Bucket: "b", Key: "dst"}
	srcKey, dstKey := testKey(t, 's'), testKey(t, 'd')
	keyed := func(t *testing.T, answer http.HandlerFunc) (*provider.Client, *shapeRecorder) {
		c, rec := shapeClient(t, "cos", "ap-guangzhou", answer)
		if err := c.UseSourceKey(src, srcKey); err != nil {
			t.Fatal(err)
		}
		if err := c.UseDestKey(dst, dstKey); err != nil {
			t.Fatal(err)
		}
		return c, rec
	}
	const prefix, copyPrefix = "X-Amz-Server-Side-Encryption-Customer-", "X-Amz-Copy-Source-Server-Side-Encryption-Customer-"
	has := func(t *testing.T, r *http.Request, prefix string, k model.CustomerKey) {
		t.Helper()
		for h, want := range map[string]string{prefix + "Algorithm": "AES256", prefix + "Key": k.Base64(), prefix + "Key-Md5": k.MD5Base64()} {
			if got := r.Header.Get(h); got != want {
				t.Errorf("%s %s: %s is %q, want %q", r.Method, r.URL, h, got, want)
			}
		}
	}
	hasNone := func(t *testing.T, r *http.Request, prefix string) {
		t.Helper()
		for _, h := range []string{prefix + "Algorithm", prefix + "Key", prefix + "Key-Md5"} {
			if v := r.Header.Get(h); v != "" {
				t.Errorf("%s %s sent %s", r.Method, r.URL, h)
			}
		}
	}
	ctx := context.Background()
	t.Run("CreateMultipartUpload", func(t *testing.T) {
		c, rec := keyed(t, shapeAnswer(200, `<InitiateMultipartUploadResult><UploadId>u1</UploadId></InitiateMultipartUploadResult>`))
		if _, err := c.CreateUpload(ctx, dst, model.NewObject{SSECKey: dstKey.Fingerprint()}); err != nil {
			t.Fatal(err)
		}
		r := rec.only(t)
		has(t, r, prefix, dstKey)
		if v := r.Header.Get("X-Amz-Server-Side-Encryption"); v != "" {
			t.Errorf("SSE-C sent x-amz-server-side-encryption %q too", v)
		}
	})
	t.Run("UploadPartCopy", func(t *testing.T) {
		c, rec := keyed(t, shapeAnswer(200, `<CopyPartResult><ETag>"0123456789abcdef0123456789abcdef"</ETag></CopyPartResult>`))
		in := singleAttempt(provider.CopyPartInput{Dest: dst, UploadID: "u1", Number: 1, Source: src, Range: model.ByteRange{First: 0, Last: 9}})
		if _, err := c.CopyPart(ctx, in); err != nil {
			t.Fatal(err)
		}
		r := rec.only(t)
		has(t, r, prefix, dstKey)
		has(t, r, copyPrefix, srcKey)
	})
	t.Run("CompleteMultipartUpload", func(t *testing.T) {
		c, rec := keyed(t, shapeAnswer(200, `<CompleteMultipartUploadResult><ETag>"e-1"</ETag></CompleteMultipartUploadResult>`))
		if _, err := c.Complete(ctx, dst, "u1", []model.CompletedPart{{Number: 1, ETag: `"0123456789abcdef0123456789abcdef"`}}); err != nil {
			t.Fatal(err)
		}
		has(t, rec.only(t), prefix, dstKey)
	})
	t.Run("ListParts", func(t *testing.T) {
		c, rec := keyed(t, shapeAnswer(200, `<ListPartsResult><UploadId>u1</UploadId></ListPartsResult>`))
		if _, err := c.ListParts(ctx, dst, "u1"); err != nil {
			t.Fatal(err)
		}
		has(t, rec.only(t), prefix, dstKey)
	})
	t.Run("HeadObject", func(t *testing.T) {
		c, rec := keyed(t, shapeAnswer(200, "", "ETag", `"abc"`, "Content-Length", "10"))
		if _, err := c.HeadObject(ctx, src); err != nil {
			t.Fatal(err)
		}
		has(t, rec.only(t), prefix, srcKey)
	})
	t.Run("no key, no headers", func(t *testing.T) {
		c, rec := shapeClient(t, "cos", "ap-guangzhou", shapeAnswer(200, `<CopyPartResult><ETag>"0123456789abcdef0123456789abcdef"</ETag></CopyPartResult>`))
		if _, err := c.CopyPart(ctx, singleAttempt(provider.CopyPartInput{Dest: dst, UploadID: "u1", Number: 1, Source: src, Range: model.ByteRange{Last: 9}})); err != nil {
			t.Fatal(err)
		}
		r := rec.only(t)
		hasNone(t, r, prefix)
		hasNone(t, r, copyPrefix)
	})
}

// An upload planned with a customer key is never created without it (it
// would make an object the key does not encrypt); one key per object.
func TestCustomerKeyRefusals(t *testing.T) {
	c, rec := shapeClient(t, "cos", "ap-guangzhou", shapeAnswer(200, `<InitiateMultipartUploadResult><UploadId>u1</UploadId></InitiateMultipartUploadResult>`))
	dst := model.Ref{Bucket: "b", Key: "dst"}
	k, other := testKey(t, 1), testKey(t, 2)
	_, err := c.CreateUpload(context.Background(), dst, model.NewObject{SSECKey: k.Fingerprint()})
	var missing *provider.MissingKeyError
	if !errors.As(err, &missing) || missing.Flag != "--sse-c-key" || missing.Fingerprint != k.Fingerprint() {
		t.Errorf("CreateUpload without its key: %v", err)
	}
	if n := len(rec.requests()); n != 0 {
		t.Errorf("%d requests sent without the key", n)
	}
	if err := c.UseDestKey(dst, other); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateUpload(context.Background(), dst, model.NewObject{SSECKey: k.Fingerprint()}); err == nil || len(rec.requests()) != 0 {
		t.Errorf("CreateUpload with another key: %v, %d requests", err, len(rec.requests()))
	}
	if err := c.UseDestKey(dst, k); err == nil {
		t.Error("a second key for one object's new version was taken")
	}
	plan := model.Plan{Source: model.Ref{Bucket: "b", Key: "src"}, Dest: dst,
		SourceAttrs: model.SourceAttrs{SSEC: true, SSECKey: k.Fingerprint()}}
	if err := c.CheckCustomerKeys(plan); !errors.As(err, &missing) || missing.Flag != "--source-sse-c-key" {
		t.Errorf("a plan whose source key is missing: %v", err)
	}
	// Reading an upload back (a resume, a settle) needs the keys too: without
	// them nothing is read and nothing is told of the upload.
	before := len(rec.requests())
	job := model.Job{ID: "j", Plan: plan, UploadID: "u1"}
	if _, _, err := c.Reconcile(context.Background(), job); !errors.As(err, &missing) || errors.Is(err, provider.ErrUploadGone) {
		t.Errorf("Reconcile without the source's key: %v", err)
	}
	if n := len(rec.requests()) - before; n != 0 {
		t.Errorf("Reconcile sent %d requests without the key", n)
	}
}

// A customer key is not sent in clear over the network: plain HTTP is
// refused but to this machine.
func TestCustomerKeyNeedsTLS(t *testing.T) {
	for ep, ok := range map[string]bool{
		"http://s3.example.com": false, "http://10.0.0.5:9000": false,
		"http://127.0.0.1:9000": true, "http://localhost:9000": true, "http://[::1]:9000": true, "https://s3.example.com": true,
	} {
		c, err := provider.New(context.Background(), provider.Options{Endpoint: ep, Region: "us-east-1"})
		if err != nil {
			t.Fatal(err)
		}
		err = c.UseDestKey(model.Ref{Bucket: "b", Key: "k"}, testKey(t, 7))
		if (err == nil) != ok {
			t.Errorf("%s: %v", ep, err)
		}
	}
}

// One CopyObject carries both keys, as a part copy does.
func TestShapeCopyObjectCustomerKeys(t *testing.T) {
	c, rec := shapeClient(t, "cos", "ap-guangzhou", shapeAnswer(200, `<CopyObjectResult><ETag>"0123456789abcdef0123456789abcdef"</ETag></CopyObjectResult>`))
	src, dst := model.Ref{Bucket: "b", Key: "src"}, model.Ref{Bucket: "b", Key: "dst"}
	srcKey, dstKey := testKey(t, 's'), testKey(t, 'd')
	if err := c.UseSourceKey(src, srcKey); err != nil {
		t.Fatal(err)
	}
	if err := c.UseDestKey(dst, dstKey); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CopyObject(context.Background(), provider.CopyObjectRequest{Source: src, Dest: dst, New: model.NewObject{SSECKey: dstKey.Fingerprint()}}); err != nil {
		t.Fatal(err)
	}
	r := rec.only(t)
	for h, want := range map[string]string{
		"X-Amz-Server-Side-Encryption-Customer-Key": dstKey.Base64(), "X-Amz-Server-Side-Encryption-Customer-Key-Md5": dstKey.MD5Base64(),
		"X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key":       srcKey.Base64(),
		"X-Amz-Copy-Source-Server-Side-Encryption-Customer-Algorithm": "AES256",
	} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
}

// An object copied onto itself reads with the key it has and writes with
// the one it is given (a key rotation), or with none (to SSE-S3): each
// header set carries its own role's key, never the other's.
func TestShapeCustomerKeysInPlace(t *testing.T) {
	obj := model.Ref{Bucket: "b", Key: "k"}
	old, next := testKey(t, 'o'), testKey(t, 'n')
	for _, rotate := range []bool{true, false} {
		c, rec := shapeClient(t, "cos", "ap-guangzhou", shapeAnswer(200, `<CopyPartResult><ETag>"0123456789abcdef0123456789abcdef"</ETag></CopyPartResult>`))
		if err := c.UseSourceKey(obj, old); err != nil {
			t.Fatal(err)
		}
		if rotate {
			if err := c.UseDestKey(obj, next); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.CopyPart(context.Background(), singleAttempt(provider.CopyPartInput{Dest: obj, UploadID: "u1", Number: 1, Source: obj, Range: model.ByteRange{Last: 9}})); err != nil {
			t.Fatal(err)
		}
		r := rec.only(t)
		if got := r.Header.Get("X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key"); got != old.Base64() {
			t.Errorf("rotate %v: the source is read with %q", rotate, got)
		}
		want := ""
		if rotate {
			want = next.Base64()
		}
		if got := r.Header.Get("X-Amz-Server-Side-Encryption-Customer-Key"); got != want {
			t.Errorf("rotate %v: the new object is written with %q, want %q", rotate, got, want)
		}
	}
}

// A redirect to plain http elsewhere is not followed with a customer key:
// the SDK would send every x-amz- header to wherever it points.
func TestCustomerKeyNotSentOnARedirect(t *testing.T) {
	var asked atomic.Int64
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		http.Redirect(w, r, "http://s3parts-redirect.invalid"+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()
	ref := model.Ref{Bucket: "b", Key: "k"}
	head := func(withKey bool) error {
		c, err := provider.New(context.Background(), provider.Options{Endpoint: redirector.URL, Region: "us-east-1", PathStyle: aws.Bool(true)})
		if err != nil {
			t.Fatal(err)
		}
		if withKey {
			if err := c.UseSourceKey(ref, testKey(t, 'r')); err != nil {
				t.Fatal(err)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_, err = c.HeadObject(ctx, ref)
		return err
	}
	err := head(true)
	if err == nil || !strings.Contains(err.Error(), "refusing to send an SSE-C key over plain http to s3parts-redirect.invalid") {
		t.Errorf("a redirect with a key: %v", err)
	}
	if n := asked.Load(); n != 1 {
		t.Errorf("the endpoint was asked %d times: a refusal is not tried again", n)
	}
	if err := head(false); err == nil || strings.Contains(err.Error(), "refusing") {
		t.Errorf("a redirect without a key (followed, to nowhere): %v", err)
	}
	if asked.Load() == 0 {
		t.Error("the endpoint was never asked")
	}
}

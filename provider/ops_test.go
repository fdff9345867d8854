package provider_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"s3parts/internal/s3test"
	"s3parts/model"
	"s3parts/provider"
)

func TestListObjectsPagesOneAtATime(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	for i := range 5 {
		srv.Put(t, b, fmt.Sprintf("k%d", i), []byte("x"))
	}
	srv.Put(t, b, "dir/inner", []byte("x"))
	ctx := context.Background()
	var keys []string
	token, pages := "", 0
	for {
		page, err := c.ListObjects(ctx, b, "", "/", token, 2)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(page.Objects) > 2 {
			t.Fatalf("page of %d objects with max 2", len(page.Objects))
		}
		for _, o := range page.Objects {
			keys = append(keys, o.Key)
		}
		if page.NextToken == "" {
			break
		}
		token = page.NextToken
	}
	want := []string{"dir/", "k0", "k1", "k2", "k3", "k4"}
	if pages < 3 || len(keys) != len(want) {
		t.Fatalf("%d pages, keys %v; want %v over 3+ pages", pages, keys, want)
	}
	seen := map[string]bool{}
	for _, k := range keys {
		seen[k] = true
	}
	for _, k := range want {
		if !seen[k] {
			t.Errorf("missing %s in %v", k, keys)
		}
	}
}

func TestVersionsIncludeDeleteMarkersNewestFirst(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, true)
	_, v1 := srv.Put(t, b, "doc", []byte("one"))
	_, v2 := srv.Put(t, b, "doc", []byte("two!"))
	dm := srv.Delete(t, b, "doc")
	vs, err := c.ListAllVersions(context.Background(), b, "doc")
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 3 {
		t.Fatalf("want 3 versions, got %+v", vs)
	}
	ids := map[string]model.Version{}
	for _, v := range vs {
		ids[v.VersionID] = v
	}
	if m := ids[dm]; !m.DeleteMarker || !m.IsLatest {
		t.Errorf("delete marker %s: %+v", dm, m)
	}
	if v := ids[v2]; v.DeleteMarker || v.IsLatest || v.Size != 4 {
		t.Errorf("version 2: %+v", v)
	}
	if v := ids[v1]; v.DeleteMarker || v.Size != 3 {
		t.Errorf("version 1: %+v", v)
	}
	page, err := c.ListVersions(context.Background(), b, "", "", "", "")
	if err != nil || len(page.Versions) != 3 || !page.Versions[0].IsLatest {
		t.Errorf("ListVersions: %v %+v", err, page)
	}
}

func TestCopyPartReportsSourceVersion(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, true)
	_, v1 := srv.Put(t, b, "src", s3test.Data(200, 1000))
	srv.Put(t, b, "src", s3test.Data(201, 1000))
	up, err := c.CreateUpload(context.Background(), model.Ref{Bucket: b, Key: "dst"}, model.NewObject{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.CopyPart(context.Background(), provider.CopyPartInput{Dest: model.Ref{Bucket: b, Key: "dst"}, UploadID: up, Number: 1,
		Source: model.Ref{Bucket: b, Key: "src", VersionID: v1}, Range: model.ByteRange{First: 0, Last: 999}, WholeSource: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.ETag == "" || res.LastModified.IsZero() {
		t.Errorf("result: %+v", res)
	}
	// S3 answers x-amz-copy-source-version-id on a versioned source; it is
	// what the engine's mixed-version guard reads.
	if res.CopySourceVersionID != v1 && (!srv.External || res.CopySourceVersionID != "") {
		t.Errorf("copied from version %q, asked for %s", res.CopySourceVersionID, v1)
	}
	parts, err := c.ListParts(context.Background(), model.Ref{Bucket: b, Key: "dst"}, up)
	if err != nil || len(parts) != 1 || parts[0].Size != 1000 || !model.SameETag(parts[0].ETag, res.ETag) {
		t.Errorf("ListParts: %v %+v", err, parts)
	}
	if err := c.Abort(context.Background(), model.Ref{Bucket: b, Key: "dst"}, up); err != nil {
		t.Fatal(err)
	}
	_, err = c.ListParts(context.Background(), model.Ref{Bucket: b, Key: "dst"}, up)
	if !provider.IsCode(err, "NoSuchUpload") {
		t.Errorf("ListParts of an aborted upload: %v", err)
	}
}

func TestReadOnlyRefusesEveryWrite(t *testing.T) {
	c := newClient(t, provider.Options{ReadOnly: true})
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", []byte("hello"))
	ctx := context.Background()
	dst := model.Ref{Bucket: b, Key: "dst"}
	up := srv.CreateUpload(t, b, "dst")
	checks := map[string]error{}
	_, checks["CreateUpload"] = c.CreateUpload(ctx, dst, model.NewObject{})
	_, checks["CopyPart"] = c.CopyPart(ctx, provider.CopyPartInput{Dest: dst, UploadID: up, Number: 1, Source: model.Ref{Bucket: b, Key: "src"}, WholeSource: true})
	_, checks["Complete"] = c.Complete(ctx, dst, up, []model.CompletedPart{{Number: 1, ETag: `"x"`}})
	checks["Abort"] = c.Abort(ctx, dst, up)
	for op, err := range checks {
		var oe *model.OpError
		if !errors.As(err, &oe) || oe.Code != "ReadOnly" || oe.HTTPStatus != 0 {
			t.Errorf("%s in read-only mode: %v", op, err)
		}
	}
	if _, err := c.ListBuckets(ctx); err != nil {
		t.Errorf("reads must still work: %v", err)
	}
	if ups := srv.Uploads(t, b); len(ups) != 1 {
		t.Errorf("uploads changed: %v", ups)
	}
}

func TestCompleteRefusesBadPartLists(t *testing.T) {
	c := newClient(t, provider.Options{})
	dst := model.Ref{Bucket: "unused-bucket", Key: "k"}
	ctx := context.Background()
	for name, tc := range map[string]struct {
		parts []model.CompletedPart
		code  string
	}{
		"empty":     {nil, "NoParts"},
		"unsorted":  {[]model.CompletedPart{{Number: 2, ETag: `"a"`}, {Number: 1, ETag: `"b"`}}, "InvalidPartOrder"},
		"duplicate": {[]model.CompletedPart{{Number: 1, ETag: `"a"`}, {Number: 1, ETag: `"b"`}}, "InvalidPartOrder"},
		"no etag":   {[]model.CompletedPart{{Number: 1, ETag: ""}}, "MissingETag"},
	} {
		_, err := c.Complete(ctx, dst, "up", tc.parts)
		// Refused here, before any request: no HTTP status.
		var oe *model.OpError
		if !errors.As(err, &oe) || oe.Code != tc.code || oe.HTTPStatus != 0 {
			t.Errorf("%s part list: %#v, want code %s refused locally", name, err, tc.code)
		}
	}
}

func TestHeadMissingObjectIsClassified(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	_, err := c.HeadObject(context.Background(), model.Ref{Bucket: b, Key: "missing"})
	var oe *model.OpError
	if !errors.As(err, &oe) || oe.HTTPStatus != 404 || oe.Retryable || oe.Message == "" {
		t.Fatalf("HeadObject of a missing key: %#v", err)
	}
}

func TestConnectionErrorsThatRetriesCannotMend(t *testing.T) {
	c := newClient(t, provider.Options{Endpoint: "http://no-such-host.invalid"})
	_, err := c.ListBuckets(context.Background())
	var oe *model.OpError
	if !errors.As(err, &oe) || oe.Retryable || !strings.Contains(oe.Message, "no such host") {
		t.Errorf("unknown host: %#v", err)
	}
	c = newClient(t, provider.Options{Endpoint: "http://127.0.0.1:1"})
	_, err = c.ListBuckets(context.Background())
	if !errors.As(err, &oe) || !oe.Retryable || oe.Code != "NetworkError" {
		t.Errorf("refused connection: %#v", err)
	}
}

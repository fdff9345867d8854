package provider_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"s3parts/model"
	"s3parts/provider"
)

const copyObjectAnswer = `<CopyObjectResult><ETag>"0123456789abcdef0123456789abcdef"</ETag></CopyObjectResult>`

// Every attribute of the new object is a header of CopyObject, spelled as
// S3 reads it, as CreateMultipartUpload sends them for a multipart copy;
// the metadata is always replaced (with the source's, as read, where
// nothing was changed), the tags whenever they are not kept.
func TestShapeCopyObjectAttributes(t *testing.T) {
	until := time.Date(2031, 2, 3, 4, 5, 6, 0, time.UTC)
	n := model.NewObject{
		Headers: model.ObjectHeaders{ContentType: "video/mp4", CacheControl: "max-age=60", ContentDisposition: "attachment",
			ContentEncoding: "gzip", ContentLanguage: "de", Metadata: map[string]string{"owner": "ops"},
			Expires: "Wed, 21 Oct 2037 07:28:00 GMT", WebsiteRedirectLocation: "/elsewhere.html"},
		StorageClass: "STANDARD_IA", SSE: "aws:kms", SSEKMSKeyID: "arn:aws:kms:us-east-1:1:key/k",
		Tags: map[string]string{"team": "media & co", "a": "1"}, LockMode: "GOVERNANCE", RetainUntil: until, LegalHold: "ON",
		ACL: "bucket-owner-full-control", ChecksumAlgorithm: "CRC64NVME", ChecksumType: model.ChecksumFullObject,
	}
	for _, name := range []string{"cos", "jdcloud"} {
		c, rec := shapeClient(t, name, "cn-north-1", shapeAnswer(http.StatusOK, copyObjectAnswer))
		res, err := c.CopyObject(context.Background(), provider.CopyObjectRequest{Source: model.Ref{Bucket: "src", Key: "a b", VersionID: "v1"},
			Dest: model.Ref{Bucket: "b", Key: "k"}, Conditions: model.Conditions{IfMatch: `"etag1"`}, New: n})
		if err != nil {
			t.Fatal(err)
		}
		if res.ETag != `"0123456789abcdef0123456789abcdef"` {
			t.Errorf("%s: ETag %q", name, res.ETag)
		}
		r := rec.only(t)
		if r.Method != http.MethodPut {
			t.Errorf("%s: %s, want PUT", name, r.Method)
		}
		for h, want := range map[string]string{
			"X-Amz-Copy-Source": "src/a%20b?versionId=v1", "X-Amz-Copy-Source-If-Match": `"etag1"`,
			"X-Amz-Metadata-Directive": "REPLACE", "X-Amz-Tagging-Directive": "REPLACE",
			"Content-Type": "video/mp4", "Cache-Control": "max-age=60", "Content-Disposition": "attachment",
			"Content-Encoding": "gzip", "Content-Language": "de", "X-Amz-Meta-Owner": "ops",
			"Expires": "Wed, 21 Oct 2037 07:28:00 GMT", "X-Amz-Website-Redirect-Location": "/elsewhere.html",
			"X-Amz-Storage-Class": "STANDARD_IA", "X-Amz-Server-Side-Encryption": "aws:kms",
			"X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id": "arn:aws:kms:us-east-1:1:key/k",
			"X-Amz-Tagging": "a=1&team=media%20%26%20co", "X-Amz-Object-Lock-Mode": "GOVERNANCE",
			"X-Amz-Object-Lock-Retain-Until-Date": "2031-02-03T04:05:06Z", "X-Amz-Object-Lock-Legal-Hold": "ON",
			"X-Amz-Acl": "bucket-owner-full-control", "X-Amz-Checksum-Algorithm": "CRC64NVME",
		} {
			if got := r.Header.Get(h); got != want {
				t.Errorf("%s: %s: %q, want %q", name, h, got, want)
			}
		}
	}
}

// An empty NewObject sends no attribute header: only the metadata
// directive (the source's metadata as read is none), and the tagging
// directive only when the tags are not kept.
func TestShapeCopyObjectEmpty(t *testing.T) {
	for _, keep := range []bool{true, false} {
		c, rec := shapeClient(t, "cos", "ap-guangzhou", shapeAnswer(http.StatusOK, copyObjectAnswer))
		if _, err := c.CopyObject(context.Background(), provider.CopyObjectRequest{Source: model.Ref{Bucket: "src", Key: "k"},
			Dest: model.Ref{Bucket: "b", Key: "k"}, KeepTags: keep}); err != nil {
			t.Fatal(err)
		}
		r := rec.only(t)
		for _, h := range []string{"X-Amz-Storage-Class", "X-Amz-Server-Side-Encryption", "X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id",
			"X-Amz-Tagging", "X-Amz-Object-Lock-Mode", "X-Amz-Object-Lock-Retain-Until-Date", "X-Amz-Object-Lock-Legal-Hold", "X-Amz-Acl",
			"X-Amz-Checksum-Algorithm", "Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires",
			"X-Amz-Website-Redirect-Location", "X-Amz-Copy-Source-If-Match", "X-Amz-Copy-Source-If-None-Match"} {
			if v := r.Header.Get(h); v != "" {
				t.Errorf("keep tags %v: an empty NewObject sent %s: %q", keep, h, v)
			}
		}
		for name, v := range r.Header {
			if len(name) > 11 && http.CanonicalHeaderKey(name[:11]) == "X-Amz-Meta-" {
				t.Errorf("keep tags %v: metadata %s: %v", keep, name, v)
			}
		}
		if got := r.Header.Get("X-Amz-Metadata-Directive"); got != "REPLACE" {
			t.Errorf("metadata directive %q", got)
		}
		want := "REPLACE"
		if keep {
			want = "" // COPY, the default: not sent
		}
		if got := r.Header.Get("X-Amz-Tagging-Directive"); got != want {
			t.Errorf("keep tags %v: tagging directive %q, want %q", keep, got, want)
		}
	}
}

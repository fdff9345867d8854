package provider_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"s3parts/model"
)

// Every attribute of the new object is a header of CreateMultipartUpload,
// spelled as S3 reads it; an attribute left empty sends no header.
func TestShapeCreateUploadAttributes(t *testing.T) {
	c, rec := shapeClient(t, "cos", "ap-guangzhou", shapeAnswer(http.StatusOK,
		`<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>`))
	until := time.Date(2031, 2, 3, 4, 5, 6, 0, time.UTC)
	n := model.NewObject{
		Headers: model.ObjectHeaders{ContentType: "video/mp4", CacheControl: "max-age=60", Metadata: map[string]string{"owner": "ops"},
			Expires: "Wed, 21 Oct 2037 07:28:00 GMT", WebsiteRedirectLocation: "/elsewhere.html"},
		StorageClass: "STANDARD_IA", SSE: "aws:kms", SSEKMSKeyID: "arn:aws:kms:us-east-1:1:key/k",
		Tags: map[string]string{"team": "media & co", "a": "1"}, LockMode: "GOVERNANCE", RetainUntil: until, LegalHold: "ON",
		ACL: "bucket-owner-full-control",
	}
	if _, err := c.CreateUpload(context.Background(), model.Ref{Bucket: "b", Key: "k"}, n); err != nil {
		t.Fatal(err)
	}
	r := rec.only(t)
	for h, want := range map[string]string{
		"Content-Type": "video/mp4", "Cache-Control": "max-age=60", "X-Amz-Meta-Owner": "ops",
		"X-Amz-Storage-Class": "STANDARD_IA", "X-Amz-Server-Side-Encryption": "aws:kms",
		"X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id": "arn:aws:kms:us-east-1:1:key/k",
		"X-Amz-Tagging": "a=1&team=media%20%26%20co", "X-Amz-Object-Lock-Mode": "GOVERNANCE",
		"X-Amz-Object-Lock-Retain-Until-Date": "2031-02-03T04:05:06Z", "X-Amz-Object-Lock-Legal-Hold": "ON",
		"X-Amz-Acl": "bucket-owner-full-control", "Expires": "Wed, 21 Oct 2037 07:28:00 GMT",
		"X-Amz-Website-Redirect-Location": "/elsewhere.html",
	} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	c2, rec2 := shapeClient(t, "cos", "ap-guangzhou", shapeAnswer(http.StatusOK,
		`<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>`))
	if _, err := c2.CreateUpload(context.Background(), model.Ref{Bucket: "b", Key: "k"}, model.NewObject{}); err != nil {
		t.Fatal(err)
	}
	r2 := rec2.only(t)
	for _, h := range []string{"X-Amz-Storage-Class", "X-Amz-Server-Side-Encryption", "X-Amz-Tagging", "X-Amz-Object-Lock-Mode",
		"X-Amz-Object-Lock-Legal-Hold", "X-Amz-Acl", "X-Amz-Checksum-Algorithm"} {
		if v := r2.Header.Get(h); v != "" {
			t.Errorf("an empty NewObject sent %s: %q", h, v)
		}
	}
}

package ui_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"s3parts/internal/s3test"
)

// The details page shows what a faithful copy keeps: tags, the part
// sizes of a multipart object, and whether the version shown is the
// latest.
func TestDetailsShowTagsPartsLatest(t *testing.T) {
	ctx := context.Background()
	b := srv.NewBucketNamed(t, "ui-details", true)
	raw := srv.Raw()
	if _, err := raw.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("tagged"), Body: bytes.NewReader([]byte("v1")),
		Tagging: aws.String("team=media&tier=gold")}); err != nil {
		t.Fatal(err)
	}
	up := srv.CreateUpload(t, b, "multi")
	srv.UploadPart(t, b, "multi", up, 1, s3test.Data(1, 5<<20))
	srv.UploadPart(t, b, "multi", up, 2, s3test.Data(2, 5<<20))
	srv.UploadPart(t, b, "multi", up, 3, s3test.Data(3, 1<<20))
	srv.CompleteUpload(t, b, "multi", up)
	tm := app(t)
	openBucket(t, tm, b)
	waitFor(t, tm, "tagged", "multi")
	key(tm, "i") // "multi" sorts first
	waitFor(t, tm, "3 (a multipart object)", "5 MiB × 2, 1 MiB", "latest")
	key(tm, "esc", "down", "i")
	waitFor(t, tm, "team=media, tier=gold", "yes (no version was named)")
}

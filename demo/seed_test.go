package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"s3parts/internal/s3test"
)

// The demo opens the UI once the small data is in: seed leaves the
// largest object to seedBig, which says how far it is after each part,
// aborts what an interrupted run left, and writes nothing twice.
func TestSeedLeavesTheLargestObjectForLater(t *testing.T) {
	srv, err := s3test.Start(s3test.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	ctx := context.Background()
	c := srv.Raw()
	// An external test server (S3PARTS_TEST_ENDPOINT) may hold the demo's
	// buckets from an earlier run; seed would keep them as they are.
	clean := func() {
		for _, b := range []string{mediaBucket, versionedBucket, uploadsBucket, destBucket} {
			srv.RemoveBucket(b)
		}
	}
	clean()
	defer clean()
	if err := seed(ctx, srv, io.Discard); err != nil {
		t.Fatal(err)
	}
	head := func() error {
		_, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(mediaBucket), Key: aws.String(bigKey)})
		return err
	}
	if head() == nil {
		t.Fatal("seed wrote the largest object: the UI would wait for it")
	}
	// An interrupted run left an upload of it.
	if _, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(mediaBucket), Key: aws.String(bigKey)}); err != nil {
		t.Fatal(err)
	}
	var lines []string
	size := int64(64*mib + 1) // two parts
	wrote, err := seedBig(ctx, srv, size, func(s string) { lines = append(lines, s) })
	if err != nil || !wrote {
		t.Fatalf("seedBig: wrote %v, %v", wrote, err)
	}
	if head() != nil {
		t.Fatal("the largest object is not there after seedBig")
	}
	if len(lines) != 2 || !strings.Contains(lines[0], "0/64 MiB") || !strings.Contains(lines[1], "64/64 MiB") {
		t.Errorf("progress lines %q", lines)
	}
	ups, err := c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(mediaBucket)})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range ups.Uploads {
		if aws.ToString(u.Key) == bigKey {
			t.Errorf("the interrupted run's upload %s is left", aws.ToString(u.UploadId))
		}
	}
	if wrote, err := seedBig(ctx, srv, size, func(string) {}); wrote || err != nil {
		t.Errorf("a second seedBig wrote %v, %v: it is there already", wrote, err)
	}
}

package provider_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"s3parts/internal/s3test"
	"s3parts/model"
	"s3parts/provider"
)

// wholePlan is planFor copied with one CopyObject.
func wholePlan(t *testing.T, c *provider.Client, bucket, src, dst string) model.Plan {
	return planFor(t, c, bucket, src, dst).Whole()
}

// A job planned as one CopyObject makes no upload: its one part is the
// whole source, the object is read back, and the job says how it was
// copied and checked.
func TestEngineCopiesWhole(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	data := s3test.Data(150, 3<<20+5)
	srv.Put(t, b, "src", data)
	job := model.NewJob("w1", wholePlan(t, c, b, "src", "dst"), time.Now())
	final := (&provider.Engine{Client: c}).Run(context.Background(), job, nil)
	if final.State != model.StateVerified || final.UploadID != "" || final.Parts[0].State != model.StateDone {
		t.Fatalf("final job: state %s, upload %q, part %s, err %v", final.State, final.UploadID, final.Parts[0].State, final.Err)
	}
	if !strings.Contains(final.Verification, "ETag (the source's MD5)") || !strings.Contains(final.Verification, "one CopyObject") {
		t.Errorf("verification %q", final.Verification)
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("copy differs from source")
	}
	if etag := final.FinalETag; strings.Contains(etag, "-") {
		t.Errorf("ETag %s is a multipart one", etag)
	}
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("uploads left: %v", ups)
	}
}

// A source changed since the plan fails the job at its If-Match, naming
// the condition; nothing is made, and the job can be run again.
func TestEngineCopyWholeCondition(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(151, 1<<20))
	plan := wholePlan(t, c, b, "src", "dst")
	srv.Put(t, b, "src", s3test.Data(152, 1<<20))
	final := (&provider.Engine{Client: c}).Run(context.Background(), model.NewJob("w2", plan, time.Now()), nil)
	if final.State != model.StateFailed || final.Err == nil || !strings.Contains(final.Err.Message, "If-Match") {
		t.Fatalf("final job: state %s, err %v", final.State, final.Err)
	}
	if final.Parts[0].State != model.StateFailed || final.Parts[0].Attempts != 1 {
		t.Errorf("part: %s after %d attempts", final.Parts[0].State, final.Parts[0].Attempts)
	}
	if srv.Exists(b, "dst") {
		t.Error("a failed condition made the object")
	}
}

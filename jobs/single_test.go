package jobs_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"s3parts/internal/s3test"
	"s3parts/jobs"
	"s3parts/model"
	"s3parts/provider"
)

// whole turns a planned job into one CopyObject's.
func whole(job model.Job) model.Job {
	job.Plan = job.Plan.Whole()
	job.Parts = model.NewJob(job.ID, job.Plan, job.CreatedAt).Parts
	return job
}

// A job copied with one CopyObject runs through the service like any:
// journaled, verified, no upload. One whose source changed fails at its
// If-Match; the next step is a new copy (going on would send the same
// condition), and a resume is refused in words for one request.
func TestSingleJobThroughTheService(t *testing.T) {
	f := newFixture(t, "")
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(6, 2<<20))
	done := f.run(whole(f.job(b, "src", "dst")))
	if done.State != model.StateVerified || done.UploadID != "" || !strings.Contains(done.Verification, "one CopyObject") {
		t.Fatalf("a single job: %s, upload %q, %q, %v", done.State, done.UploadID, done.Verification, done.Err)
	}
	if j := f.journaled(done.ID); j.State != model.StateVerified || !j.Plan.Single {
		t.Errorf("journal: %s, single %v", j.State, j.Plan.Single)
	}

	stale := whole(f.job(b, "src", "dst2"))
	srv.Put(t, b, "src", s3test.Data(7, 2<<20))
	failed := f.run(stale)
	if failed.State != model.StateFailed || srv.Exists(b, "dst2") {
		t.Fatalf("a changed source: %s, made %v", failed.State, srv.Exists(b, "dst2"))
	}
	steps := jobs.NextSteps(failed, jobs.Commands{Journaled: true})
	if len(steps) != 1 || !strings.HasPrefix(steps[0], "copy anew: s3parts ") || !strings.Contains(steps[0], " copy s3://") {
		t.Errorf("next steps: %q", steps)
	}
	_, err := f.svc.Resume(context.Background(), failed.ID, jobs.ResumeOptions{Edit: func(*model.Job) error { return nil }})
	if err == nil || !strings.Contains(err.Error(), "changed since it was planned") || strings.Contains(err.Error(), "upload") {
		t.Errorf("resume after the source changed: %v", err)
	}
}

// On a service without UploadPartCopy a single job is resumed (its plan
// is not held to the rules of parts).
func TestSingleJobResumesWithoutPartCopy(t *testing.T) {
	f := newFixture(t, "")
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(8, 1<<20))
	job := whole(f.job(b, "src", "dst"))
	job.State = model.StateInterrupted
	if err := f.store.Save(job); err != nil {
		t.Fatal(err)
	}
	c, err := provider.New(context.Background(), provider.Options{Provider: "gcs", Endpoint: srv.Endpoint})
	if err != nil {
		t.Fatal(err)
	}
	svc := jobs.New(c, f.store, f.opts)
	t.Cleanup(func() { svc.CancelAll(); svc.Close() })
	if _, err := svc.Load(false); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Resume(context.Background(), job.ID, jobs.ResumeOptions{Here: true, Edit: func(*model.Job) error { return nil }}); err != nil {
		t.Fatalf("resume on gcs: %v", err)
	}
	if done, err := svc.Wait(context.Background(), job.ID); err != nil || done.State != model.StateVerified {
		t.Fatalf("after the resume: %s, %v (%v)", done.State, err, done.Err)
	}
}

// A job whose new object takes a customer key is left as it is by a
// process without the key: settling it would read its upload and object
// without the key and call it aborted.
func TestSettleWithoutTheKeyChangesNothing(t *testing.T) {
	f := newFixture(t, "")
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(9, 11<<20))
	job := f.job(b, "src", "dst")
	job.Plan.Target.SSECKey = "sha256:0011223344556677"
	job.UploadID, job.State = "no-such-upload", model.StateFailed
	if err := f.store.Save(job); err != nil {
		t.Fatal(err)
	}
	svc := f.reopen()
	if _, err := svc.Load(false); err != nil {
		t.Fatal(err)
	}
	_, err := svc.Settle(context.Background(), job.ID)
	var missing *provider.MissingKeyError
	if !errors.As(err, &missing) {
		t.Errorf("settle without the key: %v", err)
	}
	if changed := svc.SettleAll(context.Background()); len(changed) != 0 {
		t.Errorf("settled without the key: %v", changed)
	}
	if j := f.journaled(job.ID); j.State != model.StateFailed {
		t.Errorf("journal: %s", j.State)
	}
}

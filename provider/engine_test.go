package provider_test

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"s3parts/internal/s3test"
	"s3parts/model"
	"s3parts/provider"
)

// planFor builds a plan for bucket/src -> bucket/dst in parts of 5 MiB.
func planFor(t *testing.T, c *provider.Client, bucket, src, dst string) model.Plan {
	t.Helper()
	ref := model.Ref{Bucket: bucket, Key: src}
	info, err := c.HeadObject(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	parts, err := model.SplitParts(info.Size, 5*model.MiB, c.Preset().Limits)
	if err != nil {
		t.Fatal(err)
	}
	return model.Plan{Source: ref, SourceSize: info.Size, SourceETag: info.ETag, Dest: model.Ref{Bucket: bucket, Key: dst},
		PartSize: 5 * model.MiB, Parts: parts, Conditions: model.Conditions{IfMatch: info.ETag}, Headers: info.Headers}
}

func TestEngineEventsAndResult(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	data := s3test.Data(100, 16<<20+7)
	srv.Put(t, b, "src", data)
	job := model.NewJob("t1", planFor(t, c, b, "src", "dst"), time.Now())

	events := make(chan provider.Event, 1024)
	var journaled int
	// What OnChange hands over, applied in order, is the job: at every
	// job-level change the parts built from the part changes are the whole
	// job's parts (asked for within OnChange, nothing else can change).
	var mirror model.Job
	eng := &provider.Engine{Client: c, Concurrency: 2, OnChange: func(ch model.Change) {
		journaled++
		if mirror.Parts == nil {
			mirror = ch.Whole()
		}
		ch.ApplyTo(&mirror)
		if whole := ch.Whole(); ch.JobLevel() && !reflect.DeepEqual(mirror.Parts, whole.Parts) {
			t.Errorf("the part changes applied in order do not make the job's parts at a job-level change")
		}
	}}
	final := eng.Run(context.Background(), job, events)
	close(events)

	if final.State != model.StateVerified || !final.Verified || final.ExpectedETag == "" || !model.SameETag(final.FinalETag, final.ExpectedETag) {
		t.Fatalf("final job: %+v", final)
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("copy differs from source")
	}
	// The source's content type travels to the copy.
	info, err := c.HeadObject(context.Background(), model.Ref{Bucket: b, Key: "dst"})
	if err != nil || info.Headers.ContentType != "application/x-s3parts-test" {
		t.Errorf("content type not carried over: %q %v", info.Headers.ContentType, err)
	}

	seen := map[int32][]model.State{}
	var phases []provider.Phase
	for ev := range events {
		if ev.JobID != "t1" {
			t.Errorf("event for job %q", ev.JobID)
		}
		if ev.Part != nil {
			seen[ev.Part.Number] = append(seen[ev.Part.Number], ev.Part.State)
			continue
		}
		if len(phases) == 0 || phases[len(phases)-1] != ev.Phase {
			phases = append(phases, ev.Phase)
		}
	}
	for n := int32(1); n <= 4; n++ {
		s := seen[n]
		if len(s) < 2 || s[len(s)-2] != model.StateRunning || s[len(s)-1] != model.StateDone {
			t.Errorf("part %d went through %v; want ... running, done", n, s)
		}
	}
	want := []provider.Phase{provider.PhaseCreating, provider.PhaseCopying, provider.PhaseCompleting, provider.PhaseVerifying, provider.PhaseFinished}
	if !slices.Equal(phases, want) {
		t.Errorf("phases %v, want %v", phases, want)
	}
	if journaled < 10 {
		t.Errorf("OnChange saw %d changes; every part start and end should be one", journaled)
	}
}

// A job whose parts failed keeps its upload open; fixing the condition and
// running it again copies the failed parts and completes.
func TestEngineRetryAfterFailedCondition(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	data := s3test.Data(101, 11<<20)
	srv.Put(t, b, "src", data)
	plan := planFor(t, c, b, "src", "dst")
	good := plan.Conditions.IfMatch
	plan.Conditions.IfMatch = `"00000000000000000000000000000000"`
	eng := &provider.Engine{Client: c}

	failed := eng.Run(context.Background(), model.NewJob("t2", plan, time.Now()), nil)
	if failed.State != model.StateFailed || failed.UploadID == "" {
		t.Fatalf("want a failed job with its upload kept: %+v", failed)
	}
	for _, p := range failed.Parts {
		if p.State != model.StateFailed || p.Err == nil || p.Err.HTTPStatus != 412 || p.Err.Retryable || p.Attempts != 1 {
			t.Errorf("part %d: state %s attempts %d err %+v; want failed once with a non-retryable 412", p.Number, p.State, p.Attempts, p.Err)
		}
	}
	if srv.Exists(b, "dst") {
		t.Fatal("a failed job completed")
	}

	failed.Plan.Conditions.IfMatch = good
	// Failed parts wait for a person: running again without a reset
	// sends nothing.
	same := eng.Run(context.Background(), failed, nil)
	if same.State != model.StateFailed || same.Parts[0].Attempts != 1 {
		t.Fatalf("failed parts were retried without a reset: %+v", same.Parts[0])
	}
	if n := failed.RetryFailed(); n != len(failed.Parts) {
		t.Fatalf("RetryFailed reset %d parts", n)
	}
	done := eng.Run(context.Background(), failed, nil)
	if done.State != model.StateVerified || done.UploadID != failed.UploadID {
		t.Fatalf("retry: %+v", done)
	}
	for _, p := range done.Parts {
		if p.Attempts != 2 || p.Err != nil {
			t.Errorf("part %d: attempts %d err %v", p.Number, p.Attempts, p.Err)
		}
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("copy differs from source")
	}
}

// A job run with NoComplete and then again without copies nothing twice.
func TestEngineNoCompleteThenComplete(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	data := s3test.Data(102, 6<<20)
	srv.Put(t, b, "src", data)
	job := model.NewJob("t3", planFor(t, c, b, "src", "dst"), time.Now())
	job.NoComplete = true
	eng := &provider.Engine{Client: c}
	open := eng.Run(context.Background(), job, nil)
	if open.State != model.StateCopied || open.FinalETag != "" || srv.Exists(b, "dst") {
		t.Fatalf("NoComplete job: %+v", open)
	}
	open.NoComplete = false
	done := eng.Run(context.Background(), open, nil)
	if done.State != model.StateVerified || !done.Verified {
		t.Fatalf("completing run: %+v", done)
	}
	for _, p := range done.Parts {
		if p.Attempts != 1 {
			t.Errorf("part %d copied %d times", p.Number, p.Attempts)
		}
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("copy differs")
	}
}

// Parts the server says came from different source versions are never
// completed into one object.
func TestEngineRefusesMixedSourceVersions(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(103, 11<<20))
	job := model.NewJob("t4", planFor(t, c, b, "src", "dst"), time.Now())
	job.UploadID = srv.CreateUpload(t, b, "dst")
	for i := range job.Parts {
		job.Parts[i].State, job.Parts[i].ETag = model.StateDone, `"0123456789abcdef0123456789abcdef"`
		job.Parts[i].CopySourceVersionID = "v1"
	}
	job.Parts[1].CopySourceVersionID = "v2"
	out := (&provider.Engine{Client: c}).Run(context.Background(), job, nil)
	if out.State != model.StateFailed || out.Err == nil || out.Err.Code != "MixedSourceVersions" {
		t.Fatalf("want MixedSourceVersions, got %+v", out.Err)
	}
	if srv.Exists(b, "dst") {
		t.Fatal("mixed parts were completed")
	}
}

func TestEngineCancelledLeavesUploadForResume(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(104, 6<<20))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := make(chan provider.Event)
	job := model.NewJob("t5", planFor(t, c, b, "src", "dst"), time.Now())
	done := make(chan model.Job)
	go func() { done <- (&provider.Engine{Client: c}).Run(ctx, job, events) }()
	// Cancel as soon as the upload exists.
	for ev := range events {
		if ev.Job.UploadID != "" {
			cancel()
			break
		}
	}
	out := <-done
	if out.State != model.StateCancelled || out.UploadID == "" {
		t.Fatalf("want cancelled with upload kept: %+v", out)
	}
	if ups := srv.Uploads(t, b); len(ups) != 1 {
		t.Errorf("want the upload kept for resume, got %v", ups)
	}
}

func TestEngineRejectsInvalidPlanBeforeSending(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(105, 11<<20))
	plan := planFor(t, c, b, "src", "dst")
	plan.Parts[0].Range.Last = 100 // part 1 now under the minimum
	out := (&provider.Engine{Client: c}).Run(context.Background(), model.NewJob("t6", plan, time.Now()), nil)
	if out.State != model.StateFailed || out.Err.Code != "InvalidPlan" || out.UploadID != "" {
		t.Fatalf("want InvalidPlan before any upload: %+v", out)
	}
	if len(srv.Uploads(t, b)) != 0 {
		t.Error("an upload was created for an invalid plan")
	}
}

// When the upload is gone no part can succeed: the first NoSuchUpload ends
// the job instead of every part failing on its own.
func TestEngineStopsOnFatalError(t *testing.T) {
	c := newClient(t, provider.Options{})
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(106, 30<<20))
	job := model.NewJob("t7", planFor(t, c, b, "src", "dst"), time.Now())
	job.UploadID = srv.CreateUpload(t, b, "dst")
	if err := c.Abort(context.Background(), job.Plan.Dest, job.UploadID); err != nil {
		t.Fatal(err)
	}
	out := (&provider.Engine{Client: c, Concurrency: 1}).Run(context.Background(), job, nil)
	if out.State != model.StateFailed || out.Err == nil || out.Err.Code != "NoSuchUpload" {
		t.Fatalf("want the job failed with NoSuchUpload, got %s %+v", out.State, out.Err)
	}
	if tried := totalAttempts(out); tried != 1 {
		t.Errorf("%d part copies were tried after the upload was found gone; want 1", tried)
	}
}

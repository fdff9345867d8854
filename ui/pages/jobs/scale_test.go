package jobs

import (
	"fmt"
	"testing"
	"time"

	"s3parts/jobs"
	"s3parts/journal"
	"s3parts/model"
)

// serviceWith is the job service as the UI finds it after a failed copy
// of n parts read back from the journal: most parts done, some failed
// with errors long enough to wrap, the rest pending. It returns the
// job's id.
func serviceWith(tb testing.TB, n int) (*jobs.Service, string) {
	tb.Helper()
	const size = 8 << 20
	plan := model.Plan{Source: model.Ref{Bucket: "src", Key: "big/object.bin"}, SourceSize: int64(n) * size, SourceETag: `"s"`,
		Dest: model.Ref{Bucket: "dst", Key: "copy/object.bin"}, PartSize: size, Conditions: model.Conditions{IfMatch: `"s"`}}
	for i := range n {
		plan.Parts = append(plan.Parts, model.PlannedPart{Number: int32(i + 1), Range: model.ByteRange{First: int64(i) * size, Last: int64(i+1)*size - 1}})
	}
	t0 := time.Now()
	j := model.NewJob(model.NewJobID(), plan, t0)
	j.UploadID, j.State = "upload-1", model.StateFailed
	for i := range j.Parts {
		p := &j.Parts[i]
		switch {
		case i%97 == 5:
			p.State, p.Attempts, p.Err = model.StateFailed, 5, &model.OpError{Op: "UploadPartCopy", Code: "InternalError", HTTPStatus: 500, RequestID: "req-" + fmt.Sprint(i),
				Message: "We encountered an internal error. Please try again, and if it goes on, ask the provider what became of this request."}
		case i < n*3/4:
			p.State, p.Attempts, p.ETag, p.Duration = model.StateDone, 1, fmt.Sprintf(`"%032x"`, i), 1500*time.Millisecond
		}
	}
	store := &journal.Store{Dir: tb.TempDir()}
	if err := store.Save(j); err != nil {
		tb.Fatal(err)
	}
	svc := jobs.New(nil, store, jobs.Options{Keep: -1})
	if _, err := svc.Load(true); err != nil {
		tb.Fatal(err)
	}
	return svc, j.ID
}

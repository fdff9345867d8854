package common

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/model"
)

// Completing or aborting an upload from the uploads or parts screen goes
// through the job service, so a job that owns the upload learns of it.
// Completing reads the upload first, so the question states the object it
// would make (its size and part count), and what was asked about is what
// gets completed. An upload a job owns is refused while it lacks a planned
// part.

// UploadActions is what the upload screens ask of the job service.
type UploadActions interface {
	InspectUpload(ctx context.Context, ref model.Ref, uploadID string) (jobs.UploadInfo, error)
	CompleteUpload(ctx context.Context, ref model.Ref, uploadID string, want jobs.Expect) (jobs.UploadResult, error)
	AbortUpload(ctx context.Context, ref model.Ref, uploadID string) (jobs.UploadResult, error)
}

// CompleteAsked is what an upload holds, read before asking to complete
// it; the root puts the question (Ask) on the UI's goroutine.
type CompleteAsked struct {
	svc    UploadActions
	upload model.Upload
	info   jobs.UploadInfo
	err    error
	// done is what follows once the upload is completed (it runs off the
	// UI's goroutine: messages only, no page state).
	done tea.Cmd
}

// AskComplete reads the upload off the UI's goroutine; the root then asks.
func AskComplete(e *Env, svc UploadActions, u model.Upload, done tea.Cmd) tea.Cmd {
	if refused := e.RefuseWrite(); refused != nil {
		return refused
	}
	ref, ctx := model.Ref{Bucket: u.Bucket, Key: u.Key}, e.Ctx
	return func() tea.Msg {
		info, err := svc.InspectUpload(ctx, ref, u.UploadID)
		return CompleteAsked{svc: svc, upload: u, info: info, err: err, done: done}
	}
}

// Ask puts the question, or says why there is none to put.
func (m CompleteAsked) Ask(e *Env) tea.Cmd {
	u, in := m.upload, m.info
	ref := model.Ref{Bucket: u.Bucket, Key: u.Key}
	switch {
	case m.err != nil:
		return Failed(m.err)
	case in.Owner != nil && len(in.Missing)+len(in.Extra) > 0:
		err := &jobs.ShortError{UploadID: u.UploadID, Owner: *in.Owner, Missing: in.Missing, Extra: in.Extra}
		return Failed(fmt.Errorf("%w · %s on job %s copies what is missing", err, KeyOf(e.Keys.Jobs.RetryFailed), in.Owner.ID))
	case in.Gaps != "":
		return Failed(fmt.Errorf("upload %s has no part %s: completing it would leave a hole; copy the missing parts first (%s)",
			Short(u.UploadID), in.Gaps, KeyOf(e.Keys.Uploads.Continue)))
	case len(in.Parts) == 0:
		return Failed(fmt.Errorf("upload %s holds no parts: there is nothing to complete", Short(u.UploadID)))
	}
	q := fmt.Sprintf("Complete upload %s into %s from the %s it holds? The object will be %s (%d bytes).",
		u.UploadID, ref, Count(len(in.Parts), "part"), FmtSize(in.Bytes), in.Bytes)
	svc, ctx, done := m.svc, e.Ctx, m.done
	return e.Ask(q, func() tea.Cmd {
		return func() tea.Msg {
			res, err := svc.CompleteUpload(ctx, ref, u.UploadID, jobs.Expect{Parts: len(in.Parts), Bytes: in.Bytes})
			if err != nil {
				return StatusMsg{Err: err}
			}
			line := fmt.Sprintf("completed %s from %s: ETag %s", ref, Count(len(res.Parts), "part"), res.Completed.ETag)
			return tea.BatchMsg{Status(line + OwnerNote(res)), done}
		}
	})
}

// OwnerNote says what became of the job that owned an upload.
func OwnerNote(res jobs.UploadResult) string {
	if res.Owner == nil {
		return ""
	}
	return fmt.Sprintf(" · job %s is now %s", res.Owner.ID, res.Owner.State)
}

package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/model"
)

// Completing an upload from the uploads or parts screen: the upload is
// read first, so the question states the object it would make (its size
// and part count), and what was asked about is what gets completed. An
// upload a job owns is refused while it lacks a planned part.

// completeAsked is what an upload holds, read before asking to complete it.
type completeAsked struct {
	upload model.Upload
	info   jobs.UploadInfo
	err    error
	// done is what follows once the upload is completed (it runs off the
	// UI's goroutine: messages only, no page state).
	done tea.Cmd
}

// askComplete reads the upload off the UI's goroutine; the root then asks.
func askComplete(e *env, u model.Upload, done tea.Cmd) tea.Cmd {
	if refused := e.readOnly(); refused != nil {
		return refused
	}
	ref := model.Ref{Bucket: u.Bucket, Key: u.Key}
	return func() tea.Msg {
		info, err := e.jobs.InspectUpload(e.ctx, ref, u.UploadID)
		return completeAsked{upload: u, info: info, err: err, done: done}
	}
}

// ask puts the question, or says why there is none to put.
func (m completeAsked) ask(e *env) tea.Cmd {
	u, in := m.upload, m.info
	ref := model.Ref{Bucket: u.Bucket, Key: u.Key}
	switch {
	case m.err != nil:
		return failed(m.err)
	case in.Owner != nil && len(in.Missing)+len(in.Extra) > 0:
		err := &jobs.ShortError{UploadID: u.UploadID, Owner: *in.Owner, Missing: in.Missing, Extra: in.Extra}
		return failed(fmt.Errorf("%w · R on job %s copies what is missing", err, in.Owner.ID))
	case in.Gaps != "":
		return failed(fmt.Errorf("upload %s has no part %s: completing it would leave a hole; copy the missing parts first (c)", short(u.UploadID), in.Gaps))
	case len(in.Parts) == 0:
		return failed(fmt.Errorf("upload %s holds no parts: there is nothing to complete", short(u.UploadID)))
	}
	q := fmt.Sprintf("Complete upload %s into %s from the %s it holds? The object will be %s (%d bytes).",
		short(u.UploadID), ref, count(len(in.Parts), "part"), fmtSize(in.Bytes), in.Bytes)
	return e.confirm(q, func() tea.Cmd {
		return func() tea.Msg {
			res, err := e.jobs.CompleteUpload(e.ctx, ref, u.UploadID, jobs.Expect{Parts: len(in.Parts), Bytes: in.Bytes})
			if err != nil {
				return statusMsg{err: err}
			}
			return tea.BatchMsg{status(fmt.Sprintf("completed %s from %s: ETag %s", ref, count(len(res.Parts), "part"), res.Completed.ETag) + ownerNote(res)),
				m.done}
		}
	})
}

package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// A request stalls when the server says nothing for too long. The limit is
// on silence, not on total time: a large listing or a long
// CompleteMultipartUpload (S3 keeps it alive by sending whitespace) may
// take minutes and is fine as long as bytes come; no answer at all for a
// minute or two is a stall, and the request is given up and retried.
const (
	// SilenceLimit is how long any request may wait for a byte.
	SilenceLimit = time.Minute
	// CompleteSilenceLimit is longer: a server assembling a large object
	// may take a while before its first byte.
	CompleteSilenceLimit = 2 * time.Minute
)

// StallError: the server said nothing for Limit. Retrying is safe for
// every request s3parts sends (a second Complete of a completed upload is
// recognised by the object it made), so the SDK's retryer retries it.
type StallError struct {
	Op    string
	Limit time.Duration
}

func (e *StallError) Error() string {
	return fmt.Sprintf("no answer from the server for %s (%s): given up", e.Limit, e.Op)
}

// RetryableError tells the SDK's retryer to try again.
func (e *StallError) RetryableError() bool { return true }

// stallGuard wraps an HTTP client so every request has a silence limit
// (part copies excepted: the engine bounds each attempt itself, as a
// server may say nothing for minutes while it copies gigabytes).
type stallGuard struct {
	next HTTPDoer
	// limits overrides the limits (tests); nil uses silenceFor.
	limits func(*http.Request) time.Duration
}

func (g stallGuard) Do(req *http.Request) (*http.Response, error) {
	limit := silenceFor(req)
	if g.limits != nil {
		limit = g.limits(req)
	}
	if limit <= 0 {
		return g.next.Do(req)
	}
	stall := &StallError{Op: operationOf(req), Limit: limit}
	ctx, cancel := context.WithCancelCause(req.Context())
	timer := time.AfterFunc(limit, func() { cancel(stall) })
	res, err := g.next.Do(req.WithContext(ctx))
	if err != nil {
		timer.Stop()
		if errors.Is(context.Cause(ctx), stall) {
			err = fmt.Errorf("%w (%v)", stall, err)
		}
		cancel(nil)
		return nil, err
	}
	timer.Reset(limit) // from here, silence counts between the body's bytes
	res.Body = &watchedBody{ReadCloser: res.Body, ctx: ctx, stall: stall, timer: timer, limit: limit, cancel: cancel}
	return res, nil
}

// watchedBody resets the silence timer on every byte read.
type watchedBody struct {
	io.ReadCloser
	ctx    context.Context
	stall  *StallError
	timer  *time.Timer
	limit  time.Duration
	cancel context.CancelCauseFunc
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.timer.Reset(b.limit)
	}
	if err != nil && err != io.EOF && errors.Is(context.Cause(b.ctx), b.stall) {
		err = fmt.Errorf("%w (%v)", b.stall, err)
	}
	return n, err
}

func (b *watchedBody) Close() error {
	b.timer.Stop()
	b.cancel(nil)
	return b.ReadCloser.Close()
}

// silenceFor is the silence limit of a request: none for a part copy,
// longer for a completion, a minute for the rest.
func silenceFor(r *http.Request) time.Duration {
	switch operationOf(r) {
	case "UploadPartCopy":
		return 0
	case "CompleteMultipartUpload":
		return CompleteSilenceLimit
	}
	return SilenceLimit
}

// operationOf names the S3 operation of a request, as far as the limits
// need to know it.
func operationOf(r *http.Request) string {
	q := r.URL.Query()
	switch {
	case r.Method == http.MethodPut && r.Header.Get("X-Amz-Copy-Source") != "" && q.Has("uploadId"):
		return "UploadPartCopy"
	case r.Method == http.MethodPost && q.Has("uploadId"):
		return "CompleteMultipartUpload"
	case r.Method == http.MethodHead:
		return "HeadObject"
	}
	return r.Method + " " + r.URL.Path
}

package provider

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"

	"s3parts/model"
)

// badAnswerRetryer is the SDK's retryer that also tries again when an
// answer cannot be read (a 200 cut short, not XML). The SDK counts that a
// final answer; for what s3parts sends it is safe to ask again: listings
// and HEADs read, a part copy is retried by the engine itself, and a
// second CompleteMultipartUpload of a completed upload is recognised by
// the object it made.
type badAnswerRetryer struct{ aws.Retryer }

func (r badAnswerRetryer) IsErrorRetryable(err error) bool {
	var bad *smithy.DeserializationError
	if errors.As(err, &bad) {
		return true
	}
	return r.Retryer.IsErrorRetryable(err)
}

// readAttempts bounds s3parts' own tries at a read, on top of the SDK's:
// an answer that parses but is hollow (a 200 HEAD without an ETag, a
// ListParts without its upload id) is a failure the SDK cannot see.
const readAttempts = 4

// retryRead runs read until it succeeds, fails in a way another try cannot
// mend, or has been tried readAttempts times.
func retryRead[T any](ctx context.Context, op string, read func() (T, error)) (T, error) {
	for attempt := 1; ; attempt++ {
		v, err := read()
		if err == nil {
			return v, nil
		}
		oe := Classify(op, err)
		if !oe.Retryable || attempt == readAttempts || ctx.Err() != nil {
			return v, oe
		}
		select {
		case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
		case <-ctx.Done():
			return v, Classify(op, ctx.Err())
		}
	}
}

// hollow is the error of an answer that parsed but says nothing.
func hollow(op, what string) *model.OpError {
	return &model.OpError{Op: op, Code: "EmptyResult", Retryable: true, Message: "the server's answer had no " + what}
}

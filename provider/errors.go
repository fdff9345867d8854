package provider

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"s3parts/model"
)

// Classify turns any error from an S3 call into a model.OpError: the
// server's code, HTTP status and request id, whether trying again can help,
// and a message a person can act on.
func Classify(op string, err error) *model.OpError {
	if err == nil {
		return nil
	}
	var oe *model.OpError
	if errors.As(err, &oe) {
		return oe
	}
	e := &model.OpError{Op: op, Message: err.Error()}
	var api smithy.APIError
	if errors.As(err, &api) {
		e.Code, e.Message = api.ErrorCode(), api.ErrorMessage()
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		e.HTTPStatus, e.RequestID = re.HTTPStatusCode(), re.ServiceRequestID()
		if e.RequestID == "" && re.Response != nil {
			// COS documents its own header; support tickets ask for it.
			e.RequestID = re.Response.Header.Get("X-Cos-Request-Id")
		}
		// AWS marks a 404 (latest version deleted) or 405 (a delete
		// marker's own version id) this way; SourceGone explains it.
		e.DeleteMarker = re.Response != nil && strings.EqualFold(re.Response.Header.Get("X-Amz-Delete-Marker"), "true")
	}
	var stall *StallError
	if errors.As(err, &stall) {
		e.Code, e.Retryable, e.Message = "Stalled", true, stall.Error()
		return e
	}
	var bad *smithy.DeserializationError
	if errors.As(err, &bad) && (e.Code == "" || strings.HasPrefix(e.Code, "HTTP2")) {
		// A 200 whose body cannot be read (cut short, not XML): the request
		// may or may not have been carried out, and trying again is safe
		// for the operations s3parts repeats (a part copy, a listing; a
		// second Complete is checked against the object).
		e.Code, e.Retryable = "BadResponse", true
		e.Message = "the server's answer could not be read (" + rootCause(err).Error() + ")"
		return e
	}
	if refused, ok := errors.AsType[*KeyRefusedError](err); ok {
		e.Code, e.Message = "KeyRefused", refused.Error()
		return e
	}
	switch {
	case errors.Is(err, ErrReadOnly):
		e.Code, e.Message = "ReadOnly", "refused: read-only mode is on and this would change the bucket; nothing was sent"
		return e
	case errors.Is(err, context.Canceled):
		e.Code, e.Message = "Cancelled", "cancelled"
		return e
	case errors.Is(err, context.DeadlineExceeded):
		e.Code, e.Message, e.Retryable = "Timeout", "no answer in time", true
		return e
	}
	if e.Code == "" && e.HTTPStatus == 0 {
		if strings.Contains(err.Error(), "failed to retrieve credentials") || strings.Contains(err.Error(), "no EC2 IMDS role found") {
			e.Code = "NoCredentials"
			e.Message = "no credentials found: use --profile or AWS_PROFILE, run aws sso login, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
			return e
		}
		if msg, ok := permanentConnError(err); ok {
			e.Code, e.Message = "ConnectionError", msg
			return e
		}
		var ne net.Error
		if errors.As(err, &ne) || isConnError(err) {
			e.Code, e.Retryable = "NetworkError", true
			e.Message = "could not reach the server: " + rootCause(err).Error()
			return e
		}
	}
	if e.Code == "" && e.HTTPStatus != 0 {
		e.Code = fmt.Sprintf("HTTP%d", e.HTTPStatus)
	}
	e.Retryable = retryable(e, err)
	if msg := friendly(e); msg != "" {
		if e.Message != "" && !strings.EqualFold(e.Message, msg) {
			msg += " — server said: " + e.Message
		}
		e.Message = msg
	}
	if e.Message == "" {
		// HEAD answers carry no body, so no message: say what the status means.
		e.Message = strings.ToLower(http.StatusText(e.HTTPStatus))
		if e.Message == "" {
			e.Message = "the request failed"
		}
	}
	return e
}

// retryable: server-side failures and throttling, never a client error —
// a 412 or 404 will answer the same however often it is asked. The two
// 4xx exceptions are a throttle (429) and S3's RequestTimeout (400), which
// mean "try again", not "you asked wrongly".
func retryable(e *model.OpError, err error) bool {
	switch e.Code {
	case "SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling",
		"ThrottlingException", "TooManyRequests", "RequestTimeTooSkewed", "EmptyResult":
		return true
	}
	if e.HTTPStatus == 429 || e.HTTPStatus >= 500 {
		return true
	}
	if e.HTTPStatus >= 400 && e.HTTPStatus < 500 {
		return false
	}
	return retry.IsErrorRetryables(retry.DefaultRetryables).IsErrorRetryable(err) == aws.TrueTernary
}

func friendly(e *model.OpError) string {
	switch e.Code {
	case "PreconditionFailed", "HTTP412":
		return "a copy condition did not hold: the source is not the object the plan was made for"
	case "NotModified", "HTTP304":
		return "a copy condition did not hold: the source matches If-None-Match or was not modified since If-Modified-Since"
	case "NoSuchUpload":
		return "the multipart upload no longer exists: it was completed or aborted"
	case "NoSuchKey":
		return "no such object (or the version is deleted)"
	case "NotFound", "HTTP404":
		return "not found: no such object, version or bucket"
	case "NoSuchVersion":
		return "no such version of the object"
	case "NoSuchBucket":
		return "no such bucket"
	case "AccessDenied", "Forbidden", "HTTP403":
		return "access denied"
	case "InvalidAccessKeyId", "SignatureDoesNotMatch":
		return "the credentials were refused: check the profile or keys"
	case "InvalidRange", "HTTP416":
		return "the byte range lies outside the source object"
	case "EntityTooSmall":
		return "a part other than the last is smaller than the provider's minimum part size"
	case "EntityTooLarge":
		return "a part is larger than the provider's maximum part size"
	case "InvalidPart":
		return "a listed part is missing or its ETag does not match"
	case "InvalidPartOrder":
		return "the part list is not in ascending part-number order"
	case "SlowDown", "Throttling", "ThrottlingException", "TooManyRequests":
		return "the server asks to slow down"
	case "InternalError":
		return "the server had an internal error"
	case "ServiceUnavailable", "HTTP503":
		return "the service is unavailable"
	case "PermanentRedirect", "HTTP301":
		return "the bucket is in another region or needs another endpoint"
	case "PathStyleDomainForbidden":
		return "this bucket refuses path-style addressing: drop --path-style"
	case "RequestTimeout":
		return "the server timed out waiting for the request"
	}
	return ""
}

func isConnError(err error) bool {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	s := err.Error()
	for _, frag := range []string{"connection reset", "connection refused", "broken pipe", "i/o timeout"} {
		if strings.Contains(s, frag) {
			return true
		}
	}
	return false
}

// permanentConnError recognises failures that no retry can mend: a
// certificate that does not verify, a host name that does not exist, a URL
// scheme the client cannot speak.
func permanentConnError(err error) (string, bool) {
	var unknownCA x509.UnknownAuthorityError
	var badCert x509.CertificateInvalidError
	var badHost x509.HostnameError
	var dns *net.DNSError
	switch {
	case errors.As(err, &unknownCA), errors.As(err, &badCert), errors.As(err, &badHost):
		return "the server's TLS certificate does not verify: " + rootCause(err).Error(), true
	case errors.As(err, &dns) && dns.IsNotFound:
		return "no such host: " + dns.Name + " (check --endpoint, --region and --provider)", true
	case strings.Contains(err.Error(), "unsupported protocol scheme"):
		return "the endpoint's scheme is not http or https", true
	}
	return "", false
}

func rootCause(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

package s3test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Fault is one way an answer from S3 can go wrong. Inject plays it on a
// request the test proxy received; some faults let the server act first
// (the request is carried out, and then the answer goes wrong), which is
// what makes a client's bookkeeping lie if it trusts the answer alone.
type Fault string

const (
	FaultInternalError Fault = "500 InternalError"
	FaultSlowDown      Fault = "503 SlowDown"
	FaultBadRequest    Fault = "400 InvalidRequest" // not to be retried
	// FaultPrecondition is a condition refused (412), as MinIO answers
	// If-Match true + If-Unmodified-Since false, where AWS copies.
	FaultPrecondition Fault = "412 PreconditionFailed"
	FaultReset        Fault = "connection reset" // before the server sees it
	FaultStall        Fault = "stalled answer"   // silence until the client gives up
	Fault200Error     Fault = "200 with <Error>"
	Fault200Empty     Fault = "200 empty"
	FaultTruncated200 Fault = "truncated 200"
	// The server acts, then:
	FaultLostAnswer Fault = "answer lost after the server acted"
	FaultDuplicated Fault = "request carried out twice"
	FaultWrongETag  Fault = "wrong ETag in the answer"
)

// RetryableFaults are the faults a client must get through by trying
// again: every one but FaultBadRequest and FaultPrecondition.
var RetryableFaults = []Fault{FaultInternalError, FaultSlowDown, FaultReset, FaultStall, Fault200Error, Fault200Empty,
	FaultTruncated200, FaultLostAnswer, FaultDuplicated, FaultWrongETag}

// Inject answers the proxied request r with the fault f, asking the real
// server where the fault needs it to act.
func (s *Server) Inject(f Fault, w http.ResponseWriter, r *http.Request) {
	xmlErr := func(status int, code, msg string) {
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("X-Amz-Request-Id", "fault-"+strings.ReplaceAll(string(f), " ", "-"))
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><RequestId>fault</RequestId></Error>`, code, msg)
	}
	switch f {
	case FaultInternalError:
		xmlErr(500, "InternalError", "We encountered an internal error. Please try again.")
	case FaultSlowDown:
		xmlErr(503, "SlowDown", "Please reduce your request rate.")
	case FaultBadRequest:
		xmlErr(400, "InvalidRequest", "injected: this request is refused")
	case FaultPrecondition:
		xmlErr(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
	case FaultReset:
		HangUp(w)
	case FaultStall:
		// With the request read, the server notices the client hanging up.
		io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Minute):
		}
		HangUp(w)
	case Fault200Error:
		w.WriteHeader(200)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>failed after the 200</Message></Error>`)
	case Fault200Empty:
		w.WriteHeader(200)
	case FaultTruncated200:
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(200)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><CopyPartResult><LastModified>2026-01-01T00:00:00.000Z</LastMod`)
	case FaultLostAnswer:
		if res, _, err := s.Forward(r, 1); err == nil {
			res.Body.Close()
		}
		HangUp(w)
	case FaultDuplicated:
		res, body, err := s.Forward(r, 2)
		if err != nil {
			HangUp(w)
			return
		}
		copyAnswer(w, res, body)
	case FaultWrongETag:
		res, body, err := s.Forward(r, 1)
		if err != nil {
			HangUp(w)
			return
		}
		body = etagInBody.ReplaceAll(body, []byte(`<ETag>"0000000000000000000000000000dead"</ETag>`))
		if res.Header.Get("ETag") != "" {
			res.Header.Set("ETag", `"0000000000000000000000000000dead"`)
		}
		copyAnswer(w, res, body)
	default:
		panic("s3test: no such fault " + string(f))
	}
}

var etagInBody = regexp.MustCompile(`<ETag>[^<]*</ETag>`)

// Forward carries r out on the server n times and returns the last
// answer, its body read.
func (s *Server) Forward(r *http.Request, n int) (*http.Response, []byte, error) {
	in, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, nil, err
	}
	var res *http.Response
	var body []byte
	for range n {
		out, err := http.NewRequest(r.Method, s.Endpoint+r.URL.RequestURI(), bytes.NewReader(in))
		if err != nil {
			return nil, nil, err
		}
		out.Header, out.Host, out.ContentLength = r.Header.Clone(), r.Host, int64(len(in))
		if res, err = http.DefaultTransport.RoundTrip(out); err != nil {
			return nil, nil, err
		}
		body, err = io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return nil, nil, err
		}
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	return res, body, nil
}

// copyAnswer writes the server's answer (its body maybe changed). A HEAD
// answer keeps its Content-Length: it describes the object, not a body.
func copyAnswer(w http.ResponseWriter, res *http.Response, body []byte) {
	for k, v := range res.Header {
		if k != "Content-Length" || res.Request == nil || res.Request.Method == http.MethodHead {
			w.Header()[k] = v
		}
	}
	w.WriteHeader(res.StatusCode)
	w.Write(body)
}

// HangUp closes the client's connection without an answer.
func HangUp(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
		}
	}
}

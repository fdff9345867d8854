package s3test

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// s3NS is the namespace of S3's XML answers.
const s3NS = "http://s3.amazonaws.com/doc/2006-03-01/"

// S3's limits on multipart uploads.
const (
	cloudMinPartSize = 5 << 20
	cloudMaxPartSize = 5 << 30
	cloudMaxParts    = 10000
)

// cloudError is an S3 error answer.
type cloudError struct {
	status        int
	code, message string
}

func (e *cloudError) Error() string { return e.code + ": " + e.message }

func errorf(status int, code, format string, args ...any) *cloudError {
	return &cloudError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

var (
	errSlowDown    = errorf(http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
	errNoSuchUp    = errorf(http.StatusNotFound, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.")
	errNoSuchKey   = errorf(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
	errNoSuchBkt   = errorf(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
	errPrecondFail = errorf(http.StatusPreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
)

// cloudOp is one request as routed: the operation and what it names.
type cloudOp struct {
	name        string
	bucket, key string
	query       url.Values
}

// route names the operation of a path-style request the way the SDK does.
func route(r *http.Request) cloudOp {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	q := r.URL.Query()
	op := cloudOp{name: "NotImplemented", bucket: bucket, key: key, query: q}
	has := func(k string) bool { _, ok := q[k]; return ok }
	switch {
	case bucket == "":
	case key == "":
		switch {
		case r.Method == http.MethodHead:
			op.name = "HeadBucket"
		case r.Method == http.MethodGet && has("uploads"):
			op.name = "ListMultipartUploads"
		}
	case r.Method == http.MethodHead:
		op.name = "HeadObject"
	case r.Method == http.MethodPost && has("uploads"):
		op.name = "CreateMultipartUpload"
	case r.Method == http.MethodPost && has("uploadId"):
		op.name = "CompleteMultipartUpload"
	case r.Method == http.MethodPut && has("uploadId") && has("partNumber") && r.Header.Get("X-Amz-Copy-Source") != "":
		op.name = "UploadPartCopy"
	case r.Method == http.MethodDelete && has("uploadId"):
		op.name = "AbortMultipartUpload"
	case r.Method == http.MethodDelete:
		op.name = "DeleteObject"
	case r.Method == http.MethodGet && has("uploadId"):
		op.name = "ListParts"
	}
	return op
}

func (c *Cloud) serve(w http.ResponseWriter, r *http.Request) {
	op := route(r)
	c.mu.Lock()
	c.stats.Requests[op.name]++
	c.mu.Unlock()
	if err := c.handle(w, r, op); err != nil {
		c.writeError(w, r, op, err)
	}
}

func (c *Cloud) handle(w http.ResponseWriter, r *http.Request, op cloudOp) *cloudError {
	// Read before the wait, as a server receives the request before it
	// acts; only Complete has a body worth keeping.
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		return errorf(http.StatusBadRequest, "IncompleteBody", "The request body could not be read: %v", err)
	}
	if err := c.wait(r, c.model.Latency); err != nil {
		return errorf(499, "RequestCancelled", "the client went away")
	}
	if err := c.checkAuth(r); err != nil {
		return err
	}
	if err := c.admit(); err != nil {
		return err
	}
	switch op.name {
	case "HeadBucket":
		return c.headBucket(w, op)
	case "HeadObject":
		return c.headObject(w, op)
	case "CreateMultipartUpload":
		return c.createUpload(w, r, op)
	case "UploadPartCopy":
		return c.uploadPartCopy(w, r, op)
	case "CompleteMultipartUpload":
		return c.complete(w, op, body)
	case "AbortMultipartUpload":
		return c.abort(w, op)
	case "ListParts":
		return c.listParts(w, op)
	case "ListMultipartUploads":
		return c.listUploads(w, op)
	case "DeleteObject":
		return c.deleteObject(w, op)
	}
	return errorf(http.StatusNotImplemented, "NotImplemented", "A header or query you provided implies functionality that is not implemented (the cloud-timing test server answers only the multipart-copy operations).")
}

// checkAuth reads the access key of a SigV4 request (header or presigned
// query) without checking the signature.
func (c *Cloud) checkAuth(r *http.Request) *cloudError {
	cred := ""
	if rest, ok := strings.CutPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 "); ok {
		for f := range strings.SplitSeq(rest, ",") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(f), "Credential="); ok {
				cred = v
			}
		}
	} else if v := r.URL.Query().Get("X-Amz-Credential"); v != "" {
		cred = v
	}
	key, _, _ := strings.Cut(cred, "/")
	switch {
	case key == "":
		return errorf(http.StatusForbidden, "AccessDenied", "Access Denied: requests must be signed with AWS Signature Version 4")
	case key != c.AccessKey:
		return errorf(http.StatusForbidden, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
	}
	return nil
}

// admit applies MaxRequestRate: requests accepted in the last second of
// model time, refused ones not counted.
func (c *Cloud) admit() *cloudError {
	if c.model.MaxRequestRate <= 0 {
		return nil
	}
	now := c.clk.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	i := 0
	for i < len(c.window) && now.Sub(c.window[i]) >= time.Second {
		i++
	}
	c.window = c.window[i:]
	if float64(len(c.window)) >= c.model.MaxRequestRate {
		return errSlowDown
	}
	c.window = append(c.window, now)
	return nil
}

func (c *Cloud) writeError(w http.ResponseWriter, r *http.Request, op cloudOp, e *cloudError) {
	c.mu.Lock()
	c.stats.Errors[e.code]++
	if e.code == "SlowDown" {
		c.stats.SlowDowns++
	}
	c.mu.Unlock()
	if e.status == 499 {
		HangUp(w)
		return
	}
	w.Header().Set("X-Amz-Request-Id", "cloud-"+e.code)
	if r.Method == http.MethodHead {
		// A HEAD answer has no body: S3 says only the status.
		w.WriteHeader(e.status)
		return
	}
	resource := "/" + op.bucket
	if op.key != "" {
		resource += "/" + op.key
	}
	out, _ := xml.Marshal(struct {
		XMLName   xml.Name `xml:"Error"`
		Code      string
		Message   string
		Resource  string
		RequestID string `xml:"RequestId"`
	}{Code: e.code, Message: e.message, Resource: resource, RequestID: "cloud-" + e.code})
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(e.status)
	io.WriteString(w, xml.Header)
	w.Write(out)
}

func writeXML(w http.ResponseWriter, v any) *cloudError {
	out, err := xml.Marshal(v)
	if err != nil {
		return errorf(http.StatusInternalServerError, "InternalError", "%v", err)
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("X-Amz-Request-Id", "cloud")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, xml.Header)
	w.Write(out)
	return nil
}

func (c *Cloud) headBucket(w http.ResponseWriter, op cloudOp) *cloudError {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.buckets[op.bucket] == nil {
		return errNoSuchBkt
	}
	w.Header().Set("X-Amz-Bucket-Region", c.Region)
	w.WriteHeader(http.StatusOK)
	return nil
}

// object finds an object, and the version asked for; callers hold c.mu.
func (c *Cloud) object(bucket, key, versionID string) (*cloudObject, *cloudError) {
	b := c.buckets[bucket]
	if b == nil {
		return nil, errNoSuchBkt
	}
	o := b.objects[key]
	if o == nil {
		return nil, errNoSuchKey
	}
	if versionID != "" && versionID != o.versionID {
		// Only the latest version is kept.
		return nil, errorf(http.StatusNotFound, "NoSuchVersion", "The specified version does not exist.")
	}
	return o, nil
}

func (c *Cloud) headObject(w http.ResponseWriter, op cloudOp) *cloudError {
	c.mu.Lock()
	defer c.mu.Unlock()
	o, err := c.object(op.bucket, op.key, op.query.Get("versionId"))
	if err != nil {
		return err
	}
	size := o.size
	if pn := op.query.Get("partNumber"); pn != "" {
		// S3 answers with that part's size and the number of parts.
		n, perr := strconv.Atoi(pn)
		switch {
		case perr != nil || n < 1 || n > cloudMaxParts:
			return errorf(http.StatusBadRequest, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive")
		case len(o.partSizes) == 0 && n == 1:
		case n > len(o.partSizes):
			return errorf(http.StatusRequestedRangeNotSatisfiable, "InvalidPartNumber", "The requested partnumber is not satisfiable")
		default:
			size = o.partSizes[n-1]
			w.Header().Set("X-Amz-Mp-Parts-Count", strconv.Itoa(len(o.partSizes)))
		}
	}
	h := w.Header()
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("ETag", o.etag)
	h.Set("Last-Modified", o.lastModified.Format(http.TimeFormat))
	h.Set("Content-Type", o.contentType)
	h.Set("Accept-Ranges", "bytes")
	h.Set("X-Amz-Version-Id", o.versionID)
	h.Set("X-Amz-Request-Id", "cloud")
	w.WriteHeader(http.StatusOK)
	return nil
}

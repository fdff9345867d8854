package s3test

import (
	"crypto/rand"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
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

func (c *Cloud) createUpload(w http.ResponseWriter, r *http.Request, op cloudOp) *cloudError {
	c.mu.Lock()
	b := c.buckets[op.bucket]
	if b == nil {
		c.mu.Unlock()
		return errNoSuchBkt
	}
	c.seq++
	id := fmt.Sprintf("cloud-upload-%d-%s", c.seq, strings.ToLower(rand.Text()[:16]))
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		ct = "binary/octet-stream"
	}
	b.uploads[id] = &cloudUpload{key: op.key, contentType: ct, initiated: time.Now().UTC(), parts: map[int32]cloudPart{}}
	c.mu.Unlock()
	return writeXML(w, struct {
		XMLName  xml.Name `xml:"InitiateMultipartUploadResult"`
		NS       string   `xml:"xmlns,attr"`
		Bucket   string
		Key      string
		UploadID string `xml:"UploadId"`
	}{NS: s3NS, Bucket: op.bucket, Key: op.key, UploadID: id})
}

// upload finds an upload of the key; callers hold c.mu.
func (c *Cloud) upload(op cloudOp) (*cloudUpload, *cloudError) {
	b := c.buckets[op.bucket]
	if b == nil {
		return nil, errNoSuchBkt
	}
	u := b.uploads[op.query.Get("uploadId")]
	if u == nil || u.key != op.key {
		return nil, errNoSuchUp
	}
	return u, nil
}

func (c *Cloud) uploadPartCopy(w http.ResponseWriter, r *http.Request, op cloudOp) *cloudError {
	pn, err := strconv.Atoi(op.query.Get("partNumber"))
	if err != nil || pn < 1 || pn > cloudMaxParts {
		return errorf(http.StatusBadRequest, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive")
	}
	srcBucket, srcKey, srcVersion, cerr := parseCopySource(r.Header.Get("X-Amz-Copy-Source"))
	if cerr != nil {
		return cerr
	}
	c.mu.Lock()
	if _, err := c.upload(op); err != nil {
		c.mu.Unlock()
		return err
	}
	src, oerr := c.object(srcBucket, srcKey, srcVersion)
	if oerr != nil {
		c.mu.Unlock()
		return oerr
	}
	o := *src // the source as it was when the copy began
	c.mu.Unlock()

	if err := copyConditions(r.Header, o); err != nil {
		return err
	}
	first, last := int64(0), o.size-1
	if rg := r.Header.Get("X-Amz-Copy-Source-Range"); rg != "" {
		var ok bool
		if first, last, ok = parseRange(rg); !ok {
			return errorf(http.StatusBadRequest, "InvalidArgument", "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy")
		}
		if first > last || last >= o.size {
			return errorf(http.StatusRequestedRangeNotSatisfiable, "InvalidRange", "The requested range is not satisfiable: bytes=%d-%d of an object of %d bytes", first, last, o.size)
		}
	}
	n := last - first + 1
	if n > cloudMaxPartSize {
		return errorf(http.StatusBadRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size: a part copy is at most 5 GiB")
	}

	c.mu.Lock()
	if c.model.MaxInFlight >= 0 && c.inFlight >= c.model.MaxInFlight {
		c.mu.Unlock()
		return errSlowDown
	}
	c.inFlight++
	c.stats.PeakInFlight = max(c.stats.PeakInFlight, c.inFlight)
	c.mu.Unlock()
	fl := c.flow.start(max(n, 0))
	var gone bool
	select {
	case <-fl.done:
	case <-r.Context().Done():
		// The model stops the copy with its client; the others speed up.
		c.flow.cancel(fl)
		gone = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inFlight--
	if gone {
		return errorf(499, "RequestCancelled", "the client went away")
	}
	u, uerr := c.upload(op)
	if uerr != nil {
		return uerr // aborted or completed while the part was copied
	}
	etag := partETag(srcBucket, srcKey, &o, first, last)
	now := time.Now().UTC()
	u.parts[int32(pn)] = cloudPart{etag: etag, size: max(n, 0), lastModified: now}
	c.stats.PartsCopied++
	c.stats.BytesCopied += max(n, 0)
	w.Header().Set("X-Amz-Copy-Source-Version-Id", o.versionID)
	return writeXML(w, struct {
		XMLName      xml.Name `xml:"CopyPartResult"`
		NS           string   `xml:"xmlns,attr"`
		LastModified string
		ETag         string
	}{NS: s3NS, LastModified: now.Format(time.RFC3339Nano), ETag: etag})
}

// parseCopySource reads x-amz-copy-source: [/]bucket/key[?versionId=V],
// the key URL-encoded.
func parseCopySource(v string) (bucket, key, versionID string, err *cloudError) {
	bad := errorf(http.StatusBadRequest, "InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey")
	path, query, _ := strings.Cut(strings.TrimPrefix(v, "/"), "?")
	if query != "" {
		q, perr := url.ParseQuery(query)
		if perr != nil || q.Get("versionId") == "" {
			return "", "", "", errorf(http.StatusBadRequest, "InvalidArgument", "Invalid version id specified")
		}
		versionID = q.Get("versionId")
	}
	p, perr := url.PathUnescape(path)
	if perr != nil {
		return "", "", "", bad
	}
	bucket, key, _ = strings.Cut(p, "/")
	if bucket == "" || key == "" {
		return "", "", "", bad
	}
	return bucket, key, versionID, nil
}

// parseRange reads bytes=first-last.
func parseRange(v string) (first, last int64, ok bool) {
	spec, ok := strings.CutPrefix(v, "bytes=")
	if !ok {
		return 0, 0, false
	}
	a, b, ok := strings.Cut(spec, "-")
	if !ok {
		return 0, 0, false
	}
	first, err1 := strconv.ParseInt(a, 10, 64)
	last, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || first < 0 {
		return 0, 0, false
	}
	return first, last, true
}

// copyConditions applies the x-amz-copy-source-if-* headers by S3's rules:
// each fails as in RFC 7232, except that If-Unmodified-Since is not
// looked at when If-Match is given and holds (AWS copies then), and
// If-Modified-Since is not looked at when If-None-Match is given (RFC 7232
// §3.3; AWS documents If-None-Match false + If-Modified-Since true as 412,
// which If-None-Match alone already gives). HTTP dates are whole seconds.
func copyConditions(h http.Header, o cloudObject) *cloudError {
	same := func(v string) bool {
		for e := range strings.SplitSeq(v, ",") {
			e = strings.TrimSpace(e)
			if e == "*" || strings.Trim(e, `"`) == strings.Trim(o.etag, `"`) {
				return true
			}
		}
		return false
	}
	// A date that cannot be read is ignored, as HTTP servers do.
	date := func(name string) (time.Time, bool) {
		t, err := http.ParseTime(h.Get(name))
		return t, err == nil
	}
	mod := o.lastModified.Truncate(time.Second)
	ifMatch, ifNoneMatch := h.Get("X-Amz-Copy-Source-If-Match"), h.Get("X-Amz-Copy-Source-If-None-Match")
	if ifMatch != "" && !same(ifMatch) {
		return errPrecondFail
	}
	if ifNoneMatch != "" && same(ifNoneMatch) {
		return errPrecondFail
	}
	if t, ok := date("X-Amz-Copy-Source-If-Unmodified-Since"); ok && ifMatch == "" && mod.After(t) {
		return errPrecondFail
	}
	if t, ok := date("X-Amz-Copy-Source-If-Modified-Since"); ok && ifNoneMatch == "" && !mod.After(t) {
		return errPrecondFail
	}
	return nil
}

func (c *Cloud) complete(w http.ResponseWriter, op cloudOp, body []byte) *cloudError {
	var in struct {
		Parts []struct {
			PartNumber int32
			ETag       string
		} `xml:"Part"`
	}
	if err := xml.Unmarshal(body, &in); err != nil || len(in.Parts) == 0 {
		return errorf(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	u, err := c.upload(op)
	if err != nil {
		return err
	}
	etags := make([]string, len(in.Parts))
	sizes := make([]int64, len(in.Parts))
	var total int64
	for i, p := range in.Parts {
		if i > 0 && p.PartNumber <= in.Parts[i-1].PartNumber {
			return errorf(http.StatusBadRequest, "InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.")
		}
		stored, ok := u.parts[p.PartNumber]
		if !ok || strings.Trim(p.ETag, `"`) != strings.Trim(stored.etag, `"`) {
			return errorf(http.StatusBadRequest, "InvalidPart", "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag (part %d).", p.PartNumber)
		}
		if i < len(in.Parts)-1 && stored.size < cloudMinPartSize {
			return errorf(http.StatusBadRequest, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size (part %d is %d bytes; every part but the last must be at least 5 MiB)", p.PartNumber, stored.size)
		}
		etags[i], sizes[i] = stored.etag, stored.size
		total += stored.size
	}
	etag, merr := multipartETag(etags)
	if merr != nil {
		return errorf(http.StatusInternalServerError, "InternalError", "%v", merr)
	}
	o := &cloudObject{size: total, etag: etag, versionID: c.newVersionID(), lastModified: time.Now().UTC().Truncate(time.Second),
		contentType: u.contentType, partSizes: sizes}
	b := c.buckets[op.bucket]
	b.objects[op.key] = o
	delete(b.uploads, op.query.Get("uploadId"))
	w.Header().Set("X-Amz-Version-Id", o.versionID)
	return writeXML(w, struct {
		XMLName  xml.Name `xml:"CompleteMultipartUploadResult"`
		NS       string   `xml:"xmlns,attr"`
		Location string
		Bucket   string
		Key      string
		ETag     string
	}{NS: s3NS, Location: c.Endpoint + "/" + op.bucket + "/" + op.key, Bucket: op.bucket, Key: op.key, ETag: etag})
}

func (c *Cloud) abort(w http.ResponseWriter, op cloudOp) *cloudError {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.upload(op); err != nil {
		return err
	}
	delete(c.buckets[op.bucket].uploads, op.query.Get("uploadId"))
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type cloudPartXML struct {
	PartNumber   int32
	LastModified string
	ETag         string
	Size         int64
}

func (c *Cloud) listParts(w http.ResponseWriter, op cloudOp) *cloudError {
	maxParts, marker := 1000, 0
	if v := op.query.Get("max-parts"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return errorf(http.StatusBadRequest, "InvalidArgument", "Argument max-parts must be an integer between 0 and 2147483647")
		}
		maxParts = min(n, 1000)
	}
	if v := op.query.Get("part-number-marker"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return errorf(http.StatusBadRequest, "InvalidArgument", "Argument part-number-marker must be an integer between 0 and 2147483647")
		}
		marker = n
	}
	c.mu.Lock()
	u, err := c.upload(op)
	if err != nil {
		c.mu.Unlock()
		return err
	}
	var nums []int32
	for n := range u.parts {
		if int(n) > marker {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	truncated := len(nums) > maxParts
	nums = nums[:min(len(nums), maxParts)]
	parts := make([]cloudPartXML, len(nums))
	for i, n := range nums {
		p := u.parts[n]
		parts[i] = cloudPartXML{PartNumber: n, LastModified: p.lastModified.Format(time.RFC3339Nano), ETag: p.etag, Size: p.size}
	}
	c.mu.Unlock()
	next := marker
	if len(nums) > 0 {
		next = int(nums[len(nums)-1])
	}
	type owner struct {
		ID          string
		DisplayName string
	}
	return writeXML(w, struct {
		XMLName              xml.Name `xml:"ListPartsResult"`
		NS                   string   `xml:"xmlns,attr"`
		Bucket               string
		Key                  string
		UploadID             string `xml:"UploadId"`
		Initiator            owner
		Owner                owner
		StorageClass         string
		PartNumberMarker     int
		NextPartNumberMarker int
		MaxParts             int
		IsTruncated          bool
		Parts                []cloudPartXML `xml:"Part"`
	}{NS: s3NS, Bucket: op.bucket, Key: op.key, UploadID: op.query.Get("uploadId"), Initiator: owner{"cloud", "cloud"}, Owner: owner{"cloud", "cloud"},
		StorageClass: "STANDARD", PartNumberMarker: marker, NextPartNumberMarker: next, MaxParts: maxParts, IsTruncated: truncated, Parts: parts})
}

// listUploads answers every upload whose key has the prefix, in key then
// initiation order, on one page: no paging.
func (c *Cloud) listUploads(w http.ResponseWriter, op cloudOp) *cloudError {
	type uploadXML struct {
		Key          string
		UploadID     string `xml:"UploadId"`
		Initiated    string
		StorageClass string
		initiated    time.Time
	}
	prefix := op.query.Get("prefix")
	c.mu.Lock()
	b := c.buckets[op.bucket]
	if b == nil {
		c.mu.Unlock()
		return errNoSuchBkt
	}
	var ups []uploadXML
	for id, u := range b.uploads {
		if strings.HasPrefix(u.key, prefix) {
			ups = append(ups, uploadXML{Key: u.key, UploadID: id, Initiated: u.initiated.Format(time.RFC3339Nano), StorageClass: "STANDARD", initiated: u.initiated})
		}
	}
	c.mu.Unlock()
	slices.SortFunc(ups, func(a, b uploadXML) int {
		if a.Key != b.Key {
			return strings.Compare(a.Key, b.Key)
		}
		if d := a.initiated.Compare(b.initiated); d != 0 {
			return d
		}
		return strings.Compare(a.UploadID, b.UploadID)
	})
	return writeXML(w, struct {
		XMLName     xml.Name `xml:"ListMultipartUploadsResult"`
		NS          string   `xml:"xmlns,attr"`
		Bucket      string
		Prefix      string
		MaxUploads  int
		IsTruncated bool
		Uploads     []uploadXML `xml:"Upload"`
	}{NS: s3NS, Bucket: op.bucket, Prefix: prefix, MaxUploads: 1000, Uploads: ups})
}

func (c *Cloud) deleteObject(w http.ResponseWriter, op cloudOp) *cloudError {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.buckets[op.bucket]
	if b == nil {
		return errNoSuchBkt
	}
	if o := b.objects[op.key]; o != nil {
		if v := op.query.Get("versionId"); v == "" || v == o.versionID {
			delete(b.objects, op.key)
		}
	}
	// S3 answers 204 whether or not there was an object.
	w.WriteHeader(http.StatusNoContent)
	return nil
}

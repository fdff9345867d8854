package s3test

import (
	"crypto/rand"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Creating an upload and copying parts into it: a part copy is where the
// model spends its time (cloud_fluid.go).

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

package s3test

import (
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Completing, aborting and listing uploads; deleting objects.

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

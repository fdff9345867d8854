package s3test

import (
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// CloudModel is how a cloud-timing server spends time. Copy speed on a real
// cloud is bound by how many UploadPartCopy calls run at once, which the
// versitygw gateway (a local disk) cannot show; this server models that
// time and nothing else. It moves and stores no data: objects are a size
// and an ETag, and a part copy is a wait.
//
// The model:
//
//   - every request waits Latency before anything else happens (errors and
//     SlowDowns included: they cost a round trip too);
//   - a request past MaxRequestRate accepted requests in the last second
//     (a sliding window) gets 503 SlowDown;
//   - an UploadPartCopy that finds MaxInFlight part copies already in flight
//     gets 503 SlowDown;
//   - otherwise its n bytes proceed at min(PartRate, AggregateRate / k),
//     k the number of part copies in flight now (from the end of their
//     latency until they are answered; the same count MaxInFlight bounds).
//     This is processor sharing: when a copy starts or ends, the speed of
//     all the others changes. It is a fluid model (bytes left per copy,
//     recomputed at every arrival and departure, one timer for the next
//     completion), not a sleep of n/PartRate. A copy answers when its last
//     byte is "copied"; one whose client goes away leaves the model.
//
// Every number is a knob; a zero field takes the default named with it.
// The defaults follow published AWS figures: about 64 MiB/s per part copy,
// the aggregate growing with parts in flight up to the service's limit.
type CloudModel struct {
	// Latency per request, default 30ms; negative for none.
	Latency time.Duration
	// PartRate is the bytes/s one part copy proceeds at, default 64 MiB/s;
	// negative for no limit.
	PartRate int64
	// AggregateRate is the bytes/s shared by all part copies in flight,
	// default 4 GiB/s; negative for no limit.
	AggregateRate int64
	// MaxInFlight is the number of part copies in flight at which a new one
	// gets 503 SlowDown, default 256; negative for no limit.
	MaxInFlight int
	// MaxRequestRate is the requests per second (sliding 1 s window of
	// model time, refused requests not counted) above which a request gets
	// 503 SlowDown; 0 is no limit.
	MaxRequestRate float64
	// TimeScale runs the model faster than real time: 1 (the default) is
	// real time, 10 is ten times faster (latency /10, rates ×10). Figures
	// measured on the wall clock are model time divided by the scale.
	TimeScale float64
}

// Defaults of CloudModel fields left zero.
const (
	DefaultCloudLatency       = 30 * time.Millisecond
	DefaultCloudPartRate      = 64 << 20
	DefaultCloudAggregateRate = 4 << 30
	DefaultCloudMaxInFlight   = 256
)

// InstantModel answers every request at once and limits nothing: a
// benchmark against it measures the client's own cost.
func InstantModel() CloudModel {
	return CloudModel{Latency: -1, PartRate: -1, AggregateRate: -1, MaxInFlight: -1}
}

// resolved fills in the defaults; a negative knob becomes 0 (none), and
// MaxInFlight -1.
func (m CloudModel) resolved() (CloudModel, error) {
	if m.TimeScale < 0 || math.IsNaN(m.TimeScale) || math.IsInf(m.TimeScale, 0) {
		return m, fmt.Errorf("cloud model: TimeScale %v is not a positive number", m.TimeScale)
	}
	if m.MaxRequestRate < 0 || math.IsNaN(m.MaxRequestRate) {
		return m, fmt.Errorf("cloud model: MaxRequestRate %v is negative", m.MaxRequestRate)
	}
	or := func(v, def int64) int64 {
		switch {
		case v == 0:
			return def
		case v < 0:
			return 0
		}
		return v
	}
	m.Latency = time.Duration(or(int64(m.Latency), int64(DefaultCloudLatency)))
	m.PartRate = or(m.PartRate, DefaultCloudPartRate)
	m.AggregateRate = or(m.AggregateRate, DefaultCloudAggregateRate)
	switch {
	case m.MaxInFlight == 0:
		m.MaxInFlight = DefaultCloudMaxInFlight
	case m.MaxInFlight < 0:
		m.MaxInFlight = -1
	}
	if m.TimeScale == 0 {
		m.TimeScale = 1
	}
	return m, nil
}

// Cloud is a cloud-timing S3 server (path-style, plain http) for tests and
// benchmarks. It answers HeadBucket, HeadObject, CreateMultipartUpload,
// UploadPartCopy, CompleteMultipartUpload, AbortMultipartUpload, ListParts,
// ListMultipartUploads and DeleteObject as S3 does, with S3's XML and
// headers; anything else is 501 NotImplemented. Objects are made by
// AddObject (metadata only) or by completing an upload.
//
// Requests must be signed with SigV4 by AccessKey. Signatures are not
// checked, but the access key is: a client with the wrong keys gets 403
// InvalidAccessKeyId, so a misconfigured test fails loudly rather than
// talking to some other server.
type Cloud struct {
	Endpoint  string
	Region    string
	AccessKey string
	SecretKey string

	model CloudModel
	clk   clock
	flow  *fluid
	srv   *httptest.Server

	mu       sync.Mutex
	buckets  map[string]*cloudBucket
	inFlight int
	window   []time.Time // model times of the requests accepted in the last second
	stats    CloudStats
	seq      int64
}

// CloudStats counts what a Cloud was asked.
type CloudStats struct {
	// Requests by operation (the SDK's names: "UploadPartCopy", …;
	// "NotImplemented" for the rest), refused ones included.
	Requests map[string]int
	// Errors by S3 error code, SlowDown included.
	Errors map[string]int
	// SlowDowns is the number of 503 SlowDown answers.
	SlowDowns int
	// PeakInFlight is the most part copies in flight at once.
	PeakInFlight int
	// PartsCopied and BytesCopied count the part copies that succeeded
	// (bytes "copied": nothing moves).
	PartsCopied int
	BytesCopied int64
}

type cloudBucket struct {
	objects map[string]*cloudObject
	uploads map[string]*cloudUpload
}

type cloudObject struct {
	size         int64
	etag         string // quoted
	versionID    string
	lastModified time.Time
	contentType  string
	partSizes    []int64 // for an object completed from parts
}

type cloudUpload struct {
	key         string
	contentType string
	initiated   time.Time
	parts       map[int32]cloudPart
}

type cloudPart struct {
	etag         string // quoted
	size         int64
	lastModified time.Time
}

// StartCloud starts a cloud-timing server with the model m.
func StartCloud(m CloudModel) (*Cloud, error) {
	m, err := m.resolved()
	if err != nil {
		return nil, err
	}
	return startCloud(m, scaledClock{start: time.Now(), scale: m.TimeScale}), nil
}

// startCloud starts the server on the clock clk, which must already run at
// the model's time scale.
func startCloud(m CloudModel, clk clock) *Cloud {
	suffix := strings.ToLower(rand.Text()[:12])
	c := &Cloud{Region: "us-east-1", AccessKey: "s3parts-cloud-" + suffix, SecretKey: "s3parts-cloud-secret-" + suffix,
		model: m, clk: clk, flow: newFluid(clk, float64(m.PartRate), float64(m.AggregateRate)),
		buckets: map[string]*cloudBucket{}, stats: CloudStats{Requests: map[string]int{}, Errors: map[string]int{}}}
	c.srv = httptest.NewServer(http.HandlerFunc(c.serve))
	c.Endpoint = c.srv.URL
	return c
}

// Close stops the server.
func (c *Cloud) Close() { c.srv.Close() }

// Model is the model in use, defaults filled in (a knob turned off is 0,
// MaxInFlight -1).
func (c *Cloud) Model() CloudModel { return c.model }

// Limit is the model's lower bound, in model time, on copying size bytes
// by multipart copy, whatever the plan:
//
//	Limit = 3·Latency + max(size / min(AggregateRate, PartRate·MaxInFlight),
//	                        ⌈size/10000⌉ / PartRate)
//
// Three round trips at least come one after the other (Create, a part
// copy, Complete). The bytes cannot move faster than the aggregate rate,
// nor faster than MaxInFlight copies at PartRate each; and with at most
// 10,000 parts one part holds at least size/10000 bytes, which moves at
// PartRate at best. A limit turned off drops out of the formula (nothing
// limited: the latencies alone). MaxRequestRate is not in it.
func (c *Cloud) Limit(size int64) time.Duration {
	m := c.model
	through := math.Inf(1)
	if m.AggregateRate > 0 {
		through = float64(m.AggregateRate)
	}
	if m.PartRate > 0 && m.MaxInFlight > 0 {
		through = min(through, float64(m.PartRate)*float64(m.MaxInFlight))
	}
	secs := float64(size) / through
	if m.PartRate > 0 {
		secs = max(secs, float64((size+9999)/10000)/float64(m.PartRate))
	}
	return 3*m.Latency + time.Duration(secs*float64(time.Second))
}

// AddObject makes an object of size bytes (metadata only), creating the
// bucket if needed, and returns its ETag (quoted). An object already there
// is replaced.
func (c *Cloud) AddObject(bucket, key string, size int64) (etag string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	sum := md5.Sum(fmt.Appendf(nil, "%s/%s\x00%d\x00%d", bucket, key, size, c.seq))
	obj := &cloudObject{size: size, etag: `"` + hex.EncodeToString(sum[:]) + `"`, versionID: c.newVersionID(),
		lastModified: time.Now().UTC().Truncate(time.Second), contentType: "binary/octet-stream"}
	c.bucket(bucket, true).objects[key] = obj
	return obj.etag
}

// Object reports an object's size and ETag (quoted).
func (c *Cloud) Object(bucket, key string) (size int64, etag string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.buckets[bucket]
	if b == nil || b.objects[key] == nil {
		return 0, "", false
	}
	o := b.objects[key]
	return o.size, o.etag, true
}

// Uploads lists the ids of the uploads open in a bucket.
func (c *Cloud) Uploads(bucket string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var ids []string
	if b := c.buckets[bucket]; b != nil {
		for id := range b.uploads {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// Stats is a copy of what the server counted so far.
func (c *Cloud) Stats() CloudStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stats
	s.Requests, s.Errors = maps(c.stats.Requests), maps(c.stats.Errors)
	return s
}

// ResetStats starts the counts again (between the runs of a benchmark).
func (c *Cloud) ResetStats() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats = CloudStats{Requests: map[string]int{}, Errors: map[string]int{}}
}

func maps(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Env returns the environment that points the AWS configuration chain at
// this server.
func (c *Cloud) Env() map[string]string {
	return map[string]string{
		"AWS_ACCESS_KEY_ID": c.AccessKey, "AWS_SECRET_ACCESS_KEY": c.SecretKey, "AWS_SESSION_TOKEN": "",
		"AWS_REGION": c.Region, "AWS_ENDPOINT_URL_S3": c.Endpoint, "AWS_PROFILE": "",
	}
}

// Raw is a plain SDK client for this server. It keeps enough idle
// connections for hundreds of requests in flight: with the SDK's default
// of 10 per host, most requests of a wide benchmark would open a new one.
func (c *Cloud) Raw() *s3.Client {
	return s3.New(s3.Options{
		Region: c.Region, BaseEndpoint: aws.String(c.Endpoint), UsePathStyle: true,
		Credentials:                credentials.NewStaticCredentialsProvider(c.AccessKey, c.SecretKey, ""),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
		HTTPClient: awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
			t.MaxIdleConns, t.MaxIdleConnsPerHost = 2048, 2048
		}),
	})
}

// bucket finds a bucket, making it if asked; callers hold c.mu.
func (c *Cloud) bucket(name string, create bool) *cloudBucket {
	b := c.buckets[name]
	if b == nil && create {
		b = &cloudBucket{objects: map[string]*cloudObject{}, uploads: map[string]*cloudUpload{}}
		c.buckets[name] = b
	}
	return b
}

// newVersionID: every object carries one, as in a versioned bucket that
// keeps only its latest version. Callers hold c.mu.
func (c *Cloud) newVersionID() string {
	c.seq++
	return fmt.Sprintf("v%06d-%s", c.seq, strings.ToLower(rand.Text()[:8]))
}

// partETag is deterministic and distinct per source and range, so a test
// can tell parts apart and a copy made twice gives the same ETag.
func partETag(bucket, key string, o *cloudObject, first, last int64) string {
	sum := md5.Sum(fmt.Appendf(nil, "%s/%s\x00%s\x00%s\x00%d-%d", bucket, key, o.versionID, o.etag, first, last))
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

// multipartETag is S3's ETag of an object completed from parts: the MD5 of
// the parts' binary MD5s, a dash, the number of parts.
func multipartETag(etags []string) (string, error) {
	h := md5.New()
	for _, e := range etags {
		raw, err := hex.DecodeString(strings.Trim(e, `"`))
		if err != nil || len(raw) != md5.Size {
			return "", errors.New("part ETag is not an MD5")
		}
		h.Write(raw)
	}
	return fmt.Sprintf(`"%s-%d"`, hex.EncodeToString(h.Sum(nil)), len(etags)), nil
}

// wait spends d of model time, or less if the client goes away.
func (c *Cloud) wait(r *http.Request, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	done := make(chan struct{})
	stop := c.clk.AfterFunc(d, func() { close(done) })
	select {
	case <-done:
		return nil
	case <-r.Context().Done():
		stop()
		return r.Context().Err()
	}
}

// AddUpload opens an upload of key holding parts parts of partSize bytes
// each (metadata only), creating the bucket if needed, and returns its id.
func (c *Cloud) AddUpload(bucket, key string, parts int, partSize int64) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	id := fmt.Sprintf("cloud-upload-%d", c.seq)
	u := &cloudUpload{key: key, contentType: "binary/octet-stream", initiated: time.Now().UTC(), parts: map[int32]cloudPart{}}
	for n := 1; n <= parts; n++ {
		sum := md5.Sum(fmt.Appendf(nil, "%s\x00%d", id, n))
		u.parts[int32(n)] = cloudPart{etag: `"` + hex.EncodeToString(sum[:]) + `"`, size: partSize, lastModified: u.initiated}
	}
	c.bucket(bucket, true).uploads[id] = u
	return id
}

package provider_test

// Request-shape tests for the cos and jdcloud presets, with no network: a
// recording aws.HTTPClient captures every request the SDK would send to the
// preset's real endpoint and answers with the sample bodies from the
// providers' pages (shared/docs/000_* for Tencent COS, 001_* and 004_* for
// JD Cloud).

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"s3parts/model"
	"s3parts/provider"
)

// shapeRecorder is an aws.HTTPClient that keeps a copy of every request and
// answers it with handler, without opening a connection.
type shapeRecorder struct {
	handler http.HandlerFunc

	mu   sync.Mutex
	reqs []*http.Request
}

func (r *shapeRecorder) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, req.Clone(context.Background()))
	r.mu.Unlock()
	w := httptest.NewRecorder()
	r.handler(w, req)
	resp := w.Result()
	resp.Request = req
	return resp, nil
}

func (r *shapeRecorder) requests() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.reqs)
}

// only returns the single request sent, failing the test if there was not
// exactly one.
func (r *shapeRecorder) only(t *testing.T) *http.Request {
	t.Helper()
	reqs := r.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests were sent; want exactly 1", len(reqs))
	}
	return reqs[0]
}

// shapeAnswer answers with a status, headers and body.
func shapeAnswer(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// shapeClient builds a client for a preset whose every request goes to the
// recorder. The environment is reset so that nothing from TestMain's local
// server leaks in: the preset's own endpoint template must be used.
func shapeClient(t *testing.T, providerName, region string, h http.HandlerFunc) (*provider.Client, *shapeRecorder) {
	t.Helper()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL_S3":         "",
		"AWS_ENDPOINT_URL":            "",
		"AWS_ACCESS_KEY_ID":           "AKIDSHAPETEST",
		"AWS_SECRET_ACCESS_KEY":       "shape-test-secret",
		"AWS_SESSION_TOKEN":           "",
		"AWS_PROFILE":                 "",
		"AWS_REGION":                  "",
		"AWS_DEFAULT_REGION":          "",
		"AWS_MAX_ATTEMPTS":            "",
		"AWS_CONFIG_FILE":             "/nonexistent/s3parts-shape-config",
		"AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/s3parts-shape-credentials",
		"AWS_EC2_METADATA_DISABLED":   "true",
		// config.LoadDefaultConfig refuses a CA bundle with an HTTPClient
		// that has no WithTransportOptions, as the recorder has none.
		"AWS_CA_BUNDLE": "",
	} {
		t.Setenv(k, v)
	}
	rec := &shapeRecorder{handler: h}
	c, err := provider.New(context.Background(), provider.Options{Provider: providerName, Region: region, HTTPClient: rec})
	if err != nil {
		t.Fatalf("provider.New(%s, %s): %v", providerName, region, err)
	}
	if c.Preset().Name != providerName {
		t.Fatalf("preset %q, want %q", c.Preset().Name, providerName)
	}
	return c, rec
}

// singleAttempt keeps the SDK from retrying, so one call is one request.
func singleAttempt(in provider.CopyPartInput) provider.CopyPartInput {
	in.SingleAttempt = true
	return in
}

// host is the host the request goes to (Host header, else the URL's).
func host(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	return r.URL.Host
}

type wantShape struct {
	host, path                   string
	partNumber, uploadID         string
	copySource, copySourceRange  string
	signingRegion                string
	ifMatch, ifUnmodifiedSince   string
	ifNoneMatch, ifModifiedSince string
	noXID                        bool // the preset strips x-id
}

func checkShape(t *testing.T, r *http.Request, w wantShape) {
	t.Helper()
	if r.Method != http.MethodPut {
		t.Errorf("method %s, want PUT", r.Method)
	}
	if r.URL.Scheme != "https" {
		t.Errorf("scheme %q, want https (the preset endpoint)", r.URL.Scheme)
	}
	if r.URL.Host != w.host || host(r) != w.host {
		t.Errorf("host %q (URL host %q), want %q (virtual-hosted)", host(r), r.URL.Host, w.host)
	}
	if r.URL.Path != w.path || r.URL.EscapedPath() != w.path {
		t.Errorf("path %q (escaped %q), want %q", r.URL.Path, r.URL.EscapedPath(), w.path)
	}
	// aws-sdk-go-v2 adds x-id=<operation> to the query of S3 operations
	// that share a method and path with another; S3 ignores it. Anything
	// else beyond partNumber and uploadId is unexpected.
	q := r.URL.Query()
	want := url.Values{"partNumber": {w.partNumber}, "uploadId": {w.uploadID}, "x-id": {"UploadPartCopy"}}
	if w.noXID {
		delete(want, "x-id")
	}
	if !equalValues(q, want) {
		t.Errorf("query %q parses to %v; want exactly %v", r.URL.RawQuery, q, want)
	}
	hdr := func(name, want string) {
		t.Helper()
		vals := r.Header.Values(name)
		switch {
		case want == "" && len(vals) != 0:
			t.Errorf("header %s = %q; want it absent", name, vals)
		case want != "" && (len(vals) != 1 || vals[0] != want):
			t.Errorf("header %s = %q; want exactly [%q]", name, vals, want)
		}
	}
	hdr("X-Amz-Copy-Source", w.copySource)
	hdr("X-Amz-Copy-Source-Range", w.copySourceRange)
	hdr("X-Amz-Copy-Source-If-Match", w.ifMatch)
	hdr("X-Amz-Copy-Source-If-None-Match", w.ifNoneMatch)
	hdr("X-Amz-Copy-Source-If-Unmodified-Since", w.ifUnmodifiedSince)
	hdr("X-Amz-Copy-Source-If-Modified-Since", w.ifModifiedSince)
	for _, d := range []string{w.ifUnmodifiedSince, w.ifModifiedSince} {
		if d == "" {
			continue
		}
		if _, err := http.ParseTime(d); err != nil || !strings.HasSuffix(d, " GMT") {
			t.Errorf("condition date %q is not an HTTP-date: %v", d, err)
		}
	}
	for name := range r.Header {
		l := strings.ToLower(name)
		if strings.HasPrefix(l, "x-amz-checksum-") || l == "x-amz-sdk-checksum-algorithm" || l == "x-amz-trailer" {
			t.Errorf("checksum header %s: %q sent; checksums are WhenRequired for this preset", name, r.Header.Values(name))
		}
		if strings.HasPrefix(l, "x-cos-") {
			t.Errorf("native COS header %s sent on the S3-compatible endpoint", name)
		}
	}
	// SigV4 with the preset's region (the credential scope names it).
	auth := r.Header.Get("Authorization")
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDSHAPETEST/") ||
		!strings.Contains(auth, "/"+w.signingRegion+"/s3/aws4_request") {
		t.Errorf("Authorization %q is not SigV4 for region %s", auth, w.signingRegion)
	}
	for _, signed := range []string{"x-amz-copy-source", "x-amz-copy-source-range"} {
		if !strings.Contains(auth, signed) {
			t.Errorf("%s is not among the signed headers: %q", signed, auth)
		}
	}
}

func equalValues(a, b url.Values) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

const (
	cosBucket   = "examplebucket-1250000000"
	cosUploadID = "1505706248ca8373f8a5cd52cb129f4bcf85e11dc8833df34f4f5bcc456c99c42cd1ffa2f9"
	cosHost     = "examplebucket-1250000000.cos.ap-shanghai.myqcloud.com"
	// cosSampleBody is the response body of the COS page's sample, with its
	// zone-less LastModified.
	cosSampleBody = "<CopyPartResult>\n   <ETag>\"ba82b57cfdfda8bd17ad4e5879ebb4fe\"</ETag>\n   <LastModified>2017-09-04T04:45:45</LastModified>\n</CopyPartResult>\n"
	// cosSchemaBody is the COS page's "all nodes" sample, with an XML
	// declaration.
	cosSchemaBody = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<CopyPartResult>\n   <ETag>\"ba82b57cfdfda8bd17ad4e5879ebb4fe\"</ETag>\n   <LastModified>2017-09-04T04:45:45</LastModified>\n</CopyPartResult>\n"
	cosETag       = `"ba82b57cfdfda8bd17ad4e5879ebb4fe"`

	jdUploadID   = "VCVsb2FkIElEIGZvciBlbZZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZR"
	jdSampleBody = "<CopyPartResult>\n   <LastModified>2011-04-11T20:34:56.000Z</LastModified>\n   <ETag>\"9b2cf535f27731c974343645a3985328\"</ETag>\n</CopyPartResult>\n"
	jdETag       = `"9b2cf535f27731c974343645a3985328"`
)

func cosSampleInput() provider.CopyPartInput {
	return provider.CopyPartInput{
		Dest:     model.Ref{Bucket: cosBucket, Key: "exampleobject"},
		UploadID: cosUploadID,
		Number:   1,
		Source:   model.Ref{Bucket: cosBucket, Key: "exampleobject1"},
		Range:    model.ByteRange{First: 10, Last: 100},
	}
}

func TestShapeCOSUploadPartCopy(t *testing.T) {
	for _, tc := range []struct{ name, body string }{
		{"sample response", cosSampleBody},
		{"schema sample with XML declaration", cosSchemaBody},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := shapeClient(t, "cos", "ap-shanghai", shapeAnswer(200, tc.body,
				"Content-Type", "application/xml", "Server", "tencent-cos", "x-cos-request-id", "NTlkYjFjYWJfMjQ4OGY3MGFfNGIzZV9k"))
			if got, want := c.Endpoint(), "https://cos.ap-shanghai.myqcloud.com"; got != want {
				t.Errorf("endpoint %q, want %q", got, want)
			}
			if !c.Preset().ChecksumWhenRequired {
				t.Error("cos preset does not set checksums to WhenRequired")
			}
			res, err := c.CopyPart(context.Background(), cosSampleInput())
			if err != nil {
				t.Fatalf("CopyPart on the COS sample answer: %v", err)
			}
			checkShape(t, rec.only(t), wantShape{
				host: cosHost, path: "/exampleobject", partNumber: "1", uploadID: cosUploadID,
				copySource: "examplebucket-1250000000/exampleobject1", copySourceRange: "bytes=10-100",
				signingRegion: "ap-shanghai",
			})
			if res.ETag != cosETag {
				t.Errorf("ETag %q, want %q", res.ETag, cosETag)
			}
			if want := time.Date(2017, 9, 4, 4, 45, 45, 0, time.UTC); !res.LastModified.Equal(want) {
				t.Errorf("LastModified %v, want %v (the zone-less sample read as UTC)", res.LastModified, want)
			}
		})
	}
}

func TestShapeCOSConditions(t *testing.T) {
	c, rec := shapeClient(t, "cos", "ap-shanghai", shapeAnswer(200, cosSampleBody, "Content-Type", "application/xml"))
	in := cosSampleInput()
	// A bare ETag is quoted on the wire; a time in another zone is sent in GMT.
	in.Conditions = model.Conditions{
		IfMatch:           "ba82b57cfdfda8bd17ad4e5879ebb4fe",
		IfUnmodifiedSince: time.Date(2017, 9, 4, 12, 45, 45, 0, time.FixedZone("CST", 8*3600)),
	}
	if err := in.Conditions.Validate(c.Preset().ConditionRule); err != nil {
		t.Fatalf("If-Match + If-Unmodified-Since is a pair COS allows: %v", err)
	}
	if _, err := c.CopyPart(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	r := rec.only(t)
	checkShape(t, r, wantShape{
		host: cosHost, path: "/exampleobject", partNumber: "1", uploadID: cosUploadID,
		copySource: "examplebucket-1250000000/exampleobject1", copySourceRange: "bytes=10-100",
		signingRegion:     "ap-shanghai",
		ifMatch:           cosETag,
		ifUnmodifiedSince: "Mon, 04 Sep 2017 04:45:45 GMT",
	})
	auth := r.Header.Get("Authorization")
	for _, signed := range []string{"x-amz-copy-source-if-match", "x-amz-copy-source-if-unmodified-since"} {
		if !strings.Contains(auth, signed) {
			t.Errorf("%s is not signed: %q", signed, auth)
		}
	}

	// The other pair, and the COS rule refusing a mixed combination.
	c2, rec2 := shapeClient(t, "cos", "ap-shanghai", shapeAnswer(200, cosSampleBody, "Content-Type", "application/xml"))
	in2 := cosSampleInput()
	in2.Conditions = model.Conditions{IfNoneMatch: `"0123456789abcdef0123456789abcdef"`, IfModifiedSince: time.Date(2017, 9, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := c2.CopyPart(context.Background(), in2); err != nil {
		t.Fatal(err)
	}
	checkShape(t, rec2.only(t), wantShape{
		host: cosHost, path: "/exampleobject", partNumber: "1", uploadID: cosUploadID,
		copySource: "examplebucket-1250000000/exampleobject1", copySourceRange: "bytes=10-100",
		signingRegion:   "ap-shanghai",
		ifNoneMatch:     `"0123456789abcdef0123456789abcdef"`,
		ifModifiedSince: "Fri, 01 Sep 2017 00:00:00 GMT",
	})
	mixed := model.Conditions{IfMatch: cosETag, IfModifiedSince: time.Date(2017, 9, 1, 0, 0, 0, 0, time.UTC)}
	if err := mixed.Validate(c.Preset().ConditionRule); err == nil {
		t.Error("If-Match + If-Modified-Since passed validation for cos; COS answers that combination with a conflict")
	}
}

func TestShapeJDCloudUploadPartCopy(t *testing.T) {
	c, rec := shapeClient(t, "jdcloud", "cn-north-1", shapeAnswer(200, jdSampleBody,
		"x-amz-request-id", "656c76696e6727732072657175657374", "Server", "JDCloudOSS"))
	if got, want := c.Endpoint(), "https://s3.cn-north-1.jdcloud-oss.com"; got != want {
		t.Errorf("endpoint %q, want %q", got, want)
	}
	if !c.Preset().ChecksumWhenRequired {
		t.Error("jdcloud preset does not set checksums to WhenRequired")
	}
	res, err := c.CopyPart(context.Background(), provider.CopyPartInput{
		Dest:     model.Ref{Bucket: "target-bucket", Key: "newobject"},
		UploadID: jdUploadID,
		Number:   2,
		Source:   model.Ref{Bucket: "source-bucket", Key: "sourceobject"},
		Range:    model.ByteRange{First: 500, Last: 6291456},
	})
	if err != nil {
		t.Fatalf("CopyPart on the JD Cloud sample answer: %v", err)
	}
	checkShape(t, rec.only(t), wantShape{
		host: "target-bucket.s3.cn-north-1.jdcloud-oss.com", path: "/newobject", partNumber: "2", uploadID: jdUploadID,
		copySource: "source-bucket/sourceobject", copySourceRange: "bytes=500-6291456",
		signingRegion: "cn-north-1",
	})
	if res.ETag != jdETag {
		t.Errorf("ETag %q, want %q", res.ETag, jdETag)
	}
	if want := time.Date(2011, 4, 11, 20, 34, 56, 0, time.UTC); !res.LastModified.Equal(want) {
		t.Errorf("LastModified %v, want %v", res.LastModified, want)
	}
}

// decodeCopySource splits an x-amz-copy-source value the way a server
// does: bucket, then the key with each segment percent-decoded, then the
// query after the first "?".
func decodeCopySource(v string) (bucket, key string, query url.Values, err error) {
	path, rawQuery, _ := strings.Cut(v, "?")
	bucket, rawKey, _ := strings.Cut(path, "/")
	segs := strings.Split(rawKey, "/")
	for i, s := range segs {
		if segs[i], err = url.PathUnescape(s); err != nil {
			return "", "", nil, err
		}
	}
	if query, err = url.ParseQuery(rawQuery); err != nil {
		return "", "", nil, err
	}
	return bucket, strings.Join(segs, "/"), query, nil
}

func TestCopySourceEncodingOnTheWire(t *testing.T) {
	refs := []model.Ref{
		{Bucket: "source-bucket", Key: "dir/file with spaces.txt"},
		{Bucket: "source-bucket", Key: "unicodé/日本語/ファイル 1.bin"},
		{Bucket: "source-bucket", Key: "a+b/c+d+.txt"},
		{Bucket: "source-bucket", Key: "what?/q?versionId=fake.txt"},
		{Bucket: "source-bucket", Key: "hash#tag/#.txt"},
		{Bucket: "source-bucket", Key: "100%/50%25 done%2B.txt"},
		{Bucket: "source-bucket", Key: "mixed/ +?#%&=;,:@$!'()*[]~"},
		{Bucket: "source-bucket", Key: "a//b/"},
		{Bucket: "source-bucket", Key: "/leading slash"},
		{Bucket: "source-bucket", Key: "v/with version+1.txt", VersionID: "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo"},
		{Bucket: "source-bucket", Key: "plain", VersionID: "null"},
	}
	for _, preset := range []struct{ name, region string }{{"cos", "ap-shanghai"}, {"jdcloud", "cn-north-1"}} {
		t.Run(preset.name, func(t *testing.T) {
			c, rec := shapeClient(t, preset.name, preset.region, shapeAnswer(200, cosSchemaBody, "Content-Type", "application/xml"))
			for _, ref := range refs {
				_, err := c.CopyPart(context.Background(), provider.CopyPartInput{
					Dest: model.Ref{Bucket: "dest-bucket", Key: "dest"}, UploadID: "u", Number: 1,
					Source: ref, WholeSource: true,
				})
				if err != nil {
					t.Fatalf("CopyPart %s: %v", ref, err)
				}
			}
			reqs := rec.requests()
			if len(reqs) != len(refs) {
				t.Fatalf("%d requests for %d copies", len(reqs), len(refs))
			}
			for i, ref := range refs {
				r := reqs[i]
				wire := r.Header.Get("X-Amz-Copy-Source")
				if want := provider.CopySource(ref); wire != want {
					t.Errorf("%s: wire %q differs from provider.CopySource %q: the SDK did not send it verbatim", ref, wire, want)
				}
				if vals := r.Header.Values("X-Amz-Copy-Source-Range"); len(vals) != 0 {
					t.Errorf("%s: WholeSource sent a range %q", ref, vals)
				}
				for _, b := range []byte(wire) {
					if b <= ' ' || b >= 0x7f || b == '#' || b == '+' {
						t.Errorf("%s: wire value %q holds a raw %q", ref, wire, b)
						break
					}
				}
				if !utf8.ValidString(wire) {
					t.Errorf("%s: wire value %q is not valid UTF-8", ref, wire)
				}
				if strings.Contains(ref.Key, "+") && !strings.Contains(wire, "%2B") {
					t.Errorf("%s: + is not sent as %%2B: %q", ref, wire)
				}
				if n := strings.Count(wire, "?"); (ref.VersionID == "" && n != 0) || (ref.VersionID != "" && n != 1) {
					t.Errorf("%s: wire value %q has %d '?'; only a version id may add one", ref, wire, n)
				}
				bucket, key, q, err := decodeCopySource(wire)
				if err != nil {
					t.Errorf("%s: wire value %q does not decode: %v", ref, wire, err)
					continue
				}
				if bucket != ref.Bucket || key != ref.Key {
					t.Errorf("%s: wire value %q decodes to bucket %q key %q", ref, wire, bucket, key)
				}
				switch {
				case ref.VersionID == "" && len(q) != 0:
					t.Errorf("%s: wire value %q has a query %v", ref, wire, q)
				case ref.VersionID != "" && (len(q) != 1 || len(q["versionId"]) != 1 || q.Get("versionId") != ref.VersionID):
					t.Errorf("%s: wire value %q carries query %v; want only versionId=%s", ref, wire, q, ref.VersionID)
				}
			}
		})
	}
}

// opErr unwraps the *model.OpError CopyPart returns.
func opErr(t *testing.T, err error) *model.OpError {
	t.Helper()
	if err == nil {
		t.Fatal("CopyPart succeeded; want an error")
	}
	var oe *model.OpError
	if !errors.As(err, &oe) {
		t.Fatalf("error %T %v is not a *model.OpError", err, err)
	}
	if oe.Op != "UploadPartCopy" {
		t.Errorf("Op %q, want UploadPartCopy", oe.Op)
	}
	return oe
}

func TestEmptyResultAndErrorBodyOn200(t *testing.T) {
	for _, preset := range []struct{ name, region string }{{"cos", "ap-shanghai"}, {"jdcloud", "cn-north-1"}} {
		t.Run(preset.name, func(t *testing.T) {
			for _, tc := range []struct {
				name, body, code string
				retryable        bool
			}{
				{"empty body", "", "EmptyResult", true},
				{"empty CopyPartResult", "<CopyPartResult></CopyPartResult>", "EmptyResult", true},
				{"CopyPartResult without ETag", "<CopyPartResult><LastModified>2011-04-11T20:34:56.000Z</LastModified></CopyPartResult>", "EmptyResult", true},
				{"Error body", "<Error><Code>InternalError</Code><Message>x</Message></Error>", "InternalError", true},
				{"Error body with declaration", `<?xml version="1.0" encoding="UTF-8"?>` + "\n<Error><Code>SlowDown</Code><Message>x</Message></Error>", "SlowDown", true},
			} {
				t.Run(tc.name, func(t *testing.T) {
					c, rec := shapeClient(t, preset.name, preset.region, shapeAnswer(200, tc.body, "Content-Type", "application/xml"))
					res, err := c.CopyPart(context.Background(), singleAttempt(cosSampleInput()))
					if err == nil {
						t.Fatalf("a 200 with body %q was a success: %+v", tc.body, res)
					}
					oe := opErr(t, err)
					if oe.Code != tc.code {
						t.Errorf("Code %q, want %q (%v)", oe.Code, tc.code, oe)
					}
					// aws-sdk-go-v2 rewrites a 200 carrying <Error> to a 500
					// (S3:ProcessResponseFor200Error) before it is classified.
					if strings.Contains(tc.body, "<Error>") && oe.HTTPStatus != 500 {
						t.Errorf("HTTPStatus %d for a 200 with an <Error> body; want the SDK's 500 (%v)", oe.HTTPStatus, oe)
					}
					if oe.Retryable != tc.retryable {
						t.Errorf("Retryable %v, want %v (%v)", oe.Retryable, tc.retryable, oe)
					}
					if res != (provider.CopyPartResult{}) {
						t.Errorf("a failed CopyPart returned a result: %+v", res)
					}
					rec.only(t)
				})
			}
		})
	}
}

func TestClassifyCopyPartErrors(t *testing.T) {
	const preconditionBody = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>x-amz-copy-source-If-Match</Condition><RequestId>4442587FB7D0A2F9</RequestId><HostId>host-id</HostId></Error>`
	const slowDownBody = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>SLOW0001</RequestId></Error>`
	for _, preset := range []struct{ name, region string }{{"cos", "ap-shanghai"}, {"jdcloud", "cn-north-1"}} {
		t.Run(preset.name, func(t *testing.T) {
			t.Run("412 PreconditionFailed", func(t *testing.T) {
				c, rec := shapeClient(t, preset.name, preset.region, shapeAnswer(412, preconditionBody,
					"Content-Type", "application/xml", "x-amz-request-id", "4442587FB7D0A2F9"))
				in := cosSampleInput()
				in.Conditions = model.Conditions{IfMatch: "0123456789abcdef0123456789abcdef"}
				// No retry option: the SDK must not retry a 412 by itself.
				_, err := c.CopyPart(context.Background(), in)
				oe := opErr(t, err)
				if oe.Code != "PreconditionFailed" || oe.HTTPStatus != 412 || oe.RequestID != "4442587FB7D0A2F9" || oe.Retryable {
					t.Errorf("classified as %+v; want Code PreconditionFailed, HTTPStatus 412, RequestID 4442587FB7D0A2F9, not retryable", *oe)
				}
				if again := provider.Classify("UploadPartCopy", err); again != oe {
					t.Errorf("Classify on a classified error built a new one: %+v", again)
				}
				if !provider.IsCode(err, "PreconditionFailed") {
					t.Error("IsCode(err, PreconditionFailed) is false")
				}
				if n := len(rec.requests()); n != 1 {
					t.Errorf("the SDK sent %d requests for a 412; 4xx must not be retried", n)
				}
			})
			t.Run("503 SlowDown", func(t *testing.T) {
				c, rec := shapeClient(t, preset.name, preset.region, shapeAnswer(503, slowDownBody,
					"Content-Type", "application/xml", "x-amz-request-id", "SLOW0001"))
				_, err := c.CopyPart(context.Background(), singleAttempt(cosSampleInput()))
				oe := opErr(t, err)
				if oe.Code != "SlowDown" || oe.HTTPStatus != 503 || oe.RequestID != "SLOW0001" || !oe.Retryable {
					t.Errorf("classified as %+v; want Code SlowDown, HTTPStatus 503, RequestID SLOW0001, retryable", *oe)
				}
				rec.only(t)
			})
			t.Run("503 without a body", func(t *testing.T) {
				c, rec := shapeClient(t, preset.name, preset.region, shapeAnswer(503, ""))
				_, err := c.CopyPart(context.Background(), singleAttempt(cosSampleInput()))
				oe := opErr(t, err)
				if oe.HTTPStatus != 503 || !oe.Retryable || oe.Code == "" {
					t.Errorf("classified as %+v; want HTTPStatus 503, a code, retryable", *oe)
				}
				rec.only(t)
			})
			t.Run("404 NoSuchUpload", func(t *testing.T) {
				c, _ := shapeClient(t, preset.name, preset.region, shapeAnswer(404,
					`<Error><Code>NoSuchUpload</Code><Message>The specified multipart upload does not exist.</Message></Error>`,
					"Content-Type", "application/xml", "x-amz-request-id", "NSU1"))
				_, err := c.CopyPart(context.Background(), cosSampleInput())
				oe := opErr(t, err)
				if oe.Code != "NoSuchUpload" || oe.HTTPStatus != 404 || oe.RequestID != "NSU1" || oe.Retryable {
					t.Errorf("classified as %+v; want NoSuchUpload, 404, NSU1, not retryable", *oe)
				}
			})
		})
	}
}

package provider_test

// The gcs preset's request fixes (StripXID, UnsignAcceptEncoding), with no
// network: the recorded requests carry no x-id, send Accept-Encoding
// unsigned, and their SigV4 signature is the one a server recomputes from
// what it receives. cos, which sets neither, keeps both, so the tests show
// the switch.

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"s3parts/provider"
)

// xidAnswers answers the few operations these tests send.
func xidAnswers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch {
	case r.Method == http.MethodPut && q.Has("partNumber"):
		w.Header().Set("Content-Type", "application/xml")
		_, _ = w.Write([]byte(cosSampleBody))
	case r.Method == http.MethodGet && q.Has("uploadId"):
		w.Header().Set("Content-Type", "application/xml")
		_, _ = w.Write([]byte("<ListPartsResult><UploadId>" + cosUploadID + "</UploadId><IsTruncated>false</IsTruncated></ListPartsResult>"))
	case r.Method == http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodHead:
		w.Header().Set("ETag", cosETag)
		w.Header().Set("Last-Modified", "Mon, 04 Sep 2017 04:45:45 GMT")
		w.Header().Set("Content-Length", "100")
	default:
		w.WriteHeader(http.StatusNotImplemented)
	}
}

// sendFour sends an UploadPartCopy, a ListParts, an AbortMultipartUpload
// and a HeadObject, and returns the recorded requests by operation.
func sendFour(t *testing.T, c *provider.Client, rec *shapeRecorder) map[string]*http.Request {
	t.Helper()
	ctx := context.Background()
	in := singleAttempt(cosSampleInput())
	if _, err := c.CopyPart(ctx, in); err != nil {
		t.Fatalf("CopyPart: %v", err)
	}
	if _, err := c.ListParts(ctx, in.Dest, in.UploadID); err != nil {
		t.Fatalf("ListParts: %v", err)
	}
	if err := c.Abort(ctx, in.Dest, in.UploadID); err != nil {
		t.Fatalf("Abort: %v", err)
	}
	if _, err := c.HeadObject(ctx, in.Source); err != nil {
		t.Fatalf("HeadObject: %v", err)
	}
	reqs := rec.requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests sent, want 4", len(reqs))
	}
	return map[string]*http.Request{"UploadPartCopy": reqs[0], "ListParts": reqs[1], "AbortMultipartUpload": reqs[2], "HeadObject": reqs[3]}
}

// verifySigV4 recomputes the request's signature as a server would, from
// the URL it received and only the headers the Authorization header names,
// and fails unless it equals the one sent. It returns the signed headers.
func verifySigV4(t *testing.T, r *http.Request, region string) []string {
	t.Helper()
	auth := r.Header.Get("Authorization")
	fields := map[string]string{}
	for f := range strings.SplitSeq(strings.TrimPrefix(auth, "AWS4-HMAC-SHA256 "), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(f), "=")
		fields[k] = v
	}
	signed := strings.Split(fields["SignedHeaders"], ";")
	if fields["Signature"] == "" || len(signed) < 2 {
		t.Fatalf("Authorization %q is not SigV4", auth)
	}
	at, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		t.Fatalf("X-Amz-Date: %v", err)
	}
	u := *r.URL
	server, err := http.NewRequest(r.Method, u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	server.Host = host(r)
	for _, h := range signed {
		switch h {
		case "host":
		case "content-length":
			server.ContentLength = r.ContentLength
		default:
			for _, v := range r.Header.Values(h) {
				server.Header.Add(h, v)
			}
		}
	}
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	creds := aws.Credentials{AccessKeyID: "AKIDSHAPETEST", SecretAccessKey: "shape-test-secret"}
	if err := signer.SignHTTP(context.Background(), creds, server, r.Header.Get("X-Amz-Content-Sha256"), "s3", region, at); err != nil {
		t.Fatal(err)
	}
	if got := server.Header.Get("Authorization"); got != auth {
		t.Errorf("%s %s: the signature a server computes from what it received\n  %s\ndiffers from the one sent\n  %s", r.Method, r.URL, got, auth)
	}
	return signed
}

func TestXIDStrippedForGCS(t *testing.T) {
	c, rec := shapeClient(t, "gcs", "", xidAnswers)
	if p := c.Preset(); !p.StripXID || !p.UnsignAcceptEncoding {
		t.Fatalf("gcs preset: StripXID %v, UnsignAcceptEncoding %v; want both", p.StripXID, p.UnsignAcceptEncoding)
	}
	for op, r := range sendFour(t, c, rec) {
		if q := r.URL.Query(); q.Has("x-id") || strings.Contains(r.URL.RawQuery, "x-id") {
			t.Errorf("%s: query %q still carries x-id", op, r.URL.RawQuery)
		}
		if got := r.Header.Values("Accept-Encoding"); !slices.Equal(got, []string{"identity"}) {
			t.Errorf("%s: Accept-Encoding %q sent; want the SDK's [identity], unsigned", op, got)
		}
		signed := verifySigV4(t, r, "us-east-1")
		if slices.Contains(signed, "accept-encoding") {
			t.Errorf("%s: accept-encoding is signed: %q", op, signed)
		}
		if op == "UploadPartCopy" {
			if q := r.URL.Query(); q.Get("partNumber") != "1" || q.Get("uploadId") != cosUploadID || len(q) != 2 {
				t.Errorf("UploadPartCopy query %q: want exactly partNumber and uploadId", r.URL.RawQuery)
			}
		}
	}
}

func TestXIDKeptWithoutTheField(t *testing.T) {
	c, rec := shapeClient(t, "cos", "ap-shanghai", xidAnswers)
	if p := c.Preset(); p.StripXID || p.UnsignAcceptEncoding {
		t.Fatalf("cos preset sets StripXID %v / UnsignAcceptEncoding %v; this test needs a preset with neither", p.StripXID, p.UnsignAcceptEncoding)
	}
	want := map[string]string{"UploadPartCopy": "UploadPartCopy", "ListParts": "ListParts",
		"AbortMultipartUpload": "AbortMultipartUpload", "HeadObject": ""}
	for op, r := range sendFour(t, c, rec) {
		if got := r.URL.Query().Get("x-id"); got != want[op] {
			t.Errorf("%s: x-id %q, want %q (the SDK's own)", op, got, want[op])
		}
		signed := verifySigV4(t, r, "ap-shanghai")
		if !slices.Contains(signed, "accept-encoding") {
			t.Errorf("%s: accept-encoding is not signed (%q): the SDK signs it unless told not to", op, signed)
		}
	}
}

// TestXIDStripKeepsTheRestOfTheQuery: only the x-id pair goes, wherever it
// stands, and the other pairs keep their encoding.
func TestXIDStripKeepsTheRestOfTheQuery(t *testing.T) {
	c, rec := shapeClient(t, "gcs", "", xidAnswers)
	in := singleAttempt(cosSampleInput())
	in.UploadID = "a+b/c=d&x-id"
	if _, err := c.CopyPart(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	r := rec.only(t)
	want := url.Values{"partNumber": {"1"}, "uploadId": {"a+b/c=d&x-id"}}
	if q := r.URL.Query(); !equalValues(q, want) {
		t.Errorf("query %q parses to %v, want %v", r.URL.RawQuery, q, want)
	}
	verifySigV4(t, r, "us-east-1")
}

// TestXIDStrippedOnEveryAttempt: the fixes sit after the SDK's retry
// middleware, so a retried part copy is stripped and signed the same way.
func TestXIDStrippedOnEveryAttempt(t *testing.T) {
	var n atomic.Int32
	c, rec := shapeClient(t, "gcs", "", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		xidAnswers(w, r)
	})
	if _, err := c.CopyPart(context.Background(), cosSampleInput()); err != nil {
		t.Fatalf("CopyPart after one 503: %v", err)
	}
	reqs := rec.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests sent, want 2 (one retry)", len(reqs))
	}
	for i, r := range reqs {
		if strings.Contains(r.URL.RawQuery, "x-id") {
			t.Errorf("attempt %d: query %q carries x-id", i+1, r.URL.RawQuery)
		}
		if got := r.Header.Get("Accept-Encoding"); got != "identity" {
			t.Errorf("attempt %d: Accept-Encoding %q, want identity", i+1, got)
		}
		if slices.Contains(verifySigV4(t, r, "us-east-1"), "accept-encoding") {
			t.Errorf("attempt %d: accept-encoding is signed", i+1)
		}
	}
}

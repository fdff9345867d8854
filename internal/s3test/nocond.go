package s3test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// IgnoringCopyConditions is Proxy in front of a server that ignores
// copy-source conditions, as Cloudflare R2 documents and older Ceph did:
// every X-Amz-Copy-Source-If-* header is dropped before the server sees
// it, so a part copy with a false If-Match is carried out. The client
// signed those headers, so a request that lost one is signed again with
// the server's keys (the gateway checks signatures). h's Before sees the
// request as the server will.
//
// Only requests whose payload hash is in X-Amz-Content-Sha256 can be
// signed again (UploadPartCopy and CopyObject have no body; the SDK sends
// UNSIGNED-PAYLOAD or the hash): an aws-chunked body carries signatures
// chained to the first, so such a request with a condition is answered
// 501 rather than forwarded half-changed. Requests without a condition
// pass untouched, whatever their payload.
func (s *Server) IgnoringCopyConditions(t testing.TB, h ProxyHooks) *httptest.Server {
	t.Helper()
	before := h.Before
	h.Before = func(w http.ResponseWriter, r *http.Request) bool {
		if err := s.dropCopyConditions(r); err != nil {
			http.Error(w, "s3test: "+err.Error(), http.StatusNotImplemented)
			return true
		}
		return before != nil && before(w, r)
	}
	return s.Proxy(t, h)
}

// dropCopyConditions removes the copy-source conditions from r and, if
// there were any, signs r again as its client did, without them.
func (s *Server) dropCopyConditions(r *http.Request) error {
	dropped := false
	for k := range r.Header {
		if strings.HasPrefix(http.CanonicalHeaderKey(k), "X-Amz-Copy-Source-If-") {
			r.Header.Del(k)
			dropped = true
		}
	}
	if !dropped {
		return nil
	}
	hash := r.Header.Get("X-Amz-Content-Sha256")
	if hash == "" || strings.HasPrefix(hash, "STREAMING-") {
		return fmt.Errorf("cannot sign again a request whose payload hash is %q", hash)
	}
	scope, signed, ok := parseAuthorization(r.Header.Get("Authorization"))
	if !ok {
		return fmt.Errorf("cannot sign again a request not signed in its Authorization header (a presigned URL?)")
	}
	// Signed again: the headers the client signed, less those dropped,
	// so nothing added on the way (hop-by-hop, X-Forwarded-For) is.
	again := &http.Request{Method: r.Method, URL: &url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery},
		Host: r.Host, Header: http.Header{}, ContentLength: r.ContentLength}
	for _, name := range signed {
		if v, ok := r.Header[http.CanonicalHeaderKey(name)]; ok && name != "host" {
			again.Header[http.CanonicalHeaderKey(name)] = v
		}
	}
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }) // S3 signs the path as sent
	creds := aws.Credentials{AccessKeyID: s.AccessKey, SecretAccessKey: s.SecretKey}
	if err := signer.SignHTTP(context.Background(), creds, again, hash, scope.service, scope.region, time.Now()); err != nil {
		return err
	}
	r.Header.Set("Authorization", again.Header.Get("Authorization"))
	r.Header.Set("X-Amz-Date", again.Header.Get("X-Amz-Date"))
	return nil
}

type credentialScope struct{ region, service string }

// parseAuthorization reads the scope and the signed headers of
// "AWS4-HMAC-SHA256 Credential=AK/DATE/REGION/SERVICE/aws4_request,
// SignedHeaders=a;b, Signature=…".
func parseAuthorization(auth string) (credentialScope, []string, bool) {
	rest, ok := strings.CutPrefix(auth, "AWS4-HMAC-SHA256 ")
	if !ok {
		return credentialScope{}, nil, false
	}
	var scope credentialScope
	var signed []string
	for f := range strings.SplitSeq(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(f), "=")
		switch k {
		case "Credential":
			c := strings.Split(v, "/")
			if len(c) != 5 {
				return credentialScope{}, nil, false
			}
			scope = credentialScope{region: c[2], service: c[3]}
		case "SignedHeaders":
			signed = strings.Split(v, ";")
		}
	}
	return scope, signed, scope.service != "" && len(signed) > 0
}

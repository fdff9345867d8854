package s3test

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
)

// ProxyHooks let a test see and change the traffic to the server.
type ProxyHooks struct {
	// Before may answer a request itself (a fault); it returns true then.
	Before func(w http.ResponseWriter, r *http.Request) bool
	// After sees each forwarded request with the status it got.
	After func(r *http.Request, status int)
}

// Proxy puts a reverse proxy in front of the server. Requests are signed
// for the proxy's host, which it passes on, so it needs a plain-http,
// path-style endpoint; the test is skipped otherwise.
func (s *Server) Proxy(t testing.TB, h ProxyHooks) *httptest.Server {
	t.Helper()
	target, err := url.Parse(s.Endpoint)
	if err != nil || strings.HasPrefix(s.Endpoint, "https://") {
		t.Skip("the test proxy needs a plain-http, path-style endpoint")
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	// A client killed mid-request is what some tests do: not worth a log.
	rp.ErrorLog = log.New(io.Discard, "", 0)
	p := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.Before != nil && h.Before(w, r) {
			return
		}
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		rp.ServeHTTP(rec, r)
		if h.After != nil {
			h.After(r, rec.status)
		}
	}))
	t.Cleanup(p.Close)
	return p
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }

// IsPartCopy reports whether r is an UploadPartCopy.
func IsPartCopy(r *http.Request) bool {
	return r.Method == http.MethodPut && r.Header.Get("X-Amz-Copy-Source") != ""
}

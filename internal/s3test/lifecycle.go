package s3test

import (
	"io"

	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// WithLifecycle puts a proxy in front of the server that keeps bucket
// lifecycle configurations itself (versitygw answers 501 to them): a put
// stores the XML as sent, a get answers it back, a delete removes it.
// Everything else reaches the server. The rules are not applied: tests
// check what is configured, not what a server would expire.
func (s *Server) WithLifecycle(t testing.TB) *httptest.Server {
	t.Helper()
	var mu sync.Mutex
	configs := map[string][]byte{}
	return s.Proxy(t, ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if _, ok := r.URL.Query()["lifecycle"]; !ok {
			return false
		}
		bucket, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		mu.Lock()
		defer mu.Unlock()
		switch r.Method {
		case http.MethodPut:
			body, err := io.ReadAll(r.Body)
			if err != nil {
				w.WriteHeader(http.StatusBadRequest)
				return true
			}
			configs[bucket] = body
			w.WriteHeader(http.StatusOK)
		case http.MethodGet:
			body, ok := configs[bucket]
			if !ok {
				w.Header().Set("Content-Type", "application/xml")
				w.WriteHeader(http.StatusNotFound)
				io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchLifecycleConfiguration</Code><Message>The lifecycle configuration does not exist</Message></Error>`)
				return true
			}
			w.Header().Set("Content-Type", "application/xml")
			w.Write(body)
		case http.MethodDelete:
			delete(configs, bucket)
			w.WriteHeader(http.StatusNoContent)
		default:
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
		return true
	}})
}

// RawAt is Raw through another endpoint (a proxy in front of the server).
func (s *Server) RawAt(endpoint string) *s3.Client {
	return s3.NewFromConfig(aws.Config{}, func(o *s3.Options) {
		*o = s.Raw().Options()
		o.BaseEndpoint = aws.String(endpoint)
	})
}

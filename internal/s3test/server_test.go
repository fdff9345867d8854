package s3test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A port that another process took between the free-port probe and the
// gateway's bind must not be mistaken for the gateway: something else
// answering there (here a server that refuses every request, as another
// test binary's gateway refuses these keys) is reported, not used.
func TestGatewayOnATakenPortIsRefused(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "<Error><Code>InvalidAccessKeyId</Code></Error>", http.StatusForbidden)
	}))
	defer other.Close()
	addr := strings.TrimPrefix(other.URL, "http://")
	s, err := StartGateway(Options{Addr: addr})
	if err == nil {
		s.Stop()
		t.Fatalf("a gateway was started on %s, which another server holds", addr)
	}
	if !errors.Is(err, errPortTaken) {
		t.Fatalf("want errPortTaken, got %v", err)
	}
}

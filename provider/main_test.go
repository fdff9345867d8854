package provider_test

import (
	"context"
	"os"
	"testing"

	"s3parts/internal/s3test"
	"s3parts/provider"
)

// srv is the S3 server every test in this package talks to: versitygw
// in-process, or the endpoint in S3PARTS_TEST_ENDPOINT.
var srv *s3test.Server

func TestMain(m *testing.M) {
	os.Exit(s3test.Main(m, func(s *s3test.Server) { srv = s }))
}

// newClient connects to the test server through the normal configuration
// chain (the environment TestMain set).
func newClient(t testing.TB, opts provider.Options) *provider.Client {
	t.Helper()
	c, err := provider.New(context.Background(), opts)
	if err != nil {
		t.Fatalf("provider.New: %v", err)
	}
	return c
}

package provider_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"s3parts/internal/s3test"
	"s3parts/provider"
)

// srv is the S3 server every test in this package talks to: versitygw
// in-process, or the endpoint in S3PARTS_TEST_ENDPOINT.
var srv *s3test.Server

func TestMain(m *testing.M) {
	s, err := s3test.Start(s3test.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the test S3 server:", err)
		os.Exit(1)
	}
	srv = s
	if err := s.SetEnv(os.Setenv); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	s.Stop()
	os.Exit(code)
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

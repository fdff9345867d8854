package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"s3parts/internal/s3test"
)

// A named profile in the shared config files supplies region, endpoint and
// credentials, as it does for the AWS CLI.
func TestProfileFromSharedConfig(t *testing.T) {
	b := srv.NewBucket(t, false)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	creds := filepath.Join(dir, "credentials")
	write(t, cfg, "[profile demo]\nregion = "+srv.Region+"\nendpoint_url = "+srv.Endpoint+"\n")
	write(t, creds, "[demo]\naws_access_key_id = "+srv.AccessKey+"\naws_secret_access_key = "+srv.SecretKey+"\n")
	t.Setenv("AWS_CONFIG_FILE", cfg)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	// Nothing else may point at the server or hold the keys.
	for _, k := range []string{"AWS_ENDPOINT_URL_S3", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	r := mustRun(t, 0, "--profile", "demo", "buckets")
	s3test.Contains(t, r.stdout, b)

	t.Setenv("AWS_PROFILE", "demo")
	r = mustRun(t, 0, "buckets")
	s3test.Contains(t, r.stdout, b)

	// The flag beats the profile's endpoint.
	r = mustRun(t, 1, "--profile", "demo", "--endpoint", "http://127.0.0.1:1", "buckets")
	s3test.Contains(t, r.stderr, "could not reach the server")
	if strings.Contains(r.stderr+r.stdout, srv.SecretKey) {
		t.Error("the secret key was printed")
	}

	r = mustRun(t, 2, "--profile", "no-such-profile", "buckets")
	s3test.Contains(t, r.stderr, "no-such-profile")
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

package cli_test

import (
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"s3parts/internal/s3test"
	"s3parts/journal"
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

// TLS certificates are verified unless --insecure, which says so.
func TestTLSIsVerifiedUnlessInsecure(t *testing.T) {
	target, _ := url.Parse(srv.Endpoint)
	if target.Scheme != "http" {
		t.Skip("needs a plain-http endpoint to put a TLS proxy in front of")
	}
	proxy := httptest.NewTLSServer(httputil.NewSingleHostReverseProxy(target))
	defer proxy.Close()
	r := mustRun(t, 1, "--endpoint", proxy.URL, "buckets")
	s3test.Contains(t, r.stderr, "certificate does not verify")
	r = mustRun(t, 0, "--endpoint", proxy.URL, "--insecure", "buckets")
	s3test.Contains(t, r.stderr, "TLS certificates are not verified")
}

// The secret key never appears in any output, error or journal.
func TestSecretNeverPrinted(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(17, 6<<20))
	var all strings.Builder
	for _, args := range [][]string{
		{"buckets", "--json"}, {"ls", "s3://" + b, "--json"},
		{"copy", ref(b, "src"), ref(b, "dst"), "--json"},
		{"copy", ref(b, "src"), ref(b, "dst2"), "--if-match", `"0123456789abcdef0123456789abcdef"`},
		{"copy", ref(b, "nope"), ref(b, "dst3")},
		{"jobs", "--all", "--json"},
		{"--endpoint", "http://127.0.0.1:1", "buckets"},
	} {
		r := run(t, args...)
		all.WriteString(r.stdout + r.stderr)
	}
	// A wrong secret: the server's refusal must not echo ours either.
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wrong-"+srv.SecretKey)
	r := run(t, "buckets")
	all.WriteString(r.stdout + r.stderr)
	dir, _ := journal.DefaultDir()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			all.Write(b)
		}
		return nil
	})
	if strings.Contains(all.String(), srv.SecretKey) {
		t.Fatal("the secret key was printed or journaled")
	}
	if all.Len() < 1000 {
		t.Fatalf("too little output scanned (%d bytes): the test would prove nothing", all.Len())
	}
}

package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"s3parts/internal/s3test"
)

func tagsOf(t *testing.T, bucket, key string) map[string]string {
	t.Helper()
	out, err := srv.Raw().GetObjectTagging(context.Background(), &s3.GetObjectTaggingInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("tags of %s: %v", key, err)
	}
	m := map[string]string{}
	for _, tg := range out.TagSet {
		m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	return m
}

func headOf(t *testing.T, bucket, key string) *s3.HeadObjectOutput {
	t.Helper()
	out, err := srv.Raw().HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("head %s: %v", key, err)
	}
	return out
}

// A copy keeps the source's tags, metadata and content headers by
// default; each can be replaced, and tags dropped. Both ways of copying
// make the same object: in parts and with one CopyObject.
func TestCopyKeepsOrChangesAttributes(t *testing.T) {
	for _, how := range []string{"--multipart", "--single"} {
		t.Run(how, func(t *testing.T) { testCopyAttributes(t, how) })
	}
}

func testCopyAttributes(t *testing.T, how string) {
	ctx := context.Background()
	b := srv.NewBucket(t, false)
	data := s3test.Data(91, 6<<20)
	expires := time.Date(2037, 10, 21, 7, 28, 0, 0, time.UTC)
	if _, err := srv.Raw().PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("src"), Body: bytes.NewReader(data),
		ContentType: aws.String("video/mp4"), Metadata: map[string]string{"owner": "ops"}, Tagging: aws.String("team=media&tier=gold"),
		Expires: aws.Time(expires)}); err != nil {
		t.Fatal(err)
	}
	mustRun(t, 0, "--no-journal", "copy", ref(b, "src"), ref(b, "kept"), how)
	if got := tagsOf(t, b, "kept"); !maps.Equal(got, map[string]string{"team": "media", "tier": "gold"}) {
		t.Errorf("tags kept: %v", got)
	}
	if h := headOf(t, b, "kept"); aws.ToString(h.ContentType) != "video/mp4" || h.Metadata["owner"] != "ops" {
		t.Errorf("headers kept: %s %v", aws.ToString(h.ContentType), h.Metadata)
	}
	if src := headOf(t, b, "src"); aws.ToString(src.ExpiresString) != "" {
		// Where the server keeps Expires on the source, the copy has it too.
		if got := aws.ToString(headOf(t, b, "kept").ExpiresString); got != aws.ToString(src.ExpiresString) {
			t.Errorf("Expires: the copy has %q, the source %q", got, aws.ToString(src.ExpiresString))
		}
	}
	mustRun(t, 0, "--no-journal", "copy", ref(b, "src"), ref(b, "changed"), "--tagging", "a=1", "--metadata", "Reviewed=yes",
		"--content-type", "application/octet-stream", "--cache-control", "no-store", how)
	if got := tagsOf(t, b, "changed"); !maps.Equal(got, map[string]string{"a": "1"}) {
		t.Errorf("tags replaced: %v", got)
	}
	h := headOf(t, b, "changed")
	if aws.ToString(h.ContentType) != "application/octet-stream" || aws.ToString(h.CacheControl) != "no-store" || !maps.Equal(h.Metadata, map[string]string{"reviewed": "yes"}) {
		t.Errorf("headers replaced: %s %s %v", aws.ToString(h.ContentType), aws.ToString(h.CacheControl), h.Metadata)
	}
	mustRun(t, 0, "--no-journal", "copy", ref(b, "src"), ref(b, "untagged"), "--tagging", "none", how)
	if got := tagsOf(t, b, "untagged"); len(got) != 0 {
		t.Errorf("--tagging none: %v", got)
	}
	srv.Copied(t, b, "changed", data)
	dry := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "x"), "--dry-run", "--json", "--tagging", "none", "--storage-class", "standard_ia", how)
	var plan struct {
		Attributes []struct {
			Attribute, Source, New string
			Changed                bool
		} `json:"attributes"`
	}
	if err := json.Unmarshal([]byte(dry.stdout), &plan); err != nil {
		t.Fatal(err)
	}
	changed := map[string]bool{}
	for _, a := range plan.Attributes {
		changed[a.Attribute] = a.Changed
	}
	if !changed["tags"] || !changed["storage class"] || changed["Content-Type"] || changed["metadata"] {
		t.Errorf("dry run changes %v", changed)
	}
}

// Tags that cannot be read are not dropped unseen: keeping them is refused
// (naming what works instead), and --tagging none goes ahead; in parts and
// with one CopyObject alike (which could copy them unseen).
func TestUnreadableTagsRefuseKeep(t *testing.T) {
	for _, how := range []string{"--multipart", "--single"} {
		t.Run(how, func(t *testing.T) { testUnreadableTags(t, how) })
	}
}

func testUnreadableTags(t *testing.T, how string) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(92, 6<<20))
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if _, ok := r.URL.Query()["tagging"]; ok && r.Method == http.MethodGet {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`<Error><Code>AccessDenied</Code><Message>no tags for you</Message></Error>`))
			return true
		}
		return false
	}})
	at := []string{"--endpoint", p.URL, "--path-style", "--no-journal"}
	r := mustRun(t, 1, append(at, "copy", ref(b, "src"), ref(b, "dst"), how)...)
	s3test.Contains(t, r.stderr, "tags could not be read")
	s3test.Contains(t, r.stderr, "--tagging none")
	if srv.Exists(b, "dst") || len(srv.Uploads(t, b)) != 0 {
		t.Fatal("a refused copy changed the bucket")
	}
	mustRun(t, 0, append(at, "copy", ref(b, "src"), ref(b, "dst"), "--tagging", "none", how)...)
}

// Bad attribute flags are refused before anything is sent, naming the
// value.
func TestTargetFlagsRefused(t *testing.T) {
	endpoint, sent := countingServer(t)
	for _, tc := range []struct{ flag, val, want string }{
		{"--sse", "DES", `--sse "DES"`}, {"--sse-kms-key-id", "k1", `--sse-kms-key-id "k1" goes with --sse aws:kms`},
		{"--metadata", "bad key=1", `--metadata "bad key=1"`}, {"--metadata", "k=é", "printable US-ASCII"},
		{"--tagging", "=x", "tag key"}, {"--object-lock-mode", "GOVERNANCE", "needs --retain-until"},
		{"--retain-until", "2001-01-01", "needs --object-lock-mode"}, {"--acl", "everyone", `--acl "everyone"`},
		{"--legal-hold", "maybe", `--legal-hold "maybe"`}, {"--storage-class", "cold storage", `--storage-class "cold storage"`},
		{"--content-type", "a\tb", "printable US-ASCII"},
	} {
		r := mustRun(t, 2, "--endpoint", endpoint, "copy", "s3://b/src", "s3://b/dst", tc.flag, tc.val)
		s3test.Contains(t, r.stderr, tc.want)
	}
	r := mustRun(t, 2, "--endpoint", endpoint, "copy", "s3://b/src", "s3://b/dst", "--object-lock-mode", "COMPLIANCE", "--retain-until", "2001-01-01")
	s3test.Contains(t, r.stderr, "is not in the future")
	r = mustRun(t, 2, "--endpoint", endpoint, "copy", "s3://b/src", "s3://b/dst", "--object-lock-mode", "COMPLIANCE", "--retain-until", "soon")
	s3test.Contains(t, r.stderr, `--retain-until: time "soon" is not valid`)
	r = mustRun(t, 2, "--endpoint", endpoint, "copy", "s3://b/src", "s3://b/dst", "--object-lock-mode", "forever", "--retain-until", "2999-01-01")
	s3test.Contains(t, r.stderr, `--object-lock-mode "forever": use GOVERNANCE or COMPLIANCE`)
	r = mustRun(t, 2, "--endpoint", endpoint, "copy", "s3://b/src", "s3://b/dst", "--sse", "AES256", "--sse-kms-key-id", "k1")
	s3test.Contains(t, r.stderr, `--sse-kms-key-id "k1" goes with --sse aws:kms`)
	if n := sent.Load(); n != 0 {
		t.Errorf("%d requests sent for refused flags", n)
	}
}

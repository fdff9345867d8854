package provider_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"s3parts/model"
	"s3parts/provider"
)

// The preview is the request CopyPart sends: its path encoded as the SDK
// encodes it, the copy source likewise, and the range left out for a
// part that is the whole source.
func TestPreviewCopyPart(t *testing.T) {
	plan := model.Plan{Source: model.Ref{Bucket: "src", Key: "dir/my file+1.mov", VersionID: "v 1"}, SourceSize: 100,
		Dest: model.Ref{Bucket: "dst", Key: "out/my file+1.mov"}, Conditions: model.Conditions{IfMatch: "abc"}}
	got := provider.PreviewCopyPart(provider.PartCopy(plan, "up/1=", model.PlannedPart{Number: 2, Range: model.ByteRange{First: 10, Last: 99}}))
	want := []string{
		"PUT /dst/out/my%20file%2B1.mov?partNumber=2&uploadId=up%2F1%3D",
		"x-amz-copy-source: src/dir/my%20file%2B1.mov?versionId=v+1",
		"x-amz-copy-source-range: bytes=10-99",
		`x-amz-copy-source-if-match: "abc"`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("preview:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	whole := provider.PreviewCopyPart(provider.PartCopy(plan, "u", model.PlannedPart{Number: 1, Range: model.ByteRange{First: 0, Last: 99}}))
	for _, l := range whole {
		if strings.HasPrefix(l, "x-amz-copy-source-range") {
			t.Errorf("a part that is the whole source sends a range: %s", l)
		}
	}
}

// What the preview shows is what CopyPart sends: the same headers, and
// the request line's key and query as they go on the wire.
func TestPreviewIsWhatIsSent(t *testing.T) {
	c, rec := shapeClient(t, "aws", "us-east-1", shapeAnswer(http.StatusOK,
		`<CopyPartResult><ETag>"e"</ETag><LastModified>2030-01-02T03:04:05.000Z</LastModified></CopyPartResult>`))
	plan := model.Plan{Source: model.Ref{Bucket: "src", Key: "a b/c+d"}, SourceSize: 10 << 20,
		Dest: model.Ref{Bucket: "dst", Key: "x y/z+w=(1)@:~é"}, Conditions: model.Conditions{IfMatch: "abc", IfNoneMatch: "zzz"}}
	in := provider.PartCopy(plan, "U-1", model.PlannedPart{Number: 3, Range: model.ByteRange{First: 5 << 20, Last: 10<<20 - 1}})
	if _, err := c.CopyPart(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests() // on AWS a HeadBucket may ask the bucket's region first
	req := reqs[len(reqs)-1]
	preview := provider.PreviewCopyPart(in)
	line := strings.TrimPrefix(preview[0], "PUT /dst")
	path, query, _ := strings.Cut(line, "?")
	if req.Method != http.MethodPut || !strings.HasSuffix(req.URL.EscapedPath(), path) {
		t.Errorf("sent %s %s; the preview says PUT …%s", req.Method, req.URL.EscapedPath(), path)
	}
	for _, kv := range strings.Split(query, "&") {
		if !strings.Contains("&"+req.URL.RawQuery+"&", "&"+kv+"&") {
			t.Errorf("sent query %q lacks the preview's %q", req.URL.RawQuery, kv)
		}
	}
	for _, h := range preview[1:] {
		name, value, _ := strings.Cut(h, ": ")
		if got := req.Header.Get(name); got != value {
			t.Errorf("sent %s: %q; the preview says %q", name, got, value)
		}
	}
}

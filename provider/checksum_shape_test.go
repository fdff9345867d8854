package provider_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"s3parts/model"
	"s3parts/provider"
)

// bodyRecorder keeps every request with its body, and answers by
// operation: the checksum tests look at the Complete request's XML.
type bodyRecorder struct {
	mu     sync.Mutex
	reqs   []*http.Request
	bodies []string
}

func (r *bodyRecorder) Do(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		_ = req.Body.Close()
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, req.Clone(context.Background()))
	r.bodies = append(r.bodies, string(body))
	r.mu.Unlock()
	w := httptest.NewRecorder()
	q := req.URL.Query()
	switch {
	case req.Method == http.MethodPost && q.Has("uploads"):
		_, _ = io.WriteString(w, `<InitiateMultipartUploadResult><Bucket>dst</Bucket><Key>k</Key><UploadId>U1</UploadId></InitiateMultipartUploadResult>`)
	case req.Method == http.MethodPut && req.Header.Get("X-Amz-Copy-Source") != "":
		_, _ = io.WriteString(w, `<CopyPartResult><ETag>"e`+q.Get("partNumber")+`"</ETag><LastModified>2030-01-02T03:04:05.000Z</LastModified>`+
			`<ChecksumCRC64NVME>P`+q.Get("partNumber")+`==</ChecksumCRC64NVME></CopyPartResult>`)
	case req.Method == http.MethodPost && q.Has("uploadId"):
		_, _ = io.WriteString(w, `<CompleteMultipartUploadResult><ETag>"f-2"</ETag></CompleteMultipartUploadResult>`)
	case req.Method == http.MethodHead:
		w.Header().Set("ETag", `"f-2"`)
		w.Header().Set("Content-Length", "10")
		w.Header().Set("x-amz-checksum-crc64nvme", "YTShlb4arGA=")
		w.Header().Set("x-amz-checksum-type", "FULL_OBJECT")
	default:
		w.WriteHeader(http.StatusOK)
	}
	resp := w.Result()
	resp.Request = req
	return resp, nil
}

// last is the last request whose method and query match.
func (r *bodyRecorder) last(t *testing.T, method, query string) (*http.Request, string) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.reqs) - 1; i >= 0; i-- {
		if q := r.reqs[i]; q.Method == method && (query == "" || q.URL.Query().Has(query)) {
			return q, r.bodies[i]
		}
	}
	t.Fatalf("no %s ?%s was sent", method, query)
	return nil, ""
}

func checksumShapeClient(t *testing.T, preset, region string) (*provider.Client, *bodyRecorder) {
	t.Helper()
	shapeClient(t, preset, region, shapeAnswer(http.StatusOK, "")) // the environment, cleaned
	rec := &bodyRecorder{}
	c, err := provider.New(context.Background(), provider.Options{Provider: preset, Region: region, HTTPClient: rec})
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

// checksumHeaders are the x-amz-checksum-* and x-amz-sdk-checksum-*
// headers of a request, lower-cased, as "name: value".
func checksumHeaders(r *http.Request) []string {
	var out []string
	for k, vs := range r.Header {
		if lk := strings.ToLower(k); strings.HasPrefix(lk, "x-amz-checksum") || strings.HasPrefix(lk, "x-amz-sdk-checksum") {
			out = append(out, lk+": "+strings.Join(vs, ","))
		}
	}
	return out
}

func hasAll(got []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			return false
		}
	}
	return true
}

// What each choice adds to the requests of a copy: CreateMultipartUpload
// names the algorithm and type; UploadPartCopy carries no checksum (it has
// no input for one: the upload's algorithm applies); Complete repeats each
// part's checksum and, for a proof, the whole object's expected value and
// type. With no checksum, nothing is added anywhere.
func TestChecksumRequestShape(t *testing.T) {
	src := model.Checksum{Algorithm: "CRC64NVME", Type: model.ChecksumFullObject, Value: "YTShlb4arGA="}
	for _, preset := range []struct{ name, region string }{{"aws", "us-east-1"}, {"digitalocean", "nyc3"}} {
		for _, tc := range []struct {
			choice                string
			src                   model.Checksum
			create, complete      []string
			partTag               string
			noCreate, noCompleteH bool
		}{
			{choice: "", src: src, create: []string{"x-amz-checksum-algorithm: CRC64NVME", "x-amz-checksum-type: FULL_OBJECT"},
				complete: []string{"x-amz-checksum-crc64nvme: YTShlb4arGA=", "x-amz-checksum-type: FULL_OBJECT"}, partTag: "<ChecksumCRC64NVME>P1==</ChecksumCRC64NVME>"},
			{choice: "none", src: src, noCreate: true, noCompleteH: true},
			{choice: "", src: model.Checksum{}, noCreate: true, noCompleteH: true},
			{choice: "CRC64NVME", src: model.Checksum{}, create: []string{"x-amz-checksum-algorithm: CRC64NVME", "x-amz-checksum-type: FULL_OBJECT"},
				noCompleteH: true, partTag: "<ChecksumCRC64NVME>P1==</ChecksumCRC64NVME>"},
		} {
			name := preset.name + "/" + tc.choice + "/" + tc.src.Algorithm
			c, rec := checksumShapeClient(t, preset.name, preset.region)
			plan := model.Plan{Source: model.Ref{Bucket: "src", Key: "k"}, SourceSize: 10 << 20, SourceETag: `"s"`,
				Dest: model.Ref{Bucket: "dst", Key: "k"}, Parts: []model.PlannedPart{{Number: 1, Range: model.ByteRange{First: 0, Last: 5<<20 - 1}},
					{Number: 2, Range: model.ByteRange{First: 5 << 20, Last: 10<<20 - 1}}},
				SourceAttrs: model.SourceAttrs{Checksum: tc.src}, Target: model.Target{Checksum: tc.choice}}
			ctx := context.Background()
			n := plan.NewObject()
			id, err := c.CreateUpload(ctx, plan.Dest, n)
			if err != nil {
				t.Fatalf("%s: create: %v", name, err)
			}
			create, _ := rec.last(t, http.MethodPost, "uploads")
			if got := checksumHeaders(create); tc.noCreate && len(got) > 0 || !hasAll(got, tc.create...) {
				t.Errorf("%s: CreateMultipartUpload checksum headers %v, want %v", name, got, tc.create)
			}
			var parts []model.CompletedPart
			for _, pt := range plan.Parts {
				res, err := c.CopyPart(ctx, singleAttempt(provider.PartCopy(plan, id, pt)))
				if err != nil {
					t.Fatalf("%s: copy: %v", name, err)
				}
				if res.ChecksumAlgorithm != "CRC64NVME" || !strings.HasPrefix(res.Checksum, "P") {
					t.Errorf("%s: part %d result checksum %s %q", name, pt.Number, res.ChecksumAlgorithm, res.Checksum)
				}
				copyReq, _ := rec.last(t, http.MethodPut, "partNumber")
				if got := checksumHeaders(copyReq); len(got) > 0 {
					t.Errorf("%s: UploadPartCopy sends checksum headers %v", name, got)
				}
				cp := model.CompletedPart{Number: pt.Number, ETag: res.ETag}
				if n.ChecksumAlgorithm != "" {
					cp.Checksum = res.Checksum
				}
				parts = append(parts, cp)
			}
			if _, err := c.CompleteWith(ctx, plan.Dest, id, parts, provider.CompleteChecksums{Algorithm: n.ChecksumAlgorithm, Expected: plan.ExpectedChecksum()}); err != nil {
				t.Fatalf("%s: complete: %v", name, err)
			}
			complete, body := rec.last(t, http.MethodPost, "uploadId")
			got := checksumHeaders(complete)
			if !hasAll(got, tc.complete...) {
				t.Errorf("%s: CompleteMultipartUpload checksum headers %v, want %v", name, got, tc.complete)
			}
			for _, g := range got {
				if tc.noCompleteH && (strings.HasPrefix(g, "x-amz-checksum-crc") || strings.HasPrefix(g, "x-amz-checksum-sha") || strings.HasPrefix(g, "x-amz-checksum-type")) {
					t.Errorf("%s: CompleteMultipartUpload sends %s with no value to prove", name, g)
				}
			}
			if tc.partTag != "" && !strings.Contains(body, tc.partTag) {
				t.Errorf("%s: Complete body lacks %s:\n%s", name, tc.partTag, body)
			}
			if tc.partTag == "" && strings.Contains(body, "<Checksum") {
				t.Errorf("%s: Complete body names a part checksum for an upload without one:\n%s", name, body)
			}
		}
	}
}

// HeadObjectChecksum asks for the checksum; HeadObject does not.
func TestHeadChecksumMode(t *testing.T) {
	c, rec := checksumShapeClient(t, "aws", "us-east-1")
	ref := model.Ref{Bucket: "b", Key: "k"}
	info, err := c.HeadObjectChecksum(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if want := (model.Checksum{Algorithm: "CRC64NVME", Type: "FULL_OBJECT", Value: "YTShlb4arGA="}); info.Checksum != want {
		t.Errorf("checksum %+v, want %+v", info.Checksum, want)
	}
	head, _ := rec.last(t, http.MethodHead, "")
	if got := head.Header.Get("X-Amz-Checksum-Mode"); got != "ENABLED" {
		t.Errorf("x-amz-checksum-mode %q, want ENABLED", got)
	}
	if _, err := c.HeadObject(context.Background(), ref); err != nil {
		t.Fatal(err)
	}
	head, _ = rec.last(t, http.MethodHead, "")
	if got := head.Header.Get("X-Amz-Checksum-Mode"); got != "" {
		t.Errorf("HeadObject sends x-amz-checksum-mode %q", got)
	}
}

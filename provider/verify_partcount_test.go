package provider_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"s3parts/internal/s3test"
	"s3parts/model"
	"s3parts/provider"
)

// partsCountAnswer makes the server's answer to HeadObject with a part
// number say count parts ("" leaves the count out).
func partsCountAnswer(count string) s3test.ProxyHooks {
	return s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodHead || r.URL.Query().Get("partNumber") == "" {
			return false
		}
		res, body, err := srv.Forward(r, 1)
		if err != nil {
			s3test.HangUp(w)
			return true
		}
		res.Header.Del("X-Amz-Mp-Parts-Count")
		if count != "" {
			res.Header.Set("X-Amz-Mp-Parts-Count", count)
		}
		answer(w, res, body)
		return true
	}}
}

// Where the provider's ETags do not prove the parts, the object's size is
// not all that is checked: it must be made of as many parts as were
// completed. A server that gives no count fails nothing, and the job says
// the count was not checked.
func TestVerifyChecksPartCount(t *testing.T) {
	for _, tc := range []struct {
		name, count string
		state       model.State
		says        string
	}{
		{"wrong count", "99", model.StateCompleted, "made of 99 parts; the job completed 4 parts"},
		{"right count", "4", model.StateVerified, "size, part count, each part's size and ETag (ListParts before completing)"},
		{"no count", "", model.StateVerified, "the server gave no part count"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := srv.NewBucket(t, false)
			data := s3test.Data(140, 16<<20)
			srv.Put(t, b, "src", data)
			c := r2Client(t, srv.Proxy(t, partsCountAnswer(tc.count)).URL)
			plan := planFor(t, c, b, "src", "dst")
			if len(plan.Parts) != 4 {
				t.Fatalf("the plan has %d parts, the test expects 4", len(plan.Parts))
			}
			job := (&provider.Engine{Client: c}).Run(context.Background(), model.NewJob("pc", plan, time.Now()), nil)
			if job.State != tc.state {
				t.Fatalf("job %s, want %s: %v", job.State, tc.state, job.Err)
			}
			said := job.Verification
			if job.Err != nil {
				said = job.Err.Message
				if job.Err.Code != "VerifyFailed" {
					t.Errorf("want VerifyFailed, got %v", job.Err)
				}
			}
			if !strings.Contains(said, tc.says) {
				t.Errorf("the job says %q; want %q in it", said, tc.says)
			}
		})
	}
}

// Where the multipart ETag proves the parts, the job says so.
func TestVerificationNamesTheMultipartETag(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(141, 11<<20))
	c := newClient(t, provider.Options{})
	job := (&provider.Engine{Client: c}).Run(context.Background(), model.NewJob("md5", planFor(t, c, b, "src", "dst"), time.Now()), nil)
	if job.State != model.StateVerified || job.Verification != "size and multipart ETag" {
		t.Fatalf("job %s, verification %q: %v", job.State, job.Verification, job.Err)
	}
}

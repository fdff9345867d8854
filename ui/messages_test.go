package ui_test

import (
	"net/http"
	"strings"
	"testing"

	"s3parts/internal/s3test"
)

// The planner reads its source as the CLI does: a source whose latest
// version is a delete marker (AWS's 404 with x-amz-delete-marker, which
// the proxy answers for a key deleted after it was listed) says so.
func TestPlannerSaysTheSourceIsADeleteMarker(t *testing.T) {
	b := srv.NewBucketNamed(t, "ui-marker", false)
	srv.Put(t, b, "src.bin", s3test.Data(76, 1<<20))
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodHead && strings.HasSuffix(r.URL.Path, "/src.bin") {
			w.Header().Set("X-Amz-Delete-Marker", "true")
			w.WriteHeader(http.StatusNotFound)
			return true
		}
		return false
	}})
	t.Setenv("AWS_ENDPOINT_URL_S3", p.URL)
	tm := app(t)
	openBucket(t, tm, b)
	waitFor(t, tm, "src.bin")
	key(tm, "c")
	waitFor(t, tm, "is a delete marker")
}

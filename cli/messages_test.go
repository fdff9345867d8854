package cli_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"s3parts/internal/s3test"
)

// isListVersions: a ListObjectVersions request.
func isListVersions(r *http.Request) bool {
	_, ok := r.URL.Query()["versions"]
	return r.Method == http.MethodGet && ok
}

// A source whose latest version is a delete marker is named as such, with
// the command that lists its older versions. versitygw answers the HEAD
// 404 without x-amz-delete-marker, so the listing of the key tells.
func TestCopyFromDeleteMarkedKeySaysSo(t *testing.T) {
	b := srv.NewBucket(t, true)
	_, older := srv.Put(t, b, "src", s3test.Data(120, 1<<20))
	srv.Delete(t, b, "src")
	r := mustRun(t, 1, "copy", ref(b, "src"), ref(b, "dst"), "--yes")
	s3test.Contains(t, r.stderr, "the latest version of "+ref(b, "src")+" is a delete marker: pick an older version (`s3parts ls --versions "+ref(b, "src")+"`)")
	// The command it names lists the key's versions, the older one too.
	if out := mustRun(t, 0, "ls", "--versions", ref(b, "src")).stdout; !strings.Contains(out, older) {
		t.Errorf("ls --versions does not show the versions of src:\n%s", out)
	}
	// A key that never existed is still plainly not found.
	r = mustRun(t, 1, "copy", ref(b, "never"), ref(b, "dst"), "--yes")
	if strings.Contains(r.stderr, "delete marker") {
		t.Errorf("a missing key called a delete marker: %s", r)
	}
	s3test.Contains(t, r.stderr, "not found")
}

// AWS says it in the 404 itself (x-amz-delete-marker: true): then no
// listing is asked for.
func TestCopyFromDeleteMarkedKeyTrustsTheHeader(t *testing.T) {
	b := srv.NewBucket(t, false)
	var lists atomic.Int32
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if isListVersions(r) {
			lists.Add(1)
		}
		if r.Method == http.MethodHead && strings.HasSuffix(r.URL.Path, "/src") {
			w.Header().Set("X-Amz-Delete-Marker", "true")
			w.WriteHeader(http.StatusNotFound)
			return true
		}
		return false
	}})
	r := mustRun(t, 1, "--endpoint", p.URL, "copy", ref(b, "src"), ref(b, "dst"), "--yes")
	s3test.Contains(t, r.stderr, "the latest version of "+ref(b, "src")+" is a delete marker")
	if n := lists.Load(); n != 0 {
		t.Errorf("%d ListObjectVersions sent; the header said it all", n)
	}
}

// A version id that is a delete marker: AWS answers the HEAD 405 with
// x-amz-delete-marker (the proxy does, as versitygw does not), and without
// the header the listing of the key tells.
func TestCopyFromDeleteMarkerVersionSaysSo(t *testing.T) {
	b := srv.NewBucket(t, true)
	srv.Put(t, b, "src", s3test.Data(121, 1<<20))
	marker := srv.Delete(t, b, "src")
	for _, header := range []bool{true, false} {
		p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
			if r.Method == http.MethodHead && r.URL.Query().Get("versionId") == marker {
				if header {
					w.Header().Set("X-Amz-Delete-Marker", "true")
				}
				w.WriteHeader(http.StatusMethodNotAllowed)
				return true
			}
			return false
		}})
		r := mustRun(t, 1, "--endpoint", p.URL, "copy", ref(b, "src")+"?versionId="+marker, ref(b, "dst"), "--yes")
		s3test.Contains(t, r.stderr, "version "+marker+" of "+ref(b, "src")+" is a delete marker, which holds no data")
	}
}

// A source deleted while its parts are copied: AWS refuses the part copy
// 404 NoSuchKey (versitygw would copy from the marker), and the job says
// the latest version is now a delete marker.
func TestCopyPartsFromSourceDeletedMidwaySaysDeleteMarker(t *testing.T) {
	b := srv.NewBucket(t, true)
	srv.Put(t, b, "src", s3test.Data(122, 11<<20))
	var deleted atomic.Bool
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if !s3test.IsPartCopy(r) {
			return false
		}
		if deleted.CompareAndSwap(false, true) {
			srv.Delete(t, b, "src")
		}
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><RequestId>gone</RequestId></Error>`))
		return true
	}})
	r := mustRun(t, 1, "--endpoint", p.URL, "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--concurrency", "1", "--yes")
	s3test.Contains(t, r.stdout+r.stderr, "the latest version of "+ref(b, "src")+" is a delete marker: pick an older version")
}

// Aborting an upload that does not exist says nothing was aborted (exit
// 1), also where the server answers the abort 204 as MinIO does for a
// malformed id (the proxy answers so); an upload that exists is aborted.
func TestAbortOfNoUploadSaysNothingWasAborted(t *testing.T) {
	b := srv.NewBucket(t, false)
	var aborts atomic.Int32
	p := srv.Proxy(t, s3test.ProxyHooks{Before: func(w http.ResponseWriter, r *http.Request) bool {
		if _, ok := r.URL.Query()["uploadId"]; ok && r.Method == http.MethodDelete {
			aborts.Add(1)
			if r.URL.Query().Get("uploadId") == "bogus" {
				w.WriteHeader(http.StatusNoContent)
				return true
			}
		}
		return false
	}})
	for _, endpoint := range []string{srv.Endpoint, p.URL} {
		r := mustRun(t, 1, "--endpoint", endpoint, "abort", ref(b, "k"), "--upload-id", "bogus", "--yes")
		s3test.Contains(t, r.stderr, "no upload bogus of "+ref(b, "k")+": nothing was aborted")
		if strings.Contains(r.stdout, "aborted upload") {
			t.Errorf("reported as aborted: %s", r)
		}
	}
	if n := aborts.Load(); n != 0 {
		t.Errorf("%d aborts sent for an upload that is not there", n)
	}
	up := srv.CreateUpload(t, b, "k")
	r := mustRun(t, 0, "--endpoint", p.URL, "abort", ref(b, "k"), "--upload-id", up, "--yes")
	s3test.Contains(t, r.stdout, "aborted upload "+up)
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("uploads left: %v", ups)
	}
}

// With the minio preset, an upload a job leaves open (the copy's result,
// jobs show), and the uploads list, say when MinIO purges it (24 h after it was started); other
// presets keep their uploads and say nothing of it.
func TestMinIOSaysWhenItPurgesAnOpenUpload(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(123, 6<<20))
	before := time.Now().UTC().Add(24 * time.Hour).Truncate(time.Minute)
	r := mustRun(t, 0, "--provider", "minio", "--endpoint", srv.Endpoint, "copy", ref(b, "src"), ref(b, "dst"), "--no-complete", "--yes")
	after := time.Now().UTC().Add(24 * time.Hour)
	ups := srv.Uploads(t, b)
	if len(ups) != 1 {
		t.Fatalf("uploads: %v", ups)
	}
	purges := func(out string) {
		t.Helper()
		prefix := "MinIO purges it about "
		i := strings.Index(out, prefix)
		if i < 0 || !strings.Contains(out, strings.Fields(ups[0])[1]) {
			t.Fatalf("no purge time in:\n%s", out)
		}
		rest := out[i+len(prefix):]
		at, err := time.Parse("2006-01-02 15:04 UTC", rest[:min(len(rest), 20)])
		if err != nil || at.Before(before) || at.After(after) || !strings.HasPrefix(rest[20:], " (24 h after it was started)") {
			t.Errorf("purge time %q (%v): want between %s and %s, then the 24 h", rest, err, before, after)
		}
	}
	purges(r.stdout)
	id := r.stdout[strings.Index(r.stdout, "s3parts resume ")+len("s3parts resume "):]
	id = strings.Fields(id)[0]
	purges(mustRun(t, 0, "jobs", "show", id).stdout)
	purges(mustRun(t, 0, "--provider", "minio", "--endpoint", srv.Endpoint, "uploads", "s3://"+b).stdout)
	if out := mustRun(t, 0, "--endpoint", srv.Endpoint, "uploads", "s3://"+b).stdout; strings.Contains(out, "purges") {
		t.Errorf("a generic server said to purge:\n%s", out)
	}
}

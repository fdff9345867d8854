package cli_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"s3parts/audit"
	"s3parts/internal/s3test"
	"s3parts/journal"
)

// uploadsIn opens n uploads under key prefixes of the bucket, each with
// parts of the given size.
func uploadsIn(t *testing.T, bucket string, keys []string, parts int, size int) map[string]string {
	t.Helper()
	ids := map[string]string{}
	for i, k := range keys {
		id := srv.CreateUpload(t, bucket, k)
		for n := 1; n <= parts; n++ {
			srv.UploadPart(t, bucket, k, id, int32(n), s3test.Data(uint64(i*100+n), size))
		}
		ids[k] = id
	}
	return ids
}

// uploads --all lists every bucket's uploads with what they hold; the
// totals are what was stored.
func TestUploadsAll(t *testing.T) {
	b1, b2 := srv.NewBucket(t, false), srv.NewBucket(t, false)
	uploadsIn(t, b1, []string{"a/1", "a/2"}, 2, 1000)
	uploadsIn(t, b2, []string{"z"}, 3, 2000)
	r := mustRun(t, 0, "uploads", "--all", "--json", "--price", "0.5USD")
	var out struct {
		Buckets []struct {
			Bucket string `json:"bucket"`
			Totals struct {
				Uploads, Parts int
				Bytes          int64
			} `json:"totals"`
			Uploads []struct {
				Key   string `json:"key"`
				Parts int    `json:"parts"`
				Bytes int64  `json:"bytes"`
			} `json:"uploads"`
		} `json:"buckets"`
		Cost *struct {
			Amount   float64 `json:"amount"`
			Currency string  `json:"currency"`
		} `json:"estimated_monthly_cost"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("--json: %v\n%s", err, r.stdout)
	}
	seen := 0
	for _, b := range out.Buckets {
		switch b.Bucket {
		case b1:
			seen++
			if b.Totals.Uploads != 2 || b.Totals.Parts != 4 || b.Totals.Bytes != 4000 {
				t.Errorf("%s totals %+v; want 2 uploads, 4 parts, 4000 bytes", b1, b.Totals)
			}
		case b2:
			seen++
			if b.Totals.Uploads != 1 || b.Totals.Parts != 3 || b.Totals.Bytes != 6000 {
				t.Errorf("%s totals %+v; want 1 upload, 3 parts, 6000 bytes", b2, b.Totals)
			}
		}
	}
	if seen != 2 {
		t.Errorf("--all listed %d of the two buckets", seen)
	}
	if out.Cost == nil || out.Cost.Currency != "USD" || out.Cost.Amount <= 0 {
		t.Errorf("no estimate with --price: %+v", out.Cost)
	}
	text := mustRun(t, 0, "uploads", "--all", "--price", "0.5USD")
	s3test.Contains(t, text.stdout, "(estimate)")
	s3test.Contains(t, text.stdout, "price: generic STANDARD at $0.5 per GiB-month (--price)")
	one := mustRun(t, 0, "uploads", ref(b1, "a/"))
	s3test.Contains(t, one.stdout, "2 uploads in 1 of 1 bucket · 4 parts")
	for _, args := range [][]string{{"uploads"}, {"uploads", "--all", ref(b1, "")}, {"uploads", "--all", "--price", "cheap"}, {"uploads", ref(b1, ""), "--older-than", "soon"}} {
		mustRun(t, 2, args...)
	}
}

// A clean-up: the dry run changes nothing and names exactly what the real
// run then aborts; uploads younger than --older-than, in other buckets or
// owned with --not-owned are left alone; every abort is in the audit log.
func TestAbortCleanup(t *testing.T) {
	b, other := srv.NewBucket(t, false), srv.NewBucket(t, false)
	ids := uploadsIn(t, b, []string{"old/1", "old/2"}, 1, 5000)
	keep := uploadsIn(t, other, []string{"elsewhere"}, 1, 10)
	mustRun(t, 2, "abort", ref(b, ""), "--dry-run")
	dry := mustRun(t, 0, "abort", ref(b, ""), "--older-than", "0s", "--dry-run")
	s3test.Contains(t, dry.stdout, "dry run: would abort 2 uploads holding 9.8 KiB (2 parts); nothing was aborted")
	if got := len(srv.Uploads(t, b)); got != 2 {
		t.Fatalf("the dry run changed the bucket: %d uploads", got)
	}
	young := mustRun(t, 0, "abort", ref(b, ""), "--older-than", "7d", "--yes")
	s3test.Contains(t, young.stdout, "nothing to abort")
	noTerm := mustRun(t, 2, "abort", ref(b, ""), "--older-than", "0s")
	s3test.Contains(t, noTerm.stderr, "add --yes")
	real := mustRun(t, 0, "abort", ref(b, ""), "--older-than", "0s", "--yes")
	s3test.Contains(t, real.stdout, "aborted 2 of 2 uploads, 9.8 KiB freed")
	if got := srv.Uploads(t, b); len(got) != 0 {
		t.Errorf("left %v", got)
	}
	if got := srv.Uploads(t, other); len(got) != 1 || got[0] != "elsewhere "+keep["elsewhere"] {
		t.Errorf("the upload in another bucket was touched: %v", got)
	}
	log, err := audit.Open()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := log.Read()
	if err != nil {
		t.Fatal(err)
	}
	aborted := map[string]bool{}
	for _, e := range entries {
		if e.Result == "aborted" && e.Bytes == 5000 && e.Sized && strings.Contains(e.Endpoint, "127.0.0.1") {
			aborted[e.UploadID] = true
		}
	}
	for _, id := range ids {
		if !aborted[id] {
			t.Errorf("upload %s is not in the audit log as aborted with its 5000 bytes: %+v", id, entries)
		}
	}
}

// One abort says what it freed and is in the audit log; an unknown id is
// reported, and recorded, as not found.
func TestAbortOneAudited(t *testing.T) {
	b := srv.NewBucket(t, false)
	ids := uploadsIn(t, b, []string{"k"}, 2, 3000)
	r := mustRun(t, 0, "abort", ref(b, "k"), "--upload-id", ids["k"], "--yes")
	s3test.Contains(t, r.stdout, "(2 parts, 5.9 KiB freed)")
	mustRun(t, 1, "abort", ref(b, "k"), "--upload-id", ids["k"], "--yes")
	log, _ := audit.Open()
	entries, _ := log.Read()
	if len(entries) != 2 || entries[0].Result != "aborted" || entries[0].Parts != 2 || entries[1].Result != "not found" {
		t.Errorf("audit log: %+v", entries)
	}
	mustRun(t, 2, "abort", ref(b, "k"), "--upload-id", ids["k"], "--older-than", "1d")
}

// lifecycle shows and adds the abort rule, keeping the bucket's other
// rules; where the provider takes none it says so and changes nothing.
func TestLifecycleCommand(t *testing.T) {
	b := srv.NewBucket(t, false)
	at := []string{}
	if !srv.External {
		at = []string{"--endpoint", srv.WithLifecycle(t).URL, "--path-style"}
	}
	none := mustRun(t, 0, append(at, "lifecycle", ref(b, ""))...)
	s3test.Contains(t, none.stdout, "has no lifecycle rule that aborts incomplete uploads")
	mustRun(t, 2, append(at, "lifecycle", ref(b, ""), "--abort-incomplete-after", "36h")...)
	mustRun(t, 2, append(at, "lifecycle", ref(b, "key"))...)
	mustRun(t, 2, append(at, "--read-only", "lifecycle", ref(b, ""), "--abort-incomplete-after", "7d", "--yes")...)
	added := run(t, append(at, "lifecycle", ref(b, ""), "--abort-incomplete-after", "7d", "--yes")...)
	if srv.External && added.code != 0 {
		s3test.Contains(t, added.stderr, "nothing was changed") // MinIO refuses the rule
		return
	}
	if added.code != 0 {
		t.Fatalf("adding the rule: %s", added)
	}
	s3test.Contains(t, added.stdout, "added rule s3parts-abort-incomplete-uploads")
	shown := mustRun(t, 0, append(at, "lifecycle", ref(b, ""))...)
	s3test.Contains(t, shown.stdout, "aborts incomplete uploads of every key 7 days after they start (enabled)")
	minio := mustRun(t, 0, append(at, "--provider", "minio", "lifecycle", ref(b, ""), "--abort-incomplete-after", "7d", "--yes")...)
	s3test.Contains(t, minio.stdout, "takes no lifecycle rule that aborts incomplete uploads; it purges unfinished uploads itself")
}

// An upload a running job copies into is never aborted by a clean-up: the
// job's lock is held (here by the test, as another process would), so its
// upload is reported skipped while the others go.
func TestCleanupSkipsARunningJobsUpload(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(81, 6<<20))
	cp := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--no-complete", "--json")
	var job struct {
		ID       string `json:"id"`
		UploadID string `json:"upload_id"`
	}
	if err := json.Unmarshal([]byte(cp.stdout), &job); err != nil || job.ID == "" || job.UploadID == "" {
		t.Fatalf("copy --json: %v\n%s", err, cp.stdout)
	}
	stray := uploadsIn(t, b, []string{"stray"}, 1, 100)
	store, err := journal.Open()
	if err != nil {
		t.Fatal(err)
	}
	lock, err := store.Lock(job.ID, "a copy in another process")
	if err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, 0, "abort", ref(b, ""), "--older-than", "0s", "--yes")
	lock.Release()
	s3test.Contains(t, r.stdout, "aborted 1 of 2 uploads")
	s3test.Contains(t, r.stdout, "1 skipped")
	if got := srv.Uploads(t, b); len(got) != 1 || got[0] != "dst "+job.UploadID {
		t.Errorf("uploads left %v; want only the job's %s (the stray %s aborted)", got, job.UploadID, stray["stray"])
	}
	// --not-owned leaves it out from the start, even with its lock free.
	nr := mustRun(t, 0, "abort", ref(b, ""), "--older-than", "0s", "--not-owned", "--yes")
	s3test.Contains(t, nr.stdout, "nothing to abort")
}

// A dry run sends nothing but reads: counted at the server.
func TestCleanupDryRunSendsNoWrite(t *testing.T) {
	b := srv.NewBucket(t, false)
	uploadsIn(t, b, []string{"x", "y"}, 2, 100)
	var mu sync.Mutex
	var writes []string
	p := srv.Proxy(t, s3test.ProxyHooks{After: func(r *http.Request, _ int) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			mu.Lock()
			writes = append(writes, r.Method+" "+r.URL.String())
			mu.Unlock()
		}
	}})
	r := mustRun(t, 0, "--endpoint", p.URL, "--path-style", "abort", ref(b, ""), "--older-than", "0s", "--dry-run")
	s3test.Contains(t, r.stdout, "would abort 2 uploads")
	mu.Lock()
	defer mu.Unlock()
	if len(writes) != 0 {
		t.Errorf("the dry run sent %v", writes)
	}
}

// --bucket picks buckets by name (--all-buckets is --all); read-only mode
// aborts nothing and says how to see what would go.
func TestCleanupByBucketAndReadOnly(t *testing.T) {
	b1, b2, b3 := srv.NewBucket(t, false), srv.NewBucket(t, false), srv.NewBucket(t, false)
	for _, b := range []string{b1, b2, b3} {
		uploadsIn(t, b, []string{"k"}, 1, 10)
	}
	ro := mustRun(t, 2, "--read-only", "abort", "--bucket", b1, "--older-than", "0s", "--yes")
	s3test.Contains(t, ro.stderr, "read-only mode: nothing is aborted")
	r := mustRun(t, 0, "abort", "--bucket", b1, "--bucket", b2, "--older-than", "0s", "--yes")
	s3test.Contains(t, r.stdout, "aborted 2 of 2 uploads")
	if len(srv.Uploads(t, b1))+len(srv.Uploads(t, b2)) != 0 || len(srv.Uploads(t, b3)) != 1 {
		t.Errorf("--bucket %s --bucket %s touched other buckets or left uploads", b1, b2)
	}
	mustRun(t, 2, "abort", "--bucket", b1, "--all-buckets", "--older-than", "0s")
	list := mustRun(t, 0, "uploads", "--all-buckets", "--json")
	s3test.Contains(t, list.stdout, `"bucket": "`+b3+`"`)
}

// A job whose record cannot be read while it runs (its lock held) may
// hold any of the uploads: the clean-up leaves them all alone rather than
// abort its upload under it. --no-journal cannot clean up at all.
func TestCleanupWithAnUnreadableRunningJob(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(82, 6<<20))
	cp := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--no-complete", "--json")
	var job struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(cp.stdout), &job); err != nil {
		t.Fatal(err)
	}
	store, err := journal.Open()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(store.Dir, job.ID+".json"), []byte("{torn"), 0o600); err != nil {
		t.Fatal(err)
	}
	lock, err := store.Lock(job.ID, "a copy in another process")
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	r := mustRun(t, 0, "abort", ref(b, ""), "--older-than", "0s", "--yes")
	s3test.Contains(t, r.stdout, "aborted 0 of 1 upload")
	s3test.Contains(t, r.stdout, "its record cannot be read just now")
	if got := srv.Uploads(t, b); len(got) != 1 {
		t.Errorf("uploads left %v; want the running job's", got)
	}
	nj := mustRun(t, 2, "--no-journal", "abort", ref(b, ""), "--older-than", "0s", "--yes")
	s3test.Contains(t, nj.stderr, "run it without --no-journal")
}

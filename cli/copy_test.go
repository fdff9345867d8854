package cli_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"s3parts/internal/s3test"
	"s3parts/model"
)

const srcSize = 11<<20 + 12345 // three 5 MiB parts, the last one short

func decodeJob(t *testing.T, out string) model.Job {
	t.Helper()
	var j model.Job
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("--json output is not a job: %v\n%s", err, out)
	}
	return j
}

func TestCopyWholeObjectIsByteIdentical(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(1, srcSize)
	etag, _ := srv.Put(t, b, "src.bin", data)

	r := mustRun(t, 0, "copy", ref(b, "src.bin"), ref(b, "dst.bin"), "--part-size", "5MiB", "--json")
	job := decodeJob(t, r.stdout)
	if job.State != model.StateVerified || !job.Verified || job.UploadID == "" {
		t.Fatalf("job not done and verified: %+v", job)
	}
	if len(job.Parts) != 3 {
		t.Fatalf("want 3 parts, got %d", len(job.Parts))
	}
	var etags []string
	for i, p := range job.Parts {
		if p.Number != int32(i+1) || p.State != model.StateDone || p.ETag == "" || p.Attempts != 1 {
			t.Errorf("part %d: %+v", i+1, p)
		}
		etags = append(etags, p.ETag)
	}
	if job.Parts[2].Range != (model.ByteRange{First: 10 << 20, Last: srcSize - 1}) {
		t.Errorf("last part range %s", job.Parts[2].Range)
	}
	want, err := model.MultipartETag(etags)
	if err != nil {
		t.Fatal(err)
	}
	if !model.SameETag(job.FinalETag, want) {
		t.Errorf("final ETag %s, parts give %s", job.FinalETag, want)
	}
	if job.Plan.Conditions.IfMatch != etag {
		t.Errorf("If-Match defaulted to %q, want the source ETag %q", job.Plan.Conditions.IfMatch, etag)
	}
	if got := srv.Get(t, b, "dst.bin", ""); !bytes.Equal(got, data) {
		t.Fatalf("copy differs from source (%d vs %d bytes)", len(got), len(data))
	}
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("uploads left behind: %v", ups)
	}
}

func TestCopyHumanOutputAndDefaultDestName(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(2, 6<<20)
	srv.Put(t, b, "dir/file.bin", data)
	r := mustRun(t, 0, "copy", ref(b, "dir/file.bin"), ref(b, "copies/"), "--multipart") // with progress
	s3test.Contains(t, r.stdout, "copied s3://"+b+"/dir/file.bin to s3://"+b+"/copies/file.bin")
	s3test.Contains(t, r.stdout, "verified")
	s3test.Contains(t, r.stderr, "1/1 parts") // progress went to stderr, not stdout
	if got := srv.Get(t, b, "copies/file.bin", ""); !bytes.Equal(got, data) {
		t.Fatal("copy differs from source")
	}
}

func TestCopyOlderVersion(t *testing.T) {
	b := srv.NewBucket(t, true)
	v1 := s3test.Data(3, 7<<20)
	_, id1 := srv.Put(t, b, "doc", v1)
	srv.Put(t, b, "doc", s3test.Data(4, 9<<20))
	if id1 == "" {
		t.Fatal("the server gave no version id on a versioned bucket")
	}
	r := mustRun(t, 0, "copy", ref(b, "doc")+"?versionId="+id1, ref(b, "doc-v1"), "--part-size", "5MiB", "--json")
	job := decodeJob(t, r.stdout)
	if job.Plan.Source.VersionID != id1 || len(job.Parts) != 2 {
		t.Fatalf("plan: %+v", job.Plan)
	}
	if got := srv.Get(t, b, "doc-v1", ""); !bytes.Equal(got, v1) {
		t.Fatalf("copy is not version %s (%d bytes, want %d)", id1, len(got), len(v1))
	}
}

func TestCopyHandPickedRanges(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(5, srcSize)
	srv.Put(t, b, "src", data)
	r := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "slices"),
		"--range", "bytes=6291456-11534335", "--range", "bytes=0-99", "--json")
	job := decodeJob(t, r.stdout)
	if len(job.Parts) != 2 || job.Plan.PartSize != 0 {
		t.Fatalf("plan: %+v", job.Plan)
	}
	want := append(append([]byte{}, data[6291456:11534336]...), data[:100]...)
	if got := srv.Get(t, b, "slices", ""); !bytes.Equal(got, want) {
		t.Fatalf("ranged copy differs (%d bytes, want %d)", len(got), len(want))
	}
}

func TestCopySpecialKeys(t *testing.T) {
	b := srv.NewBucket(t, false)
	for i, key := range []string{"dir/a b+c.bin", "ünï/çødé ✓.bin", "q?x#y%z.bin", "100%25 real.bin"} {
		data := s3test.Data(uint64(10+i), 5<<20+int(i))
		srv.Put(t, b, key, data)
		dst := "out/" + key
		r := mustRun(t, 0, "copy", ref(b, key), ref(b, dst), "--json", "--multipart")
		if job := decodeJob(t, r.stdout); job.Plan.Source.Key != key || job.Plan.Dest.Key != dst {
			t.Errorf("keys changed on the way: %q -> %q", job.Plan.Source.Key, job.Plan.Dest.Key)
		}
		if got := srv.Get(t, b, dst, ""); !bytes.Equal(got, data) {
			t.Errorf("%q: copy differs", key)
		}
		ls := mustRun(t, 0, "ls", ref(b, "out/"), "--recursive")
		s3test.Contains(t, ls.stdout, dst)
	}
}

func TestCopyConditions(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(6, 6<<20)
	etag, _ := srv.Put(t, b, "src", data)
	written := time.Now()
	past := time.Now().Add(-48 * time.Hour).UTC().Format(time.RFC3339)
	future := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	// A future If-Modified-Since is not a valid date to HTTP servers (RFC
	// 9110 §13.1.3) and may be ignored, and a server may keep sub-second
	// times: the second after the source's modification, once it has
	// passed, is a valid date it was not modified since. It has passed on
	// the server's clock a second after the write, by ours: the two clocks
	// are never compared, so a skewed server cannot stall the test.
	since := srv.LastModified(t, b, "src").Truncate(time.Second).Add(time.Second)
	time.Sleep(time.Second + 50*time.Millisecond - time.Since(written))
	sinceSrc := since.UTC().Format(time.RFC3339)
	cases := []struct {
		name  string
		flags []string
		ok    bool
		msg   string
	}{
		{"if-match holds", []string{"--if-match", etag}, true, ""},
		{"if-match bare etag holds", []string{"--if-match", strings.Trim(etag, `"`)}, true, ""},
		{"if-match fails", []string{"--if-match", `"0123456789abcdef0123456789abcdef"`}, false, "is not the source's ETag"},
		{"if-none-match holds", []string{"--if-match", "none", "--if-none-match", `"0123456789abcdef0123456789abcdef"`}, true, ""},
		{"if-none-match fails", []string{"--if-match", "none", "--if-none-match", etag}, false, "matches If-None-Match"},
		{"if-modified-since holds", []string{"--if-match", "none", "--if-modified-since", past}, true, ""},
		{"if-modified-since fails", []string{"--if-match", "none", "--if-modified-since", sinceSrc}, false, "not modified since If-Modified-Since"},
		{"if-unmodified-since holds", []string{"--if-match", "none", "--if-unmodified-since", future}, true, ""},
		{"if-unmodified-since fails", []string{"--if-match", "none", "--if-unmodified-since", past}, false, "modified after If-Unmodified-Since"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dst := "dst-" + string(rune('a'+i))
			args := append([]string{"copy", ref(b, "src"), ref(b, dst), "--multipart"}, tc.flags...)
			if tc.ok {
				mustRun(t, 0, args...)
				if got := srv.Get(t, b, dst, ""); !bytes.Equal(got, data) {
					t.Fatal("copy differs")
				}
				return
			}
			r := mustRun(t, 1, args...)
			s3test.Contains(t, r.stderr, tc.msg)
			if srv.Exists(b, dst) {
				t.Errorf("%s exists after a failed condition", dst)
			}
			// Nothing was copied, so the upload this run made is not left behind.
			if ups := srv.Uploads(t, b); len(ups) != 0 {
				t.Errorf("uploads left behind: %v", ups)
			}
		})
	}
}

func TestCopyMissingSource(t *testing.T) {
	b := srv.NewBucket(t, false)
	r := mustRun(t, 1, "copy", ref(b, "nope"), ref(b, "dst"))
	s3test.Contains(t, r.stderr, "source s3://"+b+"/nope")
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("an upload was created for a missing source: %v", ups)
	}
}

func TestCopyIntoMissingUpload(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(7, 1000))
	r := mustRun(t, 1, "copy", ref(b, "src"), ref(b, "dst"), "--upload-id", "no-such-upload")
	s3test.Contains(t, r.stderr, "upload no-such-upload does not exist")
	if srv.Exists(b, "dst") {
		t.Error("dst exists")
	}
}

func TestDryRunSendsNothing(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(8, srcSize))
	r := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--dry-run")
	s3test.Contains(t, r.stdout, "parts        3 of 5 MiB")
	s3test.Contains(t, r.stdout, "bytes=10485760-11546680")
	s3test.Contains(t, r.stdout, "dry run: nothing was sent")
	s3test.Contains(t, r.stdout, "in flight    found while copying: from 3, up to 128 while the rate rises")
	if strings.Contains(r.stdout, "auto:") {
		t.Errorf("a part size given is explained as auto:\n%s", r.stdout)
	}

	// Auto: the plan says why its parts are the size they are; a fixed
	// concurrency says so.
	r = mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--dry-run", "--concurrency", "12")
	s3test.Contains(t, r.stdout, "parts        1 of 16 MiB")
	s3test.Contains(t, r.stdout, "auto: 1 part of 11.0 MiB (parts are 16 MiB at least")
	s3test.Contains(t, r.stdout, "in flight    12, fixed by --concurrency")

	r = mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--dry-run", "--json")
	var plan model.Plan
	if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil {
		t.Fatalf("dry-run --json: %v\n%s", err, r.stdout)
	}
	if plan.SourceSize != srcSize || len(plan.Parts) != 1 || plan.Conditions.IfMatch == "" {
		t.Errorf("plan: %+v", plan)
	}
	if srv.Exists(b, "dst") || len(srv.Uploads(t, b)) != 0 {
		t.Error("a dry run changed the bucket")
	}
}

func TestReadOnlyRefusesBeforeSending(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(9, 1000))
	r := mustRun(t, 1, "--read-only", "copy", ref(b, "src"), ref(b, "dst"))
	s3test.Contains(t, r.stderr, "read-only")
	if srv.Exists(b, "dst") || len(srv.Uploads(t, b)) != 0 {
		t.Error("read-only copy changed the bucket")
	}
	up := srv.CreateUpload(t, b, "open")
	r = mustRun(t, 1, "abort", ref(b, "open"), "--upload-id", up, "--read-only", "--yes")
	s3test.Contains(t, r.stderr, "read-only")
	if ups := srv.Uploads(t, b); len(ups) != 1 {
		t.Errorf("read-only abort removed the upload: %v", ups)
	}
	// Reads still work.
	mustRun(t, 0, "--read-only", "ls", "s3://"+b)
}

func TestNoCompleteThenComplete(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(11, srcSize)
	srv.Put(t, b, "src", data)
	r := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--no-complete", "--json")
	job := decodeJob(t, r.stdout)
	if job.UploadID == "" || job.FinalETag != "" {
		t.Fatalf("job: %+v", job)
	}
	if srv.Exists(b, "dst") {
		t.Fatal("--no-complete completed the object")
	}
	ups := mustRun(t, 0, "uploads", "s3://"+b, "--json")
	var listed []model.Upload
	if err := json.Unmarshal([]byte(ups.stdout), &listed); err != nil || len(listed) != 1 || listed[0].UploadID != job.UploadID {
		t.Fatalf("uploads --json: %v %s", err, ups.stdout)
	}
	parts := mustRun(t, 0, "parts", ref(b, "dst"), "--upload-id", job.UploadID, "--json")
	var listedParts struct {
		Parts   []model.Part `json:"parts"`
		Job     string       `json:"job"`
		Missing []any        `json:"missing"`
	}
	if err := json.Unmarshal([]byte(parts.stdout), &listedParts); err != nil || len(listedParts.Parts) != 3 || listedParts.Job != job.ID || len(listedParts.Missing) != 0 {
		t.Fatalf("parts --json: %v %s", err, parts.stdout)
	}
	ps := listedParts.Parts
	for i, p := range ps {
		if p.Number != int32(i+1) || !model.SameETag(p.ETag, job.Parts[i].ETag) || p.Size != job.Parts[i].Range.Len() {
			t.Errorf("listed part %+v does not match copied part %+v", p, job.Parts[i])
		}
	}
	c := mustRun(t, 0, "complete", ref(b, "dst"), "--upload-id", job.UploadID, "--yes")
	s3test.Contains(t, c.stdout, "completed s3://"+b+"/dst from 3 parts")
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("completed object differs from source")
	}
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("uploads left: %v", ups)
	}
}

func TestCopyRangesOntoTheSourceIsRefused(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(12, 6<<20)
	srv.Put(t, b, "victim", data)
	r := mustRun(t, 2, "copy", ref(b, "victim"), ref(b, "victim"), "--range", "bytes=0-99")
	s3test.Contains(t, r.stderr, "is the source itself")
	if got := srv.Get(t, b, "victim", ""); !bytes.Equal(got, data) {
		t.Fatal("the source changed")
	}
}

// Going on with an upload keeps the parts it holds with the planned sizes.
// An upload a journaled job owns is gone on with through that job only.
func TestCopyIntoExistingUploadKeepsStoredParts(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(13, srcSize)
	srv.Put(t, b, "src", data)
	owned := decodeJob(t, mustRun(t, 0, "copy", ref(b, "src"), ref(b, "owned"), "--part-size", "5MiB", "--no-complete", "--json").stdout)
	r := mustRun(t, 1, "copy", ref(b, "src"), ref(b, "owned"), "--part-size", "5MiB", "--upload-id", owned.UploadID)
	s3test.Contains(t, r.stderr, "belongs to job "+owned.ID)
	s3test.Contains(t, r.stderr, "s3parts resume "+owned.ID)

	// Made without a journal: nobody owns it.
	first := decodeJob(t, mustRun(t, 0, "--no-journal", "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--no-complete", "--json").stdout)
	r = mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--upload-id", first.UploadID, "--json")
	s3test.Contains(t, r.stderr, "already holds 3 of the planned parts")
	job := decodeJob(t, r.stdout)
	for i, p := range job.Parts {
		if p.Attempts != 0 || !model.SameETag(p.ETag, first.Parts[i].ETag) {
			t.Errorf("part %d was copied again (attempts %d) or changed ETag", p.Number, p.Attempts)
		}
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("completed object differs")
	}
}

// A part another tool stored with the planned size but other bytes is not
// trusted: it is copied again, and the result is the source.
func TestCopyIntoForeignUploadReplacesOtherBytes(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(14, 11<<20)
	srv.Put(t, b, "src", data)
	up := srv.CreateUpload(t, b, "dst")
	srv.UploadPart(t, b, "dst", up, 1, s3test.Data(15, 5<<20)) // right size, wrong bytes
	srv.UploadPart(t, b, "dst", up, 2, data[5<<20:10<<20])     // right bytes
	srv.UploadPart(t, b, "dst", up, 7, []byte("stray"))
	r := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--upload-id", up, "--json")
	s3test.Contains(t, r.stderr, "already holds 1 of the planned parts, byte for byte")
	s3test.Contains(t, r.stderr, "holds 1 planned part numbers with other bytes")
	s3test.Contains(t, r.stderr, "does not use ([7])")
	job := decodeJob(t, r.stdout)
	if job.Parts[0].Attempts != 1 || job.Parts[1].Attempts != 0 {
		t.Errorf("part 1 should be copied again (attempts %d), part 2 kept (attempts %d)", job.Parts[0].Attempts, job.Parts[1].Attempts)
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("the result is not the source")
	}
}

// What cannot be undone asks first; a script without a terminal must say
// --yes, or nothing happens.
func TestDestructiveCommandsNeedYesWithoutATerminal(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(16, 6<<20)
	srv.Put(t, b, "src", data)
	srv.Put(t, b, "dst", []byte("keep me"))
	up := srv.CreateUpload(t, b, "open")

	r := mustRun(t, 2, "abort", ref(b, "open"), "--upload-id", up)
	s3test.Contains(t, r.stderr, "add --yes")
	if len(srv.Uploads(t, b)) != 1 {
		t.Fatal("abort without --yes removed the upload")
	}
	r = mustRun(t, 2, "complete", ref(b, "open"), "--upload-id", up)
	s3test.Contains(t, r.stderr, "add --yes")

	r = mustRun(t, 2, "copy", ref(b, "src"), ref(b, "dst"))
	s3test.Contains(t, r.stderr, "s3://"+b+"/dst exists (7 B")
	if got := srv.Get(t, b, "dst", ""); string(got) != "keep me" || len(srv.Uploads(t, b)) != 1 {
		t.Fatal("a refused copy changed the bucket")
	}
	r = mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--dry-run")
	s3test.Contains(t, r.stderr, "would replace it")
	mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "-y")
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("--yes did not replace the object")
	}
}

// --read-only sends no request that changes anything: the server, through
// a counting proxy, sees only reads, whatever the commands try.
func TestReadOnlySendsOnlyReads(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(18, 6<<20))
	up := srv.CreateUpload(t, b, "open")
	var mu sync.Mutex
	byMethod := map[string]int{}
	proxy := srv.Proxy(t, s3test.ProxyHooks{After: func(r *http.Request, _ int) {
		mu.Lock()
		byMethod[r.Method]++
		mu.Unlock()
	}})
	ro := []string{"--endpoint", proxy.URL, "--read-only", "--yes"}
	for _, args := range [][]string{
		{"copy", ref(b, "src"), ref(b, "dst")},
		{"copy", ref(b, "src"), ref(b, "dst"), "--upload-id", up},
		{"abort", ref(b, "open"), "--upload-id", up},
		{"complete", ref(b, "open"), "--upload-id", up, "--allow-gaps"},
		{"ls", "s3://" + b},
		{"uploads", "s3://" + b},
	} {
		run(t, append(ro, args...)...)
	}
	mu.Lock()
	defer mu.Unlock()
	t.Logf("requests the server saw under --read-only, by method: %v", byMethod)
	if byMethod["GET"]+byMethod["HEAD"] == 0 {
		t.Fatal("no reads reached the server: the proxy counted nothing")
	}
	for m, n := range byMethod {
		if m != "GET" && m != "HEAD" {
			t.Errorf("%d %s requests were sent under --read-only", n, m)
		}
	}
	if srv.Exists(b, "dst") || len(srv.Uploads(t, b)) != 1 {
		t.Error("the bucket changed")
	}
}

// --recopy picks stored parts to copy again even though they check out.
func TestRecopyPickedParts(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(19, 11<<20)
	srv.Put(t, b, "src", data)
	first := decodeJob(t, mustRun(t, 0, "--no-journal", "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--no-complete", "--json").stdout)
	r := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--upload-id", first.UploadID, "--recopy", "2", "--json", "--yes")
	job := decodeJob(t, r.stdout)
	if job.Parts[0].Attempts != 0 || job.Parts[1].Attempts != 1 || job.Parts[2].Attempts != 0 {
		t.Errorf("attempts %d %d %d; want only part 2 copied again", job.Parts[0].Attempts, job.Parts[1].Attempts, job.Parts[2].Attempts)
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("not the source")
	}
	mustRun(t, 2, "copy", ref(b, "src"), ref(b, "x"), "--recopy", "2")
}

// Without a part size, going on with an upload made elsewhere infers each
// stored part's range from the sizes before it, names what does not fit,
// and copies the rest.
func TestCopyIntoUploadInfersRangesFromStoredParts(t *testing.T) {
	b := srv.NewBucket(t, false)
	data := s3test.Data(20, 12<<20)
	srv.Put(t, b, "src", data)
	up := srv.CreateUpload(t, b, "dst")
	srv.UploadPart(t, b, "dst", up, 1, data[:5<<20])
	srv.UploadPart(t, b, "dst", up, 3, s3test.Data(21, 5<<20)) // would end past the 12 MiB source
	r := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--upload-id", up, "--json", "--yes")
	s3test.Contains(t, r.stderr, "part 3 (5 MiB) does not fit")
	s3test.Contains(t, r.stderr, "already holds 1 of the planned parts, byte for byte")
	job := decodeJob(t, r.stdout)
	if len(job.Parts) != 3 || job.Parts[1].Range != (model.ByteRange{First: 5 << 20, Last: 10<<20 - 1}) || job.Parts[0].Attempts != 0 {
		t.Errorf("inferred plan: %+v", job.Parts)
	}
	if got := srv.Get(t, b, "dst", ""); !bytes.Equal(got, data) {
		t.Fatal("not the source")
	}
}

package cli_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"s3parts/internal/s3test"
)

// probe runs its checks, keeps the results, and from then on they are the
// rules in use: --show and the copy's dry run say they were probed.
func TestProbeCommand(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(71, 6<<20))
	r := mustRun(t, 0, "probe", ref(b, "scratch/"))
	for _, want := range []string{"✓  bogus If-Match refused (412)", "✓  UploadPartCopy of a whole object", "kept in ", "copy-source conditions enforced"} {
		s3test.Contains(t, r.stdout, want)
	}
	show := mustRun(t, 0, "probe", "--show")
	s3test.Contains(t, show.stdout, "was probed")
	s3test.Contains(t, show.stdout, "in s3://"+b+"/scratch/")
	dry := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--dry-run")
	s3test.Contains(t, dry.stdout, "rules: probed ")
	var out struct {
		Report struct {
			Checks []struct{ ID, Outcome string } `json:"checks"`
		} `json:"report"`
		Facts []struct {
			Name, From string
		} `json:"facts"`
	}
	j := mustRun(t, 0, "probe", "--show", "--json")
	if err := json.Unmarshal([]byte(j.stdout), &out); err != nil {
		t.Fatalf("--json: %v\n%s", err, j.stdout)
	}
	if len(out.Report.Checks) < 20 || len(out.Facts) == 0 || !strings.HasPrefix(out.Facts[0].From, "probed ") {
		t.Errorf("--show --json: %d checks, facts %+v", len(out.Report.Checks), out.Facts)
	}
	if objs := listKeys(t, b); len(objs) != 1 || objs[0] != "src" {
		t.Errorf("the probe left objects behind: %v", objs)
	}
	if ups := srv.Uploads(t, b); len(ups) != 0 {
		t.Errorf("the probe left uploads behind: %v", ups)
	}
}

func listKeys(t *testing.T, bucket string) []string {
	t.Helper()
	var keys []string
	for _, k := range srv.Keys(t, bucket) {
		if k != "dst" {
			keys = append(keys, k)
		}
	}
	return keys
}

// Never probed: every fact is the preset's guess, and --show says how to
// probe. Without a bucket only what needs none runs; in read-only mode only
// the read checks. Bad arguments are refused before anything is sent.
func TestProbeModes(t *testing.T) {
	show := mustRun(t, 0, "probe", "--show")
	s3test.Contains(t, show.stdout, "was never probed")
	s3test.Contains(t, show.stdout, "guessed (preset generic)")
	nb := mustRun(t, 0, "probe")
	s3test.Contains(t, nb.stderr, "no bucket given")
	s3test.Contains(t, nb.stdout, "✓  ListBuckets answered")
	s3test.Contains(t, nb.stdout, "–  UploadPartCopy of a whole object")
	b := srv.NewBucket(t, false)
	ro := mustRun(t, 0, "--read-only", "probe", ref(b, ""))
	s3test.Contains(t, ro.stderr, "read-only mode: only the read checks run")
	s3test.Contains(t, ro.stdout, "–  UploadPartCopy of a whole object")
	if keys := srv.Keys(t, b); len(keys) != 0 {
		t.Errorf("a read-only probe wrote %v", keys)
	}
	for _, args := range [][]string{{"probe", "s3://" + b + "/k?versionId=v1"}, {"probe", "--show", ref(b, "")}, {"probe", "a", "b"}} {
		mustRun(t, 2, args...)
	}
}

// On a server that ignores copy-source conditions (as R2 documents) the
// probe finds it; the copy then says If-Match guards nothing, and a source
// overwritten while its parts are copied still stops the copy before
// Complete: every part copy succeeded, and no object was made.
func TestProbeFindsIgnoredConditions(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(72, 12<<20))
	var overwrite sync.Once
	armed := make(chan struct{})
	p := srv.IgnoringCopyConditions(t, s3test.ProxyHooks{After: func(r *http.Request, status int) {
		select {
		case <-armed:
		default:
			return
		}
		if s3test.IsPartCopy(r) && status == http.StatusOK {
			overwrite.Do(func() { srv.Put(t, b, "src", s3test.Data(73, 12<<20)) })
		}
	}})
	at := []string{"--endpoint", p.URL, "--path-style"}
	r := mustRun(t, 0, append(at, "probe", ref(b, ""))...)
	s3test.Contains(t, r.stdout, "✗  bogus If-Match refused (412)")
	if !hasRow(r.stdout, "copy-source conditions enforced", "no", "probed") {
		t.Errorf("the facts do not say conditions are not enforced, as probed:\n%s", r.stdout)
	}
	close(armed)
	cp := mustRun(t, 1, append(at, "--no-journal", "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--concurrency", "1")...)
	s3test.Contains(t, cp.stderr, "the probe of this endpoint found copy-source conditions not enforced")
	s3test.Contains(t, cp.stdout+cp.stderr, "changed while it was copied")
	if srv.Exists(b, "dst") {
		t.Fatal("an object that may mix two versions of the source was made")
	}
}

// hasRow reports whether a line of out starts with name and holds every
// one of the words after it.
func hasRow(out, name string, words ...string) bool {
	for _, line := range strings.Split(out, "\n") {
		rest, ok := strings.CutPrefix(line, name)
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		found := 0
		for _, w := range words {
			for _, f := range fields {
				if f == w {
					found++
					break
				}
			}
		}
		if found == len(words) {
			return true
		}
	}
	return false
}

package cli_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"s3parts/internal/s3test"
	"s3parts/model"
)

// sseKey is a customer key for the tests: its bytes, and a file holding
// it written one of the ways a person may (raw, base64 or hex).
type sseKey struct {
	raw  []byte
	file string
}

func newSSEKey(t *testing.T, fill byte, form string) sseKey {
	t.Helper()
	raw := bytes.Repeat([]byte{fill, fill + 1}, 16)
	var data []byte
	switch form {
	case "raw":
		data = raw
	case "base64":
		data = []byte(base64.StdEncoding.EncodeToString(raw) + "\n")
	case "hex":
		data = []byte(hex.EncodeToString(raw) + "\n")
	}
	file := filepath.Join(t.TempDir(), "key-"+form)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return sseKey{raw, file}
}

func (k sseKey) fingerprint(t *testing.T) string {
	t.Helper()
	ck, err := model.ParseCustomerKey(k.raw)
	if err != nil {
		t.Fatal(err)
	}
	return ck.Fingerprint()
}

// forms are every way the key could leak: its bytes as they are, as
// base64 (the header), hex (either case), and the MD5 S3 is sent.
func (k sseKey) forms() []string {
	sum := md5.Sum(k.raw)
	h := hex.EncodeToString(k.raw)
	return []string{string(k.raw), base64.StdEncoding.EncodeToString(k.raw), h, strings.ToUpper(h),
		base64.StdEncoding.EncodeToString(sum[:]), hex.EncodeToString(sum[:])}
}

// noLeak fails if any form of the keys is in text.
func noLeak(t *testing.T, where, text string, keys ...sseKey) {
	t.Helper()
	for _, k := range keys {
		for _, f := range k.forms() {
			if strings.Contains(text, f) {
				t.Errorf("%s holds the customer key (as %q…)", where, f[:8])
			}
		}
	}
}

// ssecInput sets a customer key on a raw request's three fields.
func ssecFields(k sseKey) (alg, key, sum *string) {
	m := md5.Sum(k.raw)
	return aws.String("AES256"), aws.String(base64.StdEncoding.EncodeToString(k.raw)), aws.String(base64.StdEncoding.EncodeToString(m[:]))
}

func getWithKey(t *testing.T, bucket, key string, k *sseKey) ([]byte, error) {
	t.Helper()
	in := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}
	if k != nil {
		in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = ssecFields(*k)
	}
	out, err := srv.Raw().GetObject(context.Background(), in)
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	return io.ReadAll(out.Body)
}

// ssecOrSkip skips a test of SSE-C where the server takes customer keys
// only over TLS and the test server is plain http (MinIO: the README says
// how to run these tests against it over TLS).
func ssecOrSkip(t *testing.T, bucket string) {
	t.Helper()
	in := &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String("ssec-probe"), Body: bytes.NewReader([]byte("x"))}
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = ssecFields(sseKey{raw: bytes.Repeat([]byte{1}, 32)})
	if _, err := srv.Raw().PutObject(context.Background(), in); err != nil {
		if strings.Contains(err.Error(), "secure connection") {
			t.Skipf("the server takes SSE-C only over TLS, and %s is plain http: %v", srv.Endpoint, err)
		}
		t.Fatal(err)
	}
}

// honoursSSEC says whether the server encrypts with customer keys: it
// then refuses to read such an object without its key. versitygw ignores
// the headers and stores the bytes as they are.
func honoursSSEC(t *testing.T, bucket, key string) bool {
	_, err := getWithKey(t, bucket, key, nil)
	return err != nil
}

// A copy from an SSE-C source to an SSE-C destination, each with its own
// key from a file: the bytes arrive, and no form of either key is in
// anything s3parts prints or keeps — only their fingerprints.
func TestCustomerKeysCopyNeverKept(t *testing.T) {
	isolate(t)
	ctx := context.Background()
	b := srv.NewBucket(t, false)
	ssecOrSkip(t, b)
	srcKey, dstKey := newSSEKey(t, 's', "base64"), newSSEKey(t, 'd', "hex")
	data := s3test.Data(141, 11<<20)
	in := &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("src"), Body: bytes.NewReader(data)}
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = ssecFields(srcKey)
	if _, err := srv.Raw().PutObject(ctx, in); err != nil {
		t.Fatal(err)
	}
	keys := []string{"--source-sse-c-key", srcKey.file, "--sse-c-key", dstKey.file}
	var all strings.Builder
	dry := mustRun(t, 0, append([]string{"copy", ref(b, "src"), ref(b, "dst"), "--dry-run", "--tagging", "none"}, keys...)...)
	all.WriteString(dry.stdout + dry.stderr)
	if want := "SSE-C (key " + dstKey.fingerprint(t) + ")"; !strings.Contains(dry.stdout, want) {
		t.Errorf("the dry run does not show %q:\n%s", want, dry.stdout)
	}
	res := mustRun(t, 0, append([]string{"copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--json", "--tagging", "none"}, keys...)...)
	all.WriteString(res.stdout + res.stderr)
	id := regexp.MustCompile(`"id": "([0-9a-f]+)"`).FindStringSubmatch(res.stdout)
	if id == nil {
		t.Fatalf("no job id in %s", res.stdout)
	}
	show := mustRun(t, 0, "jobs", "show", id[1])
	all.WriteString(show.stdout + show.stderr)
	if !strings.Contains(show.stdout, dstKey.fingerprint(t)) {
		t.Errorf("jobs show does not name the new object's key:\n%s", show.stdout)
	}
	noLeak(t, "what s3parts printed", all.String(), srcKey, dstKey)
	// Everything s3parts keeps: the journal, its locks, the audit log.
	err := filepath.WalkDir(os.Getenv("XDG_STATE_HOME"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		noLeak(t, path, string(data), srcKey, dstKey)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := getWithKey(t, b, "dst", &dstKey)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("the copy read with its key: %d bytes, %v", len(got), err)
	}
	if !honoursSSEC(t, b, "src") {
		t.Log("the server ignores SSE-C (versitygw stores the bytes as they are): the keys' effect is checked against MinIO with TLS")
		return
	}
	if _, err := getWithKey(t, b, "dst", nil); err == nil {
		t.Error("the copy can be read without its key")
	}
	if _, err := getWithKey(t, b, "dst", &srcKey); err == nil {
		t.Error("the copy can be read with the source's key")
	}
}

// Keys are never kept, so a job that needs one asks for it again: a
// resume without it, or with another key, is refused before anything is
// sent, naming the flag and the fingerprint; with it the job completes.
func TestCustomerKeyResumeAsksAgain(t *testing.T) {
	isolate(t)
	b := srv.NewBucket(t, false)
	ssecOrSkip(t, b)
	key, other := newSSEKey(t, 'k', "raw"), newSSEKey(t, 'o', "raw")
	data := s3test.Data(142, 11<<20)
	srv.Put(t, b, "src", data)
	res := mustRun(t, 0, "copy", ref(b, "src"), ref(b, "dst"), "--part-size", "5MiB", "--no-complete", "--sse-c-key", key.file)
	id := regexp.MustCompile(`job ([0-9a-f]+) \(journal`).FindStringSubmatch(res.stderr)
	if id == nil {
		t.Fatalf("no job id in %s", res)
	}
	if !strings.Contains(res.stdout+res.stderr, "--sse-c-key KEYFILE") {
		t.Errorf("the next step does not ask for the key again:\n%s", res)
	}
	without := mustRun(t, 2, "resume", id[1])
	if msg := without.stderr; !strings.Contains(msg, "--sse-c-key") || !strings.Contains(msg, key.fingerprint(t)) {
		t.Errorf("resume without the key: %s", without)
	}
	wrong := mustRun(t, 2, "resume", id[1], "--sse-c-key", other.file)
	if msg := wrong.stderr; !strings.Contains(msg, key.fingerprint(t)) || !strings.Contains(msg, other.fingerprint(t)) {
		t.Errorf("resume with another key: %s", wrong)
	}
	if srv.Exists(b, "dst") {
		t.Fatal("a refused resume completed the upload")
	}
	stray := mustRun(t, 2, "resume", id[1], "--sse-c-key", key.file, "--source-sse-c-key", other.file)
	if !strings.Contains(stray.stderr, "--source-sse-c-key") {
		t.Errorf("a source key the job has no use for: %s", stray)
	}
	done := mustRun(t, 0, "resume", id[1], "--sse-c-key", key.file)
	noLeak(t, "resume", done.stdout+done.stderr, key)
	if got, err := getWithKey(t, b, "dst", &key); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("after the resume: %d bytes, %v", len(got), err)
	}
}

// A key file that holds no key, or a key beside another encryption, is
// refused before any request, naming the flag and the file and never its
// bytes.
func TestCustomerKeyFlagsRefused(t *testing.T) {
	b := srv.NewBucket(t, false)
	srv.Put(t, b, "src", s3test.Data(143, 1<<20))
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := newSSEKey(t, 'g', "raw")
	short := write("short", []byte("0123456789012345678901234567890"))
	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"missing file": {[]string{"--sse-c-key", filepath.Join(dir, "nope")}, "no such file"},
		"31 bytes":     {[]string{"--sse-c-key", short}, "holds 31 bytes"},
		"not base64":   {[]string{"--sse-c-key", write("b64", []byte(strings.Repeat("!", 44)))}, "not a base64 key"},
		"not hex":      {[]string{"--source-sse-c-key", write("hex", []byte(strings.Repeat("z", 64)))}, "not a hex key"},
		"too long":     {[]string{"--sse-c-key", write("big", bytes.Repeat([]byte("k"), 4096))}, "over 1024 bytes"},
		"with --sse":   {[]string{"--sse-c-key", good.file, "--sse", "AES256"}, "give one"},
		"with kms":     {[]string{"--sse-c-key", good.file, "--sse", "aws:kms"}, "give one"},
	} {
		t.Run(name, func(t *testing.T) {
			r := mustRun(t, 2, append([]string{"copy", ref(b, "src"), ref(b, "dst")}, c.args...)...)
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("want %q in:\n%s", c.want, r)
			}
			noLeak(t, "the refusal", r.stdout+r.stderr, good)
			if srv.Exists(b, "dst") {
				t.Error("a refused copy made the object")
			}
		})
	}
}

// An SSE-C source copied to an SSE-S3 destination, and back to SSE-C:
// the bytes arrive each way. The source's customer key cannot be kept
// without one for the new object: a copy that does not say how to
// encrypt it is refused, and one without the source's key says which
// flag reads it.
func TestCustomerKeySourceToSSES3AndBack(t *testing.T) {
	isolate(t)
	ctx := context.Background()
	b := srv.NewBucket(t, false)
	ssecOrSkip(t, b)
	key := newSSEKey(t, 'c', "raw")
	data := s3test.Data(144, 11<<20)
	in := &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("src"), Body: bytes.NewReader(data)}
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = ssecFields(key)
	if _, err := srv.Raw().PutObject(ctx, in); err != nil {
		t.Fatal(err)
	}
	kept := mustRun(t, 2, "--no-journal", "copy", ref(b, "src"), ref(b, "x"), "--source-sse-c-key", key.file)
	if !strings.Contains(kept.stderr, "--sse-c-key KEYFILE") {
		t.Errorf("keeping SSE-C without a key: %s", kept)
	}
	if honoursSSEC(t, b, "src") {
		without := mustRun(t, 1, "--no-journal", "copy", ref(b, "src"), ref(b, "x"), "--sse", "AES256")
		if !strings.Contains(without.stderr, "--source-sse-c-key") {
			t.Errorf("an SSE-C source read without its key: %s", without)
		}
	}
	mustRun(t, 0, "--no-journal", "copy", ref(b, "src"), ref(b, "plain"), "--source-sse-c-key", key.file, "--sse", "AES256", "--tagging", "none")
	if got, err := getWithKey(t, b, "plain", nil); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("the SSE-S3 copy read without a key: %d bytes, %v", len(got), err)
	}
	if sse := headOf(t, b, "plain").ServerSideEncryption; sse != "" && sse != "AES256" {
		t.Errorf("the SSE-S3 copy is encrypted with %q", sse)
	}
	mustRun(t, 0, "--no-journal", "copy", ref(b, "plain"), ref(b, "back"), "--sse-c-key", key.file, "--tagging", "none")
	if got, err := getWithKey(t, b, "back", &key); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("the copy back to SSE-C read with its key: %d bytes, %v", len(got), err)
	}
	if honoursSSEC(t, b, "src") && !honoursSSEC(t, b, "back") {
		t.Error("the copy back to SSE-C can be read without its key")
	}
}

// A small SSE-C source goes with one CopyObject, both keys on it.
func TestCustomerKeysSingleCopy(t *testing.T) {
	ctx := context.Background()
	b := srv.NewBucket(t, false)
	ssecOrSkip(t, b)
	srcKey, dstKey := newSSEKey(t, 'm', "raw"), newSSEKey(t, 'n', "base64")
	data := s3test.Data(145, 1<<20)
	in := &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("src"), Body: bytes.NewReader(data)}
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = ssecFields(srcKey)
	if _, err := srv.Raw().PutObject(ctx, in); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, 0, "--no-journal", "copy", ref(b, "src"), ref(b, "dst"), "--source-sse-c-key", srcKey.file, "--sse-c-key", dstKey.file, "--tagging", "none")
	if !strings.Contains(r.stdout, "one CopyObject") {
		t.Errorf("not copied with one CopyObject: %s", r)
	}
	noLeak(t, "the single copy", r.stdout+r.stderr, srcKey, dstKey)
	if got, err := getWithKey(t, b, "dst", &dstKey); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("the copy read with its key: %d bytes, %v", len(got), err)
	}
	if honoursSSEC(t, b, "src") && !honoursSSEC(t, b, "dst") {
		t.Error("the copy can be read without its key")
	}
}

// putSSEC stores data at bucket/key encrypted with k.
func putSSEC(t *testing.T, bucket, key string, data []byte, k sseKey) {
	t.Helper()
	in := &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data)}
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = ssecFields(k)
	if _, err := srv.Raw().PutObject(context.Background(), in); err != nil {
		t.Fatal(err)
	}
}

// An SSE-C object copied onto itself is read with its key and written
// with the new one (a key rotation), or with none (to SSE-S3), in one
// request or in parts; an SSE-C object in the way of a copy is replaced
// though its size cannot be read without its key.
func TestCustomerKeysInPlace(t *testing.T) {
	b := srv.NewBucket(t, false)
	ssecOrSkip(t, b)
	k1, k2, k3 := newSSEKey(t, 'a', "raw"), newSSEKey(t, 'b', "hex"), newSSEKey(t, 'e', "base64")
	for _, size := range []int{1 << 20, 11 << 20} {
		data := s3test.Data(146, size)
		putSSEC(t, b, "obj", data, k1)
		mustRun(t, 0, "--no-journal", "--yes", "copy", ref(b, "obj"), ref(b, "obj"), "--source-sse-c-key", k1.file, "--sse-c-key", k2.file, "--tagging", "none")
		if got, err := getWithKey(t, b, "obj", &k2); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%d bytes rotated: %d bytes read with the new key, %v", size, len(got), err)
		}
		if _, err := getWithKey(t, b, "obj", &k1); err == nil && honoursSSEC(t, b, "obj") {
			t.Errorf("%d bytes rotated: the old key still reads it", size)
		}
		mustRun(t, 0, "--no-journal", "--yes", "copy", ref(b, "obj"), ref(b, "obj"), "--source-sse-c-key", k2.file, "--sse", "AES256", "--tagging", "none")
		if got, err := getWithKey(t, b, "obj", nil); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%d bytes to SSE-S3: %d bytes read without a key, %v", size, len(got), err)
		}
	}
	data := s3test.Data(147, 1<<20)
	srv.Put(t, b, "plain", data)
	putSSEC(t, b, "taken", s3test.Data(148, 1000), k3)
	r := mustRun(t, 0, "--no-journal", "--yes", "copy", ref(b, "plain"), ref(b, "taken"), "--sse-c-key", k1.file)
	noLeak(t, "the overwrite", r.stdout+r.stderr, k1, k3)
	if got, err := getWithKey(t, b, "taken", &k1); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("the SSE-C object in the way was not replaced: %d bytes, %v", len(got), err)
	}
}

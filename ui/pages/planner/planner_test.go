package planner

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/provider"
	"s3parts/ui/internal/pagetest"
	"s3parts/ui/route"
)

// server is a fake of what the planner reads: objects by ref, buckets by
// name with their versioning ("" for never); anything else is not found.
type server struct {
	objects map[model.Ref]model.ObjectInfo
	buckets map[string]string
	heads   []model.Ref
	stored  []model.Part // the parts of the upload going on
	tags    map[string]string
	tagsErr string // why the source's tags cannot be read, if they cannot
	sse     string // the source's encryption, and its KMS key
	kmsKey  string
	// ssec: the source is encrypted with a customer key, read only with
	// the key given (UseSourceKey); destKey is the new object's.
	ssec            bool
	srcKey, destKey model.CustomerKey
}

func (s *server) UseSourceKey(_ model.Ref, k model.CustomerKey) error { s.srcKey = k; return nil }
func (s *server) UseDestKey(_ model.Ref, k model.CustomerKey) error   { s.destKey = k; return nil }

func (s *server) HeadObject(_ context.Context, ref model.Ref) (model.ObjectInfo, error) {
	s.heads = append(s.heads, ref)
	if ref == src && s.ssec && s.srcKey.IsZero() {
		return model.ObjectInfo{}, &model.OpError{Op: "HeadObject", Code: "BadRequest", HTTPStatus: 400, Message: "Bad Request"}
	}
	if info, ok := s.objects[ref]; ok {
		return info, nil
	}
	return model.ObjectInfo{}, &model.OpError{Op: "HeadObject", Code: "NotFound", HTTPStatus: 404, Message: "not found"}
}

func (s *server) HeadSource(ctx context.Context, ref model.Ref) (model.ObjectInfo, error) {
	return s.HeadObject(ctx, ref)
}

func (s *server) ListParts(context.Context, model.Ref, string) ([]model.Part, error) {
	return s.stored, nil
}

func (s *server) BucketVersioning(_ context.Context, bucket string) (string, error) {
	if v, ok := s.buckets[bucket]; ok {
		return v, nil
	}
	return "", &model.OpError{Op: "GetBucketVersioning", Code: "NoSuchBucket", HTTPStatus: 404, Message: "The specified bucket does not exist"}
}

func (s *server) SourceAttrs(_ context.Context, info model.ObjectInfo, _ bool) model.SourceAttrs {
	if s.tagsErr != "" {
		return model.SourceAttrs{StorageClass: info.StorageClass, TagsError: s.tagsErr}
	}
	a := model.SourceAttrs{StorageClass: info.StorageClass, Tags: s.tags, TagsRead: true, SSE: s.sse, SSEKMSKeyID: s.kmsKey}
	if s.ssec {
		a.SSEC, a.SSECKey = true, s.srcKey.Fingerprint()
	}
	return a
}

// starter records the jobs started.
type starter struct{ started []model.Job }

func (s *starter) Start(_ context.Context, j model.Job) error {
	s.started = append(s.started, j)
	return nil
}
func (s *starter) OnUpload(context.Context, *model.Job, string, []model.Part, map[int32]bool) (jobs.Adopted, error) {
	return jobs.Adopted{}, nil
}

var src = model.Ref{Bucket: "media", Key: "videos/my clip.mov"}

func newServer(size int64) *server {
	return &server{
		objects: map[model.Ref]model.ObjectInfo{src: {Ref: src, Size: size, ETag: `"abc"`, LastModified: time.Now().Add(-time.Hour)}},
		buckets: map[string]string{"media": ""},
	}
}

// open makes a planner for o over s, with what Init asks answered.
func open(t *testing.T, s *server, o Options) (*Page, *starter) {
	t.Helper()
	return openAs(t, "generic", s, o)
}

// openAs is open with the named provider's preset.
func openAs(t *testing.T, name string, s *server, o Options) (*Page, *starter) {
	t.Helper()
	preset, err := provider.LookupPreset(name)
	if err != nil {
		t.Fatal(err)
	}
	o.Preset = preset
	j := &starter{}
	p := New(pagetest.Env(t), s, j, o)
	p.SetSize(100, 30)
	feed(p, p.Init())
	return p, j
}

// plain is the page's view without its colours.
func plain(p *Page) string { return ansi.Strip(p.View()) }

// feed runs cmd, hands the page its answers, and returns the root's.
func feed(p *Page, cmd tea.Cmd) []tea.Msg { return pagetest.Feed(p.Update, cmd, p.ID()) }

func press(p *Page, keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		out = append(out, feed(p, p.Update(pagetest.Key(k)))...)
	}
	return out
}

// Hand-edited parts survive typing a part size; enter replaces them only
// once the person says yes.
func TestHandEditedPartsAreAskedAbout(t *testing.T) {
	p, _ := open(t, newServer(20<<20), Options{Source: src})
	feed(p, p.focusField(fParts))
	press(p, "s") // split part 1: the parts are hand-edited now
	edited := len(p.parts)
	if !p.custom || edited < 2 {
		t.Fatalf("after a split: custom=%v, %d parts", p.custom, edited)
	}
	feed(p, p.focusField(fPartSize))
	press(p, "ctrl+u")
	pagetest.Type(p.Update, "5MiB")
	if !p.custom || len(p.parts) != edited {
		t.Fatalf("typing a part size threw the hand-edited parts away: custom=%v, %d parts", p.custom, len(p.parts))
	}
	if v := plain(p); !strings.Contains(v, "enter replaces them (asked)") {
		t.Errorf("the part size line does not say enter replaces the edits:\n%s", v)
	}
	press(p, "enter")
	q := pagetest.Question(p.env.TakeAsks())
	if q == nil || !strings.Contains(q.Question, "Replace the") || !strings.Contains(q.Question, "hand-edited parts with parts of 5 MiB") {
		t.Fatalf("enter asked %+v", q)
	}
	q.OnYes()
	if p.custom || len(p.parts) != 4 {
		t.Fatalf("yes left custom=%v, %d parts; want 4 parts of 5 MiB", p.custom, len(p.parts))
	}
}

// Leaving with hand-edited parts asks first, from a field (where the page
// has esc) as from the table (where the root asks the page's Unsaved).
func TestLeavingWithHandEditsAsks(t *testing.T) {
	p, _ := open(t, newServer(20<<20), Options{Source: src})
	if p.Unsaved() != "" {
		t.Fatalf("a fresh plan has something to lose: %q", p.Unsaved())
	}
	feed(p, p.focusField(fParts))
	press(p, "s")
	if !strings.Contains(p.Unsaved(), "hand-edited parts are lost") {
		t.Fatalf("Unsaved = %q", p.Unsaved())
	}
	feed(p, p.focusField(fDestKey))
	press(p, "esc")
	asks := p.env.TakeAsks()
	if q := pagetest.Question(asks); q == nil || !strings.Contains(q.Question, "Leave the planner?") {
		t.Fatalf("esc in a field with hand edits: %+v", asks)
	}
}

// A destination bucket that does not exist is an error on its field, and
// nothing starts.
func TestMissingDestinationBucket(t *testing.T) {
	p, j := open(t, newServer(6<<20), Options{Source: src})
	feed(p, p.focusField(fDestBucket))
	press(p, "ctrl+u")
	pagetest.Type(p.Update, "no-such-bucket")
	press(p, "tab")
	if !strings.Contains(p.errs[fDestBucket], "bucket no-such-bucket does not exist") {
		t.Fatalf("bucket field error %q\n%s", p.errs[fDestBucket], plain(p))
	}
	errs := pagetest.Errors(press(p, "ctrl+s"))
	if len(errs) == 0 || !strings.Contains(errs[0], "no-such-bucket") || len(j.started) != 0 {
		t.Fatalf("ctrl+s: errors %v, %d jobs started", errs, len(j.started))
	}
}

// Going on with an upload, the source typed is read as the field is left
// by tab, not only by enter.
func TestContinueSourceReadOnTab(t *testing.T) {
	s := newServer(6 << 20)
	p, _ := open(t, s, Options{Upload: &model.Upload{Bucket: "media", Key: "dst.mov", UploadID: "U1"}})
	pagetest.Type(p.Update, src.String())
	press(p, "tab")
	if p.info == nil || p.source != src {
		t.Fatalf("after tab: source %v, info %v, heads %v", p.source, p.info, s.heads)
	}
}

// The preview shows the request line encoded, as it is sent: a part
// copy's, or the one CopyObject's of a small source.
func TestPreviewEncodesThePath(t *testing.T) {
	p, _ := open(t, newServer(40<<20), Options{Source: src})
	v := plain(p)
	if !strings.Contains(v, "PUT /media/videos/copy-of-my%20clip.mov?partNumber=1&uploadId=NEW_UPLOAD_ID") ||
		!strings.Contains(v, "x-amz-copy-source: media/videos/my%20clip.mov") {
		t.Fatalf("preview:\n%s", v)
	}
	p, _ = open(t, newServer(6<<20), Options{Source: src})
	v = plain(p)
	if !strings.Contains(v, "request: one CopyObject") || !strings.Contains(v, "PUT /media/videos/copy-of-my%20clip.mov\n") ||
		!strings.Contains(v, "x-amz-copy-source: media/videos/my%20clip.mov") || !strings.Contains(v, "x-amz-metadata-directive: REPLACE") {
		t.Fatalf("preview of one CopyObject:\n%s", v)
	}
}

// The rules S3 applies to two conditions together are said on screen; a
// cleared If-Match reads as unset and warns.
func TestConditionsExplainedOnScreen(t *testing.T) {
	p, _ := open(t, newServer(6<<20), Options{Source: src})
	feed(p, p.focusField(fIfUnmodSince))
	pagetest.Type(p.Update, time.Now().Add(24*time.Hour).UTC().Format("2006-01-02"))
	if v := plain(p); !strings.Contains(v, "AWS copies even if the source was modified") || !strings.Contains(v, "MinIO answers 412") {
		t.Errorf("If-Match + If-Unmodified-Since not explained:\n%s", v)
	}
	feed(p, p.focusField(fIfMatch))
	press(p, "ctrl+u")
	v := plain(p)
	if !strings.Contains(v, "none: not sent") || strings.Contains(v, "once it is read") || !strings.Contains(v, "no If-Match") {
		t.Errorf("a cleared If-Match:\n%s", v)
	}
}

// The part size line counts the parts and names a last one that differs.
func TestPartsSummary(t *testing.T) {
	p, _ := open(t, newServer(12<<20+5), Options{Source: src})
	feed(p, p.focusField(fPartSize))
	press(p, "ctrl+u")
	pagetest.Type(p.Update, "6MiB")
	if v := plain(p); !strings.Contains(v, "→ 3 parts of 6 MiB, the last 5 B") {
		t.Fatalf("part size line:\n%s", v)
	}
}

// Copying onto an existing key of a versioned bucket adds a version: the
// question says so, and yes starts the job and shows it.
func TestStartOntoVersionedKey(t *testing.T) {
	s := newServer(6 << 20)
	s.buckets["media"] = "Enabled"
	p, j := open(t, s, Options{Source: src, Dest: src})
	press(p, "ctrl+s")
	q := pagetest.Question(p.env.TakeAsks())
	if q == nil || !strings.Contains(q.Question, "added as its latest version") || strings.Contains(q.Question, "Replace") {
		t.Fatalf("ctrl+s onto an existing key of a versioned bucket asked %+v", q)
	}
	feed(p, q.OnYes())
	if len(j.started) != 1 || j.started[0].Plan.Dest != src {
		t.Fatalf("started %+v", j.started)
	}
	if got := pagetest.Routes(p.env.TakeAsks()); len(got) != 1 || got[0] != (route.Jobs{Select: j.started[0].ID}) {
		t.Fatalf("after the start went to %#v", got)
	}
}

// Going on with an upload that holds a part the plan cannot use: the
// plan follows the upload's layout (not called hand-edited, nothing lost
// on leaving), and starting asks before the object leaves that part out.
func TestContinueAsksBeforeLeavingAPartOut(t *testing.T) {
	s := newServer(12 << 20)
	s.stored = []model.Part{{Number: 1, Size: 5 << 20}, {Number: 2, Size: 5 << 20}, {Number: 4, Size: 5 << 20}}
	up := model.Upload{Bucket: "media", Key: "backups/db.tar", UploadID: "U-42"}
	p, j := open(t, s, Options{Upload: &up, SourceText: src.String()})
	if p.info == nil {
		t.Fatalf("the recorded source was not read: %v", plain(p))
	}
	v := plain(p)
	if !strings.Contains(v, "as the upload holds them") || strings.Contains(v, "hand-edited") || p.Unsaved() != "" {
		t.Errorf("the upload's layout is called hand-edited (Unsaved %q):\n%s", p.Unsaved(), v)
	}
	if p.Crumb() != "continue upload U-42" {
		t.Errorf("crumb %q does not name the upload", p.Crumb())
	}
	press(p, "ctrl+s")
	q := pagetest.Question(p.env.TakeAsks())
	if q == nil || !strings.Contains(q.Question, "also holds part 4") || !strings.Contains(q.Question, "leave it out") {
		t.Fatalf("ctrl+s asked %+v; nothing may be left out unasked", q)
	}
	if len(j.started) != 0 {
		t.Fatal("a job started before the answer")
	}
	q.OnNo()
	press(p, "ctrl+s")
	if pagetest.Question(p.env.TakeAsks()) == nil {
		t.Fatal("after no, ctrl+s does not ask again: the start stayed frozen")
	}
}

// ctrl+s twice starts one job, and the plan cannot change meanwhile.
func TestStartOnce(t *testing.T) {
	p, j := open(t, newServer(12<<20), Options{Source: src})
	before := len(p.parts)
	cmd := p.Update(pagetest.Key("ctrl+s")) // the destination check, not yet answered
	again := pagetest.Run(p.Update(pagetest.Key("ctrl+s")))
	feed(p, p.focusField(fParts))
	press(p, "s")
	if len(p.parts) != before {
		t.Errorf("the plan changed while starting: %d parts", len(p.parts))
	}
	feed(p, cmd)
	if len(j.started) != 1 || len(again) == 0 {
		t.Fatalf("%d jobs started; the second ctrl+s said %v", len(j.started), again)
	}
}

// The in-flight field says what it will do, refuses what is not a number
// of part copies, and the job started carries what was chosen.
func TestPlannerInFlight(t *testing.T) {
	p, j := open(t, newServer(200<<20), Options{Source: src})
	if v := plain(p); !strings.Contains(v, "in flight") || !strings.Contains(v, "found while copying") {
		t.Fatalf("no in-flight line:\n%s", v)
	}
	p.inputs[fInFlight].SetValue("0")
	p.validate()
	if _, bad := p.errs[fInFlight]; !bad {
		t.Error("0 in flight was taken")
	}
	p.inputs[fInFlight].SetValue("8")
	p.validate()
	if v := plain(p); !strings.Contains(v, "8 at once") {
		t.Errorf("8 in flight is not said:\n%s", v)
	}
	if errs := pagetest.Errors(press(p, "ctrl+s")); len(errs) > 0 || len(j.started) != 1 || j.started[0].Concurrency != 8 {
		t.Fatalf("started %d jobs (errors %v); want one with 8 in flight", len(j.started), errs)
	}
}

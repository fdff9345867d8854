package planner

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"s3parts/model"
	"s3parts/ui/internal/pagetest"
)

// typeIn replaces field f's value with text, as the person would.
func typeIn(p *Page, f int, text string) {
	feed(p, p.focusField(f))
	press(p, "ctrl+u")
	pagetest.Type(p.Update, text)
}

// Left alone, the new object keeps every attribute of the source: the
// target is zero but for the rules the planner always applied.
func TestNewObjectKeepsByDefault(t *testing.T) {
	s := newServer(6 << 20)
	s.tags = map[string]string{"team": "media"}
	for _, c := range []struct {
		preset string
		want   model.Target
	}{{"aws", model.Target{}}, {"generic", model.Target{Checksum: model.ChecksumNone}}} {
		p, _ := openAs(t, c.preset, s, Options{Source: src})
		plan, err := p.plan()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(plan.Target, c.want) {
			t.Errorf("%s: target %+v; want %+v", c.preset, plan.Target, c.want)
		}
		if v := plain(p); !strings.Contains(v, "the new object keeps every attribute of the source") {
			t.Errorf("%s: no new object line:\n%s", c.preset, v)
		}
	}
}

// Tags that cannot be read are not kept: the field says none, and keep
// typed there is refused in the copy command's words.
func TestNewObjectUnreadableTags(t *testing.T) {
	s := newServer(6 << 20)
	s.tagsErr = "AccessDenied"
	p, _ := openAs(t, "aws", s, Options{Source: src})
	plan, err := p.plan()
	if err != nil {
		t.Fatal(err)
	}
	if want := (model.Target{Tagging: model.TagsNone}); !reflect.DeepEqual(plan.Target, want) {
		t.Errorf("target %+v; want %+v", plan.Target, want)
	}
	if v := plain(p); !strings.Contains(v, "the new object gets none") {
		t.Errorf("unread tags not said:\n%s", v)
	}
	typeIn(p, fTags, "keep")
	if e := p.errs[fTags]; !strings.Contains(e, "could not be read (AccessDenied), so they cannot be kept") {
		t.Errorf("keep of unread tags: %q", e)
	}
}

// What is typed becomes the target, and the line below the fields says
// every difference before the start.
func TestNewObjectChoices(t *testing.T) {
	s := newServer(6 << 20)
	s.tags = map[string]string{"team": "media"}
	p, j := openAs(t, "aws", s, Options{Source: src})
	typeIn(p, fStorageClass, "standard_ia")
	typeIn(p, fTags, "none")
	typeIn(p, fMetadata, "a=1")
	typeIn(p, fContentType, "video/mp4")
	want := model.Target{StorageClass: "STANDARD_IA", Tagging: model.TagsNone, ReplaceMetadata: true,
		Metadata: map[string]string{"a": "1"}, ContentType: "video/mp4"}
	plan, err := p.plan()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plan.Target, want) {
		t.Errorf("target %+v; want %+v", plan.Target, want)
	}
	feed(p, p.focusField(fParts))
	v := strings.Join(strings.Fields(plain(p)), " ") // the line as read, unwrapped
	for _, d := range []string{"new object: storage class STANDARD → STANDARD_IA", "Content-Type - → video/mp4", "metadata - → a=1", "tags team=media → -"} {
		if !strings.Contains(v, d) {
			t.Errorf("the new object line lacks %q:\n%s", d, plain(p))
		}
	}
	if errs := pagetest.Errors(press(p, "ctrl+s")); len(errs) > 0 || len(j.started) != 1 || !reflect.DeepEqual(j.started[0].Plan.Target, want) {
		t.Errorf("ctrl+s: errors %q, started %+v", errs, j.started)
	}
}

// A value the copy command would refuse is the field's error, and ctrl+s
// starts nothing.
func TestNewObjectBadValues(t *testing.T) {
	for _, c := range []struct {
		field      int
		text, want string
	}{
		{fStorageClass, "cold storage", `"cold storage" is not a storage class`},
		{fTags, "=x", "tag key"},
		{fMetadata, "bad key=1", `"bad key=1": write KEY=VALUE`},
		{fMetadata, "a=1, A=2", "key A is given twice"},
		{fContentType, "vidéo/mp4", "printable US-ASCII"},
	} {
		p, j := openAs(t, "aws", newServer(6<<20), Options{Source: src})
		typeIn(p, c.field, c.text)
		if e := p.errs[c.field]; !strings.Contains(e, c.want) {
			t.Errorf("%s %q: error %q; want %q", fieldLabels[c.field], c.text, e, c.want)
		}
		feed(p, p.focusField(fParts))
		if v := plain(p); !strings.Contains(v, fieldLabels[c.field]+": ") || !strings.Contains(v, c.text) {
			t.Errorf("%s %q: the field and its error are not shown:\n%s", fieldLabels[c.field], c.text, v)
		}
		errs := pagetest.Errors(press(p, "ctrl+s"))
		if len(errs) == 0 || !strings.HasPrefix(errs[0], fieldLabels[c.field]+": ") || len(j.started) > 0 {
			t.Errorf("%s %q: ctrl+s said %q, started %d", fieldLabels[c.field], c.text, errs, len(j.started))
		}
	}
}

// planned is the page's clock in the tests of the lock: a retention is
// in the future or not by it, never by the machine's.
var planned = time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)

// openAt is openAs with the page's clock at planned.
func openAt(t *testing.T, s *server) (*Page, *starter) {
	t.Helper()
	p, j := openAs(t, "aws", s, Options{Source: src})
	p.env.Now = func() time.Time { return planned }
	p.validate()
	return p, j
}

// Left alone, encryption keeps the source's mode and key, and no lock,
// legal hold or ACL is sent.
func TestNewObjectPolicyKeptByDefault(t *testing.T) {
	s := newServer(6 << 20)
	s.sse, s.kmsKey = "aws:kms", "k1"
	p, _ := openAt(t, s)
	if v := p.inputs[fSSE].Value(); v != "keep" {
		t.Errorf("encryption starts as %q", v)
	}
	plan, err := p.plan()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plan.Target, model.Target{}) {
		t.Errorf("target %+v; want the zero target", plan.Target)
	}
	if v := plain(p); !strings.Contains(v, "the new object keeps every attribute of the source") {
		t.Errorf("no new object line:\n%s", v)
	}
	feed(p, p.focusField(fSSE))
	if v := strings.Join(strings.Fields(plain(p)), " "); !strings.Contains(v, "encryption: keep (the source's: aws:kms, key k1), none (the bucket's default), AES256") {
		t.Errorf("the encryption field's help is not shown:\n%s", plain(p))
	}
}

// What is typed becomes the target, each change is said before the
// start, and the job started carries it.
func TestNewObjectPolicyChoices(t *testing.T) {
	s := newServer(6 << 20)
	s.sse = "AES256"
	p, j := openAt(t, s)
	typeIn(p, fSSE, "AWS:KMS")
	typeIn(p, fKMSKey, "k1")
	typeIn(p, fLockMode, "governance")
	typeIn(p, fRetainUntil, "2031-01-01")
	typeIn(p, fLegalHold, "on")
	typeIn(p, fACL, "bucket-owner-full-control")
	want := model.Target{SSE: "aws:kms", SSEKMSKeyID: "k1", LockMode: "GOVERNANCE", RetainUntil: time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC),
		LegalHold: "ON", ACL: "bucket-owner-full-control"}
	plan, err := p.plan()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plan.Target, want) {
		t.Errorf("target %+v; want %+v", plan.Target, want)
	}
	feed(p, p.focusField(fParts))
	v := strings.Join(strings.Fields(plain(p)), " ") // the line as read, unwrapped
	for _, d := range []string{"new object: encryption AES256 → aws:kms (k1)", "object lock - → GOVERNANCE until 2031-01-01T00:00:00Z",
		"legal hold - → ON", "ACL not read → bucket-owner-full-control"} {
		if !strings.Contains(v, d) {
			t.Errorf("the new object line lacks %q:\n%s", d, plain(p))
		}
	}
	if errs := pagetest.Errors(press(p, "ctrl+s")); len(errs) > 0 || len(j.started) != 1 || !reflect.DeepEqual(j.started[0].Plan.Target, want) {
		t.Errorf("ctrl+s: errors %q, started %+v", errs, j.started)
	}

	// none drops the source's encryption for the bucket's default; a
	// lock's none and an empty legal hold send nothing.
	p, j = openAt(t, s)
	typeIn(p, fSSE, "none")
	typeIn(p, fLockMode, "none")
	typeIn(p, fLegalHold, "none")
	feed(p, p.focusField(fParts))
	if v := strings.Join(strings.Fields(plain(p)), " "); !strings.Contains(v, "new object: encryption AES256 → -") {
		t.Errorf("encryption none is not said:\n%s", plain(p))
	}
	press(p, "ctrl+s")
	if len(j.started) != 1 || !reflect.DeepEqual(j.started[0].Plan.Target, model.Target{SSE: "none"}) {
		t.Errorf("started %+v", j.started)
	}
}

// A value the copy command would refuse is the field's error, in its
// words with the field's name, and ctrl+s starts nothing; a retention is
// in the future by the page's clock.
func TestNewObjectPolicyBadValues(t *testing.T) {
	for _, c := range []struct {
		before     map[int]string // other fields first
		field      int
		text, want string
	}{
		{nil, fSSE, "DES", `"DES": use one of AES256, aws:kms, aws:kms:dsse, none (or keep)`},
		{nil, fKMSKey, "k1", `"k1" goes with encryption aws:kms`},
		{map[int]string{fSSE: "AES256"}, fKMSKey, "k1", `"k1" goes with encryption aws:kms`},
		{map[int]string{fRetainUntil: "2031-01-01"}, fLockMode, "forever", `"forever": use GOVERNANCE or COMPLIANCE`},
		{nil, fLockMode, "GOVERNANCE", "GOVERNANCE needs retain until (when the lock ends)"},
		{nil, fRetainUntil, "2031-01-01", "2031-01-01 needs object lock GOVERNANCE or COMPLIANCE"},
		{map[int]string{fLockMode: "COMPLIANCE"}, fRetainUntil, "soon", `time "soon" is not valid`},
		{map[int]string{fLockMode: "COMPLIANCE"}, fRetainUntil, "2030-05-31", "2030-05-31 is not in the future: a lock must end after the copy"},
		{map[int]string{fLockMode: "COMPLIANCE"}, fRetainUntil, "2030-06-01T12:00:00Z", "2030-06-01T12:00:00Z is not in the future"},
		{nil, fLegalHold, "maybe", `"maybe": use ON or OFF (or none)`},
		{nil, fACL, "everyone", `"everyone": use one of private, public-read,`},
	} {
		p, j := openAt(t, newServer(6<<20))
		for f, v := range c.before {
			typeIn(p, f, v)
		}
		typeIn(p, c.field, c.text)
		if e := p.errs[c.field]; !strings.Contains(e, c.want) {
			t.Errorf("%s %q: error %q; want %q", fieldLabels[c.field], c.text, e, c.want)
		}
		feed(p, p.focusField(fParts))
		if v := plain(p); !strings.Contains(v, fieldLabels[c.field]+": ") || !strings.Contains(v, c.text) {
			t.Errorf("%s %q: the field and its error are not shown:\n%s", fieldLabels[c.field], c.text, v)
		}
		errs := pagetest.Errors(press(p, "ctrl+s"))
		if len(errs) == 0 || !strings.HasPrefix(errs[0], fieldLabels[c.field]+": ") || len(j.started) > 0 {
			t.Errorf("%s %q: ctrl+s said %q, started %d", fieldLabels[c.field], c.text, errs, len(j.started))
		}
	}
	// A second later than the clock is in the future.
	p, _ := openAt(t, newServer(6<<20))
	typeIn(p, fLockMode, "COMPLIANCE")
	typeIn(p, fRetainUntil, "2030-06-01T12:00:01Z")
	if plan, err := p.plan(); err != nil || plan.Target.RetainUntil != planned.Add(time.Second) {
		t.Errorf("a lock ending a second after the clock: %v %v", plan.Target.RetainUntil, err)
	}
}

// Where the page is short the section draws the group being typed in,
// and the help names the fields tab reaches besides.
func TestNewObjectShortPage(t *testing.T) {
	p, _ := openAt(t, newServer(6<<20))
	feed(p, p.focusField(fLegalHold))
	p.SetSize(100, 22)
	v := plain(p)
	if strings.Contains(v, "storage class ") || !strings.Contains(v, "legal hold ") || !strings.Contains(v, "ACL ") {
		t.Errorf("the policy group alone is not drawn:\n%s", v)
	}
	if !strings.Contains(strings.Join(strings.Fields(v), " "), "also storage class, tags, metadata, content type") {
		t.Errorf("the fields left out are not named:\n%s", v)
	}
	if n := len(strings.Split(v, "\n")); n > 22 {
		t.Errorf("%d lines on a page of 22", n)
	}
	p.SetSize(100, 40)
	if v := plain(p); !strings.Contains(v, "storage class ") || !strings.Contains(v, "legal hold ") || strings.Contains(v, "· also") {
		t.Errorf("a tall page draws the whole section:\n%s", v)
	}
	// A wrong field of the other group is drawn, alone.
	p.SetSize(100, 22)
	typeIn(p, fTags, "=x")
	feed(p, p.focusField(fLegalHold))
	if v := plain(p); !strings.Contains(v, "tags ") || strings.Contains(v, "metadata ") || !strings.Contains(v, "✗ tags: ") {
		t.Errorf("the wrong tags field and its error are not drawn:\n%s", v)
	}
}

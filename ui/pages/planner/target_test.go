package planner

import (
	"reflect"
	"strings"
	"testing"

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

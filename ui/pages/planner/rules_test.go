package planner

import (
	"strings"
	"testing"

	"s3parts/model"
	"s3parts/ui/internal/pagetest"
)

// On r2 the planner says parts must be equal; a split that makes them
// unequal is refused on screen, naming the part, and nothing starts.
func TestEqualPartsShown(t *testing.T) {
	p, j := openAs(t, "r2", newServer(40<<20), Options{Source: src})
	feed(p, p.focusField(fPartSize))
	press(p, "ctrl+u")
	pagetest.Type(p.Update, "10MiB")
	press(p, "enter")
	v := plain(p)
	if !strings.Contains(v, "ⓘ parts must be equal, the last no larger (r2)") || !strings.Contains(v, "✓ the plan meets every rule of the r2 provider") {
		t.Fatalf("r2 plan of equal parts:\n%s", v)
	}
	feed(p, p.focusField(fParts))
	// Split part 1 in two: parts are no longer equal. The problem is
	// wrapped, so the view is read as words.
	press(p, "s")
	v = strings.Join(strings.Fields(plain(p)), " ")
	if !strings.Contains(v, "part 3 (bytes=10485760-20971519) is 10 MiB, the first part is 5 MiB") || !strings.Contains(v, "r2 provider needs every part but the last the same size") {
		t.Fatalf("an unequal split is not refused on screen:\n%s", v)
	}
	if p.badPart == 0 {
		t.Error("the part that breaks the rule is not marked")
	}
	press(p, "ctrl+s")
	if len(j.started) != 0 {
		t.Fatal("a plan of unequal parts started")
	}
	// A provider without such rules says nothing of them.
	g, _ := open(t, newServer(40<<20), Options{Source: src})
	if v := plain(g); strings.Contains(v, "must be equal") {
		t.Errorf("generic shows an r2 rule:\n%s", v)
	}
}

// Scaleway's 1,000 parts and Spaces' 10 in flight are said.
func TestProviderLimitsShown(t *testing.T) {
	p, _ := openAs(t, "scaleway", newServer(40<<20), Options{Source: src})
	if v := plain(p); !strings.Contains(v, "ⓘ at most 1000 parts (scaleway)") {
		t.Errorf("scaleway:\n%s", v)
	}
	p, _ = openAs(t, "digitalocean", newServer(40<<20), Options{Source: src})
	if v := plain(p); !strings.Contains(v, "ⓘ at most 10 part copies in flight (digitalocean)") {
		t.Errorf("digitalocean:\n%s", v)
	}
}

// On gcs there are no part copies: the planner copies with one CopyObject,
// says why, and refuses parts, naming the rule.
func TestNoPartCopyShown(t *testing.T) {
	p, j := openAs(t, "gcs", newServer(40<<20), Options{Source: src})
	v := plain(p)
	if !strings.Contains(v, "one CopyObject: the gcs provider has no UploadPartCopy") || !strings.Contains(v, "request: one CopyObject") {
		t.Fatalf("gcs:\n%s", v)
	}
	feed(p, p.focusField(fCopyWith))
	press(p, "ctrl+u")
	pagetest.Type(p.Update, "parts")
	if v := plain(p); !strings.Contains(v, "✗ copy with: the gcs provider has no UploadPartCopy") {
		t.Fatalf("parts on gcs:\n%s", v)
	}
	press(p, "ctrl+s")
	if len(j.started) != 0 {
		t.Fatal("a copy in parts started on gcs")
	}
	press(p, "ctrl+u")
	pagetest.Type(p.Update, "auto")
	press(p, "ctrl+s")
	if len(j.started) != 1 || !j.started[0].Plan.Single || len(j.started[0].Plan.Parts) != 1 || j.started[0].Plan.Parts[0].Range.Len() != 40<<20 {
		t.Fatalf("started %+v", j.started)
	}
}

// A small source is copied with one CopyObject unless parts are asked
// for; a part size asks for parts; one CopyObject cannot take parts
// picked by hand, nor a source over 5 GiB.
func TestCopyWith(t *testing.T) {
	p, j := open(t, newServer(6<<20), Options{Source: src})
	if v := plain(p); !strings.Contains(v, "one CopyObject: 6 MiB is under the 8 MiB multipart threshold") || !strings.Contains(v, "in flight") ||
		!strings.Contains(v, "→ one request") {
		t.Fatalf("a small source:\n%s", v)
	}
	feed(p, p.focusField(fPartSize))
	press(p, "ctrl+u")
	pagetest.Type(p.Update, "5MiB")
	if v := plain(p); !strings.Contains(v, "in parts: a part size was given") || !strings.Contains(v, "?partNumber=1&uploadId=") {
		t.Fatalf("with a part size:\n%s", v)
	}
	feed(p, p.focusField(fCopyWith))
	press(p, "ctrl+u")
	pagetest.Type(p.Update, "one")
	if v := plain(p); !strings.Contains(v, "✗ copy with: one CopyObject has no parts, and a part size was given") {
		t.Fatalf("one with a part size:\n%s", v)
	}
	press(p, "ctrl+u")
	pagetest.Type(p.Update, "sometimes")
	if v := plain(p); !strings.Contains(v, `✗ copy with: "sometimes": auto, one (one CopyObject) or parts`) {
		t.Fatalf("a bad choice:\n%s", v)
	}
	press(p, "ctrl+u")
	pagetest.Type(p.Update, "one")
	feed(p, p.focusField(fPartSize))
	press(p, "ctrl+u")
	pagetest.Type(p.Update, "auto")
	press(p, "ctrl+s")
	if len(j.started) != 1 || !j.started[0].Plan.Single || j.started[0].Plan.PartSize != 0 {
		t.Fatalf("started %+v", j.started)
	}
	big, _ := open(t, newServer(6<<30), Options{Source: src})
	feed(big, big.focusField(fCopyWith))
	press(big, "ctrl+u")
	pagetest.Type(big.Update, "one")
	if v := plain(big); !strings.Contains(v, "one CopyObject copies at most 5 GiB") {
		t.Fatalf("one for 6 GiB:\n%s", v)
	}
}

// On garage the recopy key refuses to mark a part the upload holds.
func TestRecopyRefusedOnGarage(t *testing.T) {
	s := newServer(12 << 20)
	s.stored = []model.Part{{Number: 1, Size: 5 << 20}, {Number: 2, Size: 5 << 20}}
	up := model.Upload{Bucket: "media", Key: "backups/db.tar", UploadID: "U-7"}
	p, _ := openAs(t, "garage", s, Options{Upload: &up, SourceText: src.String()})
	if p.info == nil {
		t.Fatalf("the source was not read:\n%s", plain(p))
	}
	feed(p, p.focusField(fParts))
	errs := pagetest.Errors(press(p, p.env.Keys.Planner.Recopy.Keys()[0]))
	if len(errs) == 0 || !strings.Contains(errs[0], "part 1 cannot be copied again: the garage provider refuses") || p.recopy[1] {
		t.Fatalf("recopy on garage: errors %v, marked %v", errs, p.recopy)
	}
}

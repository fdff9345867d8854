package pricing

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseFlag(t *testing.T) {
	for in, want := range map[string]struct {
		v   float64
		cur string
	}{"0.023": {0.023, "USD"}, "0.12CNY": {0.12, "CNY"}, "0.02 eur": {0.02, "EUR"}, "0": {0, "USD"}} {
		p, err := ParseFlag(in)
		if err != nil || p.PerGiBMonth != want.v || p.Currency != want.cur || p.Source != "--price" {
			t.Errorf("ParseFlag(%q) = %+v, %v", in, p, err)
		}
	}
	for _, bad := range []string{"", "cheap", "-1", "0.02US", "0.02 dollars", "1e3X"} {
		if _, err := ParseFlag(bad); err == nil || !strings.Contains(err.Error(), `"`+bad+`"`) {
			t.Errorf("ParseFlag(%q) = %v; want an error naming it", bad, err)
		}
	}
}

// The flag beats the config file, which beats the built-in price; a
// class the file does not name falls back to its standard class only for
// the standard class.
func TestPriceOrder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "prices.json")
	if err := os.WriteFile(path, []byte(`{"aws": {"": {"per_gib_month": 0.03, "currency": "USD"}}, "minio": {"STANDARD": {"per_gib_month": 0.004, "currency": "EUR"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tab, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := tab.Price("aws", "STANDARD"); !ok || p.PerGiBMonth != 0.03 || !strings.HasPrefix(p.Source, "config ") {
		t.Errorf("aws STANDARD from the file: %+v %v", p, ok)
	}
	if p, ok := tab.Price("aws", "DEEP_ARCHIVE"); !ok || p.PerGiBMonth == 0.03 {
		t.Errorf("aws DEEP_ARCHIVE should be the built-in price: %+v %v", p, ok)
	}
	if p, ok := tab.Price("minio", ""); !ok || p.Currency != "EUR" {
		t.Errorf("minio standard from the file: %+v %v", p, ok)
	}
	if _, ok := tab.Price("ceph", ""); ok {
		t.Error("ceph has no price anywhere")
	}
	flag, _ := ParseFlag("1")
	tab.Flag = &flag
	if p, _ := tab.Price("aws", "STANDARD"); p.PerGiBMonth != 1 {
		t.Errorf("--price does not win: %+v", p)
	}
	if tab, err := Load(filepath.Join(dir, "none.json")); err != nil || tab.Config != nil {
		t.Errorf("a missing file: %+v %v", tab, err)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"aws": {"": {"per_gib_month": -1, "currency": "USD"}}}`), 0o600)
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("a negative price: %v", err)
	}
	os.WriteFile(bad, []byte(`{"aws": 3}`), 0o600)
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "not valid JSON") {
		t.Errorf("bad JSON: %v", err)
	}
}

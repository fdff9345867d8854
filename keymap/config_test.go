package keymap

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

func TestLoadOverridesAndRejectsUnknownNames(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "keys.json")
	if err := os.WriteFile(p, []byte(`{"list.down": ["n"], "objects.copy": ["ctrl+y"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	k, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := k.List.Down.Keys(); len(got) != 1 || got[0] != "n" {
		t.Errorf("list.down keys %v", got)
	}
	if k.Objects.Copy.Help().Key != "ctrl+y" || k.Objects.Copy.Help().Desc != "copy…" {
		t.Errorf("objects.copy help %+v", k.Objects.Copy.Help())
	}
	if !key.Matches(keyMsg("k"), k.List.Up) {
		t.Error("untouched bindings must keep their defaults")
	}

	for body, want := range map[string]string{
		`{"list.dwn": ["n"]}`: `"list.dwn" is not a binding`,
		`{"list.down": []}`:   `"list.down" has no keys`,
		`{not json`:           "keys.json",
	} {
		os.WriteFile(p, []byte(body), 0o600)
		if _, err := Load(p); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want %q", body, err, want)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); err != nil {
		t.Errorf("a missing file is not an error: %v", err)
	}
}

// Every binding has a name, so every key can be rebound.
func TestEveryBindingIsNamed(t *testing.T) {
	k := Default()
	named := map[*key.Binding]bool{}
	for _, b := range k.bindings() {
		named[b] = true
	}
	groups := reflect.ValueOf(&k).Elem()
	for i := range groups.NumField() {
		g := groups.Field(i)
		for j := range g.NumField() {
			if b := g.Field(j).Addr().Interface().(*key.Binding); !named[b] {
				t.Errorf("%s.%s has no config name", groups.Type().Field(i).Name, g.Type().Field(j).Name)
			}
		}
	}
}

type keyMsg string

func (k keyMsg) String() string { return string(k) }

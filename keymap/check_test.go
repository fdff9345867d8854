package keymap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// realPresses are key presses as a terminal delivers them: every printable
// character typed, the named keys, ctrl+letter and shift+tab.
func realPresses() []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for r := rune('!'); r <= '~'; r++ {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	for _, code := range []rune{tea.KeyEnter, tea.KeyTab, tea.KeyEscape, tea.KeyBackspace, tea.KeyDelete,
		tea.KeyUp, tea.KeyDown, tea.KeyLeft, tea.KeyRight, tea.KeyHome, tea.KeyEnd, tea.KeyPgUp, tea.KeyPgDown} {
		out = append(out, tea.KeyPressMsg{Code: code})
	}
	out = append(out, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
	for r := rune('a'); r <= 'z'; r++ {
		out = append(out, tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl})
	}
	return out
}

// Every key of every default binding is one some real key press matches:
// a binding to " " (which a v2 press never is: space is "space") would be
// dead, while the help still offered it.
func TestDefaultKeysAreRealPresses(t *testing.T) {
	presses := realPresses()
	k := Default()
	for name, b := range k.bindings() {
		for _, want := range b.Keys() {
			one := key.NewBinding(key.WithKeys(want))
			found := false
			for _, p := range presses {
				if key.Matches(p, one) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s: no key press a terminal sends matches %q", name, want)
			}
		}
	}
	if !key.Matches(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}, k.List.PageDown) {
		t.Error("space does not page down")
	}
}

// No context of the defaults binds one key twice.
func TestDefaultsDoNotCollide(t *testing.T) {
	k := Default()
	if err := k.Check(); err != nil {
		t.Fatal(err)
	}
}

// A rebind that makes one key do two things on one screen is refused at
// start, with both names; the same key on two screens is fine.
func TestCollidingRebindRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(path, []byte(`{"jobs.cancel": ["r"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), "jobs.cancel") || !strings.Contains(err.Error(), "jobs.retry") {
		t.Fatalf("binding jobs.cancel to r (jobs.retry's key) loaded with error %v", err)
	}
	if err := os.WriteFile(path, []byte(`{"planner.recopy": ["x"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err != nil {
		t.Fatalf("x in the planner (it cancels a job on the jobs screen) refused: %v", err)
	}
}

package keymap

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
)

// bindings lists every binding by its config name.
func (k *Keys) bindings() map[string]*key.Binding {
	return map[string]*key.Binding{
		"global.quit": &k.Global.Quit, "global.interrupt": &k.Global.Interrupt, "global.help": &k.Global.Help, "global.back": &k.Global.Back,
		"global.jobs": &k.Global.Jobs, "global.uploads": &k.Global.Uploads, "global.read_only": &k.Global.ReadOnly,
		"global.provider": &k.Global.Provider, "capabilities.probe": &k.Capabilities.Probe, "capabilities.checks": &k.Capabilities.Checks,
		"list.up": &k.List.Up, "list.down": &k.List.Down, "list.page_up": &k.List.PageUp, "list.page_down": &k.List.PageDown,
		"list.home": &k.List.Home, "list.end": &k.List.End, "list.open": &k.List.Open, "list.filter": &k.List.Filter,
		"list.refresh":     &k.List.Refresh,
		"objects.versions": &k.Objects.Versions, "objects.details": &k.Objects.Details, "objects.copy": &k.Objects.Copy,
		"objects.search": &k.Objects.Search, "objects.prefix_versions": &k.Objects.PrefixVersions, "objects.restore": &k.Objects.Restore,
		"uploads.abort": &k.Uploads.Abort, "uploads.complete": &k.Uploads.Complete, "uploads.continue": &k.Uploads.Continue,
		"planner.next_field": &k.Planner.NextField, "planner.prev_field": &k.Planner.PrevField, "planner.edit": &k.Planner.Edit,
		"planner.split": &k.Planner.Split, "planner.merge": &k.Planner.Merge, "planner.add": &k.Planner.Add,
		"planner.remove": &k.Planner.Remove, "planner.start": &k.Planner.Start,
		"jobs.switch_pane": &k.Jobs.SwitchPane, "jobs.retry": &k.Jobs.Retry, "jobs.retry_failed": &k.Jobs.RetryFailed,
		"jobs.edit_part": &k.Jobs.EditPart, "jobs.cancel": &k.Jobs.Cancel, "jobs.complete": &k.Jobs.Complete, "jobs.abort": &k.Jobs.Abort,
		"jobs.details": &k.Jobs.Details, "jobs.dismiss": &k.Jobs.Dismiss,
		"confirm.yes": &k.Confirm.Yes, "confirm.no": &k.Confirm.No, "confirm.alt": &k.Confirm.Alt,
		"planner.recopy": &k.Planner.Recopy,
		"workbench.open": &k.Workbench.Open, "workbench.mark": &k.Workbench.Mark, "workbench.mark_all": &k.Workbench.MarkAll,
		"workbench.age": &k.Workbench.Age, "workbench.rule": &k.Workbench.Rule, "workbench.pane": &k.Workbench.Pane,
		"form.submit": &k.Form.Submit, "form.cancel": &k.Form.Cancel, "form.next": &k.Form.Next, "form.prev": &k.Form.Prev,
	}
}

// Names lists the binding names a config file can use.
func Names() []string {
	k := Default()
	var names []string
	for n := range k.bindings() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// DefaultPath is where Load looks: $XDG_CONFIG_HOME/s3parts/keys.json, or
// the platform's config directory.
func DefaultPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "s3parts", "keys.json")
}

// Load returns the default bindings with the overrides in a JSON file of
// {"name": ["key", …]}, e.g. {"list.down": ["down", "n"]}. A missing file
// is no error; an unknown name or an empty key list is, named.
func Load(path string) (Keys, error) {
	k := Default()
	if path == "" {
		return k, nil
	}
	// A FIFO or a device would block the start for ever: only a regular
	// file is read.
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return k, nil
	}
	if err != nil {
		return k, err
	}
	if !fi.Mode().IsRegular() {
		return k, fmt.Errorf("key bindings %s: not a regular file (%s): nothing read", path, fi.Mode().Type())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return k, err
	}
	var over map[string][]string
	if err := json.Unmarshal(b, &over); err != nil {
		return Default(), fmt.Errorf("key bindings %s: %w", path, err)
	}
	all := k.bindings()
	for name, keys := range over {
		b, ok := all[name]
		if !ok {
			return Default(), fmt.Errorf("key bindings %s: %q is not a binding (known: %s)", path, name, strings.Join(Names(), ", "))
		}
		if len(keys) == 0 {
			return Default(), fmt.Errorf("key bindings %s: %q has no keys", path, name)
		}
		desc := b.Help().Desc
		*b = key.NewBinding(key.WithKeys(keys...), key.WithHelp(strings.Join(keys, "/"), desc))
	}
	if err := k.Check(); err != nil {
		return Default(), fmt.Errorf("key bindings %s: %w", path, err)
	}
	return k, nil
}

package keymap

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// contexts lists the bindings that are live together, by name: a key
// bound twice in one context would do one thing and show two, so such a
// config is refused at start with both names. (The same key in two
// contexts is fine: "r" retries a part on the jobs screen and copies a
// part again in the planner.)
var contexts = map[string][]string{
	"objects screens": {"global.*", "list.*", "objects.versions", "objects.prefix_versions", "objects.details",
		"objects.copy", "objects.restore"},
	"uploads screens": {"global.*", "list.*", "uploads.*"},
	"buckets screen":  {"global.*", "list.*", "workbench.open"},
	"workbench":       {"global.*", "list.*", "uploads.abort", "workbench.*"},
	"filter":          {"global.interrupt", "global.read_only", "form.submit", "form.cancel"},
	"objects filter":  {"global.interrupt", "global.read_only", "objects.search", "form.cancel"},
	"planner fields":  {"global.interrupt", "global.read_only", "global.back", "planner.next_field", "planner.prev_field", "planner.start", "form.submit"},
	"planner parts":   {"global.*", "list.up", "list.down", "list.page_up", "list.page_down", "list.home", "list.end", "planner.*"},
	"jobs":            {"global.*", "list.up", "list.down", "list.page_up", "list.page_down", "list.home", "list.end", "list.filter", "jobs.*"},
	"capabilities":    {"global.*", "list.up", "list.down", "list.page_up", "list.page_down", "list.home", "list.end", "capabilities.*"},
	"edit boxes":      {"global.interrupt", "global.read_only", "form.*"},
	"question dialog": {"confirm.*"},
}

// Check refuses bindings where one key does two things in one context.
func (k *Keys) Check() error {
	all := k.bindings()
	names := Names()
	for _, ctx := range slices.Sorted(maps.Keys(contexts)) {
		owner := map[string]string{}
		for _, pat := range contexts[ctx] {
			for _, name := range names {
				if !matchName(pat, name) {
					continue
				}
				for _, key := range all[name].Keys() {
					if other, ok := owner[key]; ok && other != name {
						return fmt.Errorf("%q is bound to both %s and %s (on the %s): give one of them another key", key, other, name, ctx)
					}
					owner[key] = name
				}
			}
		}
	}
	return nil
}

func matchName(pat, name string) bool {
	if prefix, ok := strings.CutSuffix(pat, "*"); ok {
		return strings.HasPrefix(name, prefix)
	}
	return pat == name
}

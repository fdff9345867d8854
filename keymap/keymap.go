// Package keymap holds s3parts' key bindings, one help.KeyMap per context,
// so the footer and the ? screen always show the keys that really work.
package keymap

import "charm.land/bubbles/v2/key"

// Global are the keys that work on every screen.
type Global struct {
	Quit key.Binding
	Help key.Binding
}

// DefaultGlobal returns the global bindings.
func DefaultGlobal() Global {
	return Global{
		Quit: key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	}
}

// ShortHelp implements help.KeyMap.
func (g Global) ShortHelp() []key.Binding { return []key.Binding{g.Help, g.Quit} }

// FullHelp implements help.KeyMap.
func (g Global) FullHelp() [][]key.Binding { return [][]key.Binding{g.ShortHelp()} }

// Package keymap holds s3parts' key bindings, one help.KeyMap per context,
// so the footer and the ? screen always show the keys that really work.
// Every binding has a name ("list.down", "objects.copy") by which a config
// file can rebind it.
package keymap

import "charm.land/bubbles/v2/key"

func bind(help string, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// Global keys work on every screen.
type Global struct {
	Quit, Interrupt, Help, Back, Jobs, Uploads, ReadOnly key.Binding
	// Provider opens the endpoint's capabilities: preset and probe.
	Provider key.Binding
}

// List keys move through any table.
type List struct {
	Up, Down, PageUp, PageDown, Home, End, Open, Filter, Refresh key.Binding
}

// Objects are the keys of the objects, versions and details screens.
type Objects struct {
	Versions, PrefixVersions, Details, Copy, Search, Restore key.Binding
}

// Uploads are the keys of the uploads and parts screens.
type Uploads struct {
	Abort, Complete, Continue key.Binding
}

// Workbench are the keys of the uploads workbench (every bucket's
// uploads at once), and the buckets screen's key that opens it.
type Workbench struct {
	Open, Mark, MarkAll, Age, Rule, Pane key.Binding
}

// Planner keys edit a copy plan.
type Planner struct {
	NextField, PrevField, Edit, Split, Merge, Add, Remove, Recopy, Start key.Binding
}

// Jobs keys act on running jobs and their parts.
type Jobs struct {
	SwitchPane, Details, Retry, RetryFailed, EditPart, Cancel, Complete, Abort, Dismiss key.Binding
}

// Capabilities are the keys of the provider's capabilities screen.
type Capabilities struct {
	Probe, Checks key.Binding
}

// Confirm keys answer a question: yes, no, or the third answer some
// questions offer (abort the upload too, …).
type Confirm struct {
	Yes, No, Alt key.Binding
}

// Form keys work in a text field: a filter, an edit box, the planner's
// fields.
type Form struct {
	Submit, Cancel, Next, Prev key.Binding
}

// Keys is every binding.
type Keys struct {
	Global  Global
	List    List
	Objects Objects
	Uploads Uploads
	// Workbench: every bucket's uploads, marked and aborted in bulk.
	Workbench Workbench
	Planner   Planner
	Jobs      Jobs
	// Capabilities: the provider screen.
	Capabilities Capabilities
	Confirm      Confirm
	Form         Form
}

// Default returns the built-in bindings: arrows and vim keys alike.
func Default() Keys {
	return Keys{
		Global: Global{
			Quit:      bind("q", "quit", "q"),
			Interrupt: bind("ctrl+c", "quit", "ctrl+c"),
			Help:      bind("?", "all keys", "?"),
			Back:      bind("esc", "back", "esc"),
			Jobs:      bind("J", "jobs", "J"),
			Uploads:   bind("U", "uploads", "U"),
			ReadOnly:  bind("ctrl+w", "read-only on/off", "ctrl+w"),
			Provider:  bind("P", "provider", "P"),
		},
		List: List{
			Up:       bind("↑/k", "up", "up", "k"),
			Down:     bind("↓/j", "down", "down", "j"),
			PageUp:   bind("pgup", "page up", "pgup", "ctrl+b"),
			PageDown: bind("pgdn", "page down", "pgdown", "ctrl+f", "space"),
			Home:     bind("home/g", "first", "home", "g"),
			End:      bind("end/G", "last", "end", "G"),
			Open:     bind("enter", "open", "enter", "l", "right"),
			Filter:   bind("/", "filter", "/"),
			Refresh:  bind("ctrl+r", "reload", "ctrl+r"),
		},
		Objects: Objects{
			Versions:       bind("v", "versions", "v"),
			PrefixVersions: bind("V", "versions of all here", "V"),
			Restore:        bind("R", "restore as latest…", "R"),
			Details:        bind("i", "details", "i"),
			Copy:           bind("c", "copy…", "c"),
			Search:         bind("enter", "search server by prefix", "enter"),
		},
		Uploads: Uploads{
			Abort:    bind("A", "abort…", "A"),
			Complete: bind("C", "complete…", "C"),
			Continue: bind("c", "continue as copy…", "c"),
		},
		Workbench: Workbench{
			Open:    bind("W", "all buckets' uploads", "W"),
			Mark:    bind("m", "mark", "m"),
			MarkAll: bind("M", "mark all shown", "M"),
			Age:     bind("a", "age filter", "a"),
			Rule:    bind("L", "add abort rule…", "L"),
			Pane:    bind("tab", "buckets/uploads", "tab"),
		},
		Planner: Planner{
			NextField: bind("tab", "next field", "tab"),
			PrevField: bind("shift+tab", "previous field", "shift+tab"),
			Edit:      bind("e", "edit range", "e"),
			Split:     bind("s", "split part", "s"),
			Merge:     bind("m", "merge with next", "m"),
			Add:       bind("a", "add range", "a"),
			Remove:    bind("d", "remove part", "d"),
			Recopy:    bind("r", "copy a stored part again", "r"),
			Start:     bind("ctrl+s", "start copy", "ctrl+s"),
		},
		Jobs: Jobs{
			SwitchPane:  bind("tab", "jobs/parts", "tab"),
			Details:     bind("enter", "details", "enter"),
			Retry:       bind("r", "retry part", "r"),
			RetryFailed: bind("R", "retry failed", "R"),
			EditPart:    bind("e", "edit part", "e"),
			Cancel:      bind("x", "cancel job", "x"),
			Complete:    bind("C", "complete…", "C"),
			Abort:       bind("A", "abort…", "A"),
			Dismiss:     bind("d", "dismiss…", "d"),
		},
		Capabilities: Capabilities{
			Probe:  bind("p", "probe…", "p"),
			Checks: bind("tab", "facts/checks", "tab"),
		},
		Confirm: Confirm{
			Yes: bind("y", "yes", "y", "Y"),
			No:  bind("n/esc", "no", "n", "N", "esc"),
			Alt: bind("a", "the other answer", "a", "A"),
		},
		Form: Form{
			Submit: bind("enter", "done", "enter"),
			Cancel: bind("esc", "cancel", "esc"),
			Next:   bind("tab", "next field", "tab"),
			Prev:   bind("shift+tab", "previous field", "shift+tab"),
		},
	}
}

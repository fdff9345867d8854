package cli

import (
	"fmt"
	"runtime/debug"

	mango "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
)

// version is what Go recorded in the binary: the module version of an
// installed release, else the revision and time of the checkout it was
// built from (with "+dirty" for uncommitted changes).
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown (no build information)"
	}
	v := info.Main.Version
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	rev, at := settings["vcs.revision"], settings["vcs.time"]
	if v != "" && v != "(devel)" {
		return v
	}
	if rev == "" {
		return fmt.Sprintf("devel (%s, no version control information)", info.GoVersion)
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if settings["vcs.modified"] == "true" {
		rev += "+dirty"
	}
	return fmt.Sprintf("devel %s %s (%s)", rev, at, info.GoVersion)
}

func (a *app) manCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Print the manual page (roff): s3parts man | man -l -",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			page, err := mango.NewManPage(1, cmd.Root())
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(a.jsonOut, page.Build(roff.NewDocument()))
			return err
		},
	}
}

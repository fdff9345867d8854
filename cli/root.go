// Package cli holds s3parts' headless commands: copy, buckets, ls, uploads,
// parts, abort and complete. They print plain text or JSON for scripts and
// map every outcome to an exit code: 0 success, 1 the operation failed, 2 a
// usage error (named in one line, before any request is sent).
package cli

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/probes"
	"s3parts/provider"
)

// Exit codes.
const (
	ExitOK     = 0
	ExitFailed = 1
	ExitUsage  = 2
)

// usageError marks bad input: exit code 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// TUIFunc starts the terminal UI on a client and the job service; main
// supplies it so this package does not depend on the UI.
type TUIFunc func(ctx context.Context, c *provider.Client, svc *jobs.Service, cmds jobs.Commands) error

// Env is what the commands run with.
type Env struct {
	// Stdin is where questions are answered, when it is a terminal.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// TUI starts the terminal UI (nil: this build has none).
	TUI TUIFunc
	// Self is how a person runs s3parts, for the commands printed for them
	// to run next: "s3parts" (the default), "go run ./demo --" in the demo.
	Self string
}

// app is what every command shares: the global flags and the Env.
type app struct {
	conn      provider.Options
	pathFlag  bool
	yes       bool
	noJournal bool
	self      string
	stdin     io.Reader
	global    *pflag.FlagSet
	stdout    io.Writer
	stderr    io.Writer
	// jsonOut and progressOut are the streams as given (see NewRoot).
	jsonOut     io.Writer
	progressOut io.Writer
	tui         TUIFunc
}

// NewRoot builds the command tree.
func NewRoot(env Env) *cobra.Command {
	// What s3parts writes for a person shows keys, ids and messages with
	// their control and bidi characters made visible; JSON keeps the exact
	// values, and the live progress line its own escape sequences.
	a := &app{stdout: visibleWriter{env.Stdout}, stderr: visibleWriter{env.Stderr}, jsonOut: env.Stdout, progressOut: env.Stderr,
		tui: env.TUI, stdin: env.Stdin, self: cmp.Or(env.Self, "s3parts")}
	stdout, stderr := env.Stdout, env.Stderr
	root := &cobra.Command{
		Use:   "s3parts",
		Short: "Multipart copies, uploads and parts on S3-compatible storage",
		Long: "s3parts copies objects of any size with UploadPartCopy, part by part, and shows and cleans up " +
			"in-progress multipart uploads, on AWS S3, Tencent COS, JD Cloud OSS, MinIO and Ceph.\n\n" +
			"Without a command it starts the terminal UI.",
		Args:          usageArgs(cobra.NoArgs),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client(cmd.Context())
			if err != nil {
				return err
			}
			if a.tui == nil {
				return errors.New("this build has no terminal UI")
			}
			svc, err := a.jobService(c, "the terminal UI", flowFlags{maxConcurrency: provider.DefaultMaxConcurrency})
			if err != nil {
				return err
			}
			return a.tui(cmd.Context(), c, svc, a.commands(svc))
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	f := root.PersistentFlags()
	a.global = f
	f.StringVar(&a.conn.Profile, "profile", "", "profile in the shared AWS config (default: $AWS_PROFILE, else default)")
	f.StringVar(&a.conn.Endpoint, "endpoint", "", "S3 endpoint URL (default: $AWS_ENDPOINT_URL_S3, or the provider's)")
	f.StringVar(&a.conn.Region, "region", "", "region (default: $AWS_REGION or the profile's)")
	f.StringVar(&a.conn.Provider, "provider", "", "provider preset: "+strings.Join(provider.PresetNames(), ", ")+" (default: guessed from the endpoint)")
	f.BoolVar(&a.pathFlag, "path-style", false, "use path-style addressing (default: the preset's)")
	f.BoolVar(&a.conn.ReadOnly, "read-only", false, "refuse every request that would change a bucket")
	f.BoolVar(&a.conn.Insecure, "insecure", false, "do not verify TLS certificates (a warning stays on screen)")
	f.BoolVarP(&a.yes, "yes", "y", false, "answer yes to the questions before abort, complete and overwriting a key (for scripts)")
	f.BoolVar(&a.noJournal, "no-journal", false, "run copies without a journal: nothing to resume after a crash")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })

	root.AddCommand(a.copyCmd(), a.bucketsCmd(), a.lsCmd(), a.uploadsCmd(), a.partsCmd(), a.abortCmd(), a.completeCmd(),
		a.jobsCmd(), a.resumeCmd(), a.probeCmd(), a.lifecycleCmd(), a.manCmd())
	for _, c := range root.Commands() {
		c.SilenceUsage, c.SilenceErrors = true, true
	}
	return root
}

// Execute runs the command line and returns the exit code. Plain cobra:
// nothing here asks the terminal anything (fang's styled help queried the
// terminal's background on every help and every error, and waited seconds
// for a terminal that does not answer, NO_COLOR or not).
func Execute(ctx context.Context, args []string, env Env) int {
	root := NewRoot(env)
	root.SetArgs(args)
	root.Version = version()
	root.SetVersionTemplate("s3parts {{.Version}}\n")
	err := root.ExecuteContext(ctx)
	if err != nil {
		fmt.Fprintln(root.ErrOrStderr(), "s3parts: "+oneLine(err.Error()))
	}
	switch {
	case err == nil:
		return ExitOK
	case isUsage(err):
		return ExitUsage
	}
	return ExitFailed
}

func isUsage(err error) bool {
	var u usageError
	if errors.As(err, &u) {
		return true
	}
	// cobra reports unknown commands and flags as plain errors.
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// oneLine is a message on one line, with what could forge a terminal
// made visible (a key in an error may hold anything).
func oneLine(s string) string { return model.Visible(strings.Join(strings.Fields(s), " ")) }

// visibleWriter writes text with its control and bidi characters made
// visible (model.VisibleText): newlines stay, nothing else hides.
type visibleWriter struct{ w io.Writer }

func (v visibleWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(v.w, model.VisibleText(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// usageArgs makes an argument-count check report a usage error.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		err := check(cmd, args)
		switch {
		case err == nil:
			return nil
		case !cmd.HasParent() && len(args) > 0:
			return usagef("unknown command %q: see s3parts --help", args[0])
		}
		return usageError{fmt.Errorf("%s: %w (usage: %s)", cmd.Name(), err, cmd.UseLine())}
	}
}

// errDeclined: the person answered no; nothing was changed.
var errDeclined = errors.New("not confirmed: nothing was changed")

// confirm asks a yes/no question on the terminal before something that
// cannot be undone. With --yes it is yes; without a terminal to ask on it
// is a usage error, so a script never deletes by default.
func (a *app) confirm(question string) error {
	if a.yes {
		return nil
	}
	in, ok := a.stdin.(*os.File)
	if !ok || !term.IsTerminal(in.Fd()) {
		return usagef("%s: no terminal to ask on; add --yes to go ahead", question)
	}
	fmt.Fprintf(a.stderr, "%s [y/N] ", question)
	line, _ := bufio.NewReader(in).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(line)); a == "y" || a == "yes" {
		return nil
	}
	return errDeclined
}

// client connects with the global flags. Bad flag values are usage errors.
func (a *app) client(ctx context.Context) (*provider.Client, error) {
	return a.clientWith(ctx, a.conn)
}

func (a *app) clientWith(ctx context.Context, o provider.Options) (*provider.Client, error) {
	if o.Provider != "" {
		if _, err := provider.LookupPreset(o.Provider); err != nil {
			return nil, usageError{err}
		}
	}
	if a.global.Changed("path-style") {
		o.PathStyle = &a.pathFlag
	}
	if store, err := probes.Open(); err == nil && o.Probed == nil {
		o.Probed = store.Load
	}
	c, err := provider.New(ctx, o)
	if err != nil {
		return nil, usageError{err}
	}
	if o.Insecure {
		fmt.Fprintln(a.stderr, "warning: --insecure: TLS certificates are not verified; anyone on the path can read and change this traffic")
	}
	return c, nil
}

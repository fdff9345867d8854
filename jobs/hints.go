package jobs

import (
	"fmt"
	"strings"
	"time"

	"s3parts/model"
	"s3parts/provider"
)

// Commands writes the commands s3parts prints for a person to run next,
// each with the flags that reach the job's server.
type Commands struct {
	// Self is how the person runs s3parts: "s3parts", or
	// "go run ./demo --" in the demo.
	Self string
	// Journaled: jobs are in a journal, so `resume JOB` goes on with them.
	Journaled bool
}

// Resume goes on with a job: `resume JOB` when it is journaled, else a
// copy into its upload with the same parts.
func (c Commands) Resume(j model.Job) string {
	if c.Journaled {
		return c.cmd(model.Where{}, append([]string{"resume", j.ID}, keyArgs(j)...)...)
	}
	args := []string{"copy", ShellQuote(j.Plan.Source.String()), ShellQuote(j.Plan.Dest.String()), "--upload-id", ShellQuote(j.UploadID)}
	switch {
	case j.Plan.PartSize > 0:
		args = append(args, "--part-size", fmt.Sprint(j.Plan.PartSize))
	case len(j.Parts) <= 20:
		for _, p := range j.Parts {
			args = append(args, "--range", p.Range.String())
		}
	default:
		args = append(args, fmt.Sprintf("--range … (the job's %d hand-picked ranges)", len(j.Parts)))
	}
	if j.Plan.Conditions.IfMatch == "" {
		args = append(args, "--if-match", "none")
	}
	return c.cmd(j.Where, append(args, keyArgs(j)...)...)
}

// keyArgs are the customer-key flags a job's commands need: the keys are
// never kept, so the person gives the files again (KEYFILE stands for
// each, named by its fingerprint in `jobs show`).
func keyArgs(j model.Job) []string {
	var args []string
	if j.Plan.Target.SSECKey != "" {
		args = append(args, "--sse-c-key", "KEYFILE")
	}
	if j.Plan.SourceAttrs.SSECKey != "" {
		args = append(args, "--source-sse-c-key", "SOURCE_KEYFILE")
	}
	return args
}

// Abort discards a job's upload and its parts.
func (c Commands) Abort(j model.Job) string {
	return c.cmd(j.Where, "abort", ShellQuote(j.Plan.Dest.String()), "--upload-id", ShellQuote(j.UploadID))
}

// Complete completes a job's upload from the parts it holds.
func (c Commands) Complete(j model.Job) string {
	return c.cmd(j.Where, "complete", ShellQuote(j.Plan.Dest.String()), "--upload-id", ShellQuote(j.UploadID))
}

// Copy copies a job's source anew, with the job's conditions but its
// If-Match (the new copy takes the source's ETag as it is then).
func (c Commands) Copy(j model.Job) string {
	args := []string{"copy", ShellQuote(j.Plan.Source.String()), ShellQuote(j.Plan.Dest.String())}
	cond := j.Plan.Conditions
	if cond.IfNoneMatch != "" {
		args = append(args, "--if-none-match", ShellQuote(cond.IfNoneMatch))
	}
	if !cond.IfModifiedSince.IsZero() {
		args = append(args, "--if-modified-since", cond.IfModifiedSince.UTC().Format(time.RFC3339))
	}
	if !cond.IfUnmodifiedSince.IsZero() {
		args = append(args, "--if-unmodified-since", cond.IfUnmodifiedSince.UTC().Format(time.RFC3339))
	}
	return c.cmd(j.Where, append(args, keyArgs(j)...)...)
}

func (c Commands) cmd(w model.Where, args ...string) string {
	return strings.Join(append(append([]string{cmpOr(c.Self, "s3parts")}, Flags(w)...), args...), " ")
}

// Flags are the global flags that reach the server w names, leaving out
// what the defaults give anyway.
func Flags(w model.Where) []string {
	var f []string
	if w.Endpoint != "" {
		f = append(f, "--endpoint", ShellQuote(w.Endpoint))
	}
	if w.Profile != "" && w.Profile != "default" {
		f = append(f, "--profile", ShellQuote(w.Profile))
	}
	if w.Region != "" && w.Region != "us-east-1" {
		f = append(f, "--region", ShellQuote(w.Region))
	}
	guess := provider.GuessPreset(w.Endpoint)
	if w.Provider != "" && w.Provider != guess.Name {
		f = append(f, "--provider", w.Provider)
	}
	preset := guess
	if p, err := provider.LookupPreset(w.Provider); err == nil {
		preset = p
	}
	if w.Endpoint != "" && w.PathStyle != preset.PathStyle {
		f = append(f, fmt.Sprintf("--path-style=%v", w.PathStyle))
	}
	return f
}

// ShellQuote quotes s for a POSIX shell when it needs it. A string with a
// control or bidi character is written in ANSI-C quoting ($'…\x1b…'),
// which bash, zsh and ksh read back exactly and which shows every such
// character: a command printed for a person is both safe to read and
// right to paste.
func ShellQuote(s string) string {
	if model.Visible(s) != s {
		var b strings.Builder
		b.WriteString("$'")
		for _, r := range s {
			switch {
			case r == '\\' || r == '\'':
				b.WriteString("\\" + string(r))
			case r == '\n':
				b.WriteString(`\n`)
			case r == '\t':
				b.WriteString(`\t`)
			case r == '\r':
				b.WriteString(`\r`)
			case r < 0x20 || r == 0x7f:
				fmt.Fprintf(&b, `\x%02x`, r)
			case model.Visible(string(r)) != string(r):
				// Its UTF-8 bytes: bash reads \u only in a UTF-8 locale
				// (under LANG=C it would keep "\u202e" as text).
				for _, c := range []byte(string(r)) {
					fmt.Fprintf(&b, `\x%02x`, c)
				}
			default:
				b.WriteRune(r)
			}
		}
		return b.String() + "'"
	}
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/:._-=~+@,%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

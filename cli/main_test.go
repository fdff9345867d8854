package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"s3parts/cli"
	"s3parts/internal/s3test"
)

// srv is the S3 server every test here talks to: versitygw in-process, or
// the endpoint in S3PARTS_TEST_ENDPOINT.
var srv *s3test.Server

// childArgs, when set, makes this test binary a child process that runs
// one s3parts command (the crash test kills it) against the parent's
// server, whose address it inherits in the environment.
const childArgs = "S3PARTS_TEST_CHILD_ARGS"

// sharedState is the job journal's place (XDG_STATE_HOME) for the whole
// test binary; isolate moves each test off it.
var sharedState string

func TestMain(m *testing.M) {
	if spec := os.Getenv(rawLoopEnv); spec != "" {
		// The client-overhead benchmark's raw SDK loop, as a process of
		// its own (overhead_bench_test.go).
		if err := rawLoop(spec); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if args := os.Getenv(childArgs); args != "" {
		// As main does it: the child is interrupted as a person would.
		ctx, stop := cli.SignalContext(os.Stderr)
		code := cli.Execute(ctx, strings.Split(args, "\x1f"), cli.Env{Stdout: os.Stdout, Stderr: os.Stderr})
		stop()
		os.Exit(code)
	}
	os.Exit(s3test.Main(m, func(s *s3test.Server) { srv, sharedState = s, os.Getenv("XDG_STATE_HOME") }))
}

// isolate gives the test a job journal of its own, so that what `jobs`
// lists and which job `resume` picks never depend on the tests that ran
// before it. A subtest keeps its parent's; child processes inherit it.
func isolate(t testing.TB) {
	t.Helper()
	if os.Getenv("XDG_STATE_HOME") == sharedState {
		t.Setenv("XDG_STATE_HOME", t.TempDir())
	}
}

// result is one command run.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// run executes s3parts with args in-process, as a script would: with no
// terminal to ask on, whatever terminal the tests were started from.
func run(t testing.TB, args ...string) result {
	t.Helper()
	isolate(t)
	var out, errb bytes.Buffer
	code := cli.Execute(context.Background(), args, cli.Env{Stdout: &out, Stderr: &errb})
	return result{code, out.String(), errb.String()}
}

// mustRun runs and fails the test unless the exit code is want.
func mustRun(t testing.TB, want int, args ...string) result {
	t.Helper()
	r := run(t, args...)
	if r.code != want {
		t.Fatalf("s3parts %s: want exit %d, got %s", strings.Join(args, " "), want, r)
	}
	return r
}

func ref(bucket, key string) string { return "s3://" + bucket + "/" + key }

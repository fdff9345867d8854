// Command demo starts a real S3 server (versitygw) in this process, fills it
// with buckets, versions, delete markers, objects from a few bytes to over
// 1 GiB, and an unfinished multipart upload, then opens s3parts on it.
//
//	go run ./demo                      the TUI on a fresh temporary server
//	go run ./demo --dir /tmp/s3demo    keep the data between runs
//	go run ./demo -- ls s3://demo-media/   any s3parts command instead
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"s3parts/cli"
	"s3parts/internal/s3test"
	"s3parts/ui"
)

func main() {
	dir := flag.String("dir", "", "keep the server's data in `DIR` (default: a temporary directory, removed on exit)")
	addr := flag.String("addr", "127.0.0.1:0", "listen on `HOST:PORT` (default: a free loopback port)")
	bigSize := flag.Int64("big", 1<<30+100<<20, "size in bytes of the largest demo object")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go run ./demo [flags] [-- s3parts command...]\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	os.Exit(run(*dir, *addr, *bigSize, flag.Args()))
}

func run(dir, addr string, bigSize int64, args []string) int {
	if dir != "" {
		abs, err := filepath.Abs(dir) // the gateway changes the working directory
		if err != nil {
			fmt.Fprintln(os.Stderr, "demo:", err)
			return 1
		}
		dir = abs
	}
	if addr == "127.0.0.1:0" {
		addr = ""
		// A demo that keeps its data keeps its address too: its journaled
		// jobs name the server they were made on, and resume there.
		if dir != "" {
			if b, err := os.ReadFile(filepath.Join(dir, "addr")); err == nil {
				addr = strings.TrimSpace(string(b))
			}
		}
	}
	// The gateway prints its start-up notes on stdout; keep stdout for the
	// command's output (--json stays valid JSON).
	stdout := os.Stdout
	os.Stdout = os.Stderr
	srv, err := s3test.StartGateway(s3test.Options{Dir: dir, Addr: addr})
	os.Stdout = stdout
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo: starting the S3 server:", err)
		return 1
	}
	defer srv.Stop()
	if dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "addr"), []byte(strings.TrimPrefix(srv.Endpoint, "http://")+"\n"), 0o644)
	}
	ctx, stop := cli.SignalContext(os.Stderr)
	defer stop()
	if err := seed(ctx, srv, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "demo: seeding:", err)
		return 1
	}
	tui := ui.Run
	if len(args) == 0 {
		// The UI opens now; the largest object is written behind it, its
		// progress in the footer.
		progress := make(chan string, 1)
		tui = ui.Runner(ui.Options{Background: progress})
		go func() {
			defer close(progress)
			say := func(s string) {
				select {
				case progress <- s:
				case <-ctx.Done():
				}
			}
			switch wrote, err := seedBig(ctx, srv, bigSize, say); {
			case err != nil && ctx.Err() == nil:
				say("demo: writing the largest object failed: " + err.Error())
			case wrote:
				say(fmt.Sprintf("demo: %s/%s is written (%d MiB)", mediaBucket, bigKey, bigSize/mib))
			}
		}()
	} else {
		// A command may name the largest object: it is written first.
		var once sync.Once
		say := func(string) {
			once.Do(func() { fmt.Fprintf(os.Stderr, "demo: writing %s/%s (%d MiB)…\n", mediaBucket, bigKey, bigSize/mib) })
		}
		if _, err := seedBig(ctx, srv, bigSize, say); err != nil {
			fmt.Fprintln(os.Stderr, "demo: seeding:", err)
			return 1
		}
	}
	if err := srv.SetEnv(os.Setenv); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "demo S3 server at %s (data in %s)\n", srv.Endpoint, srv.Dir)
	self := "go run ./demo --"
	if dir != "" {
		self = "go run ./demo --dir " + dir + " --" // the same server, with its data and journal
	}
	code := cli.Execute(ctx, args, cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, TUI: tui, Self: self})
	if dir == "" && len(args) == 0 {
		fmt.Fprintln(os.Stderr, "demo: the server's data and the job journal are removed now; run the demo with --dir DIR to keep them and resume jobs later")
	}
	return code
}

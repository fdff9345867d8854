// Command s3parts copies large objects part by part with UploadPartCopy and
// manages multipart uploads on S3-compatible storage, from a terminal UI or
// from scripts.
package main

import (
	"os"

	"s3parts/cli"
	"s3parts/ui"
)

func main() {
	ctx, stop := cli.SignalContext(os.Stderr)
	code := cli.Execute(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, TUI: ui.Run})
	stop()
	os.Exit(code)
}

package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// ExitInterrupted is the exit code of a second interrupt.
const ExitInterrupted = 130

// SignalContext is cancelled by the first SIGINT or SIGTERM: a copy then
// stops its parts, journals itself as cancelled and says what is left
// where. A second signal exits at once — nothing blocks a person who
// insists — saying where things stand. stop releases the signals.
func SignalContext(stderr io.Writer) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
		case <-done:
			return
		}
		fmt.Fprintln(stderr, "s3parts: stopping (interrupt again to exit at once)…")
		cancel()
		select {
		case <-sigs:
		case <-done:
			return
		}
		fmt.Fprintln(stderr, "s3parts: exiting now. A running copy is in the journal as it was last written (s3parts jobs lists it; s3parts resume goes on), and its upload stays open.")
		os.Exit(ExitInterrupted)
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}

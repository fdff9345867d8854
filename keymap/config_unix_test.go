//go:build unix

package keymap

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A keys.json that is a FIFO (or a device) is refused at once instead of
// blocking the start until something writes to it.
func TestLoadRefusesWhatIsNotARegularFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan error, 1)
	go func() { _, err := Load(path); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("want a refusal naming the file, got %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Load blocked on a FIFO")
	}
}

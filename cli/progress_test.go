package cli

import (
	"strings"
	"testing"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/provider"
)

// The progress line says how many parts are in flight and why while they
// copy; a finished line does not.
func TestProgressLineSaysTheFlow(t *testing.T) {
	in := jobs.Info{Phase: provider.PhaseCopying, Active: true,
		Progress: model.Progress{PartsDone: 3, PartsTotal: 64, PartsRunning: 12, BytesDone: 3 << 20, BytesTotal: 64 << 20},
		Flow:     provider.Flow{InFlight: 12, Limit: 48, Auto: true, Why: "backing off: SlowDown"}}
	p := &progress{}
	if got, want := p.summary(in, false), "12/48 in flight (backing off: SlowDown)"; !strings.Contains(got, want) {
		t.Errorf("progress line %q lacks %q", got, want)
	}
	if got := p.summary(in, true); strings.Contains(got, "backing off") {
		t.Errorf("the final line %q still tells the flow", got)
	}
	in.Flow = provider.Flow{}
	if got, want := p.summary(in, false), ", 12 in flight"; !strings.Contains(got, want) {
		t.Errorf("without a flow, progress line %q lacks %q", got, want)
	}
}

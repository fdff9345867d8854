package cli

import (
	"testing"

	"s3parts/provider"
)

// The dry run says what the engine will do: a fixed number is capped by
// the provider alone, the automatic one by --max-concurrency too.
func TestInFlightPlanSaysWhatTheEngineDoes(t *testing.T) {
	do, _ := provider.LookupPreset("digitalocean")
	generic, _ := provider.LookupPreset("generic")
	for _, c := range []struct {
		f     flowFlags
		p     provider.Preset
		parts int
		want  string
	}{
		{flowFlags{concurrency: 200, maxConcurrency: 128}, generic, 500, "200, fixed by --concurrency"},
		{flowFlags{concurrency: 200, maxConcurrency: 128}, do, 500, "10, fixed by --concurrency (the digitalocean provider allows 10)"},
		{flowFlags{maxConcurrency: 128}, generic, 500, "found while copying: from 64, up to 128 while the rate rises, fewer when the service asks to slow down"},
		{flowFlags{maxConcurrency: 128}, do, 500, "found while copying: from 10, up to 10 while the rate rises, fewer when the service asks to slow down (the digitalocean provider allows 10)"},
		{flowFlags{maxConcurrency: 32}, generic, 3, "found while copying: from 3, up to 32 while the rate rises, fewer when the service asks to slow down"},
	} {
		if got := inFlightPlan(c.f, c.p, c.parts); got != c.want {
			t.Errorf("inFlightPlan(%+v, %s, %d) = %q, want %q", c.f, c.p.Name, c.parts, got, c.want)
		}
	}
}

package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"s3parts/model"

	"s3parts/provider"
)

// maxConcurrency bounds both flags: beyond it a service throttles long
// before it copies faster.
const maxConcurrency = 512

// flowFlags say how many part copies run at once: found by the engine
// (auto, up to --max-concurrency) unless --concurrency fixes it.
type flowFlags struct {
	concurrency    int
	maxConcurrency int
	set            *pflag.FlagSet // to tell --concurrency 0 from no flag
}

func (f *flowFlags) add(fl *pflag.FlagSet) {
	f.set = fl
	fl.IntVar(&f.concurrency, "concurrency", 0,
		"fix the part copies in flight (default: found while copying, from 64 up while the rate rises, down when the service asks to slow down)")
	fl.IntVar(&f.maxConcurrency, "max-concurrency", provider.DefaultMaxConcurrency,
		"the most part copies in flight the automatic concurrency may reach")
}

func (f *flowFlags) validate() error {
	given := f.set != nil && f.set.Changed("concurrency")
	if f.concurrency < 0 || f.concurrency > maxConcurrency || (given && f.concurrency == 0) {
		return usagef("--concurrency %d is outside 1-%d (leave it out to find it while copying)", f.concurrency, maxConcurrency)
	}
	if f.maxConcurrency < 1 || f.maxConcurrency > maxConcurrency {
		return usagef("--max-concurrency %d is outside 1-%d", f.maxConcurrency, maxConcurrency)
	}
	return nil
}

// inFlightPlan says, for a dry run, how many part copies will run at once.
func inFlightPlan(f flowFlags, p provider.Preset, parts int) string {
	// What the engine does: --concurrency is capped by the provider alone,
	// the automatic number by --max-concurrency and the provider.
	capped := func(n int) string {
		if p.CapConcurrency(n) < n {
			return fmt.Sprintf(" (the %s provider allows %d)", p.Name, p.MaxConcurrency)
		}
		return ""
	}
	if f.concurrency > 0 {
		return fmt.Sprintf("%d, fixed by --concurrency%s", p.CapConcurrency(f.concurrency), capped(f.concurrency))
	}
	ceiling := p.CapConcurrency(f.maxConcurrency)
	return fmt.Sprintf("found while copying: from %d, up to %d while the rate rises, fewer when the service asks to slow down%s",
		min(model.AutoInFlight, parts, ceiling), ceiling, capped(f.maxConcurrency))
}

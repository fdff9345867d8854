package cli

import (
	"fmt"
	"strings"

	"s3parts/model"
	"s3parts/provider"
)

// factsLine says where the rules a copy goes by come from: a probe of
// this endpoint (and when), or the preset's guesses.
func factsLine(c *provider.Client, bucket string) string {
	r, ok := c.Probe()
	if !ok {
		return fmt.Sprintf("the %s preset's guesses: this endpoint was never probed (%s)", c.Guess().Name, probeHint(bucket))
	}
	var probed, guessed []string
	for _, f := range c.Facts() {
		if f.IsProbed() {
			probed = append(probed, f.Name)
		} else {
			guessed = append(guessed, f.Name)
		}
	}
	line := fmt.Sprintf("probed %s: %s", r.Taken.UTC().Format("2006-01-02 15:04 UTC"), strings.Join(probed, ", "))
	if len(guessed) > 0 {
		line += fmt.Sprintf("; guessed (preset %s): %s", c.Guess().Name, strings.Join(guessed, ", "))
	}
	return line
}

// rulesLine is factsLine in a few words, for the dry run.
func rulesLine(c *provider.Client, bucket string) string {
	if _, ok := c.Probe(); !ok {
		return factsLine(c, bucket)
	}
	return c.RulesSource() + " (s3parts probe --show lists them)"
}

func probeHint(bucket string) string {
	if bucket == "" {
		bucket = "BUCKET"
	}
	return "s3parts probe s3://" + bucket + "/ checks them"
}

// conditionsWarning says, before a copy with conditions starts on an
// endpoint that does not enforce them (or may not), what protects the
// copy instead; empty where they are enforced.
func conditionsWarning(c *provider.Client, plan model.Plan) string {
	p := c.Preset()
	if !p.ConditionsUnverified || plan.Conditions.IsZero() {
		return ""
	}
	instead := "s3parts reads the source's ETag again before and after completing, and refuses to call a copy good if it changed"
	for _, f := range c.Facts() {
		if f.Name == "copy-source conditions enforced" && f.IsProbed() {
			return fmt.Sprintf("warning: the probe of this endpoint found copy-source conditions not enforced (%s): %s would not stop a part copy; %s",
				f.Seen, plan.Conditions, instead)
		}
	}
	return fmt.Sprintf("warning: provider %s may ignore copy-source conditions (%s; %s): %s",
		p.Name, "not documented", probeHint(plan.Source.Bucket), instead)
}

package provider_test

import (
	"testing"

	"s3parts/provider"
)

// One condition found ignored is enough to count conditions as not
// enforced, even where another check could not tell; all four held is
// needed for "enforced"; nothing told leaves the preset's guess.
func TestProbedConditions(t *testing.T) {
	aws, err := provider.LookupPreset("aws")
	if err != nil {
		t.Fatal(err)
	}
	report := func(o ...provider.Outcome) provider.ProbeReport {
		ids := []provider.CheckID{provider.CheckIfMatch, provider.CheckIfNoneMatch, provider.CheckIfModifiedSince, provider.CheckIfUnmodifiedSince}
		var r provider.ProbeReport
		for i, id := range ids {
			r.Checks = append(r.Checks, provider.Check{ID: id, Outcome: o[i]})
		}
		return r
	}
	Y, N, U := provider.Yes, provider.No, provider.Unknown
	for _, tc := range []struct {
		name       string
		r          provider.ProbeReport
		unverified bool
	}{
		{"if-match ignored, one unknown", report(N, Y, U, Y), true},
		{"all held", report(Y, Y, Y, Y), false},
		{"one unknown, none ignored: the guess stands", report(Y, U, Y, Y), aws.ConditionsUnverified},
	} {
		if got := aws.WithProbe(tc.r).ConditionsUnverified; got != tc.unverified {
			t.Errorf("%s: ConditionsUnverified %v, want %v", tc.name, got, tc.unverified)
		}
	}
}

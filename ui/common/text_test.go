package common

import (
	"testing"
	"time"
)

// Ages are relative to the clock passed in; a server clock ahead of ours
// (skew) must never show a negative age.
func TestFmtAge(t *testing.T) {
	now := time.Now()
	cases := []struct {
		ago  time.Duration
		want string
	}{
		{-70 * time.Minute, "now"}, // the server's clock is 70 minutes ahead
		{-time.Second, "now"},
		{0, "now"},
		{59 * time.Second, "now"},
		{time.Minute, "1m"},
		{59 * time.Minute, "59m"},
		{47 * time.Hour, "47h"},
		{48 * time.Hour, "2d"},
		{999 * 24 * time.Hour, "999d"},
		{3 * 365 * 24 * time.Hour, "3y"},
	}
	for _, c := range cases {
		if got := FmtAge(now, now.Add(-c.ago)); got != c.want {
			t.Errorf("FmtAge(now, now-%v) = %q, want %q", c.ago, got, c.want)
		}
		if got := FmtAge(now, now.Add(-c.ago)); len(got) > 4 {
			t.Errorf("FmtAge(now, now-%v) = %q: wider than the AGE column", c.ago, got)
		}
	}
	if got := FmtAge(now, time.Time{}); got != "-" {
		t.Errorf("fmtAge of an unknown time = %q, want -", got)
	}
}

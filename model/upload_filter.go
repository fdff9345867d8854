package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseAge reads an age as people write it for clean-ups: "7d", "36h",
// "2w", "90m", or a Go duration ("1h30m"). Days are 24 hours.
func ParseAge(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("age %q is empty: write it like 7d, 36h or 2w", s)
	}
	unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	if u, ok := unit[t[len(t)-1]]; ok {
		n, err := strconv.ParseFloat(t[:len(t)-1], 64)
		if err != nil || n < 0 || n > 36500 {
			return 0, fmt.Errorf("age %q is not a number of %s: write it like 7d, 36h or 2w", s, map[byte]string{'d': "days", 'w': "weeks"}[t[len(t)-1]])
		}
		return time.Duration(n * float64(u)), nil
	}
	d, err := time.ParseDuration(t)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("age %q is not an age: write it like 7d, 36h or 2w", s)
	}
	return d, nil
}

// UploadFilter picks uploads for a clean-up. A zero field picks all.
type UploadFilter struct {
	// OlderThan: started at least this long ago. An upload whose start
	// the server did not say is never old enough.
	OlderThan time.Duration
	Prefix    string
	Buckets   []string
	// NotOwned leaves out uploads an unfinished s3parts job owns (it may
	// still go on with them).
	NotOwned bool
}

// Match reports whether the filter picks u, and if not, why.
func (f UploadFilter) Match(u HeldUpload, now time.Time) (bool, string) {
	switch {
	case len(f.Buckets) > 0 && !contains(f.Buckets, u.Bucket):
		return false, "another bucket"
	case !strings.HasPrefix(u.Key, f.Prefix):
		return false, "another prefix"
	case f.OlderThan > 0 && (u.Initiated.IsZero() || u.Age(now) < f.OlderThan):
		return false, "younger than " + FormatAge(f.OlderThan)
	case f.NotOwned && u.Job != "":
		return false, "owned by job " + u.Job
	}
	return true, ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Select is the uploads of inv the filter picks, in inventory order.
func (f UploadFilter) Select(inv Inventory, now time.Time) []HeldUpload {
	var out []HeldUpload
	for _, b := range inv.Buckets {
		for _, u := range b.Uploads {
			if ok, _ := f.Match(u, now); ok {
				out = append(out, u)
			}
		}
	}
	return out
}

// FormatAge writes an age in its largest whole unit: "45s", "12m", "5h",
// "3d", "2y" (years of 365 days).
func FormatAge(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	case d < 2*365*24*time.Hour:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	}
	return fmt.Sprintf("%dy", int(d.Hours()/24/365))
}

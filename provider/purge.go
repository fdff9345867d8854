package provider

import (
	"fmt"
	"time"
)

// staleUploadSweep: how often MinIO looks for stale uploads
// (stale_uploads_cleanup_interval, 6h by default).
const staleUploadSweep = 6 * time.Hour

// UploadPurge says when the provider will delete an unfinished upload
// started at initiated, by itself ("" when it keeps them, or the start is
// not known): "MinIO purges it about 2026-11-30 22:15 UTC (24 h after it
// was started)". One already past its expiry at now waits for the next
// sweep.
func (p Preset) UploadPurge(initiated, now time.Time) string {
	if p.StaleUploadExpiry <= 0 || initiated.IsZero() {
		return ""
	}
	who, after := p.brand(), hours(p.StaleUploadExpiry)
	at := initiated.Add(p.StaleUploadExpiry)
	if !now.IsZero() && at.Before(now) {
		return fmt.Sprintf("%s purges it at its next sweep for stale uploads (every %s): it was started more than %s ago", who, hours(staleUploadSweep), after)
	}
	return fmt.Sprintf("%s purges it about %s (%s after it was started)", who, at.UTC().Format("2006-01-02 15:04 UTC"), after)
}

// brand is the provider's name as it writes it.
func (p Preset) brand() string {
	if p.Name == "minio" {
		return "MinIO"
	}
	return p.Name
}

// hours writes a whole number of hours as "24 h", anything else as Go does.
func hours(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d h", d/time.Hour)
	}
	return d.String()
}

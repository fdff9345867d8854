package provider_test

import (
	"testing"
	"time"

	"s3parts/provider"
)

func TestUploadPurgeNamesMinIOsExpiry(t *testing.T) {
	minio, err := provider.LookupPreset("minio")
	if err != nil {
		t.Fatal(err)
	}
	started := time.Date(2026, 11, 29, 23, 15, 30, 0, time.FixedZone("CET", 3600))
	now := started.Add(time.Hour)
	if got, want := minio.UploadPurge(started, now), "MinIO purges it about 2026-11-30 22:15 UTC (24 h after it was started)"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got, want := minio.UploadPurge(started, started.Add(30*time.Hour)), "MinIO purges it at its next sweep for stale uploads (every 6 h): it was started more than 24 h ago"; got != want {
		t.Errorf("past its expiry:\ngot  %q\nwant %q", got, want)
	}
	if got := minio.UploadPurge(time.Time{}, now); got != "" {
		t.Errorf("unknown start: %q", got)
	}
	for _, name := range []string{"aws", "ceph", "generic"} {
		p, _ := provider.LookupPreset(name)
		if got := p.UploadPurge(started, now); got != "" {
			t.Errorf("%s keeps its uploads, yet: %q", name, got)
		}
	}
}

package model

import (
	"strings"
	"testing"
	"time"
)

func TestParseAge(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"7d": 7 * 24 * time.Hour, "36h": 36 * time.Hour, "2w": 14 * 24 * time.Hour, "90m": 90 * time.Minute,
		"1h30m": 90 * time.Minute, "0s": 0, "1.5d": 36 * time.Hour, " 3d ": 3 * 24 * time.Hour,
	} {
		if got, err := ParseAge(in); err != nil || got != want {
			t.Errorf("ParseAge(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "d", "-3d", "seven days", "7x", "-1h", "99999999d"} {
		if _, err := ParseAge(bad); err == nil || !strings.Contains(err.Error(), "\""+bad+"\"") {
			t.Errorf("ParseAge(%q) = %v; want an error naming the value", bad, err)
		}
	}
}

// The filter picks by bucket, prefix, age and ownership; an upload whose
// start is unknown is never old enough to be cleaned up by age.
func TestUploadFilter(t *testing.T) {
	now := time.Date(2030, 1, 10, 12, 0, 0, 0, time.UTC)
	old := HeldUpload{Upload: Upload{Bucket: "b", Key: "logs/a", UploadID: "1", Initiated: now.Add(-8 * 24 * time.Hour)}}
	young := HeldUpload{Upload: Upload{Bucket: "b", Key: "logs/b", UploadID: "2", Initiated: now.Add(-time.Hour)}}
	unknown := HeldUpload{Upload: Upload{Bucket: "b", Key: "logs/c", UploadID: "3"}}
	owned := old
	owned.UploadID, owned.Job = "4", "job-1"
	other := old
	other.Bucket, other.UploadID = "c", "5"
	inv := Inventory{Buckets: []BucketUploads{{Bucket: "b", Uploads: []HeldUpload{old, young, unknown, owned}}, {Bucket: "c", Uploads: []HeldUpload{other}}}}
	ids := func(us []HeldUpload) string {
		var s []string
		for _, u := range us {
			s = append(s, u.UploadID)
		}
		return strings.Join(s, ",")
	}
	for _, tc := range []struct {
		f    UploadFilter
		want string
	}{
		{UploadFilter{}, "1,2,3,4,5"},
		{UploadFilter{OlderThan: 7 * 24 * time.Hour}, "1,4,5"},
		{UploadFilter{OlderThan: 7 * 24 * time.Hour, NotOwned: true}, "1,5"},
		{UploadFilter{Buckets: []string{"c"}}, "5"},
		{UploadFilter{Prefix: "logs/b"}, "2"},
	} {
		if got := ids(tc.f.Select(inv, now)); got != tc.want {
			t.Errorf("%+v picks %s; want %s", tc.f, got, tc.want)
		}
	}
	if ok, why := (UploadFilter{NotOwned: true}).Match(owned, now); ok || !strings.Contains(why, "job-1") {
		t.Errorf("owned upload: %v %q", ok, why)
	}
}

func TestTotals(t *testing.T) {
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	b := BucketUploads{Uploads: []HeldUpload{
		{Upload: Upload{Initiated: t0.Add(time.Hour)}, Parts: 2, Bytes: 10, Sized: true},
		{Upload: Upload{Initiated: t0}},
		{Upload: Upload{}, Parts: 1, Bytes: 5, Sized: true},
	}}
	got := b.Totals()
	if got.Uploads != 3 || got.Parts != 3 || got.Bytes != 15 || got.Unsized != 1 || !got.Oldest.Equal(t0) {
		t.Errorf("totals %+v", got)
	}
}

func TestFormatAge(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Second: "30s", 5 * time.Minute: "5m", 30 * time.Hour: "30h", 72 * time.Hour: "3d", 3 * 365 * 24 * time.Hour: "3y",
	} {
		if got := FormatAge(d); got != want {
			t.Errorf("FormatAge(%v) = %q; want %q", d, got, want)
		}
	}
}

package provider_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"s3parts/internal/s3test"
	"s3parts/provider"
)

// BenchmarkUploadInventory lists the uploads of 50 buckets × 200 uploads
// on a server that takes 30 ms a request (the cloud model in real time),
// and one bucket alone. Listed at once, the 50 take
// about as long as one ("all/one" near 1, against 50 if listed one after
// another). Sizing reads 10,000 ListParts, 64 in flight.
//
//	go test ./provider -run '^$' -bench UploadInventory -benchtime 5x
func BenchmarkUploadInventory(b *testing.B) {
	const buckets, uploads = 50, 200
	cloud := startCloud(b, s3test.CloudModel{})
	var names []string
	for i := range buckets {
		name := fmt.Sprintf("inv-%02d", i)
		names = append(names, name)
		for u := range uploads {
			cloud.AddUpload(name, fmt.Sprintf("key-%03d", u), 2, 5<<20)
		}
	}
	c := newCloudClient(b, cloud)
	ctx := context.Background()
	list := func(b *testing.B, which []string, sizes bool) time.Duration {
		start := time.Now()
		inv, err := c.UploadInventory(ctx, provider.InventoryOptions{Buckets: which, Sizes: sizes, Rules: true})
		if err != nil {
			b.Fatal(err)
		}
		if got := inv.Totals().Uploads; got != len(which)*uploads {
			b.Fatalf("listed %d uploads, want %d", got, len(which)*uploads)
		}
		return time.Since(start)
	}
	var one, all time.Duration
	b.Run("one-bucket", func(b *testing.B) {
		for b.Loop() {
			one += list(b, names[:1], false)
		}
		one /= time.Duration(b.N)
	})
	b.Run("50-buckets", func(b *testing.B) {
		for b.Loop() {
			all += list(b, names, false)
		}
		all /= time.Duration(b.N)
		if one > 0 {
			b.ReportMetric(float64(all)/float64(one), "all/one")
		}
	})
	b.Run("50-buckets-sized", func(b *testing.B) {
		for b.Loop() {
			list(b, names, true)
		}
	})
}

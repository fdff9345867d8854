package provider_test

import (
	"context"
	"sync/atomic"
	"testing"

	"s3parts/internal/s3test"
	"s3parts/model"
	"s3parts/provider"
)

// The uploads of several buckets are listed and sized: the totals are
// what was stored, an upload of more parts than one ListParts page is
// counted whole, and a bucket that cannot be listed does not hide the
// others.
func TestUploadInventory(t *testing.T) {
	c := newClient(t, provider.Options{})
	ctx := context.Background()
	b1, b2 := srv.NewBucket(t, false), srv.NewBucket(t, false)
	// Two uploads in b1 (one of 3 parts), one of 1,002 parts in b2: one
	// ListParts page holds 1,000.
	u1 := srv.CreateUpload(t, b1, "a/one")
	for n := int32(1); n <= 3; n++ {
		srv.UploadPart(t, b1, "a/one", u1, n, s3test.Data(uint64(n), 1000+int(n)))
	}
	srv.CreateUpload(t, b1, "b/empty")
	u3 := srv.CreateUpload(t, b2, "big")
	const many = 1002
	for n := int32(1); n <= many; n++ {
		srv.UploadPart(t, b2, "big", u3, n, []byte{byte(n)})
	}
	var calls atomic.Int64
	inv, err := c.UploadInventory(ctx, provider.InventoryOptions{Buckets: []string{b2, b1, "no-such-bucket-s3parts"}, Sizes: true,
		Progress: func(provider.InventoryProgress) { calls.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]model.BucketUploads{}
	for _, b := range inv.Buckets {
		by[b.Bucket] = b
	}
	if got := by[b1].Totals(); got.Uploads != 2 || got.Parts != 3 || got.Bytes != 1001+1002+1003 || got.Unsized != 0 {
		t.Errorf("%s totals %+v; want 2 uploads, 3 parts, 3006 bytes", b1, got)
	}
	if got := by[b2].Totals(); got.Uploads != 1 || got.Parts != many || got.Bytes != many {
		t.Errorf("%s totals %+v; want 1 upload of %d one-byte parts", b2, got, many)
	}
	if by["no-such-bucket-s3parts"].Err == "" {
		t.Error("a bucket that does not exist has no error")
	}
	if all := inv.Totals(); all.Uploads != 3 || all.Parts != many+3 {
		t.Errorf("totals %+v", all)
	}
	if calls.Load() == 0 {
		t.Error("no progress reported")
	}
	// Unsized: the uploads are listed, their parts left for later.
	quick, err := c.UploadInventory(ctx, provider.InventoryOptions{Buckets: []string{b1}})
	if err != nil {
		t.Fatal(err)
	}
	if got := quick.Totals(); got.Uploads != 2 || got.Unsized != 2 || got.Bytes != 0 {
		t.Errorf("unsized listing totals %+v", got)
	}
	n, bytes, err := c.UploadSize(ctx, quick.Buckets[0].Uploads[0].Upload)
	if err != nil || n != 3 || bytes != 3006 {
		t.Errorf("UploadSize of the oldest = %d parts, %d bytes, %v; want 3, 3006", n, bytes, err)
	}
}

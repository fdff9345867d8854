package provider_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
)

// A listing from a server that stamps whole seconds: the key's latest is a
// version, under it a delete marker and an older version made in the same
// second. Only the order the server sent them in tells which came first;
// a merge by time put the marker under the version made before it.
const sameSecondListing = `<?xml version="1.0" encoding="UTF-8"?>
<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>b</Name><Prefix>k</Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>
  <Version><Key>k</Key><VersionId>v3</VersionId><IsLatest>true</IsLatest><LastModified>2030-01-02T03:04:05.000Z</LastModified><ETag>"c"</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Version>
  <DeleteMarker><Key>k</Key><VersionId>m2</VersionId><IsLatest>false</IsLatest><LastModified>2030-01-02T03:04:05.000Z</LastModified></DeleteMarker>
  <Version><Key>k</Key><VersionId>v1</VersionId><IsLatest>false</IsLatest><LastModified>2030-01-02T03:04:05.000Z</LastModified><ETag>"a"</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Version>
  <Version><Key>k2</Key><VersionId>w1</VersionId><IsLatest>true</IsLatest><LastModified>2030-01-02T03:04:04.000Z</LastModified><ETag>"d"</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Version>
</ListVersionsResult>`

func TestVersionsKeepServerOrderWithinASecond(t *testing.T) {
	c, _ := shapeClient(t, "aws", "us-east-1", shapeAnswer(http.StatusOK, sameSecondListing, "Content-Type", "application/xml"))
	page, err := c.ListVersions(context.Background(), "b", "k", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range page.Versions {
		got = append(got, v.VersionID)
	}
	if want := []string{"v3", "m2", "v1", "w1"}; !slices.Equal(got, want) {
		t.Fatalf("versions listed %v, want the server's order %v", got, want)
	}
}

package provider_test

import (
	"context"
	"strings"
	"testing"

	"s3parts/model"
	"s3parts/provider"
)

// The presets of issue 12 item 3 hold what shared/PROVIDERS.md says of
// their services, and S3's defaults where it says nothing.
func TestPresetMoreServices(t *testing.T) {
	get := func(name string) provider.Preset {
		t.Helper()
		p := lookupPreset(t, name)
		if !p.ChecksumWhenRequired {
			t.Errorf("%s: checksums not WhenRequired", name)
		}
		if p.Limits.MaxParts != 10000 || p.Limits.EqualParts || p.Limits.NoRecopy || p.MaxConcurrency != 0 || p.StaleUploadExpiry != 0 {
			t.Errorf("%s: a rule no source names: %+v", name, p)
		}
		return p
	}
	type want struct {
		template, hint        string
		needsEndpoint, path   bool
		minPart, maxPart      int64
		maxObject             int64
		noPartCopy            bool
		unverified, etagParts bool
	}
	s3 := model.S3Limits
	for name, w := range map[string]want{
		// 100 KB-5 GB, virtual-hosted only, conditions via S3 headers ?,
		// multipart ETag not AWS-style.
		"aliyun": {template: "https://oss-{region}.aliyuncs.com", minPart: 100 * model.KiB, maxPart: 5_000_000_000, maxObject: s3.MaxObjectSize, unverified: true},
		// 100 KB-5 GB, conditions undocumented, ETag = MD5 of MD5s documented.
		"obs": {template: "https://obs.{region}.myhuaweicloud.com", minPart: 100 * model.KiB, maxPart: 5_000_000_000, maxObject: s3.MaxObjectSize, unverified: true, etagParts: true},
		// 5 MB-5 GiB, conditions documented, ETag rule unknown.
		"b2": {template: "https://s3.{region}.backblazeb2.com", minPart: 5 * model.MiB, maxPart: 5 * model.GiB, maxObject: s3.MaxObjectSize},
		// No row: all assumed.
		"wasabi": {template: "https://s3.{region}.wasabisys.com", minPart: s3.MinPartSize, maxPart: s3.MaxPartSize, maxObject: s3.MaxObjectSize, unverified: true},
		// Possibly 10 MiB minimum, path-style, the endpoint names the namespace.
		"oci": {hint: "https://NAMESPACE.compat.objectstorage.REGION.oraclecloud.com", needsEndpoint: true, path: true, minPart: 10 * model.MiB, maxPart: s3.MaxPartSize, maxObject: s3.MaxObjectSize, unverified: true},
		// 5 MB-5 GB, object ≤ 10 TB, path, ETag not AWS-style.
		"ibm":    {template: "https://s3.{region}.cloud-object-storage.appdomain.cloud", path: true, minPart: 5 * model.MiB, maxPart: 5_000_000_000, maxObject: 10_000_000_000_000, unverified: true},
		"linode": {template: "https://{region}.linodeobjects.com", minPart: s3.MinPartSize, maxPart: s3.MaxPartSize, maxObject: s3.MaxObjectSize, unverified: true},
		// No UploadPartCopy.
		"storj":     {template: "https://gateway.storjshare.io", minPart: s3.MinPartSize, maxPart: s3.MaxPartSize, maxObject: s3.MaxObjectSize, noPartCopy: true, unverified: true},
		"seaweedfs": {needsEndpoint: true, path: true, minPart: s3.MinPartSize, maxPart: s3.MaxPartSize, maxObject: s3.MaxObjectSize, unverified: true},
	} {
		p := get(name)
		got := want{p.EndpointTemplate, p.EndpointHint, p.NeedsEndpoint, p.PathStyle, p.Limits.MinPartSize, p.Limits.MaxPartSize,
			p.Limits.MaxObjectSize, p.Limits.NoPartCopy, p.ConditionsUnverified, p.MultipartETagFromParts}
		if got != w {
			t.Errorf("%s preset:\n got %+v\nwant %+v", name, got, w)
		}
		if p.NoListUploads != (name == "aliyun") {
			t.Errorf("%s: NoListUploads = %v", name, p.NoListUploads)
		}
		if p.ConditionRule != model.ConditionsAny || p.RegionRedirects || p.UploadsPrefixQuirk || p.DefaultRegion != "" {
			t.Errorf("%s preset: %+v", name, p)
		}
	}

	for endpoint, want := range map[string]string{
		"https://oss-cn-hangzhou.aliyuncs.com":                           "aliyun",
		"https://bucket.oss-cn-hangzhou.aliyuncs.com":                    "aliyun",
		"https://obs.cn-north-4.myhuaweicloud.com":                       "obs",
		"https://s3.us-west-004.backblazeb2.com":                         "b2",
		"https://s3.eu-central-1.wasabisys.com":                          "wasabi",
		"https://ns.compat.objectstorage.eu-frankfurt-1.oraclecloud.com": "oci",
		"https://s3.us-south.cloud-object-storage.appdomain.cloud":       "ibm",
		"https://us-east-1.linodeobjects.com":                            "linode",
		"https://gateway.storjshare.io":                                  "storj",
		"http://seaweedfs.local:8333":                                    "generic", // SeaweedFS has no domain of its own
		"https://aliyuncs.com.example.org":                               "generic",
		"http://:9000":                                                   "generic", // no host: no exact-host match on ""
	} {
		if got := provider.GuessPreset(endpoint).Name; got != want {
			t.Errorf("GuessPreset(%s) = %s, want %s", endpoint, got, want)
		}
	}

	for name, c := range map[string]struct{ region, want string }{
		"aliyun": {"cn-hangzhou", "https://oss-cn-hangzhou.aliyuncs.com"},
		"obs":    {"cn-north-4", "https://obs.cn-north-4.myhuaweicloud.com"},
		"b2":     {"us-west-004", "https://s3.us-west-004.backblazeb2.com"},
		"wasabi": {"eu-central-1", "https://s3.eu-central-1.wasabisys.com"},
		"ibm":    {"us-south", "https://s3.us-south.cloud-object-storage.appdomain.cloud"},
		"linode": {"us-east-1", "https://us-east-1.linodeobjects.com"},
		"storj":  {"", "https://gateway.storjshare.io"},
		"oci":    {"eu-frankfurt-1", ""}, // --endpoint names the namespace
	} {
		if e, err := get(name).Endpoint(c.region); err != nil || e != c.want {
			t.Errorf("%s endpoint for %q = %q, %v; want %q", name, c.region, e, err, c.want)
		}
	}
	if _, err := get("aliyun").Endpoint(""); err == nil {
		t.Error("aliyun built an endpoint without a region")
	}
}

// oci without --endpoint names the form it takes: the namespace's, not a
// region's alone.
func TestOCINeedsItsNamespaceEndpoint(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	t.Setenv("AWS_ENDPOINT_URL", "")
	_, err := provider.New(context.Background(), provider.Options{Provider: "oci", Region: "eu-frankfurt-1"})
	if err == nil || !strings.Contains(err.Error(), "https://NAMESPACE.compat.objectstorage.REGION.oraclecloud.com") {
		t.Fatalf("error %v, want the endpoint's form named", err)
	}
}

// genericCopyPartBody is the AWS API reference's CopyPartResult shape; no
// page in shared/docs has a sample answer from these services.
const genericCopyPartBody = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyPartResult><ETag>\"b54357faf0632cce46e942fa68356b38\"</ETag><LastModified>2026-01-02T03:04:05.000Z</LastModified></CopyPartResult>"

func sampleCopy(first, last int64) provider.CopyPartInput {
	return provider.CopyPartInput{
		Dest:     model.Ref{Bucket: "dst-bucket", Key: "dir/new-object"},
		UploadID: "UPLOAD-1",
		Number:   3,
		Source:   model.Ref{Bucket: "src-bucket", Key: "dir/old+object"},
		Range:    model.ByteRange{First: first, Last: last},
	}
}

// Aliyun OSS in S3 mode is virtual-hosted only: the bucket is in the host.
func TestShapeAliyunUploadPartCopy(t *testing.T) {
	c, rec := shapeClient(t, "aliyun", "cn-hangzhou", shapeAnswer(200, genericCopyPartBody, "Content-Type", "application/xml"))
	if got, want := c.Endpoint(), "https://oss-cn-hangzhou.aliyuncs.com"; got != want {
		t.Errorf("endpoint %q, want %q", got, want)
	}
	res, err := c.CopyPart(context.Background(), sampleCopy(0, 102399))
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, rec.only(t), wantShape{
		host: "dst-bucket.oss-cn-hangzhou.aliyuncs.com", path: "/dir/new-object", partNumber: "3", uploadID: "UPLOAD-1",
		copySource: "src-bucket/dir/old%2Bobject", copySourceRange: "bytes=0-102399",
		signingRegion: "cn-hangzhou",
	})
	if res.ETag != `"b54357faf0632cce46e942fa68356b38"` {
		t.Errorf("ETag %q", res.ETag)
	}
}

// IBM COS is path-style: the bucket is the path's first segment.
func TestShapeIBMUploadPartCopy(t *testing.T) {
	c, rec := shapeClient(t, "ibm", "us-south", shapeAnswer(200, genericCopyPartBody, "Content-Type", "application/xml"))
	if _, err := c.CopyPart(context.Background(), sampleCopy(5*model.MiB, 10*model.MiB-1)); err != nil {
		t.Fatal(err)
	}
	checkShape(t, rec.only(t), wantShape{
		host: "s3.us-south.cloud-object-storage.appdomain.cloud", path: "/dst-bucket/dir/new-object", partNumber: "3", uploadID: "UPLOAD-1",
		copySource: "src-bucket/dir/old%2Bobject", copySourceRange: "bytes=5242880-10485759",
		signingRegion: "us-south",
	})
}

// Huawei OBS is virtual-hosted on its regional endpoint, and gets no x-id
// (reportedly refused there), with the signature still over what is sent.
func TestShapeOBSUploadPartCopy(t *testing.T) {
	c, rec := shapeClient(t, "obs", "cn-north-4", shapeAnswer(200, genericCopyPartBody, "Content-Type", "application/xml"))
	if _, err := c.CopyPart(context.Background(), sampleCopy(0, 99)); err != nil {
		t.Fatal(err)
	}
	r := rec.only(t)
	verifySigV4(t, r, "cn-north-4")
	checkShape(t, r, wantShape{noXID: true,
		host: "dst-bucket.obs.cn-north-4.myhuaweicloud.com", path: "/dir/new-object", partNumber: "3", uploadID: "UPLOAD-1",
		copySource: "src-bucket/dir/old%2Bobject", copySourceRange: "bytes=0-99",
		signingRegion: "cn-north-4",
	})
}

// On aliyun (no ListMultipartUploads in S3 mode) listing uploads is
// refused before a request, naming what works instead.
func TestAliyunListUploadsRefusedBeforeSending(t *testing.T) {
	c, rec := shapeClient(t, "aliyun", "cn-hangzhou", shapeAnswer(500, ""))
	_, err := c.ListUploads(context.Background(), "dst-bucket", "dir/")
	if err == nil || !strings.Contains(err.Error(), "aliyun provider has no ListMultipartUploads") {
		t.Errorf("error %v, want the refusal", err)
	}
	if n := len(rec.requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

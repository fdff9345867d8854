package provider

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"s3parts/model"
)

// Preset holds what differs between S3-compatible providers (see
// shared/PROVIDERS.md for the sources).
type Preset struct {
	Name string
	// EndpointTemplate is the S3 endpoint, with {region} to fill in if it
	// has one; empty means the SDK's own AWS endpoints, or that --endpoint
	// is required.
	EndpointTemplate string
	NeedsEndpoint    bool
	// EndpointHint is the form of the endpoint to give when NeedsEndpoint
	// because it names something of the account's, not a region (R2).
	EndpointHint string
	// DefaultRegion signs requests when neither flags nor configuration
	// name a region (R2: auto); empty: us-east-1.
	DefaultRegion string
	PathStyle     bool
	Limits        model.Limits
	// ChecksumWhenRequired turns off the SDK's default CRC32 on uploads,
	// which most S3-compatible servers reject.
	ChecksumWhenRequired bool
	ConditionRule        model.ConditionRule
	// ConditionsUnverified: the provider does not document copy-source
	// conditions, so they may be ignored silently.
	ConditionsUnverified bool
	// MultipartETagFromParts: a completed object's ETag is the MD5 of its part
	// MD5s, so the copy can be verified against it.
	MultipartETagFromParts bool
	// RegionRedirects: buckets live in regions and HeadBucket says which.
	RegionRedirects bool
	// UploadsPrefixQuirk: ListMultipartUploads may answer nothing for a
	// prefix that is not a whole key (MinIO, which generic servers may be),
	// so an empty answer is checked by listing without the prefix.
	UploadsPrefixQuirk bool
	// NoListUploads: the service has no ListMultipartUploads (Aliyun OSS in
	// S3 mode, PROVIDERS.md), so listing in-progress uploads is refused
	// before a request; parts, abort and complete take an upload id given.
	NoListUploads bool
	// MaxConcurrency: the part copies the provider allows at once on one
	// object (0: no known limit); automatic and fixed concurrency stay
	// within it. It stays here rather than in model.Limits: it bounds how a
	// plan is run, not which plans are valid, and this is its one source
	// (the engine, the CLI and the planner read it from the preset).
	MaxConcurrency int
	// StaleUploadExpiry: the provider itself deletes a multipart upload
	// left unfinished this long after it was started (0: it keeps them
	// until aborted). MinIO: stale_uploads_expiry, 24h by default, swept
	// every stale_uploads_cleanup_interval, 6h (github.com/minio/docs
	// issue 1216; PROVIDERS.md). A server set otherwise is not asked.
	StaleUploadExpiry time.Duration
	// NoAbortRules: the service takes no lifecycle rule that aborts
	// incomplete uploads (MinIO refuses AbortIncompleteMultipartUpload
	// and purges unfinished uploads itself: minio/docs#1216,
	// PROVIDERS.md), so adding one is not tried.
	NoAbortRules bool
	// PartCopyChecksums: an upload created with a checksum algorithm
	// takes part copies and computes each part's checksum, so a copy can
	// be proved equal to a source with a whole-object checksum (AWS).
	// Elsewhere a checksum is asked only with --checksum: versitygw
	// answers every part with the whole source's checksum, MinIO refuses
	// the part copies (the engine then starts again without one).
	PartCopyChecksums bool
	// StripXID removes the x-id=<Operation> the SDK adds to the query of
	// UploadPartCopy, ListParts, AbortMultipartUpload, GetObject,
	// CopyObject… before the request is signed. Refused by Google Cloud
	// Storage (rclone use_x_id: false), Quantum ActiveScale (rclone#8373,
	// 501), Qumulo (velero#8312), reportedly Huawei OBS
	// (aws-sdk-go-v2#2834); shared/PROVIDERS.md.
	StripXID bool
	// UnsignAcceptEncoding leaves the SDK's Accept-Encoding: identity out
	// of the SigV4 signature (it is still sent): GCS rewrites it and then
	// answers SignatureDoesNotMatch (aws-sdk-go-v2#1816, rclone
	// sign_accept_encoding: false); shared/PROVIDERS.md.
	UnsignAcceptEncoding bool
	// SingleCopyBelow: a source smaller than this is copied with one
	// CopyObject unless parts are asked for (0 in the table: the
	// default, DefaultSingleCopyBelow). No provider document gives a
	// number of its own.
	SingleCopyBelow int64
}

// DefaultSingleCopyBelow is the aws-cli's multipart_threshold (8 MiB,
// `aws configure set default.s3.multipart_threshold`; the AWS CLI S3
// configuration docs): below it `aws s3 cp` copies with one CopyObject,
// which is one request instead of three and keeps a plain MD5 ETag.
const DefaultSingleCopyBelow = 8 * model.MiB

// PresetNames lists the presets in the order they are documented.
func PresetNames() []string {
	names := make([]string, len(presets))
	for i, p := range presets {
		names[i] = p.Name
	}
	return names
}

// LookupPreset finds a preset by name.
func LookupPreset(name string) (Preset, error) {
	i := slices.IndexFunc(presets, func(p Preset) bool { return p.Name == strings.ToLower(name) })
	if i < 0 {
		return Preset{}, fmt.Errorf("provider %q is not known: use one of %s", name, strings.Join(PresetNames(), ", "))
	}
	p := presets[i]
	p.Limits.Provider = p.Name // refusals name whose limit they met
	if p.SingleCopyBelow == 0 {
		p.SingleCopyBelow = DefaultSingleCopyBelow
	}
	return p, nil
}

// GuessPreset picks a preset from an endpoint URL when --provider is not
// given: the provider's own domains, else generic for any other endpoint,
// else aws.
func GuessPreset(endpoint string) Preset {
	if endpoint == "" {
		p, _ := LookupPreset("aws")
		return p
	}
	host := endpoint
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		host = u.Hostname()
	}
	name := "generic"
	for _, h := range presetHosts {
		if (h.host != "" && host == h.host) || strings.HasSuffix(host, h.suffix) {
			name = h.name
			break
		}
	}
	// Garage and SeaweedFS have no domain of their own: --provider names
	// them.
	p, _ := LookupPreset(name)
	return p
}

// presetHosts name a preset by the endpoint's host: one host exactly, or
// any host that ends in a domain of the provider's (suffix, with its dot).
var presetHosts = []struct{ name, host, suffix string }{
	{"cos", "", ".myqcloud.com"},
	{"jdcloud", "", ".jdcloud-oss.com"}, {"jdcloud", "", ".jcloudcs.com"},
	{"aws", "", ".amazonaws.com"},
	{"digitalocean", "", ".digitaloceanspaces.com"},
	{"r2", "", ".r2.cloudflarestorage.com"},
	{"gcs", "storage.googleapis.com", ".storage.googleapis.com"},
	{"scaleway", "", ".scw.cloud"},
	{"aliyun", "", ".aliyuncs.com"},
	{"obs", "", ".myhuaweicloud.com"},
	{"b2", "", ".backblazeb2.com"},
	{"wasabi", "", ".wasabisys.com"},
	{"oci", "", ".oraclecloud.com"},
	{"ibm", "", ".cloud-object-storage.appdomain.cloud"},
	{"linode", "", ".linodeobjects.com"},
	{"storj", "gateway.storjshare.io", ".storjshare.io"},
}

// Endpoint fills the template for a region; empty when the preset has none.
func (p Preset) Endpoint(region string) (string, error) {
	if p.EndpointTemplate == "" {
		return "", nil
	}
	if !strings.Contains(p.EndpointTemplate, "{region}") {
		return p.EndpointTemplate, nil
	}
	if region == "" {
		return "", fmt.Errorf("provider %s needs a region (--region or AWS_REGION) to build its endpoint %s", p.Name, p.EndpointTemplate)
	}
	return strings.ReplaceAll(p.EndpointTemplate, "{region}", region), nil
}

// NoListUploadsMessage says why in-progress uploads cannot be listed on a
// NoListUploads preset, and what works instead.
func (p Preset) NoListUploadsMessage() string {
	return fmt.Sprintf("the %s provider has no ListMultipartUploads, so in-progress uploads cannot be listed there; "+
		"parts, abort and complete work on an upload named with --upload-id", p.Name)
}

// CapConcurrency is how many of n part copies wanted at once on one object
// the provider allows (n itself where it names no limit).
func (p Preset) CapConcurrency(n int) int {
	if p.MaxConcurrency > 0 {
		return min(n, p.MaxConcurrency)
	}
	return n
}

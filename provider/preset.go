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
	// EndpointTemplate is the S3 endpoint with {region} to fill in; empty
	// means the SDK's own AWS endpoints, or that --endpoint is required.
	EndpointTemplate string
	NeedsEndpoint    bool
	PathStyle        bool
	Limits           model.Limits
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
	// MaxConcurrency: the part copies the provider allows at once on one
	// object (0: no known limit); automatic and fixed concurrency stay
	// within it.
	MaxConcurrency int
	// StaleUploadExpiry: the provider itself deletes a multipart upload
	// left unfinished this long after it was started (0: it keeps them
	// until aborted). MinIO: stale_uploads_expiry, 24h by default, swept
	// every stale_uploads_cleanup_interval, 6h (github.com/minio/docs
	// issue 1216; PROVIDERS.md). A server set otherwise is not asked.
	StaleUploadExpiry time.Duration
}

var awsLimits = func() model.Limits {
	l := model.S3Limits
	l.MinRangedSource = 5 * model.MiB
	return l
}()

var presets = []Preset{
	{
		// AWS refuses a ranged part copy from a source of 5 MB or less.
		Name: "aws", Limits: awsLimits, ConditionRule: model.ConditionsAny,
		MultipartETagFromParts: true, RegionRedirects: true,
	},
	{
		// COS: virtual-hosted only (path-style is refused for buckets made
		// after 2024-01-01), part copies of 1 MB-5 GB, paired conditions.
		Name: "cos", EndpointTemplate: "https://cos.{region}.myqcloud.com",
		Limits: model.Limits{MinPartSize: 1 * model.MiB, MaxPartSize: 5 * model.GiB, MaxParts: 10000,
			MaxObjectSize: 48*model.TiB + 819*model.GiB},
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsPaired, MultipartETagFromParts: true,
	},
	{
		// JD Cloud OSS documents neither conditions nor version ids on part
		// copies, and no minimum part size (5 MiB assumed).
		Name: "jdcloud", EndpointTemplate: "https://s3.{region}.jdcloud-oss.com",
		Limits:               model.Limits{MinPartSize: 5 * model.MiB, MaxPartSize: 5 * model.GiB, MaxParts: 10000, MaxObjectSize: 48 * model.TiB},
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, ConditionsUnverified: true,
	},
	{
		// Spaces allows at most 10 concurrent PUT/COPY requests on one
		// object; part-copy conditions and version ids are undocumented.
		Name: "digitalocean", EndpointTemplate: "https://{region}.digitaloceanspaces.com",
		Limits:               model.Limits{MinPartSize: 5 * model.MiB, MaxPartSize: 5_000_000_000, MaxParts: 10000, MaxObjectSize: 5 * model.TiB},
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, ConditionsUnverified: true, MaxConcurrency: 10,
	},
	{
		Name: "minio", NeedsEndpoint: true, PathStyle: true, Limits: model.S3Limits,
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, MultipartETagFromParts: true, UploadsPrefixQuirk: true,
		StaleUploadExpiry: 24 * time.Hour,
	},
	{
		Name: "ceph", NeedsEndpoint: true, PathStyle: true, Limits: model.S3Limits,
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, MultipartETagFromParts: true,
	},
	{
		Name: "generic", NeedsEndpoint: true, PathStyle: true, Limits: model.S3Limits,
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, MultipartETagFromParts: true, UploadsPrefixQuirk: true,
	},
}

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
	return presets[i], nil
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
	switch {
	case strings.HasSuffix(host, ".myqcloud.com"):
		name = "cos"
	case strings.HasSuffix(host, ".jdcloud-oss.com"), strings.HasSuffix(host, ".jcloudcs.com"):
		name = "jdcloud"
	case strings.HasSuffix(host, ".amazonaws.com"):
		name = "aws"
	case strings.HasSuffix(host, ".digitaloceanspaces.com"):
		name = "digitalocean"
	}
	p, _ := LookupPreset(name)
	return p
}

// Endpoint fills the template for a region; empty when the preset has none.
func (p Preset) Endpoint(region string) (string, error) {
	if p.EndpointTemplate == "" {
		return "", nil
	}
	if region == "" {
		return "", fmt.Errorf("provider %s needs a region (--region or AWS_REGION) to build its endpoint %s", p.Name, p.EndpointTemplate)
	}
	return strings.ReplaceAll(p.EndpointTemplate, "{region}", region), nil
}

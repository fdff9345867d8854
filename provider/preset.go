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
		// R2: all parts but the last equal, the last no larger; parts of
		// 5 MiB to 5 GiB - 5 MiB; copy-source conditions are documented as
		// not supported, so they are warned about when sent. The endpoint
		// names the account (https://ACCOUNT_ID.r2.cloudflarestorage.com),
		// not a region, so it is given with --endpoint; region auto.
		Name: "r2", NeedsEndpoint: true, EndpointHint: "https://ACCOUNT_ID.r2.cloudflarestorage.com", DefaultRegion: "auto",
		Limits:               model.Limits{MinPartSize: 5 * model.MiB, MaxPartSize: 5*model.GiB - 5*model.MiB, MaxParts: 10000, EqualParts: true},
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, ConditionsUnverified: true,
	},
	{
		// Google Cloud Storage's XML API has no UploadPartCopy: every
		// multipart copy is refused before a request (CopyObject works).
		// The S3 limits stand in for the part sizes it never sees.
		Name: "gcs", EndpointTemplate: "https://storage.googleapis.com",
		// Its other requests still need x-id stripped and Accept-Encoding
		// unsigned (rclone's GCS provider).
		Limits:               withRules(model.S3Limits, func(l *model.Limits) { l.NoPartCopy = true }),
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny,
		StripXID: true, UnsignAcceptEncoding: true,
	},
	{
		// Scaleway: at most 1,000 parts of 5 MB-5 GB (5 MiB taken as the
		// minimum, which is over 5 MB); conditions are undocumented.
		Name: "scaleway", EndpointTemplate: "https://s3.{region}.scw.cloud",
		Limits:               model.Limits{MinPartSize: 5 * model.MiB, MaxPartSize: 5_000_000_000, MaxParts: 1000},
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, ConditionsUnverified: true,
	},
	{
		// Garage: a part number copied to a second time answers 400, so a
		// part is never copied again into one upload; conditions paired
		// like COS (else 400). Part limits are undocumented: S3's assumed.
		Name: "garage", NeedsEndpoint: true, PathStyle: true,
		Limits:               withRules(model.S3Limits, func(l *model.Limits) { l.NoRecopy = true }),
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsPaired,
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

func withRules(l model.Limits, f func(*model.Limits)) model.Limits {
	f(&l)
	return l
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
	p := presets[i]
	p.Limits.Provider = p.Name // refusals name whose limit they met
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
	switch {
	case strings.HasSuffix(host, ".myqcloud.com"):
		name = "cos"
	case strings.HasSuffix(host, ".jdcloud-oss.com"), strings.HasSuffix(host, ".jcloudcs.com"):
		name = "jdcloud"
	case strings.HasSuffix(host, ".amazonaws.com"):
		name = "aws"
	case strings.HasSuffix(host, ".digitaloceanspaces.com"):
		name = "digitalocean"
	case strings.HasSuffix(host, ".r2.cloudflarestorage.com"):
		name = "r2"
	case host == "storage.googleapis.com", strings.HasSuffix(host, ".storage.googleapis.com"):
		name = "gcs"
	case strings.HasSuffix(host, ".scw.cloud"):
		name = "scaleway"
	}
	// Garage has no domain of its own: --provider garage names it.
	p, _ := LookupPreset(name)
	return p
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

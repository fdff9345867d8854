package provider

import (
	"time"

	"s3parts/model"
)

// The presets, in the order they are documented. Sources: shared/PROVIDERS.md
// (its capability table and sections) and the providers' pages in shared/docs.

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
		Limits:               withRules(model.S3Limits, func(l *model.Limits) { l.NoPartCopy = true }),
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny,
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

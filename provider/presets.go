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

// ossLimits: Aliyun OSS and Huawei OBS, parts of 100 KB-5 GB (100 KiB and
// 5 GB taken: within both readings), 10,000 parts; the object limit is
// S3's, assumed (PROVIDERS.md gives none).
var ossLimits = withRules(model.S3Limits, func(l *model.Limits) {
	l.MinPartSize = 100 * model.KiB
	l.MaxPartSize = 5_000_000_000
})

var presets = []Preset{
	{
		// AWS refuses a ranged part copy from a source of 5 MB or less.
		Name: "aws", Limits: awsLimits, ConditionRule: model.ConditionsAny,
		MultipartETagFromParts: true, RegionRedirects: true, PartCopyChecksums: true,
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
		Limits: withRules(model.S3Limits, func(l *model.Limits) { l.NoPartCopy = true }),
		// Its other requests still need x-id stripped and Accept-Encoding
		// unsigned (rclone's GCS provider).
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
		// Aliyun OSS in S3 mode (PROVIDERS.md row "Aliyun OSS (S3 mode)"):
		// virtual-hosted only; parts of 100 KB-5 GB, 10,000 parts (ossLimits);
		// conditions are native OSS features,
		// whether the x-amz-copy-source-if-* headers are honoured is not
		// known, so they are unverified; the multipart ETag is not AWS-style;
		// aws-chunked uploads are refused (checksums only when required).
		// No ListMultipartUploads in S3 mode: listing uploads is refused
		// (NoListUploads). The
		// endpoint is OSS's public one, oss-REGION.aliyuncs.com with a region
		// like cn-hangzhou; signing with that region is assumed.
		Name: "aliyun", EndpointTemplate: "https://oss-{region}.aliyuncs.com",
		Limits:               ossLimits,
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, ConditionsUnverified: true, NoListUploads: true,
	},
	{
		// Huawei OBS (PROVIDERS.md row "Huawei OBS"): virtual-hosted; parts
		// of 100 KB-5 GB, 10,000 parts; conditions undocumented; the
		// multipart ETag is documented as the MD5 of the part MD5s; the
		// SDK's default CRC32/aws-chunked breaks OBS (checksums only when
		// required). Part limits: ossLimits. OBS reportedly refuses the
		// SDK's x-id query parameter (aws-sdk-go-v2#2834), so it is
		// stripped (xid.go; harmless where it is accepted). The endpoint is
		// OBS's public obs.REGION.myhuaweicloud.com (region like cn-north-4).
		Name: "obs", EndpointTemplate: "https://obs.{region}.myhuaweicloud.com",
		Limits:               ossLimits,
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, ConditionsUnverified: true, MultipartETagFromParts: true,
		StripXID: true,
	},
	{
		// Backblaze B2 (PROVIDERS.md row "Backblaze B2"): part copy with
		// range and conditions documented; parts of 5 MB-5 GiB (5 MiB
		// taken), 10,000 parts; the object limit is S3's, assumed.
		// Addressing is "?": the SDK's virtual-hosted default is assumed.
		// The multipart ETag rule is unknown: false, the safe choice (the
		// copy is not checked against it). The endpoint is public
		// s3.REGION.backblazeb2.com (region like us-west-004).
		Name: "b2", EndpointTemplate: "https://s3.{region}.backblazeb2.com",
		Limits:               model.S3Limits,
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny,
	},
	{
		// Wasabi: PROVIDERS.md has no row for it (only "no report" on x-id),
		// so everything here is assumed: S3's part limits, the SDK's
		// virtual-hosted addressing, conditions unverified, the multipart
		// ETag rule unknown (false, the safe choice). The endpoint is
		// Wasabi's public s3.REGION.wasabisys.com.
		Name: "wasabi", EndpointTemplate: "https://s3.{region}.wasabisys.com", Limits: model.S3Limits,
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, ConditionsUnverified: true,
	},
	{
		// Oracle OCI (PROVIDERS.md row "Oracle OCI"): part copy "likely";
		// "possibly 10 MiB" minimum part size, taken (a larger minimum only
		// ever refuses more); path-style (virtual-hosted only for buckets of
		// the S3 API since 2026-02); conditions unknown; multipart ETag rule
		// unknown (false, the safe choice). The endpoint names the tenancy's
		// namespace as well as the region, so it is given with --endpoint.
		Name: "oci", NeedsEndpoint: true, EndpointHint: "https://NAMESPACE.compat.objectstorage.REGION.oraclecloud.com", PathStyle: true,
		Limits:               withRules(model.S3Limits, func(l *model.Limits) { l.MinPartSize = 10 * model.MiB }),
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, ConditionsUnverified: true,
	},
	{
		// IBM COS (PROVIDERS.md row "IBM COS"): part copy through the SDK;
		// parts of 5 MB-5 GB (5 MiB and 5 GB taken), 10,000 parts; objects
		// of at most 10 TB; path-style; conditions unknown; the multipart
		// ETag is not AWS-style. The endpoint is IBM's public
		// s3.REGION.cloud-object-storage.appdomain.cloud (region like us-south).
		Name: "ibm", EndpointTemplate: "https://s3.{region}.cloud-object-storage.appdomain.cloud", PathStyle: true,
		Limits:               model.Limits{MinPartSize: 5 * model.MiB, MaxPartSize: 5_000_000_000, MaxParts: 10000, MaxObjectSize: 10_000_000_000_000},
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, ConditionsUnverified: true,
	},
	{
		// Akamai/Linode Object Storage: PROVIDERS.md says only that the SDK's
		// default CRC32/aws-chunked breaks it (checksums only when required);
		// the rest is assumed: S3's part limits, the SDK's virtual-hosted
		// addressing, conditions unverified, the multipart ETag rule unknown
		// (false, the safe choice). The endpoint is Linode's public
		// REGION.linodeobjects.com (region like us-east-1).
		Name: "linode", EndpointTemplate: "https://{region}.linodeobjects.com", Limits: model.S3Limits,
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, ConditionsUnverified: true,
	},
	{
		// Storj (PROVIDERS.md row "Storj"): no UploadPartCopy, so every
		// multipart copy is refused before a request; S3's limits stand in
		// for part sizes it never sees; addressing "?" (the SDK's default
		// assumed); CRC32/aws-chunked breaks it. The endpoint is Storj's
		// public S3 gateway.
		Name: "storj", EndpointTemplate: "https://gateway.storjshare.io",
		Limits:               withRules(model.S3Limits, func(l *model.Limits) { l.NoPartCopy = true }),
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
		// SeaweedFS (PROVIDERS.md row "SeaweedFS"): part copy yes, path-style,
		// a server of one's own (--endpoint, --provider: no domain). Part
		// limits unknown (S3's assumed), conditions unknown (unverified),
		// multipart ETag rule unknown (false, the safe choice). Quirks:
		// LastModified in whole seconds; CreateMultipartUpload makes a
		// missing bucket for an admin.
		Name: "seaweedfs", NeedsEndpoint: true, PathStyle: true, Limits: model.S3Limits,
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, ConditionsUnverified: true,
	},
	{
		Name: "minio", NeedsEndpoint: true, PathStyle: true, Limits: model.S3Limits,
		ChecksumWhenRequired: true, ConditionRule: model.ConditionsAny, MultipartETagFromParts: true, UploadsPrefixQuirk: true,
		StaleUploadExpiry: 24 * time.Hour, NoAbortRules: true,
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

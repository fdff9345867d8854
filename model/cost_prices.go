package model

// Built-in list prices for storing data a month, one per preset and storage
// class (StorageClass "" is the provider's standard class). Each entry was
// read from the page in its Source on the date in AsOf ("read 2026-11" where
// the page states no date); the comment above it quotes the figure as the
// page writes it.
//
// s3parts applies PerGiBMonth per 2^30 bytes. A figure published per decimal
// GB or TB (10^9 or 10^12 bytes) is converted only where the provider says
// it bills in decimal units; elsewhere the published per-GB figure is kept
// and applied per GiB, which makes the estimate at most about 7% low. These
// are estimates of list prices, before free tiers, minimum charges, taxes
// and discounts.
//
// Presets without an entry: the self-hosted ones (minio, ceph, seaweedfs,
// garage, generic), which cost what their disks cost, and the services whose
// price could not be read from a source when this list was made (cos,
// jdcloud, aliyun, obs, scaleway, oci, ibm). DefaultPrice returns ok=false
// for them; a person can still give a price (Source "config" or "flag").

// gbPerGiB converts a price per decimal GB (10^9 bytes) to one per GiB.
const gbPerGiB = float64(GiB) / 1e9

var prices = map[PriceKey]Price{
	// AWS, US East (N. Virginia). The usage.ai table quotes the S3 pricing
	// page ("Complete S3 Storage Class Pricing Table (US East, May 2026)");
	// AWS's GB-month is 2^30 bytes, so the figures apply as they are.

	// "S3 Standard $0.023" per GB-month: the first-50-TB tier, quoted
	// elsewhere from the S3 pricing page as "First 50 TB / Month $0.023 per
	// GB".
	{"aws", ""}: {PerGiBMonth: 0.023, Currency: "USD", Source: "https://www.usage.ai/blogs/aws/storage-cost/glacier-deep-archive-pricing/", AsOf: "2026-06-05"},
	// "S3 Standard-IA $0.0125" per GB-month.
	{"aws", "STANDARD_IA"}: {PerGiBMonth: 0.0125, Currency: "USD", Source: "https://www.usage.ai/blogs/aws/storage-cost/glacier-deep-archive-pricing/", AsOf: "2026-06-05"},
	// "S3 One Zone-IA $0.01" per GB-month.
	{"aws", "ONEZONE_IA"}: {PerGiBMonth: 0.01, Currency: "USD", Source: "https://www.usage.ai/blogs/aws/storage-cost/glacier-deep-archive-pricing/", AsOf: "2026-06-05"},
	// "Objects start in the Frequent Access tier (same price as S3
	// Standard)": the $0.023 above. The estimate takes the frequent tier,
	// the class's highest storage price.
	{"aws", "INTELLIGENT_TIERING"}: {PerGiBMonth: 0.023, Currency: "USD", Source: "https://cloudfix.com/blog/aws-s3-intelligent-tiering-default-storage-class/", AsOf: "read 2026-11"},
	// "Glacier Instant Retrieval $0.004" per GB-month.
	{"aws", "GLACIER_IR"}: {PerGiBMonth: 0.004, Currency: "USD", Source: "https://www.usage.ai/blogs/aws/storage-cost/glacier-deep-archive-pricing/", AsOf: "2026-06-05"},
	// "Glacier Flexible Retrieval $0.0036" per GB-month (the S3 API's
	// GLACIER class).
	{"aws", "GLACIER"}: {PerGiBMonth: 0.0036, Currency: "USD", Source: "https://www.usage.ai/blogs/aws/storage-cost/glacier-deep-archive-pricing/", AsOf: "2026-06-05"},
	// "Glacier Deep Archive $0.00099" per GB-month.
	{"aws", "DEEP_ARCHIVE"}: {PerGiBMonth: 0.00099, Currency: "USD", Source: "https://www.usage.ai/blogs/aws/storage-cost/glacier-deep-archive-pricing/", AsOf: "2026-06-05"},
	// REDUCED_REDUNDANCY: no price for it on the pages read; left out.

	// Cloudflare R2, Standard storage: "$0.015 / GB-month" (read in the
	// page's source, cloudflare/cloudflare-docs src/content/docs/r2/
	// pricing.mdx at 07ec87d4). The page does not say whether a GB is 10^9
	// or 2^30 bytes; applied per GiB.
	{"r2", ""}: {PerGiBMonth: 0.015, Currency: "USD", Source: "https://developers.cloudflare.com/r2/pricing/", AsOf: "read 2026-11"},

	// Google Cloud Storage, Standard storage in the Iowa region
	// (us-central1), not the US multi-region: "$0.020" per GB per month
	// (read through a copy of the page at retrosearch.org). The same page
	// lists it as "$0.000027397 / 1 gibibyte hour", so GCS bills per GiB.
	{"gcs", ""}: {PerGiBMonth: 0.020, Currency: "USD", Source: "https://cloud.google.com/storage/pricing", AsOf: "read 2026-11"},

	// Backblaze B2: "$0.006" per GB/month, "$6.00" per TB/month ("All
	// prices in USD as of April 2026"). Backblaze's own pricing page was not
	// among the pages read; this is a page quoting it. Applied per GiB.
	{"b2", ""}: {PerGiBMonth: 0.006, Currency: "USD", Source: "https://leanopstech.com/blog/backblaze-b2-pricing-2026/", AsOf: "2026-04"},

	// Wasabi, pay as you go: "the unit price of $.00022754 per GB per day
	// corresponds to a $/TB/mo price of $6.99/TB/mo (based on .00022754 * 30
	// days/mo * 1024 GB/TB)". Wasabi counts 1,024 GB to the TB, so this is
	// $6.99/1024 per GB-month, applied per GiB. The article is dated
	// 2024-06-04; the price may have changed since (see AsOf).
	{"wasabi", ""}: {PerGiBMonth: 6.99 / 1024, Currency: "USD", Source: "https://docs.wasabi.com/docs/how-do-i-interpret-the-charges-on-my-pay-go-pricing-model-invoice", AsOf: "2024-06-04"},

	// DigitalOcean Spaces, beyond the 250 GiB in the $5 subscription:
	// "Additional storage beyond this allotment is $0.02 per GiB" (an answer
	// on DigitalOcean's community site; the question is dated 2018-11-27,
	// the answer is not dated).
	{"digitalocean", ""}: {PerGiBMonth: 0.02, Currency: "USD", Source: "https://www.digitalocean.com/community/questions/prices-explanation-5-per-space-or-5-for-spaces", AsOf: "2018-11-27"},

	// Akamai (Linode) Object Storage, beyond the 250 GB in the $5 flat rate:
	// "All data centers (except those listed below) $0.02/GB" (Jakarta
	// $0.024/GB, São Paulo $0.028/GB). Applied per GiB.
	{"linode", ""}: {PerGiBMonth: 0.02, Currency: "USD", Source: "https://techdocs.akamai.com/cloud-computing/docs/object-storage-pricing", AsOf: "read 2026-11"},

	// Storj, Global Collaboration tier (the global network the preset's
	// gateway.storjshare.io serves): "Storage cost $15/TB/month", effective
	// November 1, 2025, "Last Updated: December 1, 2025" (read in the page's
	// source, storj/docs app/(docs)/dcs/pricing/tiered/page.md at 0da4bc0d).
	// Storj says it uses "simple base 10 conversion ... 1 TB = 1,000 GB", so
	// $0.015 per 10^9 bytes is converted to per GiB. (Regional Workflows is
	// $10/TB/month, Active Archive $6/TB/month; the legacy $0.004 per GB
	// Month ended for older projects a year after November 1, 2025.)
	{"storj", ""}: {PerGiBMonth: 15.0 / 1000 * gbPerGiB, Currency: "USD", Source: "https://storj.dev/dcs/pricing/tiered", AsOf: "2025-12-01"},
}

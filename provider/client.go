package provider

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"

	"s3parts/model"
)

// Options are the connection settings a person gives on the command line;
// anything left empty comes from the AWS shared configuration chain
// (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_S3, credential files, SSO, …).
type Options struct {
	Profile  string
	Endpoint string
	Region   string
	// Provider is a preset name; empty guesses from the endpoint.
	Provider string
	// PathStyle forces path-style addressing on (true) or off (false); nil
	// keeps the preset's choice.
	PathStyle *bool
	// ReadOnly refuses every mutating request before it is sent.
	ReadOnly bool
	// Insecure skips TLS certificate verification (a test server with a
	// self-signed certificate); callers must say so on screen.
	Insecure bool
	// SilenceLimit, if set, replaces the silence limits (SilenceLimit,
	// CompleteSilenceLimit) of every request but part copies (tests).
	SilenceLimit time.Duration
	// HTTPClient replaces the default transport (tests record requests
	// with it). With AWS_CA_BUNDLE set the SDK needs a client it can add
	// root CAs to (awshttp.BuildableClient), so a custom one fails then.
	HTTPClient HTTPDoer
	// Probed finds the probe results kept for an endpoint (ProbeKey);
	// what they found replaces the preset's guesses. Nil: none.
	Probed func(key string) (ProbeReport, bool)
}

// HTTPDoer sends one HTTP request; *http.Client is one.
type HTTPDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// Client is a connection to one S3 provider.
type Client struct {
	// preset is in use: the guess with what a probe found applied over
	// it. It can change while requests run (a probe run from the UI), so
	// it is read through Preset().
	preset atomic.Pointer[Preset]
	// guess is the preset as named or guessed, before any probe.
	guess    Preset
	probe    atomic.Pointer[ProbeReport]
	opts     Options
	cfg      aws.Config
	endpoint string
	base     *s3.Client

	readOnly atomic.Bool
	// keys are the SSE-C keys this process was given (customer_keys.go).
	keys customerKeys

	mu       sync.Mutex
	byRegion map[string]*s3.Client
	regionOf map[string]string
}

// defaultRegion is used when neither flags nor configuration name a region:
// S3-compatible servers accept it, and AWS redirects are followed per bucket.
const defaultRegion = "us-east-1"

// New builds a client from the shared AWS configuration plus opts.
func New(ctx context.Context, opts Options) (*Client, error) {
	if err := checkRegion(opts.Region, "--region"); err != nil {
		return nil, err
	}
	if v, set := os.LookupEnv("AWS_ACCESS_KEY_ID"); set && strings.TrimSpace(v) == "" {
		// The SDK would warn on stderr and go on to ask the EC2 metadata
		// service for credentials.
		return nil, errors.New("AWS_ACCESS_KEY_ID is set but empty: unset it, or set it with AWS_SECRET_ACCESS_KEY")
	}
	// The SDK's own warnings would reach the terminal raw, unasked.
	loads := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{})}
	if opts.Profile != "" {
		loads = append(loads, config.WithSharedConfigProfile(opts.Profile))
	}
	if opts.Region != "" {
		loads = append(loads, config.WithRegion(opts.Region))
	}
	if opts.HTTPClient != nil {
		loads = append(loads, config.WithHTTPClient(opts.HTTPClient))
	} else {
		loads = append(loads, config.WithHTTPClient(awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
			// Part copies run many requests at once against one host
			// (up to 512 with --max-concurrency); the SDK's transport keeps
			// 10 idle connections per host and 100 in all, so the rest
			// would be dialled (and TLS-shaken) again for every part.
			t.MaxIdleConnsPerHost, t.MaxIdleConns = 512, 512
			keysOnlyOverTLS(t)
			if opts.Insecure {
				if t.TLSClientConfig == nil {
					t.TLSClientConfig = &tls.Config{}
				}
				t.TLSClientConfig.InsecureSkipVerify = true
			}
		})))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loads...)
	if err != nil {
		return nil, fmt.Errorf("loading AWS configuration: %w", err)
	}
	endpoint := cmp.Or(opts.Endpoint, os.Getenv("AWS_ENDPOINT_URL_S3"), aws.ToString(cfg.BaseEndpoint))
	if endpoint, err = checkEndpoint(endpoint); err != nil {
		return nil, err
	}
	if err := checkRegion(cfg.Region, "the configured region"); err != nil {
		return nil, err
	}
	preset := GuessPreset(endpoint)
	if opts.Provider != "" {
		if preset, err = LookupPreset(opts.Provider); err != nil {
			return nil, err
		}
	}
	if endpoint == "" {
		// A preset's endpoint names its region: no default may stand in.
		if endpoint, err = preset.Endpoint(cfg.Region); err != nil {
			return nil, err
		}
	}
	if cfg.Region == "" {
		cfg.Region = cmp.Or(preset.DefaultRegion, defaultRegion)
	}
	if endpoint == "" && preset.NeedsEndpoint {
		form := "URL"
		if preset.EndpointHint != "" {
			form = preset.EndpointHint
		}
		return nil, fmt.Errorf("provider %s needs an endpoint: give --endpoint %s or set AWS_ENDPOINT_URL_S3", preset.Name, form)
	}
	c := &Client{guess: preset, opts: opts, cfg: cfg, endpoint: endpoint,
		byRegion: map[string]*s3.Client{}, regionOf: map[string]string{}}
	c.preset.Store(&preset)
	if opts.Probed != nil {
		if r, ok := opts.Probed(c.ProbeKey()); ok {
			c.UseProbe(r)
		}
	}
	c.readOnly.Store(opts.ReadOnly)
	c.base = c.newS3(cfg.Region, endpoint)
	c.byRegion[cfg.Region] = c.base
	return c, nil
}

// checkEndpoint refuses an endpoint that is not an http(s) URL with a host
// and a port that can be (the SDK would fail later, with its own words),
// or that carries a query or a fragment. A user and password in it mean
// nothing to S3 (requests are signed): they are dropped, and never shown.
func checkEndpoint(ep string) (string, error) {
	if ep == "" {
		return "", nil
	}
	bad := func(why string) (string, error) {
		return "", fmt.Errorf("endpoint %q is not valid: %s", redactURL(ep), why)
	}
	u, err := url.Parse(ep)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return bad("use http://HOST[:PORT] or https://HOST[:PORT]")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return bad(fmt.Sprintf("port %s is not between 1 and 65535", p))
		}
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return bad("an endpoint takes no query or fragment")
	}
	u.User = nil
	return strings.TrimSuffix(u.String(), "/"), nil
}

// redactURL shows a URL without the password it may carry.
func redactURL(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	// Not a URL: cut whatever stands between "//" and "@".
	return userinfo.ReplaceAllString(s, "//…@")
}

var userinfo = regexp.MustCompile(`//[^/@]*@`)

// checkRegion refuses a region that cannot be one (a typo with a space
// would otherwise reach the SDK and come back as its own error).
func checkRegion(region, from string) error {
	if region == "" || validRegion.MatchString(region) {
		return nil
	}
	return fmt.Errorf("%s %q is not a region: lowercase letters, digits and dashes, like us-east-1", from, region)
}

var validRegion = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func (c *Client) newS3(region, endpoint string) *s3.Client {
	return s3.NewFromConfig(c.cfg, func(o *s3.Options) {
		o.Region = region
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
		o.UsePathStyle = c.pathStyle()
		if c.Preset().ChecksumWhenRequired {
			o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
			o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		}
		o.APIOptions = append(o.APIOptions, c.refuseWrites, c.addRequestFixups)
		// Wrapped here, after the configuration built its client (with any
		// AWS_CA_BUNDLE), rather than replacing that client.
		g := stallGuard{next: o.HTTPClient}
		if d := c.opts.SilenceLimit; d > 0 {
			g.limits = func(r *http.Request) time.Duration {
				if silenceFor(r) == 0 {
					return 0
				}
				return d
			}
		}
		o.HTTPClient = g
		if o.Retryer != nil {
			o.Retryer = badAnswerRetryer{o.Retryer}
		}
	})
}

// Preset is the provider preset in use.
func (c *Client) Preset() Preset { return *c.preset.Load() }

// Guess is the preset as named or guessed from the endpoint, before what
// a probe found.
func (c *Client) Guess() Preset { return c.guess }

// Probe is the probe report in use, if there is one.
func (c *Client) Probe() (ProbeReport, bool) {
	if r := c.probe.Load(); r != nil {
		return *r, true
	}
	return ProbeReport{}, false
}

// UseProbe applies what a probe found over the preset's guesses for every
// later request. Addressing is the exception: the clients already built
// keep theirs until the next start.
func (c *Client) UseProbe(r ProbeReport) {
	p := c.guess.WithProbe(r)
	c.probe.Store(&r)
	c.preset.Store(&p)
}

// Facts lists what s3parts relies on about this endpoint, and where each
// value comes from.
func (c *Client) Facts() []Fact { return FactsOf(c.guess, c.probe.Load()) }

// pathStyle is the addressing in use: the flag's, else the preset's.
func (c *Client) pathStyle() bool {
	if c.opts.PathStyle != nil {
		return *c.opts.PathStyle
	}
	return c.Preset().PathStyle
}

// Region is the client's default region.
func (c *Client) Region() string { return c.cfg.Region }

// Endpoint is the endpoint in use; empty means AWS's own.
func (c *Client) Endpoint() string { return c.endpoint }

// Insecure reports whether TLS certificates go unchecked.
func (c *Client) Insecure() bool { return c.opts.Insecure }

// ReadOnly reports whether mutating requests are refused.
func (c *Client) ReadOnly() bool { return c.readOnly.Load() }

// SetReadOnly turns read-only mode on or off for every later request (the
// UI's toggle).
func (c *Client) SetReadOnly(on bool) { c.readOnly.Store(on) }

// Profile names the shared-config profile in use, for display.
func (c *Client) Profile() string {
	return cmp.Or(c.opts.Profile, os.Getenv("AWS_PROFILE"), "default")
}

// Where names the server this client reaches, for a job's record: never
// a credential.
func (c *Client) Where() model.Where {
	return model.Where{Endpoint: c.endpoint, Region: c.cfg.Region, Profile: c.Profile(), Provider: c.guess.Name, PathStyle: c.pathStyle()}
}

// At fills the settings a person left unset with those a job recorded,
// so a job goes on at the server it was made on.
func (o Options) At(w model.Where) Options {
	o.Endpoint = cmp.Or(o.Endpoint, w.Endpoint)
	o.Region = cmp.Or(o.Region, w.Region)
	if w.Profile != "default" {
		o.Profile = cmp.Or(o.Profile, w.Profile)
	}
	o.Provider = cmp.Or(o.Provider, w.Provider)
	if o.PathStyle == nil && w.Endpoint != "" {
		o.PathStyle = &w.PathStyle
	}
	return o
}

// ErrReadOnly is returned, before anything is sent, for every request that
// would change a bucket while read-only mode is on.
var ErrReadOnly = errors.New("refused: read-only mode is on")

// readOps are the operations read-only mode lets through; anything not
// listed is refused, so a new call can never slip past by omission.
var readOps = map[string]bool{
	"ListBuckets": true, "HeadBucket": true, "GetBucketLocation": true, "GetBucketVersioning": true,
	"ListObjectsV2": true, "ListObjectVersions": true, "HeadObject": true, "GetObject": true,
	"ListMultipartUploads": true, "ListParts": true, "GetBucketLifecycleConfiguration": true, "GetObjectTagging": true,
}

func (c *Client) refuseWrites(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("s3parts.ReadOnly",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			if op := middleware.GetOperationName(ctx); c.readOnly.Load() && !readOps[op] {
				return middleware.InitializeOutput{}, middleware.Metadata{}, fmt.Errorf("%s: %w", op, ErrReadOnly)
			}
			return next.HandleInitialize(ctx, in)
		}), middleware.Before)
}

// forBucket returns a client that reaches bucket: on AWS a bucket in
// another region needs a client for that region, which HeadBucket names
// (x-amz-bucket-region) even when it refuses the request.
func (c *Client) forBucket(ctx context.Context, bucket string) *s3.Client {
	if !c.Preset().RegionRedirects || c.endpoint != "" || bucket == "" {
		return c.base
	}
	c.mu.Lock()
	region, known := c.regionOf[bucket]
	c.mu.Unlock()
	if !known {
		var ok bool
		if region, ok = c.lookupRegion(ctx, bucket); ok {
			c.mu.Lock()
			c.regionOf[bucket] = region
			c.mu.Unlock()
		}
	}
	if region == "" {
		return c.base
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	cl, ok := c.byRegion[region]
	if !ok {
		cl = c.newS3(region, "")
		c.byRegion[region] = cl
	}
	return cl
}

// lookupRegion reports the bucket's region, and whether the answer is worth
// keeping (a network failure is not).
func (c *Client) lookupRegion(ctx context.Context, bucket string) (string, bool) {
	out, err := c.base.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
	if err == nil {
		return aws.ToString(out.BucketRegion), true
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.Header.Get("X-Amz-Bucket-Region"), true
	}
	return "", false
}

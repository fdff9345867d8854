package provider

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/aws/smithy-go/middleware"
)

// variant is the client in use for bucket with the addressing and the x-id
// handling forced, whatever the preset says: the probe asks the server
// about each, so it must send exactly what it asks about. Everything else
// (credentials, region, endpoint, checksums, the read-only guard, the
// silence guard, Accept-Encoding) is the client's own, copied from it.
func (c *Client) variant(ctx context.Context, bucket string, pathStyle, strip bool) *s3.Client {
	return s3.New(c.forBucket(ctx, bucket).Options(), func(o *s3.Options) {
		o.UsePathStyle = pathStyle
		if !pathStyle {
			o.EndpointResolverV2 = virtualHosted{next: o.EndpointResolverV2}
		}
		o.APIOptions = append(o.APIOptions, forceStrip(strip))
	})
}

// unbucketed is the client for requests that name no bucket
// (ListBuckets), with the x-id handling forced.
func (c *Client) unbucketed(strip bool) *s3.Client {
	return s3.New(c.base.Options(), func(o *s3.Options) { o.APIOptions = append(o.APIOptions, forceStrip(strip)) })
}

// forceStrip replaces the client's own x-id strip, which asks the preset
// per request, with one decided here.
func forceStrip(strip bool) func(*middleware.Stack) error {
	return func(st *middleware.Stack) error {
		if _, err := st.Finalize.Remove(stripXIDID); err != nil {
			return err
		}
		if !strip {
			return nil
		}
		return st.Finalize.Insert(middleware.FinalizeMiddlewareFunc(stripXIDID, stripXID), "Signing", middleware.Before)
	}
}

// virtualHosted puts the bucket in the host name even where the SDK's
// endpoint rules would fall back to path-style (an endpoint that is an IP
// address, a bucket name that is not a host label): a check of
// virtual-hosted addressing that quietly sent path-style would answer yes
// for a server that never saw a virtual-hosted request.
type virtualHosted struct{ next s3.EndpointResolverV2 }

func (v virtualHosted) ResolveEndpoint(ctx context.Context, p s3.EndpointParameters) (smithyendpoints.Endpoint, error) {
	ep, err := v.next.ResolveEndpoint(ctx, p)
	if err != nil || p.Bucket == nil || *p.Bucket == "" {
		return ep, err
	}
	b := *p.Bucket
	if strings.HasPrefix(ep.URI.Host, b+".") {
		return ep, nil
	}
	rest, ok := strings.CutPrefix(ep.URI.Path, "/"+b)
	if !ok || (rest != "" && rest[0] != '/') {
		return ep, nil
	}
	ep.URI.Host = b + "." + ep.URI.Host
	ep.URI.Path, ep.URI.RawPath = rest, ""
	return ep, nil
}

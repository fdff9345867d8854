package provider

import (
	"context"
	"strings"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// The SDK's operation serializers put x-id=<Operation> in the query
// (AbortMultipartUpload, CopyObject, GetObject, ListParts, UploadPartCopy…)
// and its DisableAcceptEncodingGzip middleware, at the start of the Finalize
// step, sets Accept-Encoding: identity; SigV4 signs both. Some services
// refuse the first or rewrite the second (shared/PROVIDERS.md: rclone's
// use_x_id and sign_accept_encoding). Both fixes run in the Finalize step
// around "Signing": the retry middleware sits before it, so every attempt
// passes through them, and what is signed is what is sent.

const (
	stripXIDID  = "s3parts.StripXID"
	unsignAEID  = "s3parts.UnsignAcceptEncoding"
	restoreAEID = "s3parts.RestoreAcceptEncoding"
)

// addRequestFixups registers the preset's request fixes, if it has any.
// Whether x-id is stripped is asked per request: a probe run while the
// client is in use can find that the server refuses it.
func (c *Client) addRequestFixups(stack *middleware.Stack) error {
	strip := func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
		if c.Preset().StripXID {
			return stripXID(ctx, in, next)
		}
		return next.HandleFinalize(ctx, in)
	}
	if err := stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc(stripXIDID, strip), "Signing", middleware.Before); err != nil {
		return err
	}
	if c.Preset().UnsignAcceptEncoding {
		if err := stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc(unsignAEID, unsignAcceptEncoding), "Signing", middleware.Before); err != nil {
			return err
		}
		if err := stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc(restoreAEID, restoreAcceptEncoding), "Signing", middleware.After); err != nil {
			return err
		}
	}
	return nil
}

// stripXID removes x-id from the query before the request is signed
// (removed after, the signature would no longer match). The rest of the
// query is kept byte for byte.
func stripXID(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	if req, ok := in.Request.(*smithyhttp.Request); ok && req.URL != nil {
		req.URL.RawQuery = withoutXID(req.URL.RawQuery)
	}
	return next.HandleFinalize(ctx, in)
}

func withoutXID(raw string) string {
	if raw == "" {
		return raw
	}
	kept := make([]string, 0, 4)
	for pair := range strings.SplitSeq(raw, "&") {
		if key, _, _ := strings.Cut(pair, "="); key == "x-id" {
			continue
		}
		kept = append(kept, pair)
	}
	return strings.Join(kept, "&")
}

type acceptEncodingKey struct{}

// unsignAcceptEncoding takes Accept-Encoding off the request so that the
// signer does not see it; restoreAcceptEncoding, after "Signing", puts it
// back, so the transport still sends the SDK's "identity" (without it Go's
// transport would ask for gzip and decompress behind the SDK's back).
func unsignAcceptEncoding(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	if req, ok := in.Request.(*smithyhttp.Request); ok {
		if vals := req.Header.Values("Accept-Encoding"); len(vals) > 0 {
			req.Header.Del("Accept-Encoding")
			ctx = middleware.WithStackValue(ctx, acceptEncodingKey{}, vals)
		}
	}
	return next.HandleFinalize(ctx, in)
}

func restoreAcceptEncoding(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	if req, ok := in.Request.(*smithyhttp.Request); ok {
		if vals, ok := middleware.GetStackValue(ctx, acceptEncodingKey{}).([]string); ok {
			req.Header.Del("Accept-Encoding")
			for _, v := range vals {
				req.Header.Add("Accept-Encoding", v)
			}
		}
	}
	return next.HandleFinalize(ctx, in)
}

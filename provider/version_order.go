package provider

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// The SDK parses a ListObjectVersions answer into two lists, versions and
// delete markers, and loses how the server interleaved them. Within a key
// the times a listing carries are often whole seconds (SeaweedFS, AWS's
// own listings), so a delete marker made in the same second as a version
// cannot be put back in its place from the times: the server's order is
// what tells them apart. versionOrder reads the order of the elements
// from the body before the SDK parses it.

// versionOrder records, for one call, which entries were delete markers,
// in the order the server sent them.
type versionOrder struct{ markers []bool }

// record is the middleware: it sits innermost in the deserialize step, so
// it sees the raw body first (each retry afresh) and hands the SDK an
// unread copy.
func (o *versionOrder) record(stack *middleware.Stack) error {
	return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("s3parts.VersionOrder",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleDeserialize(ctx, in)
			o.markers = nil
			resp, ok := out.RawResponse.(*smithyhttp.Response)
			if err != nil || !ok || resp.StatusCode != 200 || resp.Body == nil {
				return out, md, err
			}
			body, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			resp.Body = io.NopCloser(bytes.NewReader(body))
			if rerr == nil {
				o.markers = entryKinds(body)
			}
			return out, md, err
		}), middleware.After)
}

// entryKinds lists the answer's entries in order, true for a delete
// marker; nil when the body cannot be read as a listing (the SDK then
// reports what is wrong with it).
func entryKinds(body []byte) []bool {
	d := xml.NewDecoder(bytes.NewReader(body))
	var kinds []bool
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return kinds
		}
		if err != nil {
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 && (t.Name.Local == "Version" || t.Name.Local == "DeleteMarker") {
				kinds = append(kinds, t.Name.Local == "DeleteMarker")
			}
		case xml.EndElement:
			depth--
		}
	}
}

// interleave merges versions and markers in the order the server sent
// them; ok is false when the recorded order does not fit the lists.
func interleave[T any](kinds []bool, versions, markers []T) (all []T, ok bool) {
	if len(kinds) != len(versions)+len(markers) {
		return nil, false
	}
	all = make([]T, 0, len(kinds))
	vi, mi := 0, 0
	for _, marker := range kinds {
		switch {
		case marker && mi < len(markers):
			all, mi = append(all, markers[mi]), mi+1
		case !marker && vi < len(versions):
			all, vi = append(all, versions[vi]), vi+1
		default:
			return nil, false
		}
	}
	return all, true
}

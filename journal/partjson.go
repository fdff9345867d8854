package journal

import (
	"encoding/json"
	"strconv"
	"time"

	"s3parts/model"
)

// appendPart appends p as encoding/json writes it, byte for byte, without
// its reflection: a journal encodes a part for every change and every
// part at each snapshot, and on 10,000 parts reflection was most of the
// journal's cost. TestAppendPartIsJSON holds it to json.Marshal, field by
// field: a field added to model.PartState, Attempt or OpError fails it
// until it is written here too.
func appendPart(b []byte, p *model.PartState) ([]byte, error) {
	b = append(b, `{"number":`...)
	b = strconv.AppendInt(b, int64(p.Number), 10)
	b = appendRange(append(b, `,"range":`...), p.Range)
	b = appendString(append(b, `,"state":`...), string(p.State))
	if p.Attempts != 0 {
		b = strconv.AppendInt(append(b, `,"attempts":`...), int64(p.Attempts), 10)
	}
	if p.ETag != "" {
		b = appendString(append(b, `,"etag":`...), p.ETag)
	}
	var err error
	if !p.LastModified.IsZero() {
		if b, err = appendTime(append(b, `,"last_modified":`...), p.LastModified); err != nil {
			return nil, err
		}
	}
	if p.CopySourceVersionID != "" {
		b = appendString(append(b, `,"copy_source_version_id":`...), p.CopySourceVersionID)
	}
	if p.Checksum != "" {
		b = appendString(append(b, `,"checksum":`...), p.Checksum)
	}
	if p.Duration != 0 {
		b = strconv.AppendInt(append(b, `,"duration_ns":`...), int64(p.Duration), 10)
	}
	if p.Err != nil {
		b = appendOpError(append(b, `,"error":`...), p.Err)
	}
	if p.Origin != "" {
		b = appendString(append(b, `,"origin":`...), p.Origin)
	}
	if len(p.Tries) > 0 {
		b = append(b, `,"tries":[`...)
		for i := range p.Tries {
			if i > 0 {
				b = append(b, ',')
			}
			a := &p.Tries[i]
			if b, err = appendTime(append(b, `{"at":`...), a.At); err != nil {
				return nil, err
			}
			if a.Took != 0 {
				b = strconv.AppendInt(append(b, `,"took_ns":`...), int64(a.Took), 10)
			}
			b = appendRange(append(b, `,"range":`...), a.Range)
			if a.ETag != "" {
				b = appendString(append(b, `,"etag":`...), a.ETag)
			}
			if a.Err != nil {
				b = appendOpError(append(b, `,"error":`...), a.Err)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

func appendOpError(b []byte, e *model.OpError) []byte {
	b = append(b, '{')
	if e.Op != "" {
		b = appendString(append(b, `"op":`...), e.Op)
		b = append(b, ',')
	}
	if e.Code != "" {
		b = appendString(append(b, `"code":`...), e.Code)
		b = append(b, ',')
	}
	if e.HTTPStatus != 0 {
		b = strconv.AppendInt(append(b, `"http_status":`...), int64(e.HTTPStatus), 10)
		b = append(b, ',')
	}
	if e.RequestID != "" {
		b = appendString(append(b, `"request_id":`...), e.RequestID)
		b = append(b, ',')
	}
	b = appendString(append(b, `"message":`...), e.Message)
	if e.Retryable {
		b = append(b, `,"retryable":true`...)
	}
	if len(e.Failed) > 0 {
		b = append(b, `,"failed_conditions":[`...)
		for i, f := range e.Failed {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, f)
		}
		b = append(b, ']')
	}
	if e.DeleteMarker {
		b = append(b, `,"delete_marker":true`...)
	}
	return append(b, '}')
}

func appendRange(b []byte, r model.ByteRange) []byte {
	if r.Len() == 0 {
		return append(b, `""`...) // MarshalText's empty range
	}
	b = append(b, `"bytes=`...)
	b = strconv.AppendInt(b, r.First, 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, r.Last, 10)
	return append(b, '"')
}

func appendTime(b []byte, t time.Time) ([]byte, error) {
	if y := t.Year(); y < 0 || y > 9999 {
		// encoding/json refuses it; say so in its words.
		_, err := json.Marshal(t)
		return nil, err
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

// appendString writes s quoted as encoding/json does: the bytes it
// escapes (quote, backslash, control characters, and <, >, & for HTML)
// are rare in a part's fields, and a string holding any other than a
// quote or a backslash is left to json.Marshal.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

package journal

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"s3parts/model"
)

// appendPart writes what json.Marshal writes, byte for byte, for parts
// of every shape; and it knows every field the types have, so a field
// added to them is not silently left out of the journal.
func TestAppendPartIsJSON(t *testing.T) {
	at := time.Date(2026, 11, 29, 21, 4, 5, 123456789, time.FixedZone("x", 2*3600))
	full := model.PartState{
		PlannedPart: model.PlannedPart{Number: 10000, Range: model.ByteRange{First: 5 << 30, Last: 10<<30 - 1}},
		State:       model.StateDone, Attempts: 7, ETag: `"0123456789abcdef0123456789abcdef"`, LastModified: at,
		CopySourceVersionID: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", Checksum: "YTShlb4arGA=", Duration: 1500 * time.Millisecond,
		Err: &model.OpError{Op: "UploadPartCopy", Code: "PreconditionFailed", HTTPStatus: 412, RequestID: "R1",
			Message: `the source changed: its ETag is now "b", not If-Match "a"`, Retryable: true, Failed: []string{"If-Match", "If-Unmodified-Since"}, DeleteMarker: true},
		Origin: model.OriginProven,
		Tries: []model.Attempt{
			{At: at, Took: time.Second, Range: model.ByteRange{First: 0, Last: 9}, ETag: `"e"`},
			{At: at.UTC(), Range: model.ByteRange{First: 0, Last: -1}, Err: &model.OpError{Message: "cancelled"}},
			{At: time.Now(), Err: &model.OpError{Op: "x", Message: ""}},
		},
	}
	odd := []string{"", `back\slash`, "<tag> & co", "tab\there\nnew\x00nul\x1f", "ünïcödé ✓", "bad \xff utf8", "line\u2028sep", `"`}
	parts := []model.PartState{{}, full, {PlannedPart: model.PlannedPart{Number: 1}, State: model.StatePending}}
	for _, s := range odd {
		p := full
		p.ETag, p.CopySourceVersionID, p.Checksum, p.Origin = s, s, s, s
		p.Err = &model.OpError{Op: s, Code: s, RequestID: s, Message: s, Failed: []string{s}}
		p.Tries = []model.Attempt{{At: at, ETag: s, Err: &model.OpError{Message: s}}}
		parts = append(parts, p)
	}
	for _, p := range parts {
		want, err := json.Marshal(&p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendPart(nil, &p)
		if err != nil || string(got) != string(want) {
			t.Errorf("appendPart:\n got %s (%v)\nwant %s", got, err, want)
		}
		line, _ := appendPartLine(nil, 42, 3, at, &p)
		var l logLine
		if err := json.Unmarshal(line, &l); err != nil || l.Gen != 42 || l.Index != 3 || !l.UpdatedAt.Equal(at) {
			t.Errorf("a part line does not read back: %v %+v", err, l)
		}
	}
	if _, err := appendPart(nil, &model.PartState{LastModified: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}); err == nil {
		t.Error("a time JSON cannot hold was written")
	}

	for typ, want := range map[reflect.Type]string{
		reflect.TypeFor[model.PartState]():   "PlannedPart state attempts etag last_modified copy_source_version_id checksum duration_ns error origin tries",
		reflect.TypeFor[model.PlannedPart](): "number range",
		reflect.TypeFor[model.Attempt]():     "at took_ns range etag error",
		reflect.TypeFor[model.OpError]():     "op code http_status request_id message retryable failed_conditions delete_marker",
		reflect.TypeFor[model.ByteRange]():   "first last",
	} {
		var names []string
		for f := range typ.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" {
				name = f.Name
			}
			names = append(names, name)
		}
		if !slices.Equal(names, strings.Fields(want)) {
			t.Errorf("%s has the fields %v; appendPart writes %v: teach it the new ones (journal/partjson.go)", typ, names, want)
		}
	}
}

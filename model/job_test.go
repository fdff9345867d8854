package model

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 21, 10, 0, 0, 123456789, time.UTC)

func testPlan(t *testing.T, size, partSize int64) Plan {
	t.Helper()
	parts, err := SplitParts(size, partSize, S3Limits)
	if err != nil {
		t.Fatalf("SplitParts(%d, %d): %v", size, partSize, err)
	}
	return Plan{
		Source:     Ref{Bucket: "src", Key: "a b/c+d?e#f%g"},
		SourceSize: size,
		Dest:       Ref{Bucket: "dst", Key: "copy"},
		PartSize:   partSize,
		Parts:      parts,
	}
}

func TestStateFinished(t *testing.T) {
	tests := []struct {
		s    State
		want bool
	}{
		{StatePending, false},
		{StateRunning, false},
		{StateDone, true},
		{StateFailed, true},
		{StateCancelled, true},
		{State(""), false},
	}
	for _, tt := range tests {
		if got := tt.s.Finished(); got != tt.want {
			t.Errorf("State(%q).Finished() = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestOpErrorError(t *testing.T) {
	tests := []struct {
		e    OpError
		want string
	}{
		{OpError{Message: "boom"}, "boom"},
		{OpError{Op: "UploadPartCopy", Message: "boom"}, "UploadPartCopy: boom"},
		{OpError{Op: "UploadPartCopy", Code: "SlowDown", HTTPStatus: 503, RequestID: "R1", Message: "please slow down", Retryable: true},
			"UploadPartCopy: please slow down (SlowDown, HTTP 503, request id R1)"},
		{OpError{Message: "denied", HTTPStatus: 403}, "denied (HTTP 403)"},
		{OpError{Message: "x", Code: "NoSuchKey"}, "x (NoSuchKey)"},
		{OpError{Message: "x", RequestID: "abc"}, "x (request id abc)"},
	}
	for _, tt := range tests {
		var err error = &tt.e
		if got := err.Error(); got != tt.want {
			t.Errorf("%+v.Error() = %q, want %q", tt.e, got, tt.want)
		}
	}
}

func TestNewJob(t *testing.T) {
	plan := testPlan(t, 200*MiB, 64*MiB)
	j := NewJob("job-1", plan, t0)
	if j.ID != "job-1" || j.State != StatePending || !j.CreatedAt.Equal(t0) || !j.UpdatedAt.Equal(t0) {
		t.Errorf("NewJob = id %q state %q created %v updated %v", j.ID, j.State, j.CreatedAt, j.UpdatedAt)
	}
	if !reflect.DeepEqual(j.Plan, plan) {
		t.Errorf("NewJob plan = %+v, want %+v", j.Plan, plan)
	}
	if j.UploadID != "" || j.FinalETag != "" || j.Err != nil || j.Verified || j.NoComplete {
		t.Errorf("NewJob has fields set beyond the plan: %+v", j)
	}
	if len(j.Parts) != len(plan.Parts) {
		t.Fatalf("NewJob has %d parts, want %d", len(j.Parts), len(plan.Parts))
	}
	for i, p := range j.Parts {
		want := PartState{PlannedPart: plan.Parts[i], State: StatePending}
		if !reflect.DeepEqual(p, want) {
			t.Errorf("part %d = %+v, want %+v", i, p, want)
		}
	}
	// The job's parts are its own.
	j.Parts[0].Range.Last = 1
	if plan.Parts[0].Range.Last == 1 {
		t.Error("NewJob shares its part states with the plan")
	}
}

func TestNewJobEmptyPlan(t *testing.T) {
	j := NewJob("e", Plan{}, t0)
	if len(j.Parts) != 0 || j.State != StatePending {
		t.Errorf("NewJob(empty plan) = %+v", j)
	}
}

func TestProgress(t *testing.T) {
	r := func(n int64) ByteRange { return ByteRange{0, n - 1} }
	tests := []struct {
		name   string
		states []State
		sizes  []int64
		want   Progress
	}{
		{"no parts", nil, nil, Progress{}},
		{"all pending", []State{StatePending, StatePending}, []int64{10, 5},
			Progress{PartsTotal: 2, BytesTotal: 15}},
		{"mixed", []State{StateDone, StateFailed, StateRunning, StatePending, StateDone, StateCancelled, StateRunning, StateFailed, StateFailed},
			[]int64{10, 20, 30, 40, 50, 60, 70, 80, 90},
			Progress{PartsDone: 2, PartsFailed: 3, PartsRunning: 2, PartsTotal: 9, BytesDone: 60, BytesTotal: 450}},
		{"all done", []State{StateDone, StateDone}, []int64{5 * MiB, 1}, Progress{PartsDone: 2, PartsTotal: 2, BytesDone: 5*MiB + 1, BytesTotal: 5*MiB + 1}},
		{"empty object done", []State{StateDone}, []int64{0}, Progress{PartsDone: 1, PartsTotal: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var j Job
			for i, s := range tt.states {
				j.Parts = append(j.Parts, PartState{PlannedPart: PlannedPart{int32(i + 1), r(tt.sizes[i])}, State: s})
			}
			if got := j.Progress(); got != tt.want {
				t.Errorf("Progress() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestProgressOfSplitJob(t *testing.T) {
	j := NewJob("p", testPlan(t, 200*MiB, 64*MiB), t0)
	j.Parts[3].State = StateDone // the 8 MiB remainder
	j.Parts[1].State = StateDone
	got := j.Progress()
	want := Progress{PartsDone: 2, PartsTotal: 4, BytesDone: 72 * MiB, BytesTotal: 200 * MiB}
	if got != want {
		t.Errorf("Progress() = %+v, want %+v", got, want)
	}
}

func donePart(n int32, etag string) PartState {
	return PartState{PlannedPart: PlannedPart{Number: n}, State: StateDone, ETag: etag}
}

func TestCompletedParts(t *testing.T) {
	tests := []struct {
		name  string
		parts []PartState
		want  []CompletedPart
	}{
		{"in order", []PartState{donePart(1, `"a"`), donePart(2, `"b"`), donePart(3, `"c"`)},
			[]CompletedPart{{Number: 1, ETag: `"a"`}, {Number: 2, ETag: `"b"`}, {Number: 3, ETag: `"c"`}}},
		{"out of order", []PartState{donePart(3, `"c"`), donePart(1, `"a"`), donePart(10, `"j"`), donePart(2, `"b"`)},
			[]CompletedPart{{Number: 1, ETag: `"a"`}, {Number: 2, ETag: `"b"`}, {Number: 3, ETag: `"c"`}, {Number: 10, ETag: `"j"`}}},
		{"reversed", []PartState{donePart(3, "c"), donePart(2, "b"), donePart(1, "a")},
			[]CompletedPart{{Number: 1, ETag: "a"}, {Number: 2, ETag: "b"}, {Number: 3, ETag: "c"}}},
		{"one", []PartState{donePart(1, "x")}, []CompletedPart{{Number: 1, ETag: "x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := Job{Parts: tt.parts}
			before := append([]PartState(nil), tt.parts...)
			got, err := j.CompletedParts()
			if err != nil {
				t.Fatalf("CompletedParts error: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CompletedParts = %+v, want %+v", got, tt.want)
			}
			if !reflect.DeepEqual(j.Parts, before) {
				t.Errorf("CompletedParts reordered the job's parts: %+v", j.Parts)
			}
		})
	}
}

func TestCompletedPartsErrors(t *testing.T) {
	failed := donePart(2, "")
	failed.State = StateFailed
	failed.Err = &OpError{Message: "boom"}
	pending := PartState{PlannedPart: PlannedPart{Number: 4}, State: StatePending}
	running := PartState{PlannedPart: PlannedPart{Number: 5}, State: StateRunning}
	doneNoETag := donePart(3, "")
	failedWithETag := donePart(6, `"stale"`)
	failedWithETag.State = StateFailed

	var many []PartState
	for i := range int32(15) {
		many = append(many, PartState{PlannedPart: PlannedPart{Number: i + 1}, State: StatePending})
	}

	tests := []struct {
		name        string
		parts       []PartState
		contains    []string
		notContains []string
	}{
		{"no parts", nil, []string{"no parts"}, nil},
		{"one failed", []PartState{donePart(1, "a"), failed, donePart(3, "c")}, []string{"1 of 3", "2 (failed)"}, []string{"1 (", "3 ("}},
		{"several missing", []PartState{donePart(1, "a"), failed, doneNoETag, pending, running},
			[]string{"4 of 5", "2 (failed)", "3 (done)", "4 (pending)", "5 (running)"}, []string{"1 ("}},
		{"failed part keeps an old ETag", []PartState{donePart(1, "a"), failedWithETag}, []string{"6 (failed)"}, nil},
		{"cancelled", []PartState{{PlannedPart: PlannedPart{Number: 7}, State: StateCancelled, ETag: "x"}}, []string{"7 (cancelled)"}, nil},
		{"many missing", many, []string{"15 of 15", "1 (pending)", "10 (pending)", "and 5 more"}, []string{"11 (pending)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Job{Parts: tt.parts}.CompletedParts()
			if err == nil {
				t.Fatalf("CompletedParts = %+v, want an error", got)
			}
			if got != nil {
				t.Errorf("CompletedParts returned a partial list with its error: %+v", got)
			}
			for _, c := range tt.contains {
				if !strings.Contains(err.Error(), c) {
					t.Errorf("error %q does not contain %q", err, c)
				}
			}
			for _, c := range tt.notContains {
				if strings.Contains(err.Error(), c) {
					t.Errorf("error %q names a part it should not: %q", err, c)
				}
			}
		})
	}
}

// fullJob is a Job with every field, and every field of its parts and plan,
// set to something other than its zero value.
func fullJob() Job {
	t1 := t0.Add(90 * time.Second)
	return Job{
		ID: "job-42",
		Plan: Plan{
			Source:             Ref{Bucket: "src", Key: "dir/a b+c?versionId=x#%", VersionID: "3/L4kqtJl+cpXroDTDmJ"},
			SourceSize:         10*MiB + 1,
			SourceETag:         `"d41d8cd98f00b204e9800998ecf8427e-2"`,
			SourceLastModified: t0.Add(-time.Hour),
			Dest:               Ref{Bucket: "dst", Key: "ünï/cødé", VersionID: "dest-version"},
			PartSize:           5 * MiB,
			Parts: []PlannedPart{
				{1, ByteRange{0, 5*MiB - 1}},
				{2, ByteRange{5 * MiB, 10*MiB - 1}},
				{3, ByteRange{10 * MiB, 10 * MiB}},
			},
			Conditions: Conditions{
				IfMatch:           `"d41d8cd98f00b204e9800998ecf8427e-2"`,
				IfNoneMatch:       `"ffffffffffffffffffffffffffffffff"`,
				IfModifiedSince:   t0.Add(-48 * time.Hour),
				IfUnmodifiedSince: t0.Add(-30 * time.Minute),
			},
			Headers: ObjectHeaders{
				ContentType:             "application/octet-stream",
				CacheControl:            "max-age=60",
				ContentDisposition:      `attachment; filename="a b.bin"`,
				ContentEncoding:         "gzip",
				ContentLanguage:         "en-GB",
				Metadata:                map[string]string{"owner": "ops", "ünï": "✓"},
				Expires:                 "Wed, 21 Oct 2037 07:28:00 GMT",
				WebsiteRedirectLocation: "/elsewhere.html",
			},
			SourceAttrs: SourceAttrs{StorageClass: "STANDARD_IA", SSE: "aws:kms", SSEKMSKeyID: "arn:aws:kms:eu-west-1:1:key/k", SSEC: true, SSECKey: "sha256:00112233aabbccdd",
				Tags: map[string]string{"team": "ops"}, TagsRead: true, TagsError: "AccessDenied", LockMode: "GOVERNANCE",
				RetainUntil: t0.Add(24 * time.Hour), LegalHold: "ON",
				Checksum: Checksum{Algorithm: "CRC64NVME", Type: ChecksumFullObject, Value: "YTShlb4arGA="}},
			Target: Target{StorageClass: "GLACIER_IR", SSE: "AES256", SSEKMSKeyID: "k2", SSECKey: "sha256:0123456789abcdef", ReplaceMetadata: true,
				Metadata: map[string]string{"a": "b"}, Tagging: TagsReplace, Tags: map[string]string{"x": "y"},
				ContentType: "text/plain", CacheControl: "no-cache", ContentDisposition: "inline", LockMode: "COMPLIANCE",
				RetainUntil: t0.Add(48 * time.Hour), LegalHold: "OFF", ACL: "private", Checksum: "SHA256"},
			Single: true,
		},
		Where:         Where{Endpoint: "https://s3.example.com", Region: "eu-west-1", Profile: "ops", Provider: "generic", PathStyle: true},
		UploadID:      "VXBsb2FkSUQ=",
		CreatedUpload: true,
		State:         StateFailed,
		Parts: []PartState{
			{
				PlannedPart:         PlannedPart{1, ByteRange{0, 5*MiB - 1}},
				State:               StateDone,
				Attempts:            2,
				ETag:                `"f814893777bcc2295fff05f00e508da6"`,
				LastModified:        t0.Add(10 * time.Second),
				CopySourceVersionID: "3/L4kqtJl+cpXroDTDmJ",
				Checksum:            "H3FcbyEMa1g=",
				Duration:            1500 * time.Millisecond,
				Err:                 &OpError{Op: "UploadPartCopy", Code: "SlowDown", HTTPStatus: 503, RequestID: "R1", Message: "slow down", Retryable: true, Failed: []string{"If-Match"}, DeleteMarker: true},
				Origin:              OriginProven,
				Tries: []Attempt{{At: t0.Add(2 * time.Second), Took: 700 * time.Millisecond, Range: ByteRange{1, 5*MiB - 1},
					ETag: `"f814893777bcc2295fff05f00e508da6"`,
					Err:  &OpError{Op: "UploadPartCopy", Code: "SlowDown", HTTPStatus: 503, RequestID: "R0", Message: "slow down", Retryable: true, Failed: []string{"If-None-Match"}, DeleteMarker: true}}},
			},
			{
				PlannedPart: PlannedPart{2, ByteRange{5 * MiB, 10*MiB - 1}},
				State:       StateFailed,
				Attempts:    5,
				Duration:    42 * time.Nanosecond,
				Err:         &OpError{Op: "UploadPartCopy", Code: "AccessDenied", HTTPStatus: 403, RequestID: "R2", Message: "denied"},
			},
			{
				PlannedPart: PlannedPart{3, ByteRange{10 * MiB, 10 * MiB}},
				State:       StateRunning,
				Attempts:    1,
			},
		},
		NoComplete:    true,
		Concurrency:   24,
		CreatedAt:     t0,
		UpdatedAt:     t1,
		Completed:     true,
		DestVersionID: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
		FinalETag:     `"e09e4fd6265b36115fe3db32df945d84-3"`,
		ExpectedETag:  `"e09e4fd6265b36115fe3db32df945d84-3"`,
		Verified:      true,
		Verification:  "size, part count",
		Err:           &OpError{Op: "CompleteMultipartUpload", Code: "InternalError", HTTPStatus: 500, RequestID: "R3", Message: "try again", Failed: []string{"If-Unmodified-Since"}, DeleteMarker: true},
	}
}

// fullJobWithUnknown is fullJob as a journal read it, holding a field from
// a newer version (which JSON itself leaves out: the journal keeps it).
func fullJobWithUnknown() Job {
	j := fullJob()
	j.Unknown = map[string]json.RawMessage{"from_the_future": json.RawMessage(`{"x":1}`)}
	return j
}

// nonZeroFields fails for any field of v (recursing into structs, not
// time.Time) left at its zero value.
func nonZeroFields(t *testing.T, path string, v reflect.Value) {
	t.Helper()
	if v.IsZero() {
		t.Errorf("%s is zero: the round-trip test does not cover it", path)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		nonZeroFields(t, path, v.Elem())
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.Name == "Retryable" || f.Name == "First" {
				continue // false/0 in some entries is fine; checked elsewhere
			}
			nonZeroFields(t, path+"."+f.Name, v.Field(i))
		}
	case reflect.Slice:
		for i := range v.Len() {
			if v.Type().Elem() == reflect.TypeFor[PartState]() && i > 0 {
				continue // only the first part state has every field set
			}
			nonZeroFields(t, path+"["+strconv.Itoa(i)+"]", v.Index(i))
		}
	}
}

func TestFullJobIsFull(t *testing.T) {
	nonZeroFields(t, "Job", reflect.ValueOf(fullJobWithUnknown()))
}

func normaliseTimes(j *Job) {
	u := func(t *time.Time) { *t = t.UTC() }
	u(&j.CreatedAt)
	u(&j.UpdatedAt)
	u(&j.Plan.SourceLastModified)
	u(&j.Plan.Conditions.IfModifiedSince)
	u(&j.Plan.Conditions.IfUnmodifiedSince)
	u(&j.Plan.SourceAttrs.RetainUntil)
	u(&j.Plan.Target.RetainUntil)
	for i := range j.Parts {
		u(&j.Parts[i].LastModified)
		for k := range j.Parts[i].Tries {
			u(&j.Parts[i].Tries[k].At)
		}
	}
}

func TestJobJSONRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		job  Job
	}{
		{"full", fullJob()},
		{"new", NewJob("n", testPlan(t, 200*MiB, 64*MiB), t0)},
		{"empty object", NewJob("e", testPlan(t, 0, 0), t0)},
		{"non-UTC times", func() Job {
			j := fullJob()
			zone := time.FixedZone("CET", 3600)
			j.CreatedAt = j.CreatedAt.In(zone)
			j.Parts[0].LastModified = j.Parts[0].LastModified.In(zone)
			return j
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.job)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			var got Job
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", b, err)
			}
			want := tt.job.Clone()
			normaliseTimes(&want)
			normaliseTimes(&got)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip changed the job\n got  %+v\n want %+v\n json %s", got, want, b)
			}
			// And a second trip writes the same bytes.
			b2, err := json.Marshal(got)
			if err != nil {
				t.Fatalf("Marshal again: %v", err)
			}
			if tt.name != "non-UTC times" && string(b2) != string(b) {
				t.Errorf("second Marshal differs:\n%s\n%s", b, b2)
			}
		})
	}
}

func TestJobJSONShape(t *testing.T) {
	b, err := json.Marshal(fullJob())
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		`"range":"bytes=0-5242879"`,
		`"duration_ns":1500000000`,
		`"created_at":"2026-11-21T10:00:00.123456789Z"`,
		`"upload_id":"VXBsb2FkSUQ="`,
		`"if_match":`,
		`"metadata":{`,
		`"error":{"op":"CompleteMultipartUpload"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON %s does not contain %s", s, want)
		}
	}
	// Zero optional fields are left out.
	b, err = json.Marshal(NewJob("n", Plan{Parts: []PlannedPart{{1, ByteRange{0, 9}}}}, t0))
	if err != nil {
		t.Fatal(err)
	}
	for _, absent := range []string{"conditions", "headers", "source_last_modified", "error", "etag", "upload_id", "last_modified", "duration_ns"} {
		if strings.Contains(string(b), `"`+absent+`"`) {
			t.Errorf("JSON %s has %q, which is unset", b, absent)
		}
	}
}

func TestJobCloneCopiesSlices(t *testing.T) {
	orig := fullJob()
	c := orig.Clone()
	if !reflect.DeepEqual(c, orig) {
		t.Fatalf("Clone differs from the original")
	}
	c.Parts[0].State = StatePending
	c.Parts[0].ETag = "changed"
	c.Parts = append(c.Parts, PartState{})
	c.Plan.Parts[0].Range.Last = 7
	c.Plan.Parts = append(c.Plan.Parts, PlannedPart{})
	if !reflect.DeepEqual(orig, fullJob()) {
		t.Errorf("changing the clone's parts changed the original")
	}
}

func TestJobCloneIsDeep(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Job)
	}{
		{"job error", func(j *Job) { j.Err.Message = "changed" }},
		{"part error", func(j *Job) { j.Parts[0].Err.Retryable = false }},
		{"metadata", func(j *Job) { j.Plan.Headers.Metadata["owner"] = "changed" }},
		{"metadata add", func(j *Job) { j.Plan.Headers.Metadata["new"] = "x" }},
		{"attempt", func(j *Job) { j.Parts[0].Tries[0].ETag = "changed" }},
		{"attempt error", func(j *Job) { j.Parts[0].Tries[0].Err.Message = "changed" }},
		{"unknown field", func(j *Job) { j.Unknown["from_the_future"] = json.RawMessage(`2`) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := fullJobWithUnknown()
			c := orig.Clone()
			tt.mutate(&c)
			if !reflect.DeepEqual(orig, fullJobWithUnknown()) {
				t.Errorf("changing the clone changed the original")
			}
		})
	}
}

func TestRetryPartsAndRetryFailed(t *testing.T) {
	j := Job{Parts: []PartState{
		{PlannedPart: PlannedPart{Number: 1}, State: StateDone, ETag: `"a"`},
		{PlannedPart: PlannedPart{Number: 2}, State: StateFailed, Attempts: 2, Err: &OpError{Message: "x"}},
		{PlannedPart: PlannedPart{Number: 3}, State: StateFailed},
	}}
	if missing := j.RetryParts(1, 9); len(missing) != 1 || missing[0] != 9 {
		t.Errorf("missing %v, want [9]", missing)
	}
	if j.Parts[0].State != StatePending || j.Parts[0].ETag != "" {
		t.Errorf("part 1 not reset: %+v", j.Parts[0])
	}
	if n := j.RetryFailed(); n != 2 || j.Parts[1].State != StatePending || j.Parts[2].State != StatePending {
		t.Errorf("RetryFailed reset %d: %+v", n, j.Parts)
	}
	if j.Parts[1].Attempts != 2 || j.Parts[1].Err == nil {
		t.Error("a reset keeps the attempt count and last error for the record")
	}
}

func TestAdoptStoredKeepsMatchingSizesOnly(t *testing.T) {
	j := NewJob("a", Plan{SourceSize: 30, Parts: []PlannedPart{
		{Number: 1, Range: ByteRange{0, 9}}, {Number: 2, Range: ByteRange{10, 19}}, {Number: 3, Range: ByteRange{20, 29}},
	}}, time.Now())
	trust := func(PlannedPart, Part) bool { return true }
	kept, extra := j.AdoptStored([]Part{
		{Number: 1, Size: 10, ETag: `"a"`}, // kept
		{Number: 2, Size: 7, ETag: `"b"`},  // wrong size: copied again
		{Number: 5, Size: 10, ETag: `"c"`}, // not in the plan
	}, trust)
	if kept != 1 || len(extra) != 1 || extra[0] != 5 {
		t.Fatalf("kept %d, extra %v", kept, extra)
	}
	if j.Parts[0].State != StateDone || j.Parts[0].ETag != `"a"` || j.Parts[1].State != StatePending || j.Parts[2].State != StatePending {
		t.Errorf("parts: %+v", j.Parts)
	}
	j2 := NewJob("b", j.Plan, time.Now())
	if kept, _ := j2.AdoptStored([]Part{{Number: 1, Size: 10, ETag: `"a"`}}, func(PlannedPart, Part) bool { return false }); kept != 0 {
		t.Error("a part whose bytes are not proven the same was kept")
	}
}

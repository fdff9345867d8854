package provider_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"s3parts/model"
	"s3parts/provider"
)

// lookupPreset finds a preset that names itself in its limits, so that
// refusals say whose rule it is.
func lookupPreset(t *testing.T, name string) provider.Preset {
	t.Helper()
	p, err := provider.LookupPreset(name)
	if err != nil {
		t.Fatal(err)
	}
	if p.Limits.Provider != name {
		t.Errorf("%s: Limits.Provider = %q", name, p.Limits.Provider)
	}
	return p
}

// The presets for services whose rules go beyond part sizes state them,
// and name themselves in their limits so refusals say whose rule it is.
func TestPresetRules(t *testing.T) {
	get := func(name string) provider.Preset { return lookupPreset(t, name) }
	if r2 := get("r2"); !r2.Limits.EqualParts || r2.Limits.MaxPartSize != 5*model.GiB-5*model.MiB || !r2.NeedsEndpoint || r2.DefaultRegion != "auto" {
		t.Errorf("r2 preset: %+v", r2)
	}
	if gcs := get("gcs"); !gcs.Limits.NoPartCopy {
		t.Errorf("gcs preset: %+v", gcs)
	}
	if scw := get("scaleway"); scw.Limits.MaxParts != 1000 || scw.Limits.MaxPartNumberFor() != 1000 {
		t.Errorf("scaleway preset: %+v", scw)
	}
	if g := get("garage"); !g.Limits.NoRecopy || !g.NeedsEndpoint || g.ConditionRule != model.ConditionsPaired {
		t.Errorf("garage preset: %+v", g)
	}
	// No preset has a last-part minimum: PROVIDERS.md names no service with one.
	for _, n := range provider.PresetNames() {
		if p := get(n); p.Limits.MinLastPartSize != 0 {
			t.Errorf("%s sets MinLastPartSize", n)
		}
	}
	for endpoint, want := range map[string]string{
		"https://0123abcd.r2.cloudflarestorage.com": "r2",
		"https://storage.googleapis.com":            "gcs",
		"https://s3.fr-par.scw.cloud":               "scaleway",
		"http://garage.local:3900":                  "generic", // Garage has no domain of its own
	} {
		if got := provider.GuessPreset(endpoint).Name; got != want {
			t.Errorf("GuessPreset(%s) = %s, want %s", endpoint, got, want)
		}
	}
	if e, err := get("gcs").Endpoint(""); err != nil || e != "https://storage.googleapis.com" {
		t.Errorf("gcs endpoint without a region = %q, %v", e, err)
	}
	if e, err := get("scaleway").Endpoint("nl-ams"); err != nil || e != "https://s3.nl-ams.scw.cloud" {
		t.Errorf("scaleway endpoint = %q, %v", e, err)
	}
}

// r2 without --endpoint says which endpoint it needs: the account's, not a
// region's.
func TestR2NeedsItsAccountEndpoint(t *testing.T) {
	// TestMain points the environment at its local server: not here.
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	t.Setenv("AWS_ENDPOINT_URL", "")
	_, err := provider.New(context.Background(), provider.Options{Provider: "r2", Endpoint: ""})
	if err == nil || !strings.Contains(err.Error(), "https://ACCOUNT_ID.r2.cloudflarestorage.com") {
		t.Fatalf("error %v, want the endpoint's form named", err)
	}
}

// On a service without UploadPartCopy the engine refuses the job before
// any request: no upload is created that would hold nothing.
func TestEngineNoPartCopySendsNothing(t *testing.T) {
	c, rec := shapeClient(t, "gcs", "", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	})
	src := model.Ref{Bucket: "src", Key: "big"}
	size := int64(64 * model.MiB)
	// The plan is made for S3's rules, as a plan from elsewhere (a journal)
	// would be: the engine must not count on the planner having refused it.
	parts, err := model.SplitParts(size, 16*model.MiB, model.S3Limits)
	if err != nil {
		t.Fatal(err)
	}
	plan := model.Plan{Source: src, SourceSize: size, SourceETag: `"e"`, Dest: model.Ref{Bucket: "dst", Key: "big"}, PartSize: 16 * model.MiB, Parts: parts}
	out := (&provider.Engine{Client: c}).Run(context.Background(), model.NewJob("gcs1", plan, time.Now()), nil)
	if out.State != model.StateFailed || out.Err == nil || out.Err.Code != "NoPartCopy" || out.UploadID != "" {
		t.Fatalf("want NoPartCopy before any upload: %+v", out)
	}
	for _, want := range []string{"gcs provider has no UploadPartCopy", "CopyObject", "5 GiB"} {
		if !strings.Contains(out.Err.Message, want) {
			t.Errorf("message %q does not say %q", out.Err.Message, want)
		}
	}
	if reqs := rec.requests(); len(reqs) != 0 {
		t.Errorf("%d requests sent, the first %s %s", len(reqs), reqs[0].Method, reqs[0].URL)
	}
}

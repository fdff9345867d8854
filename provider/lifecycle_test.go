package provider_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"s3parts/provider"
)

// The abort rule is added by read-modify-write: a rule the bucket had is
// still there, byte for byte, and the new one aborts incomplete uploads.
func TestAddAbortRuleKeepsRules(t *testing.T) {
	ctx := context.Background()
	b := srv.NewBucket(t, false)
	c, raw := lifecycleClients(t)
	keep := types.LifecycleRule{ID: aws.String("expire-logs"), Status: types.ExpirationStatusEnabled,
		Filter:     &types.LifecycleRuleFilter{Prefix: aws.String("logs/")},
		Expiration: &types.LifecycleExpiration{Days: aws.Int32(30)}}
	if _, err := raw.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(b),
		LifecycleConfiguration: &types.BucketLifecycleConfiguration{Rules: []types.LifecycleRule{keep}}}); err != nil {
		t.Skipf("the server takes no lifecycle configuration: %v", err)
	}
	if r, err := c.AbortRuleOf(ctx, b); err != nil || r != nil {
		t.Fatalf("before: AbortRuleOf = %+v, %v; want none", r, err)
	}
	ch, err := c.AddAbortRule(ctx, b, 7)
	if err != nil && srv.External {
		t.Skipf("the server refuses abort rules (MinIO does): %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if ch.Kept != 1 || ch.Rule.Days != 7 {
		t.Errorf("change %+v; want 1 kept, 7 days", ch)
	}
	out, err := raw.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(b)})
	if err != nil {
		t.Fatal(err)
	}
	var kept, added bool
	for _, r := range out.Rules {
		switch aws.ToString(r.ID) {
		case "expire-logs":
			kept = r.Expiration != nil && aws.ToInt32(r.Expiration.Days) == 30 && r.Filter != nil && aws.ToString(r.Filter.Prefix) == "logs/"
		case provider.AbortRuleID:
			added = r.AbortIncompleteMultipartUpload != nil && aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation) == 7
		}
	}
	if !kept || !added || len(out.Rules) != 2 {
		t.Errorf("rules after: %d, kept %v, added %v", len(out.Rules), kept, added)
	}
	if r, err := c.AbortRuleOf(ctx, b); err != nil || r == nil || r.Days != 7 || !r.Enabled {
		t.Errorf("after: AbortRuleOf = %+v, %v", r, err)
	}
	// Again with other days: replaced, not added twice.
	if _, err := c.AddAbortRule(ctx, b, 3); err != nil {
		t.Fatal(err)
	}
	if r, _ := c.AbortRuleOf(ctx, b); r == nil || r.Days != 3 {
		t.Errorf("re-added rule %+v; want 3 days", r)
	}
}

// A bucket without any configuration gets the rule alone; one whose own
// rule already aborts incomplete uploads of every key is left as it was.
func TestAddAbortRuleFreshAndExisting(t *testing.T) {
	ctx := context.Background()
	b := srv.NewBucket(t, false)
	c, raw := lifecycleClients(t)
	if r, err := c.AbortRuleOf(ctx, b); err != nil || r != nil {
		t.Fatalf("no configuration: AbortRuleOf = %+v, %v", r, err)
	}
	ch, err := c.AddAbortRule(ctx, b, 2)
	if err != nil {
		if srv.External {
			t.Skipf("the server refuses abort rules: %v", err)
		}
		t.Fatal(err)
	}
	if ch.Kept != 0 {
		t.Errorf("kept %d rules of a bucket that had none", ch.Kept)
	}
	theirs := types.LifecycleRule{ID: aws.String("theirs"), Status: types.ExpirationStatusEnabled, Filter: &types.LifecycleRuleFilter{Prefix: aws.String("")},
		AbortIncompleteMultipartUpload: &types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(9)}}
	if _, err := raw.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(b),
		LifecycleConfiguration: &types.BucketLifecycleConfiguration{Rules: []types.LifecycleRule{theirs}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddAbortRule(ctx, b, 3); err == nil || !strings.Contains(err.Error(), `already has rule "theirs"`) {
		t.Fatalf("adding over a bucket's own abort rule: %v", err)
	}
	out, err := raw.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(b)})
	if err != nil || len(out.Rules) != 1 || aws.ToString(out.Rules[0].ID) != "theirs" {
		t.Errorf("the bucket's rule was changed: %+v, %v", out, err)
	}
}

// lifecycleClients reach a server that keeps lifecycle configurations:
// versitygw keeps none, so a shim in front of it does, and the raw client
// goes through it too.
func lifecycleClients(t *testing.T) (*provider.Client, *s3.Client) {
	t.Helper()
	if srv.External {
		return newClient(t, provider.Options{}), srv.Raw()
	}
	lc := srv.WithLifecycle(t)
	return newClient(t, provider.Options{Endpoint: lc.URL, PathStyle: aws.Bool(true)}), srv.RawAt(lc.URL)
}

// A rule with s3parts' id that a person changed is theirs: refused, not
// replaced. A rule narrowed by tags does not count as aborting every
// upload, so the whole-bucket rule is still added beside it.
func TestAddAbortRuleRespectsTheirRules(t *testing.T) {
	ctx := context.Background()
	b := srv.NewBucket(t, false)
	c, raw := lifecycleClients(t)
	put := func(rules ...types.LifecycleRule) {
		t.Helper()
		if _, err := raw.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(b),
			LifecycleConfiguration: &types.BucketLifecycleConfiguration{Rules: rules}}); err != nil {
			t.Skipf("the server takes no such configuration: %v", err)
		}
	}
	abort := &types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(5)}
	put(types.LifecycleRule{ID: aws.String(provider.AbortRuleID), Status: types.ExpirationStatusEnabled,
		Filter: &types.LifecycleRuleFilter{Prefix: aws.String("")}, AbortIncompleteMultipartUpload: abort,
		Expiration: &types.LifecycleExpiration{Days: aws.Int32(90)}})
	if _, err := c.AddAbortRule(ctx, b, 7); err == nil || !strings.Contains(err.Error(), "changed by hand") {
		t.Fatalf("a hand-changed s3parts rule: %v", err)
	}
	put(types.LifecycleRule{ID: aws.String("tagged"), Status: types.ExpirationStatusEnabled,
		Filter: &types.LifecycleRuleFilter{Tag: &types.Tag{Key: aws.String("tmp"), Value: aws.String("1")}}, AbortIncompleteMultipartUpload: abort})
	if r, err := c.AbortRuleOf(ctx, b); err != nil || r == nil || !r.Filtered || r.Whole() {
		t.Fatalf("a tag-filtered rule read as %+v, %v", r, err)
	}
	ch, err := c.AddAbortRule(ctx, b, 7)
	if err != nil || ch.Kept != 1 {
		t.Fatalf("adding beside a tag-filtered rule: %+v, %v", ch, err)
	}
	if r, _ := c.AbortRuleOf(ctx, b); r == nil || !r.Whole() || r.Days != 7 {
		t.Errorf("after: %+v; want s3parts' whole-bucket rule", r)
	}
}

package provider

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"s3parts/model"
)

// AbortRuleID names the rule s3parts adds, so a person reading the
// bucket's configuration knows where it came from.
const AbortRuleID = "s3parts-abort-incomplete-uploads"

// lifecycleRules reads the bucket's lifecycle configuration: nil rules
// (and no error) when it has none.
func (c *Client) lifecycleRules(ctx context.Context, bucket string) (*s3.GetBucketLifecycleConfigurationOutput, error) {
	out, err := c.forBucket(ctx, bucket).GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(bucket)})
	if err != nil {
		oe := Classify("GetBucketLifecycleConfiguration", err)
		if oe.Code == "NoSuchLifecycleConfiguration" {
			return &s3.GetBucketLifecycleConfigurationOutput{}, nil
		}
		return nil, oe
	}
	return out, nil
}

// AbortRuleOf is the bucket's lifecycle rule that aborts incomplete
// uploads of every key (nil when it has none). Where several do, the one
// that acts soonest is reported; a rule for a prefix only is reported
// when no whole-bucket rule exists.
func (c *Client) AbortRuleOf(ctx context.Context, bucket string) (*model.AbortRule, error) {
	out, err := c.lifecycleRules(ctx, bucket)
	if err != nil {
		return nil, err
	}
	var best *model.AbortRule
	for _, r := range out.Rules {
		a := abortRule(r)
		if a == nil {
			continue
		}
		better := best == nil ||
			(a.Enabled && !best.Enabled) ||
			(a.Enabled == best.Enabled && a.Prefix == "" && best.Prefix != "") ||
			(a.Enabled == best.Enabled && (a.Prefix == "") == (best.Prefix == "") && a.Days < best.Days)
		if better {
			best = a
		}
	}
	return best, nil
}

// abortRule reads a rule's abort of incomplete uploads, if it has one.
func abortRule(r types.LifecycleRule) *model.AbortRule {
	if r.AbortIncompleteMultipartUpload == nil || r.AbortIncompleteMultipartUpload.DaysAfterInitiation == nil {
		return nil
	}
	//lint:ignore SA1019 the old top-level Prefix is still what some servers answer
	prefix := aws.ToString(r.Prefix)
	if r.Filter != nil {
		switch {
		case r.Filter.Prefix != nil:
			prefix = aws.ToString(r.Filter.Prefix)
		case r.Filter.And != nil && r.Filter.And.Prefix != nil:
			prefix = aws.ToString(r.Filter.And.Prefix)
		}
	}
	return &model.AbortRule{ID: aws.ToString(r.ID), Prefix: prefix,
		Days: int(aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation)), Enabled: r.Status == types.ExpirationStatusEnabled}
}

// LifecycleChange is what adding the abort rule did.
type LifecycleChange struct {
	// Rule is the rule added.
	Rule model.AbortRule
	// Kept counts the bucket's rules before, every one of them kept.
	Kept int
}

// NewAbortRule is the rule AddAbortRule adds, for showing before it is.
func NewAbortRule(days int) model.AbortRule {
	return model.AbortRule{ID: AbortRuleID, Days: days, Enabled: true}
}

// AddAbortRule adds a rule that aborts every incomplete upload of the
// bucket days after it was started. Read, then modify, then write: every
// rule the bucket has is sent back as it was read, with the new one added
// (S3 replaces the whole configuration on a put). A bucket that already
// has an enabled whole-bucket abort rule is left alone (an error says
// so). A rule s3parts added before is replaced, not added twice.
func (c *Client) AddAbortRule(ctx context.Context, bucket string, days int) (LifecycleChange, error) {
	if days < 1 {
		return LifecycleChange{}, fmt.Errorf("days %d: a rule aborts uploads at least 1 day after they were started", days)
	}
	out, err := c.lifecycleRules(ctx, bucket)
	if err != nil {
		return LifecycleChange{}, err
	}
	rules := make([]types.LifecycleRule, 0, len(out.Rules)+1)
	for _, r := range out.Rules {
		if aws.ToString(r.ID) == AbortRuleID {
			continue // ours, from before: replaced below
		}
		if a := abortRule(r); a != nil && a.Enabled && a.Prefix == "" {
			return LifecycleChange{}, fmt.Errorf("bucket %s already has rule %q, which aborts incomplete uploads after %d days: nothing was changed", bucket, a.ID, a.Days)
		}
		rules = append(rules, r)
	}
	kept := len(rules)
	rule := NewAbortRule(days)
	rules = append(rules, types.LifecycleRule{
		ID:                             aws.String(rule.ID),
		Status:                         types.ExpirationStatusEnabled,
		Filter:                         &types.LifecycleRuleFilter{Prefix: aws.String("")},
		AbortIncompleteMultipartUpload: &types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(int32(days))},
	})
	in := &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(bucket),
		LifecycleConfiguration:             &types.BucketLifecycleConfiguration{Rules: rules},
		TransitionDefaultMinimumObjectSize: out.TransitionDefaultMinimumObjectSize}
	if _, err := c.forBucket(ctx, bucket).PutBucketLifecycleConfiguration(ctx, in); err != nil {
		return LifecycleChange{}, Classify("PutBucketLifecycleConfiguration", err)
	}
	return LifecycleChange{Rule: rule, Kept: kept}, nil
}

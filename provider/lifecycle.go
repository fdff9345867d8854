package provider

import (
	"context"
	"fmt"
	"strings"

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
		broad := func(r *model.AbortRule) bool { return r.Prefix == "" && !r.Filtered }
		better := best == nil ||
			(a.Enabled && !best.Enabled) ||
			(a.Enabled == best.Enabled && broad(a) && !broad(best)) ||
			(a.Enabled == best.Enabled && broad(a) == broad(best) && a.Days < best.Days)
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
	filtered := false
	if f := r.Filter; f != nil {
		switch {
		case f.Prefix != nil:
			prefix = aws.ToString(f.Prefix)
		case f.And != nil:
			prefix = aws.ToString(f.And.Prefix)
		}
		// Tags or sizes narrow a rule below its prefix.
		filtered = f.Tag != nil || f.ObjectSizeGreaterThan != nil || f.ObjectSizeLessThan != nil ||
			(f.And != nil && (len(f.And.Tags) > 0 || f.And.ObjectSizeGreaterThan != nil || f.And.ObjectSizeLessThan != nil))
	}
	return &model.AbortRule{ID: aws.ToString(r.ID), Prefix: prefix, Filtered: filtered,
		Days: int(aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation)), Enabled: r.Status == types.ExpirationStatusEnabled}
}

// ours reports a rule with s3parts' id and the shape s3parts writes
// (whole bucket, abort only): one a person changed by hand is theirs.
func ours(r types.LifecycleRule) bool {
	a := abortRule(r)
	return aws.ToString(r.ID) == AbortRuleID && a != nil && a.Prefix == "" && !a.Filtered &&
		r.Expiration == nil && len(r.Transitions) == 0 && r.NoncurrentVersionExpiration == nil && len(r.NoncurrentVersionTransitions) == 0
}

// maxLifecycleRules is how many rules S3 takes in one configuration.
const maxLifecycleRules = 1000

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
	oldStyle := false
	var keptIDs []string
	for _, r := range out.Rules {
		switch {
		case ours(r):
			continue // s3parts' own, from before: replaced below
		case aws.ToString(r.ID) == AbortRuleID:
			return LifecycleChange{}, fmt.Errorf("bucket %s has a rule %q that was changed by hand (it does more than abort incomplete uploads of every key): nothing was changed; edit or remove it yourself", bucket, AbortRuleID)
		}
		if a := abortRule(r); a != nil && a.Whole() {
			return LifecycleChange{}, fmt.Errorf("bucket %s already has rule %q, which aborts incomplete uploads after %d days: nothing was changed", bucket, a.ID, a.Days)
		}
		//lint:ignore SA1019 a configuration of old-style rules takes no Filter rule beside them
		oldStyle = oldStyle || (r.Filter == nil && r.Prefix != nil)
		rules = append(rules, r)
		keptIDs = append(keptIDs, aws.ToString(r.ID))
	}
	if len(rules) >= maxLifecycleRules {
		return LifecycleChange{}, fmt.Errorf("bucket %s has %d lifecycle rules, the most S3 takes: nothing was changed", bucket, len(rules))
	}
	kept := len(rules)
	rule := NewAbortRule(days)
	add := types.LifecycleRule{
		ID:                             aws.String(rule.ID),
		Status:                         types.ExpirationStatusEnabled,
		Filter:                         &types.LifecycleRuleFilter{Prefix: aws.String("")},
		AbortIncompleteMultipartUpload: &types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(int32(days))},
	}
	if oldStyle {
		add.Filter, add.Prefix = nil, aws.String("") //lint:ignore SA1019 written as the rules beside it are
	}
	rules = append(rules, add)
	in := &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(bucket),
		LifecycleConfiguration:             &types.BucketLifecycleConfiguration{Rules: rules},
		TransitionDefaultMinimumObjectSize: out.TransitionDefaultMinimumObjectSize}
	if _, err := c.forBucket(ctx, bucket).PutBucketLifecycleConfiguration(ctx, in); err != nil {
		return LifecycleChange{}, Classify("PutBucketLifecycleConfiguration", err)
	}
	// S3 has no conditional put for a configuration: read it back, so a
	// change someone made between the read and the write is said, not
	// lost unseen.
	after, err := c.lifecycleRules(ctx, bucket)
	if err != nil {
		return LifecycleChange{Rule: rule, Kept: kept}, fmt.Errorf("the rule was added, but the configuration could not be read back to check it: %w", err)
	}
	have := map[string]bool{}
	for _, r := range after.Rules {
		have[aws.ToString(r.ID)] = true
	}
	var missing []string
	for _, id := range append(keptIDs, rule.ID) {
		if id != "" && !have[id] { // a rule without an id may be given one
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return LifecycleChange{Rule: rule, Kept: kept}, fmt.Errorf("bucket %s's lifecycle was changed by someone else at the same time: rules %s are not in it now; check it", bucket, strings.Join(missing, ", "))
	}
	return LifecycleChange{Rule: rule, Kept: kept}, nil
}

// AbortRuleText says in a few words whether a bucket's lifecycle aborts
// its incomplete uploads: "7d", "7d for logs/", "7d, some keys", "none",
// "unsupported", "minio purges (24h)" (the words of uploads --all and the
// uploads workbench).
func AbortRuleText(b model.BucketUploads, p Preset) string {
	switch {
	case p.StaleUploadExpiry > 0:
		return p.Name + " purges (" + model.FormatAge(p.StaleUploadExpiry) + ")"
	case b.RuleErr == NoLifecycle:
		return "unsupported"
	case b.RuleErr != "":
		return "?"
	case b.Rule == nil:
		return "none"
	case !b.Rule.Enabled:
		return fmt.Sprintf("%dd (disabled)", b.Rule.Days)
	case b.Rule.Filtered:
		return fmt.Sprintf("%dd, some keys", b.Rule.Days)
	case b.Rule.Prefix != "":
		return fmt.Sprintf("%dd for %s", b.Rule.Days, b.Rule.Prefix)
	}
	return fmt.Sprintf("%dd", b.Rule.Days)
}

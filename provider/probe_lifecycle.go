package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"s3parts/model"
)

// probeRuleID names the rule the probe puts, so a person who finds it
// left behind knows where it came from.
const probeRuleID = "s3parts-probe"

// lifecycle asks whether the bucket can have unfinished uploads aborted
// by a rule. A bucket's lifecycle is the owner's: the probe only tries a
// rule of its own on a bucket that has none, and puts "none" back at once.
func (p *probe) lifecycle(ctx context.Context) Check {
	out, err := p.s3.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(p.o.Bucket)})
	switch {
	case err == nil && len(out.Rules) > 0:
		if r, ok := firstAbortRule(out.Rules); ok {
			return Check{Outcome: Yes, Seen: fmt.Sprintf("bucket has rule %s, %d days", r.ID, r.Days)}
		}
		return Check{Outcome: Unknown, Seen: "not tried: the bucket has lifecycle rules of its own, which the probe does not rewrite"}
	case err == nil, hasCode(err, "NoSuchLifecycleConfiguration"):
		// No rules at all (some servers answer an empty configuration):
		// the probe's rule replaces nothing, and deleting it restores
		// the same.
		if p.readOnly {
			return Check{Outcome: Skipped, Seen: "read-only mode (the bucket has no lifecycle rules)"}
		}
		return p.tryLifecycle(ctx)
	}
	return Check{Outcome: refusal(err), Seen: "GetBucketLifecycleConfiguration: " + answer(err)}
}

func hasRule(rules []types.LifecycleRule) bool {
	_, ok := firstAbortRule(rules)
	return ok
}

func firstAbortRule(rules []types.LifecycleRule) (model.AbortRule, bool) {
	for _, r := range rules {
		if a := abortRule(r); a != nil {
			return *a, true
		}
	}
	return model.AbortRule{}, false
}

// tryLifecycle puts one rule scoped to the scratch prefix, reads it back
// (a server may take the rule and drop what it does not support), and
// deletes the configuration again.
func (p *probe) tryLifecycle(ctx context.Context) Check {
	rule := types.LifecycleRule{
		ID:                             aws.String(probeRuleID),
		Status:                         types.ExpirationStatusEnabled,
		Filter:                         &types.LifecycleRuleFilter{Prefix: aws.String(p.scratch)},
		AbortIncompleteMultipartUpload: &types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(1)},
	}
	// Marked before the request: a put that times out may still have
	// been carried out, and clean-up must then put "none" back.
	p.made.lifecycle = true
	_, err := p.s3.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{
		Bucket: aws.String(p.o.Bucket), LifecycleConfiguration: &types.BucketLifecycleConfiguration{Rules: []types.LifecycleRule{rule}}})
	if err != nil {
		if s := status(err); s >= 400 && s < 500 || s == 501 {
			// Refused outright: nothing to put back.
			p.made.lifecycle = false
		}
		ch := Check{Outcome: refusal(err), Seen: "refused: " + answer(err)}
		if err := p.restoreLifecycle(ctx); err != nil {
			ch.Seen += "; restoring: " + err.Error()
		}
		return ch
	}
	out, err := p.s3.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(p.o.Bucket)})
	var ch Check
	switch {
	case err != nil:
		ch = Check{Outcome: Unknown, Seen: "accepted, but reading it back: " + answer(err)}
	case hasRule(out.Rules):
		ch = Check{Outcome: Yes, Seen: "accepted a rule with AbortIncompleteMultipartUpload after 1 day (removed again)"}
	default:
		ch = Check{Outcome: No, Seen: "accepted, but the rule read back has no AbortIncompleteMultipartUpload"}
	}
	if err := p.restoreLifecycle(ctx); err != nil {
		ch.Seen += "; restoring: " + err.Error()
	}
	return ch
}

// restoreLifecycle deletes the probe's configuration, even when ctx is
// cancelled, and checks the bucket has none again.
func (p *probe) restoreLifecycle(ctx context.Context) error {
	if !p.made.lifecycle {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if _, err := p.s3.DeleteBucketLifecycle(ctx, &s3.DeleteBucketLifecycleInput{Bucket: aws.String(p.o.Bucket)}); err != nil {
		return fmt.Errorf("DeleteBucketLifecycle: %s", answer(err))
	}
	out, err := p.s3.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(p.o.Bucket)})
	switch {
	case err == nil && len(out.Rules) > 0:
		return fmt.Errorf("a lifecycle configuration is still there after DeleteBucketLifecycle")
	case err == nil, hasCode(err, "NoSuchLifecycleConfiguration"):
		p.made.lifecycle = false
		return nil
	}
	return fmt.Errorf("checking it is gone: %s", answer(err))
}

// cleanupTimeout bounds clean-up, which runs on after ctx is cancelled.
const cleanupTimeout = time.Minute

package provider

import (
	"context"
	"errors"
)

// ProbeOptions shape one probe run.
type ProbeOptions struct {
	// Bucket and Prefix say where the scratch prefix is made; without a
	// bucket only the checks that need none run.
	Bucket, Prefix string
	// Progress, if set, hears each check as it ends.
	Progress func(Check)
}

// RunProbe runs every check it can on the endpoint in use and removes
// everything it made, even when a check fails or ctx is cancelled.
func (c *Client) RunProbe(ctx context.Context, o ProbeOptions) (ProbeReport, error) {
	return ProbeReport{}, errors.New("probe: not yet")
}

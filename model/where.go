package model

import (
	"cmp"
	"strings"
)

// Where names the server a job runs on, as s3parts reached it: the
// endpoint, region, profile, provider preset and addressing style. It
// never holds a credential. A job is resumed where it was made, and the
// commands printed for a person carry the flags that reach it.
type Where struct {
	// Endpoint is empty for AWS's own endpoints.
	Endpoint  string `json:"endpoint,omitempty"`
	Region    string `json:"region,omitempty"`
	Profile   string `json:"profile,omitempty"`
	Provider  string `json:"provider,omitempty"`
	PathStyle bool   `json:"path_style,omitempty"`
}

// IsZero reports that nothing was recorded (journals from before Where).
func (w Where) IsZero() bool { return w == Where{} }

// SameServer reports whether a job made at w can run at o: the same
// endpoint, and on AWS's own endpoints the same profile (another profile
// may be another account, where the same bucket name is another bucket).
func (w Where) SameServer(o Where) bool {
	if w.IsZero() || o.IsZero() {
		return true // nothing recorded: nothing to hold against it
	}
	if normalEndpoint(w.Endpoint) != normalEndpoint(o.Endpoint) {
		return false
	}
	return w.Endpoint != "" || cmp.Or(w.Profile, "default") == cmp.Or(o.Profile, "default")
}

func normalEndpoint(ep string) string { return strings.TrimRight(strings.ToLower(ep), "/") }

// String names the server for a person: the endpoint, or AWS with its
// profile and region.
func (w Where) String() string {
	if w.Endpoint != "" {
		return w.Endpoint
	}
	s := "AWS"
	if w.Region != "" {
		s += " " + w.Region
	}
	if w.Profile != "" && w.Profile != "default" {
		s += " (profile " + w.Profile + ")"
	}
	return s
}

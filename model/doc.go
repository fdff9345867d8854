// Package model is s3parts' pure domain: S3 references, byte ranges, sizes,
// part plans, copy conditions, job and part state, and multipart ETags.
//
// It does no I/O and knows nothing of the AWS SDK or Bubble Tea, so every rule
// here can be tested without a server and reused by the TUI, the headless
// commands and the journal alike.
package model

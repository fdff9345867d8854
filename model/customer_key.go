package model

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// CustomerKey is an SSE-C key: 256 bits a person holds, sent with every
// request on the object, used by the server and forgotten. It is never
// kept or shown by s3parts: its Fingerprint stands for it in the journal
// and on screen, and a resumed job asks for the key again.
//
// The bytes sit behind a pointer so that even a printer that walks
// unexported fields (fmt's %+v of a struct holding one) shows an address,
// not the key.
type CustomerKey struct{ k *[32]byte }

// ParseCustomerKey reads a key file's contents: 32 bytes as they are (as
// aws-cli's fileb:// takes them), or the key written as base64 (44
// characters) or hex (64), with surrounding white space ignored. What is
// wrong is said without any of the file's bytes.
func ParseCustomerKey(data []byte) (CustomerKey, error) {
	var k [32]byte
	text := bytes.TrimSpace(data)
	switch {
	case len(data) == 32:
		copy(k[:], data)
	case len(text) == 44:
		// Room for what 44 characters can decode to (33 bytes without
		// padding), so a key of the wrong length is refused, not written
		// past the end.
		var buf [33]byte
		n, err := base64.StdEncoding.Decode(buf[:], text)
		if err != nil || n != 32 {
			return CustomerKey{}, fmt.Errorf("holds 44 characters that are not a base64 key of 32 bytes")
		}
		copy(k[:], buf[:32])
	case len(text) == 64:
		if _, err := hex.Decode(k[:], text); err != nil {
			return CustomerKey{}, fmt.Errorf("holds 64 characters that are not a hex key of 32 bytes")
		}
	default:
		return CustomerKey{}, fmt.Errorf("holds %d bytes: an SSE-C key is 32 bytes (AES-256), as they are, or written as base64 (44 characters) or hex (64)", len(data))
	}
	return CustomerKey{k: &k}, nil
}

// IsZero says no key was given.
func (c CustomerKey) IsZero() bool { return c.k == nil }

// Fingerprint names the key without giving it away: the first 16 hex
// digits of its SHA-256, enough to tell two keys apart, of no use to
// encrypt or decrypt anything.
func (c CustomerKey) Fingerprint() string {
	if c.k == nil {
		return ""
	}
	sum := sha256.Sum256(c.k[:])
	return "sha256:" + hex.EncodeToString(sum[:8])
}

// Base64 and MD5Base64 are the values of the request headers
// x-amz-server-side-encryption-customer-key and -key-MD5.
func (c CustomerKey) Base64() string { return base64.StdEncoding.EncodeToString(c.k[:]) }

func (c CustomerKey) MD5Base64() string {
	sum := md5.Sum(c.k[:])
	return base64.StdEncoding.EncodeToString(sum[:])
}

// String and GoString print the fingerprint: a key that reaches a log or
// an error by mistake still gives nothing away.
func (c CustomerKey) String() string   { return "customer key " + c.Fingerprint() }
func (c CustomerKey) GoString() string { return c.String() }

// SSECAlgorithm is the only algorithm SSE-C has.
const SSECAlgorithm = "AES256"

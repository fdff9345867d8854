package provider

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"

	"s3parts/model"
)

// customerKeys are the SSE-C keys a person gave this process, by object
// and role: the key an object is encrypted with now (asIs: reading a
// source, and a copy's source headers), and the key its new object is
// written with (asNew: the upload's requests, CopyObject, and reading back
// what was made). An object copied onto itself may so change its key. S3
// refuses an SSE-C object to any request without its key, and a key to
// an object without one. They live in memory only.
type customerKeys struct {
	mu          sync.RWMutex
	asIs, asNew map[objectName]model.CustomerKey
}

// keyRole says which of an object's keys a request carries.
type keyRole int

const (
	asIs  keyRole = iota // the object as it is: a source
	asNew                // the object a copy writes
)

// objectName is an object whatever its version: a customer key encrypts
// each version it was written with, and s3parts holds one per role.
type objectName struct{ bucket, key string }

// UseSourceKey says that the object ref names is encrypted with k: from
// now on every read of it, and every copy from it, carries k.
func (c *Client) UseSourceKey(ref model.Ref, k model.CustomerKey) error {
	return c.useKey(ref, k, asIs)
}

// UseDestKey says that the object a copy writes at ref is to be encrypted
// with k: every request of its upload (or its CopyObject), and every read
// of what was made, carries k.
func (c *Client) UseDestKey(ref model.Ref, k model.CustomerKey) error {
	return c.useKey(ref, k, asNew)
}

func (c *Client) useKey(ref model.Ref, k model.CustomerKey, role keyRole) error {
	if k.IsZero() {
		return nil
	}
	if err := c.checkKeyTransport(); err != nil {
		return err
	}
	name := objectName{ref.Bucket, ref.Key}
	c.keys.mu.Lock()
	defer c.keys.mu.Unlock()
	m := &c.keys.asIs
	if role == asNew {
		m = &c.keys.asNew
	}
	if had, ok := (*m)[name]; ok && had.Fingerprint() != k.Fingerprint() {
		return fmt.Errorf("s3://%s/%s is given two customer keys for one role (%s and %s)", ref.Bucket, ref.Key, had.Fingerprint(), k.Fingerprint())
	}
	if *m == nil {
		*m = map[objectName]model.CustomerKey{}
	}
	(*m)[name] = k
	return nil
}

// checkKeyTransport refuses to send a customer key where it could be read
// on the way: over plain HTTP to anything but this machine. AWS and MinIO
// refuse SSE-C without TLS too, after the key went out.
func (c *Client) checkKeyTransport() error {
	u, err := url.Parse(c.endpoint)
	if c.endpoint == "" || err != nil || u.Scheme != "http" {
		return nil
	}
	if loopback(u.Hostname()) {
		return nil
	}
	return fmt.Errorf("an SSE-C key goes in every request's headers, and the endpoint %s is plain HTTP: anyone on the way could read the key; use an https:// endpoint", c.endpoint)
}

// keysOnlyOverTLS makes the transport refuse any request that carries a
// customer key over plain http to another machine: checkKeyTransport
// looks at the endpoint, but the SDK follows a 307 or 308 redirect with
// every x-amz- header, the keys included, wherever it points. The
// transport's Proxy hook sees each request, redirected ones too, before
// it is sent; an error there aborts it.
func keysOnlyOverTLS(t *http.Transport) {
	next := t.Proxy
	t.Proxy = func(r *http.Request) (*url.URL, error) {
		if r.URL.Scheme == "http" && !loopback(r.URL.Hostname()) &&
			(r.Header.Get("X-Amz-Server-Side-Encryption-Customer-Key") != "" || r.Header.Get("X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key") != "") {
			return nil, &KeyRefusedError{Host: r.URL.Host}
		}
		if next == nil {
			return nil, nil
		}
		return next(r)
	}
}

// KeyRefusedError: a request with a customer key was not sent, its URL
// being plain http to another machine. Trying again would only refuse
// again.
type KeyRefusedError struct{ Host string }

func (e *KeyRefusedError) Error() string {
	return fmt.Sprintf("refusing to send an SSE-C key over plain http to %s (a redirect from the endpoint?): nothing was sent there", e.Host)
}

// RetryableError tells the SDK's retryer not to try again.
func (e *KeyRefusedError) RetryableError() bool { return false }

// loopback: host is this machine.
func loopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// customerKey is the key given for ref's object in a role.
func (c *Client) customerKey(ref model.Ref, role keyRole) (model.CustomerKey, bool) {
	c.keys.mu.RLock()
	defer c.keys.mu.RUnlock()
	m := c.keys.asIs
	if role == asNew {
		m = c.keys.asNew
	}
	k, ok := m[objectName{ref.Bucket, ref.Key}]
	return k, ok
}

// ssec are the three x-amz-server-side-encryption-customer-* values (or
// x-amz-copy-source-server-side-encryption-customer-*) for ref's object
// in a role: nil when it has no key.
func (c *Client) ssec(ref model.Ref, role keyRole) (alg, key, md5 *string) {
	k, ok := c.customerKey(ref, role)
	if !ok {
		return nil, nil, nil
	}
	return aws.String(model.SSECAlgorithm), aws.String(k.Base64()), aws.String(k.MD5Base64())
}

// CheckCustomerKeys says whether this process holds every customer key a
// job's plan names, the same keys (by fingerprint): a request without one
// would be refused, and with another would make an object its owner
// cannot read.
func (c *Client) CheckCustomerKeys(plan model.Plan) error {
	for _, need := range []struct {
		ref         model.Ref
		role        keyRole
		fingerprint string
		flag, what  string
	}{
		{plan.Dest, asNew, plan.Target.SSECKey, "--sse-c-key", "the new object"},
		{plan.Source, asIs, plan.SourceAttrs.SSECKey, "--source-sse-c-key", "the source"},
	} {
		if err := c.needKey(need.ref, need.role, need.fingerprint, need.flag, need.what); err != nil {
			return err
		}
	}
	return nil
}

// needKey checks that ref's object has the key of this fingerprint ("":
// none needed).
func (c *Client) needKey(ref model.Ref, role keyRole, fingerprint, flag, what string) error {
	if fingerprint == "" {
		return nil
	}
	k, ok := c.customerKey(ref, role)
	if !ok {
		return &MissingKeyError{Flag: flag, What: what, Fingerprint: fingerprint}
	}
	if k.Fingerprint() != fingerprint {
		return fmt.Errorf("%s is encrypted with customer key %s, and the key given (%s) is another one: give that key (%s KEYFILE)",
			what, fingerprint, k.Fingerprint(), flag)
	}
	return nil
}

// NeedsCustomerKey says whether err may be how S3 refuses to read an
// object encrypted with a customer key when none was given: 400 and
// nothing more (a HEAD has no body to say why).
func NeedsCustomerKey(err error) bool { return IsCode(err, "BadRequest") }

// MissingKeyError: a job needs a customer key this process was not given
// (keys are never kept, so a resumed job asks for them again).
type MissingKeyError struct {
	Flag, What, Fingerprint string
}

func (e *MissingKeyError) Error() string {
	return fmt.Sprintf("%s is encrypted with a customer key (SSE-C, %s), which s3parts never keeps: give it again with %s KEYFILE",
		e.What, e.Fingerprint, e.Flag)
}

// etagFromParts says whether the new object's ETag can be checked as the
// MD5 of its parts' ETags. Not under SSE-C: S3 documents that such an
// object's ETag is no MD5 of its data, and does not say it is still made
// from the parts' ETags, so a mismatch would prove nothing (ListParts
// before completing and the part count still check it).
func (c *Client) etagFromParts(plan model.Plan) bool {
	return c.Preset().MultipartETagFromParts && plan.NewObject().SSECKey == ""
}

package planner

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"s3parts/model"
	"s3parts/provider"
	"s3parts/ssec"
)

// Customer keys (SSE-C): the "customer key" field names a file holding
// the key the new object is encrypted with, the "source key" field the
// key the source is encrypted with, as the copy command's --sse-c-key and
// --source-sse-c-key. A key is read when its field is left (or at the
// start), handed to the client for its object and never shown: its
// fingerprint is.

// KeyUser is the client's side of customer keys: what it is given, every
// request on that object carries.
type KeyUser interface {
	UseSourceKey(ref model.Ref, k model.CustomerKey) error
	UseDestKey(ref model.Ref, k model.CustomerKey) error
}

// keyField is one key field as last read: the path, the key, what is
// wrong with it.
type keyField struct {
	path string
	key  model.CustomerKey
	err  string
}

// readKey reads field f's file when its path changed; it reports whether
// a new key was read.
func (p *Page) readKey(f int, k *keyField) bool {
	path := strings.TrimSpace(p.inputs[f].Value())
	if path == k.path {
		return false
	}
	*k = keyField{path: path}
	if path == "" {
		return false
	}
	key, err := ssec.Read(path)
	if err != nil {
		k.err = err.Error()
		return false
	}
	k.key = key
	return true
}

// loadKeys reads both key fields. A new source key is handed to the
// client and the source read again with it (an SSE-C source cannot be
// read without its key).
func (p *Page) loadKeys() tea.Cmd {
	p.readKey(fSSECKey, &p.destKey)
	if !p.readKey(fSourceKey, &p.sourceKey) {
		return nil
	}
	if err := p.client.UseSourceKey(p.source, p.sourceKey.key); err != nil {
		p.sourceKey.err = err.Error()
		return nil
	}
	if p.source.Bucket == "" {
		return nil
	}
	return p.loadSource()
}

// keys reads the key fields into t, and what is wrong into errs: a key
// beside another encryption, and a source encrypted with a customer key
// that the new object would not keep without one.
func (p *Page) keys(t *model.Target, errs map[int]string) {
	if p.sourceKey.err != "" {
		errs[fSourceKey] = p.sourceKey.err
	}
	switch {
	case p.destKey.err != "":
		errs[fSSECKey] = p.destKey.err
	case !p.destKey.key.IsZero() && t.SSE != "":
		errs[fSSECKey] = "a customer key and encryption " + t.SSE + " both choose the new object's encryption: give one"
	case !p.destKey.key.IsZero():
		t.SSECKey = p.destKey.key.Fingerprint()
	}
	if _, bad := errs[fSSE]; !bad && model.CheckKeptEncryption(*t, p.attrs) != nil {
		errs[fSSE] = "the source is encrypted with a customer key, which cannot be kept without one: " +
			"name a key file in customer key (the source's keeps its key), or choose none, AES256 or aws:kms"
	}
}

// useDestKey hands the new object's key to the client before the job
// starts: its every request carries it.
func (p *Page) useDestKey(plan model.Plan) error {
	if p.destKey.key.IsZero() {
		return nil
	}
	return p.client.UseDestKey(plan.Dest, p.destKey.key)
}

// keyText is what a key field's line says after it: the key's
// fingerprint, never the key.
func (p *Page) keyText(f int) string {
	k := p.destKey
	if f == fSourceKey {
		k = p.sourceKey
	}
	if k.key.IsZero() || k.path != strings.TrimSpace(p.inputs[f].Value()) {
		return ""
	}
	return "key " + k.key.Fingerprint()
}

// sourceKeyHint adds to a source that cannot be read what an SSE-C source
// needs: S3 answers 400 to it without its key, and says nothing more.
func (p *Page) sourceKeyHint(err error) string {
	if p.sourceKey.key.IsZero() && provider.NeedsCustomerKey(err) {
		return " (an object encrypted with a customer key answers so without it: name its key file in source key)"
	}
	return ""
}

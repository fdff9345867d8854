package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"s3parts/model"
	"s3parts/provider"
	"s3parts/ssec"
)

// keyFlags name the files holding SSE-C keys: the new object's, and the
// one the source is encrypted with. The keys are read into memory and
// sent with the requests that need them; only their fingerprints are
// journaled or shown.
type keyFlags struct {
	dest, source string
}

func (k *keyFlags) add(fl *pflag.FlagSet) {
	fl.StringVar(&k.dest, "sse-c-key", "", "file holding a customer key (SSE-C, 32 bytes raw, base64 or hex) to encrypt the new object with; never kept: a resume asks for it again")
	fl.StringVar(&k.source, "source-sse-c-key", "", "file holding the customer key (SSE-C) the source is encrypted with, sent to read it; never kept")
}

// customerKeys are the keys the flags name, read and checked.
type customerKeys struct {
	dest, source model.CustomerKey
}

func (k keyFlags) load() (customerKeys, error) {
	var out customerKeys
	var err error
	if out.dest, err = readKeyFile("--sse-c-key", k.dest); err != nil {
		return out, err
	}
	out.source, err = readKeyFile("--source-sse-c-key", k.source)
	return out, err
}

func readKeyFile(flag, path string) (model.CustomerKey, error) {
	if path == "" {
		return model.CustomerKey{}, nil
	}
	k, err := ssec.Read(path)
	if err != nil {
		return k, usagef("%s %v", flag, err)
	}
	return k, nil
}

// checkWith refuses a new-object key beside another encryption choice:
// both would say how the new object is encrypted.
func (k customerKeys) checkWith(t model.Target) error {
	if !k.dest.IsZero() && t.SSE != "" {
		return usagef("--sse-c-key and --sse %s both choose the new object's encryption: give one", t.SSE)
	}
	return nil
}

// use hands the keys to the client, for the objects they belong to.
func (k customerKeys) use(c *provider.Client, src, dst model.Ref) error {
	if err := c.UseDestKey(dst, k.dest); err != nil {
		return usageError{err}
	}
	if err := c.UseSourceKey(src, k.source); err != nil {
		return usageError{err}
	}
	return nil
}

// keyHint adds to a failure to read a source what a customer-key source
// needs, when no key was given: S3 answers 400 to a HEAD of an SSE-C
// object without its key, and says nothing more.
func keyHint(err error, keys customerKeys) error {
	if keys.source.IsZero() && provider.NeedsCustomerKey(err) {
		return fmt.Errorf("%w (an object encrypted with a customer key answers so without it: give it with --source-sse-c-key KEYFILE)", err)
	}
	return err
}

// useFor reads the keys a journaled job needs (never kept, so asked
// again), checks they are the ones it was planned with, and hands them to
// the client. A key the job has no use for is refused: S3 refuses a
// request with a customer key on an object without one.
func (k keyFlags) useFor(c *provider.Client, job model.Job) error {
	keys, err := k.load()
	if err != nil {
		return err
	}
	for _, x := range []struct {
		key         model.CustomerKey
		fingerprint string
		flag, what  string
	}{
		{keys.dest, job.Plan.Target.SSECKey, "--sse-c-key", "its new object"},
		{keys.source, job.Plan.SourceAttrs.SSECKey, "--source-sse-c-key", "its source"},
	} {
		if !x.key.IsZero() && x.fingerprint == "" {
			return usagef("%s: job %s was planned without a customer key for %s", x.flag, job.ID, x.what)
		}
	}
	if err := keys.use(c, job.Plan.Source, job.Plan.Dest); err != nil {
		return err
	}
	if job.State == model.StateVerified || job.State == model.StateDismissed {
		return nil // nothing is sent: the service says there is nothing to resume
	}
	if err := c.CheckCustomerKeys(job.Plan); err != nil {
		return usagef("job %s: %v", job.ID, err)
	}
	return nil
}

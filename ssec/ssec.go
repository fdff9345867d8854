// Package ssec reads customer keys (SSE-C) from the files a person names,
// for the copy command's flags and the planner's fields alike: the bytes
// are read into a model.CustomerKey and never written anywhere.
package ssec

import (
	"errors"
	"fmt"
	"io"
	"os"

	"s3parts/model"
)

// maxFile bounds what is read of a key file: a key written as hex with a
// newline is 65 bytes, so anything much longer is the wrong file.
const maxFile = 1024

// Read reads the key in the file at path. The error names the file and
// what is wrong, never its bytes.
func Read(path string) (model.CustomerKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return model.CustomerKey{}, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return model.CustomerKey{}, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if len(data) > maxFile {
		return model.CustomerKey{}, fmt.Errorf("%s is over %d bytes: an SSE-C key is 32 bytes (or 44 characters of base64, 64 of hex)", path, maxFile)
	}
	k, err := model.ParseCustomerKey(data)
	if err != nil {
		return model.CustomerKey{}, fmt.Errorf("%s %w", path, err)
	}
	return k, nil
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*os.PathError](err); ok {
		return pe.Err
	}
	return err
}

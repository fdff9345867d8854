// Package pricing finds the storage price an estimate uses: one given on
// the command line, else one in the config file
// ($XDG_CONFIG_HOME/s3parts/prices.json), else the built-in default for
// the provider and storage class (model.DefaultPrice).
//
// The config file maps a preset name to storage classes ("" is the
// provider's standard class):
//
//	{"minio": {"": {"per_gib_month": 0.004, "currency": "EUR"}},
//	 "aws":   {"STANDARD": {"per_gib_month": 0.0245, "currency": "USD"}}}
package pricing

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"s3parts/model"
)

// Table resolves prices.
type Table struct {
	// Flag, if set, is the price for every upload (--price).
	Flag *model.Price
	// Config holds the config file's prices by preset and class.
	Config map[string]map[string]model.Price
	// Path is the config file read (for messages).
	Path string
}

// DefaultPath is $XDG_CONFIG_HOME/s3parts/prices.json.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "s3parts", "prices.json"), nil
}

// Load reads the config file at path; a missing file is no prices. A
// file that cannot be read or holds a bad price is an error naming it.
func Load(path string) (Table, error) {
	t := Table{Path: path}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return t, nil
	}
	if err != nil {
		return t, fmt.Errorf("prices: %w", err)
	}
	if err := json.Unmarshal(b, &t.Config); err != nil {
		return t, fmt.Errorf("prices file %s is not valid JSON of the form {\"PRESET\": {\"CLASS\": {\"per_gib_month\": 0.02, \"currency\": \"USD\"}}}: %v", path, err)
	}
	for provider, classes := range t.Config {
		for class, p := range classes {
			if p.PerGiBMonth < 0 || strings.TrimSpace(p.Currency) == "" {
				return t, fmt.Errorf("prices file %s: %s %q needs a per_gib_month of 0 or more and a currency", path, provider, class)
			}
			p.Source = "config " + path
			t.Config[provider][class] = p
		}
	}
	return t, nil
}

// ParseFlag reads --price: an amount per GiB-month with an optional
// currency code ("0.023", "0.023USD", "0.12 CNY"); USD when none.
func ParseFlag(s string) (model.Price, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, cur := t, "USD"
	if i >= 0 {
		num, cur = t[:i], strings.ToUpper(strings.TrimSpace(t[i:]))
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v < 0 || len(cur) != 3 || strings.ToUpper(cur) != cur || strings.ContainsAny(cur, "0123456789 .") {
		return model.Price{}, fmt.Errorf("--price %q is not a price per GiB-month: write it like 0.023 or 0.12CNY", s)
	}
	return model.Price{PerGiBMonth: v, Currency: cur, Source: "--price"}, nil
}

// Price is the price for an upload of a provider in a storage class.
func (t Table) Price(provider, class string) (model.Price, bool) {
	if t.Flag != nil {
		return *t.Flag, true
	}
	if classes, ok := t.Config[provider]; ok {
		if p, ok := classes[strings.ToUpper(class)]; ok {
			return p, true
		}
		if class == "" || strings.EqualFold(class, "STANDARD") {
			if p, ok := classes[""]; ok {
				return p, true
			}
			if p, ok := classes["STANDARD"]; ok {
				return p, true
			}
		}
	}
	return model.DefaultPrice(provider, class)
}

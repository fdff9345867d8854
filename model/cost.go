package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Price is what a provider charges to store data for a month, for one
// storage class: the parts of an incomplete upload are billed like stored
// data, at the storage class the upload was started with.
type Price struct {
	// PerGiBMonth is the price of 2^30 bytes kept for a month (AWS's
	// "GB-month" is 2^30 bytes; the estimate uses it for every provider).
	PerGiBMonth float64 `json:"per_gib_month"`
	Currency    string  `json:"currency"`
	// Source and AsOf say where the figure was read and when (a built-in
	// default), or "config"/"flag" for one a person gave.
	Source string `json:"source"`
	AsOf   string `json:"as_of,omitempty"`
}

// Monthly is the estimated cost of keeping bytes for a month at p.
func (p Price) Monthly(bytes int64) float64 {
	return float64(bytes) / float64(GiB) * p.PerGiBMonth
}

// FormatCost writes an amount with its currency: "$12.40", "¥3.10",
// "€0.02", "12.40 CHF"; amounts under one cent show as "< $0.01".
func FormatCost(amount float64, currency string) string {
	sym := currencySymbol(currency)
	if amount > 0 && amount < 0.01 {
		if sym != "" {
			return "< " + sym + "0.01"
		}
		return "< 0.01 " + currency
	}
	if sym != "" {
		return fmt.Sprintf("%s%.2f", sym, amount)
	}
	return fmt.Sprintf("%.2f %s", amount, currency)
}

// PriceKey names a built-in price: a preset and a storage class (empty:
// the provider's standard class).
type PriceKey struct {
	Provider     string
	StorageClass string
}

// DefaultPrice is the built-in price for a provider's storage class: the
// class's own, else the provider's standard class (an upload listed
// without a class is in the standard one). ok is false for a provider with
// no built-in price (a self-hosted MinIO or Ceph costs what its disks do).
func DefaultPrice(provider, class string) (Price, bool) {
	class = strings.ToUpper(class)
	if p, ok := prices[PriceKey{provider, class}]; ok {
		return p, true
	}
	if class == "" || class == "STANDARD" {
		p, ok := prices[PriceKey{provider, ""}]
		return p, ok
	}
	return Price{}, false
}

// FormatRate writes a price per GiB-month with the precision it was given
// ("$0.023", "¥0.12"): cents would round most storage prices away.
func FormatRate(p Price) string {
	n := strconv.FormatFloat(p.PerGiBMonth, 'f', -1, 64)
	if sym := currencySymbol(p.Currency); sym != "" {
		return sym + n
	}
	return n + " " + p.Currency
}

func currencySymbol(c string) string {
	return map[string]string{"USD": "$", "CNY": "¥", "EUR": "€", "GBP": "£"}[strings.ToUpper(c)]
}

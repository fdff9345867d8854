package model

import (
	"math"
	"net/url"
	"strings"
	"testing"
)

func TestDefaultPriceStandardIsTheEmptyClass(t *testing.T) {
	empty, ok := DefaultPrice("aws", "")
	if !ok {
		t.Fatal(`DefaultPrice("aws", "") not found`)
	}
	for _, class := range []string{"STANDARD", "standard", "Standard"} {
		p, ok := DefaultPrice("aws", class)
		if !ok {
			t.Fatalf("DefaultPrice(aws, %q) not found", class)
		}
		if p != empty {
			t.Errorf("DefaultPrice(aws, %q) = %+v, want the standard class's %+v", class, p, empty)
		}
	}
}

func TestDefaultPriceClasses(t *testing.T) {
	std, _ := DefaultPrice("aws", "")
	deep, ok := DefaultPrice("aws", "deep_archive")
	if !ok {
		t.Fatal("aws DEEP_ARCHIVE not found (class names are matched without regard to case)")
	}
	if deep.PerGiBMonth >= std.PerGiBMonth {
		t.Errorf("aws DEEP_ARCHIVE %v per GiB-month is not below STANDARD %v", deep.PerGiBMonth, std.PerGiBMonth)
	}
}

func TestDefaultPriceUnknownClassNotFound(t *testing.T) {
	if p, ok := DefaultPrice("aws", "NO_SUCH_CLASS"); ok {
		t.Errorf("DefaultPrice(aws, NO_SUCH_CLASS) = %+v, true; an unknown class must not fall back to STANDARD", p)
	}
}

func TestDefaultPriceSelfHostedHasNone(t *testing.T) {
	for _, provider := range []string{"minio", "ceph", "seaweedfs", "garage", "generic"} {
		for _, class := range []string{"", "STANDARD"} {
			if p, ok := DefaultPrice(provider, class); ok {
				t.Errorf("DefaultPrice(%q, %q) = %+v, true; a self-hosted service has no list price", provider, class, p)
			}
		}
	}
	if _, ok := DefaultPrice("no-such-preset", ""); ok {
		t.Error("an unknown provider has a price")
	}
}

func TestMonthlyOfOneGiBIsThePrice(t *testing.T) {
	for key, p := range prices {
		if got := p.Monthly(GiB); math.Abs(got-p.PerGiBMonth) > 1e-15 {
			t.Errorf("%v: Monthly(1 GiB) = %v, want %v", key, got, p.PerGiBMonth)
		}
	}
	p := Price{PerGiBMonth: 0.023, Currency: "USD"}
	if got := p.Monthly(0); got != 0 {
		t.Errorf("Monthly(0) = %v", got)
	}
	if got, want := p.Monthly(10*GiB), 0.23; math.Abs(got-want) > 1e-12 {
		t.Errorf("Monthly(10 GiB) = %v, want %v", got, want)
	}
}

func TestFormatCost(t *testing.T) {
	tests := []struct {
		amount   float64
		currency string
		want     string
	}{
		{0.004, "USD", "< $0.01"},
		{0.0001, "usd", "< $0.01"},
		{12.4, "USD", "$12.40"},
		{0, "USD", "$0.00"},
		{3.1, "CNY", "¥3.10"},
		{0.02, "EUR", "€0.02"},
		{0.001, "EUR", "< €0.01"},
		{12.4, "CHF", "12.40 CHF"},
		{0.001, "CHF", "< 0.01 CHF"},
	}
	for _, tt := range tests {
		if got := FormatCost(tt.amount, tt.currency); got != tt.want {
			t.Errorf("FormatCost(%v, %q) = %q, want %q", tt.amount, tt.currency, got, tt.want)
		}
	}
}

// Every built-in price says what it is, where it was read and when: a
// figure nobody can trace back is worse than none.
func TestEveryPriceIsSourced(t *testing.T) {
	if len(prices) == 0 {
		t.Fatal("no built-in prices")
	}
	for key, p := range prices {
		if key.Provider == "" {
			t.Errorf("%+v: empty provider", key)
		}
		if key.StorageClass != strings.ToUpper(key.StorageClass) {
			t.Errorf("%+v: DefaultPrice upper-cases the class, so this key is never found", key)
		}
		if key.StorageClass == "STANDARD" {
			t.Errorf("%+v: the standard class is the key with StorageClass \"\"", key)
		}
		if !(p.PerGiBMonth > 0) || math.IsInf(p.PerGiBMonth, 0) {
			t.Errorf("%+v: PerGiBMonth %v is not a positive price", key, p.PerGiBMonth)
		}
		if p.Currency == "" || p.Currency != strings.ToUpper(p.Currency) || len(p.Currency) != 3 {
			t.Errorf("%+v: currency %q is not a three-letter code", key, p.Currency)
		}
		u, err := url.Parse(p.Source)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			t.Errorf("%+v: source %q is not an https URL", key, p.Source)
		}
		if strings.TrimSpace(p.AsOf) == "" {
			t.Errorf("%+v: AsOf is empty", key)
		}
	}
}

package model

import (
	"fmt"
	"math"
	"math/big"
	"strings"
)

// Binary and decimal size units. Sizes are written the way storage engineers
// mean them: KiB/MiB/GiB/TiB are powers of 1024, KB/MB/GB/TB powers of 1000,
// and a bare K/M/G/T (as in dd and rclone) is binary.
const (
	KiB int64 = 1 << 10
	MiB int64 = 1 << 20
	GiB int64 = 1 << 30
	TiB int64 = 1 << 40
)

var sizeUnits = map[string]int64{
	"": 1, "b": 1,
	"k": KiB, "kib": KiB, "kb": 1e3,
	"m": MiB, "mib": MiB, "mb": 1e6,
	"g": GiB, "gib": GiB, "gb": 1e9,
	"t": TiB, "tib": TiB, "tb": 1e12,
}

// ParseSize reads sizes like "64MiB", "1GB", "5m", "1.5GiB" or "1048576".
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := t, ""
	if i >= 0 {
		num, unit = t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	}
	mult, ok := sizeUnits[unit]
	if num == "" || !ok {
		return 0, fmt.Errorf("size %q is not valid: use a number with an optional unit (B, KiB, MiB, GiB, TiB, KB, MB, GB, TB), e.g. 64MiB", s)
	}
	// Exact decimal arithmetic: a float would turn 1.005KB into
	// 1004.999… bytes and lose precision above 2^53.
	v, ok := new(big.Rat).SetString(num)
	if !ok || strings.Count(num, ".") > 1 {
		return 0, fmt.Errorf("size %q is not valid: %q is not a number", s, num)
	}
	v.Mul(v, new(big.Rat).SetInt64(mult))
	if !v.IsInt() {
		return 0, fmt.Errorf("size %q is not a whole number of bytes", s)
	}
	if !v.Num().IsInt64() || v.Num().Int64() > math.MaxInt64/2 {
		return 0, fmt.Errorf("size %q is too large", s)
	}
	return v.Num().Int64(), nil
}

// FormatSize prints n bytes in binary units, exact where that is short
// ("64 MiB", "1 GiB"), otherwise to one decimal ("1.5 GiB").
func FormatSize(n int64) string {
	units := []struct {
		name string
		size int64
	}{{"TiB", TiB}, {"GiB", GiB}, {"MiB", MiB}, {"KiB", KiB}}
	for i, u := range units {
		if n < u.size {
			continue
		}
		if n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
		v := fmt.Sprintf("%.1f", float64(n)/float64(u.size))
		if v == "1024.0" && i > 0 {
			return "1.0 " + units[i-1].name // just under the next unit
		}
		return v + " " + u.name
	}
	return fmt.Sprintf("%d B", n)
}

// Count writes a count with its noun: "1 part", "3 parts".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

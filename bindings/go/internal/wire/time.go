// Package wire holds the pieces of the AWS JSON 1.1 protocol that the
// secretvault and types packages share.
package wire

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Time decodes an AWS JSON timestamp into *P.
//
// On the wire a timestamp is a JSON number of seconds since the Unix epoch
// with a millisecond fraction ("1700000000.123", or "1.700000000123E9" in
// Java's style). A JSON string in RFC 3339 form is accepted too, so that an
// output struct marshalled with encoding/json (which writes time.Time that
// way) can be read back. null leaves *P nil. The result is in UTC.
type Time struct{ P **time.Time }

// UnmarshalJSON implements json.Unmarshaler.
func (t Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*t.P = nil
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		s, err := strconv.Unquote(string(b))
		if err != nil {
			return fmt.Errorf("secretvault: bad timestamp %s", b)
		}
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fmt.Errorf("secretvault: bad timestamp %q: %v", s, err)
		}
		v = v.UTC()
		*t.P = &v
		return nil
	}
	v, err := ParseEpochSeconds(string(b))
	if err != nil {
		return err
	}
	*t.P = &v
	return nil
}

// ParseEpochSeconds converts a JSON number of epoch seconds to a time in
// UTC, exactly (to the nanosecond) when the number has no exponent, and
// rounded to the millisecond otherwise.
func ParseEpochSeconds(s string) (time.Time, error) {
	bad := func() (time.Time, error) {
		return time.Time{}, fmt.Errorf("secretvault: bad timestamp %q", s)
	}
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return bad()
		}
		ms := math.Round(f * 1000)
		return time.UnixMilli(int64(ms)).UTC(), nil
	}
	neg := strings.HasPrefix(s, "-")
	intPart, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	sec, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil || len(frac) > 9 && strings.Trim(frac[9:], "0123456789") != "" {
		return bad()
	}
	var nsec int64
	if frac != "" {
		if len(frac) > 9 {
			frac = frac[:9]
		}
		n, err := strconv.ParseInt(frac+strings.Repeat("0", 9-len(frac)), 10, 64)
		if err != nil {
			return bad()
		}
		nsec = n
	}
	if neg {
		sec, nsec = -sec, -nsec
	}
	return time.Unix(sec, nsec).UTC(), nil
}

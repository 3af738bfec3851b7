package wire

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseEpochSeconds(t *testing.T) {
	cases := map[string]time.Time{
		"1700000000.123":    time.Unix(1700000000, 123e6),
		"1700000000":        time.Unix(1700000000, 0),
		"1700000000.5":      time.Unix(1700000000, 5e8),
		"1.523477145729E9":  time.Unix(1523477145, 729e6),
		"1.523923200e9":     time.Unix(1523923200, 0),
		"0.001":             time.Unix(0, 1e6),
		"-1.5":              time.Unix(-1, -5e8),
		"1700000000.123456": time.Unix(1700000000, 123456e3),
	}
	for in, want := range cases {
		got, err := ParseEpochSeconds(in)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("%s: got %v, %v; want %v UTC", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "x", "1.2.3", "1e400", "12a"} {
		if _, err := ParseEpochSeconds(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestTimeUnmarshal(t *testing.T) {
	var s struct {
		A, B, C, D *time.Time
	}
	aux := struct {
		A, B, C, D Time
	}{Time{&s.A}, Time{&s.B}, Time{&s.C}, Time{&s.D}}
	if err := json.Unmarshal([]byte(`{"A":1700000000.123,"B":null,"C":"2023-11-14T22:13:20.123Z"}`), &aux); err != nil {
		t.Fatal(err)
	}
	want := time.UnixMilli(1700000000123)
	if s.A == nil || !s.A.Equal(want) || s.B != nil || s.C == nil || !s.C.Equal(want) || s.D != nil {
		t.Fatalf("%v %v %v %v", s.A, s.B, s.C, s.D)
	}
	if err := json.Unmarshal([]byte(`{"A":true}`), &aux); err == nil {
		t.Fatal("a boolean timestamp was accepted")
	}
}

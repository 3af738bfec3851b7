package secretvault

import "time"

// Pointer helpers, as in the AWS SDK's aws package (aws.String, ...), for
// the optional members of the input structs.

// String returns a pointer to s.
func String(s string) *string { return &s }

// Bool returns a pointer to b.
func Bool(b bool) *bool { return &b }

// Int32 returns a pointer to i.
func Int32(i int32) *int32 { return &i }

// Int64 returns a pointer to i.
func Int64(i int64) *int64 { return &i }

// ToString returns *p, or "" when p is nil.
func ToString(p *string) string { return deref(p) }

// ToBool returns *p, or false when p is nil.
func ToBool(p *bool) bool { return deref(p) }

// ToInt32 returns *p, or 0 when p is nil.
func ToInt32(p *int32) int32 { return deref(p) }

// ToInt64 returns *p, or 0 when p is nil.
func ToInt64(p *int64) int64 { return deref(p) }

// ToTime returns *p, or the zero time when p is nil.
func ToTime(p *time.Time) time.Time { return deref(p) }

// deref returns *p, or the zero value when p is nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

package secretvault

/*
#cgo pkg-config: libsecretvault
#include "shim.h"
*/
import "C"

import (
	"unsafe"
)

const errBufSize = C.GOSV_ERRMAX

// errBuf is a buffer for a message copied by a helper; it lives in Go
// memory, which C may write to for the duration of a call.
type errBuf [errBufSize]C.char

func (b *errBuf) ptr() *C.char { return &b[0] }

func (b *errBuf) String() string { return C.GoString(&b[0]) }

// nativeError turns a libsecretvault code and the message copied with it
// into the typed error of its AWS error type. sv_error_aws_type() reads a
// static table, so it is safe from any thread.
func nativeError(rc C.int, msg string) error {
	return newAPIError(C.GoString(C.sv_error_aws_type(rc)), msg)
}

// bytesPtr returns a pointer to b's first byte for a C call, or nil.
func bytesPtr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}

// Version returns libsecretvault's version ("MAJOR.MINOR.PATCH").
func Version() string { return C.GoString(C.sv_version_string()) }

// cint converts for tests (which cannot use cgo in _test.go files).
func cint(i int) C.int { return C.int(i) }

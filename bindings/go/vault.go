package secretvault

/*
#include "shim.h"
*/
import "C"

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"runtime"
	"sync"
	"unsafe"
)

// ErrClosed is returned by the methods of a Vault after Close.
var ErrClosed = errors.New("secretvault: vault is closed")

// OpenOptions says how a vault is unlocked and, with Create, how a new one
// is made. Exactly one of KeyFile, Passphrase and RawKey must be set.
type OpenOptions struct {
	// KeyFile is the path of a key file: 32 bytes to 4 KiB of random
	// data, mode 0600 or 0400, owned by the user.
	KeyFile string
	// Passphrase is stretched with Argon2id.
	Passphrase string
	// RawKey is 32 bytes the host keeps somewhere else (an HSM, a
	// keyring). It is not kept after Open returns.
	RawKey []byte

	// Create makes a new vault when the directory holds none (creating
	// the directory with mode 0700 if needed); an existing vault is
	// opened as usual.
	Create bool
	// Region and AccountID go into the ARNs of a new vault; the defaults
	// are "us-east-1" and "000000000000". Ignored when opening.
	Region    string
	AccountID string

	// WeakKDF gives a new passphrase slot Argon2id's minimum cost and lets
	// such a slot open. For tests only: it makes a passphrase cheap to
	// guess.
	WeakKDF bool
	// AllowInsecure skips the checks of the owner and mode of the vault's
	// files and of the key file.
	AllowInsecure bool
	// MapSize is the initial size of the LMDB map in bytes; 0 is 64 MiB.
	MapSize uint64
}

// Vault is an open vault, the equivalent of the AWS SDK's
// secretsmanager.Client. Its methods may be called from any number of
// goroutines: a mutex hands the C handle to one caller at a time, as
// libsecretvault requires ("a vault handle may be used by one thread at a
// time and may move between threads"). For reads in parallel, open one
// Vault per goroutine on the same path: distinct handles run concurrently.
type Vault struct {
	mu sync.Mutex
	h  *C.sv_vault
}

// Open opens the vault in directory path (see OpenOptions.Create to make
// one). Close it when done.
func Open(path string, opts *OpenOptions) (*Vault, error) {
	if opts == nil {
		opts = &OpenOptions{}
	}
	var keyType C.uint32_t
	var secret []byte
	var keyPath *C.char
	n := 0
	if opts.KeyFile != "" {
		n++
		keyType = C.SV_KEY_FILE
		keyPath = C.CString(opts.KeyFile)
		defer C.free(unsafe.Pointer(keyPath))
	}
	if opts.Passphrase != "" {
		n++
		keyType = C.SV_KEY_PASSPHRASE
		secret = []byte(opts.Passphrase)
		defer zero(secret)
	}
	if opts.RawKey != nil {
		n++
		keyType = C.SV_KEY_RAW
		secret = opts.RawKey
	}
	if n != 1 {
		return nil, opError("Open", newAPIError("InvalidParameterException",
			"exactly one of KeyFile, Passphrase and RawKey must be set"))
	}
	var flags C.uint32_t
	if opts.AllowInsecure {
		flags |= C.SV_VAULT_ALLOW_INSECURE
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var region, account *C.char
	if opts.Region != "" {
		region = C.CString(opts.Region)
		defer C.free(unsafe.Pointer(region))
	}
	if opts.AccountID != "" {
		account = C.CString(opts.AccountID)
		defer C.free(unsafe.Pointer(account))
	}
	var h *C.sv_vault
	var msg errBuf
	rc := C.gosv_open(&h, cpath, cbool(opts.Create), keyType, bytesPtr(secret),
		C.size_t(len(secret)), keyPath, cbool(opts.WeakKDF), flags, region, account,
		C.uint64_t(opts.MapSize), msg.ptr(), errBufSize)
	if rc != C.SV_OK {
		return nil, opError("Open", nativeError(rc, msg.String()))
	}
	v := &Vault{h: h}
	runtime.SetFinalizer(v, (*Vault).Close)
	return v, nil
}

// Close closes the vault; the keys are wiped from memory. It waits for
// calls in progress and may be called more than once.
func (v *Vault) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.h != nil {
		C.sv_vault_close(v.h)
		v.h = nil
		runtime.SetFinalizer(v, nil)
	}
	return nil
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

func zero(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

// call runs one AWS operation through sv_call(): in is marshalled to the
// AWS JSON request body and the response body is unmarshalled into out.
// A failure comes back as the AWS error body {"__type", "Message"} of the
// same C call, so no thread-local state is read afterwards.
func (v *Vault) call(ctx context.Context, op string, in, out interface{}) error {
	wrap := func(err error) error { return opError(op, err) }
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return wrap(err)
	}
	if rv := reflect.ValueOf(in); rv.Kind() == reflect.Ptr && rv.IsNil() {
		in = struct{}{} // a nil input is an empty one, as in the SDK
	}
	var req bytes.Buffer
	enc := json.NewEncoder(&req)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(in); err != nil {
		return wrap(err)
	}
	body := req.Bytes()
	defer zero(body) // the request may hold a secret value

	cop := C.CString(op)
	defer C.free(unsafe.Pointer(cop))
	var resp *C.char
	var n C.size_t
	v.mu.Lock()
	if v.h == nil {
		v.mu.Unlock()
		return wrap(ErrClosed)
	}
	rc := C.sv_call(&resp, &n, v.h, cop, (*C.char)(bytesPtr(body)), C.size_t(len(body)))
	v.mu.Unlock()
	runtime.KeepAlive(v)
	if resp == nil {
		return wrap(nativeError(rc, C.GoString(C.sv_strerror(rc))))
	}
	raw := C.GoBytes(unsafe.Pointer(resp), C.int(n))
	C.sv_call_free(resp) // zeroes the C copy
	defer zero(raw)
	if rc != C.SV_OK {
		var e struct {
			Type    string `json:"__type"`
			Message string `json:"Message"`
		}
		if err := json.Unmarshal(raw, &e); err != nil || e.Type == "" {
			return wrap(nativeError(rc, C.GoString(C.sv_strerror(rc))))
		}
		return wrap(newAPIError(e.Type, e.Message))
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return wrap(err)
	}
	return nil
}

// Package secretvault is the Go binding of libsecretvault, a local secret
// store with the model and the behaviour of AWS Secrets Manager.
//
// A Vault has the methods of the AWS SDK for Go v2's secretsmanager.Client,
// with the same input and output structs (CreateSecretInput,
// GetSecretValueOutput, ...) and the shapes and errors of package
// secretvault/types:
//
//	v, err := secretvault.Open("/var/lib/app/vault", &secretvault.OpenOptions{
//		KeyFile: "/etc/app/vault.key", Create: true})
//	...
//	defer v.Close()
//	out, err := v.GetSecretValue(ctx, &secretvault.GetSecretValueInput{
//		SecretId: secretvault.String("prod/db")})
//	var nf *types.ResourceNotFoundException
//	if errors.As(err, &nf) { ... }
//
// Every operation goes through sv_call(), the library's AWS JSON entry
// point: the input struct is marshalled to the AWS request body and the
// AWS response body is unmarshalled into the output struct, so the binding
// and the C library share one implementation of the API's shapes.
//
// # Errors
//
// Errors are *OperationError values wrapping the typed error of the AWS
// error code (*types.ResourceNotFoundException, ...; see APIError). They
// are usable with errors.As. The library keeps the text of its last error
// in thread-local storage, and a goroutine may move to another OS thread
// between two cgo calls; the binding therefore never reads that storage in
// a call of its own. sv_call() returns the AWS error body
// {"__type", "Message"} from the failing call itself, and Open,
// GetSecretProperty and Env go through small C wrappers (shim.h) that copy
// the message before they return. No runtime.LockOSThread is needed.
//
// # Concurrency
//
// A Vault may be used by any number of goroutines: a mutex gives the C
// handle to one call at a time, as the library requires. Vaults opened on
// the same path are independent handles on one shared LMDB environment and
// run in parallel; open one per worker goroutine for parallel reads.
//
// # Secret hygiene
//
// The library zeroes its own copies of values. Go strings cannot be wiped,
// so a value returned to Go lives until the garbage collector reclaims it;
// the binding zeroes the request and response buffers it owns.
package secretvault

package secretvault_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secretvault"
	"secretvault/types"
)

// Every error class the library returns, each reached through the API,
// checked with errors.As against its own type and against APIError, with
// AWS's exact code and message.
func TestErrorClasses(t *testing.T) {
	v, _, _ := newVault(t)
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("exists"), SecretString: str("x")})
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("deleted"), SecretString: str("x")})
	if _, err := v.DeleteSecret(ctx, &secretvault.DeleteSecretInput{SecretId: str("deleted")}); err != nil {
		t.Fatal(err)
	}
	var tooMany []types.Tag
	for i := 0; i < 51; i++ {
		tooMany = append(tooMany, types.Tag{Key: str(fmt.Sprintf("k%d", i)), Value: str("v")})
	}
	cases := []struct {
		name    string
		call    func() error
		as      func(error) bool
		code    string
		message string
	}{
		{"ResourceNotFoundException", func() error {
			_, err := v.GetSecretValue(ctx, &secretvault.GetSecretValueInput{SecretId: str("nope")})
			return err
		}, func(err error) bool { var e *types.ResourceNotFoundException; return errors.As(err, &e) },
			"ResourceNotFoundException", "Secrets Manager can't find the specified secret."},
		{"ResourceNotFoundException/VersionId", func() error {
			_, err := v.GetSecretValue(ctx, &secretvault.GetSecretValueInput{SecretId: str("exists"),
				VersionId: str("00000000-0000-4000-8000-000000000000")})
			return err
		}, func(err error) bool { var e *secretvault.ResourceNotFoundException; return errors.As(err, &e) },
			"ResourceNotFoundException",
			"Secrets Manager can't find the specified secret value for VersionId: 00000000-0000-4000-8000-000000000000"},
		{"ResourceExistsException", func() error {
			_, err := v.CreateSecret(ctx, &secretvault.CreateSecretInput{Name: str("exists"), SecretString: str("y")})
			return err
		}, func(err error) bool { var e *types.ResourceExistsException; return errors.As(err, &e) },
			"ResourceExistsException", "The operation failed because the secret exists already exists."},
		{"InvalidParameterException", func() error {
			_, err := v.DeleteSecret(ctx, &secretvault.DeleteSecretInput{SecretId: str("exists"),
				ForceDeleteWithoutRecovery: secretvault.Bool(true), RecoveryWindowInDays: secretvault.Int64(7)})
			return err
		}, func(err error) bool { var e *types.InvalidParameterException; return errors.As(err, &e) },
			"InvalidParameterException",
			"You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays."},
		{"InvalidParameterException/both values", func() error {
			_, err := v.PutSecretValue(ctx, &secretvault.PutSecretValueInput{SecretId: str("exists"),
				SecretString: str("a"), SecretBinary: []byte("b")})
			return err
		}, func(err error) bool { var e *types.InvalidParameterException; return errors.As(err, &e) },
			"InvalidParameterException",
			"You can't specify both a binary secret value and a string secret value in the same secret."},
		{"InvalidRequestException", func() error {
			_, err := v.PutSecretValue(ctx, &secretvault.PutSecretValueInput{SecretId: str("exists")})
			return err
		}, func(err error) bool { var e *types.InvalidRequestException; return errors.As(err, &e) },
			"InvalidRequestException", "You must provide either SecretString or SecretBinary."},
		{"InvalidRequestException/deleted", func() error {
			_, err := v.TagResource(ctx, &secretvault.TagResourceInput{SecretId: str("deleted"),
				Tags: []types.Tag{{Key: str("a"), Value: str("b")}}})
			return err
		}, func(err error) bool { var e *secretvault.InvalidRequestException; return errors.As(err, &e) },
			"InvalidRequestException",
			"You can't perform this operation on the secret because it was marked for deletion."},
		{"InvalidRequestException/replication", func() error {
			_, err := v.CreateSecret(ctx, &secretvault.CreateSecretInput{Name: str("r"),
				AddReplicaRegions: []types.ReplicaRegionType{{Region: str("eu-west-1")}}})
			return err
		}, func(err error) bool { var e *types.InvalidRequestException; return errors.As(err, &e) },
			"InvalidRequestException", "Replication to other regions is not supported by a local vault."},
		{"LimitExceededException", func() error {
			_, err := v.CreateSecret(ctx, &secretvault.CreateSecretInput{Name: str("tags"), Tags: tooMany})
			return err
		}, func(err error) bool { var e *types.LimitExceededException; return errors.As(err, &e) },
			"LimitExceededException", "You can't add more than 50 tags to a secret."},
		{"ValidationException/name", func() error {
			_, err := v.CreateSecret(ctx, &secretvault.CreateSecretInput{Name: str("bad name")})
			return err
		}, func(err error) bool { var e *types.ValidationException; return errors.As(err, &e) },
			"ValidationException",
			"Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!"},
		{"ValidationException/null", func() error {
			_, err := v.GetSecretValue(ctx, nil)
			return err
		}, func(err error) bool { var e *secretvault.ValidationException; return errors.As(err, &e) },
			"ValidationException",
			"1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null"},
		{"ValidationException/range", func() error {
			_, err := v.GetRandomPassword(ctx, &secretvault.GetRandomPasswordInput{PasswordLength: secretvault.Int64(5555)})
			return err
		}, func(err error) bool { var e *types.ValidationException; return errors.As(err, &e) },
			"ValidationException",
			"1 validation error detected: Value '5555' at 'passwordLength' failed to satisfy constraint: Member must have value less than or equal to 4096"},
		{"InvalidNextTokenException", func() error {
			_, err := v.ListSecrets(ctx, &secretvault.ListSecretsInput{NextToken: str("garbage")})
			return err
		}, func(err error) bool { var e *types.InvalidNextTokenException; return errors.As(err, &e) },
			"InvalidNextTokenException", "The NextToken value is not valid."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			wantAPIError(t, err, c.code, c.message)
			if !c.as(err) {
				t.Fatalf("errors.As to the type of %s failed on %T", c.code, err)
			}
			var oe *secretvault.OperationError
			if !errors.As(err, &oe) || oe.Service() != "Secrets Manager" || oe.Operation() == "" {
				t.Fatalf("not wrapped in an OperationError: %#v", err)
			}
			want := "operation error Secrets Manager: " + oe.Operation() + ", " + c.code + ": " + c.message
			if err.Error() != want {
				t.Fatalf("Error() = %q\nwant %q", err.Error(), want)
			}
		})
	}
}

// DecryptionFailure: a byte of a stored value is flipped on disk.
func TestDecryptionFailure(t *testing.T) {
	v, path, opts := newVault(t)
	value := make([]byte, 60000)
	if _, err := rand.Read(value); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("victim"), SecretBinary: value})
	v.Close()

	data := filepath.Join(path, "data.mdb")
	db, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	// The sealed value fills whole overflow pages with random bytes; no
	// other page of a fresh vault looks like that.
	const page = 4096
	flipped := 0
	for off := 0; off+page <= len(db) && flipped < 3; off += page {
		var seen [256]bool
		distinct := 0
		for _, b := range db[off : off+page] {
			if !seen[b] {
				seen[b] = true
				distinct++
			}
		}
		if distinct > 240 {
			db[off+page/2] ^= 0x01
			flipped++
		}
	}
	if flipped == 0 {
		t.Fatal("found no page of the sealed value")
	}
	if err := os.WriteFile(data, db, 0o600); err != nil {
		t.Fatal(err)
	}
	v2, err := secretvault.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	_, err = v2.GetSecretValue(ctx, &secretvault.GetSecretValueInput{SecretId: str("victim")})
	var df *types.DecryptionFailure
	if !errors.As(err, &df) {
		t.Fatalf("got %v, want a DecryptionFailure", err)
	}
	wantAPIError(t, err, "DecryptionFailure", "a secret version failed authentication")
}

// Errors of Open: the message is read within the failing C call.
func TestOpenErrors(t *testing.T) {
	_, path, opts := newVault(t)
	dir := t.TempDir()

	// A wrong key file.
	_, err := secretvault.Open(path, &secretvault.OpenOptions{KeyFile: newKeyFile(t, dir)})
	var ge *secretvault.GenericAPIError
	if !errors.As(err, &ge) || ge.Code != "AccessDeniedException" || ge.Message == "" {
		t.Fatalf("wrong key: %v", err)
	}
	t.Logf("wrong key: %v", err)

	// No vault there, and Create not set.
	_, err = secretvault.Open(filepath.Join(dir, "none"), opts)
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) || nf.ErrorMessage() == "" {
		t.Fatalf("absent vault: %v", err)
	}
	t.Logf("absent vault: %v", err)

	// No key, or two.
	_, err = secretvault.Open(path, &secretvault.OpenOptions{})
	wantAPIError(t, err, "InvalidParameterException", "exactly one of KeyFile, Passphrase and RawKey must be set")
	_, err = secretvault.Open(path, &secretvault.OpenOptions{KeyFile: opts.KeyFile, Passphrase: "x"})
	wantAPIError(t, err, "InvalidParameterException", "exactly one of KeyFile, Passphrase and RawKey must be set")

	// A key file others can read is refused.
	loose := filepath.Join(dir, "loose.key")
	key, _ := os.ReadFile(opts.KeyFile)
	if err := os.WriteFile(loose, key, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = secretvault.Open(path, &secretvault.OpenOptions{KeyFile: loose})
	var ae secretvault.APIError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "operation error Secrets Manager: Open") {
		t.Fatalf("key file mode 0644: %v", err)
	}
	t.Logf("key file mode 0644: %v", err)

	// A damaged data file: InternalServiceError.
	bad := filepath.Join(dir, "bad")
	if err := os.Mkdir(bad, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "data.mdb"), bytes.Repeat([]byte("garbage!"), 2048), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = secretvault.Open(bad, opts)
	var ise *types.InternalServiceError
	if !errors.As(err, &ise) || ise.ErrorMessage() == "" || ise.ErrorFault() != types.FaultServer {
		t.Fatalf("damaged vault: %v", err)
	}
	t.Logf("damaged vault: %v", err)
}

func TestOpenKinds(t *testing.T) {
	dir := t.TempDir()
	// A passphrase (with the test-only cheap KDF).
	pp := filepath.Join(dir, "pp")
	v, err := secretvault.Open(pp, &secretvault.OpenOptions{Passphrase: "correct horse", WeakKDF: true,
		Create: true, Region: "eu-west-3", AccountID: "123456789012"})
	if err != nil {
		t.Fatal(err)
	}
	c := mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("p"), SecretString: str("x")})
	if !strings.HasPrefix(*c.ARN, "arn:aws:secretsmanager:eu-west-3:123456789012:secret:p-") {
		t.Fatalf("ARN %s", *c.ARN)
	}
	v.Close()
	_, err = secretvault.Open(pp, &secretvault.OpenOptions{Passphrase: "wrong", WeakKDF: true})
	var ae secretvault.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDeniedException" {
		t.Fatalf("wrong passphrase: %v", err)
	}
	// Create on an existing vault opens it.
	v, err = secretvault.Open(pp, &secretvault.OpenOptions{Passphrase: "correct horse", WeakKDF: true, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if g := mustGet(t, v, &secretvault.GetSecretValueInput{SecretId: str("p")}); *g.SecretString != "x" {
		t.Fatal("reopened vault lost its secret")
	}
	v.Close()

	// A raw key.
	raw := make([]byte, 32)
	rand.Read(raw)
	rk := filepath.Join(dir, "raw")
	v, err = secretvault.Open(rk, &secretvault.OpenOptions{RawKey: raw, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("r"), SecretString: str("y")})
	v.Close()
	v, err = secretvault.Open(rk, &secretvault.OpenOptions{RawKey: raw})
	if err != nil {
		t.Fatal(err)
	}
	if g := mustGet(t, v, &secretvault.GetSecretValueInput{SecretId: str("r")}); *g.SecretString != "y" {
		t.Fatal("raw-key vault lost its secret")
	}
	v.Close()
}

func TestCloseAndContext(t *testing.T) {
	v, _, _ := newVault(t)
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("c"), SecretString: str("x")})

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err := v.GetSecretValue(cctx, &secretvault.GetSecretValueInput{SecretId: str("c")})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled context: %v", err)
	}
	_, err = v.GetSecretProperty(cctx, "c", "a")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled context: %v", err)
	}

	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	_, err = v.GetSecretValue(ctx, &secretvault.GetSecretValueInput{SecretId: str("c")})
	if !errors.Is(err, secretvault.ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
	if _, err := v.GetSecretProperty(ctx, "c", "a"); !errors.Is(err, secretvault.ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
	if _, err := v.Env(ctx, []string{"c"}, false, ""); !errors.Is(err, secretvault.ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
}

package secretvault_test

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"secretvault"
)

var ctx = context.Background()

// newKeyFile writes 32 random bytes, mode 0600, into dir.
func newKeyFile(t *testing.T, dir string) string {
	t.Helper()
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "vault.key")
	if err := os.WriteFile(p, key, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// newVault creates a vault protected by a fresh key file; it returns the
// vault, its path and the options that open it again.
func newVault(t *testing.T) (*secretvault.Vault, string, *secretvault.OpenOptions) {
	t.Helper()
	dir := t.TempDir()
	opts := &secretvault.OpenOptions{KeyFile: newKeyFile(t, dir), Create: true}
	path := filepath.Join(dir, "vault")
	v, err := secretvault.Open(path, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { v.Close() })
	return v, path, &secretvault.OpenOptions{KeyFile: opts.KeyFile}
}

func mustCreate(t *testing.T, v *secretvault.Vault, in *secretvault.CreateSecretInput) *secretvault.CreateSecretOutput {
	t.Helper()
	out, err := v.CreateSecret(ctx, in)
	if err != nil {
		t.Fatalf("CreateSecret(%s): %v", secretvault.ToString(in.Name), err)
	}
	return out
}

func mustPut(t *testing.T, v *secretvault.Vault, in *secretvault.PutSecretValueInput) *secretvault.PutSecretValueOutput {
	t.Helper()
	out, err := v.PutSecretValue(ctx, in)
	if err != nil {
		t.Fatalf("PutSecretValue: %v", err)
	}
	return out
}

func mustGet(t *testing.T, v *secretvault.Vault, in *secretvault.GetSecretValueInput) *secretvault.GetSecretValueOutput {
	t.Helper()
	out, err := v.GetSecretValue(ctx, in)
	if err != nil {
		t.Fatalf("GetSecretValue: %v", err)
	}
	return out
}

// wantAPIError checks that err is an APIError with this code and message.
func wantAPIError(t *testing.T, err error, code, message string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %s: %s", code, message)
	}
	var ae secretvault.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %T (%v) is not an APIError", err, err)
	}
	if ae.ErrorCode() != code || ae.ErrorMessage() != message {
		t.Fatalf("got %s: %q\nwant %s: %q", ae.ErrorCode(), ae.ErrorMessage(), code, message)
	}
}

func stagesOf(m map[string][]string, id string) map[string]bool {
	s := map[string]bool{}
	for _, l := range m[id] {
		s[l] = true
	}
	return s
}

func sameSet(a []string, b ...string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

func asAPIError(err error, target *secretvault.APIError) bool { return errors.As(err, target) }

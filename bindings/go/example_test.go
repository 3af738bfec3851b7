package secretvault_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"secretvault"
	"secretvault/types"
)

func Example() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	key := make([]byte, 32)
	rand.Read(key)
	os.WriteFile(filepath.Join(dir, "vault.key"), key, 0o600)

	ctx := context.Background()
	v, err := secretvault.Open(filepath.Join(dir, "vault"), &secretvault.OpenOptions{
		KeyFile: filepath.Join(dir, "vault.key"), Create: true})
	if err != nil {
		log.Fatal(err)
	}
	defer v.Close()

	_, err = v.CreateSecret(ctx, &secretvault.CreateSecretInput{
		Name:         secretvault.String("prod/db"),
		SecretString: secretvault.String(`{"user":"admin","password":"s3cr3t"}`),
	})
	if err != nil {
		log.Fatal(err)
	}
	out, err := v.GetSecretValue(ctx, &secretvault.GetSecretValueInput{
		SecretId: secretvault.String("prod/db")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*out.SecretString, out.VersionStages)

	pw, _ := v.GetSecretProperty(ctx, "prod/db", "password")
	fmt.Println(pw)

	_, err = v.GetSecretValue(ctx, &secretvault.GetSecretValueInput{
		SecretId: secretvault.String("prod/nope")})
	var nf *types.ResourceNotFoundException
	if errors.As(err, &nf) {
		fmt.Println(nf.ErrorCode(), nf.ErrorMessage())
	}
	// Output:
	// {"user":"admin","password":"s3cr3t"} [AWSCURRENT]
	// s3cr3t
	// ResourceNotFoundException Secrets Manager can't find the specified secret.
}

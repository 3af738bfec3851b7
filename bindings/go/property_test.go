package secretvault_test

import (
	"errors"
	"testing"

	"secretvault"
	"secretvault/types"
)

func TestGetSecretProperty(t *testing.T) {
	v, _, _ := newVault(t)
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("db"), SecretString: str(
		`{"user":"admin","port":5432,"tls":true,"none":null,"hosts":["a","b"],"db":{"name":"main","opts":{"x":1}},"a.b":"dotted"}`)})
	cases := map[string]string{
		"user":        "admin",
		"port":        "5432",
		"tls":         "true",
		"none":        "null",
		"hosts":       `["a","b"]`,
		"hosts.1":     "b",
		"hosts.#":     "2",
		"db.name":     "main",
		"db.opts":     `{"x":1}`,
		"db.opts.x":   "1",
		"a.b":         "dotted",
		`db\.missing`: "",
	}
	for path, want := range cases {
		got, err := v.GetSecretProperty(ctx, "db", path)
		if want == "" {
			var nf *types.ResourceNotFoundException
			if !errors.As(err, &nf) {
				t.Errorf("%s: got %q, %v; want a ResourceNotFoundException", path, got, err)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("%s: got %q, %v; want %q", path, got, err, want)
		}
	}
	_, err := v.GetSecretProperty(ctx, "db", "nope")
	wantAPIError(t, err, "ResourceNotFoundException", "the property nope does not exist in secret db")
	_, err = v.GetSecretProperty(ctx, "absent", "user")
	wantAPIError(t, err, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")

	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("bin"), SecretBinary: []byte{0xff, 0xfe}})
	_, err = v.GetSecretProperty(ctx, "bin", "x")
	wantAPIError(t, err, "InvalidParameterException", "the value of bin is binary, not a JSON document")
}

func TestEnv(t *testing.T) {
	v, _, _ := newVault(t)
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("prod/db"),
		SecretString: str(`{"user":"admin","password":"pw","cfg":{"active":true},"list":[1,2]}`)})
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("0/api-key"), SecretString: str("k3y")})
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("app/one"), SecretString: str("1")})
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("app/two"), SecretString: str("2")})

	check := func(got map[string]string, err error, want map[string]string) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("got %v\nwant %v", got, want)
		}
		for k, w := range want {
			if got[k] != w {
				t.Fatalf("%s = %q, want %q (all: %v)", k, got[k], w, got)
			}
		}
	}
	got, err := v.Env(ctx, []string{"prod/db", "0/api-key"}, false, "")
	check(got, err, map[string]string{
		"PROD_DB":    `{"user":"admin","password":"pw","cfg":{"active":true},"list":[1,2]}`,
		"_0_API_KEY": "k3y",
	})
	got, err = v.Env(ctx, []string{"prod/db", " DB_KEY , 0/api-key "}, true, "uppercase")
	check(got, err, map[string]string{
		"PROD_DB_USER": "admin", "PROD_DB_PASSWORD": "pw", "PROD_DB_CFG_ACTIVE": "true",
		"PROD_DB_LIST": "[1,2]", "DB_KEY": "k3y",
	})
	// A blank alias drops the prefix of JSON keys.
	got, err = v.Env(ctx, []string{",prod/db"}, true, "lowercase")
	check(got, err, map[string]string{"user": "admin", "password": "pw", "cfg_active": "true", "list": "[1,2]"})
	// A prefix with '*'.
	got, err = v.Env(ctx, []string{"app/*"}, false, "none")
	check(got, err, map[string]string{"app_one": "1", "app_two": "2"})
	got, err = v.Env(ctx, []string{"ONE,app/o*"}, false, "")
	check(got, err, map[string]string{"ONE": "1"})

	// Errors.
	_, err = v.Env(ctx, []string{"prod/db", "PROD_DB,0/api-key"}, false, "")
	wantAPIError(t, err, "ResourceExistsException",
		"the environment variable PROD_DB from 0/api-key collides with the one from prod/db; give one of them an alias")
	_, err = v.Env(ctx, []string{"lower,prod/db"}, false, "")
	wantAPIError(t, err, "InvalidParameterException",
		"the alias lower is not a valid variable name: use uppercase letters, numbers and underscore only")
	_, err = v.Env(ctx, []string{"A,app/*"}, false, "")
	wantAPIError(t, err, "InvalidParameterException",
		"the alias A is given to app/*, which matches 2 secrets; an alias needs exactly one")
	_, err = v.Env(ctx, []string{"zz/*"}, false, "")
	wantAPIError(t, err, "ResourceNotFoundException", "no secret matches zz/*")
	_, err = v.Env(ctx, []string{"a*"}, false, "")
	wantAPIError(t, err, "InvalidParameterException",
		"the secret id a* must be a name prefix of at least 3 characters followed by a single *")
	_, err = v.Env(ctx, []string{"prod/db"}, false, "camel")
	wantAPIError(t, err, "InvalidParameterException",
		`the name transformation "camel" is not one of uppercase, lowercase, none`)
	_, err = v.Env(ctx, []string{"absent"}, false, "")
	wantAPIError(t, err, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
}

package secretvault_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"secretvault"
)

const (
	workers = 16
	rounds  = 50
)

// One Vault shared by 16 goroutines: gets, puts and failing calls
// interleave; each failure must carry its own message although goroutines
// move between OS threads.
func TestConcurrentSharedVault(t *testing.T) {
	v, _, _ := newVault(t)
	for w := 0; w < workers; w++ {
		mustCreate(t, v, &secretvault.CreateSecretInput{Name: str(fmt.Sprintf("w%d", w)), SecretString: str("0")})
	}
	runtime.GOMAXPROCS(runtime.GOMAXPROCS(0) + 4)
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			id := str(fmt.Sprintf("w%d", w))
			for i := 1; i <= rounds; i++ {
				val := fmt.Sprintf(`{"w":%d,"i":%d}`, w, i)
				if _, err := v.PutSecretValue(ctx, &secretvault.PutSecretValueInput{SecretId: id, SecretString: &val}); err != nil {
					errs <- err
					return
				}
				g, err := v.GetSecretValue(ctx, &secretvault.GetSecretValueInput{SecretId: id})
				if err != nil {
					errs <- err
					return
				}
				if *g.SecretString != val {
					errs <- fmt.Errorf("%s: read %q after writing %q", *id, *g.SecretString, val)
					return
				}
				// A failure of this goroutine's own, named after it.
				missing := fmt.Sprintf("missing-%d-%d", w, i)
				_, err = v.GetSecretValue(ctx, &secretvault.GetSecretValueInput{SecretId: &missing})
				want := "ResourceNotFoundException: Secrets Manager can't find the specified secret."
				if ae, ok := err.(interface{ Unwrap() error }); !ok || ae.Unwrap().Error() != want {
					errs <- fmt.Errorf("missing secret: %v", err)
					return
				}
				_, err = v.GetSecretProperty(ctx, *id, missing)
				want = fmt.Sprintf("the property %s does not exist in secret %s", missing, *id)
				var ae secretvault.APIError
				if !asAPIError(err, &ae) || ae.ErrorMessage() != want {
					errs <- fmt.Errorf("property: %v, want %q", err, want)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for w := 0; w < workers; w++ {
		if n := countVersions(t, v, fmt.Sprintf("w%d", w)); n != rounds+1 {
			t.Fatalf("w%d has %d versions, want %d", w, n, rounds+1)
		}
	}
}

// 16 goroutines, each with its own Vault on the same path, all writing one
// secret and reading back; distinct handles run in parallel.
func TestConcurrentSeparateVaults(t *testing.T) {
	v, path, opts := newVault(t)
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("shared"), SecretString: str("start")})
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			mine, err := secretvault.Open(path, opts)
			if err != nil {
				errs <- err
				return
			}
			defer mine.Close()
			own := str(fmt.Sprintf("own%d", w))
			if _, err := mine.CreateSecret(ctx, &secretvault.CreateSecretInput{Name: own, SecretString: str("0")}); err != nil {
				errs <- err
				return
			}
			for i := 1; i <= rounds; i++ {
				val := fmt.Sprintf("%d-%d", w, i)
				if _, err := mine.PutSecretValue(ctx, &secretvault.PutSecretValueInput{SecretId: own, SecretString: &val}); err != nil {
					errs <- err
					return
				}
				g, err := mine.GetSecretValue(ctx, &secretvault.GetSecretValueInput{SecretId: own})
				if err != nil || *g.SecretString != val {
					errs <- fmt.Errorf("own%d: %v %v", w, err, g)
					return
				}
				if i%10 == 0 {
					if _, err := mine.PutSecretValue(ctx, &secretvault.PutSecretValueInput{SecretId: str("shared"),
						SecretString: &val}); err != nil {
						errs <- err
						return
					}
				}
				if _, err := mine.GetSecretValue(ctx, &secretvault.GetSecretValueInput{SecretId: str("shared")}); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := countVersions(t, v, "shared"); n != workers*rounds/10+1 {
		t.Fatalf("shared has %d versions, want %d", n, workers*rounds/10+1)
	}
	for w := 0; w < workers; w++ {
		if n := countVersions(t, v, fmt.Sprintf("own%d", w)); n != rounds+1 {
			t.Fatalf("own%d has %d versions, want %d", w, n, rounds+1)
		}
	}
	list, err := v.ListSecrets(ctx, nil)
	if err != nil || len(list.SecretList) != workers+1 {
		t.Fatalf("ListSecrets: %v, %d secrets", err, len(list.SecretList))
	}
}

// Opening and closing Vaults on one path from many goroutines.
func TestConcurrentOpenClose(t *testing.T) {
	_, path, opts := newVault(t)
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				v, err := secretvault.Open(path, opts)
				if err != nil {
					errs <- err
					return
				}
				if _, err := v.ListSecrets(ctx, nil); err != nil {
					errs <- err
				}
				v.Close()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func countVersions(t *testing.T, v *secretvault.Vault, id string) int {
	t.Helper()
	n := 0
	p := secretvault.NewListSecretVersionIdsPaginator(v, &secretvault.ListSecretVersionIdsInput{
		SecretId: &id, IncludeDeprecated: secretvault.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Versions)
	}
	return n
}

package secretvault_test

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"secretvault"
	"secretvault/types"
)

var (
	str    = secretvault.String
	uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	arnRE  = regexp.MustCompile(`^arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-[A-Za-z0-9]{6}$`)
)

func TestCreateAndGetString(t *testing.T) {
	v, _, _ := newVault(t)
	before := time.Now().Add(-time.Second)
	token := "11111111-2222-4333-8444-555555555555"
	c := mustCreate(t, v, &secretvault.CreateSecretInput{
		Name:               str("prod/db"),
		Description:        str("the database"),
		SecretString:       str(`{"user":"admin","password":"s3cr3t"}`),
		ClientRequestToken: str(token),
		Tags:               []types.Tag{{Key: str("team"), Value: str("core")}},
	})
	if !arnRE.MatchString(*c.ARN) || *c.Name != "prod/db" || *c.VersionId != token {
		t.Fatalf("CreateSecret returned %s %s %s", *c.ARN, *c.Name, *c.VersionId)
	}
	g := mustGet(t, v, &secretvault.GetSecretValueInput{SecretId: str("prod/db")})
	if *g.SecretString != `{"user":"admin","password":"s3cr3t"}` || g.SecretBinary != nil {
		t.Fatalf("SecretString %q, SecretBinary %v", *g.SecretString, g.SecretBinary)
	}
	if *g.ARN != *c.ARN || *g.Name != "prod/db" || *g.VersionId != token ||
		!sameSet(g.VersionStages, "AWSCURRENT") {
		t.Fatalf("GetSecretValue returned %+v", g)
	}
	if g.CreatedDate == nil || g.CreatedDate.Before(before) || g.CreatedDate.After(time.Now().Add(time.Second)) ||
		g.CreatedDate.Location() != time.UTC {
		t.Fatalf("CreatedDate %v", g.CreatedDate)
	}
	// By ARN, and by the same version's id and label.
	g2 := mustGet(t, v, &secretvault.GetSecretValueInput{SecretId: c.ARN, VersionId: str(token),
		VersionStage: str("AWSCURRENT")})
	if *g2.SecretString != *g.SecretString || !g2.CreatedDate.Equal(*g.CreatedDate) {
		t.Fatal("GetSecretValue by ARN differs")
	}
	d, err := v.DescribeSecret(ctx, &secretvault.DescribeSecretInput{SecretId: str("prod/db")})
	if err != nil {
		t.Fatal(err)
	}
	if *d.Description != "the database" || d.KmsKeyId != nil || len(d.Tags) != 1 ||
		*d.Tags[0].Key != "team" || *d.Tags[0].Value != "core" ||
		!sameSet(d.VersionIdsToStages[token], "AWSCURRENT") || d.DeletedDate != nil ||
		d.CreatedDate == nil || d.LastChangedDate == nil || d.LastAccessedDate == nil {
		t.Fatalf("DescribeSecret returned %+v", d)
	}
	if d.LastAccessedDate.Hour() != 0 || d.LastAccessedDate.Minute() != 0 {
		t.Fatalf("LastAccessedDate %v is not a day", d.LastAccessedDate)
	}
}

func TestCreateIdempotencyToken(t *testing.T) {
	v, _, _ := newVault(t)
	in := &secretvault.CreateSecretInput{Name: str("a"), SecretString: str("x")}
	c := mustCreate(t, v, in)
	if !uuidRE.MatchString(*c.VersionId) {
		t.Fatalf("generated VersionId %q is not a UUIDv4", *c.VersionId)
	}
	if in.ClientRequestToken != nil {
		t.Fatal("the caller's input was modified")
	}
	// The same request with the same token is a success, the same result.
	in.ClientRequestToken = c.VersionId
	c2 := mustCreate(t, v, in)
	if *c2.VersionId != *c.VersionId || *c2.ARN != *c.ARN {
		t.Fatalf("replay returned %s %s", *c2.ARN, *c2.VersionId)
	}
	// Without a value there is no version.
	c3 := mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("empty")})
	if c3.VersionId != nil {
		t.Fatalf("VersionId %s without a value", *c3.VersionId)
	}
	_, err := v.GetSecretValue(ctx, &secretvault.GetSecretValueInput{SecretId: str("empty")})
	wantAPIError(t, err, "ResourceNotFoundException",
		"Secrets Manager can't find the specified secret value for staging label: AWSCURRENT")
}

func TestGetBinary(t *testing.T) {
	v, _, _ := newVault(t)
	bin := []byte{0, 1, 2, 0xff, 0xfe, 0, '"', '\\', 0x80}
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("bin"), SecretBinary: bin})
	g := mustGet(t, v, &secretvault.GetSecretValueInput{SecretId: str("bin")})
	if !bytes.Equal(g.SecretBinary, bin) || g.SecretString != nil {
		t.Fatalf("SecretBinary %v, SecretString %v", g.SecretBinary, g.SecretString)
	}
	big := bytes.Repeat([]byte{0xa5, 0x00, 0x5a}, 65536/3)
	mustPut(t, v, &secretvault.PutSecretValueInput{SecretId: str("bin"), SecretBinary: big})
	g = mustGet(t, v, &secretvault.GetSecretValueInput{SecretId: str("bin")})
	if !bytes.Equal(g.SecretBinary, big) {
		t.Fatal("large SecretBinary differs")
	}
}

func TestPutValueLabelMoves(t *testing.T) {
	v, _, _ := newVault(t)
	id := str("rot")
	v1 := *mustCreate(t, v, &secretvault.CreateSecretInput{Name: id, SecretString: str("one")}).VersionId
	p2 := mustPut(t, v, &secretvault.PutSecretValueInput{SecretId: id, SecretString: str("two")})
	v2 := *p2.VersionId
	if !sameSet(p2.VersionStages, "AWSCURRENT") {
		t.Fatalf("put returned stages %v", p2.VersionStages)
	}
	stages := func() map[string][]string {
		d, err := v.DescribeSecret(ctx, &secretvault.DescribeSecretInput{SecretId: id})
		if err != nil {
			t.Fatal(err)
		}
		return d.VersionIdsToStages
	}
	m := stages()
	if !sameSet(m[v1], "AWSPREVIOUS") || !sameSet(m[v2], "AWSCURRENT") || len(m) != 2 {
		t.Fatalf("after put: %v", m)
	}
	prev := mustGet(t, v, &secretvault.GetSecretValueInput{SecretId: id, VersionStage: str("AWSPREVIOUS")})
	if *prev.SecretString != "one" {
		t.Fatalf("AWSPREVIOUS is %q", *prev.SecretString)
	}
	// A put with custom labels leaves AWSCURRENT where it is.
	p3 := mustPut(t, v, &secretvault.PutSecretValueInput{SecretId: id, SecretString: str("three"),
		VersionStages: []string{"AWSPENDING", "mine"}})
	v3 := *p3.VersionId
	if !sameSet(p3.VersionStages, "AWSPENDING", "mine") {
		t.Fatalf("put with labels returned %v", p3.VersionStages)
	}
	if g := mustGet(t, v, &secretvault.GetSecretValueInput{SecretId: id}); *g.SecretString != "two" {
		t.Fatalf("AWSCURRENT moved to %q", *g.SecretString)
	}
	// Move AWSCURRENT to v3: v2 becomes AWSPREVIOUS, v1 loses it and is
	// deprecated; v3 keeps AWSPENDING.
	if _, err := v.UpdateSecretVersionStage(ctx, &secretvault.UpdateSecretVersionStageInput{
		SecretId: id, VersionStage: str("AWSCURRENT"), MoveToVersionId: str(v3)}); err == nil {
		t.Fatal("moving AWSCURRENT without RemoveFromVersionId succeeded")
	} else {
		wantAPIError(t, err, "InvalidParameterException",
			"The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version "+
				v2+", so you must explicitly reference that version in RemoveFromVersionId.")
		var ipe *secretvault.InvalidParameterException
		if !errors.As(err, &ipe) {
			t.Fatal("not an *InvalidParameterException")
		}
	}
	u, err := v.UpdateSecretVersionStage(ctx, &secretvault.UpdateSecretVersionStageInput{
		SecretId: id, VersionStage: str("AWSCURRENT"), MoveToVersionId: str(v3), RemoveFromVersionId: str(v2)})
	if err != nil {
		t.Fatal(err)
	}
	if *u.Name != "rot" || u.ARN == nil {
		t.Fatalf("UpdateSecretVersionStage returned %+v", u)
	}
	m = stages()
	if !sameSet(m[v3], "AWSCURRENT", "AWSPENDING", "mine") || !sameSet(m[v2], "AWSPREVIOUS") || len(m[v1]) != 0 {
		t.Fatalf("after the move: %v", m)
	}
	// Remove a label alone.
	if _, err := v.UpdateSecretVersionStage(ctx, &secretvault.UpdateSecretVersionStageInput{
		SecretId: id, VersionStage: str("mine"), RemoveFromVersionId: str(v3)}); err != nil {
		t.Fatal(err)
	}
	if m = stages(); !sameSet(m[v3], "AWSCURRENT", "AWSPENDING") {
		t.Fatalf("after removing mine: %v", m)
	}
	// The deprecated version can still be read by id.
	if g := mustGet(t, v, &secretvault.GetSecretValueInput{SecretId: id, VersionId: str(v1)}); *g.SecretString != "one" {
		t.Fatalf("v1 reads %q", *g.SecretString)
	}
	// Same token, same value: idempotent; same token, other value: error.
	again := mustPut(t, v, &secretvault.PutSecretValueInput{SecretId: id, SecretString: str("two"),
		ClientRequestToken: str(v2)})
	if *again.VersionId != v2 {
		t.Fatalf("replayed put returned %s", *again.VersionId)
	}
	_, err = v.PutSecretValue(ctx, &secretvault.PutSecretValueInput{SecretId: id, SecretString: str("other"),
		ClientRequestToken: str(v2)})
	var ree *types.ResourceExistsException
	if !errors.As(err, &ree) || !strings.HasPrefix(ree.ErrorMessage(), "You can't use ClientRequestToken "+v2+
		" because that value is already in use for a version of secret arn:aws:secretsmanager:") {
		t.Fatalf("reused token: %v", err)
	}
}

func TestUpdateSecret(t *testing.T) {
	v, _, _ := newVault(t)
	id := str("upd")
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: id, SecretString: str("one")})
	u, err := v.UpdateSecret(ctx, &secretvault.UpdateSecretInput{SecretId: id, Description: str("new")})
	if err != nil {
		t.Fatal(err)
	}
	if u.VersionId != nil || *u.Name != "upd" {
		t.Fatalf("description-only update returned %+v", u)
	}
	u, err = v.UpdateSecret(ctx, &secretvault.UpdateSecretInput{SecretId: id, SecretString: str("two")})
	if err != nil {
		t.Fatal(err)
	}
	if u.VersionId == nil || !uuidRE.MatchString(*u.VersionId) {
		t.Fatalf("value update returned %+v", u)
	}
	g := mustGet(t, v, &secretvault.GetSecretValueInput{SecretId: id})
	if *g.SecretString != "two" || *g.VersionId != *u.VersionId {
		t.Fatalf("after update: %q %s", *g.SecretString, *g.VersionId)
	}
	d, _ := v.DescribeSecret(ctx, &secretvault.DescribeSecretInput{SecretId: id})
	if *d.Description != "new" {
		t.Fatalf("Description %q", *d.Description)
	}
}

func TestListSecretsFiltersAndPaging(t *testing.T) {
	v, _, _ := newVault(t)
	for i := 0; i < 23; i++ {
		name := "app/" + string(rune('a'+i))
		tags := []types.Tag{{Key: str("env"), Value: str("prod")}}
		desc := "service number"
		if i%2 == 1 {
			name = "other/" + string(rune('a'+i))
			tags = []types.Tag{{Key: str("env"), Value: str("dev")}}
			desc = "a batch job"
		}
		mustCreate(t, v, &secretvault.CreateSecretInput{Name: str(name), SecretString: str("v"),
			Description: str(desc), Tags: tags})
	}
	names := func(in *secretvault.ListSecretsInput) []string {
		t.Helper()
		var got []string
		p := secretvault.NewListSecretsPaginator(v, in)
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range page.SecretList {
				got = append(got, *s.Name)
			}
		}
		return got
	}
	if got := names(&secretvault.ListSecretsInput{}); len(got) != 23 {
		t.Fatalf("all: %d secrets", len(got))
	}
	filter := func(k types.FilterNameStringType, vals ...string) []types.Filter {
		return []types.Filter{{Key: k, Values: vals}}
	}
	if got := names(&secretvault.ListSecretsInput{Filters: filter(types.FilterNameStringTypeName, "app/")}); len(got) != 12 {
		t.Fatalf("name app/: %v", got)
	}
	if got := names(&secretvault.ListSecretsInput{Filters: filter(types.FilterNameStringTypeName, "!app/")}); len(got) != 11 {
		t.Fatalf("name !app/: %v", got)
	}
	if got := names(&secretvault.ListSecretsInput{Filters: filter(types.FilterNameStringTypeTagValue, "dev")}); len(got) != 11 {
		t.Fatalf("tag-value dev: %v", got)
	}
	if got := names(&secretvault.ListSecretsInput{Filters: filter(types.FilterNameStringTypeDescription, "BATCH")}); len(got) != 11 {
		t.Fatalf("description BATCH: %v", got)
	}
	if got := names(&secretvault.ListSecretsInput{Filters: append(filter(types.FilterNameStringTypeName, "app/a", "app/c"),
		filter(types.FilterNameStringTypeTagKey, "env")...)}); !sameSet(got, "app/a", "app/c") {
		t.Fatalf("two names AND tag-key: %v", got)
	}
	// Sorted by name, descending.
	got := names(&secretvault.ListSecretsInput{SortBy: types.SortByTypeName, SortOrder: types.SortOrderTypeDesc})
	for i := 1; i < len(got); i++ {
		if got[i-1] < got[i] {
			t.Fatalf("not descending: %v", got)
		}
	}
	// Manual NextToken loop with pages of 5.
	var all []string
	pages := 0
	in := &secretvault.ListSecretsInput{MaxResults: secretvault.Int32(5)}
	for {
		out, err := v.ListSecrets(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(out.SecretList) > 5 {
			t.Fatalf("page of %d", len(out.SecretList))
		}
		for _, s := range out.SecretList {
			all = append(all, *s.Name)
			if s.CreatedDate == nil || s.LastChangedDate == nil || len(s.Tags) != 1 ||
				len(s.SecretVersionsToStages) != 1 {
				t.Fatalf("entry %+v", s)
			}
		}
		if out.NextToken == nil {
			break
		}
		in.NextToken = out.NextToken
	}
	if len(all) != 23 || pages != 5 {
		t.Fatalf("%d secrets in %d pages", len(all), pages)
	}
	seen := map[string]bool{}
	for _, n := range all {
		if seen[n] {
			t.Fatalf("%s listed twice", n)
		}
		seen[n] = true
	}
}

func TestListSecretVersionIds(t *testing.T) {
	v, _, _ := newVault(t)
	id := str("ver")
	c := mustCreate(t, v, &secretvault.CreateSecretInput{Name: id, SecretString: str("1")})
	ids := []string{*c.VersionId}
	for i := 2; i <= 4; i++ {
		ids = append(ids, *mustPut(t, v, &secretvault.PutSecretValueInput{SecretId: id,
			SecretString: str(strings.Repeat("x", i))}).VersionId)
	}
	out, err := v.ListSecretVersionIds(ctx, &secretvault.ListSecretVersionIdsInput{SecretId: id})
	if err != nil {
		t.Fatal(err)
	}
	if *out.Name != "ver" || out.ARN == nil || len(out.Versions) != 2 {
		t.Fatalf("default listing: %+v", out)
	}
	got := map[string][]string{}
	for _, ver := range out.Versions {
		got[*ver.VersionId] = ver.VersionStages
		if ver.CreatedDate == nil || len(ver.KmsKeyIds) != 1 {
			t.Fatalf("version entry %+v", ver)
		}
	}
	if !sameSet(got[ids[3]], "AWSCURRENT") || !sameSet(got[ids[2]], "AWSPREVIOUS") {
		t.Fatalf("labels %v", got)
	}
	var all []types.SecretVersionsListEntry
	p := secretvault.NewListSecretVersionIdsPaginator(v, &secretvault.ListSecretVersionIdsInput{
		SecretId: id, IncludeDeprecated: secretvault.Bool(true), MaxResults: secretvault.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Versions...)
	}
	if len(all) != 4 {
		t.Fatalf("with deprecated: %d versions", len(all))
	}
	for _, ver := range all {
		if (*ver.VersionId == ids[0] || *ver.VersionId == ids[1]) && len(ver.VersionStages) != 0 {
			t.Fatalf("deprecated version %s has labels %v", *ver.VersionId, ver.VersionStages)
		}
	}
}

func TestDeleteWithWindowAndRestore(t *testing.T) {
	v, _, _ := newVault(t)
	id := str("gone-soon")
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: id, SecretString: str("x")})
	now := time.Now()
	d, err := v.DeleteSecret(ctx, &secretvault.DeleteSecretInput{SecretId: id,
		RecoveryWindowInDays: secretvault.Int64(7)})
	if err != nil {
		t.Fatal(err)
	}
	want := now.Add(7 * 24 * time.Hour)
	if *d.Name != "gone-soon" || d.DeletionDate == nil ||
		d.DeletionDate.Sub(want) > 5*time.Second || want.Sub(*d.DeletionDate) > 5*time.Second {
		t.Fatalf("DeleteSecret returned %+v (DeletionDate %v, want about %v)", d, d.DeletionDate, want)
	}
	_, err = v.GetSecretValue(ctx, &secretvault.GetSecretValueInput{SecretId: id})
	wantAPIError(t, err, "InvalidRequestException",
		"You can't perform this operation on the secret because it was marked for deletion.")
	desc, err := v.DescribeSecret(ctx, &secretvault.DescribeSecretInput{SecretId: id})
	if err != nil || desc.DeletedDate == nil {
		t.Fatalf("DescribeSecret of a deleted secret: %v %+v", err, desc)
	}
	list, _ := v.ListSecrets(ctx, &secretvault.ListSecretsInput{})
	if len(list.SecretList) != 0 {
		t.Fatalf("ListSecrets shows a deleted secret")
	}
	list, _ = v.ListSecrets(ctx, &secretvault.ListSecretsInput{IncludePlannedDeletion: secretvault.Bool(true)})
	if len(list.SecretList) != 1 || list.SecretList[0].DeletedDate == nil {
		t.Fatalf("IncludePlannedDeletion: %+v", list.SecretList)
	}
	_, err = v.CreateSecret(ctx, &secretvault.CreateSecretInput{Name: id, SecretString: str("y")})
	wantAPIError(t, err, "InvalidRequestException",
		"You can't create this secret because a secret with this name is already scheduled for deletion.")
	r, err := v.RestoreSecret(ctx, &secretvault.RestoreSecretInput{SecretId: id})
	if err != nil || *r.Name != "gone-soon" {
		t.Fatalf("RestoreSecret: %v", err)
	}
	if g := mustGet(t, v, &secretvault.GetSecretValueInput{SecretId: id}); *g.SecretString != "x" {
		t.Fatal("value lost by delete and restore")
	}
	desc, _ = v.DescribeSecret(ctx, &secretvault.DescribeSecretInput{SecretId: id})
	if desc.DeletedDate != nil {
		t.Fatal("DeletedDate after restore")
	}
	// The default window is 30 days.
	d, err = v.DeleteSecret(ctx, &secretvault.DeleteSecretInput{SecretId: id})
	if err != nil || d.DeletionDate.Sub(time.Now()) < 29*24*time.Hour {
		t.Fatalf("default window: %v %v", err, d)
	}
}

func TestForceDelete(t *testing.T) {
	v, _, _ := newVault(t)
	id := str("gone")
	c := mustCreate(t, v, &secretvault.CreateSecretInput{Name: id, SecretString: str("x")})
	d, err := v.DeleteSecret(ctx, &secretvault.DeleteSecretInput{SecretId: id,
		ForceDeleteWithoutRecovery: secretvault.Bool(true)})
	if err != nil || *d.ARN != *c.ARN || d.DeletionDate == nil {
		t.Fatalf("force delete: %v %+v", err, d)
	}
	_, err = v.GetSecretValue(ctx, &secretvault.GetSecretValueInput{SecretId: id})
	wantAPIError(t, err, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
	_, err = v.RestoreSecret(ctx, &secretvault.RestoreSecretInput{SecretId: id})
	wantAPIError(t, err, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
	// The name is free again, with a new ARN.
	c2 := mustCreate(t, v, &secretvault.CreateSecretInput{Name: id, SecretString: str("y")})
	if *c2.ARN == *c.ARN {
		t.Fatal("the new secret reuses the ARN")
	}
	// Forcing the deletion of a secret that does not exist succeeds.
	d, err = v.DeleteSecret(ctx, &secretvault.DeleteSecretInput{SecretId: str("never"),
		ForceDeleteWithoutRecovery: secretvault.Bool(true)})
	if err != nil || *d.Name != "never" {
		t.Fatalf("force delete of an absent secret: %v %+v", err, d)
	}
}

func TestTags(t *testing.T) {
	v, _, _ := newVault(t)
	id := str("tagged")
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: id})
	d, _ := v.DescribeSecret(ctx, &secretvault.DescribeSecretInput{SecretId: id})
	if d.Tags != nil {
		t.Fatalf("Tags %v on a never-tagged secret", d.Tags)
	}
	if _, err := v.TagResource(ctx, &secretvault.TagResourceInput{SecretId: id, Tags: []types.Tag{
		{Key: str("a"), Value: str("1")}, {Key: str("b"), Value: str("")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.TagResource(ctx, &secretvault.TagResourceInput{SecretId: id, Tags: []types.Tag{
		{Key: str("a"), Value: str("2")}}}); err != nil {
		t.Fatal(err)
	}
	d, _ = v.DescribeSecret(ctx, &secretvault.DescribeSecretInput{SecretId: id})
	tags := map[string]string{}
	for _, tg := range d.Tags {
		tags[*tg.Key] = *tg.Value
	}
	if len(tags) != 2 || tags["a"] != "2" || tags["b"] != "" {
		t.Fatalf("tags %v", tags)
	}
	if _, err := v.UntagResource(ctx, &secretvault.UntagResourceInput{SecretId: id,
		TagKeys: []string{"a", "b", "absent"}}); err != nil {
		t.Fatal(err)
	}
	d, _ = v.DescribeSecret(ctx, &secretvault.DescribeSecretInput{SecretId: id})
	if d.Tags == nil || len(d.Tags) != 0 {
		t.Fatalf("after removing every tag: %#v (want an empty, non-nil list)", d.Tags)
	}
}

func TestBatchGetSecretValue(t *testing.T) {
	v, _, _ := newVault(t)
	for _, n := range []string{"b/one", "b/two", "c/three"} {
		mustCreate(t, v, &secretvault.CreateSecretInput{Name: str(n), SecretString: str("v-" + n)})
	}
	out, err := v.BatchGetSecretValue(ctx, &secretvault.BatchGetSecretValueInput{
		SecretIdList: []string{"b/one", "c/three", "missing"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.SecretValues) != 2 || len(out.Errors) != 1 {
		t.Fatalf("%d values, %d errors", len(out.SecretValues), len(out.Errors))
	}
	for _, sv := range out.SecretValues {
		if *sv.SecretString != "v-"+*sv.Name || sv.CreatedDate == nil || !sameSet(sv.VersionStages, "AWSCURRENT") {
			t.Fatalf("entry %+v", sv)
		}
	}
	e := out.Errors[0]
	if *e.SecretId != "missing" || *e.ErrorCode != "ResourceNotFoundException" ||
		*e.Message != "Secrets Manager can't find the specified secret." {
		t.Fatalf("error entry %s %s %s", *e.SecretId, *e.ErrorCode, *e.Message)
	}
	var names []string
	p := secretvault.NewBatchGetSecretValuePaginator(v, &secretvault.BatchGetSecretValueInput{
		Filters:    []types.Filter{{Key: types.FilterNameStringTypeName, Values: []string{"b/"}}},
		MaxResults: secretvault.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, sv := range page.SecretValues {
			names = append(names, *sv.Name)
		}
	}
	if !sameSet(names, "b/one", "b/two") {
		t.Fatalf("filtered batch: %v", names)
	}
}

func TestGetRandomPassword(t *testing.T) {
	v, _, _ := newVault(t)
	out, err := v.GetRandomPassword(ctx, nil)
	if err != nil || len(*out.RandomPassword) != 32 {
		t.Fatalf("default password: %v %v", err, out)
	}
	out, err = v.GetRandomPassword(ctx, &secretvault.GetRandomPasswordInput{
		PasswordLength: secretvault.Int64(64), ExcludePunctuation: secretvault.Bool(true),
		ExcludeCharacters: str("abc")})
	if err != nil {
		t.Fatal(err)
	}
	pw := *out.RandomPassword
	if len(pw) != 64 || strings.ContainsAny(pw, "abc!#$%&()*+,-./:;<=>?@[]^_`{|}~") {
		t.Fatalf("password %q", pw)
	}
}

func TestInvalidUTF8SecretString(t *testing.T) {
	v, _, _ := newVault(t)
	_, err := v.CreateSecret(ctx, &secretvault.CreateSecretInput{Name: str("u"), SecretString: str("a\xffb")})
	wantAPIError(t, err, "InvalidParameterException", "SecretString must be valid UTF-8 text.")
	// Text that JSON escapes is stored as given.
	s := "<a href=\"x\">&amp;</a>\u2028\t\n\\ é 😀"
	mustCreate(t, v, &secretvault.CreateSecretInput{Name: str("u"), SecretString: str(s)})
	if g := mustGet(t, v, &secretvault.GetSecretValueInput{SecretId: str("u")}); *g.SecretString != s {
		t.Fatalf("got %q", *g.SecretString)
	}
}

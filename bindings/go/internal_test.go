package secretvault

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"secretvault/types"
)

// The request bodies carry AWS's member names, SecretBinary in base64, and
// nothing for absent members.
func TestRequestShapes(t *testing.T) {
	in := CreateSecretInput{
		Name:         String("n"),
		SecretBinary: []byte("footest"),
		Tags:         []types.Tag{{Key: String("k"), Value: String("")}},
	}
	b, _ := json.Marshal(&in)
	if got := string(b); got != `{"Name":"n","SecretBinary":"Zm9vdGVzdA==","Tags":[{"Key":"k","Value":""}]}` {
		t.Fatalf("CreateSecret body %s", got)
	}
	l := ListSecretsInput{Filters: []types.Filter{{Key: types.FilterNameStringTypeTagKey, Values: []string{"!a"}}},
		MaxResults: Int32(5), SortOrder: types.SortOrderTypeDesc, IncludePlannedDeletion: Bool(false)}
	b, _ = json.Marshal(&l)
	if got := string(b); got != `{"Filters":[{"Key":"tag-key","Values":["!a"]}],"IncludePlannedDeletion":false,"MaxResults":5,"SortOrder":"desc"}` {
		t.Fatalf("ListSecrets body %s", got)
	}
	b, _ = json.Marshal(&DeleteSecretInput{SecretId: String("s"), RecoveryWindowInDays: Int64(7)})
	if got := string(b); got != `{"SecretId":"s","RecoveryWindowInDays":7}` {
		t.Fatalf("DeleteSecret body %s", got)
	}
}

// Response bodies as AWS writes them, Java-style numbers included.
func TestResponseShapes(t *testing.T) {
	var d DescribeSecretOutput
	err := json.Unmarshal([]byte(`{"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbC123",
		"Name":"prod/db","LastChangedDate":1.523477145729E9,"LastAccessedDate":1523923200,
		"CreatedDate":1523477145.713,"Tags":[],"VersionIdsToStages":{"v1":["AWSCURRENT","x"]},
		"RotationEnabled":false}`), &d)
	if err != nil {
		t.Fatal(err)
	}
	if *d.Name != "prod/db" || !d.LastChangedDate.Equal(time.UnixMilli(1523477145729)) ||
		!d.LastAccessedDate.Equal(time.Unix(1523923200, 0)) || !d.CreatedDate.Equal(time.UnixMilli(1523477145713)) ||
		d.Tags == nil || len(d.Tags) != 0 || d.DeletedDate != nil || *d.RotationEnabled ||
		strings.Join(d.VersionIdsToStages["v1"], ",") != "AWSCURRENT,x" {
		t.Fatalf("%+v", d)
	}
	var l ListSecretsOutput
	err = json.Unmarshal([]byte(`{"SecretList":[{"Name":"a","DeletedDate":1700000000.5,
		"SecretVersionsToStages":{"v":["AWSCURRENT"]}}],"NextToken":"t"}`), &l)
	if err != nil || *l.NextToken != "t" || !l.SecretList[0].DeletedDate.Equal(time.UnixMilli(1700000000500)) {
		t.Fatalf("%v %+v", err, l)
	}
	var g GetSecretValueOutput
	if err := json.Unmarshal([]byte(`{"SecretBinary":"Zm9vdGVzdA==","CreatedDate":1}`), &g); err != nil ||
		string(g.SecretBinary) != "footest" || g.CreatedDate.Unix() != 1 {
		t.Fatalf("%v %+v", err, g)
	}
	// An output marshalled by encoding/json reads back.
	b, _ := json.Marshal(&g)
	var g2 GetSecretValueOutput
	if err := json.Unmarshal(b, &g2); err != nil || !g2.CreatedDate.Equal(*g.CreatedDate) {
		t.Fatalf("round trip: %v %s", err, b)
	}
}

// Every code maps to its type; the ones a test cannot provoke through the
// library (EncryptionFailure needs a failing external key provider) are
// checked here.
func TestErrorMapping(t *testing.T) {
	codes := map[string]func(error) bool{
		"DecryptionFailure":                func(e error) bool { var x *DecryptionFailure; return errors.As(e, &x) },
		"EncryptionFailure":                func(e error) bool { var x *EncryptionFailure; return errors.As(e, &x) },
		"InternalServiceError":             func(e error) bool { var x *InternalServiceError; return errors.As(e, &x) },
		"InvalidNextTokenException":        func(e error) bool { var x *InvalidNextTokenException; return errors.As(e, &x) },
		"InvalidParameterException":        func(e error) bool { var x *InvalidParameterException; return errors.As(e, &x) },
		"InvalidRequestException":          func(e error) bool { var x *InvalidRequestException; return errors.As(e, &x) },
		"LimitExceededException":           func(e error) bool { var x *LimitExceededException; return errors.As(e, &x) },
		"MalformedPolicyDocumentException": func(e error) bool { var x *MalformedPolicyDocumentException; return errors.As(e, &x) },
		"PreconditionNotMetException":      func(e error) bool { var x *PreconditionNotMetException; return errors.As(e, &x) },
		"PublicPolicyException":            func(e error) bool { var x *PublicPolicyException; return errors.As(e, &x) },
		"ResourceExistsException":          func(e error) bool { var x *ResourceExistsException; return errors.As(e, &x) },
		"ResourceNotFoundException":        func(e error) bool { var x *ResourceNotFoundException; return errors.As(e, &x) },
		"ValidationException":              func(e error) bool { var x *ValidationException; return errors.As(e, &x) },
		"AccessDeniedException":            func(e error) bool { var x *GenericAPIError; return errors.As(e, &x) },
		"SerializationException":           func(e error) bool { var x *GenericAPIError; return errors.As(e, &x) },
	}
	for code, is := range codes {
		err := opError("Op", newAPIError(code, "text of "+code))
		var ae APIError
		if !is(err) || !errors.As(err, &ae) || ae.ErrorCode() != code || ae.ErrorMessage() != "text of "+code {
			t.Errorf("%s: %#v", code, err)
		}
		wantFault := types.FaultClient
		if code == "InternalServiceError" {
			wantFault = types.FaultServer
		}
		if ae.ErrorFault() != wantFault {
			t.Errorf("%s: fault %v", code, ae.ErrorFault())
		}
	}
	// The codes libsecretvault can return, from its own table.
	for rc := -1; rc >= -25; rc-- {
		err := nativeError(cint(rc), "m")
		var ae APIError
		if !errors.As(err, &ae) || ae.ErrorCode() == "" {
			t.Errorf("code %d: %#v", rc, err)
		}
	}
}

func TestUUID(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		u, err := newUUID()
		if err != nil || len(u) != 36 || u[14] != '4' || !strings.ContainsRune("89ab", rune(u[19])) || seen[u] {
			t.Fatalf("%q %v", u, err)
		}
		seen[u] = true
	}
}

func TestVersion(t *testing.T) {
	if v := Version(); !regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`).MatchString(v) {
		t.Fatalf("Version() = %q", v)
	}
}

package secretvault

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"secretvault/internal/wire"
	"secretvault/types"
)

// The input and output structs below are those of the AWS SDK for Go v2's
// secretsmanager package, field for field, except ResultMetadata (there is
// no HTTP exchange) and members of features a local vault lacks (rotation,
// replication, resource policies). The JSON tags are the AWS member names:
// each struct is marshalled into the request body of sv_call().

// ---- CreateSecret ------------------------------------------------------------

type CreateSecretInput struct {
	// The name of the new secret. Required.
	Name *string `json:"Name,omitempty"`
	// Refused by a local vault (InvalidRequestException).
	AddReplicaRegions []types.ReplicaRegionType `json:"AddReplicaRegions,omitempty"`
	// The VersionId of the first version; a UUID is generated when nil,
	// as the SDK does.
	ClientRequestToken          *string     `json:"ClientRequestToken,omitempty"`
	Description                 *string     `json:"Description,omitempty"`
	ForceOverwriteReplicaSecret bool        `json:"ForceOverwriteReplicaSecret,omitempty"`
	KmsKeyId                    *string     `json:"KmsKeyId,omitempty"`
	SecretBinary                []byte      `json:"SecretBinary,omitempty"`
	SecretString                *string     `json:"SecretString,omitempty"`
	Tags                        []types.Tag `json:"Tags,omitempty"`
}

type CreateSecretOutput struct {
	ARN               *string                       `json:"ARN,omitempty"`
	Name              *string                       `json:"Name,omitempty"`
	ReplicationStatus []types.ReplicationStatusType `json:"ReplicationStatus,omitempty"`
	// Only when a value was given.
	VersionId *string `json:"VersionId,omitempty"`
}

// CreateSecret creates a secret, with a first version labelled AWSCURRENT
// when SecretString or SecretBinary is given.
func (v *Vault) CreateSecret(ctx context.Context, params *CreateSecretInput) (*CreateSecretOutput, error) {
	in := CreateSecretInput{}
	if params != nil {
		in = *params
	}
	if err := prepare(&in.ClientRequestToken, in.SecretString); err != nil {
		return nil, opError("CreateSecret", err)
	}
	return invoke[CreateSecretOutput](ctx, v, "CreateSecret", &in)
}

// ---- GetSecretValue ----------------------------------------------------------

type GetSecretValueInput struct {
	// The name, ARN or partial ARN of the secret. Required.
	SecretId *string `json:"SecretId,omitempty"`
	// Which version; by default the one labelled AWSCURRENT.
	VersionId    *string `json:"VersionId,omitempty"`
	VersionStage *string `json:"VersionStage,omitempty"`
}

type GetSecretValueOutput struct {
	ARN *string `json:"ARN,omitempty"`
	// When the version was created.
	CreatedDate  *time.Time `json:"CreatedDate,omitempty"`
	Name         *string    `json:"Name,omitempty"`
	SecretBinary []byte     `json:"SecretBinary,omitempty"`
	SecretString *string    `json:"SecretString,omitempty"`
	VersionId    *string    `json:"VersionId,omitempty"`
	// All the labels on the version.
	VersionStages []string `json:"VersionStages,omitempty"`
}

// UnmarshalJSON reads AWS epoch-second timestamps.
func (o *GetSecretValueOutput) UnmarshalJSON(b []byte) error {
	type plain GetSecretValueOutput
	return json.Unmarshal(b, &struct {
		*plain
		CreatedDate wire.Time
	}{(*plain)(o), wire.Time{P: &o.CreatedDate}})
}

// GetSecretValue returns a version's value: SecretString for text,
// SecretBinary for bytes.
func (v *Vault) GetSecretValue(ctx context.Context, params *GetSecretValueInput) (*GetSecretValueOutput, error) {
	return invoke[GetSecretValueOutput](ctx, v, "GetSecretValue", params)
}

// ---- PutSecretValue ----------------------------------------------------------

type PutSecretValueInput struct {
	SecretId *string `json:"SecretId,omitempty"`
	// The VersionId of the new version; a UUID is generated when nil.
	ClientRequestToken *string `json:"ClientRequestToken,omitempty"`
	// Accepted for source compatibility; a local vault ignores it.
	RotationToken *string `json:"RotationToken,omitempty"`
	SecretBinary  []byte  `json:"SecretBinary,omitempty"`
	SecretString  *string `json:"SecretString,omitempty"`
	// The labels to move to the new version; AWSCURRENT when nil.
	VersionStages []string `json:"VersionStages,omitempty"`
}

type PutSecretValueOutput struct {
	ARN       *string `json:"ARN,omitempty"`
	Name      *string `json:"Name,omitempty"`
	VersionId *string `json:"VersionId,omitempty"`
	// The labels now on the new version.
	VersionStages []string `json:"VersionStages,omitempty"`
}

// PutSecretValue stores a new version and moves labels to it (AWSCURRENT
// by default, the previous AWSCURRENT becoming AWSPREVIOUS).
func (v *Vault) PutSecretValue(ctx context.Context, params *PutSecretValueInput) (*PutSecretValueOutput, error) {
	in := PutSecretValueInput{}
	if params != nil {
		in = *params
	}
	if err := prepare(&in.ClientRequestToken, in.SecretString); err != nil {
		return nil, opError("PutSecretValue", err)
	}
	return invoke[PutSecretValueOutput](ctx, v, "PutSecretValue", &in)
}

// ---- UpdateSecret ------------------------------------------------------------

type UpdateSecretInput struct {
	SecretId *string `json:"SecretId,omitempty"`
	// The VersionId of the new version (when a value is given); a UUID is
	// generated when nil.
	ClientRequestToken *string `json:"ClientRequestToken,omitempty"`
	Description        *string `json:"Description,omitempty"`
	// A key id or alias; "" is the default key.
	KmsKeyId     *string `json:"KmsKeyId,omitempty"`
	SecretBinary []byte  `json:"SecretBinary,omitempty"`
	SecretString *string `json:"SecretString,omitempty"`
}

type UpdateSecretOutput struct {
	ARN  *string `json:"ARN,omitempty"`
	Name *string `json:"Name,omitempty"`
	// Only when a new version was created.
	VersionId *string `json:"VersionId,omitempty"`
}

// UpdateSecret changes a secret's description or key and, with a value,
// stores a new AWSCURRENT version.
func (v *Vault) UpdateSecret(ctx context.Context, params *UpdateSecretInput) (*UpdateSecretOutput, error) {
	in := UpdateSecretInput{}
	if params != nil {
		in = *params
	}
	if err := prepare(&in.ClientRequestToken, in.SecretString); err != nil {
		return nil, opError("UpdateSecret", err)
	}
	return invoke[UpdateSecretOutput](ctx, v, "UpdateSecret", &in)
}

// ---- DescribeSecret ----------------------------------------------------------

type DescribeSecretInput struct {
	SecretId *string `json:"SecretId,omitempty"`
}

type DescribeSecretOutput struct {
	ARN         *string    `json:"ARN,omitempty"`
	CreatedDate *time.Time `json:"CreatedDate,omitempty"`
	// Set while the secret is scheduled for deletion.
	DeletedDate *time.Time `json:"DeletedDate,omitempty"`
	Description *string    `json:"Description,omitempty"`
	// Never set by a local vault.
	ExternalSecretRotationMetadata []types.ExternalSecretRotationMetadataItem `json:"ExternalSecretRotationMetadata,omitempty"`
	ExternalSecretRotationRoleArn  *string                                    `json:"ExternalSecretRotationRoleArn,omitempty"`
	// Omitted for the default key.
	KmsKeyId *string `json:"KmsKeyId,omitempty"`
	// A day (00:00 UTC); omitted if the secret was never read.
	LastAccessedDate  *time.Time                    `json:"LastAccessedDate,omitempty"`
	LastChangedDate   *time.Time                    `json:"LastChangedDate,omitempty"`
	LastRotatedDate   *time.Time                    `json:"LastRotatedDate,omitempty"`
	Name              *string                       `json:"Name,omitempty"`
	NextRotationDate  *time.Time                    `json:"NextRotationDate,omitempty"`
	OwningService     *string                       `json:"OwningService,omitempty"`
	PrimaryRegion     *string                       `json:"PrimaryRegion,omitempty"`
	ReplicationStatus []types.ReplicationStatusType `json:"ReplicationStatus,omitempty"`
	RotationEnabled   *bool                         `json:"RotationEnabled,omitempty"`
	RotationLambdaARN *string                       `json:"RotationLambdaARN,omitempty"`
	RotationRules     *types.RotationRulesType      `json:"RotationRules,omitempty"`
	// nil if the secret was never tagged, empty once all tags were removed.
	Tags []types.Tag `json:"Tags,omitempty"`
	// Never set by a local vault.
	Type *string `json:"Type,omitempty"`
	// The versions that carry labels, and their labels.
	VersionIdsToStages map[string][]string `json:"VersionIdsToStages,omitempty"`
}

// UnmarshalJSON reads AWS epoch-second timestamps.
func (o *DescribeSecretOutput) UnmarshalJSON(b []byte) error {
	type plain DescribeSecretOutput
	return json.Unmarshal(b, &struct {
		*plain
		CreatedDate      wire.Time
		DeletedDate      wire.Time
		LastAccessedDate wire.Time
		LastChangedDate  wire.Time
		LastRotatedDate  wire.Time
		NextRotationDate wire.Time
	}{
		(*plain)(o),
		wire.Time{P: &o.CreatedDate}, wire.Time{P: &o.DeletedDate},
		wire.Time{P: &o.LastAccessedDate}, wire.Time{P: &o.LastChangedDate},
		wire.Time{P: &o.LastRotatedDate}, wire.Time{P: &o.NextRotationDate},
	})
}

// DescribeSecret returns a secret's metadata (never its value); it works
// on a secret scheduled for deletion too.
func (v *Vault) DescribeSecret(ctx context.Context, params *DescribeSecretInput) (*DescribeSecretOutput, error) {
	return invoke[DescribeSecretOutput](ctx, v, "DescribeSecret", params)
}

// ---- ListSecrets -------------------------------------------------------------

type ListSecretsInput struct {
	Filters                []types.Filter      `json:"Filters,omitempty"`
	IncludePlannedDeletion *bool               `json:"IncludePlannedDeletion,omitempty"`
	MaxResults             *int32              `json:"MaxResults,omitempty"`
	NextToken              *string             `json:"NextToken,omitempty"`
	SortBy                 types.SortByType    `json:"SortBy,omitempty"`
	SortOrder              types.SortOrderType `json:"SortOrder,omitempty"`
}

type ListSecretsOutput struct {
	// Set when there are more results; pass it back as the input's
	// NextToken (or use NewListSecretsPaginator).
	NextToken  *string                 `json:"NextToken,omitempty"`
	SecretList []types.SecretListEntry `json:"SecretList,omitempty"`
}

// ListSecrets lists secrets (without values), one page at a time.
func (v *Vault) ListSecrets(ctx context.Context, params *ListSecretsInput) (*ListSecretsOutput, error) {
	return invoke[ListSecretsOutput](ctx, v, "ListSecrets", params)
}

// ---- ListSecretVersionIds ----------------------------------------------------

type ListSecretVersionIdsInput struct {
	SecretId *string `json:"SecretId,omitempty"`
	// Include the versions without labels.
	IncludeDeprecated *bool   `json:"IncludeDeprecated,omitempty"`
	MaxResults        *int32  `json:"MaxResults,omitempty"`
	NextToken         *string `json:"NextToken,omitempty"`
}

type ListSecretVersionIdsOutput struct {
	ARN       *string                         `json:"ARN,omitempty"`
	Name      *string                         `json:"Name,omitempty"`
	NextToken *string                         `json:"NextToken,omitempty"`
	Versions  []types.SecretVersionsListEntry `json:"Versions,omitempty"`
}

// ListSecretVersionIds lists a secret's versions, one page at a time.
func (v *Vault) ListSecretVersionIds(ctx context.Context, params *ListSecretVersionIdsInput) (*ListSecretVersionIdsOutput, error) {
	return invoke[ListSecretVersionIdsOutput](ctx, v, "ListSecretVersionIds", params)
}

// ---- DeleteSecret / RestoreSecret --------------------------------------------

type DeleteSecretInput struct {
	SecretId *string `json:"SecretId,omitempty"`
	// Delete now, with no way back.
	ForceDeleteWithoutRecovery *bool `json:"ForceDeleteWithoutRecovery,omitempty"`
	// 7 to 30 days; 30 when nil.
	RecoveryWindowInDays *int64 `json:"RecoveryWindowInDays,omitempty"`
}

type DeleteSecretOutput struct {
	ARN *string `json:"ARN,omitempty"`
	// When the secret will be (or was) purged.
	DeletionDate *time.Time `json:"DeletionDate,omitempty"`
	Name         *string    `json:"Name,omitempty"`
}

// UnmarshalJSON reads AWS epoch-second timestamps.
func (o *DeleteSecretOutput) UnmarshalJSON(b []byte) error {
	type plain DeleteSecretOutput
	return json.Unmarshal(b, &struct {
		*plain
		DeletionDate wire.Time
	}{(*plain)(o), wire.Time{P: &o.DeletionDate}})
}

// DeleteSecret schedules a secret for deletion after a recovery window,
// or deletes it at once with ForceDeleteWithoutRecovery.
func (v *Vault) DeleteSecret(ctx context.Context, params *DeleteSecretInput) (*DeleteSecretOutput, error) {
	return invoke[DeleteSecretOutput](ctx, v, "DeleteSecret", params)
}

type RestoreSecretInput struct {
	SecretId *string `json:"SecretId,omitempty"`
}

type RestoreSecretOutput struct {
	ARN  *string `json:"ARN,omitempty"`
	Name *string `json:"Name,omitempty"`
}

// RestoreSecret cancels a scheduled deletion.
func (v *Vault) RestoreSecret(ctx context.Context, params *RestoreSecretInput) (*RestoreSecretOutput, error) {
	return invoke[RestoreSecretOutput](ctx, v, "RestoreSecret", params)
}

// ---- UpdateSecretVersionStage ------------------------------------------------

type UpdateSecretVersionStageInput struct {
	SecretId *string `json:"SecretId,omitempty"`
	// The label to move or remove. Required.
	VersionStage *string `json:"VersionStage,omitempty"`
	// The version to attach the label to.
	MoveToVersionId *string `json:"MoveToVersionId,omitempty"`
	// The version that holds the label now (required to move a label that
	// is attached elsewhere).
	RemoveFromVersionId *string `json:"RemoveFromVersionId,omitempty"`
}

type UpdateSecretVersionStageOutput struct {
	ARN  *string `json:"ARN,omitempty"`
	Name *string `json:"Name,omitempty"`
}

// UpdateSecretVersionStage moves a staging label between versions, or
// removes it.
func (v *Vault) UpdateSecretVersionStage(ctx context.Context, params *UpdateSecretVersionStageInput) (*UpdateSecretVersionStageOutput, error) {
	return invoke[UpdateSecretVersionStageOutput](ctx, v, "UpdateSecretVersionStage", params)
}

// ---- TagResource / UntagResource ---------------------------------------------

type TagResourceInput struct {
	SecretId *string     `json:"SecretId,omitempty"`
	Tags     []types.Tag `json:"Tags"`
}

type TagResourceOutput struct{}

// TagResource adds tags to a secret, replacing the values of keys it has.
func (v *Vault) TagResource(ctx context.Context, params *TagResourceInput) (*TagResourceOutput, error) {
	return invoke[TagResourceOutput](ctx, v, "TagResource", params)
}

type UntagResourceInput struct {
	SecretId *string  `json:"SecretId,omitempty"`
	TagKeys  []string `json:"TagKeys"`
}

type UntagResourceOutput struct{}

// UntagResource removes tags by key; absent keys are ignored.
func (v *Vault) UntagResource(ctx context.Context, params *UntagResourceInput) (*UntagResourceOutput, error) {
	return invoke[UntagResourceOutput](ctx, v, "UntagResource", params)
}

// ---- BatchGetSecretValue -----------------------------------------------------

type BatchGetSecretValueInput struct {
	// Filters or SecretIdList, not both.
	Filters []types.Filter `json:"Filters,omitempty"`
	// 1 to 20; only with Filters.
	MaxResults   *int32   `json:"MaxResults,omitempty"`
	NextToken    *string  `json:"NextToken,omitempty"`
	SecretIdList []string `json:"SecretIdList,omitempty"`
}

type BatchGetSecretValueOutput struct {
	// The secrets that could not be read, with the error of each.
	Errors       []types.APIErrorType     `json:"Errors,omitempty"`
	NextToken    *string                  `json:"NextToken,omitempty"`
	SecretValues []types.SecretValueEntry `json:"SecretValues,omitempty"`
}

// BatchGetSecretValue returns the AWSCURRENT values of several secrets;
// a secret that cannot be read is reported in Errors, not as an error.
func (v *Vault) BatchGetSecretValue(ctx context.Context, params *BatchGetSecretValueInput) (*BatchGetSecretValueOutput, error) {
	return invoke[BatchGetSecretValueOutput](ctx, v, "BatchGetSecretValue", params)
}

// ---- GetRandomPassword -------------------------------------------------------

type GetRandomPasswordInput struct {
	ExcludeCharacters  *string `json:"ExcludeCharacters,omitempty"`
	ExcludeLowercase   *bool   `json:"ExcludeLowercase,omitempty"`
	ExcludeNumbers     *bool   `json:"ExcludeNumbers,omitempty"`
	ExcludePunctuation *bool   `json:"ExcludePunctuation,omitempty"`
	ExcludeUppercase   *bool   `json:"ExcludeUppercase,omitempty"`
	IncludeSpace       *bool   `json:"IncludeSpace,omitempty"`
	// 1 to 4096; 32 when nil.
	PasswordLength *int64 `json:"PasswordLength,omitempty"`
	// true when nil.
	RequireEachIncludedType *bool `json:"RequireEachIncludedType,omitempty"`
}

type GetRandomPasswordOutput struct {
	RandomPassword *string `json:"RandomPassword,omitempty"`
}

// GetRandomPassword returns a random password with AWS's rules.
func (v *Vault) GetRandomPassword(ctx context.Context, params *GetRandomPasswordInput) (*GetRandomPasswordOutput, error) {
	return invoke[GetRandomPasswordOutput](ctx, v, "GetRandomPassword", params)
}

// ---- helpers -----------------------------------------------------------------

// invoke runs operation op with input in (see Vault.call) and returns its
// output, a new Out.
func invoke[Out any](ctx context.Context, v *Vault, op string, in interface{}) (*Out, error) {
	out := new(Out)
	if err := v.call(ctx, op, in, out); err != nil {
		return nil, err
	}
	return out, nil
}

func opError(op string, err error) error {
	return &OperationError{ServiceID: ServiceID, OperationName: op, Err: err}
}

// prepare fills an absent ClientRequestToken with a UUIDv4, as the SDK's
// idempotency-token middleware does, and refuses a SecretString that is not
// UTF-8 with libsecretvault's own error (encoding/json would otherwise
// replace the bad bytes with U+FFFD and store a different secret).
func prepare(token **string, secretString *string) error {
	if secretString != nil && !utf8.ValidString(*secretString) {
		return newAPIError("InvalidParameterException", "SecretString must be valid UTF-8 text.")
	}
	if *token == nil {
		t, err := newUUID()
		if err != nil {
			return err
		}
		*token = &t
	}
	return nil
}

// newUUID returns a random (version 4) UUID.
func newUUID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}

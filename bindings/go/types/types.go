// Package types holds the shapes and the modeled errors of the secretvault
// package, named as in the AWS SDK for Go v2's
// github.com/aws/aws-sdk-go-v2/service/secretsmanager/types, so that code
// written for that SDK needs little more than a change of import path.
//
// The JSON tags are the AWS member names: the structs are what travels
// through sv_call(), libsecretvault's AWS JSON entry point.
package types

import (
	"encoding/json"
	"time"

	"secretvault/internal/wire"
)

// APIErrorType is one per-secret failure of BatchGetSecretValue.
type APIErrorType struct {
	// The AWS error code, for example ResourceNotFoundException.
	ErrorCode *string `json:"ErrorCode,omitempty"`
	// A message describing the error.
	Message *string `json:"Message,omitempty"`
	// The ARN or name of the secret, as it was asked for.
	SecretId *string `json:"SecretId,omitempty"`
}

// ExternalSecretRotationMetadataItem is a key and value of a managed
// external secret's rotation metadata (never set by a local vault).
type ExternalSecretRotationMetadataItem struct {
	Key   *string `json:"Key,omitempty"`
	Value *string `json:"Value,omitempty"`
}

// Filter narrows ListSecrets and BatchGetSecretValue. Values in one filter
// combine with OR, filters with AND; a leading '!' negates a value.
type Filter struct {
	Key    FilterNameStringType `json:"Key,omitempty"`
	Values []string             `json:"Values,omitempty"`
}

// ReplicaRegionType is accepted for source compatibility with the AWS SDK;
// a local vault does not replicate, and CreateSecret refuses it.
type ReplicaRegionType struct {
	KmsKeyId *string `json:"KmsKeyId,omitempty"`
	Region   *string `json:"Region,omitempty"`
}

// ReplicationStatusType is never returned by a local vault.
type ReplicationStatusType struct {
	KmsKeyId         *string    `json:"KmsKeyId,omitempty"`
	LastAccessedDate *time.Time `json:"LastAccessedDate,omitempty"`
	Region           *string    `json:"Region,omitempty"`
	Status           StatusType `json:"Status,omitempty"`
	StatusMessage    *string    `json:"StatusMessage,omitempty"`
}

// UnmarshalJSON reads AWS epoch-second timestamps.
func (v *ReplicationStatusType) UnmarshalJSON(b []byte) error {
	type plain ReplicationStatusType
	return json.Unmarshal(b, &struct {
		*plain
		LastAccessedDate wire.Time
	}{(*plain)(v), wire.Time{P: &v.LastAccessedDate}})
}

// RotationRulesType is a rotation schedule (rotation is not implemented by
// libsecretvault, so it is never set).
type RotationRulesType struct {
	AutomaticallyAfterDays *int64  `json:"AutomaticallyAfterDays,omitempty"`
	Duration               *string `json:"Duration,omitempty"`
	ScheduleExpression     *string `json:"ScheduleExpression,omitempty"`
}

// SecretListEntry is one secret of ListSecrets: its metadata, never its
// value.
type SecretListEntry struct {
	ARN         *string    `json:"ARN,omitempty"`
	CreatedDate *time.Time `json:"CreatedDate,omitempty"`
	DeletedDate *time.Time `json:"DeletedDate,omitempty"`
	Description *string    `json:"Description,omitempty"`
	// Never set by a local vault.
	ExternalSecretRotationMetadata []ExternalSecretRotationMetadataItem `json:"ExternalSecretRotationMetadata,omitempty"`
	ExternalSecretRotationRoleArn  *string                              `json:"ExternalSecretRotationRoleArn,omitempty"`
	KmsKeyId                       *string                              `json:"KmsKeyId,omitempty"`
	LastAccessedDate               *time.Time                           `json:"LastAccessedDate,omitempty"`
	LastChangedDate                *time.Time                           `json:"LastChangedDate,omitempty"`
	LastRotatedDate                *time.Time                           `json:"LastRotatedDate,omitempty"`
	Name                           *string                              `json:"Name,omitempty"`
	NextRotationDate               *time.Time                           `json:"NextRotationDate,omitempty"`
	OwningService                  *string                              `json:"OwningService,omitempty"`
	PrimaryRegion                  *string                              `json:"PrimaryRegion,omitempty"`
	RotationEnabled                *bool                                `json:"RotationEnabled,omitempty"`
	RotationLambdaARN              *string                              `json:"RotationLambdaARN,omitempty"`
	RotationRules                  *RotationRulesType                   `json:"RotationRules,omitempty"`
	SecretVersionsToStages         map[string][]string                  `json:"SecretVersionsToStages,omitempty"`
	Tags                           []Tag                                `json:"Tags,omitempty"`
	// Never set by a local vault.
	Type *string `json:"Type,omitempty"`
}

// UnmarshalJSON reads AWS epoch-second timestamps.
func (v *SecretListEntry) UnmarshalJSON(b []byte) error {
	type plain SecretListEntry
	return json.Unmarshal(b, &struct {
		*plain
		CreatedDate      wire.Time
		DeletedDate      wire.Time
		LastAccessedDate wire.Time
		LastChangedDate  wire.Time
		LastRotatedDate  wire.Time
		NextRotationDate wire.Time
	}{
		(*plain)(v),
		wire.Time{P: &v.CreatedDate}, wire.Time{P: &v.DeletedDate},
		wire.Time{P: &v.LastAccessedDate}, wire.Time{P: &v.LastChangedDate},
		wire.Time{P: &v.LastRotatedDate}, wire.Time{P: &v.NextRotationDate},
	})
}

// SecretValueEntry is one secret value of BatchGetSecretValue.
type SecretValueEntry struct {
	ARN           *string    `json:"ARN,omitempty"`
	CreatedDate   *time.Time `json:"CreatedDate,omitempty"`
	Name          *string    `json:"Name,omitempty"`
	SecretBinary  []byte     `json:"SecretBinary,omitempty"`
	SecretString  *string    `json:"SecretString,omitempty"`
	VersionId     *string    `json:"VersionId,omitempty"`
	VersionStages []string   `json:"VersionStages,omitempty"`
}

// UnmarshalJSON reads AWS epoch-second timestamps.
func (v *SecretValueEntry) UnmarshalJSON(b []byte) error {
	type plain SecretValueEntry
	return json.Unmarshal(b, &struct {
		*plain
		CreatedDate wire.Time
	}{(*plain)(v), wire.Time{P: &v.CreatedDate}})
}

// SecretVersionsListEntry is one version of ListSecretVersionIds.
type SecretVersionsListEntry struct {
	CreatedDate      *time.Time `json:"CreatedDate,omitempty"`
	KmsKeyIds        []string   `json:"KmsKeyIds,omitempty"`
	LastAccessedDate *time.Time `json:"LastAccessedDate,omitempty"`
	VersionId        *string    `json:"VersionId,omitempty"`
	// Empty for a deprecated version (one without labels).
	VersionStages []string `json:"VersionStages,omitempty"`
}

// UnmarshalJSON reads AWS epoch-second timestamps.
func (v *SecretVersionsListEntry) UnmarshalJSON(b []byte) error {
	type plain SecretVersionsListEntry
	return json.Unmarshal(b, &struct {
		*plain
		CreatedDate      wire.Time
		LastAccessedDate wire.Time
	}{(*plain)(v), wire.Time{P: &v.CreatedDate}, wire.Time{P: &v.LastAccessedDate}})
}

// Tag is a key and a value attached to a secret.
type Tag struct {
	Key   *string `json:"Key,omitempty"`
	Value *string `json:"Value,omitempty"`
}

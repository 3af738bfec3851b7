package types

import "fmt"

// ErrorFault tells whose fault an error is, as smithy-go's ErrorFault does.
type ErrorFault int

// ErrorFault values.
const (
	FaultUnknown ErrorFault = iota
	FaultServer
	FaultClient
)

func (f ErrorFault) String() string {
	switch f {
	case FaultServer:
		return "server"
	case FaultClient:
		return "client"
	default:
		return "unknown"
	}
}

// The errors below have the names, fields and methods of the AWS SDK for Go
// v2's secretsmanager types; use errors.As to test for one:
//
//	var nf *types.ResourceNotFoundException
//	if errors.As(err, &nf) { ... nf.ErrorMessage() ... }
//
// ValidationException is not modeled by the SDK (it is one of AWS's common
// errors) but libsecretvault returns it with AWS's text, so it has a type
// here too. MalformedPolicyDocumentException, PreconditionNotMetException and
// PublicPolicyException are never returned by a local vault; they exist so
// that code written for the SDK compiles.

// DecryptionFailure: the secret's value could not be decrypted (a damaged record, or a key that does not open it).
type DecryptionFailure struct {
	Message *string

	ErrorCodeOverride *string
}

func (e *DecryptionFailure) Error() string {
	return fmt.Sprintf("%s: %s", e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the AWS message text.
func (e *DecryptionFailure) ErrorMessage() string {
	if e == nil || e.Message == nil {
		return ""
	}
	return *e.Message
}

// ErrorCode returns "DecryptionFailure".
func (e *DecryptionFailure) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "DecryptionFailure"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault returns FaultClient.
func (e *DecryptionFailure) ErrorFault() ErrorFault { return FaultClient }

// EncryptionFailure: the secret's value could not be encrypted with its key.
type EncryptionFailure struct {
	Message *string

	ErrorCodeOverride *string
}

func (e *EncryptionFailure) Error() string {
	return fmt.Sprintf("%s: %s", e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the AWS message text.
func (e *EncryptionFailure) ErrorMessage() string {
	if e == nil || e.Message == nil {
		return ""
	}
	return *e.Message
}

// ErrorCode returns "EncryptionFailure".
func (e *EncryptionFailure) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "EncryptionFailure"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault returns FaultClient.
func (e *EncryptionFailure) ErrorFault() ErrorFault { return FaultClient }

// InternalServiceError: an unexpected failure inside the library (I/O, memory, a damaged vault).
type InternalServiceError struct {
	Message *string

	ErrorCodeOverride *string
}

func (e *InternalServiceError) Error() string {
	return fmt.Sprintf("%s: %s", e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the AWS message text.
func (e *InternalServiceError) ErrorMessage() string {
	if e == nil || e.Message == nil {
		return ""
	}
	return *e.Message
}

// ErrorCode returns "InternalServiceError".
func (e *InternalServiceError) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "InternalServiceError"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault returns FaultServer.
func (e *InternalServiceError) ErrorFault() ErrorFault { return FaultServer }

// InvalidNextTokenException: the NextToken is not valid.
type InvalidNextTokenException struct {
	Message *string

	ErrorCodeOverride *string
}

func (e *InvalidNextTokenException) Error() string {
	return fmt.Sprintf("%s: %s", e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the AWS message text.
func (e *InvalidNextTokenException) ErrorMessage() string {
	if e == nil || e.Message == nil {
		return ""
	}
	return *e.Message
}

// ErrorCode returns "InvalidNextTokenException".
func (e *InvalidNextTokenException) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "InvalidNextTokenException"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault returns FaultClient.
func (e *InvalidNextTokenException) ErrorFault() ErrorFault { return FaultClient }

// InvalidParameterException: a parameter name or value is not valid.
type InvalidParameterException struct {
	Message *string

	ErrorCodeOverride *string
}

func (e *InvalidParameterException) Error() string {
	return fmt.Sprintf("%s: %s", e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the AWS message text.
func (e *InvalidParameterException) ErrorMessage() string {
	if e == nil || e.Message == nil {
		return ""
	}
	return *e.Message
}

// ErrorCode returns "InvalidParameterException".
func (e *InvalidParameterException) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "InvalidParameterException"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault returns FaultClient.
func (e *InvalidParameterException) ErrorFault() ErrorFault { return FaultClient }

// InvalidRequestException: a parameter value is not valid for the current state of the resource (for example, the secret is scheduled for deletion).
type InvalidRequestException struct {
	Message *string

	ErrorCodeOverride *string
}

func (e *InvalidRequestException) Error() string {
	return fmt.Sprintf("%s: %s", e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the AWS message text.
func (e *InvalidRequestException) ErrorMessage() string {
	if e == nil || e.Message == nil {
		return ""
	}
	return *e.Message
}

// ErrorCode returns "InvalidRequestException".
func (e *InvalidRequestException) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "InvalidRequestException"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault returns FaultClient.
func (e *InvalidRequestException) ErrorFault() ErrorFault { return FaultClient }

// LimitExceededException: the request would exceed a quota (labels, tags, or the vault's size).
type LimitExceededException struct {
	Message *string

	ErrorCodeOverride *string
}

func (e *LimitExceededException) Error() string {
	return fmt.Sprintf("%s: %s", e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the AWS message text.
func (e *LimitExceededException) ErrorMessage() string {
	if e == nil || e.Message == nil {
		return ""
	}
	return *e.Message
}

// ErrorCode returns "LimitExceededException".
func (e *LimitExceededException) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "LimitExceededException"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault returns FaultClient.
func (e *LimitExceededException) ErrorFault() ErrorFault { return FaultClient }

// MalformedPolicyDocumentException: never returned by a local vault.
type MalformedPolicyDocumentException struct {
	Message *string

	ErrorCodeOverride *string
}

func (e *MalformedPolicyDocumentException) Error() string {
	return fmt.Sprintf("%s: %s", e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the AWS message text.
func (e *MalformedPolicyDocumentException) ErrorMessage() string {
	if e == nil || e.Message == nil {
		return ""
	}
	return *e.Message
}

// ErrorCode returns "MalformedPolicyDocumentException".
func (e *MalformedPolicyDocumentException) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "MalformedPolicyDocumentException"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault returns FaultClient.
func (e *MalformedPolicyDocumentException) ErrorFault() ErrorFault { return FaultClient }

// PreconditionNotMetException: never returned by a local vault.
type PreconditionNotMetException struct {
	Message *string

	ErrorCodeOverride *string
}

func (e *PreconditionNotMetException) Error() string {
	return fmt.Sprintf("%s: %s", e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the AWS message text.
func (e *PreconditionNotMetException) ErrorMessage() string {
	if e == nil || e.Message == nil {
		return ""
	}
	return *e.Message
}

// ErrorCode returns "PreconditionNotMetException".
func (e *PreconditionNotMetException) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "PreconditionNotMetException"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault returns FaultClient.
func (e *PreconditionNotMetException) ErrorFault() ErrorFault { return FaultClient }

// PublicPolicyException: never returned by a local vault.
type PublicPolicyException struct {
	Message *string

	ErrorCodeOverride *string
}

func (e *PublicPolicyException) Error() string {
	return fmt.Sprintf("%s: %s", e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the AWS message text.
func (e *PublicPolicyException) ErrorMessage() string {
	if e == nil || e.Message == nil {
		return ""
	}
	return *e.Message
}

// ErrorCode returns "PublicPolicyException".
func (e *PublicPolicyException) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "PublicPolicyException"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault returns FaultClient.
func (e *PublicPolicyException) ErrorFault() ErrorFault { return FaultClient }

// ResourceExistsException: a resource with that name or ClientRequestToken already exists.
type ResourceExistsException struct {
	Message *string

	ErrorCodeOverride *string
}

func (e *ResourceExistsException) Error() string {
	return fmt.Sprintf("%s: %s", e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the AWS message text.
func (e *ResourceExistsException) ErrorMessage() string {
	if e == nil || e.Message == nil {
		return ""
	}
	return *e.Message
}

// ErrorCode returns "ResourceExistsException".
func (e *ResourceExistsException) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "ResourceExistsException"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault returns FaultClient.
func (e *ResourceExistsException) ErrorFault() ErrorFault { return FaultClient }

// ResourceNotFoundException: the secret, version or label asked for does not exist.
type ResourceNotFoundException struct {
	Message *string

	ErrorCodeOverride *string
}

func (e *ResourceNotFoundException) Error() string {
	return fmt.Sprintf("%s: %s", e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the AWS message text.
func (e *ResourceNotFoundException) ErrorMessage() string {
	if e == nil || e.Message == nil {
		return ""
	}
	return *e.Message
}

// ErrorCode returns "ResourceNotFoundException".
func (e *ResourceNotFoundException) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "ResourceNotFoundException"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault returns FaultClient.
func (e *ResourceNotFoundException) ErrorFault() ErrorFault { return FaultClient }

// ValidationException: a member violates a constraint of the API model (length, range, enum, a required member missing).
type ValidationException struct {
	Message *string

	ErrorCodeOverride *string
}

func (e *ValidationException) Error() string {
	return fmt.Sprintf("%s: %s", e.ErrorCode(), e.ErrorMessage())
}

// ErrorMessage returns the AWS message text.
func (e *ValidationException) ErrorMessage() string {
	if e == nil || e.Message == nil {
		return ""
	}
	return *e.Message
}

// ErrorCode returns "ValidationException".
func (e *ValidationException) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "ValidationException"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault returns FaultClient.
func (e *ValidationException) ErrorFault() ErrorFault { return FaultClient }

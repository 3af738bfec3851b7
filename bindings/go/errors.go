package secretvault

import (
	"fmt"

	"secretvault/types"
)

// ServiceID names the service in an OperationError, as the AWS SDK does
// ("Secrets Manager").
const ServiceID = "Secrets Manager"

// APIError is what every error of the AWS API implements, as smithy-go's
// APIError: the AWS error code ("ResourceNotFoundException") and message.
//
//	var ae secretvault.APIError
//	if errors.As(err, &ae) { log.Print(ae.ErrorCode(), ae.ErrorMessage()) }
type APIError interface {
	error
	ErrorCode() string
	ErrorMessage() string
	ErrorFault() types.ErrorFault
}

// GenericAPIError is an AWS error without a type of its own here, for
// example AccessDeniedException (a wrong key or file permissions refused),
// SerializationException or UnknownOperationException.
type GenericAPIError struct {
	Code    string
	Message string
	Fault   types.ErrorFault
}

func (e *GenericAPIError) ErrorCode() string            { return e.Code }
func (e *GenericAPIError) ErrorMessage() string         { return e.Message }
func (e *GenericAPIError) ErrorFault() types.ErrorFault { return e.Fault }
func (e *GenericAPIError) Error() string {
	return fmt.Sprintf("api error %s: %s", e.Code, e.Message)
}

// OperationError wraps every error of an operation with the operation's
// name, as smithy-go's OperationError does. errors.As and errors.Is see
// through it to the typed error (or to context.Canceled, ErrClosed).
type OperationError struct {
	ServiceID     string
	OperationName string
	Err           error
}

func (e *OperationError) Service() string   { return e.ServiceID }
func (e *OperationError) Operation() string { return e.OperationName }
func (e *OperationError) Unwrap() error     { return e.Err }
func (e *OperationError) Error() string {
	return fmt.Sprintf("operation error %s: %s, %v", e.ServiceID, e.OperationName, e.Err)
}

// The modeled errors, also reachable here so that one import suffices.
// They are the same types as in package types (aliases).
type (
	DecryptionFailure                = types.DecryptionFailure
	EncryptionFailure                = types.EncryptionFailure
	InternalServiceError             = types.InternalServiceError
	InvalidNextTokenException        = types.InvalidNextTokenException
	InvalidParameterException        = types.InvalidParameterException
	InvalidRequestException          = types.InvalidRequestException
	LimitExceededException           = types.LimitExceededException
	MalformedPolicyDocumentException = types.MalformedPolicyDocumentException
	PreconditionNotMetException      = types.PreconditionNotMetException
	PublicPolicyException            = types.PublicPolicyException
	ResourceExistsException          = types.ResourceExistsException
	ResourceNotFoundException        = types.ResourceNotFoundException
	ValidationException              = types.ValidationException
)

// newAPIError returns the typed error of an AWS error code.
func newAPIError(code, message string) error {
	m := &message
	switch code {
	case "DecryptionFailure":
		return &types.DecryptionFailure{Message: m}
	case "EncryptionFailure":
		return &types.EncryptionFailure{Message: m}
	case "InternalServiceError":
		return &types.InternalServiceError{Message: m}
	case "InvalidNextTokenException":
		return &types.InvalidNextTokenException{Message: m}
	case "InvalidParameterException":
		return &types.InvalidParameterException{Message: m}
	case "InvalidRequestException":
		return &types.InvalidRequestException{Message: m}
	case "LimitExceededException":
		return &types.LimitExceededException{Message: m}
	case "MalformedPolicyDocumentException":
		return &types.MalformedPolicyDocumentException{Message: m}
	case "PreconditionNotMetException":
		return &types.PreconditionNotMetException{Message: m}
	case "PublicPolicyException":
		return &types.PublicPolicyException{Message: m}
	case "ResourceExistsException":
		return &types.ResourceExistsException{Message: m}
	case "ResourceNotFoundException":
		return &types.ResourceNotFoundException{Message: m}
	case "ValidationException":
		return &types.ValidationException{Message: m}
	}
	fault := types.FaultClient
	if code == "InternalFailure" || code == "ServiceUnavailable" {
		fault = types.FaultServer
	}
	return &GenericAPIError{Code: code, Message: message, Fault: fault}
}

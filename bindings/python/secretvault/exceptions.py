"""Exceptions, named and shaped as botocore's.

A failed operation raises a subclass of :class:`ClientError` named after
the AWS error code (``ResourceNotFoundException``, ...), exactly as a
boto3 ``secretsmanager`` client does::

    try:
        client.get_secret_value(SecretId="nope")
    except client.exceptions.ResourceNotFoundException as e:
        e.response["Error"]["Code"]     # 'ResourceNotFoundException'
        e.response["Error"]["Message"]  # "Secrets Manager can't find ..."
        e.operation_name                # 'GetSecretValue'

Codes that boto3 does not model for Secrets Manager (ValidationException,
SerializationException, UnknownOperationException, AccessDeniedException)
get classes here too; they are still ClientErrors, so code written for
boto3 (``except ClientError``) behaves the same.

Bad arguments are refused before the library is called with
:class:`ParamValidationError`, as botocore does.  Failures to open a vault
raise :class:`VaultError`.

botocore is not needed.  When it is importable, though, :class:`ClientError`
subclasses ``botocore.exceptions.ClientError`` and
:class:`ParamValidationError` subclasses botocore's, so boto3 code that
catches ``botocore.exceptions.ClientError`` catches this binding's errors
unchanged.  Set ``SECRETVAULT_NO_BOTOCORE=1`` to keep botocore out.
"""

import email.utils
import os
import uuid


def _botocore_exceptions():
    if os.environ.get("SECRETVAULT_NO_BOTOCORE"):
        return None
    try:
        import botocore.exceptions
        return botocore.exceptions
    except Exception:  # not installed, or broken: standard library only
        return None


_bx = _botocore_exceptions()
_ClientErrorBases = (_bx.ClientError,) if _bx else (Exception,)
_ParamErrorBases = (_bx.ParamValidationError,) if _bx else ()
#: True when the exception classes extend botocore's.
BOTOCORE_BASES = _bx is not None

__all__ = [
    "SecretVaultError", "VaultError", "ClientError", "ParamValidationError",
    "OperationNotPageableError",
    "DecryptionFailure", "EncryptionFailure", "InternalServiceError",
    "InvalidNextTokenException", "InvalidParameterException",
    "InvalidRequestException", "LimitExceededException",
    "MalformedPolicyDocumentException", "PreconditionNotMetException",
    "PublicPolicyException", "ResourceExistsException",
    "ResourceNotFoundException", "ValidationException",
    "SerializationException", "UnknownOperationException",
    "AccessDeniedException", "ClientExceptions",
]


class SecretVaultError(Exception):
    """Base of the errors of this package that are not ClientErrors."""


class VaultError(SecretVaultError):
    """Opening, creating or using a vault failed.

    ``code`` is the library's negative ``SV_E*`` code, ``message`` the text
    of ``sv_error_last()`` read right after the failing call, ``strerror``
    the code's static description (``sv_strerror``).
    """

    def __init__(self, code, message, strerror=None):
        self.code = code
        self.message = message
        self.strerror = strerror
        text = message or strerror or "error %d" % code
        if strerror and message and strerror not in message:
            text = "%s (%s, %d)" % (message, strerror, code)
        else:
            text = "%s (%d)" % (text, code)
        super().__init__(text)


def response_metadata(status=200, body_len=0, request_id=None):
    """A ``ResponseMetadata`` dict as botocore builds it from HTTP."""
    rid = request_id or str(uuid.uuid4())
    return {
        "RequestId": rid,
        "HTTPStatusCode": status,
        "HTTPHeaders": {
            "x-amzn-requestid": rid,
            "content-type": "application/x-amz-json-1.1",
            "content-length": str(body_len),
            "date": email.utils.formatdate(usegmt=True),
        },
        "RetryAttempts": 0,
    }


class ClientError(*_ClientErrorBases):
    """botocore.exceptions.ClientError: ``ClientError(error_response, operation_name)``.

    ``str(e)`` is ``An error occurred (Code) when calling the Op operation: Message``.
    """

    MSG_TEMPLATE = ("An error occurred ({error_code}) when calling the "
                    "{operation_name} operation{retry_info}: {error_message}")

    def __init__(self, error_response, operation_name):
        retry_info = self._get_retry_info(error_response)
        error = error_response.get("Error", {})
        msg = self.MSG_TEMPLATE.format(
            error_code=error.get("Code", "Unknown"),
            error_message=error.get("Message", "Unknown"),
            operation_name=operation_name,
            retry_info=retry_info,
        )
        Exception.__init__(self, msg)
        self.response = error_response
        self.operation_name = operation_name

    @staticmethod
    def _get_retry_info(response):
        meta = response.get("ResponseMetadata", {})
        attempts = meta.get("RetryAttempts") or 0
        if attempts > 0:
            return " (reached max retries: %d)" % attempts
        return ""

    def __reduce__(self):
        return self.__class__, (self.response, self.operation_name)


class ParamValidationError(SecretVaultError, *_ParamErrorBases, ValueError):
    """botocore.exceptions.ParamValidationError: arguments refused before the call."""

    fmt = "Parameter validation failed:\n{report}"

    def __init__(self, report=None, **kwargs):
        if report is None:
            report = kwargs.get("report", "")
        self.kwargs = {"report": report}
        Exception.__init__(self, self.fmt.format(report=report))

    def __reduce__(self):
        return self.__class__, (self.kwargs["report"],)


class OperationNotPageableError(SecretVaultError):
    """botocore.exceptions.OperationNotPageableError."""

    def __init__(self, operation_name):
        self.kwargs = {"operation_name": operation_name}
        super().__init__("Operation cannot be paginated: %s" % operation_name)


# The error shapes of the secretsmanager service model (boto3 has a class
# for each of them in client.exceptions) ...
MODELED_CODES = (
    "DecryptionFailure", "EncryptionFailure", "InternalServiceError",
    "InvalidNextTokenException", "InvalidParameterException",
    "InvalidRequestException", "LimitExceededException",
    "MalformedPolicyDocumentException", "PreconditionNotMetException",
    "PublicPolicyException", "ResourceExistsException",
    "ResourceNotFoundException",
)
# ... and the codes the library may also return.
EXTRA_CODES = ("ValidationException", "SerializationException",
               "UnknownOperationException", "AccessDeniedException")

_classes = {}
for _code in MODELED_CODES + EXTRA_CODES:
    _classes[_code] = type(_code, (ClientError,), {
        "__module__": __name__,
        "__doc__": "The %s error code." % _code,
    })
    globals()[_code] = _classes[_code]
del _code

#: HTTP status AWS gives each code (everything else is 400).
_STATUS = {"InternalServiceError": 500}


def error_class(code):
    """The ClientError subclass for an AWS error code (ClientError if none)."""
    return _classes.get(code, ClientError)


def make_client_error(code, message, operation_name, body_len=0):
    """Build the exception botocore would raise for an error body."""
    response = {
        "Error": {"Message": message, "Code": code},
        "ResponseMetadata": response_metadata(_STATUS.get(code, 400), body_len),
    }
    if code in MODELED_CODES:
        # botocore adds the members of a modeled error shape at top level.
        response["Message"] = message
    return error_class(code)(response, operation_name)


class ClientExceptions:
    """``client.exceptions``: every class by name, plus ``from_code()``."""

    ClientError = ClientError

    def __init__(self):
        for code, cls in _classes.items():
            setattr(self, code, cls)

    def from_code(self, error_code):
        return _classes.get(error_code, ClientError)

    def __repr__(self):
        return "<secretvault ClientExceptions>"


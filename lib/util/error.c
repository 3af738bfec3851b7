/* error.c - codes, their descriptions, and the per-thread last message. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"

static _Thread_local char last_msg[SV_ERRMSG_MAX];
static _Thread_local int last_code;

struct code_text {
	int code;
	const char *text;
	const char *aws;
};

static const struct code_text codes[] = {
	{ SV_OK, "success", "" },
	{ SV_ERROR, "unexpected internal error", "InternalServiceError" },
	{ SV_ENOTFOUND, "resource not found", "ResourceNotFoundException" },
	{ SV_EEXISTS, "resource already exists", "ResourceExistsException" },
	{ SV_EINVALID, "invalid parameter", "InvalidParameterException" },
	{ SV_EVALIDATION, "validation failed", "ValidationException" },
	{ SV_EREQUEST, "request not valid in the current state",
	  "InvalidRequestException" },
	{ SV_EDELETED, "secret is marked for deletion",
	  "InvalidRequestException" },
	{ SV_ELIMIT, "limit exceeded", "LimitExceededException" },
	{ SV_ENEXTTOKEN, "invalid NextToken", "InvalidNextTokenException" },
	{ SV_EBUFS, "buffer too small", "InvalidParameterException" },
	{ SV_ENOMEM, "out of memory", "InternalServiceError" },
	{ SV_EIO, "input/output error", "InternalServiceError" },
	{ SV_EFORMAT, "unknown or malformed format", "InternalServiceError" },
	{ SV_EINTEGRITY, "integrity check failed", "DecryptionFailure" },
	{ SV_EAUTH, "the key does not open this vault",
	  "AccessDeniedException" },
	{ SV_EKDFPARAMS, "key-derivation parameters refused",
	  "InvalidParameterException" },
	{ SV_EKEYPROVIDER, "key provider failed", "DecryptionFailure" },
	{ SV_EINSECURE, "insecure file permissions", "AccessDeniedException" },
	{ SV_EFULL, "vault is full", "LimitExceededException" },
	{ SV_EFORKED, "handle used after fork()", "InternalServiceError" },
	{ SV_ENOTSUPPORTED, "not supported", "InvalidRequestException" },
	{ SV_EDECRYPT, "decryption failure", "DecryptionFailure" },
	{ SV_EENCRYPT, "encryption failure", "EncryptionFailure" },
	{ SV_ESERIALIZATION, "malformed request body",
	  "SerializationException" },
	{ SV_EUNKNOWNOP, "unknown operation", "UnknownOperationException" },
	{ SV_ITEROVER, "iteration finished", "" },
};

static const struct code_text *find(int code)
{
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (codes[i].code == code)
			return &codes[i];
	return NULL;
}

const char *sv_strerror(int code)
{
	const struct code_text *c = find(code);
	return c ? c->text : "unknown error code";
}

const char *sv_error_aws_type(int code)
{
	const struct code_text *c = find(code);
	return c ? c->aws : "InternalServiceError";
}

const char *sv_error_last(void)
{
	return last_msg;
}

int sv_error_last_code(void)
{
	return last_code;
}

int sv__error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof last_msg, fmt, ap);
	va_end(ap);
	last_code = code;
	return code;
}

void sv__error_clear(void)
{
	last_msg[0] = '\0';
	last_code = SV_OK;
}

void sv__error_copy(char dst[SV_ERRMSG_MAX])
{
	memcpy(dst, last_msg, SV_ERRMSG_MAX);
}

/* error.h - the thread-local error state behind sv_error_last(). */
#ifndef SV_UTIL_ERROR_H
#define SV_UTIL_ERROR_H

#include "secretvault.h"

#define SV_ERRMSG_MAX 512

/* Record @code and a message for this thread; returns @code.  Messages
 * name ids and fields, never a value or key material. */
int sv__error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Forget the last failure (called at the start of each public call). */
void sv__error_clear(void);
/* Copy the thread's current message into a handle's buffer. */
void sv__error_copy(char dst[SV_ERRMSG_MAX]);

#endif

/* mem.c - allocation wrappers and the locked key arena. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sodium.h>

#include "util/mem.h"

static _Atomic uint64_t alloc_count;
static _Atomic uint64_t fail_at; /* 0 = never */

static int should_fail(void)
{
	uint64_t n = atomic_fetch_add(&alloc_count, 1) + 1;
	uint64_t f = atomic_load(&fail_at);
	return f != 0 && n == f;
}

uint64_t sv__mem_fail_after(uint64_t n)
{
	uint64_t made = atomic_exchange(&alloc_count, 0);
	atomic_store(&fail_at, n);
	return made;
}

void *sv__malloc(size_t n)
{
	return should_fail() ? NULL : malloc(n ? n : 1);
}

void *sv__calloc(size_t count, size_t n)
{
	return should_fail() ? NULL : calloc(count ? count : 1, n ? n : 1);
}

void *sv__realloc(void *p, size_t n)
{
	return should_fail() ? NULL : realloc(p, n ? n : 1);
}

char *sv__strndup(const char *s, size_t n)
{
	char *d = sv__malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

char *sv__strdup(const char *s)
{
	return sv__strndup(s, strlen(s));
}

void sv__free(void *p)
{
	free(p);
}

void (*sv__mem_free_hook)(const void *p, size_t n);

void sv__free_secret(void *p, size_t n)
{
	if (p) {
		sodium_memzero(p, n);
		if (sv__mem_free_hook)
			sv__mem_free_hook(p, n);
		free(p);
	}
}

struct sv_arena {
	uint8_t *base; /* sodium_malloc'd: slots * 32 bytes */
	uint8_t *used; /* one flag per slot */
	size_t slots;
	int locked;
};

static int lock_state(const void *p, size_t n)
{
	/* sodium_malloc locks silently and does not report failure; ask the
	 * kernel whether the pages are resident-locked by locking again. */
	return mlock(p, n) == 0;
}

sv_arena *sv__arena_new(size_t slots)
{
	if (should_fail() || sodium_init() < 0)
		return NULL;
	sv_arena *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->used = calloc(slots, 1);
	a->base = sodium_malloc(slots * SV_KEY_BYTES);
	if (!a->used || !a->base) {
		free(a->used);
		if (a->base)
			sodium_free(a->base);
		free(a);
		return NULL;
	}
	memset(a->base, 0, slots * SV_KEY_BYTES);
	a->slots = slots;
	a->locked = lock_state(a->base, slots * SV_KEY_BYTES);
#ifdef MADV_WIPEONFORK
	{
		/* A fork()ed child sees zeros instead of keys. */
		long pg = sysconf(_SC_PAGESIZE);
		uintptr_t start = (uintptr_t)a->base & ~(uintptr_t)(pg - 1);
		uintptr_t end = ((uintptr_t)a->base + slots * SV_KEY_BYTES +
				 (uintptr_t)pg - 1) &
				~(uintptr_t)(pg - 1);
		(void)madvise((void *)start, end - start, MADV_WIPEONFORK);
	}
#endif
	return a;
}

void sv__arena_free(sv_arena *a)
{
	if (!a)
		return;
	sodium_free(a->base); /* zeroes, unlocks and frees */
	free(a->used);
	free(a);
}

uint8_t *sv__arena_key(sv_arena *a)
{
	for (size_t i = 0; i < a->slots; i++) {
		if (!a->used[i]) {
			a->used[i] = 1;
			return a->base + i * SV_KEY_BYTES;
		}
	}
	return NULL;
}

void sv__arena_release(sv_arena *a, uint8_t *key)
{
	if (!a || !key)
		return;
	size_t i = (size_t)(key - a->base) / SV_KEY_BYTES;
	sodium_memzero(key, SV_KEY_BYTES);
	if (i < a->slots)
		a->used[i] = 0;
}

int sv__arena_locked(const sv_arena *a)
{
	return a->locked;
}

/* mem.h - allocation (with failure injection for tests), zeroing frees,
 * and the locked key arena. */
#ifndef SV_UTIL_MEM_H
#define SV_UTIL_MEM_H

#include <stddef.h>
#include <stdint.h>

/* Every library allocation goes through these, so tests can make the Nth
 * one fail (sv__mem_fail_after) and prove each failure is clean. */
void *sv__malloc(size_t n);
void *sv__calloc(size_t count, size_t n);
void *sv__realloc(void *p, size_t n);
char *sv__strdup(const char *s);
char *sv__strndup(const char *s, size_t n);
void sv__free(void *p);
/* Zero @n bytes at @p, then free it. */
void sv__free_secret(void *p, size_t n);
/* Tests: called by sv__free_secret after zeroing, before the free. */
extern void (*sv__mem_free_hook)(const void *p, size_t n);

/* Tests: fail the @n-th allocation from now (1 = the next); 0 = never.
 * Returns the number of allocations made since the last call. */
uint64_t sv__mem_fail_after(uint64_t n);

/* The key arena: fixed 32-byte key slots in one sodium_malloc region
 * (locked, excluded from core dumps, wiped in fork()ed children). */
#define SV_KEY_BYTES 32
typedef struct sv_arena sv_arena;
sv_arena *sv__arena_new(size_t slots);
void sv__arena_free(sv_arena *a);
/* A zeroed 32-byte slot, or NULL when the arena is full. */
uint8_t *sv__arena_key(sv_arena *a);
/* Zero and release a slot (NULL accepted). */
void sv__arena_release(sv_arena *a, uint8_t *key);
/* 1 if the arena's pages are locked in memory. */
int sv__arena_locked(const sv_arena *a);

#endif

#ifndef AUDITPACK_LINEHASH_H
#define AUDITPACK_LINEHASH_H
#include <stddef.h>

/// SHA-256 of `len` bytes into `out` (32 bytes), with a context on the stack: no allocation,
/// no provider lookup (OpenSSL's SHA256_Init/Update/Final use the CPU's SHA extensions).
void auditpack_sha256(const void *data, size_t len, unsigned char out[32]);

/// SHA-256 of `a` followed by `b` (a hash chain: previous value, then the message).
void auditpack_sha256_2(const void *a, size_t alen, const void *b, size_t blen, unsigned char out[32]);

/// Writes `digest` (32 bytes) as 64 lowercase hex digits and compares them with `hex`
/// (64 bytes, either case): 1 when they spell the same value.
int auditpack_hex_matches(const unsigned char digest[32], const unsigned char *hex);

#endif

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

/// The fast path of one hash-suffixed line (its newline removed; trailing blanks allowed):
/// 1 when it ends with `marker` and 64 hex digits spelling SHA-256 of what precedes the
/// marker; 0 otherwise (the caller then works out why, on the slow path).
int auditpack_check_suffixed(const unsigned char *line, size_t len, const unsigned char *marker, size_t mlen);

/// The same for a hash-chained line: the value must be SHA-256 of `prev` (the previous
/// line's 64 hex digits) followed by the message. On 1, `prev` holds this line's value.
int auditpack_check_chained(const unsigned char *line, size_t len, const unsigned char *marker, size_t mlen, unsigned char prev[64]);

#endif

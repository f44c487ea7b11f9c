// The low-level SHA-256 functions are deprecated in OpenSSL 3 in favour of EVP, whose
// per-call provider lookup costs more than hashing a 100-byte line; they remain supported.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
#include <string.h>
#include "linehash.h"

void auditpack_sha256(const void *data, size_t len, unsigned char out[32]) {
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, data, len);
    SHA256_Final(out, &ctx);
}

void auditpack_sha256_2(const void *a, size_t alen, const void *b, size_t blen, unsigned char out[32]) {
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, a, alen);
    SHA256_Update(&ctx, b, blen);
    SHA256_Final(out, &ctx);
}

static const char lower_hex[] = "0123456789abcdef";

static int hex_value(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int auditpack_hex_matches(const unsigned char digest[32], const unsigned char *hex) {
    unsigned char out[64];
    for (int i = 0; i < 32; i++) {
        out[2 * i] = (unsigned char)lower_hex[digest[i] >> 4];
        out[2 * i + 1] = (unsigned char)lower_hex[digest[i] & 15];
    }
    if (memcmp(out, hex, 64) == 0) return 1;
    for (int i = 0; i < 64; i++) {
        int v = hex_value(hex[i]);
        if (v < 0 || v != hex_value(out[i])) return 0;
    }
    return 1;
}

/// Where the marker starts when the line ends with marker + 64 characters (blanks after
/// them allowed); -1 otherwise.
static long marker_at(const unsigned char *line, size_t len, const unsigned char *marker, size_t mlen) {
    size_t end = len;
    while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) end--;
    if (end < 64 + mlen) return -1;
    size_t at = end - 64 - mlen;
    return memcmp(line + at, marker, mlen) == 0 ? (long)at : -1;
}

int auditpack_check_suffixed(const unsigned char *line, size_t len, const unsigned char *marker, size_t mlen) {
    long at = marker_at(line, len, marker, mlen);
    if (at < 0) return 0;
    unsigned char digest[32];
    auditpack_sha256(line, (size_t)at, digest);
    return auditpack_hex_matches(digest, line + at + mlen);
}

int auditpack_check_chained(const unsigned char *line, size_t len, const unsigned char *marker, size_t mlen, unsigned char prev[64]) {
    long at = marker_at(line, len, marker, mlen);
    if (at < 0) return 0;
    unsigned char digest[32];
    auditpack_sha256_2(prev, 64, line, (size_t)at, digest);
    if (!auditpack_hex_matches(digest, line + at + mlen)) return 0;
    memcpy(prev, line + at + mlen, 64);
    return 1;
}

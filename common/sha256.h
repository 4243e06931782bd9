/*
 * sha256.h - SHA-256 through OpenSSL libcrypto's EVP interface (the field's
 * own implementation; we do not hand-write digests).  Used for WARC
 * digests and the body hash stored on each article row.
 */
#ifndef MM_SHA256_H
#define MM_SHA256_H

#include <stddef.h>

#define SHA256_LEN 32
#define SHA256_HEX_LEN 65	/* 64 hex digits and the NUL */

struct sha256_ctx {
	void *md;		/* EVP_MD_CTX, opaque to keep OpenSSL out */
};

/* Start a digest.  Aborts (BUG) if libcrypto cannot allocate a context:
 * like xmalloc, there is nothing sensible to do then. */
void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/* Finish into out (raw) and free the context; c must be re-inited. */
void sha256_final(struct sha256_ctx *c, unsigned char out[SHA256_LEN]);
/* Finish as lower-case hex, NUL-terminated; frees the context. */
void sha256_final_hex(struct sha256_ctx *c, char out[SHA256_HEX_LEN]);
/* One-shot: hex digest of data. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN]);
/* Lower-case hex of n raw bytes into out (2n+1 bytes). */
void sha256_to_hex(const unsigned char *raw, size_t n, char *out);

#endif

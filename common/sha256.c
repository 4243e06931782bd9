/*
 * sha256.c - SHA-256 via OpenSSL EVP (EVP_sha256), wrapped so the rest of
 * the tree never includes OpenSSL headers.
 */
#include "hex.h"
#include "sha256.h"
#include "xalloc.h"

#include <openssl/evp.h>

void sha256_init(struct sha256_ctx *c)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		BUG("libcrypto cannot start a SHA-256 digest");
	c->md = md;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	if (len && EVP_DigestUpdate(c->md, data, len) != 1)
		BUG("libcrypto SHA-256 update failed");
}

void sha256_final(struct sha256_ctx *c, unsigned char out[SHA256_LEN])
{
	unsigned int n = 0;

	if (EVP_DigestFinal_ex(c->md, out, &n) != 1 || n != SHA256_LEN)
		BUG("libcrypto SHA-256 final failed");
	EVP_MD_CTX_free(c->md);
	c->md = NULL;
}

void sha256_to_hex(const unsigned char *raw, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex_lower(raw[i] >> 4);
		out[2 * i + 1] = hex_lower(raw[i]);
	}
	out[2 * n] = '\0';
}

void sha256_final_hex(struct sha256_ctx *c, char out[SHA256_HEX_LEN])
{
	unsigned char raw[SHA256_LEN];

	sha256_final(c, raw);
	sha256_to_hex(raw, sizeof(raw), out);
}

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final_hex(&c, out);
}

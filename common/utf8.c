/*
 * utf8.c - strict UTF-8 decoding (RFC 3629) and repair.
 */
#include "utf8.h"

#include <string.h>

int utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	int len;

	if (n == 0)
		return -1;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		c = s[0] & 0x1f;
		len = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		c = s[0] & 0x0f;
		len = 3;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		c = s[0] & 0x07;
		len = 4;
	} else {
		return -1;
	}
	if (n < (size_t)len)
		return -1;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return len;
}

int utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * The length of the longest prefix of s that is valid UTF-8 without NUL.
 * Every document and field goes through here (a feed's bytes twice), so
 * runs of ASCII are checked eight bytes at a time and two-byte sequences
 * (Cyrillic, most of the region's text) without the general decoder;
 * anything else takes utf8_decode(), which has the last word.
 */
static size_t valid_prefix(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	const uint64_t high = 0x8080808080808080ull;
	const uint64_t ones = 0x0101010101010101ull;
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		unsigned c;
		int l;

		while (n - i >= 8) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			/* A high bit, or a zero byte (exact when no byte
			 * has its high bit set): leave it to the byte loop. */
			if ((w & high) || ((w - ones) & ~w & high))
				break;
			i += 8;
		}
		if (i == n)
			break;
		c = s[i];
		if (c < 0x80) {
			if (!c)
				break;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf && n - i >= 2 &&
		    (s[i + 1] & 0xc0) == 0x80) {
			/* A word of Cyrillic: its letters in one loop. */
			for (i += 2; n - i >= 2 && s[i] >= 0xc2 &&
				     s[i] <= 0xdf && (s[i + 1] & 0xc0) == 0x80;
			     i += 2)
				;
			continue;
		}
		l = utf8_decode(str + i, n - i, &cp);
		if (l < 0)
			break;
		i += (size_t)l;	/* a multi-byte sequence is never NUL */
	}
	return i;
}

int utf8_valid(const char *s, size_t n)
{
	return valid_prefix(s, n) == n;
}

int utf8_sanitize(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, run = 0;

	for (;;) {
		i += valid_prefix(s + i, n - i);
		if (i == n)
			break;
		/* Flush the valid run, then one replacement character. */
		if (buf_add(out, s + run, i - run) < 0 ||
		    buf_add(out, "\xef\xbf\xbd", 3) < 0)
			return -1;
		i++;
		run = i;
	}
	return buf_add(out, s + run, i - run);
}

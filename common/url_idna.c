/*
 * url_idna.c - domain to ASCII for URL hosts: a compact subset of the
 * UTS #46 mapping plus Punycode (RFC 3492), so that "Президент.КГ" and
 * "xn--d1abbgf6aiiy.xn--c1an" name the same host.  See url_idna_map()
 * for what the subset leaves out.
 */
#include "url_int.h"
#include "url.h"
#include "utf8.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* RFC 3492 parameters for IDNA. */
enum {
	PNY_BASE = 36, PNY_TMIN = 1, PNY_TMAX = 26, PNY_SKEW = 38,
	PNY_DAMP = 700, PNY_BIAS = 72, PNY_N = 128,
};

/* Labels are bounded by URL_MAX_LEN, so this many code points will do. */
#define LABEL_MAX URL_MAX_LEN

static uint32_t pny_adapt(uint32_t delta, uint32_t numpoints, int first)
{
	uint32_t k = 0;

	delta = first ? delta / PNY_DAMP : delta / 2;
	delta += delta / numpoints;
	while (delta > ((PNY_BASE - PNY_TMIN) * PNY_TMAX) / 2) {
		delta /= PNY_BASE - PNY_TMIN;
		k += PNY_BASE;
	}
	return k + (PNY_BASE - PNY_TMIN + 1) * delta / (delta + PNY_SKEW);
}

static char pny_digit(uint32_t d)
{
	return (char)(d < 26 ? 'a' + d : '0' + d - 26);
}

static uint32_t pny_threshold(uint32_t k, uint32_t bias)
{
	if (k <= bias)
		return PNY_TMIN;
	if (k >= bias + PNY_TMAX)
		return PNY_TMAX;
	return k - bias;
}

/* Encode n code points; -1 on overflow (cannot happen for real labels). */
static int pny_encode_cps(const uint32_t *cp, size_t n, struct buf *out)
{
	uint32_t code = PNY_N, delta = 0, bias = PNY_BIAS, h, b = 0;

	for (size_t i = 0; i < n; i++) {
		if (cp[i] < 0x80) {
			buf_addch(out, (int)cp[i]);
			b++;
		}
	}
	h = b;
	if (b > 0)
		buf_addch(out, '-');
	while (h < n) {
		uint32_t m = UINT32_MAX;

		for (size_t i = 0; i < n; i++)
			if (cp[i] >= code && cp[i] < m)
				m = cp[i];
		if ((m - code) > (UINT32_MAX - delta) / (h + 1))
			return -1;
		delta += (m - code) * (h + 1);
		code = m;
		for (size_t i = 0; i < n; i++) {
			if (cp[i] < code) {
				if (delta == UINT32_MAX)
					return -1;
				delta++;
			}
			if (cp[i] != code)
				continue;
			uint32_t q = delta;
			for (uint32_t k = PNY_BASE;; k += PNY_BASE) {
				uint32_t t = pny_threshold(k, bias);

				if (q < t)
					break;
				buf_addch(out, pny_digit(t + (q - t) %
							 (PNY_BASE - t)));
				q = (q - t) / (PNY_BASE - t);
			}
			buf_addch(out, pny_digit(q));
			bias = pny_adapt(delta, h + 1, h == b);
			delta = 0;
			h++;
		}
		delta++;
		code++;
	}
	return 0;
}

/* Decode ASCII punycode in[0..len) into cp (room for LABEL_MAX); returns
 * the number of code points or -1 when it is not valid punycode. */
static long pny_decode(const char *in, size_t len, uint32_t *cp)
{
	uint32_t code = PNY_N, i = 0, bias = PNY_BIAS;
	size_t n = 0, b = 0, pos;

	for (size_t j = 0; j < len; j++)
		if (in[j] == '-')
			b = j;
	for (size_t j = 0; j < b; j++) {
		if ((unsigned char)in[j] >= 0x80)
			return -1;
		cp[n++] = (unsigned char)in[j];
	}
	pos = b > 0 ? b + 1 : 0;
	while (pos < len) {
		uint32_t oldi = i, w = 1;

		for (uint32_t k = PNY_BASE;; k += PNY_BASE) {
			int c, d;
			uint32_t t;

			if (pos >= len)
				return -1;
			c = (unsigned char)in[pos++];
			if (c >= '0' && c <= '9')
				d = c - '0' + 26;
			else if (c >= 'a' && c <= 'z')
				d = c - 'a';
			else if (c >= 'A' && c <= 'Z')
				d = c - 'A';
			else
				return -1;
			if ((uint32_t)d > (UINT32_MAX - i) / w)
				return -1;
			i += (uint32_t)d * w;
			t = pny_threshold(k, bias);
			if ((uint32_t)d < t)
				break;
			if (w > UINT32_MAX / (PNY_BASE - t))
				return -1;
			w *= PNY_BASE - t;
		}
		bias = pny_adapt(i - oldi, (uint32_t)n + 1, oldi == 0);
		if (i / (n + 1) > 0x10ffff - code)
			return -1;
		code += i / (uint32_t)(n + 1);
		i %= (uint32_t)(n + 1);
		if (code < 0x80 || (code >= 0xd800 && code <= 0xdfff) ||
		    n + 1 >= LABEL_MAX)
			return -1;
		memmove(cp + i + 1, cp + i, (n - i) * sizeof(*cp));
		cp[i++] = code;
		n++;
	}
	return (long)n;
}

int url_punycode_encode(const char *utf8, size_t len, struct buf *out)
{
	uint32_t *cp = xmalloc((len + 1) * sizeof(*cp));
	size_t n = 0;
	int ret = -1;

	for (size_t i = 0; i < len;) {
		int l = utf8_decode(utf8 + i, len - i, &cp[n]);

		if (l < 0)
			goto out;
		i += (size_t)l;
		n++;
	}
	ret = pny_encode_cps(cp, n, out);
out:
	free(cp);
	return ret;
}

/*
 * The UTS #46 mapping step, reduced to what matters for hosts a crawler
 * meets: ASCII and fullwidth case folding, Latin-1/Latin Extended-A,
 * Greek and Cyrillic (Kyrgyz and Russian hosts) lower-casing, the
 * ideographic dots, ignored code points, and the disallowed ranges.  Not
 * covered: NFC normalisation, the many-to-one mappings (e.g. U+2460) and
 * the bidi rule.  Returns 1 with *out set, 0 for "ignored", -1 for
 * "disallowed".
 */
static int url_idna_map(uint32_t c, uint32_t *out)
{
	*out = c;
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			*out = c + 0x20;
		return 1;
	}
	if (c <= 0x9f || (c >= 0xd800 && c <= 0xdfff) ||
	    (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe ||
	    (c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000 ||
	    (c >= 0xfff9 && c <= 0xfffd) || c == 0x2028 || c == 0x2029 ||
	    c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x206f))
		return -1;
	if (c == 0xad || c == 0x200b || c == 0x2060 || c == 0xfeff ||
	    (c >= 0xfe00 && c <= 0xfe0f) || c == 0x34f || c == 0x180b ||
	    c == 0x180c || c == 0x180d)
		return 0;
	if (c == 0xa0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200a)) {
		*out = ' ';	/* then rejected as a forbidden code point */
		return 1;
	}
	if (c == 0x3002 || c == 0xff0e || c == 0xff61) {
		*out = '.';
		return 1;
	}
	if (c >= 0xff01 && c <= 0xff5e) {
		c -= 0xfee0;
		*out = (c >= 'A' && c <= 'Z') ? c + 0x20 : c;
		return 1;
	}
	if ((c >= 0xc0 && c <= 0xde && c != 0xd7) ||
	    (c >= 0x391 && c <= 0x3ab && c != 0x3a2) ||
	    (c >= 0x410 && c <= 0x42f))
		*out = c + 0x20;
	else if (c >= 0x400 && c <= 0x40f)
		*out = c + 0x50;
	else if (c == 0x178)
		*out = 0xff;
	else if (c == 0x386)
		*out = 0x3ac;
	else if (c >= 0x388 && c <= 0x38a)
		*out = c + 0x25;
	else if (c == 0x38c)
		*out = 0x3cc;
	else if (c == 0x38e || c == 0x38f)
		*out = c + 0x3f;
	else if (c == 0x4c0)
		*out = 0x4cf;
	else if (((c >= 0x100 && c <= 0x12f) || (c >= 0x14a && c <= 0x177) ||
		  (c >= 0x460 && c <= 0x481) || (c >= 0x48a && c <= 0x4bf) ||
		  (c >= 0x4d0 && c <= 0x52f)) && !(c & 1))
		*out = c + 1;
	else if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e) ||
		  (c >= 0x4c1 && c <= 0x4ce)) && (c & 1))
		*out = c + 1;
	return 1;
}

static bool is_combining_mark(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36f) || (c >= 0x483 && c <= 0x489) ||
	       (c >= 0x591 && c <= 0x5bd) || (c >= 0x610 && c <= 0x61a) ||
	       (c >= 0x64b && c <= 0x65f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	       (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	       (c >= 0xfe20 && c <= 0xfe2f);
}

/* UTS #46 validity of one (decoded) label for nontransitional processing
 * with CheckJoiners: every code point maps to itself, no leading mark.
 * Joiners are allowed by CONTEXTJ only after a virama; this subset knows
 * no viramas, so it rejects them. */
static bool label_valid(const uint32_t *cp, size_t n)
{
	if (n > 0 && is_combining_mark(cp[0]))
		return false;
	for (size_t i = 0; i < n; i++) {
		uint32_t m;

		if (url_idna_map(cp[i], &m) != 1 || m != cp[i] ||
		    cp[i] == 0x200c || cp[i] == 0x200d || cp[i] == '.')
			return false;
	}
	return true;
}

/* Convert one mapped label cp[0..n) and append it to out. */
static int label_to_ascii(const uint32_t *cp, size_t n, uint32_t *scratch,
			  struct buf *out, struct err *e)
{
	bool ascii = true;

	for (size_t i = 0; i < n; i++)
		if (cp[i] >= 0x80)
			ascii = false;
	if (ascii && n >= 4 && cp[0] == 'x' && cp[1] == 'n' && cp[2] == '-' &&
	    cp[3] == '-') {
		struct buf tmp = BUF_INIT;
		long dn;
		bool any_wide = false;

		for (size_t i = 4; i < n; i++)
			buf_addch(&tmp, (int)cp[i]);
		dn = pny_decode(tmp.data, tmp.len, scratch);
		buf_release(&tmp);
		if (dn <= 0)
			return err_set(e, "invalid punycode label");
		for (long i = 0; i < dn; i++)
			if (scratch[i] >= 0x80)
				any_wide = true;
		if (!any_wide || !label_valid(scratch, (size_t)dn))
			return err_set(e, "invalid punycode label");
	}
	if (ascii) {
		for (size_t i = 0; i < n; i++)
			buf_addch(out, (int)cp[i]);
		return 0;
	}
	if (!label_valid(cp, n))
		return err_set(e, "disallowed character in host");
	buf_adds(out, "xn--");
	if (pny_encode_cps(cp, n, out) < 0)
		return err_set(e, "host label too long");
	return 0;
}

int url_domain_to_ascii(const char *s, size_t len, struct buf *out,
			   struct err *e)
{
	uint32_t *cp = xmalloc((len + 1) * sizeof(*cp));
	uint32_t *scratch = xmalloc(LABEL_MAX * sizeof(*scratch));
	size_t n = 0, start = 0;
	int ret = -1;

	for (size_t i = 0; i < len;) {
		uint32_t c, m;
		int l = utf8_decode(s + i, len - i, &c), r;

		if (l < 0) {
			err_set(e, "invalid UTF-8 in host");
			goto out;
		}
		i += (size_t)l;
		r = url_idna_map(c, &m);
		if (r < 0) {
			err_set(e, "disallowed character U+%04X in host",
				(unsigned)c);
			goto out;
		}
		if (r > 0)
			cp[n++] = m;
	}
	for (size_t i = 0; i <= n; i++) {
		if (i < n && cp[i] != '.')
			continue;
		if (label_to_ascii(cp + start, i - start, scratch, out, e) < 0)
			goto out;
		if (i < n)
			buf_addch(out, '.');
		start = i + 1;
	}
	if (out->len == 0) {
		err_set(e, "empty host");
		goto out;
	}
	ret = 0;
out:
	free(cp);
	free(scratch);
	return ret;
}

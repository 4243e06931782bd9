/*
 * url_host.c - the WHATWG host parser: IPv6, IPv4 (with the legacy
 * hex/octal/short forms browsers accept), opaque hosts, and domains
 * (through url_domain_to_ascii() in url_idna.c).
 */
#include "hex.h"
#include "url_int.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* WHATWG IPv4 number parser: -1 on failure, else 0 with *v (saturated
 * at 2^33 so overflow stays detectable). */
static int ipv4_number(const char *s, size_t n, uint64_t *v)
{
	unsigned radix = 10;

	if (n == 0)
		return -1;
	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
		radix = 16;
	} else if (n >= 2 && s[0] == '0') {
		s++;
		n--;
		radix = 8;
	}
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = hex_val((unsigned char)s[i]);

		if (d < 0 || (unsigned)d >= radix)
			return -1;
		*v = *v * radix + (unsigned)d;
		if (*v > (1ULL << 33))
			*v = 1ULL << 33;
	}
	return 0;
}

/* The standard's "ends in a number" test on an ASCII domain. */
static bool ends_in_number(const char *s, size_t n)
{
	size_t end = n, start;
	uint64_t v;
	bool digits = true;

	if (end > 0 && s[end - 1] == '.') {
		if (memchr(s, '.', end - 1) == NULL)
			return false;
		end--;
	}
	start = end;
	while (start > 0 && s[start - 1] != '.')
		start--;
	if (start == end)
		return false;
	for (size_t i = start; i < end; i++)
		if (s[i] < '0' || s[i] > '9')
			digits = false;
	return digits || ipv4_number(s + start, end - start, &v) == 0;
}

static int ipv4_parse(const char *s, size_t n, struct buf *out,
		      struct err *e)
{
	uint64_t part[4], addr;
	size_t np = 0, start = 0;

	if (n > 0 && s[n - 1] == '.')
		n--;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (np == 4)
			return err_set(e, "IPv4 address with too many parts");
		if (ipv4_number(s + start, i - start, &part[np]) < 0)
			return err_set(e, "invalid IPv4 address");
		np++;
		start = i + 1;
	}
	for (size_t i = 0; i + 1 < np; i++)
		if (part[i] > 255)
			return err_set(e, "IPv4 address part out of range");
	if (part[np - 1] >= (1ULL << (8 * (5 - np))))
		return err_set(e, "IPv4 address out of range");
	addr = part[np - 1];
	for (size_t i = 0; i + 1 < np; i++)
		addr += part[i] << (8 * (3 - i));
	buf_addf(out, "%u.%u.%u.%u", (unsigned)(addr >> 24) & 255,
		 (unsigned)(addr >> 16) & 255, (unsigned)(addr >> 8) & 255,
		 (unsigned)addr & 255);
	return 0;
}

/* The dotted IPv4 tail of an IPv6 address at s[*p..n) into a[*piece]
 * and a[*piece + 1]; -1 when malformed. */
static int ipv6_v4_tail(const char *s, size_t n, size_t *p, uint16_t *a,
			int *piece)
{
	int seen = 0;

	while (*p < n) {
		int v4 = -1;

		if (seen > 0 && (s[*p] != '.' || seen >= 4))
			return -1;
		if (seen > 0)
			(*p)++;
		if (*p >= n || s[*p] < '0' || s[*p] > '9')
			return -1;
		while (*p < n && s[*p] >= '0' && s[*p] <= '9') {
			if (v4 == 0)
				return -1;	/* no leading zeros */
			v4 = (v4 < 0 ? 0 : v4 * 10) + (s[*p] - '0');
			if (v4 > 255)
				return -1;
			(*p)++;
		}
		a[*piece] = (uint16_t)(a[*piece] * 0x100 + v4);
		seen++;
		if (seen == 2 || seen == 4)
			(*piece)++;
	}
	return seen == 4 ? 0 : -1;
}

/* Append "[...]" for a[8]: lower-case hex, the first longest run of two
 * or more zero pieces compressed to "::". */
static void ipv6_serialize(const uint16_t *a, struct buf *out)
{
	int best = -1, bestlen = 1;

	for (int i = 0; i < 8;) {
		int j = i;

		while (j < 8 && a[j] == 0)
			j++;
		if (j - i > bestlen) {
			best = i;
			bestlen = j - i;
		}
		i = j > i ? j : i + 1;
	}
	buf_addch(out, '[');
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			buf_adds(out, i == 0 ? "::" : ":");
			i += bestlen - 1;
			continue;
		}
		buf_addf(out, "%x", a[i]);
		if (i < 7)
			buf_addch(out, ':');
	}
	buf_addch(out, ']');
}

/* The standard's IPv6 parser on s[0..n) (without brackets). */
static int ipv6_parse(const char *s, size_t n, struct buf *out,
		      struct err *e)
{
	uint16_t a[8] = { 0 };
	int piece = 0, compress = -1;
	size_t p = 0;

	if (n > 0 && s[0] == ':') {
		if (n < 2 || s[1] != ':')
			return err_set(e, "invalid IPv6 address");
		p = 2;
		compress = ++piece;
	}
	while (p < n) {
		unsigned v = 0, len = 0;

		if (piece == 8)
			return err_set(e, "invalid IPv6 address");
		if (s[p] == ':') {
			if (compress >= 0)
				return err_set(e, "invalid IPv6 address");
			p++;
			compress = ++piece;
			continue;
		}
		while (len < 4 && p < n &&
		       hex_val((unsigned char)s[p]) >= 0) {
			v = v * 16 + (unsigned)hex_val((unsigned char)s[p]);
			p++;
			len++;
		}
		if (p < n && s[p] == '.') {
			p -= len;
			if (len == 0 || piece > 6 ||
			    ipv6_v4_tail(s, n, &p, a, &piece) < 0)
				return err_set(e, "invalid IPv6 address");
			break;
		}
		if (p < n && s[p] != ':')
			return err_set(e, "invalid IPv6 address");
		if (p < n) {
			/* a ':' after a piece needs another piece */
			p++;
			if (p >= n)
				return err_set(e, "invalid IPv6 address");
		}
		a[piece++] = (uint16_t)v;
	}
	if (compress >= 0) {
		/* Move the pieces after "::" to the end. */
		for (int i = piece - 1, j = 7; i >= compress && j > i;
		     i--, j--) {
			a[j] = a[i];
			a[i] = 0;
		}
	} else if (piece != 8) {
		return err_set(e, "invalid IPv6 address");
	}
	ipv6_serialize(a, out);
	return 0;
}

static bool forbidden_host_cp(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\r' || c == ' ' ||
	       c == '#' || c == '/' || c == ':' || c == '<' || c == '>' ||
	       c == '?' || c == '@' || c == '[' || c == '\\' || c == ']' ||
	       c == '^' || c == '|';
}

static bool forbidden_domain_cp(unsigned char c)
{
	return forbidden_host_cp(c) || c < 0x20 || c == '%' || c == 0x7f;
}

int url_host_parse(const char *in, size_t len, bool opaque, struct buf *out,
		   struct err *e)
{
	struct buf dec = BUF_INIT, ascii = BUF_INIT;
	int ret = -1;

	if (len > 0 && in[0] == '[') {
		if (in[len - 1] != ']')
			return err_set(e, "unterminated IPv6 address");
		return ipv6_parse(in + 1, len - 2, out, e);
	}
	if (opaque) {
		for (size_t i = 0; i < len; i++)
			if (forbidden_host_cp((unsigned char)in[i]))
				return err_set(e, "forbidden host character");
		for (size_t i = 0; i < len; i++)
			url_pct_add(out, (unsigned char)in[i], URL_PCT_C0);
		return 0;
	}
	for (size_t i = 0; i < len; i++) {
		int hi = -1, lo = -1;

		if (in[i] == '%' && i + 2 < len) {
			hi = hex_val((unsigned char)in[i + 1]);
			lo = hex_val((unsigned char)in[i + 2]);
		}
		if (hi >= 0 && lo >= 0) {
			buf_addch(&dec, hi * 16 + lo);
			i += 2;
		} else {
			buf_addch(&dec, (unsigned char)in[i]);
		}
	}
	if (url_domain_to_ascii(dec.data, dec.len, &ascii, e) < 0)
		goto out;
	for (size_t i = 0; i < ascii.len; i++) {
		if (forbidden_domain_cp((unsigned char)ascii.data[i])) {
			err_set(e, "forbidden character in host");
			goto out;
		}
	}
	if (ends_in_number(ascii.data, ascii.len)) {
		ret = ipv4_parse(ascii.data, ascii.len, out, e);
		goto out;
	}
	buf_add(out, ascii.data, ascii.len);
	ret = 0;
out:
	buf_release(&dec);
	buf_release(&ascii);
	return ret;
}

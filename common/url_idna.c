/*
 * url_idna.c - domain to ASCII for URL hosts, so that "Президент.КГ" and
 * "xn--d1abbgf6aiiy.xn--c1an" name the same host.  The work is libidn2's
 * (full UTS #46 processing, non-transitional, as the WHATWG URL Standard
 * asks): a host is text from anyone on the internet, and libidn2 is the
 * field's implementation, kept current with Unicode and fuzzed upstream
 * (OSS-Fuzz), where the hand-written subset that was here was neither.
 */
#include "url_int.h"
#include "url.h"

#include <idn2.h>
#include <stdlib.h>
#include <string.h>

/* An ASCII domain with no "xn--" label is only lower-cased by UTS #46
 * (without STD3 rules): the common case needs no library call. */
static int plain_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)s[i] >= 0x80)
			return 0;
		if ((i == 0 || s[i - 1] == '.') && len - i >= 4 &&
		    !strncasecmp(s + i, "xn--", 4))
			return 0;
	}
	return 1;
}

/* The four characters UTS #46 transitional and non-transitional
 * processing treat differently (sharp s, final sigma, ZWJ, ZWNJ). */
static int has_deviation(const char *s)
{
	return strstr(s, "\xc3\x9f") || strstr(s, "\xcf\x82") ||
	       strstr(s, "\xe2\x80\x8c") || strstr(s, "\xe2\x80\x8d");
}

/*
 * libidn2 with the WHATWG's reading of UTS #46.  libidn2 also applies
 * IDNA2008's stricter validity in non-transitional mode; the URL
 * Standard does not, so two refusals are looked at again:
 * - symbols UTS #46 keeps (NV8: "http://☃.net"): without a deviation
 *   character, transitional processing gives the same result and
 *   accepts them;
 * - an ASCII host whose "xn--" labels decode to characters UTS #46 maps
 *   ("10.0.0.xn--pokxncvks", circled numbers): it already is a DNS
 *   name, and is taken as written (lower case).
 * Invalid Punycode ("xn--a") and disallowed characters still fail.
 */
static int to_ascii(const char *in, int ascii_in, char **out)
{
	char *u = NULL;
	int rc = idn2_to_ascii_8z(in, out, IDN2_NONTRANSITIONAL);

	if (rc == IDN2_OK)
		return rc;
	if (!ascii_in) {
		if (!has_deviation(in) &&
		    idn2_to_ascii_8z(in, out, IDN2_TRANSITIONAL) == IDN2_OK)
			return IDN2_OK;
		return rc;
	}
	/* Decodable, and what it decodes to is allowed (after mapping):
	 * "xn--a" decodes to U+0080, a control, and stays refused. */
	if (idn2_to_unicode_8z8z(in, &u, 0) != IDN2_OK)
		return rc;
	if (idn2_to_ascii_8z(u, out, IDN2_TRANSITIONAL) != IDN2_OK) {
		idn2_free(u);
		return rc;
	}
	idn2_free(u);
	idn2_free(*out);
	*out = strdup(in);
	return *out ? IDN2_OK : IDN2_MALLOC;
}

int url_domain_to_ascii(const char *s, size_t len, struct buf *out,
			struct err *e)
{
	char *in, *ascii = NULL;
	int rc, ascii_in = 1;

	if (memchr(s, '\0', len))
		return err_set(e, "NUL in host");
	for (size_t i = 0; i < len; i++)
		ascii_in &= (unsigned char)s[i] < 0x80;
	if (plain_ascii(s, len)) {
		if (!len)
			return err_set(e, "empty host");
		for (size_t i = 0; i < len; i++)
			buf_addch(out, s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 :
								    s[i]);
		return 0;
	}
	in = strndup(s, len);
	if (!in)
		return err_set(e, "out of memory");
	rc = to_ascii(in, ascii_in, &ascii);
	free(in);
	if (rc != IDN2_OK)
		return err_set(e, "not an international domain name: %s",
			       idn2_strerror(rc));
	for (char *p = ascii; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
	buf_adds(out, ascii);
	free(ascii);
	return out->len ? 0 : err_set(e, "empty host");
}

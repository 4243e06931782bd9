/*
 * feed_encoding.c - a feed's character encoding by feedparser's rules
 * (RFC 3023: the HTTP charset wins for XML media types, text types
 * without one are us-ascii; else BOM and XML declaration), with fallbacks
 * (a guess for Russian text, UTF-8, windows-1252); charset.c converts.
 */
#include "feed_int.h"
#include "common/charset.h"
#include "common/utf8.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The value of encoding="..." in an XML declaration on the first line
 * of s (feedparser's pattern), lower-cased into out. */
static void xml_decl_encoding(const char *s, size_t n, char *out, size_t cap)
{
	const char *nl = memchr(s, '\n', n), *end = nl ? nl : s + n;
	const char *p, *last = NULL;

	out[0] = '\0';
	if (n < 2 || s[0] != '<' || s[1] != '?')
		return;
	for (p = s; p + 10 <= end; p++)
		if (!memcmp(p, "encoding=", 9) && (p[9] == '"' || p[9] == '\''))
			last = p;
	/* The value may end at either quote; "?>" must follow later. */
	for (; last; last = NULL) {
		const char *v = last + 10, *q = v;
		size_t l;

		while (q < end && *q != '"' && *q != '\'')
			q++;
		if (q >= end)
			break;
		for (p = q + 1; p + 2 <= end; p++)
			if (p[0] == '?' && p[1] == '>')
				break;
		if (p + 2 > end)
			break;
		l = (size_t)(q - v);
		if (l >= cap)
			break;
		for (size_t i = 0; i < l; i++)
			out[i] = (char)tolower((unsigned char)v[i]);
		out[l] = '\0';
	}
}

/* The media type and charset of a Content-Type value (feedparser's
 * parse_content_type: the charset keeps its case, quotes stripped). */
static void parse_content_type(const char *ct, char *mime, size_t mcap,
			       char *cs, size_t ccap)
{
	const char *semi = strchr(ct, ';'), *p;
	size_t n = semi ? (size_t)(semi - ct) : strlen(ct), b = 0;

	mime[0] = cs[0] = '\0';
	while (b < n && isspace((unsigned char)ct[b]))
		b++;
	while (n > b && isspace((unsigned char)ct[n - 1]))
		n--;
	if (n - b < mcap) {
		for (size_t i = 0; i < n - b; i++)
			mime[i] = (char)tolower((unsigned char)ct[b + i]);
		mime[n - b] = '\0';
	}
	for (p = semi; p; p = strchr(p + 1, ';')) {
		const char *k = p + 1, *eq, *next = strchr(k, ';');
		const char *ke, *v, *ve;

		eq = memchr(k, '=', next ? (size_t)(next - k) : strlen(k));
		if (!eq)
			continue;
		while (isspace((unsigned char)*k))
			k++;
		ke = eq;
		while (ke > k && isspace((unsigned char)ke[-1]))
			ke--;
		if (ke - k != 7 || strncasecmp(k, "charset", 7))
			continue;
		v = eq + 1;
		ve = next ? next : v + strlen(v);
		while (v < ve && (isspace((unsigned char)*v) || *v == '"' ||
				  *v == '\''))
			v++;
		while (ve > v && (isspace((unsigned char)ve[-1]) ||
				  ve[-1] == '"' || ve[-1] == '\''))
			ve--;
		if ((size_t)(ve - v) < ccap) {
			memcpy(cs, v, (size_t)(ve - v));
			cs[ve - v] = '\0';
		}
	}
}

static int is_utf16_32_name(const char *e)
{
	static const char *const names[] = {
		"u16", "utf-16", "utf16", "utf_16", "u32", "utf-32", "utf32",
		"utf_32", "iso-10646-ucs-2", "iso-10646-ucs-4", "csucs4",
		"csunicode", "ucs-2", "ucs-4",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (!strcmp(e, names[i]))
			return 1;
	return 0;
}

/* Skip an XML declaration at the start of the decoded text: the parser
 * is told the text is UTF-8, whatever the declaration said. */
static size_t skip_xml_decl(const char *s, size_t n)
{
	const char *gt;

	if (n < 5 || memcmp(s, "<?xml", 5))
		return 0;
	gt = memchr(s, '>', n);
	return gt ? (size_t)(gt - s) + 1 : 0;
}

int fp_decode(const char *data, size_t len, const char *content_type,
	      struct buf *out, struct fp_input *in, struct arena *a,
	      struct err *e)
{
	const unsigned char *u = (const unsigned char *)data;
	const char *bom = "", *tries[8], *used = NULL;
	char xml[64] = "", mime[128], charset[64], rfc[64];
	struct buf tmp = BUF_INIT;
	size_t start = out->len, skip;
	int acceptable = 0, nt = 0, guess, r = -1;

	if (len >= 4 && !memcmp(u, "\x00\x00\xfe\xff", 4)) {
		bom = "utf-32be";
		data += 4, len -= 4;
	} else if (len >= 4 && !memcmp(u, "\xff\xfe\x00\x00", 4)) {
		bom = "utf-32le";
		data += 4, len -= 4;
	} else if (len >= 2 && !memcmp(u, "\xfe\xff", 2) &&
		   !(len >= 4 && !u[2] && !u[3])) {
		bom = "utf-16be";
		data += 2, len -= 2;
	} else if (len >= 2 && !memcmp(u, "\xff\xfe", 2) &&
		   !(len >= 4 && !u[2] && !u[3])) {
		bom = "utf-16le";
		data += 2, len -= 2;
	} else if (len >= 3 && !memcmp(u, "\xef\xbb\xbf", 3)) {
		bom = "utf-8";
		data += 3, len -= 3;
	} else if (len >= 4 && !memcmp(u, "\x4c\x6f\xa7\x94", 4)) {
		bom = "cp037";
	} else if (len >= 4 && !memcmp(u, "\x00\x3c\x00\x3f", 4)) {
		bom = "utf-16be";
	} else if (len >= 4 && !memcmp(u, "\x3c\x00\x3f\x00", 4)) {
		bom = "utf-16le";
	} else if (len >= 4 && !memcmp(u, "\x00\x00\x00\x3c", 4)) {
		bom = "utf-32be";
	} else if (len >= 4 && !memcmp(u, "\x3c\x00\x00\x00", 4)) {
		bom = "utf-32le";
	}

	/* The XML declaration, read through the BOM's encoding. */
	if (*bom) {
		if (charset_convert(bom, data, len, CHARSET_STRICT, &tmp) == 0)
			xml_decl_encoding(tmp.data, tmp.len, xml, sizeof(xml));
		buf_release(&tmp);
		if (is_utf16_32_name(xml))
			memcpy(xml, bom, strlen(bom) + 1);
	} else {
		xml_decl_encoding(data, len, xml, sizeof(xml));
	}

	/* RFC 3023 as feedparser applies it. */
	parse_content_type(content_type ? content_type : "", mime,
			   sizeof(mime), charset, sizeof(charset));
	if (!strcmp(mime, "application/xml") ||
	    !strcmp(mime, "application/xml-dtd") ||
	    !strcmp(mime, "application/xml-external-parsed-entity") ||
	    (fp_startswith(mime, "application/") &&
	     fp_endswith(mime, "+xml"))) {
		acceptable = 1;
		snprintf(rfc, sizeof(rfc), "%s", *charset ? charset :
						 *xml ? xml : "utf-8");
	} else if (!strcmp(mime, "text/xml") ||
		   !strcmp(mime, "text/xml-external-parsed-entity") ||
		   (fp_startswith(mime, "text/") &&
		    fp_endswith(mime, "+xml"))) {
		acceptable = 1;
		snprintf(rfc, sizeof(rfc), "%s", *charset ? charset :
						 "us-ascii");
	} else if (fp_startswith(mime, "text/")) {
		snprintf(rfc, sizeof(rfc), "%s", *charset ? charset :
						 "us-ascii");
	} else if (content_type && !*content_type) {
		snprintf(rfc, sizeof(rfc), "%s", *xml ? xml : "iso-8859-1");
	} else {
		snprintf(rfc, sizeof(rfc), "%s", *xml ? xml : "utf-8");
	}
	if (!strcasecmp(rfc, "gb2312"))
		memcpy(rfc, "gb18030", 8);
	if (!strcasecmp(xml, "gb2312"))
		memcpy(xml, "gb18030", 8);
	if (content_type && !acceptable) {
		in->bozo = 1;
		snprintf(in->bozo_msg, sizeof(in->bozo_msg),
			 *content_type ? "'%s' is not an XML media type" :
					 "no media type%s", content_type);
	}

	tries[nt++] = rfc;
	tries[nt++] = xml;
	tries[nt++] = bom;
	guess = nt;
	tries[nt++] = NULL;	/* charset_guess(), when it comes to that */
	tries[nt++] = "utf-8";
	tries[nt++] = "windows-1252";
	tries[nt++] = "iso-8859-2";
	for (int i = 0; i < nt; i++) {
		int seen = 0;

		/* Only now: the guess reads the whole document (and runs
		 * uchardet on what is not UTF-8), and most documents are
		 * decoded by what they declare. */
		if (i == guess)
			tries[i] = charset_guess(data, len);
		if (!tries[i] || !*tries[i])
			continue;
		for (int j = 0; j < i; j++)
			seen |= tries[j] && !strcmp(tries[j], tries[i]);
		if (seen)
			continue;
		/* All or nothing, so that the next candidate is tried. */
		r = charset_convert(tries[i], data, len, CHARSET_STRICT, out);
		if (r == -2)
			return err_set(e, "document too large");
		if (r == 0) {
			used = tries[i];
			break;
		}
	}
	if (!used) {
		/* Nothing decodes: UTF-8 with replacement characters. */
		in->encoding = "";
		in->bozo = 1;
		snprintf(in->bozo_msg, sizeof(in->bozo_msg),
			 "document encoding unknown, tried '%s' and '%s'", rfc,
			 xml);
		if (utf8_sanitize(out, data, len) < 0)
			return err_set(e, "document too large");
	} else {
		in->encoding = arena_strdup(a, used);
		if (strcmp(used, rfc)) {
			in->bozo = 1;
			snprintf(in->bozo_msg, sizeof(in->bozo_msg),
				 "document declared as '%s', but parsed as "
				 "'%s'", rfc, used);
		}
	}
	skip = skip_xml_decl(out->data + start, out->len - start);
	if (skip) {
		memmove(out->data + start, out->data + start + skip,
			out->len - start - skip);
		buf_truncate(out, out->len - skip);
	}
	return 0;
}

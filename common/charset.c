/*
 * charset.c - conversion to UTF-8 with glibc iconv (for pages and feeds),
 * and encoding sniffing as the HTML standard orders it (BOM, HTTP header,
 * <meta> prescan; then the XML declaration and a Cyrillic frequency
 * guess).  Labels map to encodings by the WHATWG Encoding table, so
 * "latin1" means windows-1252 and a <meta> claiming UTF-16 means UTF-8.
 */
#include "charset.h"
#include "utf8.h"
#include "xalloc.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>

struct charset_label {
	const char *label;
	const char *name;	/* canonical (WHATWG) name, also for iconv */
};

/* WHATWG labels for the encodings met on Central Asian, Russian and
 * international news sites.  iconv accepts every name on the right. */
static const struct charset_label labels[] = {
	{ "utf-8", "UTF-8" }, { "utf8", "UTF-8" },
	{ "unicode-1-1-utf-8", "UTF-8" }, { "unicode11utf8", "UTF-8" },
	{ "unicode20utf8", "UTF-8" }, { "x-unicode20utf8", "UTF-8" },
	{ "windows-1251", "windows-1251" }, { "cp1251", "windows-1251" },
	{ "x-cp1251", "windows-1251" },
	{ "koi8-r", "KOI8-R" }, { "koi8_r", "KOI8-R" }, { "koi8", "KOI8-R" },
	{ "koi", "KOI8-R" }, { "cskoi8r", "KOI8-R" },
	{ "koi8-u", "KOI8-U" }, { "koi8-ru", "KOI8-U" },
	{ "ibm866", "IBM866" }, { "cp866", "IBM866" }, { "866", "IBM866" },
	{ "csibm866", "IBM866" },
	{ "iso-8859-5", "ISO-8859-5" }, { "iso8859-5", "ISO-8859-5" },
	{ "iso88595", "ISO-8859-5" }, { "iso_8859-5", "ISO-8859-5" },
	{ "iso_8859-5:1988", "ISO-8859-5" }, { "cyrillic", "ISO-8859-5" },
	{ "csisolatincyrillic", "ISO-8859-5" }, { "iso-ir-144", "ISO-8859-5" },
	{ "x-mac-cyrillic", "MAC-CYRILLIC" },
	{ "x-mac-ukrainian", "MAC-CYRILLIC" },
	{ "windows-1252", "windows-1252" }, { "cp1252", "windows-1252" },
	{ "x-cp1252", "windows-1252" }, { "iso-8859-1", "windows-1252" },
	{ "iso8859-1", "windows-1252" }, { "iso88591", "windows-1252" },
	{ "iso_8859-1", "windows-1252" }, { "iso_8859-1:1987", "windows-1252" },
	{ "latin1", "windows-1252" }, { "l1", "windows-1252" },
	{ "ascii", "windows-1252" }, { "us-ascii", "windows-1252" },
	{ "ansi_x3.4-1968", "windows-1252" }, { "cp819", "windows-1252" },
	{ "ibm819", "windows-1252" }, { "csisolatin1", "windows-1252" },
	{ "iso-ir-100", "windows-1252" },
	{ "windows-1250", "windows-1250" }, { "cp1250", "windows-1250" },
	{ "windows-1254", "windows-1254" }, { "cp1254", "windows-1254" },
	{ "iso-8859-9", "windows-1254" }, { "latin5", "windows-1254" },
	{ "iso-8859-2", "ISO-8859-2" }, { "latin2", "ISO-8859-2" },
	{ "iso-8859-15", "ISO-8859-15" }, { "latin9", "ISO-8859-15" },
	{ "gbk", "GBK" }, { "gb2312", "GBK" }, { "x-gbk", "GBK" },
	{ "gb18030", "GB18030" }, { "big5", "BIG5" },
	{ "shift_jis", "SHIFT_JIS" }, { "sjis", "SHIFT_JIS" },
	{ "euc-jp", "EUC-JP" }, { "iso-2022-jp", "ISO-2022-JP" },
	{ "euc-kr", "EUC-KR" },
	{ "utf-16le", "UTF-16LE" }, { "utf-16", "UTF-16LE" },
	{ "unicode", "UTF-16LE" }, { "ucs-2", "UTF-16LE" },
	{ "utf-16be", "UTF-16BE" }, { "unicodefffe", "UTF-16BE" },
};

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Is byte i of s (n bytes) white space, or an ASCII letter? */
static int space_at(const char *s, size_t n, size_t i)
{
	return i < n && is_space((unsigned char)s[i]);
}

static int letter_at(const char *s, size_t n, size_t i)
{
	return i < n && lower((unsigned char)s[i]) >= 'a' &&
	       lower((unsigned char)s[i]) <= 'z';
}

/* Case-insensitive: does s (n bytes) start with the lower-case word w? */
static int starts(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; w[i]; i++)
		if (i >= n || lower((unsigned char)s[i]) != w[i])
			return 0;
	return 1;
}

const char *charset_canonical(const char *label, size_t n)
{
	char key[32];
	size_t i, j = 0;

	/* Labels are matched with surrounding whitespace removed. */
	while (n && is_space((unsigned char)*label))
		label++, n--;
	while (n && is_space((unsigned char)label[n - 1]))
		n--;
	if (n == 0 || n >= sizeof(key))
		return NULL;
	for (i = 0; i < n; i++)
		key[j++] = (char)lower((unsigned char)label[i]);
	key[j] = '\0';
	for (i = 0; i < sizeof(labels) / sizeof(*labels); i++)
		if (!strcmp(labels[i].label, key))
			return labels[i].name;
	return NULL;
}

/* The value after "charset" in s (a Content-Type or a meta content
 * attribute), as the HTML standard's "extract a character encoding from a
 * meta element" does it; canonicalised, or NULL. */
static const char *charset_param(const char *s, size_t n)
{
	size_t i = 0, start;

	for (;;) {
		while (i + 7 <= n && !starts(s + i, n - i, "charset"))
			i++;
		if (i + 7 > n)
			return NULL;
		i += 7;
		while (i < n && is_space((unsigned char)s[i]))
			i++;
		if (i < n && s[i] == '=')
			break;
	}
	i++;
	while (i < n && is_space((unsigned char)s[i]))
		i++;
	if (i >= n)
		return NULL;
	if (s[i] == '"' || s[i] == '\'') {
		char q = s[i++];

		start = i;
		while (i < n && s[i] != q)
			i++;
		if (i >= n)
			return NULL;
		return charset_canonical(s + start, i - start);
	}
	start = i;
	while (i < n && s[i] != ';' && !is_space((unsigned char)s[i]))
		i++;
	return charset_canonical(s + start, i - start);
}

const char *charset_from_content_type(const char *content_type)
{
	const char *semi;

	if (!content_type)
		return NULL;
	/* Parameters only: "charset" in the media type itself means nothing. */
	semi = strchr(content_type, ';');
	if (!semi)
		return NULL;
	return charset_param(semi, strlen(semi));
}

/* One attribute of a tag, per the prescan's "get an attribute". */
struct attr {
	char name[16];
	const char *val;
	size_t val_len;
};

/* Read the attribute at *pos; returns 0 at the end of the tag. */
static int get_attr(const char *s, size_t n, size_t *pos, struct attr *a)
{
	size_t i = *pos, len = 0;

	while (i < n && (is_space((unsigned char)s[i]) || s[i] == '/'))
		i++;
	if (i >= n || s[i] == '>')
		return 0;
	a->val = "";
	a->val_len = 0;
	do {
		if (len + 1 < sizeof(a->name))
			a->name[len++] = (char)lower((unsigned char)s[i]);
		i++;
	} while (i < n && s[i] != '=' && s[i] != '/' && s[i] != '>' &&
		 !is_space((unsigned char)s[i]));
	a->name[len] = '\0';
	while (i < n && is_space((unsigned char)s[i]))
		i++;
	if (i < n && s[i] == '=') {
		i++;
		while (i < n && is_space((unsigned char)s[i]))
			i++;
		if (i < n && (s[i] == '"' || s[i] == '\'')) {
			char q = s[i++];

			a->val = s + i;
			while (i < n && s[i] != q)
				i++;
			a->val_len = (size_t)(s + i - a->val);
			if (i < n)
				i++;
		} else if (i < n && s[i] != '>') {
			a->val = s + i;
			while (i < n && s[i] != '>' && !space_at(s, n, i))
				i++;
			a->val_len = (size_t)(s + i - a->val);
		}
	}
	*pos = i;
	return 1;
}

/* A <meta> tag starting at *pos (after "<meta"): its declared encoding or
 * NULL.  *pos moves past the attributes. */
static const char *meta_charset(const char *s, size_t n, size_t *pos)
{
	const char *cs = NULL;
	int got_pragma = 0, need_pragma = -1, seen_cs = 0, seen_he = 0;
	int seen_ct = 0;
	struct attr a;

	while (get_attr(s, n, pos, &a)) {
		if (!strcmp(a.name, "http-equiv") && !seen_he) {
			seen_he = 1;
			if (a.val_len == 12 && starts(a.val, a.val_len,
						      "content-type"))
				got_pragma = 1;
		} else if (!strcmp(a.name, "content") && !seen_ct) {
			seen_ct = 1;
			if (!cs) {
				cs = charset_param(a.val, a.val_len);
				if (cs)
					need_pragma = 1;
			}
		} else if (!strcmp(a.name, "charset") && !seen_cs) {
			seen_cs = 1;
			cs = charset_canonical(a.val, a.val_len);
			need_pragma = 0;
		}
	}
	if (need_pragma == -1 || (need_pragma == 1 && !got_pragma) || !cs)
		return NULL;
	/* A document that could carry this tag in ASCII is not UTF-16. */
	if (!strncmp(cs, "UTF-16", 6))
		return "UTF-8";
	return cs;
}

const char *charset_prescan(const char *s, size_t n)
{
	size_t i = 0;
	struct attr a;

	if (n > CHARSET_PRESCAN_MAX)
		n = CHARSET_PRESCAN_MAX;
	while (i < n) {
		if (s[i] != '<') {
			i++;
			continue;
		}
		if (starts(s + i, n - i, "<!--")) {
			const char *end = memmem(s + i + 2, n - i - 2,
						 "-->", 3);

			if (!end)
				return NULL;
			i = (size_t)(end - s) + 2;	/* at the '>' */
		} else if (starts(s + i, n - i, "<meta") &&
			   (space_at(s, n, i + 5) ||
			    (i + 5 < n && s[i + 5] == '/'))) {
			const char *cs;

			i += 5;
			cs = meta_charset(s, n, &i);
			if (cs)
				return cs;
		} else if (letter_at(s, n, i + 1) ||
			   (i + 1 < n && s[i + 1] == '/' &&
			    letter_at(s, n, i + 2))) {
			/* Any other tag: skip its name and attributes, so a
			 * "<meta" inside an attribute value is not seen. */
			i++;
			while (i < n && !is_space((unsigned char)s[i]) &&
			       s[i] != '>')
				i++;
			while (get_attr(s, n, &i, &a))
				;
		} else if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '/' ||
					 s[i + 1] == '?')) {
			const char *gt = memchr(s + i, '>', n - i);

			if (!gt)
				return NULL;
			i = (size_t)(gt - s);
		}
		i++;
	}
	return NULL;
}

/* encoding="..." of a leading XML declaration, or NULL. */
static const char *xml_decl(const char *s, size_t n)
{
	const char *end, *p;

	if (n > 1024)
		n = 1024;
	if (!starts(s, n, "<?xml"))
		return NULL;
	end = memmem(s, n, "?>", 2);
	if (!end)
		return NULL;
	p = memmem(s, (size_t)(end - s), "encoding", 8);
	if (!p)
		return NULL;
	p += 8;
	while (p < end && (is_space((unsigned char)*p) || *p == '='))
		p++;
	if (p < end && (*p == '"' || *p == '\'')) {
		const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));

		if (q)
			return charset_canonical(p + 1, (size_t)(q - p - 1));
	}
	return NULL;
}

/* ---- the guess ---- */

/* uchardet reads this much of an undeclared document: its statistics
 * settle within a few kilobytes of text, and an 8 MiB body should cost
 * no more than a small one. */
#define GUESS_MAX (256 * 1024)

/*
 * The encoding of a document that declares none: UTF-8 when the bytes
 * are (or nearly are), otherwise uchardet's answer (Mozilla's universal
 * detector, as packaged by freedesktop.org, fuzzed upstream; it replaced
 * a hand-written Cyrillic-only guess), named through the WHATWG label
 * table.  An answer mediamon cannot decode, or none, falls back to
 * windows-1251, the legacy encoding of the region's sites.
 */
const char *charset_guess(const char *data, size_t n)
{
	const char *name, *cs = NULL;
	uchardet_t ud;
	size_t i, bad = 0, multi = 0;
	uint32_t cp;
	int len;

	if (utf8_valid(data, n))
		return "UTF-8";
	/* A few stray bytes in otherwise valid UTF-8 (a truncated body, one
	 * bad paste) do not make it a single-byte page. */
	for (i = 0; i < n; i += len > 0 ? (size_t)len : 1) {
		len = utf8_decode(data + i, n - i, &cp);
		if (len < 0)
			bad++;
		else if (len > 1)
			multi++;
	}
	if (multi > 8 * bad)
		return "UTF-8";
	ud = uchardet_new();
	if (!ud)
		BUG("uchardet_new: out of memory");
	if (n > GUESS_MAX)
		n = GUESS_MAX;
	if (uchardet_handle_data(ud, data, n) == 0) {
		uchardet_data_end(ud);
		name = uchardet_get_charset(ud);
		if (name && *name)
			cs = charset_canonical(name, strlen(name));
	}
	uchardet_delete(ud);
	/* Not UTF-8 (checked above), whatever a short text suggested. */
	if (!cs || !strcmp(cs, "UTF-8"))
		cs = "windows-1251";
	return cs;
}

/* Valid UTF-8 with at least one multi-byte character: text in any
 * legacy encoding practically never is (Cyrillic in windows-1251 or
 * KOI8-R needs a lead byte followed by exactly the right continuation
 * bytes everywhere), while sites that moved to UTF-8 and kept a stale
 * "windows-1251" in a template or server default are common. */
static int utf8_evident(const char *data, size_t n)
{
	size_t i;

	for (i = 0; i < n && !((unsigned char)data[i] & 0x80); i++)
		;
	return i < n && utf8_valid(data + i, n - i);
}

const char *charset_detect(const char *data, size_t n,
			   const char *content_type, enum charset_source *src)
{
	const unsigned char *u = (const unsigned char *)data;
	enum charset_source dummy;
	const char *cs;

	if (!src)
		src = &dummy;
	*src = CHARSET_BOM;
	if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return "UTF-8";
	if (n >= 2 && u[0] == 0xfe && u[1] == 0xff)
		return "UTF-16BE";
	if (n >= 2 && u[0] == 0xff && u[1] == 0xfe)
		return "UTF-16LE";
	*src = CHARSET_HTTP;
	cs = charset_from_content_type(content_type);
	if (!cs) {
		*src = CHARSET_META;
		cs = charset_prescan(data, n);
	}
	if (!cs) {
		*src = CHARSET_XML;
		cs = xml_decl(data, n);
	}
	if (cs) {
		if (strcmp(cs, "UTF-8") && strncmp(cs, "UTF-16", 6) &&
		    utf8_evident(data, n)) {
			*src = CHARSET_VALID_UTF8;
			return "UTF-8";
		}
		return cs;
	}
	*src = CHARSET_GUESS;
	return charset_guess(data, n);
}

/* ---- the conversion ---- */

static int is_utf8_name(const char *enc)
{
	return !strcasecmp(enc, "utf-8") || !strcasecmp(enc, "utf8") ||
	       !strcasecmp(enc, "utf_8") || !strcasecmp(enc, "u8");
}

/* An iconv decoder from enc to UTF-8, or (iconv_t)-1.  Python spells
 * some names with '_' where iconv wants '-' ("iso_8859_1"); "shift_jis"
 * works as written, so the name as given is tried first. */
static iconv_t open_decoder(const char *enc)
{
	char name[64];
	iconv_t cd;
	size_t l = strlen(enc);

	if (l >= sizeof(name))
		return (iconv_t)-1;
	memcpy(name, enc, l + 1);
	cd = iconv_open("UTF-8", name);
	if (cd != (iconv_t)-1)
		return cd;
	for (char *p = name; *p; p++)
		if (*p == '_')
			*p = '-';
	return iconv_open("UTF-8", name);
}

/* Run cd over data into out: 0, -1 at an undefined byte (strict), -2
 * past out's cap.  Lenient, an undefined byte becomes U+FFFD. */
static int run_iconv(iconv_t cd, const char *data, size_t n, int strict,
		     struct buf *out)
{
	char chunk[16384];
	char *in = (char *)data;
	size_t inleft = n;

	while (inleft > 0) {
		char *o = chunk;
		size_t oleft = sizeof(chunk);
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		int err = errno;

		if (buf_add(out, chunk, (size_t)(o - chunk)) < 0)
			return -2;
		if (r != (size_t)-1)
			break;
		if (err == E2BIG)
			continue;
		if (strict)
			return -1;
		if (buf_adds(out, "\xef\xbf\xbd") < 0)
			return -2;
		if (err != EILSEQ)	/* EINVAL: truncated at the end */
			break;
		in++;
		inleft--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	return 0;
}

int charset_convert(const char *enc, const char *data, size_t n,
		    unsigned flags, struct buf *out)
{
	int strict = (flags & CHARSET_STRICT) != 0;
	size_t start = out->len;
	struct buf tmp = BUF_INIT;
	iconv_t cd;
	int ret;

	if (is_utf8_name(enc)) {
		if (!strict)
			ret = utf8_sanitize(out, data, n) < 0 ? -2 : 0;
		else if (!utf8_valid(data, n))
			ret = -1;
		else
			ret = buf_add(out, data, n) < 0 ? -2 : 0;
		goto out;
	}
	if (strict && (!strcasecmp(enc, "us-ascii") ||
		       !strcasecmp(enc, "ascii"))) {
		ret = 0;
		for (size_t i = 0; i < n && !ret; i++)
			if ((unsigned char)data[i] >= 0x80)
				ret = -1;
		if (!ret && buf_add(out, data, n) < 0)
			ret = -2;
		goto out;
	}
	cd = open_decoder(enc);
	if (cd == (iconv_t)-1)
		return -1;
	if (strict) {
		ret = run_iconv(cd, data, n, 1, out);
		/* iconv's output is UTF-8 by construction; checked anyway,
		 * as a feed's bytes decide which encoding is accepted. */
		if (!ret && !utf8_valid(out->data + start, out->len - start))
			ret = -1;
	} else {
		/* Through a scratch buffer: utf8_sanitize() turns the NULs
		 * iconv passes through into U+FFFD. */
		buf_init(&tmp, out->cap);
		ret = run_iconv(cd, data, n, 0, &tmp);
		if (!ret && utf8_sanitize(out, tmp.data, tmp.len) < 0)
			ret = -2;
		buf_release(&tmp);
	}
	iconv_close(cd);
out:
	if (ret < 0)
		buf_truncate(out, start);
	return ret;
}

int charset_to_utf8(const char *data, size_t n, const char *content_type,
		    struct buf *out, char *detected, size_t detected_len,
		    struct err *e)
{
	enum charset_source src;
	const char *cs = charset_detect(data, n, content_type, &src);
	int r;

	if (src == CHARSET_BOM) {
		size_t bom = strcmp(cs, "UTF-8") ? 2 : 3;

		data += bom;
		n -= bom;
	}
	r = charset_convert(cs, data, n, 0, out);
	if (r == -1) {
		cs = "UTF-8";	/* not in this libc: keep the bytes */
		r = charset_convert(cs, data, n, 0, out);
	}
	if (detected && detected_len) {
		size_t l = strlen(cs);

		if (l >= detected_len)
			l = detected_len - 1;
		memcpy(detected, cs, l);
		detected[l] = '\0';
	}
	if (r < 0 && !strcmp(cs, "UTF-8"))
		return err_set(e, "document larger than the limit");
	if (r < 0)
		return err_set(e, "document larger than the limit after "
			       "conversion from '%s'", cs);
	return 0;
}

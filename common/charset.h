/*
 * charset.h - the one conversion of text to UTF-8 (iconv), used by pages
 * and feeds alike, and the pages' decision of their encoding the way
 * browsers make it (BOM, HTTP charset, <meta> prescan, XML declaration,
 * then a guess: UTF-8 or uchardet's answer).  One departure from
 * browsers: a declared legacy encoding loses to evident UTF-8.
 */
#ifndef MM_CHARSET_H
#define MM_CHARSET_H

#include "buf.h"
#include "err.h"

#include <stddef.h>

/* How far into the document <meta charset> is looked for.  The HTML
 * standard says 1024 bytes, but real Kyrgyz and Russian sites put the
 * declaration after long inline scripts; Blink scans on to </head>. */
#define CHARSET_PRESCAN_MAX 8192

/* Where the decision came from (for diagnostics and tests). */
enum charset_source {
	CHARSET_BOM,
	CHARSET_HTTP,
	CHARSET_META,
	CHARSET_XML,
	CHARSET_GUESS,
	CHARSET_VALID_UTF8,	/* declared legacy, but the bytes are UTF-8 */
};

/* How charset_convert() meets a byte the encoding does not define. */
enum charset_flags {
	CHARSET_STRICT = 1 << 0,	/* all or nothing (feeds try the next
					 * candidate encoding) instead of
					 * U+FFFD (pages) */
};

/* Convert n bytes of data from the encoding named enc to UTF-8, appended
 * to out.  enc is any name iconv knows, also in Python's spelling
 * ("iso_8859_5"); UTF-8 and (strict) ASCII are checked, not converted.
 * Without CHARSET_STRICT, undefined bytes and NULs become U+FFFD, so out
 * receives valid UTF-8; with it, any undefined byte fails the whole call.
 * Returns 0; -1 when iconv does not know enc or (strict) a byte does not
 * decode; -2 when out's cap is reached.  On failure out is as it was. */
int charset_convert(const char *enc, const char *data, size_t n,
		    unsigned flags, struct buf *out);

/* Convert n bytes of data to UTF-8, appending to out.  content_type is
 * the HTTP Content-Type header value or NULL.  The canonical name of the
 * encoding used ("UTF-8", "windows-1251", "KOI8-R"...) is copied into
 * detected (when not NULL).  Bytes the encoding does not define become
 * U+FFFD, as do NULs, so out always holds valid UTF-8 without a BOM.
 * Returns 0, or -1 with the cause in e when out's cap is reached. */
int charset_to_utf8(const char *data, size_t n, const char *content_type,
		    struct buf *out, char *detected, size_t detected_len,
		    struct err *e);

/* The same decision without converting: returns the canonical encoding
 * name (static storage) and sets *src when src is not NULL. */
const char *charset_detect(const char *data, size_t n,
			   const char *content_type, enum charset_source *src);

/* Canonical name for an encoding label ("cp1251" -> "windows-1251"), as
 * the WHATWG Encoding standard maps them, or NULL when mediamon cannot
 * decode that encoding.  Static storage. */
const char *charset_canonical(const char *label, size_t n);

/* The charset parameter of a Content-Type value, canonicalised, or NULL. */
const char *charset_from_content_type(const char *content_type);

/* The encoding declared by <meta charset> or <meta http-equiv> in the
 * first CHARSET_PRESCAN_MAX bytes, canonicalised, or NULL. */
const char *charset_prescan(const char *data, size_t n);

/* The guess for an undeclared document: "UTF-8" for ASCII or (nearly)
 * valid UTF-8, otherwise uchardet's answer canonicalised, or
 * "windows-1251" when it has none mediamon can decode. */
const char *charset_guess(const char *data, size_t n);

#endif

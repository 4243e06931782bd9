/*
 * date_int.h - what the date files share among themselves and nobody
 * else: the broken-down date every parser fills, its validation, and the
 * lexical helpers (date.c has the feed formats, date_local.c the Russian
 * and Kyrgyz ones).
 */
#ifndef MM_DATE_INT_H
#define MM_DATE_INT_H

#include <stddef.h>
#include <time.h>

/* A date as written: fields not yet validated; off is seconds east of
 * UTC and only meaningful when has_zone. */
struct dt {
	long y;
	int mo, d, h, mi, s;
	int has_zone;
	long off;
};

/* A token: n bytes at p (not NUL-terminated). */
struct dt_tok {
	const char *p;
	size_t n;
};

/* Validate d (years 1..9999, real days, 24h clock) and compute the UTC
 * instant; a zone-less d is taken at default_off.  0 or -1. */
int dt_finish(const struct dt *d, long default_off, time_t *out);
/* Python int() of s[0..n): blanks around, a sign, digits.  0 or -1. */
int dt_int(const char *s, size_t n, long *out);
/* Split on ASCII whitespace into at most max tokens; the count, or -1
 * when there are more. */
int dt_split_ws(const char *s, size_t n, struct dt_tok *tok, int max);
/* Seconds east of UTC for a lower-case zone name; -1 when unknown. */
int dt_zone_name(const char *s, size_t n, long *off);
/* 1..12 for a lower-case English month name (its first three letters),
 * 0 when it is none. */
int dt_month_en(const char *s, size_t n);
int date_is_leap(long y);
/* Days in month m of year y; 0 for a month outside 1..12. */
int date_month_days(long y, int m);

/* RFC 822 on a lower-case string (also reached by asctime and Perforce
 * dates after reordering). */
int date_parse_rfc822_lc(const char *s, size_t n, long defoff, time_t *out);
/* feedparser's ISO 8601 templates (date_iso.c), on the string as
 * written; 0 or -1 like date_parse(). */
int date_parse_iso8601(const char *s, size_t n, long defoff, time_t *out);
/* Russian and Kyrgyz dates as media sites print them, and the numeric
 * "18.11.2026 10:15", on a lower-case string. */
int date_parse_local(const char *s, size_t n, long defoff, time_t *out);

#endif

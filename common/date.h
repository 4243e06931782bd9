/*
 * date.h - the dates media sites and feeds print: RFC 822 with any zone
 * form, ISO 8601 / W3C-DTF, asctime, and Russian and Kyrgyz month names
 * ("18 ноября 2026", "18 ноя 2026 10:15", "2026-жылдын 18-ноябры").
 * Everything becomes a UTC time_t; output is RFC 3339 UTC.
 */
#ifndef MM_DATE_H
#define MM_DATE_H

#include <time.h>

/* Parse s.  Returns 0 and sets *out (UTC), or -1 when s is not a date or
 * names an impossible one (month 13, Feb 30, hour 25, a malformed zone
 * offset, a year outside 1..9999...).
 * A date without a zone is taken in default_offset_s seconds east of UTC
 * (0 for feeds, +6h for Bishkek when the caller knows the source); so is
 * a date whose zone is an unknown name (feedparser's reading, where any
 * unrecognised name means no offset).  The formats follow feedparser's
 * date handlers (W3C-DTF, RFC 822, ISO 8601, asctime, Perforce; not its
 * Greek, Hungarian and Korean site formats, see date.c) and add the
 * Russian and Kyrgyz ones. */
int date_parse(const char *s, long default_offset_s, time_t *out);
/* Write "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with the NUL) into out. */
void date_format_rfc3339(time_t t, char out[21]);
/* Days since 1970-01-01 of the civil date y-m-d (proleptic Gregorian). */
long date_days_from_civil(long y, unsigned m, unsigned d);

#endif

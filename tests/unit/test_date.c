/*
 * test_date.c - date_parse(): RFC 822 with every zone form, W3C-DTF,
 * asctime, Russian and Kyrgyz media dates, the default offset for
 * zone-less dates, and the impossible dates that must be refused.
 */
#include "harness.h"
#include "common/date.h"

/* The parse of s (with offset off) as RFC 3339, or "none". */
static const char *parsed(const char *s, long off)
{
	static char out[21];
	time_t t;

	if (date_parse(s, off, &t) < 0)
		return "none";
	date_format_rfc3339(t, out);
	return out;
}

static void t_rfc822_zones(void)
{
	CHECK_STREQ(parsed("Wed, 18 Nov 2026 10:15:00 +0600", 0),
		    "2026-11-18T04:15:00Z");
	CHECK_STREQ(parsed("Wed, 18 Nov 2026 10:15:00 -05:00", 0),
		    "2026-11-18T15:15:00Z");
	CHECK_STREQ(parsed("Wed, 18 Nov 2026 10:15:00 GMT", 0),
		    "2026-11-18T10:15:00Z");
	CHECK_STREQ(parsed("Wed, 18 Nov 2026 10:15:00 UT", 0),
		    "2026-11-18T10:15:00Z");
	CHECK_STREQ(parsed("Wed, 18 Nov 2026 10:15:00 Z", 0),
		    "2026-11-18T10:15:00Z");
	CHECK_STREQ(parsed("Wed, 18 Nov 2026 10:15:00 EST", 0),
		    "2026-11-18T15:15:00Z");
	CHECK_STREQ(parsed("Wed, 18 Nov 2026 10:15:00 PDT", 0),
		    "2026-11-18T17:15:00Z");
	CHECK_STREQ(parsed("Wed, 18 Nov 2026 10:15:00 MSK", 0),
		    "2026-11-18T07:15:00Z");
	CHECK_STREQ(parsed("Wed, 18 Nov 2026 10:15:00 GMT+06:00", 0),
		    "2026-11-18T04:15:00Z");
	CHECK_STREQ(parsed("Wed, 18 Nov 2026 10:15:00 Etc/GMT", 0),
		    "2026-11-18T10:15:00Z");
	/* Military letters, as feedparser reads them. */
	CHECK_STREQ(parsed("Wed, 18 Nov 2026 10:15:00 A", 0),
		    "2026-11-18T11:15:00Z");
	/* Two-digit years, no seconds, no day name, swapped fields. */
	CHECK_STREQ(parsed("18 Nov 26 10:15 +0600", 0),
		    "2026-11-18T04:15:00Z");
	CHECK_STREQ(parsed("Thu, 01 Jan 99 00:00:00 GMT", 0),
		    "1999-01-01T00:00:00Z");
	CHECK_STREQ(parsed("Wed Nov 18 2026 10:15:00 +0600", 0),
		    "2026-11-18T04:15:00Z");
	CHECK_STREQ(parsed("Wed,18 Nov 2026 10:15:00 +0000", 0),
		    "2026-11-18T10:15:00Z");
	CHECK_STREQ(parsed("Wed, 18 November 2026 10:15:00 GMT", 0),
		    "2026-11-18T10:15:00Z");
}

static void t_w3dtf(void)
{
	CHECK_STREQ(parsed("2026-11-18T10:15:00+06:00", 0),
		    "2026-11-18T04:15:00Z");
	CHECK_STREQ(parsed("2026-11-18T10:15:00.123Z", 0),
		    "2026-11-18T10:15:00Z");
	CHECK_STREQ(parsed("2026-11-18", 0), "2026-11-18T00:00:00Z");
	CHECK_STREQ(parsed("2026-11", 0), "2026-11-01T00:00:00Z");
	CHECK_STREQ(parsed("2026", 0), "2026-01-01T00:00:00Z");
	CHECK_STREQ(parsed("2026-11-18 10:15:00", 0), "2026-11-18T10:15:00Z");
	CHECK_STREQ(parsed("2024-02-28T23:00:00-02:00", 0),
		    "2024-02-29T01:00:00Z");
	CHECK_STREQ(parsed("20261118T101500Z", 0), "none");
	CHECK_STREQ(parsed("2026-11-18T10:15:00+06", 0),
		    "2026-11-18T04:15:00Z");
}

static void t_asctime_iso(void)
{
	CHECK_STREQ(parsed("Wed Nov 18 10:15:00 2026", 0),
		    "2026-11-18T10:15:00Z");
	CHECK_STREQ(parsed("Wed Nov 18 10:15:00 +0600 2026", 0),
		    "2026-11-18T04:15:00Z");
	CHECK_STREQ(parsed("261118", 0), "2026-11-18T00:00:00Z");
	CHECK_STREQ(parsed("2026-012-31T10:14:55+00:00", 0),
		    "2026-12-31T10:14:55Z");
}

static void t_russian_kyrgyz(void)
{
	CHECK_STREQ(parsed("18 ноября 2026", 0), "2026-11-18T00:00:00Z");
	CHECK_STREQ(parsed("18 ноя 2026 10:15", 0), "2026-11-18T10:15:00Z");
	CHECK_STREQ(parsed("18.11.2026 10:15", 0), "2026-11-18T10:15:00Z");
	CHECK_STREQ(parsed("18.11.2026, 10:15", 0), "2026-11-18T10:15:00Z");
	CHECK_STREQ(parsed("Среда, 18 ноября 2026 г. в 10:15", 0),
		    "2026-11-18T10:15:00Z");
	CHECK_STREQ(parsed("10:15, 18 Ноября 2026", 0),
		    "2026-11-18T10:15:00Z");
	CHECK_STREQ(parsed("1 мая 2026 года", 0), "2026-05-01T00:00:00Z");
	CHECK_STREQ(parsed("18-ноябрь 2026", 0), "2026-11-18T00:00:00Z");
	CHECK_STREQ(parsed("2026-жылдын 18-ноябрында", 0),
		    "2026-11-18T00:00:00Z");
	CHECK_STREQ(parsed("2026-ж. 18-ноябрь, саат 10:15", 0),
		    "2026-11-18T10:15:00Z");
	CHECK_STREQ(parsed("18-бештин айы 2026", 0), "2026-12-18T00:00:00Z");
	CHECK_STREQ(parsed("18 ноября 2026 10:15 МСК", 0),
		    "2026-11-18T07:15:00Z");
	CHECK_STREQ(parsed("18 ноября 2026, 10:15 +06:00", 0),
		    "2026-11-18T04:15:00Z");
	/* Bishkek time when the caller says so. */
	CHECK_STREQ(parsed("18 ноября 2026 10:15", 6 * 3600),
		    "2026-11-18T04:15:00Z");
	CHECK_STREQ(parsed("18.11.2026 10:15", 6 * 3600),
		    "2026-11-18T04:15:00Z");
	/* A stated zone wins over the default. */
	CHECK_STREQ(parsed("2026-11-18T10:15:00Z", 6 * 3600),
		    "2026-11-18T10:15:00Z");
	/* No year, or words that are not ours: not a date. */
	CHECK_STREQ(parsed("18 ноября", 0), "none");
	CHECK_STREQ(parsed("18 ноября 2026 вчера", 0), "none");
	CHECK_STREQ(parsed("Генпрокуратура 2026", 0), "none");
}

static void t_impossible(void)
{
	CHECK_STREQ(parsed("30 февраля 2026", 0), "none");
	CHECK_STREQ(parsed("31.04.2026", 0), "none");
	CHECK_STREQ(parsed("18.13.2026", 0), "none");
	CHECK_STREQ(parsed("Mon, 30 Feb 2026 10:00:00 GMT", 0), "none");
	CHECK_STREQ(parsed("Mon, 29 Feb 2026 10:00:00 GMT", 0), "none");
	CHECK_STREQ(parsed("Tue, 29 Feb 2028 10:00:00 GMT", 0),
		    "2028-02-29T10:00:00Z");
	CHECK_STREQ(parsed("2026-13-01", 0), "none");
	CHECK_STREQ(parsed("2026-11-18T25:00:00Z", 0), "none");
	CHECK_STREQ(parsed("2026-11-18T10:61:00Z", 0), "none");
	CHECK_STREQ(parsed("18.11.2026 24:00", 0), "none");
	CHECK_STREQ(parsed("Sun, 16 Dec 2012 1:2:3:4 GMT", 0), "none");
	CHECK_STREQ(parsed("Sun, 16 Dec 2012 11:47:32 +zz:00", 0), "none");
	CHECK_STREQ(parsed("", 0), "none");
	CHECK_STREQ(parsed("   ", 0), "none");
	CHECK_STREQ(parsed("not a date", 0), "none");
	CHECK(date_parse(NULL, 0, &(time_t){ 0 }) == -1);
}

static void t_helpers(void)
{
	char out[21];

	CHECK_INTEQ(date_days_from_civil(1970, 1, 1), 0);
	CHECK_INTEQ(date_days_from_civil(2000, 3, 1), 11017);
	CHECK_INTEQ(date_days_from_civil(1969, 12, 31), -1);
	date_format_rfc3339((time_t)1794975300, out);
	CHECK_STREQ(out, "2026-11-18T04:15:00Z");
}

TESTS(T(t_rfc822_zones), T(t_w3dtf), T(t_asctime_iso), T(t_russian_kyrgyz),
      T(t_impossible), T(t_helpers))

/*
 * date.c - date_parse(): the feed formats (W3C-DTF, RFC 822, asctime,
 * with feedparser's tolerance rules) tried in turn with its ISO 8601
 * templates (date_iso.c) and Russian and Kyrgyz media dates
 * (date_local.c); dt_finish() validates each into a UTC time_t.
 */
#include "date.h"
#include "date_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAX_DATE_LEN 256

long date_days_from_civil(long y, unsigned m, unsigned d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_format_rfc3339(time_t t, char out[21])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		memcpy(out, "1970-01-01T00:00:00Z", 21);
		return;
	}
	snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ",
		 (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
		 (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
		 (unsigned)tm.tm_sec % 100u);
}

int date_is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_month_days(long y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
				      31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return days[m - 1] + (m == 2 && date_is_leap(y));
}

/*
 * Validate the fields (year 1..9999 as Python's datetime, which
 * feedparser relies on) and compute the instant.  A date without a zone
 * is taken at default_off seconds east of UTC.  The result must itself
 * lie in years 1..9999.
 */
int dt_finish(const struct dt *d, long default_off, time_t *out)
{
	long long days, t, lo, hi;
	long off = d->has_zone ? d->off : default_off;

	if (d->y < 1 || d->y > 9999 || d->mo < 1 || d->mo > 12)
		return -1;
	if (d->d < 1 || d->d > date_month_days(d->y, d->mo))
		return -1;
	if (d->h < 0 || d->h > 23 || d->mi < 0 || d->mi > 59 ||
	    d->s < 0 || d->s > 59)
		return -1;
	days = date_days_from_civil(d->y, (unsigned)d->mo, (unsigned)d->d);
	t = days * 86400 + d->h * 3600LL + d->mi * 60LL + d->s - off;
	lo = date_days_from_civil(1, 1, 1) * 86400LL;
	hi = date_days_from_civil(10000, 1, 1) * 86400LL;
	if (t < lo || t >= hi)
		return -1;
	if ((long long)(time_t)t != t)
		return -1;
	*out = (time_t)t;
	return 0;
}

/* ---- small lexical helpers shared by the parsers ---- */

/* Python int(): optional surrounding blanks, optional sign, digits. */
int dt_int(const char *s, size_t n, long *out)
{
	size_t i = 0;
	long v = 0;
	int neg = 0, digits = 0;

	while (i < n && isspace((unsigned char)s[i]))
		i++;
	while (n > i && isspace((unsigned char)s[n - 1]))
		n--;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	for (; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		if (v > 100000000)
			return -1;
		v = v * 10 + (s[i] - '0');
		digits++;
	}
	if (!digits)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* int(float(s)) for seconds like "55.1234": the fraction is dropped. */
static int dt_int_float(const char *s, size_t n, long *out)
{
	size_t dot;

	for (dot = 0; dot < n && s[dot] != '.'; dot++)
		;
	if (dot == n)
		return dt_int(s, n, out);
	for (size_t i = dot + 1; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return -1;
	if (dot == 0 || (dot == 1 && (s[0] == '+' || s[0] == '-'))) {
		if (dot + 1 == n)
			return -1;
		*out = 0;
		return 0;
	}
	return dt_int(s, dot, out);
}

/* Split s[0..n) on runs of ASCII whitespace (Python str.split()). */
int dt_split_ws(const char *s, size_t n, struct dt_tok *tok, int max)
{
	int k = 0;
	size_t i = 0;

	while (i < n) {
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		if (i == n)
			break;
		if (k == max)
			return -1;
		tok[k].p = s + i;
		while (i < n && !isspace((unsigned char)s[i]))
			i++;
		tok[k].n = (size_t)(s + i - tok[k].p);
		k++;
	}
	return k;
}

static int tok_starts(const struct dt_tok *t, const char *s)
{
	size_t l = strlen(s);

	return t->n >= l && !memcmp(t->p, s, l);
}

/* RFC 822 / military / North American zone names, in hours (the table
 * feedparser uses), and a few that Central Asian sites print. */
static const struct {
	const char *name;
	int hours;
} zone_names[] = {
	{ "ut", 0 }, { "gmt", 0 }, { "z", 0 }, { "utc", 0 },
	{ "adt", -3 }, { "ast", -4 }, { "at", -4 }, { "edt", -4 },
	{ "est", -5 }, { "et", -5 }, { "cdt", -5 }, { "cst", -6 },
	{ "ct", -6 }, { "mdt", -6 }, { "mst", -7 }, { "mt", -7 },
	{ "pdt", -7 }, { "pst", -8 }, { "pt", -8 }, { "a", -1 },
	{ "n", 1 }, { "m", -12 }, { "y", 12 }, { "met", 1 },
	{ "mest", 2 }, { "msk", 3 }, { "kgt", 6 },
};

/* Zone name (lower case) in seconds; -1 when unknown. */
int dt_zone_name(const char *s, size_t n, long *off)
{
	for (size_t i = 0; i < sizeof(zone_names) / sizeof(*zone_names);
	     i++) {
		if (strlen(zone_names[i].name) == n &&
		    !memcmp(zone_names[i].name, s, n)) {
			*off = zone_names[i].hours * 3600L;
			return 0;
		}
	}
	return -1;
}

static const char *const months3[12] = { "jan", "feb", "mar", "apr", "may",
					 "jun", "jul", "aug", "sep", "oct",
					 "nov", "dec" };

/* Month from the first three letters of an English name; 0 if none. */
int dt_month_en(const char *s, size_t n)
{
	if (n < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (!memcmp(s, months3[i], 3))
			return i + 1;
	return 0;
}

/* ---- W3C-DTF (and MSSQL "2004-07-08 23:56:58"), feedparser's rules ---- */

static int parse_w3dtf(const char *s, size_t n, long defoff, time_t *out)
{
	struct dt_tok parts[8], ws[8], date[3], tm[3];
	struct dt d = { 0 };
	const char *p = s;
	int np = 0, nd = 0, nt = 0, z = 0;
	long v, tzh, tzm;
	struct dt_tok tz = { "", 0 };
	size_t i, loc;

	/* Split on 't' (the string is already lower case). */
	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == 't') {
			if (np == 3)
				return -1;
			parts[np].p = p;
			parts[np].n = (size_t)(s + i - p);
			np++;
			p = s + i + 1;
		}
	}
	if (np == 3)
		return -1;
	if (np == 1) {
		int k = dt_split_ws(s, n, ws, 8);

		if (k < 1)
			return -1;
		for (int j = 0; j < k && j < 3; j++)
			parts[j] = ws[j];
		np = k > 3 ? 3 : k;
		if (np == 1) {
			/* A date alone: midnight, and no zone (feedparser
			 * says UTC; the caller's default says the same when
			 * it is 0). */
			parts[1].p = "00:00:00";
			parts[1].n = 8;
			np = 2;
		}
	}
	/* The date: "YYYY[-MM[-DD]]", at most three pieces. */
	p = parts[0].p;
	for (i = 0; i <= parts[0].n; i++) {
		if (i == parts[0].n || (parts[0].p[i] == '-' && nd < 2)) {
			date[nd].p = p;
			date[nd].n = (size_t)(parts[0].p + i - p);
			nd++;
			p = parts[0].p + i + 1;
		}
	}
	if (date[0].n != 4)
		return -1;
	if (dt_int(date[0].p, date[0].n, &v) < 0)
		return -1;
	d.y = v;
	d.mo = 1;
	d.d = 1;
	if (nd > 1) {
		if (dt_int(date[1].p, date[1].n, &v) < 0)
			return -1;
		d.mo = (int)v;
	}
	if (nd > 2) {
		if (dt_int(date[2].p, date[2].n, &v) < 0)
			return -1;
		d.d = (int)v;
	}
	/* The time, with "z" or a numeric zone glued to it. */
	if (parts[1].n && parts[1].p[parts[1].n - 1] == 'z') {
		parts[1].n--;
		z = 1;
	}
	for (loc = 0; loc < parts[1].n && parts[1].p[loc] != '-'; loc++)
		;
	if (loc == parts[1].n)
		for (loc = 0; loc < parts[1].n && parts[1].p[loc] != '+'; loc++)
			;
	if (np > 2) {
		tz = parts[2];
	} else if (z) {
		tz.p = "z";
		tz.n = 1;
	} else {
		tz.p = parts[1].p + loc;
		tz.n = parts[1].n - loc;
	}
	parts[1].n = loc;
	p = parts[1].p;
	for (i = 0; i <= parts[1].n; i++) {
		if (i == parts[1].n || (parts[1].p[i] == ':' && nt < 2)) {
			tm[nt].p = p;
			tm[nt].n = (size_t)(parts[1].p + i - p);
			nt++;
			p = parts[1].p + i + 1;
		}
	}
	for (; nt < 3; nt++) {
		tm[nt].p = "0";
		tm[nt].n = 1;
	}
	if (tz.n && (tz.p[0] == '-' || tz.p[0] == '+')) {
		if (tz.n < 3 || dt_int(tz.p + 1, 2, &tzh) < 0)
			return -1;
		if (tz.n < 5 || dt_int(tz.p + 4, tz.n - 4, &tzm) < 0)
			return -1;
		d.has_zone = 1;
		d.off = (tz.p[0] == '-' ? -1 : 1) * (tzh * 3600 + tzm * 60);
	} else if (tz.n && dt_zone_name(tz.p, tz.n, &v) == 0) {
		d.has_zone = 1;
		d.off = v;
	}
	if (dt_int_float(tm[0].p, tm[0].n, &v) < 0)
		return -1;
	d.h = (int)v;
	if (dt_int_float(tm[1].p, tm[1].n, &v) < 0)
		return -1;
	d.mi = (int)v;
	if (dt_int_float(tm[2].p, tm[2].n, &v) < 0)
		return -1;
	d.s = (int)v;
	return dt_finish(&d, defoff, out);
}

/* The five RFC 822 fields: day, month, year, time, zone (either of the
 * first two may hold the month name). */
static int rfc822_fields(const struct dt_tok *parts, long defoff,
			 time_t *out)
{
	struct dt_tok tp[4];
	struct dt d = { 0 };
	int nt = 0, month;
	long v;
	const char *p;
	char zone[32];
	size_t zn = 0;

	month = parts[1].n >= 3 ? dt_month_en(parts[1].p, 3) : 0;
	if (dt_int(parts[0].p, parts[0].n, &v) == 0) {
		d.d = (int)v;
	} else if (dt_month_en(parts[0].p, parts[0].n)) {
		if (dt_int(parts[1].p, parts[1].n, &v) < 0)
			return -1;
		d.d = (int)v;
		month = dt_month_en(parts[0].p, parts[0].n);
	} else {
		return -1;
	}
	if (!month)
		return -1;
	d.mo = month;
	if (dt_int(parts[2].p, parts[2].n, &v) < 0)
		return -1;
	if (parts[2].n <= 2)
		v += v < 90 ? 2000 : 1900;
	d.y = v;
	p = parts[3].p;
	for (size_t j = 0; j <= parts[3].n; j++) {
		if (j == parts[3].n || parts[3].p[j] == ':') {
			if (nt == 3)
				return -1;
			tp[nt].p = p;
			tp[nt].n = (size_t)(parts[3].p + j - p);
			nt++;
			p = parts[3].p + j + 1;
		}
	}
	for (; nt < 3; nt++) {
		tp[nt].p = "0";
		tp[nt].n = 1;
	}
	if (dt_int(tp[0].p, tp[0].n, &v) < 0)
		return -1;
	d.h = (int)v;
	if (dt_int(tp[1].p, tp[1].n, &v) < 0)
		return -1;
	d.mi = (int)v;
	if (dt_int(tp[2].p, tp[2].n, &v) < 0)
		return -1;
	d.s = (int)v;

	/* The zone: "etc/" dropped, "gmt-05:00" made "-0500". */
	p = parts[4].p;
	if (parts[4].n >= sizeof(zone))
		return -1;
	if (tok_starts(&parts[4], "etc/"))
		p += 4;
	for (; p < parts[4].p + parts[4].n; p++)
		zone[zn++] = *p;
	zone[zn] = '\0';
	if (zn >= 3 && !memcmp(zone, "gmt", 3)) {
		size_t o = 0;

		for (size_t j = 3; j < zn; j++)
			if (zone[j] != ':')
				zone[o++] = zone[j];
		if (o == 0)
			memcpy(zone, "gmt", 4), o = 3;
		zone[o] = '\0';
		zn = o;
	}
	if (zn && (zone[0] == '+' || zone[0] == '-')) {
		long h, m;
		const char *colon = memchr(zone, ':', zn);

		if (zn < 2 || dt_int(zone + 1, zn < 3 ? 1 : 2, &h) < 0)
			return -1;
		if (colon) {
			if (zn < 5 || dt_int(zone + 4, zn - 4, &m) < 0)
				return -1;
		} else {
			if (zn < 4 || dt_int(zone + 3, zn - 3, &m) < 0)
				return -1;
		}
		d.has_zone = 1;
		d.off = (zone[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
	} else if (zn && dt_zone_name(zone, zn, &v) == 0) {
		d.has_zone = 1;
		d.off = v;
	}
	return dt_finish(&d, defoff, out);
}

/* ---- RFC 822 with feedparser's tolerance (swapped day and month,
 * two-digit years, missing time, long month names, odd zones) ---- */

int date_parse_rfc822_lc(const char *s, size_t n, long defoff, time_t *out)
{
	static const char *const days[] = { "mon", "tue", "wed", "thu", "fri",
					    "sat", "sun" };
	struct dt_tok parts[16];
	int k, i, off = 0;

	k = dt_split_ws(s, n, parts, 14);
	if (k < 0)
		return -1;
	if (k < 5) {
		parts[k].p = "00:00:00";
		parts[k++].n = 8;
		parts[k].p = "";	/* no zone */
		parts[k++].n = 0;
	}
	for (i = 0; i < 7; i++)
		if (parts[0].n >= 3 && !memcmp(parts[0].p, days[i], 3))
			break;
	if (i < 7) {
		const char *c = memrchr(parts[0].p, ',', parts[0].n);
		const char *e = parts[0].p + parts[0].n;

		if (c && c != e - 1) {
			/* "Fri,24 Nov 2023": the day is glued on. */
			parts[0].p = c + 1;
			parts[0].n = (size_t)(e - c - 1);
		} else {
			off = 1;
		}
	}
	if (k - off < 5)
		return -1;
	return rfc822_fields(parts + off, defoff, out);
}

/* asctime: "Sun Jan  4 16:29:06 2004", optionally with a zone before the
 * year; reassembled into RFC 822 order. */
static int parse_asctime(const char *s, size_t n, long defoff, time_t *out)
{
	struct dt_tok t[8];
	char re[MAX_DATE_LEN + 16];
	int k = dt_split_ws(s, n, t, 7), len;

	if (k == 5) {
		/* No zone: an unknown name stands for none. */
		len = snprintf(re, sizeof(re),
			       "%.*s %.*s %.*s %.*s %.*s nozone",
			       (int)t[0].n, t[0].p, (int)t[2].n, t[2].p,
			       (int)t[1].n, t[1].p, (int)t[4].n, t[4].p,
			       (int)t[3].n, t[3].p);
	} else if (k == 6) {
		len = snprintf(re, sizeof(re), "%.*s %.*s %.*s %.*s %.*s %.*s",
			       (int)t[0].n, t[0].p, (int)t[2].n, t[2].p,
			       (int)t[1].n, t[1].p, (int)t[5].n, t[5].p,
			       (int)t[3].n, t[3].p, (int)t[4].n, t[4].p);
	} else {
		return -1;
	}
	if (len < 0 || (size_t)len >= sizeof(re))
		return -1;
	return date_parse_rfc822_lc(re, (size_t)len, defoff, out);
}

/* Perforce: "Fri, 2006/09/15 08:19:53 EDT". */
static int parse_perforce(const char *s, size_t n, long defoff, time_t *out)
{
	const char *c = memchr(s, ',', n);
	long y, m, d;
	char re[MAX_DATE_LEN + 16];
	size_t i, a, b;
	int len;

	if (!c || c - s > 3 || (size_t)(c - s) + 2 > n || c[1] != ' ')
		return -1;
	i = (size_t)(c - s) + 2;
	a = i;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	if (i == a || i - a > 4 || i >= n || s[i] != '/' ||
	    dt_int(s + a, i - a, &y) < 0)
		return -1;
	b = ++i;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	if (i == b || i - b > 2 || i >= n || s[i] != '/' ||
	    dt_int(s + b, i - b, &m) < 0 || m < 1 || m > 12)
		return -1;
	if (i + 3 > n || !isdigit((unsigned char)s[i + 1]) ||
	    !isdigit((unsigned char)s[i + 2]) ||
	    dt_int(s + i + 1, 2, &d) < 0)
		return -1;
	i += 3;
	if (i >= n || s[i] != ' ')
		return -1;
	len = snprintf(re, sizeof(re), "%.*s, %ld %s %ld %.*s", (int)(c - s),
		       s, d, months3[m - 1], y, (int)(n - i - 1), s + i + 1);
	if (len < 0 || (size_t)len >= sizeof(re))
		return -1;
	return date_parse_rfc822_lc(re, (size_t)len, defoff, out);
}

int date_parse(const char *s, long default_offset_s, time_t *out)
{
	char lc[MAX_DATE_LEN + 1];
	size_t n, b = 0, i;

	if (!s)
		return -1;
	n = strlen(s);
	while (b < n && isspace((unsigned char)s[b]))
		b++;
	while (n > b && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == b || n - b > MAX_DATE_LEN)
		return -1;
	s += b;
	n -= b;
	for (i = 0; i < n; i++)
		lc[i] = (char)tolower((unsigned char)s[i]);
	lc[n] = '\0';
	if (parse_w3dtf(lc, n, default_offset_s, out) == 0)
		return 0;
	if (date_parse_rfc822_lc(lc, n, default_offset_s, out) == 0)
		return 0;
	/* feedparser also reads the Greek, Hungarian and Korean (Nate,
	 * OnBlog) formats of a few sites of the 2000s.  No news site or
	 * Telegram channel of the region (Kyrgyzstan, Kazakhstan,
	 * Uzbekistan, Ukraine) prints them, so they are not read here; the
	 * local formats that do occur are date_local.c's. */
	if (date_parse_local(lc, n, default_offset_s, out) == 0)
		return 0;
	if (date_parse_iso8601(s, n, default_offset_s, out) == 0)
		return 0;
	if (parse_asctime(lc, n, default_offset_s, out) == 0)
		return 0;
	return parse_perforce(lc, n, default_offset_s, out);
}

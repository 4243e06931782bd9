/*
 * date_more.c - the rarer date formats feedparser knows: its ISO 8601
 * templates ("031231", "2003-335", Google's "2003-012-31"), and the
 * Greek, Hungarian and Korean (Nate, OnBlog) site formats.
 */
#include "date_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MAX_DATE_LEN 256

static const char *const en_months[12] = { "jan", "feb", "mar", "apr",
					   "may", "jun", "jul", "aug",
					   "sep", "oct", "nov", "dec" };

static int tok_eq(const struct dt_tok *t, const char *s)
{
	return t->n == strlen(s) && !memcmp(t->p, s, t->n);
}

/* ---- ISO 8601 templates (feedparser's list, but the whole string must
 * match, and the forms that depend on today's date are left out) ---- */

struct iso {
	const char *s, *end;
	long year, month, day, ordinal;
	int year2, have_month, have_day, have_ordinal;
};

static int digits(const char *s, const char *end, int n, long *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s + i >= end || !isdigit((unsigned char)s[i]))
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

/* Match template t at s; "Y" 4-digit year, "y" 2-digit year, "M" month
 * [01]d, "m" optional month, "D" day [0123]d, "O" ordinal [0123]dd, "?"
 * optional hyphen, "-" and "0" literal.  Returns the end or NULL. */
static const char *iso_date(const char *t, const char *s, struct iso *r)
{
	long v;

	for (; *t; t++) {
		switch (*t) {
		case 'Y':
			if (!digits(s, r->end, 4, &v))
				return NULL;
			r->year = v;
			s += 4;
			break;
		case 'y':
			if (!digits(s, r->end, 2, &v))
				return NULL;
			r->year = v;
			r->year2 = 1;
			s += 2;
			break;
		case 'M':
		case 'm':
			if (s < r->end && (*s == '0' || *s == '1') &&
			    digits(s, r->end, 2, &v)) {
				r->month = v;
				r->have_month = 1;
				s += 2;
			} else if (*t == 'M') {
				return NULL;
			}
			break;
		case 'D':
			if (s >= r->end || *s < '0' || *s > '3' ||
			    !digits(s, r->end, 2, &v))
				return NULL;
			r->day = v;
			r->have_day = 1;
			s += 2;
			break;
		case 'O':
			if (s >= r->end || *s < '0' || *s > '3' ||
			    !digits(s, r->end, 3, &v))
				return NULL;
			r->ordinal = v;
			r->have_ordinal = 1;
			s += 3;
			break;
		case '?':
			if (s < r->end && *s == '-')
				s++;
			break;
		default:
			if (s >= r->end || *s != *t)
				return NULL;
			s++;
			break;
		}
	}
	return s;
}

int date_parse_iso8601(const char *s, size_t n, long defoff, time_t *out)
{
	/* "YY?OOO" needs its hyphen here: five bare digits are more often
	 * a number than a year and a day of the year. */
	static const char *const tmpl[] = { "Y?M?D", "Y-0m?D", "Y-M", "Y?O",
					    "y?M?D", "y-O", "Y", "-y?M" };
	const char *end = s + n;

	for (size_t i = 0; i < sizeof(tmpl) / sizeof(*tmpl); i++) {
		struct iso r = { .s = s, .end = end };
		struct dt d = { 0 };
		const char *p = iso_date(tmpl[i], s, &r);
		long v, th = 0, tm = 0;

		if (!p)
			continue;
		if (p < end) {
			if (*p == 't' || *p == 'T')
				p++;
			if (!digits(p, end, 2, &v) || p + 2 >= end ||
			    p[2] != ':')
				continue;
			d.h = (int)v;
			p += 3;
			if (!digits(p, end, 2, &v))
				continue;
			d.mi = (int)v;
			p += 2;
			if (p < end && *p == ':') {
				if (!digits(p + 1, end, 2, &v))
					continue;
				d.s = (int)v;
				p += 3;
			}
			if (p < end && *p == '.') {
				p++;
				if (p >= end || !isdigit((unsigned char)*p))
					continue;
				while (p < end && isdigit((unsigned char)*p))
					p++;
			}
			if (p < end && (*p == 'z' || *p == 'Z')) {
				d.has_zone = 1;
				p++;
			} else if (p < end && (*p == '+' || *p == '-')) {
				int sign = *p == '-' ? -1 : 1;

				if (!digits(p + 1, end, 2, &th))
					continue;
				p += 3;
				if (p < end && *p == ':') {
					if (!digits(p + 1, end, 2, &tm))
						continue;
					p += 3;
				}
				d.has_zone = 1;
				d.off = sign * (th * 3600 + tm * 60);
			}
			if (p != end)
				continue;
		}
		if (r.year2)
			r.year += 2000;
		d.y = r.year;
		if (r.have_ordinal) {
			time_t base;

			if (r.ordinal < 1 ||
			    r.ordinal > 365 + date_is_leap(r.year))
				return -1;
			d.mo = 1;
			d.d = 1;
			if (dt_finish(&d, defoff, &base) < 0)
				return -1;
			*out = base + (r.ordinal - 1) * 86400;
			return 0;
		}
		d.mo = r.have_month ? (int)r.month : 1;
		d.d = r.have_day ? (int)r.day : 1;
		return dt_finish(&d, defoff, out);
	}
	return -1;
}

/* ---- the 8-bit families feedparser knows (Korean, Greek, Hungarian);
 * tried before ISO 8601, whose prefix match would take them wrongly ---- */

static const struct {
	const char *name;
	int month;
} greek_months[] = {
	{ "Ιαν", 1 }, { "Φεβ", 2 }, { "Μάώ", 3 }, { "Μαώ", 3 },
	{ "Απρ", 4 }, { "Μάι", 5 }, { "Μαϊ", 5 }, { "Μαι", 5 },
	{ "Ιούν", 6 }, { "Ιον", 6 }, { "Ιούλ", 7 }, { "Ιολ", 7 },
	{ "Αύγ", 8 }, { "Αυγ", 8 }, { "Σεπ", 9 }, { "Οκτ", 10 },
	{ "Νοέ", 11 }, { "Νοε", 11 }, { "Δεκ", 12 },
};

static const char *const greek_wdays[] = { "Κυρ", "Δευ", "Τρι", "Τετ",
					   "Πεμ", "Παρ", "Σαβ" };

/* "Κυρ, 11 Ιούλ 2004 12:00:00 EST" (on the original, not lower case). */
int date_parse_greek(const char *s, size_t n, long defoff, time_t *out)
{
	struct dt_tok t[8];
	const char *c = memchr(s, ',', n);
	char re[MAX_DATE_LEN + 16];
	int k, month = 0, ok = 0, len;
	size_t i;

	if (!c || c == s)
		return -1;
	for (i = 0; i < 7; i++)
		if ((size_t)(c - s) == strlen(greek_wdays[i]) &&
		    !memcmp(s, greek_wdays[i], (size_t)(c - s)))
			ok = 1;
	if (!ok)
		return -1;
	k = dt_split_ws(c + 1, (size_t)(s + n - c - 1), t, 8);
	if (k < 5 || t[0].n != 2 || t[2].n != 4 || t[3].n != 8)
		return -1;
	for (i = 0; i < sizeof(greek_months) / sizeof(*greek_months); i++)
		if (t[1].n == strlen(greek_months[i].name) &&
		    !memcmp(t[1].p, greek_months[i].name, t[1].n))
			month = greek_months[i].month;
	if (!month)
		return -1;
	len = snprintf(re, sizeof(re), "%.*s %s %.*s %.*s %.*s", (int)t[0].n,
		       t[0].p, en_months[month - 1], (int)t[2].n, t[2].p,
		       (int)t[3].n, t[3].p, (int)t[4].n, t[4].p);
	if (len < 0 || (size_t)len >= sizeof(re))
		return -1;
	for (int j = 0; j < len; j++)
		re[j] = (char)tolower((unsigned char)re[j]);
	return date_parse_rfc822_lc(re, (size_t)len, defoff, out);
}

static const char *const hu_months[12] = {
	"január", "februári", "március", "április", "máujus", "június",
	"július", "augusztus", "szeptember", "október", "november", "december",
};

/* "2004-július-13T9:15-05:00" */
int date_parse_hungarian(const char *s, size_t n, long defoff, time_t *out)
{
	const char *end = s + n, *p = s, *m, *q;
	struct dt d = { 0 };
	long v, h, mi;
	int month = 0;

	if (n < 5 || !digits(s, end, 4, &v) || s[4] != '-')
		return -1;
	d.y = v;
	m = s + 5;
	q = memchr(m, '-', (size_t)(end - m));
	if (!q)
		return -1;
	for (int i = 0; i < 12; i++)
		if ((size_t)(q - m) == strlen(hu_months[i]) &&
		    !memcmp(m, hu_months[i], (size_t)(q - m)))
			month = i + 1;
	if (!month)
		return -1;
	d.mo = month;
	p = q + 1;
	for (q = p; q < end && isdigit((unsigned char)*q) && q - p < 2; q++)
		;
	if (q >= end || *q != 't' || dt_int(p, (size_t)(q - p), &v) < 0)
		return -1;
	d.d = (int)v;
	p = q + 1;
	for (q = p; q < end && isdigit((unsigned char)*q) && q - p < 2; q++)
		;
	if (q >= end || *q != ':' || dt_int(p, (size_t)(q - p), &v) < 0)
		return -1;
	d.h = (int)v;
	if (!digits(q + 1, end, 2, &v))
		return -1;
	d.mi = (int)v;
	p = q + 3;
	if (p >= end || (*p != '+' && *p != '-'))
		return -1;
	q = memchr(p, ':', (size_t)(end - p));
	if (!q || q - p - 1 > 2 || end - q != 3 ||
	    dt_int(p + 1, (size_t)(q - p - 1), &h) < 0 ||
	    !digits(q + 1, end, 2, &mi))
		return -1;
	d.has_zone = 1;
	d.off = (*p == '-' ? -1 : 1) * (h * 3600 + mi * 60);
	return dt_finish(&d, defoff, out);
}

/* "h:m:s" or "h:m" with 1-2 digit fields into d. */
int dt_hms(const char *s, size_t n, struct dt *d)
{
	long f[3] = { 0, 0, 0 };
	int k = 0;
	size_t i = 0;

	while (k < 3) {
		size_t a = i;

		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		if (i == a || i - a > 2 || dt_int(s + a, i - a, &f[k]) < 0)
			return -1;
		k++;
		if (i == n)
			break;
		if (s[i] != ':' || k == 3)
			return -1;
		i++;
	}
	if (k < 2)
		return -1;
	d->h = (int)f[0];
	d->mi = (int)f[1];
	d->s = (int)f[2];
	return 0;
}

/* Korean: "2004-05-25 오후 11:23:17" (Nate) and
 * "2004년 05월 28일  01:31:15" (OnBlog), both in Korean time. */
int date_parse_korean(const char *s, size_t n, long defoff, time_t *out)
{
	struct dt_tok t[8];
	struct dt d = { .has_zone = 1, .off = 9 * 3600 };
	int k = dt_split_ws(s, n, t, 8);
	long v;

	if (k == 3 && t[0].n == 10 && (tok_eq(&t[1], "오전") ||
				       tok_eq(&t[1], "오후"))) {
		const char *p = t[0].p, *e = p + 10;

		if (!digits(p, e, 4, &v) || p[4] != '-')
			return -1;
		d.y = v;
		if (!digits(p + 5, e, 2, &v) || p[7] != '-')
			return -1;
		d.mo = (int)v;
		if (!digits(p + 8, e, 2, &v))
			return -1;
		d.d = (int)v;
		if (dt_hms(t[2].p, t[2].n, &d) < 0)
			return -1;
		if (tok_eq(&t[1], "오후"))
			d.h += 12;
		return dt_finish(&d, defoff, out);
	}
	if (k == 4 && t[0].n == 7 && !memcmp(t[0].p + 4, "년", 3) &&
	    t[1].n == 5 && !memcmp(t[1].p + 2, "월", 3) &&
	    t[2].n == 5 && !memcmp(t[2].p + 2, "일", 3)) {
		if (!digits(t[0].p, t[0].p + 4, 4, &v))
			return -1;
		d.y = v;
		if (!digits(t[1].p, t[1].p + 2, 2, &v))
			return -1;
		d.mo = (int)v;
		if (!digits(t[2].p, t[2].p + 2, 2, &v))
			return -1;
		d.d = (int)v;
		if (dt_hms(t[3].p, t[3].n, &d) < 0)
			return -1;
		return dt_finish(&d, defoff, out);
	}
	return -1;
}


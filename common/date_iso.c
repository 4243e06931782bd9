/*
 * date_iso.c - feedparser's ISO 8601 templates ("031231", "2003-335",
 * Google's "2003-012-31"), the rarer forms W3C-DTF does not cover.
 */
#include "date_int.h"

#include <ctype.h>
#include <string.h>

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


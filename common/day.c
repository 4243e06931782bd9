/*
 * day.c - calendar days typed by users: two spellings, strict checking,
 * and day arithmetic through days since the epoch.
 */
#include "day.h"
#include "date.h"
#include "date_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Exactly n digits at s, as a number; -1 otherwise. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int day_parse(const char *s, struct day *out)
{
	struct day d;

	if (strlen(s) != 10)
		return -1;
	if (s[4] == '-' && s[7] == '-') {
		d.y = digits(s, 4);
		d.m = digits(s + 5, 2);
		d.d = digits(s + 8, 2);
	} else if (s[2] == '.' && s[5] == '.') {
		d.d = digits(s, 2);
		d.m = digits(s + 3, 2);
		d.y = digits(s + 6, 4);
	} else {
		return -1;
	}
	if (d.y < 1000 || d.m < 1 || d.m > 12 || d.d < 1 ||
	    d.d > date_month_days(d.y, d.m))
		return -1;
	*out = d;
	return 0;
}

void day_format(const struct day *d, char out[11])
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d->y % 10000u,
		 (unsigned)d->m % 100u, (unsigned)d->d % 100u);
}

struct day day_add(struct day d, long n)
{
	long z = date_days_from_civil(d.y, (unsigned)d.m, (unsigned)d.d) + n;
	struct day r;
	long era, doe, yoe, doy, mp;

	/* civil_from_days (H. Hinnant's algorithm, public domain) */
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

void day_localtime(const char *tz, time_t t, struct tm *out)
{
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	/* localtime_r in the office's zone: the process has no other use
	 * for TZ, and it is put back at once. */
	setenv("TZ", tz && *tz ? tz : "UTC", 1);
	tzset();
	localtime_r(&t, out);
	if (old) {
		setenv("TZ", old, 1);
		free(old);
	} else {
		unsetenv("TZ");
	}
	tzset();
}

struct day day_today(const char *tz)
{
	struct tm tm;
	struct day d;

	day_localtime(tz, time(NULL), &tm);
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	return d;
}

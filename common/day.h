/*
 * day.h - calendar days as people type them ("2026-11-18", and
 * "18.11.2026" as Russian readers write dates) and the arithmetic the
 * digest and the trends need (the day before, a week back).  A day has no
 * time zone: the database cuts it in the configured one.
 */
#ifndef MM_DAY_H
#define MM_DAY_H

#include <time.h>

struct day {
	int y, m, d;
};

/* Read YYYY-MM-DD or DD.MM.YYYY (years 1000..9999); 0, or -1 when s is
 * not such a date or names an impossible one (31.02.2026). */
int day_parse(const char *s, struct day *out);
/* Write "YYYY-MM-DD" (11 bytes with the NUL). */
void day_format(const struct day *d, char out[11]);
/* The day n days after d (n may be negative). */
struct day day_add(struct day d, long n);
/* The broken-down time of t in the time zone tz (an IANA name). */
void day_localtime(const char *tz, time_t t, struct tm *out);
/* Today in the time zone tz (an IANA name such as "Asia/Bishkek"). */
struct day day_today(const char *tz);

#endif

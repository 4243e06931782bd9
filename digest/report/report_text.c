/*
 * report_text.c - small text helpers of the analysts' outputs: columns
 * of terminal tables and numbers with a decimal as each language writes
 * them.
 */
#include "report_int.h"
#include "common/utf8.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void report_pad(struct buf *out, const char *s, int width)
{
	size_t n = strlen(s);
	int w = 0;

	while (*s && w < width) {
		uint32_t cp;
		int len = utf8_decode(s, n, &cp);

		if (len < 0) {
			buf_adds(out, "\xef\xbf\xbd");
			len = 1;
		} else if (cp < 0x20 || cp == 0x7f) {
			buf_addch(out, ' ');
		} else {
			buf_add(out, s, (size_t)len);
		}
		s += len;
		n -= (size_t)len;
		w++;
	}
	while (w++ < width)
		buf_addch(out, ' ');
}

void report_num1(struct buf *out, const char *lang, double v, int pct)
{
	char num[64];
	int en = lang && !strcmp(lang, "en");

	if (!isfinite(v))
		v = 0;
	snprintf(num, sizeof(num), "%.1f", v);
	if (!en) {
		char *dot = strchr(num, '.');

		if (dot)
			*dot = ',';
	}
	buf_adds(out, num);
	if (pct)
		buf_adds(out, en ? "%" : "\xc2\xa0%");
}

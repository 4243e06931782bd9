/*
 * csv.c - CSV cells, quoted and neutralised.
 */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

/* A plain number ("-27", "+3.5") is data, not a formula. */
static int is_number(const char *s)
{
	char *end;

	if (!*s)
		return 0;
	strtod(s, &end);
	return *end == '\0';
}

void csv_cell(struct buf *out, const char *s, int first)
{
	int formula;

	if (!first)
		buf_addch(out, ',');
	if (!s)
		return;
	formula = strchr("=+-@\t\r", *s) && *s && !is_number(s);
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		buf_adds(out, s);
		return;
	}
	buf_addch(out, '"');
	if (formula)
		buf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addch(out, '"');
		buf_addch(out, *s);
	}
	buf_addch(out, '"');
}

void csv_end(struct buf *out)
{
	buf_adds(out, "\r\n");
}

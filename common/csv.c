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

void csv_reader_init(struct csv_reader *r, const char *data, size_t n)
{
	r->p = data;
	r->end = data + n;
	r->line = 1;
	r->sep = ',';
	if (n >= 3 && !memcmp(data, CSV_BOM, 3))
		r->p += 3;
}

/* Append one finished field to the record being read. */
static void add_field(struct arena *a, struct buf *f, char ***fields,
		      int *n, int *alloc)
{
	if (*n == *alloc) {
		char **grown;

		*alloc = *alloc ? *alloc * 2 : 16;
		grown = arena_alloc(a, (size_t)*alloc * sizeof(*grown));
		if (*n)
			memcpy(grown, *fields, (size_t)*n * sizeof(*grown));
		*fields = grown;
	}
	(*fields)[(*n)++] = arena_strndup(a, f->data, f->len);
	buf_reset(f);
}

int csv_read(struct csv_reader *r, struct arena *a, char ***fields, int *n,
	     long *line, struct err *e)
{
	struct buf f = BUF_INIT;
	int alloc = 0, ret = 1;

	*fields = NULL;
	*n = 0;
	*line = r->line;
	if (r->p >= r->end)
		return 0;
	for (;;) {
		if (r->p < r->end && *r->p == '"') {
			/* a quoted field, up to its closing quote */
			long start = r->line;

			r->p++;
			for (;;) {
				if (r->p >= r->end) {
					ret = err_set(e, "a quote opened on "
						      "line %ld is never "
						      "closed", start);
					goto out;
				}
				if (*r->p == '"' && r->p + 1 < r->end &&
				    r->p[1] == '"') {
					buf_addch(&f, '"');
					r->p += 2;
					continue;
				}
				if (*r->p == '"')
					break;
				if (*r->p == '\n')
					r->line++;
				buf_addch(&f, *r->p++);
			}
			r->p++;
			if (r->p < r->end && *r->p != r->sep &&
			    *r->p != '\n' &&
			    !(*r->p == '\r' && r->p + 1 < r->end &&
			      r->p[1] == '\n')) {
				ret = err_set(e, "text after the closing "
					      "quote of field %d", *n + 1);
				goto out;
			}
		} else {
			while (r->p < r->end && *r->p != r->sep &&
			       *r->p != '\n' &&
			       !(*r->p == '\r' && r->p + 1 < r->end &&
				 r->p[1] == '\n'))
				buf_addch(&f, *r->p++);
		}
		add_field(a, &f, fields, n, &alloc);
		if (r->p < r->end && *r->p == r->sep) {
			r->p++;
			continue;
		}
		/* the end of the line, or of the data */
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end) {
			r->p++;
			r->line++;
		}
		break;
	}
out:
	buf_release(&f);
	return ret;
}

char csv_guess_sep(const char *s, size_t n)
{
	int comma = 0, semi = 0, tab = 0, quoted = 0;

	for (size_t i = 0; i < n && s[i] != '\n'; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == ',')
			comma++;
		else if (!quoted && s[i] == ';')
			semi++;
		else if (!quoted && s[i] == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma)
		return '\t';
	return ',';
}

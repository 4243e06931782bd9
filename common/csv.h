/*
 * csv.h - the one CSV writer: RFC 4180 (comma, CRLF, fields quoted when
 * they hold a comma, quote or line break), an optional UTF-8 byte order
 * mark for spreadsheet programs, and OWASP's rule against formula
 * injection: a text cell starting with = + - @ TAB or CR gets a leading
 * apostrophe, so a title like =HYPERLINK(...) is shown, never run.  And
 * the one reader, for files people bring (site statistics exports): RFC
 * 4180 with the leniency of the programs that write them.
 */
#ifndef MM_CSV_H
#define MM_CSV_H

#include "arena.h"
#include "buf.h"
#include "err.h"

#include <stddef.h>

/* The UTF-8 byte order mark, for --bom. */
#define CSV_BOM "\xef\xbb\xbf"

/* Append one cell (NULL is empty); sep is written before it unless it is
 * the first cell of the row. */
void csv_cell(struct buf *out, const char *s, int first);
/* End the row. */
void csv_end(struct buf *out);

/* ---- reader ---- */

struct csv_reader {
	const char *p, *end;
	long line;	/* the line the next record starts on, from 1 */
	char sep;	/* ',' unless the caller sets another */
};

/* Read data[0..n) (borrowed; it must outlive the reader).  A UTF-8 byte
 * order mark at the start is skipped. */
void csv_reader_init(struct csv_reader *r, const char *data, size_t n);
/* Read one record: *fields gets its *n fields, NUL-terminated strings in
 * a, and *line the line it starts on.  Lines end in LF or CRLF; a quoted
 * field may hold separators, doubled quotes and line breaks; a quote
 * inside an unquoted field is taken as it is (as spreadsheet programs
 * write them).  An empty line is a record of one empty field.  Returns
 * 1 for a record, 0 at the end, -1 with the cause in e (a quote never
 * closed, text after a closing quote). */
int csv_read(struct csv_reader *r, struct arena *a, char ***fields, int *n,
	     long *line, struct err *e);
/* The separator a header line uses: ';' or TAB when it has more of them
 * than commas outside quotes (spreadsheets in Russian locales write ';'),
 * else ','. */
char csv_guess_sep(const char *s, size_t n);

#endif

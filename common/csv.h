/*
 * csv.h - the one CSV writer: RFC 4180 (comma, CRLF, fields quoted when
 * they hold a comma, quote or line break), an optional UTF-8 byte order
 * mark for spreadsheet programs, and OWASP's rule against formula
 * injection: a text cell starting with = + - @ TAB or CR gets a leading
 * apostrophe, so a title like =HYPERLINK(...) is shown, never run.
 */
#ifndef MM_CSV_H
#define MM_CSV_H

#include "buf.h"

/* The UTF-8 byte order mark, for --bom. */
#define CSV_BOM "\xef\xbb\xbf"

/* Append one cell (NULL is empty); sep is written before it unless it is
 * the first cell of the row. */
void csv_cell(struct buf *out, const char *s, int first);
/* End the row. */
void csv_end(struct buf *out);

#endif

/*
 * cases_list.h - the cases as people read them: one query with the
 * history of each case, and its forms (JSON: the contract of "mediamon
 * cases list" and /api/cases; CSV; a table).
 */
#ifndef MM_CASES_LIST_H
#define MM_CASES_LIST_H

#include "common/buf.h"
#include "common/db.h"

/* Which cases: NULL fields do not filter.  office limits to one regional
 * office (its code), for a regional account's view. */
struct cases_filter {
	const char *status, *department, *office, *id;
};

/* The cases matching f, columns as cases_list.c documents.  NULL with
 * the cause in e. */
PGresult *cases_query(struct db *db, const struct cases_filter *f,
		      struct err *e);
/* The case board of f's unit (f->department, f->office; NULL: all): per
 * column (0 new or sent, 1 in review, 2 closed or rejected) its newest
 * per_column cases.  Columns: 0 id, 1 status, 2 category, 3 region,
 * 4 department and 5 regional office (their names), 6 title, 7 column,
 * 8 the column's count.  NULL with the cause in e. */
PGresult *cases_board(struct db *db, const struct cases_filter *f,
		      int per_column, struct err *e);
/* How many of f's unit's cases are open; -1 with the cause in e. */
long cases_open_count(struct db *db, const struct cases_filter *f,
		      struct err *e);
void cases_json(PGresult *r, struct buf *out);
void cases_csv(PGresult *r, struct buf *out);
void cases_table(PGresult *r, struct buf *out);

#endif

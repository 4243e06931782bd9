/*
 * db.h - the PostgreSQL connection.  Every SQL value goes through
 * parameters (PQexecParams); no value is ever spliced into SQL text.
 * With no connection configured, an embedded cluster under var/ is
 * initialised and started (see db_embedded.c).
 */
#ifndef MM_DB_H
#define MM_DB_H

#include "err.h"

#include <libpq-fe.h>

struct db {
	PGconn *conn;
	int embedded;	/* mediamon's own cluster under var/ */
	/* statements prepared on this connection (db_prep.c), by the
	 * address of their SQL text */
	const char **prep;
	size_t n_prep, alloc_prep;
};

/* Connect with conninfo, else the PG* variables, else the embedded
 * cluster.  NULL with the cause in e. */
struct db *db_open(const char *conninfo, struct err *e);
void db_close(struct db *db);
/* Run sql with n text parameters (NULL entries are SQL NULL).  Returns the
 * result (caller PQclear()s) or NULL with the server's message in e. */
PGresult *db_query(struct db *db, const char *sql, int n,
		   const char *const *params, struct err *e);
/* As db_query for statements whose rows are not needed. */
int db_exec(struct db *db, const char *sql, int n, const char *const *params,
	    struct err *e);
/*
 * As db_query and db_exec, for a statement run again and again (the
 * crawler's per-article writes): sql must be a string literal (static
 * storage, never changing), which is prepared once per connection, on
 * first use, and then only executed, so the server parses and plans it
 * once (db_prep.c).
 */
PGresult *db_query_prep(struct db *db, const char *sql, int n,
			const char *const *params, struct err *e);
int db_exec_prep(struct db *db, const char *sql, int n,
		 const char *const *params, struct err *e);

/* One statement of a batch: a string literal as for db_query_prep, and
 * its parameters (borrowed until db_exec_batch returns). */
struct db_batch_item {
	const char *sql;
	int n;
	const char *const *params;
};
/*
 * Run items[0..n) in one transaction, sent together in libpq's pipeline
 * mode (one round trip, one commit for the lot) and in the given order.
 * 0 when all committed; -1 with the first failure in e after the whole
 * batch was rolled back (none of it stored).
 */
int db_exec_batch(struct db *db, const struct db_batch_item *items,
		  size_t n, struct err *e);
/*
 * Reads sent together: items[0..n) go to the server at once in libpq's
 * pipeline mode and run there one after another while the caller reads
 * the first results, so a page made of many reads keeps both the server
 * and the page's maker at work.  Take each result, in order, with
 * db_reads_next() (the caller PQclear()s it; NULL with the cause in e),
 * then always db_reads_end().  In the caller's transaction if one is
 * open, else in one of their own.
 */
int db_reads_send(struct db *db, const struct db_batch_item *items,
		  size_t n, struct err *e);
PGresult *db_reads_next(struct db *db, struct err *e);
/* As db_reads_next, taking in meanwhile what the server sends on other
 * (reads sent on a second connection, or NULL): a reader that waited on
 * one connection alone would leave the other's server process stopped
 * once its socket is full. */
PGresult *db_reads_next_beside(struct db *db, struct db *other,
			       struct err *e);
void db_reads_end(struct db *db);

/* Forget the prepared statements (db_close does). */
void db_prep_release(struct db *db);

int db_begin(struct db *db, struct err *e);
/* Begin on to a read-only transaction that sees exactly what from's open
 * repeatable-read transaction sees (PostgreSQL's exported snapshots), so
 * that reads split over two connections run at once and agree.  0, or
 * -1 with the cause in e (to is then outside any transaction). */
int db_share_snapshot(struct db *from, struct db *to, struct err *e);
int db_commit(struct db *db, struct err *e);
/* Roll back, ignoring errors: used on the failure path. */
void db_rollback(struct db *db);
/* Apply sql/NNN_*.sql not yet applied; *applied counts them. */
int db_migrate(struct db *db, const char *sql_dir, int *applied,
	       struct err *e);
/* -1 with a message saying to run "db migrate" when the database lacks
 * migrations this program ships; 0 when it is up to date. */
int db_check_schema(struct db *db, struct err *e);
/* Highest applied migration version, 0 for none, -1 on error. */
int db_schema_version(struct db *db, struct err *e);

#endif

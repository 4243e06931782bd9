/*
 * db.c - connecting to PostgreSQL, parameterised queries, migrations.
 * The embedded cluster (no connection configured) lives in
 * db_embedded.c; this file only decides when to use it.
 */
#include "db.h"
#include "buf.h"
#include "db_embedded.h"
#include "paths.h"
#include "fileio.h"
#include "log.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seconds to establish a connection, and the default for any one
 * statement (MEDIAMON_STATEMENT_TIMEOUT): far beyond any query of a
 * daily run, short enough that a stuck one ends the stage the same
 * morning. */
#define DB_CONNECT_TIMEOUT 10
#define DB_STATEMENT_TIMEOUT 600

/* Any of these means the user has said where the database is. */
static int pg_env_set(void)
{
	static const char *const vars[] = { "PGHOST", "PGDATABASE",
					    "PGSERVICE", "PGPORT" };

	for (size_t i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return 1;
	}
	return 0;
}

static void notice_quiet(void *arg, const char *msg)
{
	(void)arg;
	log_msg(LOG_DEBUG, "postgres", "%s", msg);
}

/* Seconds from the environment variable name, or dflt when it is unset
 * or not a positive number. */
static long env_seconds(const char *name, long dflt)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (!v || !*v)
		return dflt;
	n = strtol(v, &end, 10);
	return *end || n <= 0 ? dflt : n;
}

/* "'mediamon' on /run/postgresql:5432": which database a message is
 * about (static buffer; one message at a time). */
static const char *where(const PGconn *conn)
{
	static char w[300];
	const char *db = PQdb(conn), *host = PQhost(conn),
		   *port = PQport(conn);

	snprintf(w, sizeof(w), "database '%s' on %s%s%s",
		 db && *db ? db : "?", host && *host ? host : "localhost",
		 port && *port ? ":" : "", port ? port : "");
	return w;
}

/*
 * Connect so that nothing waits forever: a server that accepts and says
 * nothing fails after DB_CONNECT_TIMEOUT seconds (unless the connection
 * string or PGCONNECT_TIMEOUT says otherwise), and a TCP peer that
 * vanishes is noticed by keepalives within about a minute.  The
 * caller's conninfo comes last, so what it sets wins.
 */
static PGconn *connect_with_timeouts(const char *conninfo)
{
	const char *keys[8], *vals[8];
	char ct[24];
	int n = 0;

	snprintf(ct, sizeof(ct), "%d", DB_CONNECT_TIMEOUT);
	if (!getenv("PGCONNECT_TIMEOUT")) {
		keys[n] = "connect_timeout";
		vals[n++] = ct;
	}
	keys[n] = "keepalives_idle";
	vals[n++] = "30";
	keys[n] = "keepalives_interval";
	vals[n++] = "10";
	keys[n] = "keepalives_count";
	vals[n++] = "3";
	if (*conninfo) {
		keys[n] = "dbname";
		vals[n++] = conninfo;
	}
	keys[n] = NULL;
	vals[n] = NULL;
	return PQconnectdbParams(keys, vals, 1);
}

struct db *db_open(const char *conninfo, struct err *e)
{
	struct db *db;
	PGconn *conn;
	char *embedded = NULL;
	int is_embedded = 0;

	if (!conninfo || !*conninfo) {
		if (pg_env_set()) {
			conninfo = "";
		} else {
			embedded = db_embedded_start(e);
			if (!embedded)
				return NULL;
			conninfo = embedded;
			is_embedded = 1;
		}
	}
	conn = connect_with_timeouts(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		char *msg = xstrdup(PQerrorMessage(conn));

		msg[strcspn(msg, "\n")] = '\0';
		err_set(e, "%s: %s", where(conn), msg);
		free(msg);
		PQfinish(conn);
		free(embedded);
		return NULL;
	}
	free(embedded);
	PQsetNoticeProcessor(conn, notice_quiet, NULL);
	db = xcalloc(1, sizeof(*db));
	db->conn = conn;
	db->embedded = is_embedded;
	/* Timestamps are exchanged in UTC; days are cut in SQL with the
	 * configured zone where a view needs it.  No statement may wait
	 * forever (a lock held by a stuck session, a server gone into
	 * swap): after MEDIAMON_STATEMENT_TIMEOUT seconds it fails, and
	 * the stage says so. */
	{
		char st[64];
		const char *p[1] = { st };

		snprintf(st, sizeof(st), "%lds", env_seconds(
				 "MEDIAMON_STATEMENT_TIMEOUT",
				 DB_STATEMENT_TIMEOUT));
		if (db_exec(db, "SET TIME ZONE 'UTC'", 0, NULL, e) < 0 ||
		    db_exec(db, "SELECT set_config('statement_timeout', $1, "
				"false)", 1, p, e) < 0) {
			db_close(db);
			return NULL;
		}
	}
	if (is_embedded) {
		int applied = 0;

		if (db_migrate(db, NULL, &applied, e) < 0) {
			db_close(db);
			return NULL;
		}
		if (applied)
			log_msg(LOG_INFO, NULL, "applied %d migration(s) to "
				"the embedded database", applied);
	}
	return db;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	PQfinish(db->conn);
	db_prep_release(db);
	free(db);
}

static void set_pg_error(struct db *db, PGresult *r, struct err *e)
{
	const char *msg = r ? PQresultErrorMessage(r) : "";
	char line[400];

	if (!*msg)
		msg = PQerrorMessage(db->conn);
	snprintf(line, sizeof(line), "%s", msg);
	line[strcspn(line, "\n")] = '\0';
	if (PQstatus(db->conn) != CONNECTION_OK)
		err_set(e, "lost the connection to %s: %s", where(db->conn),
			line);
	else
		err_set(e, "%s", line);
}

PGresult *db_query(struct db *db, const char *sql, int n,
		   const char *const *params, struct err *e)
{
	PGresult *r = PQexecParams(db->conn, sql, n, NULL, params, NULL, NULL,
				   0);
	ExecStatusType st = PQresultStatus(r);

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;
	set_pg_error(db, r, e);
	PQclear(r);
	return NULL;
}

int db_exec(struct db *db, const char *sql, int n, const char *const *params,
	    struct err *e)
{
	PGresult *r = db_query(db, sql, n, params, e);

	if (!r)
		return -1;
	PQclear(r);
	return 0;
}

int db_begin(struct db *db, struct err *e)
{
	return db_exec(db, "BEGIN", 0, NULL, e);
}

int db_share_snapshot(struct db *from, struct db *to, struct err *e)
{
	char sql[128];
	const char *id;
	PGresult *r;
	int ret = -1;

	if (PQtransactionStatus(from->conn) != PQTRANS_INTRANS)
		return err_set(e, "no transaction to share the snapshot of");
	r = db_query(from, "SELECT pg_export_snapshot()", 0, NULL, e);
	if (!r)
		return -1;
	id = PQgetvalue(r, 0, 0);
	/* SET TRANSACTION SNAPSHOT takes no parameter: the identifier,
	 * which the server made ("00000003-0000001B-1"), is spliced in
	 * after checking it is only that */
	if (!*id || strspn(id, "0123456789ABCDEF-") != strlen(id) ||
	    strlen(id) > 64) {
		err_set(e, "the server exported an unexpected snapshot '%.64s'",
			id);
		goto out;
	}
	snprintf(sql, sizeof(sql), "SET TRANSACTION SNAPSHOT '%s'", id);
	if (db_exec(to, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0,
		    NULL, e) < 0)
		goto out;
	if (db_exec(to, sql, 0, NULL, e) < 0) {
		db_rollback(to);
		goto out;
	}
	ret = 0;
out:
	PQclear(r);
	return ret;
}

int db_commit(struct db *db, struct err *e)
{
	return db_exec(db, "COMMIT", 0, NULL, e);
}

void db_rollback(struct db *db)
{
	PQclear(PQexec(db->conn, "ROLLBACK"));
}

/* ---- migrations ---- */

/* Serialises concurrent migrators; an arbitrary constant ("mmig"). */
#define MIGRATE_LOCK "1835886951"

static int migration_version(const char *name)
{
	if (strlen(name) < 5 || name[0] < '0' || name[0] > '9' ||
	    name[1] < '0' || name[1] > '9' || name[2] < '0' || name[2] > '9' ||
	    name[3] != '_')
		return -1;
	if (strcmp(name + strlen(name) - 4, ".sql"))
		return -1;
	return atoi(name);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of sql/NNN_*.sql in order; caller frees each and the array. */
static char **list_migrations(const char *dir, size_t *n, struct err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t alloc = 0;

	*n = 0;
	if (!d) {
		err_set(e, "cannot open migrations directory '%s'", dir);
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		if (migration_version(de->d_name) < 0)
			continue;
		ALLOC_GROW(names, *n + 1, alloc);
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_str);
	return names;
}

static int apply_one(struct db *db, const char *dir, const char *name,
		     struct err *e)
{
	struct buf path = BUF_INIT, sql = BUF_INIT;
	char version[16];
	const char *params[2] = { version, name };
	PGresult *r;
	int ret = -1;

	snprintf(version, sizeof(version), "%d", migration_version(name));
	buf_addf(&path, "%s/%s", dir, name);
	if (file_read(path.data, &sql, e) < 0)
		goto out;
	if (db_begin(db, e) < 0)
		goto out;
	/* A migration file is trusted SQL shipped with the program: it runs
	 * as a script, several statements in one PQexec. */
	r = PQexec(db->conn, sql.data);
	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK) {
		char msg[sizeof(e->msg)];

		set_pg_error(db, r, e);
		snprintf(msg, sizeof(msg), "%s", e->msg);
		err_set(e, "migration '%s' failed: %s", name, msg);
		PQclear(r);
		db_rollback(db);
		goto out;
	}
	PQclear(r);
	if (db_exec(db, "INSERT INTO schema_migrations (version, name) "
			"VALUES ($1, $2)", 2, params, e) < 0 ||
	    db_commit(db, e) < 0) {
		db_rollback(db);
		goto out;
	}
	ret = 0;
out:
	buf_release(&path);
	buf_release(&sql);
	return ret;
}

int db_migrate(struct db *db, const char *sql_dir, int *applied,
	       struct err *e)
{
	struct buf dir = BUF_INIT;
	char **names = NULL;
	size_t n = 0;
	PGresult *done = NULL;
	int ret = -1;

	*applied = 0;
	if (sql_dir)
		buf_adds(&dir, sql_dir);
	else
		buf_addf(&dir, "%s/sql", mm_datadir());
	if (db_exec(db, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")", 0, NULL,
		    e) < 0)
		goto out;
	if (db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			"version integer PRIMARY KEY, name text NOT NULL, "
			"applied_at timestamptz NOT NULL DEFAULT now())",
		    0, NULL, e) < 0)
		goto unlock;
	/* every migration not applied yet, whatever its number: branches
	 * of the team land in any order */
	done = db_query(db, "SELECT version FROM schema_migrations", 0, NULL,
			e);
	if (!done)
		goto unlock;
	names = list_migrations(dir.data, &n, e);
	if (!names && n == 0 && e->msg[0])
		goto unlock;
	for (size_t i = 0; i < n; i++) {
		int v = migration_version(names[i]), seen = 0;

		for (int k = 0; k < PQntuples(done) && !seen; k++)
			seen = atoi(PQgetvalue(done, k, 0)) == v;
		if (seen)
			continue;
		if (apply_one(db, dir.data, names[i], e) < 0)
			goto unlock;
		log_msg(LOG_INFO, NULL, "applied migration '%s'", names[i]);
		(*applied)++;
	}
	ret = 0;
unlock:
	{
		struct err ignored;

		db_exec(db, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")", 0,
			NULL, &ignored);
	}
out:
	PQclear(done);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	buf_release(&dir);
	return ret;
}

int db_check_schema(struct db *db, struct err *e)
{
	struct buf dir = BUF_INIT, list = BUF_INIT;
	char **names;
	size_t n = 0;
	const char *p[1];
	PGresult *r;
	int have;

	buf_addf(&dir, "%s/sql", mm_datadir());
	names = list_migrations(dir.data, &n, e);
	buf_release(&dir);
	buf_addch(&list, '{');
	for (size_t i = 0; i < n; i++) {
		buf_addf(&list, "%s%d", i ? "," : "",
			 migration_version(names[i]));
		free(names[i]);
	}
	buf_addch(&list, '}');
	free(names);
	p[0] = list.data;
	r = db_query(db, "SELECT count(*) FROM schema_migrations"
		     " WHERE version = ANY ($1::int[])", 1, p, e);
	buf_release(&list);
	if (!r)
		return err_set(e, "the database has no mediamon schema: run "
			       "'mediamon db migrate'");
	have = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	if ((size_t)have < n)
		return err_set(e, "the database lacks %zu of this mediamon's "
			       "%zu migrations: run 'mediamon db migrate'",
			       n - (size_t)have, n);
	return 0;
}

int db_schema_version(struct db *db, struct err *e)
{
	PGresult *r = db_query(db, "SELECT coalesce(max(version), 0) FROM "
				   "schema_migrations", 0, NULL, e);
	int v;

	if (!r) {
		/* No migrations table yet: nothing applied. */
		if (strstr(e->msg, "does not exist"))
			return 0;
		return -1;
	}
	v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

/* ---- prepared statements and pipelined batches ---- */

/* The name of the statement whose SQL text lives at sql, preparing it
 * on this connection first when it is new ("mm" and its index).  NULL
 * with the server's message in e. */
static const char *prepared(struct db *db, const char *sql, int n,
			    char name[24], struct err *e)
{
	PGresult *r;
	size_t i;

	for (i = 0; i < db->n_prep; i++)
		if (db->prep[i] == sql)
			break;
	snprintf(name, 24, "mm%zu", i);
	if (i < db->n_prep)
		return name;
	r = PQprepare(db->conn, name, sql, n, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		set_pg_error(db, r, e);
		PQclear(r);
		return NULL;
	}
	PQclear(r);
	ALLOC_GROW(db->prep, db->n_prep + 1, db->alloc_prep);
	db->prep[db->n_prep++] = sql;
	return name;
}

PGresult *db_query_prep(struct db *db, const char *sql, int n,
			const char *const *params, struct err *e)
{
	char name[24];
	PGresult *r;
	ExecStatusType st;

	if (!prepared(db, sql, n, name, e))
		return NULL;
	r = PQexecPrepared(db->conn, name, n, params, NULL, NULL, 0);
	st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;
	set_pg_error(db, r, e);
	PQclear(r);
	return NULL;
}

int db_exec_prep(struct db *db, const char *sql, int n,
		 const char *const *params, struct err *e)
{
	PGresult *r = db_query_prep(db, sql, n, params, e);

	if (!r)
		return -1;
	PQclear(r);
	return 0;
}

/* Read the results of a pipeline up to and including its sync point;
 * the first failure goes to e.  0 when every statement succeeded. */
static int drain_pipeline(struct db *db, struct err *e)
{
	int failed = 0;

	for (;;) {
		PGresult *r = PQgetResult(db->conn);
		ExecStatusType st;

		if (!r) {
			/* end of one statement's results */
			if (PQstatus(db->conn) != CONNECTION_OK) {
				if (!failed)
					set_pg_error(db, NULL, e);
				return -1;
			}
			continue;
		}
		st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			return failed ? -1 : 0;
		}
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			if (!failed && st != PGRES_PIPELINE_ABORTED)
				set_pg_error(db, r, e);
			else if (!failed)
				err_set(e, "batch aborted");
			failed = 1;
		}
		PQclear(r);
	}
}

/* Out of pipeline mode, or, when libpq cannot leave it (a result left
 * unread on a connection gone bad), the connection closed: every later
 * statement on it would fail, and its owner opens a new one for a closed
 * connection. */
static void leave_pipeline(struct db *db)
{
	if (PQexitPipelineMode(db->conn))
		return;
	PQfinish(db->conn);
	db->conn = NULL;
	db_prep_release(db);
}

/* Prepare what is new of items[0..n) first, outside the pipeline (a
 * statement that cannot be prepared fails here, with nothing sent), then
 * enter pipeline mode.  0, or -1 with the cause in e. */
static int pipeline_begin(struct db *db, const struct db_batch_item *items,
			  size_t n, struct err *e)
{
	char name[24];

	for (size_t i = 0; i < n; i++)
		if (!prepared(db, items[i].sql, items[i].n, name, e))
			return -1;
	if (!PQenterPipelineMode(db->conn)) {
		set_pg_error(db, NULL, e);
		return -1;
	}
	return 0;
}

/* Queue items[0..n), prepared by pipeline_begin.  0 when all queued.
 * With each_result, the server is asked to send each statement's result
 * as soon as it has it: it otherwise keeps the end of a result back
 * until its buffer fills or the sync point, and a reader who could work
 * on the first result while the server runs the others waits for all. */
static int pipeline_queue(struct db *db, const struct db_batch_item *items,
			  size_t n, int each_result)
{
	char name[24];
	struct err ignored;

	for (size_t i = 0; i < n; i++) {
		prepared(db, items[i].sql, items[i].n, name, &ignored);
		if (!PQsendQueryPrepared(db->conn, name, items[i].n,
					 items[i].params, NULL, NULL, 0) ||
		    (each_result && !PQsendFlushRequest(db->conn)))
			return -1;
	}
	return 0;
}

/* A pipeline that could not be sent whole: what was queued goes with a
 * sync point of its own and is read away, and the pipeline is left. */
static void pipeline_abandon(struct db *db)
{
	if (PQpipelineSync(db->conn))
		drain_pipeline(db, &(struct err){ 0 });
	leave_pipeline(db);
}

int db_exec_batch(struct db *db, const struct db_batch_item *items,
		  size_t n, struct err *e)
{
	int ret;

	if (!n)
		return 0;
	if (pipeline_begin(db, items, n, e) < 0)
		return -1;
	if (!PQsendQueryParams(db->conn, "BEGIN", 0, NULL, NULL, NULL, NULL,
			       0) || pipeline_queue(db, items, n, 0) < 0 ||
	    !PQsendQueryParams(db->conn, "COMMIT", 0, NULL, NULL, NULL, NULL,
			       0) || !PQpipelineSync(db->conn)) {
		set_pg_error(db, NULL, e);
		/* Whatever was queued is dropped with the pipeline:
		 * nothing was committed. */
		pipeline_abandon(db);
		if (PQstatus(db->conn) == CONNECTION_OK)
			db_rollback(db);
		return -1;
	}
	ret = drain_pipeline(db, e);
	leave_pipeline(db);
	if (ret < 0 && PQstatus(db->conn) == CONNECTION_OK)
		db_rollback(db);	/* the failed transaction block */
	return ret;
}

int db_reads_send(struct db *db, const struct db_batch_item *items,
		  size_t n, struct err *e)
{
	if (pipeline_begin(db, items, n, e) < 0)
		return -1;
	if (pipeline_queue(db, items, n, 1) == 0 && PQpipelineSync(db->conn))
		return 0;
	set_pg_error(db, NULL, e);
	pipeline_abandon(db);
	return -1;
}

PGresult *db_reads_next(struct db *db, struct err *e)
{
	PGresult *r = PQgetResult(db->conn), *end;

	if (!r) {
		set_pg_error(db, NULL, e);
		return NULL;
	}
	/* each statement's results end with a NULL */
	while ((end = PQgetResult(db->conn)))
		PQclear(end);
	switch (PQresultStatus(r)) {
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK:
		return r;
	case PGRES_PIPELINE_ABORTED:
		err_set(e, "an earlier read of the batch failed");
		break;
	default:
		set_pg_error(db, r, e);
	}
	PQclear(r);
	return NULL;
}

PGresult *db_reads_next_beside(struct db *db, struct db *other,
			       struct err *e)
{
	/* libpq waits on one socket; here both are watched and whatever
	 * arrives is taken into libpq's buffers until db's result is whole.
	 * Not over TLS or GSS encryption: bytes the library has decrypted
	 * but not yet handed over leave the socket silent, and only libpq's
	 * own wait knows of them. */
	if (other && (PQsslInUse(db->conn) || PQsslInUse(other->conn) ||
		      PQgssEncInUse(db->conn) || PQgssEncInUse(other->conn)))
		other = NULL;
	while (other && PQisBusy(db->conn)) {
		struct pollfd fds[2] = {
			{ PQsocket(db->conn), POLLIN, 0 },
			{ PQsocket(other->conn), POLLIN, 0 },
		};

		if (fds[0].fd < 0 || fds[1].fd < 0)
			break;
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if ((fds[1].revents && !PQconsumeInput(other->conn)) ||
		    (fds[0].revents && !PQconsumeInput(db->conn)))
			break;	/* the failure is db_reads_next's to say */
	}
	return db_reads_next(db, e);
}

void db_reads_end(struct db *db)
{
	if (PQpipelineStatus(db->conn) == PQ_PIPELINE_OFF)
		return;
	if (PQstatus(db->conn) == CONNECTION_OK)
		drain_pipeline(db, &(struct err){ 0 });
	leave_pipeline(db);
}

void db_prep_release(struct db *db)
{
	free(db->prep);
	db->prep = NULL;
	db->n_prep = db->alloc_prep = 0;
}

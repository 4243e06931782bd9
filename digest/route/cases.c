/*
 * cases.c - routing violations into cases and the case workflow.  One
 * transaction under an advisory lock per routing run, so two analyzers
 * routing at once cannot open one case twice; a unique index on (story,
 * category) backs that up.  Units are synchronised from routing.yaml
 * first, the way sources are from sources.yaml.
 */
#include "cases.h"
#include "common/buf.h"
#include "common/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "mediamon.cases", as a number, for pg_advisory_xact_lock */
#define CASES_LOCK "7236110928372413"

static const char *const status_names[CASE_STATUS_N] = {
	"new", "sent", "in_review", "closed", "rejected",
};

int case_status_parse(const char *name)
{
	for (int i = 0; i < CASE_STATUS_N; i++)
		if (name && !strcmp(name, status_names[i]))
			return i;
	return -1;
}

const char *case_status_name(enum case_status s)
{
	return s < CASE_STATUS_N ? status_names[s] : "?";
}

/* ---- synchronising the units ---- */

static int sync_unit(struct db *db, const char *sql, const struct route_unit *u,
		     struct err *e)
{
	const char *p[3] = { u->id, u->name, u->email };

	return db_exec(db, sql, 3, p, e);
}

static int sync_units(struct db *db, const struct routing *rt,
		      struct err *e)
{
	if (db_exec(db, "UPDATE departments SET active = false", 0, NULL, e) <
		    0 ||
	    db_exec(db, "UPDATE regional_offices SET active = false", 0, NULL,
		    e) < 0 ||
	    db_exec(db, "DELETE FROM department_categories", 0, NULL, e) < 0 ||
	    db_exec(db, "DELETE FROM regional_office_regions", 0, NULL, e) < 0)
		return -1;
	for (size_t i = 0; i < rt->n_departments; i++) {
		const struct route_unit *d = &rt->departments[i];

		if (sync_unit(db, "INSERT INTO departments (code, name, email)"
			      " VALUES ($1, $2, $3) ON CONFLICT (code) DO UPDATE"
			      " SET name = $2, email = $3, active = true",
			      d, e) < 0)
			return -1;
		for (size_t k = 0; k < d->n_items; k++) {
			const char *p[2] = { d->items[k], d->id };

			if (db_exec(db, "INSERT INTO department_categories"
				    " (category, department_id) SELECT $1, id"
				    " FROM departments WHERE code = $2", 2, p,
				    e) < 0)
				return -1;
		}
	}
	for (size_t i = 0; i < rt->n_offices; i++) {
		const struct route_unit *o = &rt->offices[i];

		if (sync_unit(db, "INSERT INTO regional_offices (code, name,"
			      " email) VALUES ($1, $2, $3) ON CONFLICT (code)"
			      " DO UPDATE SET name = $2, email = $3,"
			      " active = true", o, e) < 0)
			return -1;
		for (size_t k = 0; k < o->n_items; k++) {
			const char *p[2] = { o->items[k], o->id };

			if (db_exec(db, "INSERT INTO regional_office_regions"
				    " (region, office_id) SELECT $1, id FROM"
				    " regional_offices WHERE code = $2", 2, p,
				    e) < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- routing ---- */

static const char pending_sql[] =
	"SELECT v.id, v.category, v.stage, coalesce(v.country, ''),"
	"       coalesce(v.region, ''), v.article_id, x.story_id,"
	"       coalesce(a.title, ''),"
	"       coalesce((SELECT value FROM settings WHERE key = 'country'),"
	"                'kg')"
	"  FROM violations v"
	"  JOIN articles a ON a.id = v.article_id"
	"  JOIN sources s ON s.id = a.source_id"
	"  LEFT JOIN article_stories x ON x.article_id = v.article_id"
	" WHERE v.case_id IS NULL AND v.route_note IS NULL AND NOT s.own"
	" ORDER BY v.id";

static const char find_case_sql[] =
	"SELECT id FROM cases WHERE story_id = $1 AND category = $2";

static const char open_case_sql[] =
	"INSERT INTO cases (category, region, department_id,"
	"                   regional_office_id, status, title, story_id,"
	"                   article_id, stage)"
	" SELECT $1, nullif($2, ''),"
	"        (SELECT id FROM departments WHERE code = $3),"
	"        (SELECT id FROM regional_offices WHERE code = $4),"
	"        'new', nullif($5, ''), $6, $7, $8"
	" RETURNING id";

static const char history_sql[] =
	"INSERT INTO case_history (case_id, from_status, to_status, note,"
	"                          changed_by)"
	" VALUES ($1, $2, $3, $4, $5)";

static int note(struct db *db, const char *vid, const char *why,
		struct err *e)
{
	const char *p[2] = { vid, why };

	return db_exec(db, "UPDATE violations SET route_note = $2"
		       " WHERE id = $1", 2, p, e);
}

/* Route the violation in row i of r. */
static int route_one(struct db *db, const struct routing *rt, PGresult *r,
		     int i, struct route_stats *st, struct err *e)
{
	const char *vid = PQgetvalue(r, i, 0), *cat = PQgetvalue(r, i, 1);
	const char *stage = PQgetvalue(r, i, 2), *country = PQgetvalue(r, i, 3);
	const char *region = PQgetvalue(r, i, 4), *story = PQgetvalue(r, i, 6);
	const struct route_unit *dept, *office;
	struct buf why = BUF_INIT;
	char case_id[32] = "";
	PGresult *c;
	int ret = -1;

	if (*country && strcmp(country, PQgetvalue(r, i, 8)))
		buf_addf(&why, "outside the office's country (%s)", country);
	else if (!routing_stage_routed(rt, stage))
		buf_addf(&why, "stage '%s' is not routed", stage);
	else if (routing_log_only(rt, cat))
		buf_addf(&why, "category '%s' is logged, not sent", cat);
	else if (!routing_department(rt, cat))
		buf_addf(&why, "no department owns category '%s'", cat);
	if (why.len) {
		ret = note(db, vid, why.data, e);
		st->not_routed += ret == 0;
		buf_release(&why);
		return ret;
	}
	dept = routing_department(rt, cat);
	office = *region ? routing_office(rt, region) : NULL;
	if (!PQgetisnull(r, i, 6)) {
		const char *p[2] = { story, cat };

		c = db_query(db, find_case_sql, 2, p, e);
		if (!c)
			goto out;
		if (PQntuples(c))
			snprintf(case_id, sizeof(case_id), "%s",
				 PQgetvalue(c, 0, 0));
		PQclear(c);
	}
	if (case_id[0]) {
		st->joined++;
	} else {
		const char *p[8] = { cat, region, dept->id,
				     office ? office->id : NULL,
				     PQgetvalue(r, i, 7),
				     PQgetisnull(r, i, 6) ? NULL : story,
				     PQgetvalue(r, i, 5), stage };
		const char *h[5] = { case_id, NULL, "new", NULL, "mediamon" };

		c = db_query(db, open_case_sql, 8, p, e);
		if (!c)
			goto out;
		snprintf(case_id, sizeof(case_id), "%s", PQgetvalue(c, 0, 0));
		PQclear(c);
		buf_addf(&why, "opened from article %s", PQgetvalue(r, i, 5));
		h[3] = why.data;
		if (db_exec(db, history_sql, 5, h, e) < 0)
			goto out;
		st->opened++;
	}
	{
		const char *p[2] = { vid, case_id };

		ret = db_exec(db, "UPDATE violations SET case_id = $2"
			      " WHERE id = $1", 2, p, e);
	}
out:
	buf_release(&why);
	return ret;
}

int cases_route(struct db *db, const struct routing *rt, int recheck,
		struct route_stats *st, struct err *e)
{
	PGresult *r;

	memset(st, 0, sizeof(*st));
	if (db_begin(db, e) < 0)
		return -1;
	if (db_exec(db, "SELECT pg_advisory_xact_lock(" CASES_LOCK ")", 0,
		    NULL, e) < 0 || sync_units(db, rt, e) < 0)
		goto fail;
	if (recheck && db_exec(db, "UPDATE violations SET route_note = NULL"
			       " WHERE case_id IS NULL", 0, NULL, e) < 0)
		goto fail;
	r = db_query(db, pending_sql, 0, NULL, e);
	if (!r)
		goto fail;
	for (int i = 0; i < PQntuples(r); i++)
		if (route_one(db, rt, r, i, st, e) < 0) {
			err_prefix(e, "violation %s", PQgetvalue(r, i, 0));
			PQclear(r);
			goto fail;
		}
	PQclear(r);
	return db_commit(db, e);
fail:
	db_rollback(db);
	return -1;
}

/* ---- the workflow ---- */

/* allowed[from] has bit to set when the move is allowed */
static const unsigned allowed[CASE_STATUS_N] = {
	[CASE_NEW] = 1u << CASE_SENT | 1u << CASE_IN_REVIEW |
		     1u << CASE_CLOSED | 1u << CASE_REJECTED,
	[CASE_SENT] = 1u << CASE_IN_REVIEW | 1u << CASE_CLOSED |
		      1u << CASE_REJECTED,
	[CASE_IN_REVIEW] = 1u << CASE_CLOSED | 1u << CASE_REJECTED,
	[CASE_CLOSED] = 1u << CASE_IN_REVIEW,
	[CASE_REJECTED] = 1u << CASE_IN_REVIEW,
};

static int refuse(int *usage, struct err *e, const char *fmt,
		  long long id, const char *a, const char *b)
{
	*usage = 1;
	return err_set(e, fmt, id, a, b);
}

int case_update(struct db *db, long long id, enum case_status to,
		const char *text, const char *who, int *usage, struct err *e)
{
	char ids[32];
	const char *p[1] = { ids };
	PGresult *r;
	int from;

	*usage = 0;
	snprintf(ids, sizeof(ids), "%lld", id);
	if (db_begin(db, e) < 0)
		return -1;
	r = db_query(db, "SELECT status FROM cases WHERE id = $1 FOR UPDATE",
		     1, p, e);
	if (!r)
		goto fail;
	if (!PQntuples(r)) {
		PQclear(r);
		db_rollback(db);
		*usage = 1;
		return err_set(e, "there is no case %lld", id);
	}
	from = case_status_parse(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (from < 0 || !(allowed[from] & 1u << to)) {
		db_rollback(db);
		return refuse(usage, e, "cannot move case %lld from %s to %s "
			      "(open cases go to in_review, closed or "
			      "rejected; closed and rejected ones are "
			      "reopened to in_review)", id,
			      from < 0 ? "?" : status_names[from],
			      status_names[to]);
	}
	if ((to == CASE_CLOSED || to == CASE_REJECTED ||
	     from == CASE_CLOSED || from == CASE_REJECTED) &&
	    (!text || !*text)) {
		db_rollback(db);
		return refuse(usage, e, "case %lld: moving from %s to %s "
			      "needs --resolution (the resolution, or the "
			      "reason)", id, status_names[from],
			      status_names[to]);
	}
	{
		const char *u[3] = { ids, status_names[to], text };
		const char *h[5] = { ids, status_names[from], status_names[to],
				     text, who };

		if (db_exec(db, "UPDATE cases SET status = $2,"
			    " resolution = coalesce($3, resolution),"
			    " updated_at = now(),"
			    " closed_at = CASE WHEN $2 IN ('closed',"
			    " 'rejected') THEN now() END WHERE id = $1", 3, u,
			    e) < 0 ||
		    db_exec(db, "INSERT INTO case_history (case_id,"
			    " from_status, to_status, note, changed_by)"
			    " VALUES ($1, $2, $3, $4, coalesce($5,"
			    " current_user))", 5, h, e) < 0)
			goto fail;
	}
	return db_commit(db, e);
fail:
	db_rollback(db);
	return -1;
}

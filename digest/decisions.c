/*
 * decisions.c - an analyst's tonality and the press department's
 * answers, each in one transaction.  A correction also refreshes the
 * article's media index, whose sign follows the tonality.
 */
#include "decisions.h"

#include <stdio.h>
#include <string.h>

static const char upsert_sql[] =
	"INSERT INTO tonality_overrides (article_id, tonality, note,"
	" set_by, set_at)"
	" VALUES ($1, $2, $3, coalesce($4, current_user), now())"
	" ON CONFLICT (article_id) DO UPDATE SET"
	" tonality = EXCLUDED.tonality, note = EXCLUDED.note,"
	" set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at";
static const char history_sql[] =
	"INSERT INTO tonality_override_history (article_id, tonality,"
	" note, set_by)"
	" VALUES ($1, $2, $3, coalesce($4, current_user))";
static const char index_sql[] =
	"UPDATE mentions m SET media_index = mediamon_media_index(s.weight,"
	"       m.prominence, $2, st.outlets)"
	"  FROM articles a JOIN sources s ON s.id = a.source_id"
	"  LEFT JOIN article_stories x ON x.article_id = a.id"
	"  LEFT JOIN stories st ON st.id = x.story_id"
	" WHERE a.id = m.article_id AND m.article_id = $1";

int decision_tonality_valid(const char *t)
{
	return t && (!strcmp(t, "positive") || !strcmp(t, "neutral") ||
		     !strcmp(t, "negative"));
}

int decision_kind_valid(const char *kind)
{
	return kind && (!strcmp(kind, "briefing") ||
			!strcmp(kind, "statement") ||
			!strcmp(kind, "refutation"));
}

int decision_tonality(struct db *db, const char *id, const char *tonality,
		      const char *note, const char *who, char machine[32],
		      struct err *e)
{
	const char *p[4] = { id, tonality, note, who };
	PGresult *r = db_query(db, "SELECT aa.tonality FROM articles a"
			       " LEFT JOIN article_analysis aa"
			       "   ON aa.article_id = a.id WHERE a.id = $1", 1,
			       &id, e);

	if (!r)
		return -1;
	if (!PQntuples(r)) {
		PQclear(r);
		return 1;
	}
	snprintf(machine, 32, "%s", PQgetisnull(r, 0, 0) ? "none" :
		 PQgetvalue(r, 0, 0));
	PQclear(r);
	if (db_begin(db, e) < 0 || db_exec(db, upsert_sql, 4, p, e) < 0 ||
	    db_exec(db, history_sql, 4, p, e) < 0 ||
	    db_exec(db, index_sql, 2, p, e) < 0 || db_commit(db, e) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int decision_respond(struct db *db, const char *id, const char *url,
		     const char *kind, const char *who, char hours[16],
		     struct err *e)
{
	const char *p[4] = { id, url, kind, who };
	PGresult *r = db_query(db,
		"INSERT INTO responses (article_id, url, kind, responded_by)"
		" SELECT id, $2, $3, coalesce($4, current_user)"
		"   FROM articles WHERE id = $1"
		" ON CONFLICT (article_id, url) DO UPDATE SET kind = $3"
		" RETURNING round((extract(epoch FROM responded_at -"
		"   (SELECT coalesce(published, fetched_at) FROM articles"
		"     WHERE id = $1)) / 3600)::numeric, 1)", 4, p, e);

	if (!r)
		return -1;
	if (!PQntuples(r)) {
		PQclear(r);
		return 1;
	}
	snprintf(hours, 16, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

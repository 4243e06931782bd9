/*
 * alerts_settle.c - alerts whose outcome is unknown.  A run killed after
 * handing a message over (handover.h) cannot know whether the receiver
 * took it; sending it again could deliver it twice, dropping it could
 * lose it.  So it is neither: the next run marks it 'unknown' and says
 * so, and a person who asked the recipient decides - resend or confirm.
 * The same commands list the alerts and let a failed one go out now
 * instead of at its backoff time.
 */
#include "alerts.h"
#include "common/json.h"
#include "common/log.h"

#include <stdlib.h>
#include <string.h>

int alerts_settle_interrupted(struct db *db, struct alert_stats *st,
			      struct err *e)
{
	PGresult *r;

	/* A try on the lock of a live sender fails and leaves its row
	 * alone; one whose sender is gone succeeds. */
	r = db_query(db, "UPDATE alerts SET status = 'unknown', error = 'the "
		     "run sending it stopped after handing it over'"
		     " WHERE status = 'handed' AND pg_try_advisory_xact_lock("
		     ALERT_LOCK ", (id % 2147483647)::integer)"
		     " RETURNING id, kind, channel, recipient", 0, NULL, e);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++)
		log_msg(LOG_WARN, PQgetvalue(r, i, 3), "%s alert %s (id %s): "
			"a run stopped after handing it over; it may have "
			"arrived, so it is not sent again ('mediamon alerts "
			"resend %s' does, 'alerts confirm %s' records that it "
			"arrived)", PQgetvalue(r, i, 2), PQgetvalue(r, i, 1),
			PQgetvalue(r, i, 0), PQgetvalue(r, i, 0),
			PQgetvalue(r, i, 0));
	st->unknown += PQntuples(r);
	PQclear(r);
	return 0;
}

/* Run sql, an UPDATE of alert $1 by $2 that returns the row when its
 * state allowed it; otherwise a clear error, ending with `may`. */
static int settle(struct db *db, const char *id, const char *by,
		  const char *sql, const char *may, struct err *e)
{
	const char *p[2] = { id, by };
	PGresult *r = db_query(db, sql, 2, p, e);
	int n;

	if (!r)
		return -1;
	n = PQntuples(r);
	PQclear(r);
	if (n)
		return 0;
	r = db_query(db, "SELECT status FROM alerts WHERE id = $1::bigint", 1,
		     p, e);
	if (!r)
		return -1;
	if (!PQntuples(r))
		err_set(e, "there is no alert %s", id);
	else
		err_set(e, "alert %s is %s; only %s", id, PQgetvalue(r, 0, 0),
			may);
	PQclear(r);
	return -1;
}

int alerts_resend(struct db *db, const char *id, const char *by,
		  struct err *e)
{
	return settle(db, id, by, "UPDATE alerts SET status = 'pending',"
		      " next_attempt_at = now(),"
		      " settled_by = coalesce($2, current_user),"
		      " settled_at = now() WHERE id = $1::bigint"
		      " AND status IN ('unknown', 'failed') RETURNING id",
		      "an alert of unknown outcome or a failed one can be sent "
		      "again", e);
}

int alerts_confirm(struct db *db, const char *id, const char *by,
		   struct err *e)
{
	return settle(db, id, by, "UPDATE alerts SET status = 'sent',"
		      " sent_at = coalesce(sent_at, now()),"
		      " settled_by = coalesce($2, current_user),"
		      " settled_at = now() WHERE id = $1::bigint"
		      " AND status = 'unknown' RETURNING id",
		      "an alert of unknown outcome can be confirmed", e);
}

static const char *const list_cols[] = {
	"id", "status", "subject", "channel", "recipient", "attempts",
	"created", "sent", "error", "settled_by",
};

int alerts_list(struct db *db, const char *status, int json, FILE *out,
		struct err *e)
{
	const char *p[1] = { status };
	PGresult *r = db_query(db, "SELECT id, status, subject_key, channel,"
			       " recipient, attempts,"
			       " to_char(created_at, 'YYYY-MM-DD HH24:MI'),"
			       " coalesce(to_char(sent_at,"
			       " 'YYYY-MM-DD HH24:MI'), ''),"
			       " coalesce(error, ''), coalesce(settled_by, '')"
			       " FROM alerts WHERE $1::text IS NULL"
			       " OR status = $1 ORDER BY id DESC", 1, p, e);
	struct buf b = BUF_INIT;
	struct jw w;
	int n = sizeof(list_cols) / sizeof(*list_cols);

	if (!r)
		return -1;
	if (json) {
		jw_init(&w, &b);
		jw_arr_begin(&w);
		for (int i = 0; i < PQntuples(r); i++) {
			jw_obj_begin(&w);
			for (int c = 0; c < n; c++) {
				jw_key(&w, list_cols[c]);
				if (c == 0 || c == 5)
					jw_int(&w, atoll(PQgetvalue(r, i, c)));
				else
					jw_str(&w, PQgetvalue(r, i, c));
			}
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		buf_addch(&b, '\n');
	} else {
		for (int c = 0; c < n; c++)
			buf_addf(&b, "%s%s", c ? "\t" : "", list_cols[c]);
		buf_addch(&b, '\n');
		for (int i = 0; i < PQntuples(r); i++)
			for (int c = 0; c < n; c++)
				buf_addf(&b, "%s%s", PQgetvalue(r, i, c),
					 c + 1 < n ? "\t" : "\n");
	}
	fwrite(b.data, 1, b.len, out);
	buf_release(&b);
	PQclear(r);
	return 0;
}

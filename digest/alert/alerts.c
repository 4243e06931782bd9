/*
 * alerts.c - planning and delivering alerts.  Planning is one query that
 * lists every (subject, channel, recipient) due now and not yet recorded;
 * the rows are inserted as intents (status pending) with a stable
 * Message-ID.  Delivery takes one pending row at a time with FOR UPDATE
 * SKIP LOCKED (two senders share the work), renders the message from
 * the current data in the configured language, sends it and marks it, in
 * one transaction: a process killed while sending leaves the row pending
 * and the next run sends it again under the same Message-ID.
 */
#include "alerts.h"
#include "mail.h"
#include "notify.h"
#include "digest/digest.h"
#include "digest/digest_int.h"
#include "analyzer/excerpt/words.h"
#include "analyzer/excerpt/sentence.h"
#include "common/arena.h"
#include "common/buf.h"
#include "common/hash.h"
#include "common/html.h"
#include "common/i18n.h"
#include "common/json.h"
#include "common/day.h"
#include "common/log.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Everything due: the leadership's alerts (negative, resonance) go to
 * every leadership channel, a case's to its units' addresses and the
 * webhook.  $1 leadership e-mails, $2 Telegram chats, $3 webhook URL,
 * $4 minimum outlet weight, $5 maximum age in hours, $6 resonance hours,
 * $7 resonance outlets. */
static const char plan_sql[] =
	"WITH lead AS ("
	"  SELECT 'email' AS channel, r AS recipient FROM unnest($1::text[]) r"
	"  UNION ALL SELECT 'telegram', r FROM unnest($2::text[]) r"
	"  UNION ALL SELECT 'webhook', $3::text WHERE $3::text IS NOT NULL),"
	" neg AS ("
	"  SELECT 'negative:' || a.id AS subject_key, 'negative' AS kind,"
	"         NULL::bigint AS case_id, a.id AS article_id,"
	"         x.story_id AS story_id"
	"    FROM articles a"
	"    JOIN sources s ON s.id = a.source_id"
	"    JOIN article_analysis aa ON aa.article_id = a.id"
	"    LEFT JOIN tonality_overrides o ON o.article_id = a.id"
	"    LEFT JOIN article_stories x ON x.article_id = a.id"
	"   WHERE NOT s.own AND s.weight >= $4::real"
	"     AND coalesce(o.tonality, aa.tonality) = 'negative'"
	"     AND a.fetched_at > now() - $5::int * interval '1 hour'),"
	" res AS ("
	"  SELECT 'resonance:' || st.id, 'resonance', NULL::bigint,"
	"         st.original_id, st.id"
	"    FROM stories st"
	"   WHERE st.first_published > now() - $5::int * interval '1 hour'"
	"     AND EXISTS (SELECT 1 FROM article_stories x"
	"                 JOIN article_analysis aa"
	"                   ON aa.article_id = x.article_id"
	"                WHERE x.story_id = st.id"
	"                  AND aa.tonality IS NOT NULL)"
	"     AND (SELECT count(DISTINCT a.source_id)"
	"            FROM article_stories x"
	"            JOIN articles a ON a.id = x.article_id"
	"            JOIN sources s ON s.id = a.source_id"
	"           WHERE x.story_id = st.id AND NOT s.own"
	"             AND x.published <= st.first_published"
	"                 + $6::int * interval '1 hour') >= $7::int),"
	" cs AS ("
	"  SELECT 'case:' || c.id AS subject_key, 'case' AS kind, c.id,"
	"         c.article_id, c.story_id, 'email' AS channel,"
	"         d.email AS recipient"
	"    FROM cases c JOIN departments d ON d.id = c.department_id"
	"   WHERE c.status = 'new' AND d.email IS NOT NULL AND $8::boolean"
	"  UNION ALL"
	"  SELECT 'case:' || c.id, 'case', c.id, c.article_id, c.story_id,"
	"         'email', ro.email"
	"    FROM cases c JOIN regional_offices ro"
	"      ON ro.id = c.regional_office_id"
	"   WHERE c.status = 'new' AND ro.email IS NOT NULL AND $8::boolean"
	"  UNION ALL"
	"  SELECT 'case:' || c.id, 'case', c.id, c.article_id, c.story_id,"
	"         'webhook', $3::text"
	"    FROM cases c WHERE c.status = 'new' AND $3::text IS NOT NULL)"
	" SELECT * FROM ("
	"  SELECT n.*, l.channel, l.recipient FROM neg n CROSS JOIN lead l"
	"  UNION ALL"
	"  SELECT r.*, l.channel, l.recipient FROM res r CROSS JOIN lead l"
	"  UNION ALL SELECT * FROM cs) d"
	" WHERE NOT EXISTS (SELECT 1 FROM alerts x"
	"                    WHERE x.subject_key = d.subject_key"
	"                      AND x.channel = d.channel"
	"                      AND x.recipient = d.recipient)"
	" ORDER BY 1, 6, 7";

static const char intent_sql[] =
	"INSERT INTO alerts (kind, subject_key, case_id, article_id, story_id,"
	"                    channel, recipient, message_id, status)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending')"
	" ON CONFLICT DO NOTHING";

static const char claim_sql[] =
	"SELECT id, kind, coalesce(case_id, 0), coalesce(article_id, 0),"
	"       coalesce(story_id, 0), channel, recipient, message_id,"
	"       attempts, subject_key"
	"  FROM alerts"
	" WHERE status IN ('pending', 'failed') AND next_attempt_at <= now()"
	"   AND id > $1 AND ($2::text IS NULL OR subject_key LIKE $2 || '%')"
	" ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED";

/* A case whose every e-mail went out has been sent. */
static const char case_sent_sql[] =
	"WITH done AS ("
	"  UPDATE cases c SET status = 'sent', updated_at = now()"
	"   WHERE c.status = 'new'"
	"     AND EXISTS (SELECT 1 FROM alerts a"
	"                 WHERE a.subject_key = 'case:' || c.id"
	"                   AND a.channel = 'email')"
	"     AND NOT EXISTS (SELECT 1 FROM alerts a"
	"                     WHERE a.subject_key = 'case:' || c.id"
	"                       AND a.channel = 'email'"
	"                       AND a.status <> 'sent')"
	"  RETURNING c.id)"
	" INSERT INTO case_history (case_id, from_status, to_status, note,"
	"                           changed_by)"
	" SELECT id, 'new', 'sent', 'delivered by e-mail', 'mediamon'"
	"   FROM done";

/* A text[] literal of strings. */
static void text_array(struct buf *b, char *const *v, size_t n)
{
	buf_addch(b, '{');
	for (size_t i = 0; i < n; i++) {
		buf_addf(b, "%s\"", i ? "," : "");
		for (const char *s = v[i]; *s; s++) {
			if (*s == '"' || *s == '\\')
				buf_addch(b, '\\');
			buf_addch(b, *s);
		}
		buf_addch(b, '"');
	}
	buf_addch(b, '}');
}

/* The Message-ID of a delivery: the same for every attempt. */
static void message_id(struct buf *b, const struct routing *rt,
		       const char *key, const char *channel,
		       const char *recipient)
{
	const char *at = rt->smtp_from ? strchr(rt->smtp_from, '@') : NULL;

	buf_addf(b, "mediamon.%s.%s.%016llx@%s", key, channel,
		 (unsigned long long)hash_bytes(recipient, strlen(recipient),
						HASH_INIT),
		 at && at[1] ? at + 1 : "mediamon.invalid");
	for (char *p = b->data; *p && *p != '@'; p++)
		if (*p == ':')
			*p = '.';
}

/* Plan: print (dry run) or record the deliveries due. */
static int plan(struct db *db, const struct routing *rt, int dry_run,
		FILE *out, struct alert_stats *st, struct err *e)
{
	struct buf lead = BUF_INIT, chats = BUF_INIT;
	char weight[32], age[16], rh[16], ro[16];
	int email = rt->smtp_url != NULL;
	const char *p[8];
	PGresult *r;
	int ret = -1;

	text_array(&lead, rt->leadership, email ? rt->n_leadership : 0);
	text_array(&chats, rt->telegram_chats,
		   rt->telegram_token_env ? rt->n_telegram_chats : 0);
	snprintf(weight, sizeof(weight), "%g", rt->negative_min_weight);
	snprintf(age, sizeof(age), "%ld", rt->max_age_hours);
	snprintf(rh, sizeof(rh), "%ld", rt->resonance_hours);
	snprintf(ro, sizeof(ro), "%ld", rt->resonance_outlets);
	p[0] = lead.data;
	p[1] = chats.data;
	p[2] = rt->webhook_url;
	p[3] = weight;
	p[4] = age;
	p[5] = rh;
	p[6] = ro;
	p[7] = email ? "true" : "false";
	r = db_query(db, plan_sql, 8, p, e);
	if (!r)
		goto out;
	for (int i = 0; i < PQntuples(r); i++) {
		struct buf mid = BUF_INIT;
		const char *q[8];

		if (dry_run) {
			fprintf(out, "would send %s via %s to %s\n",
				PQgetvalue(r, i, 0), PQgetvalue(r, i, 5),
				PQgetvalue(r, i, 6));
			st->planned++;
			continue;
		}
		message_id(&mid, rt, PQgetvalue(r, i, 0), PQgetvalue(r, i, 5),
			   PQgetvalue(r, i, 6));
		q[0] = PQgetvalue(r, i, 1);
		q[1] = PQgetvalue(r, i, 0);
		for (int k = 2; k < 5; k++)
			q[k] = PQgetisnull(r, i, k) ? NULL : PQgetvalue(r, i, k);
		q[5] = PQgetvalue(r, i, 5);
		q[6] = PQgetvalue(r, i, 6);
		q[7] = mid.data;
		if (db_exec(db, intent_sql, 8, q, e) < 0) {
			buf_release(&mid);
			PQclear(r);
			goto out;
		}
		buf_release(&mid);
		st->planned++;
	}
	PQclear(r);
	ret = 0;
out:
	buf_release(&lead);
	buf_release(&chats);
	return ret;
}

/* ---- the message ---- */

struct message {
	struct buf subject, text, html;
	const char *url;
};

static void region_or_national(struct buf *b, const char *lang,
			       const char *region)
{
	buf_adds(b, *region ? region : tr(lang, "national"));
}

static int render_case(struct db *db, const char *lang, const char *id,
		       struct message *m, struct arena *a, struct err *e)
{
	PGresult *r = db_query(db,
		"SELECT c.category, coalesce(c.stage, ''),"
		"       coalesce(c.region, ''), coalesce(d.name, ''),"
		"       coalesce(ro.name, ''), coalesce(a.title, ''),"
		"       coalesce(a.canonical_url, ''), coalesce(s.name, ''),"
		"       to_char(a.published AT TIME ZONE mediamon_timezone(),"
		"               'YYYY-MM-DD HH24:MI')"
		"  FROM cases c"
		"  LEFT JOIN departments d ON d.id = c.department_id"
		"  LEFT JOIN regional_offices ro ON ro.id = c.regional_office_id"
		"  LEFT JOIN articles a ON a.id = c.article_id"
		"  LEFT JOIN sources s ON s.id = a.source_id"
		" WHERE c.id = $1", 1, &id, e);
	const char *cat;

	if (!r)
		return -1;
	if (!PQntuples(r)) {
		PQclear(r);
		return err_set(e, "case %s is gone", id);
	}
	cat = tr(lang, digest_category_label(PQgetvalue(r, 0, 0)));
	buf_addf(&m->subject, tr(lang, "Case %s: %s"), id, cat);
	buf_adds(&m->subject, ", ");
	region_or_national(&m->subject, lang, PQgetvalue(r, 0, 2));
	buf_addf(&m->text, "%s\n\n%s: %s (%s)\n%s: ", m->subject.data,
		 tr(lang, "violation"), cat,
		 tr(lang, digest_stage_label(PQgetvalue(r, 0, 1))),
		 tr(lang, "region"));
	region_or_national(&m->text, lang, PQgetvalue(r, 0, 2));
	buf_addf(&m->text, "\n%s: %s\n%s: %s\n\n%s: %s\n%s, %s\n%s\n\n%s\n",
		 tr(lang, "department"), PQgetvalue(r, 0, 3),
		 tr(lang, "regional office"), *PQgetvalue(r, 0, 4) ?
		 PQgetvalue(r, 0, 4) : "-", tr(lang, "material"),
		 PQgetvalue(r, 0, 5), PQgetvalue(r, 0, 7), PQgetvalue(r, 0, 8),
		 PQgetvalue(r, 0, 6),
		 tr(lang, "Please verify the report and record what was done "
		    "in the case."));
	m->url = arena_strdup(a, PQgetvalue(r, 0, 6));
	PQclear(r);
	return 0;
}

static int render_negative(struct db *db, const char *lang, const char *id,
			   struct message *m, struct arena *a, struct err *e)
{
	PGresult *r = db_query(db,
		"SELECT coalesce(a.title, ''), a.canonical_url, s.name,"
		"       coalesce(aa.evidence::text, '[]'),"
		"       (SELECT min(start_byte) FROM mentions"
		"         WHERE article_id = a.id),"
		"       coalesce(a.text, a.summary, ''), s.weight"
		"  FROM articles a JOIN sources s ON s.id = a.source_id"
		"  LEFT JOIN article_analysis aa ON aa.article_id = a.id"
		" WHERE a.id = $1", 1, &id, e);
	const char *sentence = "", *words;

	if (!r)
		return -1;
	if (!PQntuples(r)) {
		PQclear(r);
		return err_set(e, "article %s is gone", id);
	}
	if (!PQgetisnull(r, 0, 4))
		sentence = office_sentence(a, PQgetvalue(r, 0, 5),
					   (size_t)PQgetlength(r, 0, 5),
					   (size_t)atol(PQgetvalue(r, 0, 4)));
	words = excerpt_words(a, PQgetvalue(r, 0, 3), "negative");
	buf_addf(&m->subject, tr(lang, "Negative material: %s: %s"),
		 PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 0));
	buf_addf(&m->text, "%s\n\n%s\n\n\"%s\"\n%s: %s\n",
		 m->subject.data, PQgetvalue(r, 0, 1), sentence,
		 tr(lang, "decided by"), words);
	m->url = arena_strdup(a, PQgetvalue(r, 0, 1));
	PQclear(r);
	return 0;
}

static int render_resonance(struct db *db, const char *lang, const char *id,
			    struct message *m, struct arena *a, struct err *e)
{
	PGresult *r = db_query(db,
		"SELECT coalesce(st.title, ''), st.outlets, s.name,"
		"       a.canonical_url,"
		"       to_char(x.published AT TIME ZONE mediamon_timezone(),"
		"               'HH24:MI')"
		"  FROM stories st"
		"  JOIN article_stories x ON x.story_id = st.id"
		"  JOIN articles a ON a.id = x.article_id"
		"  JOIN sources s ON s.id = a.source_id"
		" WHERE st.id = $1 ORDER BY x.published", 1, &id, e);
	int outlets;

	if (!r)
		return -1;
	if (!PQntuples(r)) {
		PQclear(r);
		return err_set(e, "story %s is gone", id);
	}
	outlets = atoi(PQgetvalue(r, 0, 1));
	buf_addf(&m->subject, trn(lang, "Resonance: %d outlet took up: %s",
				  "Resonance: %d outlets took up: %s",
				  (unsigned long)outlets),
		 outlets, PQgetvalue(r, 0, 0));
	buf_addf(&m->text, "%s\n\n", m->subject.data);
	for (int i = 0; i < PQntuples(r); i++)
		buf_addf(&m->text, "%s %s: %s\n", PQgetvalue(r, i, 4),
			 PQgetvalue(r, i, 2), PQgetvalue(r, i, 3));
	m->url = arena_strdup(a, PQgetvalue(r, 0, 3));
	PQclear(r);
	return 0;
}

/* The digest of day key ("digest:YYYY-MM-DD"): its own HTML and text. */
static int render_digest(struct db *db, const struct config *cfg,
			 const char *lang, const char *key,
			 struct message *m, struct err *e)
{
	struct digest d;
	struct day day;
	struct buf date = BUF_INIT;

	if (day_parse(key + strlen("digest:"), &day) < 0)
		return err_set(e, "'%s' names no day", key);
	if (digest_load(db, cfg, &day, lang, NULL, &d, e) < 0)
		return -1;
	i18n_date(&date, lang, day.y, day.m, day.d);
	buf_addf(&m->subject, "%s: %s", tr(lang, "Media digest"), date.data);
	digest_text(&d, &m->text);
	digest_html(&d, &m->html);
	digest_release(&d);
	buf_release(&date);
	return 0;
}

int alerts_plan_digest(struct db *db, const struct routing *rt,
		       const char *day, struct err *e)
{
	int added = 0;

	if (!rt->smtp_url)
		return 0;
	for (size_t i = 0; i < rt->n_leadership; i++) {
		struct buf key = BUF_INIT, mid = BUF_INIT;
		const char *p[8];
		PGresult *r;

		buf_addf(&key, "digest:%s", day);
		message_id(&mid, rt, key.data, "email", rt->leadership[i]);
		p[0] = "digest";
		p[1] = key.data;
		p[2] = p[3] = p[4] = NULL;
		p[5] = "email";
		p[6] = rt->leadership[i];
		p[7] = mid.data;
		r = db_query(db, intent_sql, 8, p, e);
		buf_release(&key);
		buf_release(&mid);
		if (!r)
			return -1;
		added += atoi(PQcmdTuples(r));
		PQclear(r);
	}
	return added;
}

/* The HTML part: the text, escaped, with the link made a link. */
static void to_html(struct message *m, const char *lang)
{
	buf_addf(&m->html, "<!DOCTYPE html><html lang=\"%s\"><body "
		 "style=\"font-family:Arial,sans-serif;font-size:14px\">"
		 "<p><b>", lang);
	html_text(&m->html, m->subject.data);
	buf_adds(&m->html, "</b></p><pre style=\"white-space:pre-wrap;"
		 "font-family:inherit\">");
	html_text(&m->html, m->text.data);
	buf_adds(&m->html, "</pre>");
	if (m->url && *m->url) {
		buf_adds(&m->html, "<p><a href=\"");
		html_url(&m->html, m->url);
		buf_adds(&m->html, "\">");
		html_text(&m->html, m->url);
		buf_adds(&m->html, "</a></p>");
	}
	buf_adds(&m->html, "</body></html>\n");
}

static int webhook_body(PGresult *r, const struct message *m,
			struct buf *out)
{
	struct jw w;

	jw_init(&w, out);
	jw_obj_begin(&w);
	jw_key(&w, "kind");
	jw_str(&w, PQgetvalue(r, 0, 1));
	jw_key(&w, "message_id");
	jw_str(&w, PQgetvalue(r, 0, 7));
	jw_key(&w, "subject");
	jw_str(&w, m->subject.data);
	jw_key(&w, "text");
	jw_str(&w, m->text.data);
	jw_key(&w, "url");
	jw_str(&w, m->url);
	jw_key(&w, "case_id");
	jw_int(&w, atoll(PQgetvalue(r, 0, 2)));
	jw_key(&w, "article_id");
	jw_int(&w, atoll(PQgetvalue(r, 0, 3)));
	jw_key(&w, "story_id");
	jw_int(&w, atoll(PQgetvalue(r, 0, 4)));
	jw_obj_end(&w);
	return 0;
}

/* Send the claimed delivery in r through its channel, calling ho just
 * before the message's last bytes leave.  A send_outcome. */
static int deliver(const struct routing *rt, PGresult *r,
		   const struct message *m, struct handover *ho,
		   struct err *e)
{
	const char *channel = PQgetvalue(r, 0, 5), *to = PQgetvalue(r, 0, 6);

	if (!strcmp(channel, "email")) {
		struct mail_server srv = { rt->smtp_url, rt->smtp_from,
					   rt->smtp_user, NULL,
					   rt->smtp_timeout_s };
		struct mail_msg msg = { to, m->subject.data, m->text.data,
					m->html.data, PQgetvalue(r, 0, 7),
					time(NULL) };

		if (!rt->smtp_url)
			return err_set(e, "no 'smtp:' settings in '%s'",
				       rt->path);
		if (rt->smtp_password_env)
			srv.password = getenv(rt->smtp_password_env);
		return mail_send(&srv, &msg, ho, e);
	}
	if (!strcmp(channel, "telegram")) {
		const char *token = rt->telegram_token_env ?
				    getenv(rt->telegram_token_env) : NULL;
		struct buf t = BUF_INIT;
		int ret;

		if (!token || !*token)
			return err_set(e, "the Telegram token variable '%s' "
				       "is not set", rt->telegram_token_env ?
				       rt->telegram_token_env : "");
		buf_addf(&t, "%s\n%s", m->subject.data, m->url ? m->url : "");
		ret = notify_telegram(rt->telegram_api, token, to, t.data,
				      rt->smtp_timeout_s, ho, e);
		buf_release(&t);
		return ret;
	}
	{
		struct buf body = BUF_INIT;
		int ret;

		webhook_body(r, m, &body);
		ret = notify_post_json(to, body.data, rt->smtp_timeout_s, ho,
				       e);
		buf_release(&body);
		return ret;
	}
}

/* The hand-over hook's state: the claimed row and where to say why. */
struct handed {
	struct db *db;
	const char *id, *subject;
	struct err *e;
	int failed;		/* the mark could not be written */
};

/* Mark the claimed row 'handed' and commit the claim's transaction,
 * taking first the lock that tells other runs this one is alive. */
static int mark_handed(void *arg)
{
	struct handed *h = arg;
	const char *p[2] = { h->id, h->subject };

	if (db_exec(h->db, "SELECT pg_advisory_lock(" ALERT_LOCK ", ($1::bigint"
		    " % 2147483647)::integer)", 1, p, h->e) < 0 ||
	    db_exec(h->db, "UPDATE alerts SET status = 'handed', error = NULL,"
		    " subject = $2, attempts = attempts + 1 WHERE id = $1", 2,
		    p, h->e) < 0 ||
	    db_commit(h->db, h->e) < 0)
		return h->failed = -1;
	return 0;
}

/* A failed attempt's mark: retried after 2, 4, 8 ... minutes, at most 6
 * hours ($3: the attempts this mark adds). */
static const char failed_sql[] =
	"UPDATE alerts SET status = 'failed', error = $2,"
	" attempts = attempts + $3::int, next_attempt_at = now() + least("
	" power(2, attempts + $3::int) * interval '1 minute',"
	" interval '6 hours')"
	" WHERE id = $1";

/* Write the outcome of the claimed delivery in r.  Handed over, the
 * claim's transaction is committed (each statement stands alone, the
 * attempt was counted at the hand-over) and the row's lock is let go;
 * not, the claim's transaction is still open and commits the mark. */
static int mark_outcome(struct db *db, PGresult *r, int outcome, int handed,
			const struct err *why, struct alert_stats *st,
			struct err *e)
{
	const char *p[3] = { PQgetvalue(r, 0, 0), why->msg,
			     handed ? "0" : "1" };
	int ret;

	if (outcome == SEND_OK) {
		st->sent++;
		ret = db_exec(db, "UPDATE alerts SET status = 'sent',"
			      " sent_at = now() WHERE id = $1", 1, p, e);
	} else if (outcome == SEND_FAILED) {
		st->failed++;
		log_msg(LOG_WARN, PQgetvalue(r, 0, 6), "%s alert %s: %s",
			PQgetvalue(r, 0, 5), PQgetvalue(r, 0, 1), why->msg);
		ret = db_exec(db, failed_sql, 3, p, e);
	} else {
		st->unknown++;
		log_msg(LOG_WARN, PQgetvalue(r, 0, 6), "%s alert %s (id %s): "
			"handed over, then %s; it may have arrived, so it is "
			"not sent again ('mediamon alerts resend %s' does)",
			PQgetvalue(r, 0, 5), PQgetvalue(r, 0, 1), p[0],
			why->msg, p[0]);
		ret = db_exec(db, "UPDATE alerts SET status = 'unknown',"
			      " error = $2 WHERE id = $1", 2, p, e);
	}
	if (handed &&
	    db_exec(db, "SELECT pg_advisory_unlock(" ALERT_LOCK ", ($1::bigint"
		    " % 2147483647)::integer)", 1, p, ret < 0 ? NULL : e) < 0)
		ret = -1;
	return ret;
}

/* Claim, render, send and mark the next pending delivery after last_id.
 * 1 when one was handled, 0 when none is left, -1 on a database error. */
static int deliver_next(struct db *db, const struct routing *rt,
			const struct config *cfg, const char *only,
			long long *last_id, struct alert_stats *st,
			struct err *e)
{
	char last[32];
	const char *p[2] = { last, only };
	struct message m = { BUF_INIT, BUF_INIT, BUF_INIT, NULL };
	struct arena a = ARENA_INIT;
	struct err why = { "" };
	const char *lang = rt->lang ? rt->lang : "ru";
	struct handed hd = { db, NULL, NULL, e, 0 };
	struct handover ho = { mark_handed, &hd, 0 };
	PGresult *r;
	int ret = -1, ok;

	snprintf(last, sizeof(last), "%lld", *last_id);
	if (db_begin(db, e) < 0)
		return -1;
	r = db_query(db, claim_sql, 2, p, e);
	if (!r)
		goto fail;
	if (!PQntuples(r)) {
		PQclear(r);
		db_rollback(db);
		return 0;
	}
	*last_id = atoll(PQgetvalue(r, 0, 0));
	{
		const char *kind = PQgetvalue(r, 0, 1);

		if (!strcmp(kind, "digest"))
			ok = render_digest(db, cfg, lang, PQgetvalue(r, 0, 9),
					   &m, &why);
		else if (!strcmp(kind, "case"))
			ok = render_case(db, lang, PQgetvalue(r, 0, 2), &m, &a,
					 &why);
		else if (!strcmp(kind, "negative"))
			ok = render_negative(db, lang, PQgetvalue(r, 0, 3), &m,
					     &a, &why);
		else
			ok = render_resonance(db, lang, PQgetvalue(r, 0, 4), &m,
					      &a, &why);
	}
	if (ok == 0) {
		if (!m.html.len)
			to_html(&m, lang);
		hd.id = PQgetvalue(r, 0, 0);
		hd.subject = m.subject.data;
		ok = deliver(rt, r, &m, &ho, &why);
	}
	if (hd.failed) {
		PQclear(r);
		goto fail;
	}
	ret = mark_outcome(db, r, ok, ho.done, &why, st, e);
	PQclear(r);
	if (ret < 0 || (!ho.done && db_commit(db, e) < 0))
		goto fail;
	ret = 1;
	goto out;
fail:
	db_rollback(db);
	ret = -1;
out:
	buf_release(&m.subject);
	buf_release(&m.text);
	buf_release(&m.html);
	arena_release(&a);
	return ret;
}

int alerts_send(struct db *db, const struct routing *rt,
		const struct config *cfg, int dry_run, const char *only,
		FILE *out, struct alert_stats *st, struct err *e)
{
	long long last = 0;
	int n;
	PGresult *r;

	memset(st, 0, sizeof(*st));
	if (dry_run) {
		if (plan(db, rt, 1, out, st, e) < 0)
			return -1;
		r = db_query(db, "SELECT subject_key, channel, recipient,"
			     " attempts, status IN ('pending', 'failed')"
			     " FROM alerts WHERE status <> 'sent'"
			     " ORDER BY id", 0, NULL, e);
		if (!r)
			return -1;
		for (int i = 0; i < PQntuples(r); i++) {
			int retry = *PQgetvalue(r, i, 4) == 't';

			fprintf(out, "%s %s via %s to %s (%s attempts so "
				"far)\n", retry ? "would retry" :
				"of unknown outcome, not sent again:",
				PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
				PQgetvalue(r, i, 2), PQgetvalue(r, i, 3));
			if (retry)
				st->waiting++;
			else
				st->unsettled++;
		}
		PQclear(r);
		return 0;
	}
	if (alerts_settle_interrupted(db, st, e) < 0)
		return -1;
	if (!only) {
		if (db_begin(db, e) < 0)
			return -1;
		if (plan(db, rt, 0, out, st, e) < 0 || db_commit(db, e) < 0) {
			db_rollback(db);
			return -1;
		}
	}
	while ((n = deliver_next(db, rt, cfg, only, &last, st, e)) > 0)
		;
	if (n < 0)
		return -1;
	if (db_exec(db, case_sent_sql, 0, NULL, e) < 0)
		return -1;
	r = db_query(db, "SELECT count(*) FILTER (WHERE status IN ('pending',"
		     " 'failed')), count(*) FILTER (WHERE status = 'unknown')"
		     " FROM alerts WHERE status <> 'sent'", 0, NULL, e);
	if (!r)
		return -1;
	st->waiting = atol(PQgetvalue(r, 0, 0));
	st->unsettled = atol(PQgetvalue(r, 0, 1));
	PQclear(r);
	return 0;
}

/*
 * pages.c - the read-only pages: today's summary, the digest and its
 * archive, source health, and the JSON API that mirrors the command
 * line's JSON.  Each page checks the role first; every value from the
 * request reaches SQL as a parameter only.
 */
#include "web_int.h"
#include "page_cache.h"
#include "common/day.h"
#include "common/html.h"
#include "common/i18n.h"
#include "digest/digest.h"
#include "digest/route/cases_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct day today(struct req *r)
{
	return day_today(r->o->cfg ? r->o->cfg->timezone : "UTC");
}

static void figure(struct req *r, const char *label, const char *value)
{
	buf_adds(&r->out, "<span class=\"fig\"><b>");
	out_text(r, value);
	buf_adds(&r->out, "</b>");
	out_text(r, label);
	buf_adds(&r->out, "</span>");
}

void page_home(struct req *r)
{
	const char *lang;
	struct day d;
	char ds[11];
	struct err e = { "" };
	PGresult *res;

	if (auth_require(r, ROLE_ANY) < 0)
		return;
	lang = web_lang(r);
	d = today(r);
	day_format(&d, ds);
	page_begin(r, tr(lang, "Today"));
	if (r->user.role_bit & ROLE_READERS) {
		const char *p[1] = { ds };

		res = db_query(r->db,
			"SELECT coalesce(sum(total), 0), coalesce(sum(positive),"
			" 0), coalesce(sum(neutral), 0), coalesce(sum(negative),"
			" 0) FROM mediamon_daily_tonality($1::date, $1::date)",
			1, p,
			&e);
		if (!res) {
			web_fail_db(r, "summary", &e);
			return;
		}
		figure(r, tr(lang, "mentions of the office"),
		       PQgetvalue(res, 0, 0));
		figure(r, tr(lang, "positive"), PQgetvalue(res, 0, 1));
		figure(r, tr(lang, "neutral"), PQgetvalue(res, 0, 2));
		figure(r, tr(lang, "negative"), PQgetvalue(res, 0, 3));
		PQclear(res);
		buf_addf(&r->out, "<p><a href=\"/materials?date=%s\">", ds);
		out_text(r, tr(lang, "Materials"));
		buf_adds(&r->out, "</a></p>");
	}
	if (r->user.role_bit & (ROLE_READERS | ROLE_DEPARTMENT |
				ROLE_REGIONAL)) {
		struct cases_filter f = { NULL, NULL, NULL, NULL };
		long open;

		if (r->user.role_bit & ROLE_DEPARTMENT)
			f.department = r->user.unit;
		if (r->user.role_bit & ROLE_REGIONAL)
			f.office = r->user.unit;
		open = cases_open_count(r->db, &f, &e);
		if (open < 0) {
			web_fail_db(r, "cases", &e);
			return;
		}
		{
			char n[24];

			snprintf(n, sizeof(n), "%ld", open);
			figure(r, tr(lang, "open cases"), n);
		}
		buf_adds(&r->out, "<p><a href=\"/cases\">");
		out_text(r, tr(lang, "Cases"));
		buf_adds(&r->out, "</a></p>");
	}
	page_end(r);
}

/* A day in the path: YYYY-MM-DD only. */
static int path_day(struct req *r, const char *s, struct day *d)
{
	if (day_parse(s, d) < 0 || strchr(s, '.')) {
		web_fail(r, MHD_HTTP_NOT_FOUND, "not found");
		return -1;
	}
	return 0;
}

void digest_key(char *key, size_t n, const char *day, const char *lang,
		int json)
{
	snprintf(key, n, "digest/%s/%s/%s", day, lang, json ? "json" : "html");
}

/* The day's materials in HTML or JSON, written while the server still
 * runs the digest's other reads. */
static void html_materials(const struct digest *d, void *arg)
{
	digest_html_materials(d, arg);
}

static void json_materials(const struct digest *d, void *arg)
{
	digest_json_materials(d, arg);
}

int digest_make(struct db *db, struct db *aside, const struct config *cfg,
		const struct day *d, const char *lang, int json,
		struct buf *out, struct err *e)
{
	struct digest dg;
	struct page_fill f;
	struct buf materials = BUF_INIT;
	struct digest_read how = {
		json, json ? json_materials : html_materials, &materials,
		aside };
	char key[64], ds[11];

	if (page_cache_fill_begin(db, &f, out, e) < 0)
		return -1;
	if (digest_load(db, cfg, d, lang, &how, &dg, e) < 0) {
		page_cache_fill_abort(db);
		buf_release(&materials);
		return -1;
	}
	/* written early unless the materials' read was never filled */
	if (json)
		digest_json_with(&dg, materials.len ? &materials : NULL, out);
	else
		digest_html_with(&dg, materials.len ? &materials : NULL, out);
	buf_release(&materials);
	digest_release(&dg);
	day_format(d, ds);
	digest_key(key, sizeof(key), ds, lang, json);
	page_cache_fill_end(db, &f, key, out);
	return 0;
}

/* The digest of the day in the path, as the HTML document or as JSON,
 * kept while its data is unchanged (page_cache.h). */
static void digest_page(struct req *r, const char *s, int json)
{
	struct err e = { "" };
	struct day d;
	char key[64], ds[11];
	const char *lang;

	if (auth_require(r, ROLE_READERS) < 0 || path_day(r, s, &d) < 0)
		return;
	lang = web_lang(r);
	if (json)
		r->ctype = "application/json";
	else
		warm_note_lang(lang);
	day_format(&d, ds);
	digest_key(key, sizeof(key), ds, lang, json);
	r->cache = "hit";
	if (page_cache_get(r->db, key, &r->out))
		return;
	r->cache = "miss";
	if (digest_make(r->db, web_aside_db(r), r->o->cfg, &d, lang, json,
			&r->out, &e) < 0)
		web_fail_db(r, "digest", &e);
}

void page_digest(struct req *r, const char *s)
{
	digest_page(r, s, 0);
}

void api_digest(struct req *r, const char *s)
{
	digest_page(r, s, 1);
}

void page_digest_archive(struct req *r)
{
	const char *lang;
	struct err e = { "" };
	PGresult *res;

	if (auth_require(r, ROLE_READERS) < 0)
		return;
	lang = web_lang(r);
	res = db_query(r->db,
		"SELECT day::text, sum(total), sum(negative)"
		"  FROM mediamon_daily_tonality(current_date - 89, current_date)"
		" GROUP BY day ORDER BY day DESC",
		0, NULL, &e);
	if (!res) {
		web_fail_db(r, "archive", &e);
		return;
	}
	page_begin(r, tr(lang, "Digests"));
	buf_adds(&r->out, "<table><tr><th>");
	out_text(r, tr(lang, "day"));
	buf_adds(&r->out, "</th><th>");
	out_text(r, tr(lang, "mentions of the office"));
	buf_adds(&r->out, "</th><th>");
	out_text(r, tr(lang, "negative"));
	buf_adds(&r->out, "</th></tr>");
	for (int i = 0; i < PQntuples(res); i++) {
		struct day d;
		struct buf date = BUF_INIT;

		day_parse(PQgetvalue(res, i, 0), &d);
		i18n_date(&date, lang, d.y, d.m, d.d);
		buf_addf(&r->out, "<tr><td><a href=\"/digest/%s\">",
			 PQgetvalue(res, i, 0));
		out_text(r, date.data);
		buf_adds(&r->out, "</a></td><td>");
		out_text(r, PQgetvalue(res, i, 1));
		buf_adds(&r->out, "</td><td>");
		out_text(r, PQgetvalue(res, i, 2));
		buf_adds(&r->out, "</td></tr>");
		buf_release(&date);
	}
	buf_adds(&r->out, "</table>");
	PQclear(res);
	page_end(r);
}

void page_sources(struct req *r)
{
	const char *lang;
	struct err e = { "" };
	PGresult *res;

	if (auth_require(r, ROLE_READERS | ROLE_ADMIN) < 0)
		return;
	lang = web_lang(r);
	res = db_query(r->db,
		"SELECT source, coalesce(to_char(last_ok AT TIME ZONE"
		" mediamon_timezone(), 'YYYY-MM-DD HH24:MI'), '-'), week,"
		" body_pct, date_pct, silent, failing, coalesce(last_error, ''),"
		" enabled FROM v_source_health ORDER BY source", 0, NULL, &e);
	if (!res) {
		web_fail_db(r, "sources", &e);
		return;
	}
	page_begin(r, tr(lang, "Sources"));
	buf_adds(&r->out, "<table><tr><th>");
	out_text(r, tr(lang, "source"));
	buf_adds(&r->out, "</th><th>");
	out_text(r, tr(lang, "last answer"));
	buf_adds(&r->out, "</th><th>7d</th><th>body %</th><th>date %</th>"
		 "<th>");
	out_text(r, tr(lang, "problem"));
	buf_adds(&r->out, "</th></tr>");
	for (int i = 0; i < PQntuples(res); i++) {
		buf_adds(&r->out, "<tr><td>");
		out_text(r, PQgetvalue(res, i, 0));
		for (int c = 1; c < 5; c++) {
			buf_adds(&r->out, "</td><td>");
			out_text(r, PQgetvalue(res, i, c));
		}
		buf_adds(&r->out, "</td><td>");
		if (PQgetvalue(res, i, 8)[0] == 'f')
			out_text(r, tr(lang, "disabled"));
		else if (PQgetvalue(res, i, 6)[0] == 't')
			out_text(r, PQgetvalue(res, i, 7));
		else if (PQgetvalue(res, i, 5)[0] == 't')
			out_text(r, tr(lang, "silent: nothing new for 3 days"));
		buf_adds(&r->out, "</td></tr>");
	}
	buf_adds(&r->out, "</table>");
	PQclear(res);
	page_end(r);
}

const char *case_scope(const struct req *r)
{
	return r->user.role_bit & (ROLE_DEPARTMENT | ROLE_REGIONAL) ?
	       r->user.unit : NULL;
}

void api_cases(struct req *r, const char *id)
{
	struct cases_filter f = { web_arg(r, "status"),
				  web_arg(r, "department"), NULL, id };
	struct err e = { "" };
	PGresult *res;

	if (auth_require(r, ROLE_READERS | ROLE_DEPARTMENT |
			 ROLE_REGIONAL) < 0)
		return;
	/* a unit sees its own cases only, whatever it asks for */
	if (r->user.role_bit & ROLE_DEPARTMENT)
		f.department = r->user.unit;
	if (r->user.role_bit & ROLE_REGIONAL)
		f.office = r->user.unit;
	res = cases_query(r->db, &f, &e);
	if (!res) {
		web_fail_db(r, "cases", &e);
		return;
	}
	if (id && !PQntuples(res)) {
		PQclear(res);
		web_fail(r, MHD_HTTP_NOT_FOUND, "not found");
		return;
	}
	r->ctype = "application/json";
	cases_json(res, &r->out);
	PQclear(res);
}

/*
 * materials.c - the press department's day: every material mentioning
 * the office, filtered by date, outlet, tonality, region and category,
 * with the tonality correction (press and analysts) and the "answered"
 * mark (press).
 */
#include "web_int.h"
#include "common/day.h"
#include "common/html.h"
#include "common/hex.h"
#include "common/i18n.h"
#include "digest/decisions.h"
#include "digest/digest_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One material: its row and the filters of the request. */
#define MATERIAL_ROW \
	"SELECT a.id, to_char(aa.day_at AT TIME ZONE mediamon_timezone()," \
	"       'HH24:MI'), s.name, coalesce(a.title, a.canonical_url)," \
	"       a.canonical_url, coalesce(o.tonality, aa.tonality)," \
	"       o.tonality IS NOT NULL," \
	"       (SELECT url FROM responses WHERE article_id = a.id" \
	"         ORDER BY responded_at LIMIT 1)," \
	"       array_to_string(aa.regions, ', '), aa.day_at" \
	"  FROM w, article_analysis aa" \
	"  JOIN articles a ON a.id = aa.article_id" \
	"  JOIN sources s ON s.id = a.source_id" \
	"  LEFT JOIN tonality_overrides o ON o.article_id = aa.article_id" \
	" WHERE aa.day_at >= w.t0 AND aa.day_at < w.t1 AND NOT s.own" \
	"   AND ($2::text IS NULL OR s.name = $2)" \
	"   AND ($3::text IS NULL OR coalesce(o.tonality, aa.tonality) = $3)" \
	"   AND ($4::text IS NULL OR $4 = ANY (aa.regions))" \
	"   AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM violations v" \
	"        WHERE v.article_id = a.id AND v.category = $5))"

/* The day's materials, newest first: the analyses that mention the
 * office, read backwards through their partial index on the article's
 * moment (sql/011_analysis_day.sql) and joined row by row, so a page
 * reads about as many articles as it shows; and the few that only a
 * person's tonality made mentioning. */
static const char list_sql[] =
	"WITH w AS (SELECT $1::date::timestamp AT TIME ZONE mediamon_timezone()"
	"                  AS t0,"
	"                  ($1::date + 1)::timestamp AT TIME ZONE"
	"                  mediamon_timezone() AS t1)"
	"SELECT * FROM ((" MATERIAL_ROW
	"   AND aa.tonality IS NOT NULL"
	" ORDER BY aa.day_at DESC, aa.article_id DESC"
	" LIMIT $6::int + 1 + $7::int)"
	" UNION ALL (" MATERIAL_ROW
	"   AND aa.tonality IS NULL AND o.tonality IS NOT NULL)) m"
	" ORDER BY 10 DESC, 1 DESC"
	" LIMIT $6::int + 1 OFFSET $7::int";

/* "chui, osh" as the regions' names. */
static void regions(struct req *r, const char *ids)
{
	char id[64];

	while (*ids) {
		size_t n = strcspn(ids, ",");

		snprintf(id, sizeof(id), "%.*s", (int)n, ids);
		out_text(r, config_region_name(r->o->cfg, id));
		ids += n;
		while (*ids == ',' || *ids == ' ')
			ids++;
		if (*ids)
			buf_adds(&r->out, ", ");
	}
}

/* Rows a page shows: the newest first, a link to the next page.  A page
 * reads the articles of the day down to its last row, so a short page
 * keeps it quick on a day of 20,000 articles. */
#define PAGE_ROWS 100
#define MAX_PAGE 200

/* The link to page n of the same filters. */
static void page_link(struct req *r, const char *const *p, int n,
		      const char *label)
{
	static const char *const names[] = { "date", "source", "tonality",
					     "region", "category" };

	buf_adds(&r->out, "<a href=\"/materials?");
	for (int i = 0; i < 5; i++) {
		if (!p[i])
			continue;
		buf_addf(&r->out, "%s=", names[i]);
		for (const unsigned char *c = (const unsigned char *)p[i]; *c;
		     c++) {
			if ((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') ||
			    (*c >= 'A' && *c <= 'Z') || strchr("-_.~", *c))
				buf_addch(&r->out, (char)*c);
			else
				hex_add_pct(&r->out, *c);
		}
		buf_adds(&r->out, "&amp;");
	}
	buf_addf(&r->out, "page=%d\">", n);
	out_text(r, label);
	buf_adds(&r->out, "</a>");
}

/* A filter value, or NULL when absent or empty. */
static const char *filter(struct req *r, const char *name)
{
	const char *v = web_arg(r, name);

	return v && *v ? v : NULL;
}

static void tonality_form(struct req *r, const char *id, const char *ds,
			  const char *current)
{
	static const char *const t[] = { "positive", "neutral", "negative" };
	const char *lang = web_lang(r);

	buf_addf(&r->out, "<form class=\"inline\" method=\"post\" "
		 "action=\"/materials/%s/tonality\">", id);
	form_csrf(r);
	buf_adds(&r->out, "<input type=\"hidden\" name=\"date\" value=\"");
	out_text(r, ds);
	buf_adds(&r->out, "\"><select name=\"tonality\">");
	for (int i = 0; i < 3; i++) {
		buf_addf(&r->out, "<option value=\"%s\"%s>", t[i],
			 !strcmp(t[i], current) ? " selected" : "");
		out_text(r, digest_tonality_tag(lang, t[i]));
		buf_adds(&r->out, "</option>");
	}
	buf_adds(&r->out, "</select> <input name=\"note\" size=\"12\" "
		 "placeholder=\"");
	out_text(r, tr(lang, "note"));
	buf_adds(&r->out, "\"> <button>");
	out_text(r, tr(lang, "Correct"));
	buf_adds(&r->out, "</button></form>");
}

static void answer_form(struct req *r, const char *id, const char *ds)
{
	const char *lang = web_lang(r);

	buf_addf(&r->out, "<form class=\"inline\" method=\"post\" "
		 "action=\"/materials/%s/respond\">", id);
	form_csrf(r);
	buf_adds(&r->out, "<input type=\"hidden\" name=\"date\" value=\"");
	out_text(r, ds);
	buf_adds(&r->out, "\"><input name=\"url\" type=\"url\" size=\"16\" "
		 "placeholder=\"https://...\"> <select name=\"kind\">"
		 "<option value=\"statement\">");
	out_text(r, tr(lang, "statement"));
	buf_adds(&r->out, "</option><option value=\"briefing\">");
	out_text(r, tr(lang, "briefing"));
	buf_adds(&r->out, "</option><option value=\"refutation\">");
	out_text(r, tr(lang, "refutation"));
	buf_adds(&r->out, "</option></select> <button>");
	out_text(r, tr(lang, "Answered"));
	buf_adds(&r->out, "</button></form>");
}

void page_materials(struct req *r)
{
	const char *lang, *date = filter(r, "date");
	char ds[11];
	struct day d;
	struct err e = { "" };
	const char *p[7], *pg = filter(r, "page");
	char limit[16], offset[16];
	PGresult *res;
	int can_correct, can_answer, page = 1, rows;

	if (auth_require(r, ROLE_READERS) < 0)
		return;
	lang = web_lang(r);
	if (!date || day_parse(date, &d) < 0)
		d = day_today(r->o->cfg ? r->o->cfg->timezone : "UTC");
	day_format(&d, ds);
	p[0] = ds;
	p[1] = filter(r, "source");
	p[2] = filter(r, "tonality");
	p[3] = filter(r, "region");
	p[4] = filter(r, "category");
	if (pg) {
		char *end;
		long n = strtol(pg, &end, 10);

		if (*end || n < 1 || n > MAX_PAGE) {
			web_fail(r, MHD_HTTP_BAD_REQUEST, "bad page");
			return;
		}
		page = (int)n;
	}
	snprintf(limit, sizeof(limit), "%d", PAGE_ROWS);
	snprintf(offset, sizeof(offset), "%d", (page - 1) * PAGE_ROWS);
	p[5] = limit;
	p[6] = offset;
	res = db_query(r->db, list_sql, 7, p, &e);
	if (!res) {
		web_fail_db(r, "materials", &e);
		return;
	}
	can_correct = r->user.role_bit & (ROLE_PRESS | ROLE_ANALYST);
	can_answer = r->user.role_bit & ROLE_PRESS;
	page_begin(r, tr(lang, "Materials"));
	/* the filters, as a plain GET form: they work without scripts */
	buf_adds(&r->out, "<form method=\"get\" action=\"/materials\"><input "
		 "type=\"date\" name=\"date\" value=\"");
	out_text(r, ds);
	buf_adds(&r->out, "\"> <input name=\"source\" size=\"10\" "
		 "placeholder=\"");
	out_text(r, tr(lang, "outlet"));
	buf_adds(&r->out, "\" value=\"");
	out_text(r, p[1] ? p[1] : "");
	buf_adds(&r->out, "\"> <input name=\"region\" size=\"10\" "
		 "placeholder=\"");
	out_text(r, tr(lang, "region"));
	buf_adds(&r->out, "\" value=\"");
	out_text(r, p[3] ? p[3] : "");
	buf_adds(&r->out, "\"> <input name=\"category\" size=\"10\" "
		 "placeholder=\"");
	out_text(r, tr(lang, "violation"));
	buf_adds(&r->out, "\" value=\"");
	out_text(r, p[4] ? p[4] : "");
	buf_adds(&r->out, "\"> <select name=\"tonality\"><option value=\"\">"
		 "*</option>");
	for (int i = 0; i < 3; i++) {
		static const char *const t[] = { "negative", "neutral",
						 "positive" };

		buf_addf(&r->out, "<option value=\"%s\"%s>", t[i],
			 p[2] && !strcmp(p[2], t[i]) ? " selected" : "");
		out_text(r, digest_tonality_tag(lang, t[i]));
		buf_adds(&r->out, "</option>");
	}
	buf_adds(&r->out, "</select> <button>");
	out_text(r, tr(lang, "Show"));
	buf_adds(&r->out, "</button></form><table><tr><th></th><th>");
	out_text(r, tr(lang, "outlet"));
	buf_adds(&r->out, "</th><th>");
	out_text(r, tr(lang, "material"));
	buf_adds(&r->out, "</th><th>");
	out_text(r, tr(lang, "tonality"));
	buf_adds(&r->out, "</th></tr>");
	rows = PQntuples(res) < PAGE_ROWS ? PQntuples(res) : PAGE_ROWS;
	for (int i = 0; i < rows; i++) {
		const char *id = PQgetvalue(res, i, 0);
		const char *ton = PQgetvalue(res, i, 5);

		buf_adds(&r->out, "<tr><td>");
		out_text(r, PQgetvalue(res, i, 1));
		buf_adds(&r->out, "</td><td>");
		out_text(r, PQgetvalue(res, i, 2));
		buf_adds(&r->out, "</td><td><a href=\"");
		html_url(&r->out, PQgetvalue(res, i, 4));
		buf_adds(&r->out, "\">");
		out_text(r, PQgetvalue(res, i, 3));
		buf_adds(&r->out, "</a> <span class=\"sub\">");
		regions(r, PQgetvalue(res, i, 8));
		buf_adds(&r->out, "</span>");
		if (!PQgetisnull(res, i, 7)) {
			buf_adds(&r->out, "<br><span class=\"sub\">");
			out_text(r, tr(lang, "answered"));
			buf_adds(&r->out, ": <a href=\"");
			html_url(&r->out, PQgetvalue(res, i, 7));
			buf_adds(&r->out, "\">");
			out_text(r, PQgetvalue(res, i, 7));
			buf_adds(&r->out, "</a></span>");
		} else if (can_answer && !strcmp(ton, "negative")) {
			buf_adds(&r->out, "<br>");
			answer_form(r, id, ds);
		}
		buf_addf(&r->out, "</td><td><span class=\"tag %s\">", ton);
		out_text(r, digest_tonality_tag(lang, ton));
		buf_adds(&r->out, "</span>");
		if (PQgetvalue(res, i, 6)[0] == 't')
			buf_adds(&r->out, " &#9998;");
		if (can_correct) {
			buf_adds(&r->out, "<br>");
			tonality_form(r, id, ds, ton);
		}
		buf_adds(&r->out, "</td></tr>");
	}
	buf_adds(&r->out, "</table><p>");
	if (page > 1)
		page_link(r, p, page - 1, tr(lang, "newer"));
	if (page > 1 && PQntuples(res) > PAGE_ROWS)
		buf_adds(&r->out, " &middot; ");
	if (PQntuples(res) > PAGE_ROWS && page < MAX_PAGE)
		page_link(r, p, page + 1, tr(lang, "older"));
	buf_adds(&r->out, "</p>");
	PQclear(res);
	page_end(r);
}

void post_material(struct req *r, const char *id, const char *what)
{
	const char *date = web_field(r, "date");
	struct err e = { "" };
	struct day d;
	char back[64], out[32];
	int rc;

	if (!strcmp(what, "tonality")) {
		const char *t = web_field(r, "tonality");
		const char *note = web_field(r, "note");

		if (auth_require(r, ROLE_PRESS | ROLE_ANALYST) < 0 ||
		    auth_csrf(r) < 0)
			return;
		if (!decision_tonality_valid(t)) {
			web_fail(r, MHD_HTTP_BAD_REQUEST, "bad tonality");
			return;
		}
		rc = decision_tonality(r->db, id, t, note && *note ? note :
				       NULL, r->user.name, out, &e);
		if (rc == 0)
			auth_audit(r, "tonality", id, t);
	} else if (!strcmp(what, "respond")) {
		const char *url = web_field(r, "url");
		const char *kind = web_field(r, "kind");

		if (auth_require(r, ROLE_PRESS) < 0 || auth_csrf(r) < 0)
			return;
		if (!url || (strncmp(url, "http://", 7) &&
			     strncmp(url, "https://", 8)) ||
		    !decision_kind_valid(kind)) {
			web_fail(r, MHD_HTTP_BAD_REQUEST, "bad answer");
			return;
		}
		rc = decision_respond(r->db, id, url, kind, r->user.name, out,
				      &e);
		if (rc == 0)
			auth_audit(r, "respond", id, url);
	} else {
		web_fail(r, MHD_HTTP_NOT_FOUND, "not found");
		return;
	}
	if (rc > 0) {
		web_fail(r, MHD_HTTP_NOT_FOUND, "not found");
		return;
	}
	if (rc < 0) {
		web_fail_db(r, what, &e);
		return;
	}
	/* back to the day the form was on (only a date is taken) */
	if (date && day_parse(date, &d) == 0) {
		char ds[11];

		day_format(&d, ds);
		snprintf(back, sizeof(back), "/materials?date=%s", ds);
	} else {
		snprintf(back, sizeof(back), "/materials");
	}
	web_redirect(r, back);
}

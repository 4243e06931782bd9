/*
 * analysts_pages.c - the analysts' questions in the browser: /trends
 * (the counts of "mediamon trends", drawn) and /search (its ranked
 * full-text search), with /api/trends and /api/search answering the
 * command line's JSON.  The queries are the report library's, so a page,
 * the API and the command agree to the article.
 */
#include "web_int.h"
#include "page_cache.h"
#include "common/day.h"
#include "common/html.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "digest/digest_int.h"
#include "digest/report/report.h"
#include "digest/svg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The longest period a page or the API counts (ten years): every value
 * of a request is bounded. */
#define TRENDS_MAX_DAYS 3660
#define TRENDS_TOP_GROUPS 25

static const char *const by_words[] = { N_("day"), N_("week"),
					N_("month") };
static const char *const group_words[] = { N_("tonality"), N_("source"),
					   N_("region"), N_("category"),
					   N_("department") };
static const char *const tonalities[] = { "positive", "neutral",
					  "negative" };

/* A non-empty query argument, or NULL. */
static const char *arg(struct req *r, const char *name)
{
	const char *v = web_arg(r, name);

	return v && *v ? v : NULL;
}

/* The date argument name into out (YYYY-MM-DD), def when absent; -1 (and
 * a 400 answer) when present and not a date. */
static int date_arg(struct req *r, const char *name, struct day def,
		    char out[11])
{
	const char *v = arg(r, name);
	struct day d = def;

	if (v && day_parse(v, &d) < 0) {
		web_fail(r, MHD_HTTP_BAD_REQUEST, "bad date");
		return -1;
	}
	day_format(&d, out);
	return 0;
}

/* The trends query of the request's arguments, with the page's defaults
 * (the last 30 days by day, by tonality).  -1 with a 400 answer set. */
static int trends_args(struct req *r, struct trends_query *q,
		       char from[11], char to[11])
{
	const char *by = arg(r, "by"), *group = arg(r, "group");
	struct day today = day_today(r->o->cfg ? r->o->cfg->timezone : "UTC");
	struct day a, b;
	char last[11];
	int ib = by ? trends_by_parse(by) : TRENDS_DAY;
	int ig = group ? trends_group_parse(group) : TG_TONALITY;

	if (date_arg(r, "to", today, to) < 0)
		return -1;
	day_parse(to, &b);
	if (date_arg(r, "from", day_add(b, -29), from) < 0)
		return -1;
	if (ib < 0 || ig < 0) {
		web_fail(r, MHD_HTTP_BAD_REQUEST, ib < 0 ?
			 "by must be day, week or month" :
			 "group must be tonality, source, region, category "
			 "or department");
		return -1;
	}
	day_parse(from, &a);
	b = day_add(a, TRENDS_MAX_DAYS);
	day_format(&b, last);
	if (strcmp(from, to) > 0 || strcmp(to, last) > 0) {
		web_fail(r, MHD_HTTP_BAD_REQUEST, "bad period");
		return -1;
	}
	q->from = from;
	q->to = to;
	q->by = (enum trends_by)ib;
	q->group = (enum trends_group)ig;
	q->source = arg(r, "source");
	return 0;
}

/* A group's name for the reader: a tonality, region, category or
 * department in the page's language, an outlet as it is called. */
static const char *group_name(struct req *r, enum trends_group g,
			      const char *id)
{
	const char *lang = web_lang(r);
	const struct route_unit *u;

	if (!id)
		return g == TG_REGION ? tr(lang, "national or not stated") :
			g == TG_DEPARTMENT ? tr(lang, "no department") :
			tr(lang, "no category");
	switch (g) {
	case TG_TONALITY:
		return digest_tonality_tag(lang, id);
	case TG_REGION:
		return r->o->cfg ? config_region_name(r->o->cfg, id) : id;
	case TG_CATEGORY:
		return tr(lang, digest_category_label(id));
	case TG_DEPARTMENT:
		u = r->o->rt ? routing_department(r->o->rt, id) : NULL;
		return u && u->name ? u->name : id;
	default:
		return id;
	}
}

static void select_words(struct req *r, const char *name,
			 const char *const *words, int n, int current)
{
	const char *lang = web_lang(r);

	buf_addf(&r->out, "<select name=\"%s\">", name);
	for (int i = 0; i < n; i++) {
		buf_addf(&r->out, "<option value=\"%s\"%s>", words[i],
			 i == current ? " selected" : "");
		out_text(r, tr(lang, words[i]));
		buf_adds(&r->out, "</option>");
	}
	buf_adds(&r->out, "</select> ");
}

static void trends_form(struct req *r, const struct trends_query *q)
{
	const char *lang = web_lang(r);

	buf_adds(&r->out, "<form method=\"get\" action=\"/trends\">"
		 "<input type=\"date\" name=\"from\" value=\"");
	out_text(r, q->from);
	buf_adds(&r->out, "\"> &ndash; <input type=\"date\" name=\"to\" "
		 "value=\"");
	out_text(r, q->to);
	buf_adds(&r->out, "\"> ");
	select_words(r, "by", by_words, 3, q->by);
	select_words(r, "group", group_words, 5, q->group);
	buf_adds(&r->out, "<input name=\"source\" size=\"10\" placeholder=\"");
	out_text(r, tr(lang, "outlet"));
	buf_adds(&r->out, "\" value=\"");
	out_text(r, q->source ? q->source : "");
	buf_adds(&r->out, "\"> <button>");
	out_text(r, tr(lang, "Show"));
	buf_adds(&r->out, "</button></form>");
}

/* The periods of rows in their order (rows come sorted by period). */
static int periods(const struct trends_rows *rows, const char **out)
{
	int n = 0;

	for (size_t i = 0; i < rows->n; i++)
		if (!n || strcmp(out[n - 1], rows->v[i].period))
			out[n++] = rows->v[i].period;
	return n;
}

/* Tonality: stacked columns per period, then the table of counts. */
static void trends_tonality(struct req *r, const struct trends_rows *rows)
{
	const char *lang = web_lang(r);
	const char **labels = xcalloc(rows->n + 1, sizeof(*labels));
	int n = periods(rows, labels);
	int *cnt = xcalloc(3 * (size_t)n + 1, sizeof(*cnt));
	int *pos = cnt, *neu = cnt + n, *neg = cnt + 2 * n;

	for (size_t i = 0, k = 0; i < rows->n; i++) {
		const struct trends_row *t = &rows->v[i];

		while (strcmp(labels[k], t->period))
			k++;
		if (!t->group)
			continue;
		if (!strcmp(t->group, "positive"))
			pos[k] += (int)t->count;
		else if (!strcmp(t->group, "neutral"))
			neu[k] += (int)t->count;
		else if (!strcmp(t->group, "negative"))
			neg[k] += (int)t->count;
	}
	if (n)
		svg_tonality_columns(&r->out, labels, pos, neu, neg, n,
				     n > 16 ? (n + 7) / 8 : 1,
				     tr(lang, "mentions of the office"));
	buf_adds(&r->out, "<table><tr><th>");
	out_text(r, tr(lang, "period"));
	for (int c = 0; c < 3; c++) {
		buf_addf(&r->out, "</th><th><span class=\"tag %s\">",
			 tonalities[c]);
		out_text(r, digest_tonality_tag(lang, tonalities[c]));
		buf_adds(&r->out, "</span>");
	}
	buf_adds(&r->out, "</th><th>");
	out_text(r, tr(lang, "total"));
	buf_adds(&r->out, "</th></tr>");
	for (int k = 0; k < n; k++) {
		buf_adds(&r->out, "<tr><td>");
		out_text(r, labels[k]);
		buf_addf(&r->out, "</td><td>%d</td><td>%d</td><td>%d</td>"
			 "<td>%d</td></tr>", pos[k], neu[k], neg[k],
			 pos[k] + neu[k] + neg[k]);
	}
	buf_adds(&r->out, "</table>");
	free(cnt);
	free(labels);
}

struct group_total {
	const char *id;
	long count;
};

static int by_count(const void *a, const void *b)
{
	const struct group_total *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	if (!x->id || !y->id)
		return !x->id - !y->id;
	return strcmp(x->id, y->id);
}

/* Outlets, regions, categories, departments: the largest groups of the
 * whole period as bars, then every period's counts. */
static void trends_groups(struct req *r, enum trends_group g,
			  const struct trends_rows *rows)
{
	const char *lang = web_lang(r);
	struct group_total *tot = xcalloc(rows->n + 1, sizeof(*tot));
	size_t n = 0;
	long max = 1;

	for (size_t i = 0; i < rows->n; i++) {
		const char *id = rows->v[i].group;
		size_t k;

		for (k = 0; k < n; k++)
			if (id ? tot[k].id && !strcmp(tot[k].id, id) :
			    !tot[k].id)
				break;
		if (k == n)
			tot[n++].id = id;
		tot[k].count += rows->v[i].count;
	}
	qsort(tot, n, sizeof(*tot), by_count);
	if (n && tot[0].count > max)
		max = tot[0].count;
	buf_adds(&r->out, "<table><tr><th>");
	out_text(r, tr(lang, group_words[g]));
	buf_adds(&r->out, "</th><th>");
	out_text(r, tr(lang, "total"));
	buf_adds(&r->out, "</th><th></th></tr>");
	for (size_t k = 0; k < n && k < TRENDS_TOP_GROUPS; k++) {
		buf_adds(&r->out, "<tr><td>");
		out_text(r, group_name(r, g, tot[k].id));
		buf_addf(&r->out, "</td><td>%ld</td><td style=\"width:50%%\">"
			 "<span class=\"bar\" style=\"width:%ld%%\"></span>"
			 "</td></tr>", tot[k].count,
			 tot[k].count * 100 / max);
	}
	buf_adds(&r->out, "</table><details><summary>");
	out_text(r, tr(lang, "by period"));
	buf_adds(&r->out, "</summary><table><tr><th>");
	out_text(r, tr(lang, "period"));
	buf_adds(&r->out, "</th><th>");
	out_text(r, tr(lang, group_words[g]));
	buf_adds(&r->out, "</th><th>");
	out_text(r, tr(lang, "count"));
	buf_adds(&r->out, "</th></tr>");
	for (size_t i = 0; i < rows->n; i++) {
		buf_adds(&r->out, "<tr><td>");
		out_text(r, rows->v[i].period);
		buf_adds(&r->out, "</td><td>");
		out_text(r, group_name(r, g, rows->v[i].group));
		buf_addf(&r->out, "</td><td>%ld</td></tr>", rows->v[i].count);
	}
	buf_adds(&r->out, "</table></details>");
	free(tot);
}

/* The key a trends page or answer is kept under: what was asked, in
 * which language, as what. */
static void trends_key(struct buf *k, const char *what,
		       const struct trends_query *q, const char *lang)
{
	buf_addf(k, "%s/%s/%s/%d/%d/%s/", what, q->from, q->to, (int)q->by,
		 (int)q->group, lang);
	buf_adds(k, q->source ? q->source : "");	/* last: any text */
}

/* The trends of q as the page's body, after its form. */
static int trends_body(struct req *r, const struct trends_query *q,
		       const char *lang, struct err *e)
{
	struct trends_rows rows = TRENDS_ROWS_INIT;

	if (trends_load(r->db, q, &rows, e) < 0) {
		trends_rows_release(&rows);
		return -1;
	}
	trends_form(r, q);
	/* what is counted: the groups of mentions or of violations */
	buf_adds(&r->out, "<p class=\"sub\">");
	out_text(r, q->group == TG_TONALITY || q->group == TG_SOURCE ?
		 tr(lang, "mentions of the office") :
		 tr(lang, "Reported violations and their cases"));
	buf_adds(&r->out, "</p>");
	if (!rows.n) {
		buf_adds(&r->out, "<p class=\"note\">");
		out_text(r, tr(lang, "Nothing in this period."));
		buf_adds(&r->out, "</p>");
	} else if (q->group == TG_TONALITY) {
		trends_tonality(r, &rows);
	} else {
		trends_groups(r, q->group, &rows);
	}
	trends_rows_release(&rows);
	return 0;
}

/* Append the trends of q as the page's body (html) or the API's JSON,
 * kept while the data is unchanged (page_cache.h).  -1 with the cause
 * in e. */
static int trends_kept(struct req *r, const struct trends_query *q,
		       int html, struct err *e)
{
	const char *lang = web_lang(r);
	struct buf key = BUF_INIT;
	struct page_fill f;
	int ret = 0;

	trends_key(&key, html ? "trends" : "api/trends", q, lang);
	r->cache = "hit";
	if (page_cache_get(r->db, key.data, &r->out))
		goto out;
	r->cache = "miss";
	ret = page_cache_fill_begin(r->db, &f, &r->out, e);
	if (!ret)
		ret = html ? trends_body(r, q, lang, e) :
		      trends_write(r->db, q, RF_JSON, 0, &r->out, e);
	if (ret < 0)
		page_cache_fill_abort(r->db);
	else
		page_cache_fill_end(r->db, &f, key.data, &r->out);
out:
	buf_release(&key);
	return ret;
}

/* The trends page (html) or the API's answer. */
static void trends_answer(struct req *r, int html)
{
	struct trends_query q = { 0 };
	struct err e = { "" };
	char from[11], to[11];

	if (auth_require(r, ROLE_READERS) < 0 ||
	    trends_args(r, &q, from, to) < 0)
		return;
	if (html)
		page_begin(r, tr(web_lang(r), "Trends"));
	if (trends_kept(r, &q, html, &e) < 0) {
		web_fail_db(r, "trends", &e);
		return;
	}
	if (html)
		page_end(r);
	else
		r->ctype = "application/json";
}

void page_trends(struct req *r)
{
	trends_answer(r, 1);
}

void api_trends(struct req *r)
{
	trends_answer(r, 0);
}

/* ---- search ---- */

#define SEARCH_MAX_WORDS 512

/* The search query of the request; -1 with a 400 answer set. */
static int search_args(struct req *r, struct search_query *q,
		       char from[11], char to[11])
{
	const char *lim = arg(r, "limit"), *ton = arg(r, "tonality");
	struct day d = { 0 };

	q->text = arg(r, "q");
	q->source = arg(r, "source");
	q->limit = 20;
	from[0] = to[0] = '\0';
	if (q->text && strlen(q->text) > SEARCH_MAX_WORDS) {
		web_fail(r, MHD_HTTP_BAD_REQUEST, "query too long");
		return -1;
	}
	if ((arg(r, "from") && date_arg(r, "from", d, from) < 0) ||
	    (arg(r, "to") && date_arg(r, "to", d, to) < 0))
		return -1;
	q->from = from[0] ? from : NULL;
	q->to = to[0] ? to : NULL;
	if (ton && strcmp(ton, "positive") && strcmp(ton, "neutral") &&
	    strcmp(ton, "negative")) {
		web_fail(r, MHD_HTTP_BAD_REQUEST, "bad tonality");
		return -1;
	}
	q->tonality = ton;
	if (lim) {
		char *end;
		long n = strtol(lim, &end, 10);

		if (*end || n < 1 || n > 200) {
			web_fail(r, MHD_HTTP_BAD_REQUEST,
				 "limit must be a number from 1 to 200");
			return -1;
		}
		q->limit = (int)n;
	}
	return 0;
}

/* A snippet with its "**" marks as <mark>, everything else escaped. */
static void snippet(struct req *r, const char *s)
{
	struct buf piece = BUF_INIT;
	int open = 0;

	for (;;) {
		const char *m = strstr(s, "**");
		size_t n = m ? (size_t)(m - s) : strlen(s);

		buf_reset(&piece);
		buf_add(&piece, s, n);
		html_text(&r->out, piece.len ? piece.data : "");
		if (!m)
			break;
		buf_adds(&r->out, open ? "</mark>" : "<mark>");
		open = !open;
		s = m + 2;
	}
	if (open)
		buf_adds(&r->out, "</mark>");
	buf_release(&piece);
}

static void search_form(struct req *r, const struct search_query *q)
{
	const char *lang = web_lang(r);

	buf_adds(&r->out, "<form method=\"get\" action=\"/search\">"
		 "<input name=\"q\" size=\"40\" autofocus value=\"");
	out_text(r, q->text ? q->text : "");
	buf_adds(&r->out, "\"> <input type=\"date\" name=\"from\" value=\"");
	out_text(r, q->from ? q->from : "");
	buf_adds(&r->out, "\"> &ndash; <input type=\"date\" name=\"to\" "
		 "value=\"");
	out_text(r, q->to ? q->to : "");
	buf_adds(&r->out, "\"> <input name=\"source\" size=\"10\" "
		 "placeholder=\"");
	out_text(r, tr(lang, "outlet"));
	buf_adds(&r->out, "\" value=\"");
	out_text(r, q->source ? q->source : "");
	buf_adds(&r->out, "\"> <select name=\"tonality\"><option value=\"\">"
		 "*</option>");
	for (int i = 0; i < 3; i++) {
		buf_addf(&r->out, "<option value=\"%s\"%s>", tonalities[i],
			 q->tonality && !strcmp(q->tonality, tonalities[i]) ?
			 " selected" : "");
		out_text(r, digest_tonality_tag(lang, tonalities[i]));
		buf_adds(&r->out, "</option>");
	}
	buf_adds(&r->out, "</select> <button>");
	out_text(r, tr(lang, "Search"));
	buf_adds(&r->out, "</button></form>");
}

void page_search(struct req *r)
{
	struct search_query q = { 0 };
	struct search_hits hits = SEARCH_HITS_INIT;
	struct err e = { "" };
	char from[11], to[11];
	const char *lang;

	if (auth_require(r, ROLE_READERS) < 0 ||
	    search_args(r, &q, from, to) < 0)
		return;
	if (q.text && search_load(r->db, &q, &hits, &e) < 0) {
		search_hits_release(&hits);
		web_fail_db(r, "search", &e);
		return;
	}
	lang = web_lang(r);
	page_begin(r, tr(lang, "Search"));
	search_form(r, &q);
	if (q.text && !hits.n) {
		buf_adds(&r->out, "<p class=\"note\">");
		out_text(r, tr(lang, "Nothing found."));
		buf_adds(&r->out, "</p>");
	}
	for (size_t i = 0; i < hits.n; i++) {
		const struct search_hit *h = &hits.v[i];

		buf_adds(&r->out, "<div class=\"hit\"><a href=\"");
		html_url(&r->out, h->url);
		buf_adds(&r->out, "\">");
		out_text(r, *h->title ? h->title : h->url);
		buf_adds(&r->out, "</a> ");
		if (h->tonality) {
			buf_addf(&r->out, "<span class=\"tag %s\">",
				 h->tonality);
			out_text(r, digest_tonality_tag(lang, h->tonality));
			buf_adds(&r->out, "</span>");
		}
		buf_adds(&r->out, "<br><span class=\"sub\">");
		out_text(r, h->source);
		buf_adds(&r->out, " &middot; ");
		out_text(r, h->local);
		buf_adds(&r->out, "</span><br>");
		snippet(r, h->snippet);
		buf_adds(&r->out, "</div>");
	}
	search_hits_release(&hits);
	page_end(r);
}

void api_search(struct req *r)
{
	struct search_query q = { 0 };
	struct err e = { "" };
	char from[11], to[11];

	if (auth_require(r, ROLE_READERS) < 0 ||
	    search_args(r, &q, from, to) < 0)
		return;
	if (!q.text) {
		web_fail(r, MHD_HTTP_BAD_REQUEST, "q is required");
		return;
	}
	if (search_write(r->db, &q, RF_JSON, &r->out, &e) < 0) {
		buf_reset(&r->out);
		web_fail_db(r, "search", &e);
		return;
	}
	r->ctype = "application/json";
}

/*
 * cases_pages.c - each department's and regional office's case board,
 * one case with its history, and the form that moves it.  A department
 * or regional account sees and changes its own unit's cases only;
 * another unit's case is "not found", whether asked by page, API or a
 * forged POST.  Leadership and analysts read; the press department may
 * move any case.
 */
#include "web_int.h"
#include "common/html.h"
#include "common/i18n.h"
#include "common/json.h"
#include "digest/digest_int.h"
#include "digest/route/cases.h"
#include "digest/route/cases_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The board's columns (cases_board() puts new and sent cases in the
 * first, closed and rejected ones in the last). */
static const char *const columns[] = {
	N_("New"), N_("In review"), N_("Closed"),
};

/* The unit whose cases this user may see: its own, or for the readers
 * the department the request names, or all. */
static struct cases_filter scope(struct req *r, const char *id)
{
	struct cases_filter f = { NULL, NULL, NULL, id };
	const char *dept = web_arg(r, "department");

	if (r->user.role_bit & ROLE_DEPARTMENT)
		f.department = r->user.unit;
	else if (r->user.role_bit & ROLE_REGIONAL)
		f.office = r->user.unit;
	else if (dept && *dept)
		f.department = dept;
	return f;
}

/* The cases this user may see, filtered further by the request. */
static PGresult *scoped(struct req *r, const char *id, struct err *e)
{
	struct cases_filter f = scope(r, id);

	return cases_query(r->db, &f, e);
}

/* Cards per column: a board, not an archive (the API and "mediamon cases
 * list" give every case). */
#define BOARD_CARDS 100

void page_cases(struct req *r)
{
	const char *lang;
	struct err e = { "" };
	struct cases_filter f;
	PGresult *res;
	int i = 0;

	if (auth_require(r, ROLE_READERS | ROLE_DEPARTMENT |
			 ROLE_REGIONAL) < 0)
		return;
	lang = web_lang(r);
	f = scope(r, NULL);
	res = cases_board(r->db, &f, BOARD_CARDS, &e);
	if (!res) {
		web_fail_db(r, "cases", &e);
		return;
	}
	page_begin(r, tr(lang, "Cases"));
	buf_adds(&r->out, "<div class=\"board\">");
	for (int c = 0; c < 3; c++) {
		int n = 0;
		const char *total = "0";

		buf_adds(&r->out, "<div class=\"col\"><b>");
		out_text(r, tr(lang, columns[c]));
		buf_adds(&r->out, "</b>");
		for (; i < PQntuples(res) && atoi(PQgetvalue(res, i, 7)) == c;
		     i++) {
			n++;
			total = PQgetvalue(res, i, 8);
			buf_addf(&r->out, "<div class=\"card\"><a href="
				 "\"/cases/%s\">&numero;&nbsp;%s</a> ",
				 PQgetvalue(res, i, 0), PQgetvalue(res, i, 0));
			out_text(r, tr(lang, digest_category_label(
					       PQgetvalue(res, i, 2))));
			buf_adds(&r->out, ", ");
			out_text(r, *PQgetvalue(res, i, 3) ?
				 config_region_name(r->o->cfg,
						    PQgetvalue(res, i, 3)) :
				 tr(lang, "national"));
			buf_adds(&r->out, "<br>");
			out_text(r, PQgetvalue(res, i, 6));
			buf_adds(&r->out, "<br><span class=\"sub\">");
			out_text(r, PQgetvalue(res, i, 4));
			if (*PQgetvalue(res, i, 5)) {
				buf_adds(&r->out, " / ");
				out_text(r, PQgetvalue(res, i, 5));
			}
			buf_adds(&r->out, " &middot; ");
			out_text(r, PQgetvalue(res, i, 1));
			buf_adds(&r->out, "</span></div>");
		}
		if (!n) {
			buf_adds(&r->out, "<p class=\"sub\">");
			out_text(r, tr(lang, "none"));
			buf_adds(&r->out, "</p>");
		} else if (atoi(total) > n) {
			/* no number inside a translated string: a catalog
			 * cannot break a format */
			buf_adds(&r->out, "<p class=\"sub\">");
			out_text(r, tr(lang, "newest shown"));
			buf_addf(&r->out, ": %d / ", n);
			out_text(r, total);
			buf_adds(&r->out, "</p>");
		}
		buf_adds(&r->out, "</div>");
	}
	buf_adds(&r->out, "</div>");
	PQclear(res);
	page_end(r);
}

static int may_change(const struct req *r)
{
	return r->user.role_bit & (ROLE_PRESS | ROLE_DEPARTMENT |
				   ROLE_REGIONAL);
}

static void change_form(struct req *r, const char *id, const char *status)
{
	static const char *const next[] = { "in_review", "closed", "rejected",
					    "sent" };
	const char *lang = web_lang(r);

	buf_addf(&r->out, "<h2>");
	out_text(r, tr(lang, "Record what was done"));
	buf_addf(&r->out, "</h2><form method=\"post\" action=\"/cases/%s\">",
		 id);
	form_csrf(r);
	buf_adds(&r->out, "<p><select name=\"status\">");
	for (size_t i = 0; i < sizeof(next) / sizeof(*next); i++) {
		if (!strcmp(next[i], status))
			continue;
		buf_addf(&r->out, "<option value=\"%s\">%s</option>", next[i],
			 next[i]);
	}
	buf_adds(&r->out, "</select></p><p><textarea name=\"resolution\" "
		 "rows=\"3\" cols=\"60\" placeholder=\"");
	out_text(r, tr(lang, "resolution or reason"));
	buf_adds(&r->out, "\"></textarea></p><p><button>");
	out_text(r, tr(lang, "Save"));
	buf_adds(&r->out, "</button></p></form>");
}

void page_case(struct req *r, const char *id)
{
	const char *lang;
	struct err e = { "" };
	struct arena a = ARENA_INIT;
	struct json *h;
	PGresult *res;

	if (auth_require(r, ROLE_READERS | ROLE_DEPARTMENT |
			 ROLE_REGIONAL) < 0)
		return;
	lang = web_lang(r);
	res = scoped(r, id, &e);
	if (!res) {
		web_fail_db(r, "cases", &e);
		return;
	}
	if (!PQntuples(res)) {
		PQclear(res);
		web_fail(r, MHD_HTTP_NOT_FOUND, "not found");
		return;
	}
	{
		struct buf title = BUF_INIT;

		buf_addf(&title, tr(lang, "Case %s: %s"), id,
			 tr(lang, digest_category_label(PQgetvalue(res, 0, 2))));
		page_begin(r, title.data);
		buf_release(&title);
	}
	buf_adds(&r->out, "<table>");
	{
		static const struct { const char *label; int col; } rows[] = {
			{ N_("status"), 1 }, { N_("region"), 3 },
			{ N_("department"), 4 }, { N_("regional office"), 5 },
			{ N_("material"), 7 }, { N_("source"), 8 },
			{ N_("resolution"), 11 },
		};

		for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++) {
			buf_adds(&r->out, "<tr><th>");
			out_text(r, tr(lang, rows[i].label));
			buf_adds(&r->out, "</th><td>");
			out_text(r, PQgetvalue(res, 0, rows[i].col));
			buf_adds(&r->out, "</td></tr>");
		}
	}
	buf_adds(&r->out, "</table><p><a href=\"");
	html_url(&r->out, PQgetvalue(res, 0, 6));
	buf_adds(&r->out, "\">");
	out_text(r, PQgetvalue(res, 0, 6));
	buf_adds(&r->out, "</a></p><h2>");
	out_text(r, tr(lang, "History"));
	buf_adds(&r->out, "</h2><table>");
	if (json_parse(PQgetvalue(res, 0, 13), (size_t)PQgetlength(res, 0, 13),
		       &a, &h, &e) == 0)
		for (size_t i = 0; i < h->n; i++) {
			static const char *const keys[] = { "at", "from", "to",
							    "by", "note" };

			buf_adds(&r->out, "<tr>");
			for (int k = 0; k < 5; k++) {
				const char *v = json_get_str(h->vals[i],
							     keys[k]);

				buf_adds(&r->out, "<td>");
				out_text(r, v ? v : "");
				buf_adds(&r->out, "</td>");
			}
			buf_adds(&r->out, "</tr>");
		}
	buf_adds(&r->out, "</table>");
	arena_release(&a);
	if (may_change(r))
		change_form(r, id, PQgetvalue(res, 0, 1));
	PQclear(res);
	page_end(r);
}

void post_case(struct req *r, const char *id)
{
	const char *status = web_field(r, "status");
	const char *resolution = web_field(r, "resolution");
	struct err e = { "" };
	char path[64];
	PGresult *res;
	int to, usage;

	if (auth_require(r, ROLE_PRESS | ROLE_DEPARTMENT | ROLE_REGIONAL) < 0 ||
	    auth_csrf(r) < 0)
		return;
	/* another unit's case is not found, so a forged POST changes
	 * nothing and learns nothing */
	res = scoped(r, id, &e);
	if (!res) {
		web_fail_db(r, "cases", &e);
		return;
	}
	to = PQntuples(res);
	PQclear(res);
	if (!to) {
		web_fail(r, MHD_HTTP_NOT_FOUND, "not found");
		return;
	}
	to = case_status_parse(status);
	if (to < 0) {
		web_fail(r, MHD_HTTP_BAD_REQUEST, "bad status");
		return;
	}
	if (case_update(r->db, atoll(id), (enum case_status)to,
			resolution && *resolution ? resolution : NULL,
			r->user.name, &usage, &e) < 0) {
		if (!usage) {
			web_fail_db(r, "cases", &e);
			return;
		}
		web_fail(r, MHD_HTTP_CONFLICT, e.msg);
		return;
	}
	auth_audit(r, "case", id, status);
	snprintf(path, sizeof(path), "/cases/%s", id);
	web_redirect(r, path);
}

/*
 * report_html.c - the monthly or half-year report as one self-contained
 * HTML file in the digest's style: figures against the period before,
 * inline SVG charts, tables; no scripts and no external files, so that
 * it reads the same in a browser, a mail client and on A4.  Every string
 * from the media or the database goes through html_text()/html_url().
 */
#include "report_int.h"
#include "common/html.h"
#include "common/i18n.h"
#include "common/version.h"
#include "digest/digest_int.h"
#include "digest/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SVG_VISITS "#1a5fa8"

static const char extra_style[] =
	"table.fig td{width:25%}"
	".prev{font-size:11px;color:#7b8794;display:block}"
	"table.list td.n,table.list th.n{text-align:right;"
	"white-space:nowrap}"
	".err{color:#7b8794;font-size:12px}";

/* The headings of the list tables after their first column. */
static const char *const hostile_cols[] = {
	N_("negative"), N_("materials"), N_("negative share"), NULL,
};
static const char *const release_cols[] = {
	N_("pickups"), N_("first after"), N_("site visits, 7 days"), NULL,
};
static const char *const visits_cols[] = {
	N_("site visits"), N_("press releases"), N_("pickups"), NULL,
};
static const char *const group_cols[] = {
	N_("reports"), N_("cases"), N_("closed"), N_("rejected"),
	N_("days to close (median)"), NULL,
};
static const char *const failure_cols[] = {
	N_("failed fetches"), N_("days"), N_("last error"), NULL,
};

static void text(struct buf *b, const char *lang, const char *msgid)
{
	html_text(b, tr(lang, msgid));
}

static void h2(struct buf *b, const char *lang, const char *msgid)
{
	buf_adds(b, "<h2>");
	text(b, lang, msgid);
	buf_adds(b, "</h2>");
}

static void empty(struct buf *b, const char *lang, const char *msgid)
{
	buf_adds(b, "<p class=\"empty\">");
	text(b, lang, msgid);
	buf_adds(b, "</p>");
}

/* A list table's head: the first column's heading (NULL: none), then
 * the others, right-aligned (numbers); the msgids end with NULL. */
static void table_head(struct buf *b, const char *lang, const char *first,
		       const char *const *cols)
{
	buf_adds(b, "<table class=\"list\"><tr><th>");
	if (first)
		text(b, lang, first);
	buf_adds(b, "</th>");
	for (; *cols; cols++) {
		buf_adds(b, "<th class=\"n\">");
		text(b, lang, *cols);
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr>");
}

/* A percentage; NAN of nothing (a period without mentions has no
 * share to compare with). */
static double share(long part, long whole)
{
	return whole ? 100.0 * (double)part / (double)whole : NAN;
}

static void pct_or_dash(struct buf *b, const char *lang, double v)
{
	if (isnan(v))
		buf_adds(b, "&mdash;");
	else
		report_num1(b, lang, v, 1);
}

/* The change from prev to cur: "+12 %" of a count, "+2,3 п. п." of a
 * share; bad_up says whether a rise is bad news (red) or good (green),
 * -1 neither. */
static void change(struct buf *b, const char *lang, double cur, double prev,
		   int points, int bad_up)
{
	double d = points ? cur - prev : prev ? 100 * (cur - prev) / prev : 0;

	if ((!points && !prev) || fabs(d) < 0.05)
		return;
	buf_addf(b, " <span%s>%s", bad_up < 0 ? "" :
		 (d > 0) == bad_up ? " class=\"up\"" : " class=\"down\"",
		 d > 0 ? "+" : "");
	if (points) {
		report_num1(b, lang, d, 0);
		buf_adds(b, "&nbsp;");
		text(b, lang, N_("pp"));
	} else {
		buf_addf(b, "%.0f", d);
		buf_adds(b, strcmp(lang, "en") ? "&nbsp;%" : "%");
	}
	buf_adds(b, "</span>");
}

/* A figure cell: the value, its label, the previous period's value and
 * the change. */
static void figure_count(struct buf *b, const struct report *r,
			 const char *cls, const char *label, long cur,
			 long prev, int bad_up)
{
	buf_addf(b, "<td class=\"%s\"><span class=\"num\">", cls);
	i18n_int(b, r->lang, cur);
	buf_adds(b, "</span><span class=\"lbl\">");
	html_text(b, label);
	buf_adds(b, "</span><span class=\"prev\">");
	text(b, r->lang, N_("before"));
	buf_adds(b, ": ");
	i18n_int(b, r->lang, prev);
	change(b, r->lang, (double)cur, (double)prev, 0, bad_up);
	buf_adds(b, "</span></td>");
}

static void figure_share(struct buf *b, const struct report *r,
			 const char *cls, const char *label, double cur,
			 double prev, int bad_up)
{
	buf_addf(b, "<td class=\"%s\"><span class=\"num\">", cls);
	pct_or_dash(b, r->lang, cur);
	buf_adds(b, "</span><span class=\"lbl\">");
	html_text(b, label);
	buf_adds(b, "</span><span class=\"prev\">");
	text(b, r->lang, N_("before"));
	buf_adds(b, ": ");
	pct_or_dash(b, r->lang, prev);
	if (!isnan(cur) && !isnan(prev))
		change(b, r->lang, cur, prev, 1, bad_up);
	buf_adds(b, "</span></td>");
}

static void header(struct buf *b, const struct report *r)
{
	struct buf name = BUF_INIT, prev = BUF_INIT, from = BUF_INIT,
		   to = BUF_INIT;
	const char *lang = r->lang;
	const char *kind = r->p.half ? N_("Half-year report") :
			   N_("Monthly report");

	report_period_name(&name, lang, &r->p, 0);
	report_period_name(&prev, lang, &r->p, 1);
	i18n_date(&from, lang, r->p.from.y, r->p.from.m, r->p.from.d);
	i18n_date(&to, lang, r->p.to.y, r->p.to.m, r->p.to.d);
	buf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
		 "<meta charset=\"utf-8\">"
		 "<meta name=\"viewport\" content=\"width=device-width, "
		 "initial-scale=1\"><title>", lang);
	text(b, lang, kind);
	buf_adds(b, " &mdash; ");
	html_text(b, name.data);
	buf_addf(b, "</title><style>%s%s</style></head><body>"
		 "<div class=\"page\"><header><div class=\"org\">",
		 digest_style, extra_style);
	text(b, lang, N_("Press service: media monitoring"));
	buf_adds(b, "</div><h1>");
	text(b, lang, kind);
	buf_adds(b, ": ");
	html_text(b, name.data);
	buf_adds(b, "</h1><div class=\"sub\">");
	html_text(b, from.data);
	buf_adds(b, " &ndash; ");
	html_text(b, to.data);
	buf_adds(b, "; ");
	text(b, lang, N_("compared with"));
	buf_adds(b, " ");
	html_text(b, prev.data);
	buf_adds(b, "; ");
	text(b, lang, N_("calendar days in the time zone"));
	buf_adds(b, " ");
	html_text(b, r->timezone);
	buf_adds(b, "</div></header>");
	buf_release(&name);
	buf_release(&prev);
	buf_release(&from);
	buf_release(&to);
}

static void legend(struct buf *b, const char *lang)
{
	buf_adds(b, "<div class=\"legend sub\"><span style=\"background:"
		 SVG_POS "\"></span>");
	text(b, lang, N_("positive"));
	buf_adds(b, "<span style=\"background:" SVG_NEU "\"></span>");
	text(b, lang, N_("neutral"));
	buf_adds(b, "<span style=\"background:" SVG_NEG "\"></span>");
	text(b, lang, N_("negative"));
	buf_adds(b, "</div>");
}

/* Labels of buckets: day numbers of a month, "3 марта" for weeks and
 * month names for months (for a chart, NULL where none is drawn).
 * Strings live in lb (n of them). */
static void bucket_labels(const struct report *r,
			  const struct report_bucket *bk, int n, int unit,
			  int chart, struct buf *lb, const char **labels)
{
	for (int i = 0; i < n; i++) {
		struct day d = bk[i].start;

		buf_init(&lb[i], 0);
		if (unit == 0) {
			buf_addf(&lb[i], "%d", d.d);
		} else if (unit == 1) {
			/* a week that began in the period before */
			if (i == 0 && (d.y < r->p.from.y ||
				       (d.y == r->p.from.y &&
					(d.m < r->p.from.m ||
					 (d.m == r->p.from.m &&
					  d.d < r->p.from.d)))))
				d = r->p.from;
			i18n_day_month(&lb[i], r->lang, d.m, d.d);
		} else {
			struct report_period one = r->p;

			one.half = 0;
			one.from = d;
			report_period_name(&lb[i], r->lang, &one, 0);
		}
		labels[i] = lb[i].data;
	}
	/* the chart labels every 4th week: a last one two weeks after
	 * the one before would run into it */
	if (chart && unit == 1 && n > 1 && (n - 1) % 4)
		labels[n - 1] = NULL;
}

static void release_labels(struct buf *lb, int n)
{
	for (int i = 0; i < n; i++)
		buf_release(&lb[i]);
}

static void volume(struct buf *b, const struct report *r)
{
	const char *lang = r->lang;
	const struct report_counts *c = &r->cur, *p = &r->prev;
	struct buf lb[64];
	const char *labels[64];
	int pos[64], neu[64], neg[64], n = r->n_chart < 64 ? r->n_chart : 64;

	h2(b, lang, N_("Coverage of the office"));
	buf_adds(b, "<table class=\"fig\"><tr>");
	figure_count(b, r, "all", tr(lang, "mentions of the office"),
		     c->mentions, p->mentions, -1);
	figure_share(b, r, "pos", tr(lang, "positive"),
		     share(c->positive, c->mentions),
		     share(p->positive, p->mentions), 0);
	figure_share(b, r, "neu", tr(lang, "neutral"),
		     share(c->neutral, c->mentions),
		     share(p->neutral, p->mentions), -1);
	figure_share(b, r, "neg", tr(lang, "negative"),
		     share(c->negative, c->mentions),
		     share(p->negative, p->mentions), 1);
	buf_adds(b, "</tr></table><p class=\"sub\">");
	{
		struct buf num = BUF_INIT, line = BUF_INIT;

		i18n_int(&num, lang, c->articles);
		buf_addf(&line, trn(lang, "%s article in the media of the list",
				    "%s articles in the media of the list",
				    (unsigned long)c->articles), num.data);
		html_text(b, line.data);
		buf_release(&num);
		buf_release(&line);
	}
	buf_adds(b, "</p>");
	if (!c->articles) {
		buf_adds(b, "<p class=\"note\">");
		text(b, lang, N_("No articles were stored for this period: the "
		     "sources may have been silent or the crawl did not run."));
		buf_adds(b, "</p>");
	}
	buf_adds(b, "<h3>");
	text(b, lang, r->chart_weeks ? N_("Mentions by week") :
	     N_("Mentions by day"));
	buf_adds(b, "</h3>");
	legend(b, lang);
	bucket_labels(r, r->chart, n, r->chart_weeks, 1, lb, labels);
	for (int i = 0; i < n; i++) {
		pos[i] = r->chart[i].positive;
		neu[i] = r->chart[i].neutral;
		neg[i] = r->chart[i].negative;
	}
	svg_tonality_columns(b, labels, pos, neu, neg, n,
			     r->chart_weeks ? 4 : 5,
			     tr(lang, r->chart_weeks ? N_("Mentions by week") :
				N_("Mentions by day")));
	release_labels(lb, n);
}

static void outlets(struct buf *b, const struct report *r)
{
	const char *lang = r->lang;
	const char *labels[REPORT_TOP];
	int pos[REPORT_TOP], neu[REPORT_TOP], neg[REPORT_TOP];

	h2(b, lang, N_("Outlets"));
	if (!r->n_top) {
		empty(b, lang, N_("No outlet mentioned the office."));
		return;
	}
	buf_adds(b, "<h3>");
	text(b, lang, N_("Most materials on the office"));
	buf_adds(b, "</h3>");
	for (int i = 0; i < r->n_top && i < REPORT_TOP; i++) {
		labels[i] = r->top[i].source;
		pos[i] = (int)r->top[i].positive;
		neu[i] = (int)r->top[i].neutral;
		neg[i] = (int)r->top[i].negative;
	}
	svg_tonality_bars(b, labels, pos, neu, neg, r->n_top,
			  tr(lang, "Most materials on the office"));
	buf_adds(b, "<h3>");
	text(b, lang, N_("Most negative"));
	buf_adds(b, "</h3>");
	if (!r->n_hostile) {
		empty(b, lang, N_("No outlet was negative about the office."));
		return;
	}
	table_head(b, lang, N_("outlet"), hostile_cols);
	for (int i = 0; i < r->n_hostile; i++) {
		const struct report_outlet *o = &r->hostile[i];

		buf_adds(b, "<tr><td>");
		html_text(b, o->source);
		buf_addf(b, "</td><td class=\"n\">%ld</td><td class=\"n\">%ld"
			 "</td><td class=\"n\">", o->negative, o->mentions);
		pct_or_dash(b, lang, share(o->negative, o->mentions));
		buf_adds(b, "</td></tr>");
	}
	buf_adds(b, "</table><p class=\"sub\">");
	buf_addf(b, tr(lang, "Outlets with at least %d materials on the "
		       "office, by the share of negative ones."),
		 REPORT_HOSTILE_MIN);
	buf_adds(b, "</p>");
}

static void hours(struct buf *b, const char *lang, double h)
{
	if (isnan(h)) {
		buf_adds(b, "&mdash;");
		return;
	}
	report_num1(b, lang, h, 0);
	buf_adds(b, "&nbsp;");
	text(b, lang, N_("h"));
}

static void releases(struct buf *b, const struct report *r)
{
	const char *lang = r->lang;
	const struct report_releases *c = &r->rel, *p = &r->rel_prev;

	h2(b, lang, N_("Press releases and their pickups"));
	buf_adds(b, "<table class=\"fig\"><tr>");
	figure_count(b, r, "all", trn(lang, "press release", "press releases",
				      (unsigned long)c->releases),
		     c->releases, p->releases, 0);
	figure_share(b, r, "pos", tr(lang, "picked up by the media"),
		     share(c->picked_up, c->releases),
		     share(p->picked_up, p->releases), 0);
	figure_count(b, r, "all", trn(lang, "pickup", "pickups",
				      (unsigned long)c->pickups),
		     c->pickups, p->pickups, 0);
	buf_adds(b, "<td class=\"all\"><span class=\"num\">");
	hours(b, lang, c->median_hours);
	buf_adds(b, "</span><span class=\"lbl\">");
	text(b, lang, N_("median time to a pickup"));
	buf_adds(b, "</span><span class=\"prev\">");
	text(b, lang, N_("before"));
	buf_adds(b, ": ");
	hours(b, lang, p->median_hours);
	buf_adds(b, "</span></td></tr></table>");
	if (!r->n_releases) {
		empty(b, lang, N_("No press releases in this period."));
		return;
	}
	table_head(b, lang, N_("press release"), release_cols);
	for (int i = 0; i < r->n_releases; i++) {
		const struct report_release *x = &r->releases[i];

		buf_adds(b, "<tr><td>");
		i18n_day_month(b, lang, x->day.m, x->day.d);
		buf_adds(b, ": <a href=\"");
		html_url(b, x->url);
		buf_adds(b, "\">");
		html_text(b, *x->title ? x->title : x->url);
		buf_addf(b, "</a></td><td class=\"n\">%ld</td><td class=\"n\">",
			 x->pickups);
		hours(b, lang, x->first_hours);
		buf_adds(b, "</td><td class=\"n\">");
		i18n_int(b, lang, x->visits_7d);
		buf_adds(b, "</td></tr>");
	}
	buf_adds(b, "</table>");
}

static void visits(struct buf *b, const struct report *r)
{
	const char *lang = r->lang;
	struct buf lb[64];
	const char *labels[64];
	long vals[64];
	int n = r->n_chart < 64 ? r->n_chart : 64;

	h2(b, lang, N_("The office's website"));
	buf_adds(b, "<table class=\"fig\"><tr>");
	figure_count(b, r, "all", tr(lang, "site visits"), r->visits,
		     r->prev_visits, 0);
	buf_adds(b, "<td class=\"all\"><span class=\"num\">");
	i18n_int(b, lang, r->release_visits);
	buf_adds(b, "</span><span class=\"lbl\">");
	text(b, lang, N_("of them to press release pages"));
	buf_adds(b, "</span></td></tr></table>");
	if (!r->visits && !r->prev_visits) {
		empty(b, lang, N_("No site visits were imported for this "
				  "period (mediamon import site-visits)."));
		return;
	}
	bucket_labels(r, r->chart, n, r->chart_weeks, 1, lb, labels);
	for (int i = 0; i < n; i++)
		vals[i] = r->chart[i].visits;
	svg_columns(b, labels, vals, n, r->chart_weeks ? 4 : 5, SVG_VISITS,
		    tr(lang, "site visits"));
	release_labels(lb, n);
	n = r->n_table < 64 ? r->n_table : 64;
	bucket_labels(r, r->table, n, r->table_months ? 2 : 1, 0, lb,
		      labels);
	table_head(b, lang, r->table_months ? N_("month") : N_("week from"),
		   visits_cols);
	for (int i = 0; i < n; i++) {
		buf_adds(b, "<tr><td>");
		html_text(b, labels[i]);
		buf_adds(b, "</td><td class=\"n\">");
		i18n_int(b, lang, r->table[i].visits);
		buf_addf(b, "</td><td class=\"n\">%ld</td><td class=\"n\">%ld"
			 "</td></tr>", r->table[i].releases,
			 r->table[i].pickups);
	}
	buf_adds(b, "</table>");
	release_labels(lb, n);
}

static void days(struct buf *b, const char *lang, double d)
{
	if (isnan(d)) {
		buf_adds(b, "&mdash;");
		return;
	}
	report_num1(b, lang, d, 0);
}

static void group_table(struct buf *b, const struct report *r, int kind,
			const char *heading, const struct report_group *g,
			int n)
{
	const char *lang = r->lang;

	buf_adds(b, "<h3>");
	text(b, lang, heading);
	buf_adds(b, "</h3>");
	table_head(b, lang, NULL, group_cols);
	for (int i = 0; i < n; i++) {
		buf_adds(b, "<tr><td>");
		html_text(b, report_group_name(r, kind, &g[i]));
		buf_addf(b, "</td><td class=\"n\">%ld</td><td class=\"n\">%ld"
			 "</td><td class=\"n\">%ld</td><td class=\"n\">%ld"
			 "</td><td class=\"n\">", g[i].reports, g[i].cases,
			 g[i].closed, g[i].rejected);
		days(b, lang, g[i].median_days);
		buf_adds(b, "</td></tr>");
	}
	buf_adds(b, "</table>");
}

static void violations(struct buf *b, const struct report *r)
{
	const char *lang = r->lang;
	const struct report_group *t = &r->total;

	h2(b, lang, N_("Reported violations and their cases"));
	if (!t->reports) {
		empty(b, lang,
		      N_("No violations were reported in this period."));
		return;
	}
	buf_adds(b, "<p>");
	buf_addf(b, trn(lang, "%ld report of a violation", "%ld reports of "
			"violations", (unsigned long)t->reports), t->reports);
	buf_adds(b, "; ");
	buf_addf(b, trn(lang, "%ld case", "%ld cases",
			(unsigned long)t->cases), t->cases);
	buf_adds(b, ", ");
	buf_addf(b, trn(lang, "%ld closed", "%ld closed",
			(unsigned long)t->closed), t->closed);
	if (!isnan(t->median_days)) {
		buf_adds(b, " (");
		text(b, lang, N_("median days to close"));
		buf_adds(b, ": ");
		days(b, lang, t->median_days);
		buf_adds(b, "))");
	}
	buf_adds(b, ", ");
	buf_addf(b, trn(lang, "%ld rejected", "%ld rejected",
			(unsigned long)t->rejected), t->rejected);
	buf_adds(b, ".</p>");
	group_table(b, r, 1, N_("By category"), r->by_category,
		    r->n_category);
	group_table(b, r, 2, N_("By department"), r->by_department,
		    r->n_department);
	group_table(b, r, 3, N_("By region"), r->by_region, r->n_region);
	buf_adds(b, "<p class=\"sub\">");
	text(b, lang, N_("Cases as they stand when the report was made."));
	buf_adds(b, "</p>");
}

static void failures(struct buf *b, const struct report *r)
{
	const char *lang = r->lang;

	h2(b, lang, N_("Sources that failed"));
	if (!r->n_failures) {
		empty(b, lang, N_("Every source answered in this period."));
		return;
	}
	table_head(b, lang, N_("outlet"), failure_cols);
	for (int i = 0; i < r->n_failures; i++) {
		const struct report_failure *f = &r->failures[i];

		buf_adds(b, "<tr><td>");
		html_text(b, f->source);
		buf_addf(b, "</td><td class=\"n\">%ld / %ld</td>"
			 "<td class=\"n\">%ld</td><td class=\"err\">",
			 f->failures, f->fetches, f->days);
		html_text(b, f->last_error);
		buf_adds(b, "</td></tr>");
	}
	buf_adds(b, "</table>");
}

void report_html(const struct report *r, struct buf *out)
{
	header(out, r);
	volume(out, r);
	outlets(out, r);
	releases(out, r);
	visits(out, r);
	violations(out, r);
	failures(out, r);
	buf_adds(out, "<footer>");
	text(out, r->lang, N_("Made by mediamon"));
	buf_addf(out, " %s. ", MEDIAMON_VERSION);
	text(out, r->lang, N_("The office's own publications are not counted "
	     "as media mentions."));
	buf_adds(out, "</footer></div></body></html>\n");
}

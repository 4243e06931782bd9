/*
 * digest_html.c - the digest as one self-contained HTML file: styles in
 * the head, charts as inline SVG, no scripts, no external files, so that
 * it reads the same in a mail client, a browser and on A4 paper.  Every
 * string from the media goes through html_text()/html_url().
 */
#include "digest.h"
#include "digest_int.h"
#include "svg.h"
#include "common/html.h"
#include "common/i18n.h"
#include "common/version.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char digest_style[] =
	"body{margin:0;background:#f3f4f6;color:#1f2933;"
	"font:15px/1.45 Arial,Helvetica,sans-serif}"
	".page{max-width:780px;margin:0 auto;background:#fff;"
	"padding:24px 28px 32px}"
	"header{border-bottom:3px solid #1a3d6d;padding-bottom:10px;"
	"margin-bottom:16px}"
	".org{color:#1a3d6d;font-size:13px;text-transform:uppercase;"
	"letter-spacing:.04em}"
	"h1{font-size:24px;margin:4px 0 2px}"
	"h2{font-size:18px;margin:26px 0 8px;color:#1a3d6d;"
	"border-bottom:1px solid #d8dde3;padding-bottom:4px}"
	"h3{font-size:15px;margin:14px 0 6px}"
	".sub{color:#6b7785;font-size:13px}"
	"table.fig{width:100%;border-collapse:separate;border-spacing:6px 0;"
	"margin:0 -6px}"
	"table.fig td{background:#f5f7fa;border-radius:6px;padding:8px 10px;"
	"vertical-align:top;width:20%}"
	".num{font-size:24px;font-weight:bold;display:block}"
	".lbl{font-size:12px;color:#52606d;display:block}"
	".avg{font-size:11px;color:#7b8794;display:block}"
	".up{color:#c62828}.down{color:#2e7d32}"
	".pos .num{color:#2e7d32}.neg .num{color:#c62828}"
	".neu .num{color:#616e7c}"
	".item{border-left:4px solid #9e9e9e;padding:6px 10px;"
	"margin:10px 0;background:#fafbfc;page-break-inside:avoid}"
	".item.negative{border-color:#c62828}"
	".item.positive{border-color:#2e7d32}"
	".meta{font-size:12px;color:#52606d}"
	".item a{color:#0b4f9c;font-weight:bold;text-decoration:none}"
	"blockquote{margin:6px 0;padding:0 0 0 8px;color:#323f4b;"
	"font-style:italic;border-left:2px solid #d8dde3}"
	".why{font-size:12px;color:#52606d}"
	".mi{display:inline-block;min-width:34px;text-align:center;"
	"font-size:11px;font-weight:bold;border-radius:3px;padding:1px 4px;"
	"background:#eceff3;color:#323f4b}"
	".tag{display:inline-block;font-size:11px;border-radius:3px;"
	"padding:0 5px;color:#fff}"
	".tag.negative{background:#c62828}.tag.positive{background:#2e7d32}"
	".tag.neutral{background:#9e9e9e}"
	"table.list{width:100%;border-collapse:collapse;font-size:13px}"
	"table.list th{text-align:left;color:#52606d;font-weight:normal;"
	"border-bottom:1px solid #d8dde3;padding:3px 4px}"
	"table.list td{border-bottom:1px solid #eef1f4;padding:4px;"
	"vertical-align:top}"
	".empty{color:#7b8794;font-style:italic}"
	".legend span{display:inline-block;width:10px;height:10px;"
	"margin:0 4px 0 12px;vertical-align:middle}"
	".note{background:#fff8e1;border:1px solid #ffe082;padding:8px 10px;"
	"border-radius:4px;margin:10px 0}"
	"footer{margin-top:28px;font-size:11px;color:#7b8794;"
	"border-top:1px solid #d8dde3;padding-top:8px}"
	"@media print{body{background:#fff}.page{max-width:none;"
	"padding:0}h2{page-break-after:avoid}}"
	"@page{size:A4;margin:15mm 14mm}";

/* One figure cell: value, label, the 7-day average and the change. */
static void figure(struct buf *b, const char *lang, const char *cls,
		   const char *label, int value, double avg)
{
	buf_addf(b, "<td class=\"%s\"><span class=\"num\">", cls);
	i18n_int(b, lang, value);
	buf_adds(b, "</span><span class=\"lbl\">");
	html_text(b, label);
	buf_adds(b, "</span><span class=\"avg\">");
	html_text(b, tr(lang, "7-day average"));
	buf_addf(b, ": %.1f", avg);
	/* a change against less than one a day says nothing */
	if (avg >= 1 && fabs(value - avg) >= 0.5) {
		int pct = (int)lround(100.0 * (value - avg) / avg);

		buf_addf(b, " <span class=\"%s\">%s%d%%</span>",
			 (value > avg) == !strcmp(cls, "neg") ? "up" : "down",
			 pct > 0 ? "+" : "", pct);
	}
	buf_adds(b, "</span></td>");
}

static void tag(struct buf *b, const char *lang, const char *tonality)
{
	buf_addf(b, "<span class=\"tag %s\">", tonality);
	html_text(b, digest_tonality_tag(lang, tonality));
	buf_adds(b, "</span>");
}

/* What every material says alike, translated and escaped once for the
 * 2,000 materials of a day rather than once for each. */
struct item_labels {
	struct buf open[3];	/* a material's opening, to its media index */
	struct buf tag[3];	/* its tonality */
	struct buf decided, decision;
};

static const char *const item_tonalities[3] = {
	"positive", "neutral", "negative"
};

static void labels_init(struct item_labels *l, const char *lang)
{
	for (int k = 0; k < 3; k++) {
		l->open[k] = (struct buf)BUF_INIT;
		buf_addf(&l->open[k], "<div class=\"item %s\"><div "
			 "class=\"meta\"><span class=\"mi\" title=\"",
			 item_tonalities[k]);
		html_text(&l->open[k], tr(lang, "media index"));
		l->tag[k] = (struct buf)BUF_INIT;
		tag(&l->tag[k], lang, item_tonalities[k]);
	}
	l->decided = (struct buf)BUF_INIT;
	html_text(&l->decided, tr(lang, "decided by"));
	l->decision = (struct buf)BUF_INIT;
	html_text(&l->decision, tr(lang, "analyst's decision"));
}

static void labels_release(struct item_labels *l)
{
	for (int k = 0; k < 3; k++) {
		buf_release(&l->open[k]);
		buf_release(&l->tag[k]);
	}
	buf_release(&l->decided);
	buf_release(&l->decision);
}

/* A material: media index, outlet, time, title, the sentence, why. */
static void item(struct buf *b, const struct digest *d,
		 const struct item_labels *l, const struct digest_mention *m,
		 int show_story)
{
	const char *lang = d->lang;
	int k = 0;

	while (k < 2 && strcmp(m->tonality, item_tonalities[k]))
		k++;	/* the database holds no other tonality */
	buf_add(b, l->open[k].data, l->open[k].len);
	buf_addf(b, "\">%.0f</span> ", m->media_index);
	buf_add(b, l->tag[k].data, l->tag[k].len);
	buf_adds(b, " <b>");
	html_text(b, m->source);
	buf_adds(b, "</b> &middot; ");
	html_text(b, m->local_time);
	if (show_story && m->story_outlets > 1) {
		buf_adds(b, " &middot; ");
		digest_story_size(b, lang, m->story_outlets, m->story_articles);
	}
	buf_adds(b, "</div><a href=\"");
	html_url(b, m->url);
	buf_adds(b, "\">");
	html_text(b, *m->title ? m->title : m->url);
	buf_adds(b, "</a>");
	if (*m->sentence) {
		buf_adds(b, "<blockquote>");
		html_text(b, m->sentence);
		buf_adds(b, "</blockquote>");
	}
	if (m->response_url) {
		buf_adds(b, "<div class=\"why\">");
		buf_addf(b, tr(lang, "answered (%s) %.1f h after publication"),
			 tr(lang, digest_response_label(m->response_kind)),
			 m->response_hours);
		buf_adds(b, ": <a href=\"");
		html_url(b, m->response_url);
		buf_adds(b, "\">");
		html_text(b, m->response_url);
		buf_adds(b, "</a></div>");
	}
	if (m->analyst_note || *m->words) {
		buf_adds(b, "<div class=\"why\">");
		if (m->analyst_note) {
			buf_add(b, l->decision.data, l->decision.len);
			buf_adds(b, ": ");
			html_text(b, m->analyst_note);
		} else {
			buf_add(b, l->decided.data, l->decided.len);
			buf_adds(b, ": <i>");
			html_text(b, m->words);
			buf_adds(b, "</i>");
		}
		buf_adds(b, "</div>");
	}
	buf_adds(b, "</div>");
}

static void header(struct buf *b, const struct digest *d)
{
	const char *lang = d->lang;
	struct buf date = BUF_INIT;

	i18n_date(&date, lang, d->day.y, d->day.m, d->day.d);
	buf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
		 "<meta charset=\"utf-8\">"
		 "<meta name=\"viewport\" content=\"width=device-width, "
		 "initial-scale=1\"><title>", lang);
	html_text(b, tr(lang, "Media digest"));
	buf_adds(b, " &mdash; ");
	html_text(b, date.data);
	buf_addf(b, "</title><style>%s</style></head><body>"
		 "<div class=\"page\"><header><div class=\"org\">",
		 digest_style);
	html_text(b, tr(lang, "Press service: media monitoring"));
	buf_adds(b, "</div><h1>");
	html_text(b, tr(lang, "Media digest"));
	buf_adds(b, ": ");
	html_text(b, date.data);
	buf_adds(b, "</h1><div class=\"sub\">");
	html_text(b, tr(lang, "calendar day in the time zone"));
	buf_adds(b, " ");
	html_text(b, d->timezone);
	buf_adds(b, "</div></header>");
	buf_release(&date);
}

static void figures(struct buf *b, const struct digest *d)
{
	const char *lang = d->lang;

	buf_adds(b, "<table class=\"fig\"><tr>");
	figure(b, lang, "all", trn(lang, "article", "articles",
				   (unsigned long)d->totals.articles),
	       d->totals.articles, d->avg_articles);
	figure(b, lang, "all", trn(lang, "mention of the office",
				   "mentions of the office",
				   (unsigned long)d->totals.mentions),
	       d->totals.mentions, d->avg_mentions);
	figure(b, lang, "pos", tr(lang, "positive"), d->totals.positive,
	       d->avg_positive);
	figure(b, lang, "neu", tr(lang, "neutral"), d->totals.neutral,
	       d->avg_neutral);
	figure(b, lang, "neg", tr(lang, "negative"), d->totals.negative,
	       d->avg_negative);
	buf_adds(b, "</tr></table>");
	if (d->n_stories) {
		buf_adds(b, "<p class=\"sub\">");
		digest_counts_line(b, d);
		buf_adds(b, "</p>");
	}
	if (!d->totals.articles) {
		buf_adds(b, "<p class=\"note\">");
		html_text(b, tr(lang, "No articles were stored for this day: "
				"the sources may have been silent or the "
				"crawl did not run."));
		buf_adds(b, "</p>");
	}
}

static void negatives(struct buf *b, const struct digest *d,
		      const struct item_labels *l)
{
	const char *lang = d->lang;
	int n = 0;

	buf_adds(b, "<h2>");
	html_text(b, tr(lang, "Negative materials"));
	buf_adds(b, "</h2>");
	for (int i = 0; i < d->n_mentions; i++)
		if (!strcmp(d->mentions[i].tonality, "negative")) {
			item(b, d, l, &d->mentions[i], 1);
			n++;
		}
	if (!n) {
		buf_adds(b, "<p class=\"empty\">");
		html_text(b, tr(lang, "No negative materials."));
		buf_adds(b, "</p>");
	}
	if (!d->unanswered)
		return;
	buf_adds(b, "<div class=\"note\"><b>");
	html_text(b, tr(lang, "Criticism still unanswered after 24 hours"));
	buf_adds(b, "</b><ul>");
	for (int i = 0; i < d->unanswered; i++) {
		const struct digest_mention *m = &d->unanswered_items[i];

		buf_adds(b, "<li>");
		html_text(b, m->local_time);
		buf_adds(b, " ");
		html_text(b, m->source);
		buf_adds(b, ": <a href=\"");
		html_url(b, m->url);
		buf_adds(b, "\">");
		html_text(b, *m->title ? m->title : m->url);
		buf_adds(b, "</a></li>");
	}
	buf_adds(b, "</ul></div>");
}

/* A positive or neutral material's place in the day's list, by story. */
struct story_pos {
	long long story_id;
	int i;
};

static int by_story(const void *a, const void *b)
{
	const struct story_pos *x = a, *y = b;

	if (x->story_id != y->story_id)
		return x->story_id < y->story_id ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static int is_negative(const struct digest_mention *m)
{
	return !strcmp(m->tonality, "negative");
}

/* Positive and neutral materials, grouped by story: each story once, at
 * the place of its first material, with its materials of the day under
 * it in their order.  next[] links each material to the next of its
 * story (found by sorting, not by comparing every pair: a day holds
 * thousands). */
static void others(struct buf *b, const struct digest *d,
		   const struct item_labels *l)
{
	const char *lang = d->lang;
	int n = 0, np = 0;
	int *next = xmalloc((size_t)(d->n_mentions + 1) * sizeof(*next));
	char *later = xcalloc((size_t)d->n_mentions + 1, 1);
	struct story_pos *pos = xmalloc((size_t)(d->n_mentions + 1) *
					sizeof(*pos));

	for (int i = 0; i < d->n_mentions; i++) {
		next[i] = -1;
		if (d->mentions[i].story_id && !is_negative(&d->mentions[i]))
			pos[np++] = (struct story_pos){
				d->mentions[i].story_id, i };
	}
	qsort(pos, (size_t)np, sizeof(*pos), by_story);
	for (int k = 1; k < np; k++)
		if (pos[k].story_id == pos[k - 1].story_id) {
			next[pos[k - 1].i] = pos[k].i;
			later[pos[k].i] = 1;
		}
	buf_adds(b, "<h2>");
	html_text(b, tr(lang, "Positive and neutral materials, by story"));
	buf_adds(b, "</h2>");
	for (int i = 0; i < d->n_mentions; i++) {
		const struct digest_mention *m = &d->mentions[i];

		if (is_negative(m) || later[i])
			continue;
		if (m->story_id && m->story_outlets > 1) {
			buf_adds(b, "<h3>");
			html_text(b, *m->title ? m->title : m->url);
			buf_adds(b, " <span class=\"sub\">(");
			digest_story_size(b, lang, m->story_outlets,
					  m->story_articles);
			buf_adds(b, ")</span></h3>");
		}
		for (int k = i; k >= 0; k = next[k]) {
			item(b, d, l, &d->mentions[k], 0);
			n++;
		}
	}
	free(pos);
	free(later);
	free(next);
	if (!n) {
		buf_adds(b, "<p class=\"empty\">");
		html_text(b, tr(lang, "No positive or neutral materials."));
		buf_adds(b, "</p>");
	}
}

static void violations(struct buf *b, const struct digest *d)
{
	const char *lang = d->lang, *dept = NULL;

	buf_adds(b, "<h2>");
	html_text(b, tr(lang, "Reported violations, by department"));
	buf_adds(b, "</h2>");
	if (!d->n_violations) {
		buf_adds(b, "<p class=\"empty\">");
		html_text(b, tr(lang, "No reports of violations."));
		buf_adds(b, "</p>");
		return;
	}
	for (int i = 0; i < d->n_violations; i++) {
		const struct digest_violation *v = &d->violations[i];
		const char *name = *v->department_name ? v->department_name :
				   tr(lang, "no department");

		if (!dept || strcmp(dept, name)) {
			if (dept)
				buf_adds(b, "</table>");
			dept = name;
			buf_adds(b, "<h3>");
			html_text(b, name);
			buf_adds(b, "</h3><table class=\"list\"><tr><th>");
			html_text(b, tr(lang, "case"));
			buf_adds(b, "</th><th>");
			html_text(b, tr(lang, "violation"));
			buf_adds(b, "</th><th>");
			html_text(b, tr(lang, "region"));
			buf_adds(b, "</th><th>");
			html_text(b, tr(lang, "material"));
			buf_adds(b, "</th><th>");
			html_text(b, tr(lang, "regional office"));
			buf_adds(b, "</th></tr>");
		}
		buf_adds(b, "<tr><td>");
		if (v->case_id)
			buf_addf(b, "&numero;&nbsp;%lld", v->case_id);
		else
			html_text(b, tr(lang, "not routed"));
		buf_adds(b, "</td><td>");
		html_text(b, tr(lang, digest_category_label(v->category)));
		buf_adds(b, "<br><span class=\"sub\">");
		html_text(b, tr(lang, digest_stage_label(v->stage)));
		buf_adds(b, "</span></td><td>");
		html_text(b, *v->region ? digest_region_name(d, v->region) :
			  tr(lang, "national"));
		buf_adds(b, "</td><td><a href=\"");
		html_url(b, v->url);
		buf_adds(b, "\">");
		html_text(b, *v->title ? v->title : v->url);
		buf_adds(b, "</a><br><span class=\"sub\">");
		html_text(b, v->source);
		buf_adds(b, "</span></td><td>");
		html_text(b, *v->regional_office ? v->regional_office : "-");
		buf_adds(b, "</td></tr>");
	}
	buf_adds(b, "</table>");
}

static void releases(struct buf *b, const struct digest *d)
{
	const char *lang = d->lang;

	buf_adds(b, "<h2>");
	html_text(b, tr(lang, "Press releases of the last 7 days and their "
			"pickups"));
	buf_adds(b, "</h2>");
	if (!d->n_releases) {
		buf_adds(b, "<p class=\"empty\">");
		html_text(b, tr(lang, "No press releases."));
		buf_adds(b, "</p>");
		return;
	}
	for (int i = 0; i < d->n_releases; i++) {
		const struct digest_release *r = &d->releases[i];

		buf_adds(b, "<h3><a href=\"");
		html_url(b, r->url);
		buf_adds(b, "\">");
		html_text(b, r->title);
		buf_adds(b, "</a> <span class=\"sub\">");
		buf_addf(b, trn(lang, "%d pickup", "%d pickups",
				(unsigned long)r->n_pickups), r->n_pickups);
		buf_adds(b, "</span></h3>");
		if (!r->n_pickups)
			continue;
		buf_adds(b, "<table class=\"list\"><tr><th>");
		html_text(b, tr(lang, "outlet"));
		buf_adds(b, "</th><th>");
		html_text(b, tr(lang, "hours after the release"));
		buf_adds(b, "</th><th>");
		html_text(b, tr(lang, "tonality"));
		buf_adds(b, "</th></tr>");
		for (int k = 0; k < r->n_pickups; k++) {
			const struct digest_pickup *p = &r->pickups[k];

			buf_adds(b, "<tr><td><a href=\"");
			html_url(b, p->url);
			buf_adds(b, "\">");
			html_text(b, p->source);
			buf_addf(b, "</a></td><td>%.1f</td><td>", p->hours);
			if (*p->tonality)
				tag(b, lang, p->tonality);
			buf_adds(b, "</td></tr>");
		}
		buf_adds(b, "</table>");
	}
}

static void charts(struct buf *b, const struct digest *d)
{
	const char *lang = d->lang;
	const char *labels[DIGEST_TREND_DAYS];
	struct buf lb[DIGEST_TREND_DAYS];

	buf_adds(b, "<h2>");
	html_text(b, tr(lang, "Tonality over 30 days"));
	buf_addf(b, "</h2><div class=\"legend sub\"><span style=\"background:"
		 SVG_POS "\"></span>");
	html_text(b, tr(lang, "positive"));
	buf_adds(b, "<span style=\"background:" SVG_NEU "\"></span>");
	html_text(b, tr(lang, "neutral"));
	buf_adds(b, "<span style=\"background:" SVG_NEG "\"></span>");
	html_text(b, tr(lang, "negative"));
	buf_adds(b, "</div>");
	for (int i = 0; i < DIGEST_TREND_DAYS; i++) {
		struct day day = day_add(d->day, i - (DIGEST_TREND_DAYS - 1));

		buf_init(&lb[i], 0);
		i18n_day_month(&lb[i], lang, day.m, day.d);
		labels[i] = lb[i].data;
	}
	svg_tonality_columns(b, labels, d->trend_pos, d->trend_neu,
			     d->trend_neg, DIGEST_TREND_DAYS, 7,
			     tr(lang, "Tonality over 30 days"));
	for (int i = 0; i < DIGEST_TREND_DAYS; i++)
		buf_release(&lb[i]);
	buf_adds(b, "<h2>");
	html_text(b, tr(lang, "Mentions by outlet"));
	buf_adds(b, "</h2>");
	if (d->n_outlets)
		svg_tonality_bars(b, d->outlet_name, d->outlet_pos,
				  d->outlet_neu, d->outlet_neg, d->n_outlets,
				  tr(lang, "Mentions by outlet"));
	else {
		buf_adds(b, "<p class=\"empty\">");
		html_text(b, tr(lang, "No mentions of the office."));
		buf_adds(b, "</p>");
	}
}

static void sources(struct buf *b, const struct digest *d)
{
	const char *lang = d->lang;

	buf_adds(b, "<h2>");
	html_text(b, tr(lang, "Sources"));
	buf_adds(b, "</h2>");
	if (d->review_due) {
		buf_adds(b, "<p class=\"note\">");
		buf_addf(b, tr(lang, "The yearly review of the media list is "
			       "due: it was last reviewed on %s, %ld days "
			       "ago."), d->reviewed, d->review_age_days);
		buf_adds(b, "</p>");
	}
	if (!d->n_problems) {
		buf_adds(b, "<p class=\"empty\">");
		html_text(b, tr(lang, "Every source answered."));
		buf_adds(b, "</p>");
		return;
	}
	buf_adds(b, "<table class=\"list\"><tr><th>");
	html_text(b, tr(lang, "source"));
	buf_adds(b, "</th><th>");
	html_text(b, tr(lang, "problem"));
	buf_adds(b, "</th></tr>");
	for (int i = 0; i < d->n_problems; i++) {
		const struct digest_source_problem *p = &d->problems[i];

		buf_adds(b, "<tr><td>");
		html_text(b, p->source);
		buf_adds(b, "</td><td>");
		html_text(b, !strcmp(p->status, "silent") ?
			  tr(lang, "silent: nothing new for 3 days") :
			  tr(lang, "failed"));
		if (*p->error) {
			buf_adds(b, ": ");
			html_text(b, p->error);
		}
		buf_adds(b, "</td></tr>");
	}
	buf_adds(b, "</table>");
}

void digest_html_materials(const struct digest *d, struct buf *out)
{
	struct item_labels l;

	labels_init(&l, d->lang);
	negatives(out, d, &l);
	others(out, d, &l);
	labels_release(&l);
}

void digest_html(const struct digest *d, struct buf *out)
{
	digest_html_with(d, NULL, out);
}

void digest_html_with(const struct digest *d, const struct buf *materials,
		      struct buf *out)
{
	header(out, d);
	figures(out, d);
	if (materials)
		buf_add(out, materials->data, materials->len);
	else
		digest_html_materials(d, out);
	violations(out, d);
	releases(out, d);
	charts(out, d);
	sources(out, d);
	buf_adds(out, "<footer>");
	html_text(out, tr(d->lang, "Media index: the outlet's weight x how "
			  "prominently the office appears x tonality x "
			  "resonance (outlets that carried the story)."));
	buf_adds(out, " mediamon " MEDIAMON_VERSION "</footer></div>"
		 "</body></html>\n");
}

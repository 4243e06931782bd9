/*
 * digest_text.c - the digest as plain text: the mail's text part and
 * what a terminal shows.  The same sections as the HTML, in the same
 * order, without the charts.
 */
#include "digest.h"
#include "digest_int.h"
#include "common/i18n.h"

#include <string.h>

static void heading(struct buf *b, const char *lang, const char *msgid)
{
	const char *t = tr(lang, msgid);

	buf_addf(b, "\n%s\n", t);
	/* underline as long as the heading is wide (UTF-8 characters) */
	for (const char *s = t; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			buf_addch(b, '-');
	buf_addch(b, '\n');
}

static void item(struct buf *b, const struct digest *d,
		 const struct digest_mention *m)
{
	const char *lang = d->lang;

	buf_addf(b, "* [%s, %.0f] %s %s: %s\n  %s\n",
		 digest_tonality_tag(lang, m->tonality), m->media_index,
		 m->local_time, m->source, *m->title ? m->title : m->url,
		 m->url);
	if (*m->sentence)
		buf_addf(b, "  \"%s\"\n", m->sentence);
	if (m->analyst_note)
		buf_addf(b, "  %s: %s\n", tr(lang, "analyst's decision"),
			 m->analyst_note);
	else if (*m->words)
		buf_addf(b, "  %s: %s\n", tr(lang, "decided by"), m->words);
	if (m->response_url) {
		buf_adds(b, "  ");
		buf_addf(b, tr(lang, "answered (%s) %.1f h after publication"),
			 tr(lang, digest_response_label(m->response_kind)),
			 m->response_hours);
		buf_addf(b, ": %s\n", m->response_url);
	}
	if (m->story_outlets > 1) {
		buf_adds(b, "  ");
		digest_story_size(b, lang, m->story_outlets, m->story_articles);
		buf_addch(b, '\n');
	}
}

static void totals(struct buf *b, const struct digest *d)
{
	const char *lang = d->lang;
	const struct digest_totals *t = &d->totals;

	buf_addf(b, "%s: ", tr(lang, "articles"));
	i18n_int(b, lang, t->articles);
	buf_addf(b, " (%s %.1f)\n", tr(lang, "7-day average"),
		 d->avg_articles);
	buf_addf(b, "%s: %d (%s %d, %s %d, %s %d; %s %.1f)\n",
		 tr(lang, "mentions of the office"), t->mentions,
		 tr(lang, "positive"), t->positive, tr(lang, "neutral"),
		 t->neutral, tr(lang, "negative"), t->negative,
		 tr(lang, "7-day average"), d->avg_mentions);
	if (d->n_mentions) {
		digest_counts_line(b, d);
		buf_addch(b, '\n');
	}
	if (!t->articles)
		buf_addf(b, "%s\n", tr(lang, "No articles were stored for "
				       "this day: the sources may have been "
				       "silent or the crawl did not run."));
}

static void materials(struct buf *b, const struct digest *d, int negative)
{
	int n = 0;

	heading(b, d->lang, negative ? "Negative materials" :
			    "Positive and neutral materials, by story");
	for (int i = 0; i < d->n_mentions; i++)
		if ((strcmp(d->mentions[i].tonality, "negative") == 0) ==
		    negative) {
			item(b, d, &d->mentions[i]);
			n++;
		}
	if (!n)
		buf_addf(b, "%s\n", tr(d->lang, negative ?
				       "No negative materials." :
				       "No positive or neutral materials."));
	if (!negative || !d->unanswered)
		return;
	buf_addf(b, "\n%s:\n", tr(d->lang, "Criticism still unanswered "
				 "after 24 hours"));
	for (int i = 0; i < d->unanswered; i++)
		buf_addf(b, "- %s %s: %s\n  %s\n",
			 d->unanswered_items[i].local_time,
			 d->unanswered_items[i].source,
			 d->unanswered_items[i].title,
			 d->unanswered_items[i].url);
}

static void violations(struct buf *b, const struct digest *d)
{
	const char *lang = d->lang;

	heading(b, lang, "Reported violations, by department");
	if (!d->n_violations)
		buf_addf(b, "%s\n", tr(lang, "No reports of violations."));
	for (int i = 0; i < d->n_violations; i++) {
		const struct digest_violation *v = &d->violations[i];

		buf_adds(b, "* ");
		if (v->case_id)
			buf_addf(b, "#%lld ", v->case_id);
		buf_addf(b, "%s (%s), %s: %s\n  %s -> %s%s%s\n",
			 tr(lang, digest_category_label(v->category)),
			 tr(lang, digest_stage_label(v->stage)),
			 *v->region ? digest_region_name(d, v->region) :
			 tr(lang, "national"),
			 *v->title ? v->title : v->url, v->url,
			 *v->department_name ? v->department_name :
			 tr(lang, "no department"),
			 *v->regional_office ? "; " : "", v->regional_office);
	}
}

static void releases(struct buf *b, const struct digest *d)
{
	const char *lang = d->lang;

	heading(b, lang, "Press releases of the last 7 days and their "
		"pickups");
	if (!d->n_releases)
		buf_addf(b, "%s\n", tr(lang, "No press releases."));
	for (int i = 0; i < d->n_releases; i++) {
		const struct digest_release *r = &d->releases[i];

		buf_addf(b, "* %s (", r->title);
		buf_addf(b, trn(lang, "%d pickup", "%d pickups",
				(unsigned long)r->n_pickups), r->n_pickups);
		buf_addf(b, ")\n  %s\n", r->url);
		for (int k = 0; k < r->n_pickups; k++)
			buf_addf(b, "  - %s, +%.1f h, %s\n",
				 r->pickups[k].source, r->pickups[k].hours,
				 *r->pickups[k].tonality ?
				 digest_tonality_tag(lang,
						     r->pickups[k].tonality) :
				 "-");
	}
}

static void sources(struct buf *b, const struct digest *d)
{
	const char *lang = d->lang;

	heading(b, lang, "Sources");
	if (d->review_due) {
		buf_addf(b, tr(lang, "The yearly review of the media list is "
			       "due: it was last reviewed on %s, %ld days "
			       "ago."), d->reviewed, d->review_age_days);
		buf_addch(b, '\n');
	}
	if (!d->n_problems)
		buf_addf(b, "%s\n", tr(lang, "Every source answered."));
	for (int i = 0; i < d->n_problems; i++)
		buf_addf(b, "* %s: %s%s%s\n", d->problems[i].source,
			 !strcmp(d->problems[i].status, "silent") ?
			 tr(lang, "silent: nothing new for 3 days") :
			 tr(lang, "failed"), *d->problems[i].error ? ": " : "",
			 d->problems[i].error);
}

void digest_text(const struct digest *d, struct buf *out)
{
	struct buf date = BUF_INIT;

	i18n_date(&date, d->lang, d->day.y, d->day.m, d->day.d);
	buf_addf(out, "%s: %s (%s)\n\n", tr(d->lang, "Media digest"),
		 date.data, d->timezone);
	buf_release(&date);
	totals(out, d);
	materials(out, d, 1);
	materials(out, d, 0);
	violations(out, d);
	releases(out, d);
	sources(out, d);
}

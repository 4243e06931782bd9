/*
 * report_labels.c - the report's names for periods and groups, marked
 * for the catalogs (po/) and looked up in the reader's language.
 */
#include "report_int.h"
#include "common/i18n.h"
#include "digest/digest_int.h"

#include <string.h>

/* A month's name before or after a year: "ноябрь 2026 г." in Russian,
 * "2026-жылдын ноябры" in Kyrgyz. */
static const char *const months[] = {
	NC_("month and year", "January"), NC_("month and year", "February"),
	NC_("month and year", "March"), NC_("month and year", "April"),
	NC_("month and year", "May"), NC_("month and year", "June"),
	NC_("month and year", "July"), NC_("month and year", "August"),
	NC_("month and year", "September"), NC_("month and year", "October"),
	NC_("month and year", "November"), NC_("month and year", "December"),
};

void report_period_name(struct buf *out, const char *lang,
			const struct report_period *p, int previous)
{
	const struct day *d = previous ? &p->prev_from : &p->from;

	if (p->half) {
		int first = d->m == 1;

		buf_addf(out, first ? tr(lang, "first half of %d") :
			 tr(lang, "second half of %d"), d->y);
		return;
	}
	/* TRANSLATORS: a month's name and its year: "ноябрь 2026 г.";
	 * reorder with %1$ and %2$. */
	buf_addf(out, tr(lang, "%1$s %2$d"),
		 trc(lang, "month and year", months[d->m - 1]), d->y);
}

const char *report_group_name(const struct report *r, int kind,
			      const struct report_group *g)
{
	if (kind == 1)
		return g->id ? tr(r->lang, digest_category_label(g->id)) :
			       tr(r->lang, "no category");
	if (kind == 2)
		return g->name ? g->name : g->id ? g->id :
			tr(r->lang, "no department");
	if (!g->id)
		return tr(r->lang, "national or not stated");
	return config_region_name(r->cfg, g->id);
}

/*
 * report_int.h - what the analysts' library shares inside: text columns
 * of terminal tables, percentages and periods in the reader's language.
 */
#ifndef MM_REPORT_INT_H
#define MM_REPORT_INT_H

#include "report.h"

/* Set the session up for the analysts' queries (no JIT) and read the
 * office's time zone as the views cut days (mediamon_timezone()) into
 * tz.  Queries take the zone as a parameter: known when they are
 * planned, so that the planner sees the size of a period. */
int report_session(struct db *db, char *tz, size_t n, struct err *e);
/* s cut or padded with spaces to width characters (code points, so that
 * Cyrillic lines up), control characters shown as spaces. */
void report_pad(struct buf *out, const char *s, int width);
/* 12.5 as "12,5" in Russian and Kyrgyz, "12.5" in English, with one
 * decimal; then " %" (ru, ky) or "%" (en) when pct. */
void report_num1(struct buf *out, const char *lang, double v, int pct);

#endif

/* ---- the period report's model (report_data.c) ---- */

struct report_counts {
	long articles, mentions, positive, neutral, negative;
};

/* One bucket of a period: a day, an ISO week or a month. */
struct report_bucket {
	struct day start;		/* its first day (a Monday for weeks) */
	int positive, neutral, negative;
	long visits, releases, pickups;
};

struct report_outlet {
	const char *source;
	long mentions, positive, neutral, negative;
};

struct report_releases {
	long releases, picked_up, pickups;
	double median_hours;		/* NAN without pickups */
};

struct report_release {
	const char *url, *title;
	struct day day;			/* published, in the office's zone */
	long pickups, visits_7d;
	double first_hours;		/* NAN without pickups */
};

/* Violations of one category, department or region (id NULL: all). */
struct report_group {
	const char *id, *name;
	long reports, cases, closed, rejected;
	double median_days;		/* to close; NAN when none closed */
};

struct report_failure {
	const char *source, *last_error;
	long failures, fetches, days;
};

struct report {
	struct report_period p;
	const char *lang, *timezone;
	const struct config *cfg;
	struct report_counts cur, prev;
	/* the chart: days of a month, ISO weeks of a half-year */
	struct report_bucket *chart;
	int n_chart, chart_weeks;
	/* the visits table: weeks of a month, months of a half-year */
	struct report_bucket *table;
	int n_table, table_months;
	struct report_outlet *top, *hostile;
	int n_top, n_hostile;
	struct report_releases rel, rel_prev;
	struct report_release *releases;
	int n_releases;
	long visits, prev_visits, release_visits;
	struct report_group total;
	struct report_group *by_category, *by_department, *by_region;
	int n_category, n_department, n_region;
	struct report_failure *failures;
	int n_failures;
	struct arena arena;
};

/* Outlets with fewer materials than this are not ranked by negativity:
 * one negative article of one would top the list. */
#define REPORT_HOSTILE_MIN 3
#define REPORT_TOP 10

/* The label of a period in r's language: "ноябрь 2026 г.", "first half
 * of 2026". */
void report_period_name(struct buf *out, const char *lang,
			const struct report_period *p, int previous);
/* A category's, department's or region's name for the reader. */
const char *report_group_name(const struct report *r, int kind,
			      const struct report_group *g);

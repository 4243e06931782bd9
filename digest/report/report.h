/*
 * report.h - what analysts ask of the database over months: trends by
 * period and group, ranked full-text search, the monthly and half-year
 * report (HTML and JSON), exports in CSV and JSON lines, and the import
 * of the office's own site visits.  Media articles only wherever
 * coverage is counted: own: true sources are press releases.  Every
 * value is a query parameter; days are cut in the office's time zone.
 */
#ifndef MM_REPORT_H
#define MM_REPORT_H

#include "common/arena.h"
#include "common/buf.h"
#include "common/config.h"
#include "common/day.h"
#include "common/db.h"

#include <stdio.h>

enum report_format { RF_TABLE, RF_CSV, RF_JSON, RF_JSONL, RF_HTML };

/* ---- trends ---- */

enum trends_by { TRENDS_DAY, TRENDS_WEEK, TRENDS_MONTH };
enum trends_group { TG_TONALITY, TG_SOURCE, TG_REGION, TG_CATEGORY,
		    TG_DEPARTMENT };

struct trends_query {
	const char *from, *to;		/* YYYY-MM-DD, both included */
	enum trends_by by;
	enum trends_group group;
	const char *source;		/* one outlet, or NULL */
};

/* "day", "week", "month"; -1 for another word. */
int trends_by_parse(const char *s);
/* "tonality", "source", "region", "category", "department"; -1. */
int trends_group_parse(const char *s);
/* One count of trends: a period ("2026-11-17", "2026-W47", "2026-11"),
 * a group (a tonality, outlet, region, category or department code;
 * NULL where a violation has none) and how many. */
struct trends_row {
	const char *period, *group;
	long count;
};

struct trends_rows {
	struct trends_row *v;		/* by period, then count, largest first */
	size_t n, alloc;
	struct arena a;			/* the strings */
};

#define TRENDS_ROWS_INIT { NULL, 0, 0, ARENA_INIT }

/* q's counts into rows (for pages that draw them).  0, or -1 with the
 * cause in e.  Release rows with trends_rows_release() either way. */
int trends_load(struct db *db, const struct trends_query *q,
		struct trends_rows *rows, struct err *e);
void trends_rows_release(struct trends_rows *rows);
/* Count q's rows by period and group and write them to out as a table,
 * CSV (header "period,group,count", with the byte order mark when bom)
 * or a JSON array of {period, group, count}.  Tonality and source count
 * the media articles mentioning the office (v_article_tonality, the
 * rows of v_daily_tonality); region, category and department count the
 * violations reported in media articles about the office's country
 * (v_violations).  0, or -1 with the cause in e. */
int trends_write(struct db *db, const struct trends_query *q,
		 enum report_format f, int bom, struct buf *out,
		 struct err *e);

/* ---- search ---- */

struct search_query {
	const char *text;		/* words, "a phrase", -not, a or b */
	const char *from, *to;		/* YYYY-MM-DD or NULL */
	const char *source, *tonality;	/* or NULL */
	int limit;
};

/* One article found; snippet has its matches between "**" marks. */
struct search_hit {
	const char *url, *source, *title, *published, *tonality, *snippet;
	const char *local;		/* published in the office's zone,
					 * "YYYY-MM-DD HH:MI", or "" */
};

struct search_hits {
	struct search_hit *v;		/* best first */
	size_t n, alloc;
	struct arena a;
};

#define SEARCH_HITS_INIT { NULL, 0, 0, ARENA_INIT }

/* The articles q finds, ranked, into hits (title "" when the article
 * has none; published and tonality NULL when unknown).  0, or -1 with
 * the cause in e.  Release with search_hits_release() either way. */
int search_load(struct db *db, const struct search_query *q,
		struct search_hits *hits, struct err *e);
void search_hits_release(struct search_hits *hits);
/* Ranked full-text search (Russian stemming, English for Latin words)
 * over every stored article; out gets a table or a JSON array of {url,
 * source, title, published, tonality, snippet}, the snippet's matches
 * marked **so**.  0, or -1 with the cause in e. */
int search_write(struct db *db, const struct search_query *q,
		 enum report_format f, struct buf *out, struct err *e);

/* ---- the monthly and half-year report ---- */

struct report_period {
	int half;			/* 0: a month; 1, 2: a half-year */
	struct day from, to;		/* both included */
	struct day prev_from, prev_to;	/* the period before */
	char label[16], prev_label[16];	/* "2026-11", "2026-H1" */
};

/* "YYYY-MM" or "YYYY-H1"/"YYYY-H2" (half != 0) into p; -1 when s is not
 * such a period. */
int report_period_parse(const char *s, int half, struct report_period *p);

struct report;

/* Read the report of p in lang ("ru", "ky", "en") from db; cfg names the
 * regions.  NULL with the cause in e; a period without data is a report
 * that says so.  Free with report_free(). */
struct report *report_load(struct db *db, const struct config *cfg,
			   const struct report_period *p, const char *lang,
			   struct err *e);
void report_free(struct report *r);
/* One self-contained HTML file (no scripts, no external files). */
void report_html(const struct report *r, struct buf *out);
/* The JSON contract in README.md ("The monthly and half-year report"). */
void report_json(const struct report *r, struct buf *out);

/* ---- exports ---- */

enum export_kind { EXPORT_ARTICLES, EXPORT_MENTIONS, EXPORT_CASES };

struct export_query {
	enum export_kind kind;
	const char *since;		/* YYYY-MM-DD or NULL */
	const char *source;		/* or NULL */
	int csv, bom;			/* CSV (else JSON lines); the BOM */
};

/* "articles", "mentions", "cases"; -1 for another word. */
int export_kind_parse(const char *s);
/* Stream q's rows to out as they arrive (a year does not have to fit in
 * memory); *rows counts them.  0, or -1 with the cause in e (rows
 * already written stay written). */
int export_write(struct db *db, const struct export_query *q, FILE *out,
		 long *rows, struct err *e);

/* ---- the office's site visits ---- */

struct visits_row {
	char day[11];			/* YYYY-MM-DD */
	const char *page;		/* "/ru/news/123" */
	long visits;
};

struct visits {
	struct visits_row *rows;
	long n;
	size_t alloc;
	const char *origin;		/* google_analytics, matomo, csv */
	struct arena arena;		/* rows' strings */
};

/* Read a daily visits export (Google Analytics or Matomo CSV: a date, a
 * page and a visit count per row, in any of their header spellings)
 * from data[0..n).  name is the file's name for messages.  A row that
 * cannot be read fails the whole file: -1 with "NAME:LINE: cause" in e.
 * Release v with visits_release() either way. */
int visits_parse(const char *name, const char *data, size_t n,
		 struct visits *v, struct err *e);
void visits_release(struct visits *v);
/* Store v in one transaction; a day and page already there is replaced
 * (the same page twice in one file is added up).  *days and *pages
 * count what the file covered.  0, or -1 with the cause in e. */
int visits_store(struct db *db, const struct visits *v, const char *file,
		 long *days, long *pages, struct err *e);

#endif

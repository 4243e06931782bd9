/*
 * digest.h - the daily digest: what the media said about the office on
 * one calendar day (in the office's time zone), read from the database
 * into a model, then written as HTML (one self-contained file for mail
 * and print), plain text or JSON (the contract in README.md).  The
 * office's own releases are never counted as media mentions.
 */
#ifndef MM_DIGEST_H
#define MM_DIGEST_H

#include "common/arena.h"
#include "common/buf.h"
#include "common/config.h"
#include "common/day.h"
#include "common/db.h"

struct digest_totals {
	int articles, mentions, positive, neutral, negative;
};

/* One material mentioning the office.  Strings live in the arena. */
struct digest_mention {
	long long article_id;
	const char *url, *source, *title;
	const char *published;		/* RFC 3339 UTC */
	const char *local_time;		/* HH:MM in the office's zone */
	const char *tonality;		/* the analyst's when there is one */
	const char *evidence;		/* the stored JSON as PostgreSQL
					 * writes jsonb; NULL when not read */
	const char *words;		/* the words that decided, comma-separated */
	const char *analyst_note;	/* when an analyst decided, else NULL */
	const char *sentence;		/* the sentence naming the office */
	double media_index;
	long long story_id;		/* 0: not clustered yet */
	int story_articles, story_outlets;
	const char *response_url;	/* the press office's answer, or NULL */
	const char *response_kind;
	double response_hours;
};

struct digest_violation {
	long long case_id;		/* 0 until routed */
	const char *url, *source, *title, *category, *stage, *region;
	const char *department, *department_name, *regional_office;
	const char *status;
};

struct digest_pickup {
	const char *url, *source, *published, *tonality;
	double hours;			/* after the release */
};

struct digest_release {
	long long id;
	const char *url, *title, *published;
	struct digest_pickup *pickups;
	int n_pickups;
};

struct digest_story {
	long long id;
	const char *title, *url;	/* the original */
	int articles, outlets;
};

struct digest_source_problem {
	const char *source, *status;	/* "failed" or "silent" */
	const char *error;
};

/* Days of the 30-day trend and outlets of the day, for the charts. */
#define DIGEST_TREND_DAYS 30
#define DIGEST_OUTLETS_MAX 12

struct digest {
	struct day day;
	const char *lang, *timezone;
	const struct config *cfg;	/* region names */
	struct digest_totals totals;
	double avg_articles, avg_mentions, avg_positive, avg_neutral,
	       avg_negative;		/* the 7 days before */
	struct digest_mention *mentions;
	int n_mentions;
	struct digest_violation *violations;
	int n_violations;
	struct digest_release *releases;
	int n_releases;
	struct digest_story *stories;
	int n_stories;
	struct digest_source_problem *problems;
	int n_problems;
	int trend_pos[DIGEST_TREND_DAYS], trend_neu[DIGEST_TREND_DAYS],
	    trend_neg[DIGEST_TREND_DAYS];
	const char *outlet_name[DIGEST_OUTLETS_MAX];
	int outlet_pos[DIGEST_OUTLETS_MAX], outlet_neu[DIGEST_OUTLETS_MAX],
	    outlet_neg[DIGEST_OUTLETS_MAX];
	int n_outlets;
	/* negative materials of the week, no answer after 24 hours */
	struct digest_mention *unanswered_items;
	int unanswered;
	int review_due;
	const char *reviewed;
	long review_age_days;
	struct arena arena;
};

/* How a digest is read: with each material's evidence (digest_json()
 * writes it; the other formats show the words that decided, and without
 * it a material's evidence is NULL), and with a call made as soon as the
 * materials are read and ranked (and the week's unanswered criticism,
 * which the HTML shows among them), while the server still runs the
 * other reads, for a caller that writes their part meanwhile. */
struct digest_read {
	int evidence;
	void (*materials_ready)(const struct digest *d, void *arg);
	void *arg;
	/* A second connection (or NULL): when db is in a repeatable-read
	 * transaction, half of the materials and of the other reads run on
	 * it at the same time as the rest on db, in the same snapshot. */
	struct db *aside;
};

/* Read the digest of day (lang "ru", "ky" or "en") from db, as how says
 * (NULL: no evidence, no call).  cfg gives the media list's review
 * dates.  0, or -1 with the cause in e; a day with no data is a digest
 * that says so, not an error. */
int digest_load(struct db *db, const struct config *cfg,
		const struct day *day, const char *lang,
		const struct digest_read *how, struct digest *d,
		struct err *e);
void digest_release(struct digest *d);

void digest_html(const struct digest *d, struct buf *out);
/* The materials' part of the HTML digest (the negative ones, then the
 * others by story), and the digest around that part made already. */
void digest_html_materials(const struct digest *d, struct buf *out);
void digest_html_with(const struct digest *d, const struct buf *materials,
		      struct buf *out);
void digest_text(const struct digest *d, struct buf *out);
void digest_json(const struct digest *d, struct buf *out);
/* The same for the JSON digest: its "mentions" array, and the digest
 * around it. */
void digest_json_materials(const struct digest *d, struct buf *out);
void digest_json_with(const struct digest *d, const struct buf *materials,
		      struct buf *out);

/* Record a written digest (digests table). */
int digest_record(struct db *db, const struct digest *d, const char *format,
		  const char *path, struct err *e);

#endif

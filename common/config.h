/*
 * config.h - sources.yaml: the media list and the settings of every stage.
 * Loaded once at startup and checked completely: every error names
 * FILE:LINE:COL.  The loaded config is malloc-owned, freed by config_free.
 */
#ifndef MM_CONFIG_H
#define MM_CONFIG_H

#include "err.h"

#include <stddef.h>

enum source_type { SOURCE_RSS, SOURCE_HTML, SOURCE_TELEGRAM };

struct source {
	char *name;		/* unique, used in logs and the database */
	char *url;		/* http or https, without userinfo */
	char *userinfo;		/* "user:password" (percent-encoded) that
				 * the URL carried, or NULL: kept in memory
				 * for the requests, never printed or
				 * stored (url is what is shown) */
	enum source_type type;
	char *lang;		/* ru, ky, en, ... */
	char *country;		/* ISO 3166 alpha-2, lower case */
	char *region;		/* a region of the country, or NULL */
	double weight;		/* 0..1, the outlet's influence */
	int own;		/* the office's own site */
	int enabled;
	char *links_xpath;	/* type html: XPath selecting article links */
	char *article_xpath;	/* optional override for main-text extraction */
	int line, col;		/* where it is defined, 1-based */
};

struct crawler_settings {
	long timeout_s;		/* connect + total + low-speed cut-off */
	long max_bytes;		/* body cap, also after decompression */
	char **allow_networks;	/* CIDRs exempt from the private-address ban */
	size_t n_allow_networks;
	long per_host;		/* concurrent requests to one host */
	long delay_ms;		/* between request starts to one host */
	long concurrency;	/* transfers in flight overall */
	char *user_agent;
	long retries;		/* for 5xx and timeouts */
	char *warc_dir;		/* evidence archive directory */
	long warc_max_mb;	/* rotate WARC files past this size */
	long max_articles;	/* article pages per source per run */
	long parse_timeout_s;	/* CPU seconds one document may take */
};

/* How long the database keeps what can be had again (sql/012). */
struct retention_settings {
	long raw_body_days;	/* raw page texts (article_bodies); 0: for
				 * ever.  The WARC keeps the pages */
};

/* The country when sources.yaml names none: the office mediamon was
 * first built for.  Its words are data (analyzer/lexicons/kg). */
#define CONFIG_COUNTRY "kg"

struct config {
	char *path;
	long version;
	char *reviewed;		/* YYYY-MM-DD */
	long review_every_days;
	char *timezone;		/* default: the country's (country.yaml) */
	char *country;		/* the office's country, e.g. kg */
	char *lexicon_dir;	/* its lexicon folder, an absolute path */
	char **regions;		/* the country's region ids, NULL-ended */
	char **region_names;	/* their names (country.yaml), same order */
	size_t n_regions;
	char *lang;		/* what people read: ru (default), ky, en */
	struct crawler_settings crawler;
	struct retention_settings retention;
	struct source *sources;
	size_t n_sources;
};

/* Load and validate path, and the country.yaml of its lexicon folder
 * (region ids, the time zone and the site for the User-Agent).  NULL
 * with "FILE:LINE:COL: message" in e. */
struct config *config_load(const char *path, struct err *e);
void config_free(struct config *cfg);
const struct source *config_find_source(const struct config *cfg,
					const char *name);
const char *source_type_name(enum source_type t);
/* The country's region ids (NULL-terminated), or NULL for no config. */
const char *const *config_regions(const struct config *cfg);
/* The name of region id for people, or id itself when unknown. */
const char *config_region_name(const struct config *cfg, const char *id);
/* Days since the list was reviewed, given today's date as days since
 * 1970-01-01 (so tests can fix "today"). */
long config_review_age(const struct config *cfg, long today_days);

#endif

/*
 * routing.h - routing.yaml: the office's departments and regional
 * offices with what each answers for, who leads, when to alert, and how
 * alerts travel (SMTP, Telegram, a webhook).  Checked up front like
 * sources.yaml: every error names FILE:LINE:COL, unknown keys are
 * refused, secrets come from the environment, never from the file.
 */
#ifndef MM_ROUTING_H
#define MM_ROUTING_H

#include "common/err.h"

#include <stddef.h>

/* A department (items: the violation categories it owns) or a regional
 * office (items: the regions it answers for). */
struct route_unit {
	char *id, *name, *email;
	char **items;
	size_t n_items;
};

enum route_stage_bits {
	ROUTE_ALLEGED = 1 << 0,
	ROUTE_ACTING = 1 << 1,
	ROUTE_DECIDED = 1 << 2,
};

struct routing {
	char *path;
	long version;
	char *country;			/* the office's country, or NULL */
	char *lang;			/* ru, ky or en */
	unsigned route_stages;		/* ROUTE_* */
	char **log_only;		/* categories logged, not sent */
	size_t n_log_only;
	struct route_unit *departments;
	size_t n_departments;
	struct route_unit *offices;
	size_t n_offices;
	char **leadership;		/* e-mail addresses */
	size_t n_leadership;
	/* alert thresholds */
	double negative_min_weight;	/* negative mention, outlet weight */
	long resonance_outlets;		/* a story taken up by N outlets */
	long resonance_hours;		/* within H hours of its start */
	long max_age_hours;		/* older materials are not alerted */
	/* channels; a NULL url means the channel is off */
	char *smtp_url, *smtp_from, *smtp_user, *smtp_password_env;
	long smtp_timeout_s;
	char *telegram_token_env, *telegram_api;
	char **telegram_chats;
	size_t n_telegram_chats;
	char *webhook_url;
};

/* Load and check path for country (the media list's, or NULL).  regions,
 * when not NULL, is the NULL-terminated list of the country's region ids
 * (a regional office's regions must be among them).  NULL with
 * "FILE:LINE:COL: cause" in e; *other_country is set when the file says
 * it is for another country. */
struct routing *routing_load(const char *path, const char *country,
			     const char *const *regions, int *other_country,
			     struct err *e);
void routing_free(struct routing *rt);

/* The routing file to use: explicit (--routing), else $MEDIAMON_ROUTING,
 * else routing.yaml beside sources_path, else the shipped
 * DATADIR/digest/routing.yaml (*shipped set).  malloc'd, or NULL when
 * none exists. */
char *routing_find(const char *explicit_path, const char *sources_path,
		   int *shipped);

/* The department owning category, or NULL; the regional office of
 * region, or NULL (national, or a region nobody answers for). */
const struct route_unit *routing_department(const struct routing *rt,
					    const char *category);
const struct route_unit *routing_office(const struct routing *rt,
					const char *region);
/* Is category logged only?  Is stage routed? */
int routing_log_only(const struct routing *rt, const char *category);
int routing_stage_routed(const struct routing *rt, const char *stage);

#endif

/*
 * routing.c - read and check routing.yaml with the one YAML reader
 * (common/yml.c): every key known, every value checked, every error at
 * FILE:LINE:COL.  A category belongs to one department at most, a region
 * to one regional office; secrets are names of environment variables.
 */
#include "routing.h"
#include "common/buf.h"
#include "common/i18n.h"
#include "common/paths.h"
#include "common/xalloc.h"
#include "common/yml.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROUTING_FILE_CAP (1 << 20)

/* The violation categories of the schema (violations.category). */
static const char *const categories[] = {
	"corruption", "torture", "trafficking", "labour", "land_property",
	"children", "environment", "abuse_of_office", "fraud",
	"domestic_violence", "other", NULL,
};
static const char *const stages[] = { "alleged", "acting", "decided",
				      NULL };

struct rload {
	const char *path;
	const char *country;
	int *other_country;
	const char *const *regions;
	struct routing *rt;
	struct err *e;
};

static int in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list && list[i]; i++)
		if (!strcmp(list[i], s))
			return (int)i;
	return -1;
}

/* Refuse any key of map y not in keys (NULL-terminated). */
static int known_keys(struct rload *l, const struct yml *y,
		      const char *const *keys, const char *what)
{
	if (y->type != YML_MAP)
		return yml_error(l->e, l->path, y, "%s must be a map", what);
	for (size_t i = 0; i < y->n; i++)
		if (in_list(keys, y->keys[i]) < 0)
			return yml_key_error(l->e, l->path, y, i,
					     "unrecognized key '%s' in %s",
					     y->keys[i], what);
	return 0;
}

/* A non-empty string value of key in map y; NULL when absent. */
static int str(struct rload *l, const struct yml *y, const char *key,
	       char **out, int required)
{
	const struct yml *v = yml_get(y, key);

	if (!v) {
		if (required)
			return yml_error(l->e, l->path, y, "missing '%s'", key);
		return 0;
	}
	if (v->type != YML_SCALAR || !*v->str)
		return yml_error(l->e, l->path, v, "'%s' must be a non-empty "
				 "string", key);
	*out = xstrdup(v->str);
	return 0;
}

static int number(struct rload *l, const struct yml *y, const char *key,
		  double lo, double hi, double *out)
{
	const struct yml *v = yml_get(y, key);

	if (!v)
		return 0;
	if (yml_number(l->path, v, out, l->e) < 0)
		return -1;
	if (*out < lo || *out > hi)
		return yml_error(l->e, l->path, v, "'%s' must be between %g "
				 "and %g", key, lo, hi);
	return 0;
}

static int integer(struct rload *l, const struct yml *y, const char *key,
		   long lo, long hi, long *out)
{
	double d = (double)*out;

	if (number(l, y, key, (double)lo, (double)hi, &d) < 0)
		return -1;
	if (d != (double)(long)d)
		return yml_error(l->e, l->path, yml_get(y, key),
				 "'%s' must be a whole number", key);
	*out = (long)d;
	return 0;
}

/* A list of strings; each checked by ok (NULL: any). */
static int strings(struct rload *l, const struct yml *v, const char *what,
		   int (*ok)(struct rload *, const struct yml *),
		   char ***out, size_t *n)
{
	if (v->type != YML_SEQ)
		return yml_error(l->e, l->path, v, "'%s' must be a list", what);
	*out = xcalloc(v->n + 1, sizeof(**out));
	for (size_t i = 0; i < v->n; i++) {
		const struct yml *s = v->kids[i];

		if (s->type != YML_SCALAR || !*s->str)
			return yml_error(l->e, l->path, s, "each of '%s' must "
					 "be a string", what);
		if (ok && ok(l, s) < 0)
			return -1;
		(*out)[(*n)++] = xstrdup(s->str);
	}
	return 0;
}

static int ok_email(struct rload *l, const struct yml *s)
{
	const char *at = strchr(s->str, '@');

	if (!at || at == s->str || !at[1] || strpbrk(s->str, " <>,;\"\r\n"))
		return yml_error(l->e, l->path, s, "'%s' is not an e-mail "
				 "address", s->str);
	return 0;
}

static int ok_category(struct rload *l, const struct yml *s)
{
	if (in_list(categories, s->str) < 0)
		return yml_error(l->e, l->path, s, "unknown category '%s' "
				 "(expected corruption, torture, trafficking, "
				 "labour, land_property, children, "
				 "environment, abuse_of_office, fraud, "
				 "domestic_violence or other)", s->str);
	return 0;
}

static int ok_region(struct rload *l, const struct yml *s)
{
	if (l->regions && in_list(l->regions, s->str) < 0)
		return yml_error(l->e, l->path, s, "unknown region '%s' "
				 "(not in the country's lexicon)", s->str);
	return 0;
}

static int ok_url(struct rload *l, const struct yml *v, const char *a,
		  const char *b)
{
	if (strncmp(v->str, a, strlen(a)) && strncmp(v->str, b, strlen(b)))
		return yml_error(l->e, l->path, v, "'%s' must start with %s or "
				 "%s", v->str, a, b);
	return 0;
}

/* departments or regional_offices: units with their items. */
static int units(struct rload *l, const struct yml *v, const char *what,
		 const char *items_key,
		 int (*ok)(struct rload *, const struct yml *),
		 struct route_unit **out, size_t *n)
{
	static const char *const dept_keys[] = { "id", "name", "email",
						 "categories", NULL };
	static const char *const office_keys[] = { "id", "name", "email",
						   "regions", NULL };

	if (v->type != YML_SEQ)
		return yml_error(l->e, l->path, v, "'%s' must be a list", what);
	*out = xcalloc(v->n + 1, sizeof(**out));
	for (size_t i = 0; i < v->n; i++) {
		const struct yml *u = v->kids[i], *it, *em;
		struct route_unit *r = &(*out)[(*n)++];

		if (known_keys(l, u, items_key[0] == 'c' ? dept_keys :
			       office_keys, what) < 0 ||
		    str(l, u, "id", &r->id, 1) < 0 ||
		    str(l, u, "name", &r->name, 1) < 0 ||
		    str(l, u, "email", &r->email, 0) < 0)
			return -1;
		em = yml_get(u, "email");
		if (em && ok_email(l, em) < 0)
			return -1;
		for (size_t k = 0; k + 1 < *n; k++)
			if (!strcmp((*out)[k].id, r->id))
				return yml_error(l->e, l->path, yml_get(u, "id"),
						 "%s id '%s' is used twice",
						 what, r->id);
		it = yml_get(u, items_key);
		if (!it)
			return yml_error(l->e, l->path, u, "missing '%s'",
					 items_key);
		if (strings(l, it, items_key, ok, &r->items, &r->n_items) < 0)
			return -1;
	}
	return 0;
}

/* No category owned twice, no region answered for twice. */
static int owned_once(struct rload *l, const struct yml *list,
		      const struct route_unit *u, size_t n, const char *key,
		      const char *what)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < u[i].n_items; k++)
			for (size_t j = 0; j < i; j++)
				if (in_list((const char *const *)u[j].items,
					    u[i].items[k]) >= 0)
					return yml_error(l->e, l->path,
						yml_get(list->kids[i], key),
						"%s '%s' belongs to both '%s' "
						"and '%s'", what, u[i].items[k],
						u[j].id, u[i].id);
	return 0;
}

static int load_channels(struct rload *l, const struct yml *root)
{
	static const char *const smtp_keys[] = { "url", "from", "user",
						 "password_env", "timeout_s",
						 NULL };
	static const char *const tg_keys[] = { "token_env", "chat_ids",
					       "api_url", NULL };
	static const char *const hook_keys[] = { "url", NULL };
	struct routing *rt = l->rt;
	const struct yml *s = yml_get(root, "smtp"), *t, *w;

	if (s) {
		if (known_keys(l, s, smtp_keys, "smtp") < 0 ||
		    str(l, s, "url", &rt->smtp_url, 1) < 0 ||
		    ok_url(l, yml_get(s, "url"), "smtp://", "smtps://") < 0 ||
		    str(l, s, "from", &rt->smtp_from, 1) < 0 ||
		    ok_email(l, yml_get(s, "from")) < 0 ||
		    str(l, s, "user", &rt->smtp_user, 0) < 0 ||
		    str(l, s, "password_env", &rt->smtp_password_env, 0) < 0 ||
		    integer(l, s, "timeout_s", 1, 600, &rt->smtp_timeout_s) < 0)
			return -1;
	}
	t = yml_get(root, "telegram");
	if (t) {
		const struct yml *ids;

		if (known_keys(l, t, tg_keys, "telegram") < 0 ||
		    str(l, t, "token_env", &rt->telegram_token_env, 1) < 0 ||
		    str(l, t, "api_url", &rt->telegram_api, 0) < 0)
			return -1;
		if (rt->telegram_api &&
		    ok_url(l, yml_get(t, "api_url"), "http://", "https://") < 0)
			return -1;
		ids = yml_get(t, "chat_ids");
		if (!ids)
			return yml_error(l->e, l->path, t, "missing 'chat_ids'");
		if (strings(l, ids, "chat_ids", NULL, &rt->telegram_chats,
			    &rt->n_telegram_chats) < 0)
			return -1;
	}
	w = yml_get(root, "webhook");
	if (w && (known_keys(l, w, hook_keys, "webhook") < 0 ||
		  str(l, w, "url", &rt->webhook_url, 1) < 0 ||
		  ok_url(l, yml_get(w, "url"), "http://", "https://") < 0))
		return -1;
	return 0;
}

static int load(struct rload *l, const struct yml *root)
{
	static const char *const top[] = {
		"version", "country", "lang", "route_stages", "log_only",
		"departments",
		"regional_offices", "leadership", "alerts", "smtp",
		"telegram", "webhook", NULL,
	};
	static const char *const lead_keys[] = { "emails", NULL };
	static const char *const alert_keys[] = {
		"negative_min_weight", "resonance_outlets", "resonance_hours",
		"max_age_hours", NULL,
	};
	struct routing *rt = l->rt;
	const struct yml *v;

	if (known_keys(l, root, top, "routing.yaml") < 0)
		return -1;
	v = yml_get(root, "version");
	if (!v)
		return yml_error(l->e, l->path, root, "missing 'version: 1'");
	if (integer(l, root, "version", 1, 1, &rt->version) < 0 ||
	    str(l, root, "country", &rt->country, 0) < 0 ||
	    str(l, root, "lang", &rt->lang, 0) < 0)
		return -1;
	/* before the regions are checked: they are that country's */
	if (rt->country && l->country && strcmp(rt->country, l->country)) {
		*l->other_country = 1;
		return yml_error(l->e, l->path, yml_get(root, "country"),
				 "this routing is for country '%s', the media "
				 "list for '%s'", rt->country, l->country);
	}
	if (rt->lang && !i18n_lang_valid(rt->lang))
		return yml_error(l->e, l->path, yml_get(root, "lang"),
				 "'lang' must be ru, ky or en, not '%s'",
				 rt->lang);
	v = yml_get(root, "route_stages");
	if (v) {
		char **st = NULL;
		size_t n = 0;
		int bad = strings(l, v, "route_stages", NULL, &st, &n);

		rt->route_stages = 0;
		for (size_t i = 0; !bad && i < n; i++) {
			int k = in_list(stages, st[i]);

			if (k < 0)
				bad = yml_error(l->e, l->path, v->kids[i],
						"unknown stage '%s' (expected "
						"alleged, acting or decided)",
						st[i]);
			else
				rt->route_stages |= 1u << k;
		}
		for (size_t i = 0; i < n; i++)
			free(st[i]);
		free(st);
		if (bad)
			return -1;
	}
	v = yml_get(root, "log_only");
	if (v && strings(l, v, "log_only", ok_category, &rt->log_only,
			 &rt->n_log_only) < 0)
		return -1;
	v = yml_get(root, "departments");
	if (!v)
		return yml_error(l->e, l->path, root, "missing 'departments'");
	if (units(l, v, "department", "categories", ok_category,
		  &rt->departments, &rt->n_departments) < 0 ||
	    owned_once(l, v, rt->departments, rt->n_departments,
		       "categories", "category") < 0)
		return -1;
	v = yml_get(root, "regional_offices");
	if (v && (units(l, v, "regional office", "regions", ok_region,
			&rt->offices, &rt->n_offices) < 0 ||
		  owned_once(l, v, rt->offices, rt->n_offices, "regions",
			     "region") < 0))
		return -1;
	v = yml_get(root, "leadership");
	if (v) {
		const struct yml *em;

		if (known_keys(l, v, lead_keys, "leadership") < 0)
			return -1;
		em = yml_get(v, "emails");
		if (em && strings(l, em, "emails", ok_email, &rt->leadership,
				  &rt->n_leadership) < 0)
			return -1;
	}
	v = yml_get(root, "alerts");
	if (v && (known_keys(l, v, alert_keys, "alerts") < 0 ||
		  number(l, v, "negative_min_weight", 0, 1,
			 &rt->negative_min_weight) < 0 ||
		  integer(l, v, "resonance_outlets", 1, 1000,
			  &rt->resonance_outlets) < 0 ||
		  integer(l, v, "resonance_hours", 1, 24 * 30,
			  &rt->resonance_hours) < 0 ||
		  integer(l, v, "max_age_hours", 1, 24 * 365,
			  &rt->max_age_hours) < 0))
		return -1;
	return load_channels(l, root);
}

struct routing *routing_load(const char *path, const char *country,
			     const char *const *regions, int *other_country,
			     struct err *e)
{
	struct buf data;
	struct yml *root;
	struct rload l = { path, country, other_country, regions, NULL, e };
	int ok;

	*other_country = 0;
	buf_init(&data, ROUTING_FILE_CAP);
	root = yml_read(path, &data, e);
	buf_release(&data);
	if (!root)
		return NULL;
	l.rt = xcalloc(1, sizeof(*l.rt));
	l.rt->path = xstrdup(path);
	l.rt->route_stages = ROUTE_ALLEGED | ROUTE_ACTING;
	l.rt->negative_min_weight = 0.7;
	l.rt->resonance_outlets = 3;
	l.rt->resonance_hours = 6;
	l.rt->max_age_hours = 48;
	l.rt->smtp_timeout_s = 20;
	ok = load(&l, root) == 0;
	yml_free(root);
	if (!ok) {
		routing_free(l.rt);
		return NULL;
	}
	return l.rt;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void free_units(struct route_unit *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(u[i].id);
		free(u[i].name);
		free(u[i].email);
		free_list(u[i].items, u[i].n_items);
	}
	free(u);
}

void routing_free(struct routing *rt)
{
	if (!rt)
		return;
	free(rt->path);
	free(rt->country);
	free(rt->lang);
	free_list(rt->log_only, rt->n_log_only);
	free_units(rt->departments, rt->n_departments);
	free_units(rt->offices, rt->n_offices);
	free_list(rt->leadership, rt->n_leadership);
	free(rt->smtp_url);
	free(rt->smtp_from);
	free(rt->smtp_user);
	free(rt->smtp_password_env);
	free(rt->telegram_token_env);
	free(rt->telegram_api);
	free_list(rt->telegram_chats, rt->n_telegram_chats);
	free(rt->webhook_url);
	free(rt);
}

static char *readable(struct buf *b)
{
	if (access(b->data, R_OK) == 0)
		return buf_detach(b, NULL);
	buf_release(b);
	return NULL;
}

char *routing_find(const char *explicit_path, const char *sources_path,
		   int *shipped)
{
	const char *env = getenv("MEDIAMON_ROUTING");
	const char *slash;
	struct buf b = BUF_INIT;
	char *found;

	/* an explicit file is the user's word: a missing one is an error
	 * that yml_read reports, not a reason to look elsewhere */
	*shipped = 0;
	if (explicit_path)
		return xstrdup(explicit_path);
	if (env && *env)
		return xstrdup(env);
	slash = sources_path ? strrchr(sources_path, '/') : NULL;
	if (slash)
		buf_addf(&b, "%.*s/routing.yaml", (int)(slash - sources_path),
			 sources_path);
	else
		buf_adds(&b, "routing.yaml");
	found = readable(&b);
	if (found)
		return found;
	buf_addf(&b, "%s/digest/routing.yaml", mm_datadir());
	found = readable(&b);
	*shipped = found != NULL;
	return found;
}

const struct route_unit *routing_department(const struct routing *rt,
					    const char *category)
{
	for (size_t i = 0; i < rt->n_departments; i++)
		if (in_list((const char *const *)rt->departments[i].items,
			    category) >= 0)
			return &rt->departments[i];
	return NULL;
}

const struct route_unit *routing_office(const struct routing *rt,
					const char *region)
{
	for (size_t i = 0; i < rt->n_offices; i++)
		if (in_list((const char *const *)rt->offices[i].items,
			    region) >= 0)
			return &rt->offices[i];
	return NULL;
}

int routing_log_only(const struct routing *rt, const char *category)
{
	return in_list((const char *const *)rt->log_only, category) >= 0;
}

int routing_stage_routed(const struct routing *rt, const char *stage)
{
	int k = in_list(stages, stage);

	return k >= 0 && (rt->route_stages & 1u << k);
}

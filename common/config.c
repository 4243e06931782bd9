/*
 * config.c - load and check sources.yaml (read by yml.c, as the
 * lexicons are).  Keys are described by typed tables (key, kind, bounds,
 * where to store), as redis' static_configs, so every key is checked the
 * same way and every error carries FILE:LINE:COL of the offending node.
 */
#include "config.h"
#include "i18n.h"
#include "buf.h"
#include "country.h"
#include "hash.h"
#include "paths.h"
#include "xalloc.h"
#include "yml.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

enum key_kind {
	K_INT,		/* long, within [min, max] */
	K_NUM,		/* double, within [min, max] */
	K_BOOL,
	K_STR,		/* char * */
	K_DATE,		/* char *, YYYY-MM-DD */
	K_URL,		/* char *, http or https; its userinfo goes to the
			 * char * that follows */
	K_TYPE,		/* enum source_type */
	K_REGION,	/* char *, a region of the country (country.yaml) */
	K_CIDRS,	/* char **, count at offset + sizeof(char **) */
	K_ARTICLE,	/* mapping { xpath: STR } into article_xpath */
	K_TIMEZONE,	/* char *, must exist in the zoneinfo database */
	K_XPATH,	/* char *, an XPath expression libxml2 compiles */
	K_LANG,		/* char *, a language of what people read */
};

struct key_desc {
	const char *key;
	enum key_kind kind;
	size_t offset;
	double min, max;
};

/* What a config file may say about one source (also under defaults:). */
static const struct key_desc source_keys[] = {
	{ "name", K_STR, offsetof(struct source, name), 0, 0 },
	{ "url", K_URL, offsetof(struct source, url), 0, 0 },
	{ "type", K_TYPE, offsetof(struct source, type), 0, 0 },
	{ "lang", K_STR, offsetof(struct source, lang), 0, 0 },
	{ "country", K_STR, offsetof(struct source, country), 0, 0 },
	{ "region", K_REGION, offsetof(struct source, region), 0, 0 },
	{ "weight", K_NUM, offsetof(struct source, weight), 0, 1 },
	{ "own", K_BOOL, offsetof(struct source, own), 0, 0 },
	{ "enabled", K_BOOL, offsetof(struct source, enabled), 0, 0 },
	{ "links", K_XPATH, offsetof(struct source, links_xpath), 0, 0 },
	{ "article", K_ARTICLE, offsetof(struct source, article_xpath), 0, 0 },
};

static const struct key_desc crawler_keys[] = {
	{ "timeout_s", K_INT, offsetof(struct crawler_settings, timeout_s),
	  1, 600 },
	{ "max_bytes", K_INT, offsetof(struct crawler_settings, max_bytes),
	  1024, 1 << 30 },
	{ "allow_networks", K_CIDRS,
	  offsetof(struct crawler_settings, allow_networks), 0, 0 },
	{ "per_host", K_INT, offsetof(struct crawler_settings, per_host),
	  1, 16 },
	{ "delay_ms", K_INT, offsetof(struct crawler_settings, delay_ms),
	  0, 60000 },
	{ "concurrency", K_INT,
	  offsetof(struct crawler_settings, concurrency), 1, 256 },
	{ "user_agent", K_STR, offsetof(struct crawler_settings, user_agent),
	  0, 0 },
	{ "retries", K_INT, offsetof(struct crawler_settings, retries), 0, 10 },
	{ "warc_dir", K_STR, offsetof(struct crawler_settings, warc_dir), 0,
	  0 },
	{ "warc_max_mb", K_INT,
	  offsetof(struct crawler_settings, warc_max_mb), 1, 10240 },
	{ "max_articles", K_INT,
	  offsetof(struct crawler_settings, max_articles), 0, 100000 },
	{ "parse_timeout_s", K_INT,
	  offsetof(struct crawler_settings, parse_timeout_s), 1, 600 },
};

static const struct key_desc retention_keys[] = {
	{ "raw_body_days", K_INT,
	  offsetof(struct retention_settings, raw_body_days), 0, 36500 },
};

/* The sections of settings: a mapping each, filling one struct. */
static const struct section {
	const char *name;
	const struct key_desc *keys;
	size_t nkeys;
	size_t offset;		/* of the struct in struct config */
} sections[] = {
	{ "crawler", crawler_keys, ARRAY_SIZE(crawler_keys),
	  offsetof(struct config, crawler) },
	{ "retention", retention_keys, ARRAY_SIZE(retention_keys),
	  offsetof(struct config, retention) },
};

static const struct key_desc top_keys[] = {
	{ "version", K_INT, offsetof(struct config, version), 1, 1 },
	{ "reviewed", K_DATE, offsetof(struct config, reviewed), 0, 0 },
	{ "review_every_days", K_INT,
	  offsetof(struct config, review_every_days), 1, 3650 },
	{ "timezone", K_TIMEZONE, offsetof(struct config, timezone), 0, 0 },
	{ "country", K_STR, offsetof(struct config, country), 0, 0 },
	{ "lexicons", K_STR, offsetof(struct config, lexicon_dir), 0, 0 },
	{ "lang", K_LANG, offsetof(struct config, lang), 0, 0 },
};

static const char *const type_names[] = { "rss", "html", "telegram" };

#define CONFIG_FILE_CAP (4 << 20)

struct loader {
	const char *path;
	struct err *e;
	struct config *cfg;
	/* checked once the country is known (it may come last) */
	const struct yml **regions;
	size_t nregions;
	const struct yml *country, *lexicons;	/* where they were set */
	size_t sources_alloc;
	size_t *names, ncap;	/* see names_find() */
};

/* "FILE:LINE:COL: message" for node n; always returns -1. */
static int node_error(struct loader *l, const struct yml *n,
		      const char *fmt, ...) PRINTF(3, 4);
static int node_error(struct loader *l, const struct yml *n,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	yml_verror(l->e, l->path, n, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *scalar(const struct yml *n)
{
	return n->type == YML_SCALAR ? n->str : NULL;
}

static const char *kind_name(enum key_kind k)
{
	switch (k) {
	case K_INT: return "an integer";
	case K_NUM: return "a number";
	case K_BOOL: return "true or false";
	case K_DATE: return "a date YYYY-MM-DD";
	case K_URL: return "an http or https URL";
	case K_CIDRS: return "a list of networks (CIDR)";
	case K_ARTICLE: return "a mapping with 'xpath'";
	default: return "a string";
	}
}

static int parse_long(const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return (!*s || *end || errno) ? -1 : 0;
}

static int valid_date(const char *s)
{
	int y, m, d;
	char tail;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d,
				      &tail) != 3)
		return 0;
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100) || y % 400 == 0))
		return 0;
	return 1;
}

/* Scheme and a host are all the config can check without the network. */
static int valid_http_url(const char *s)
{
	const char *host;

	if (!strncasecmp(s, "http://", 7))
		host = s + 7;
	else if (!strncasecmp(s, "https://", 8))
		host = s + 8;
	else
		return 0;
	if (!*host || *host == '/' || *host == ':')
		return 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ')
			return 0;
	return 1;
}

/* a.b.c.d/len or an IPv6 prefix; the fetcher parses it for real. */
static int valid_cidr(const char *s)
{
	const char *slash = strchr(s, '/');
	long len;

	if (!slash || slash == s || parse_long(slash + 1, &len) < 0)
		return 0;
	if (strchr(s, ':'))
		return len >= 0 && len <= 128;
	{
		unsigned a, b, c, d;
		char tail;

		if (sscanf(s, "%u.%u.%u.%u/%*d%c", &a, &b, &c, &d, &tail) != 4)
			return 0;
		return a < 256 && b < 256 && c < 256 && d < 256 && len >= 0 &&
		       len <= 32;
	}
}

static int valid_timezone(const char *tz)
{
	char p[512];
	struct stat st;

	if (!strcmp(tz, "UTC"))
		return 1;
	if (strstr(tz, "..") || tz[0] == '/' ||
	    (size_t)snprintf(p, sizeof(p), "/usr/share/zoneinfo/%s", tz) >=
		    sizeof(p))
		return 0;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* libxml2 reports a bad expression on stderr besides returning NULL:
 * the config error says it once, at the spot. */
static void quiet(void *ctx, xmlError *err)
{
	(void)ctx;
	(void)err;
}

/* Does libxml2 compile the XPath?  (A crawl would only find out at the
 * first page of the source.) */
static int valid_xpath(const char *s)
{
	xmlXPathCompExprPtr x;

	xmlSetStructuredErrorFunc(NULL, quiet);
	x = xmlXPathCompile((const xmlChar *)s);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlXPathFreeCompExpr(x);
	return x != NULL;
}

static int set_value(struct loader *l, const struct key_desc *d,
		     const struct yml *v, void *base);

static const struct key_desc *find_key(const struct key_desc *keys,
				       size_t n, const char *k)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(keys[i].key, k))
			return &keys[i];
	return NULL;
}

/*
 * Apply every key of mapping m to base through the table keys.  what
 * names the mapping in messages ("source #3", "crawler").  The reader
 * has refused duplicate keys already.
 */
static int apply_mapping(struct loader *l, const struct yml *m,
			 const struct key_desc *keys, size_t nkeys,
			 void *base, const char *what)
{
	if (m->type != YML_MAP)
		return node_error(l, m, "%s must be a mapping", what);
	for (size_t i = 0; i < m->n; i++) {
		const struct key_desc *d = find_key(keys, nkeys, m->keys[i]);

		if (!d)
			return yml_key_error(l->e, l->path, m, i,
					     "unrecognized key '%s' in %s",
					     m->keys[i], what);
		if (set_value(l, d, m->kids[i], base) < 0)
			return -1;
	}
	return 0;
}

static void set_str(void *base, size_t off, const char *s)
{
	char **slot = (char **)((char *)base + off);

	free(*slot);
	*slot = xstrdup(s);
}

/*
 * Store the URL s at off without its userinfo
 * ("http://user:pass@host/feed" becomes "http://host/feed"), and the
 * userinfo in the char * after it (NULL when there is none).  The URL is
 * what every message, table and archive record shows; the password stays
 * in memory for the requests alone.
 */
static void split_userinfo(void *base, size_t off, const char *s)
{
	char **info = (char **)((char *)base + off + sizeof(char *));
	const char *auth = strstr(s, "://");
	size_t alen = auth ? strcspn(auth + 3, "/?#") : 0;
	const char *at = NULL;
	struct buf clean = BUF_INIT;

	if (auth)
		auth += 3;
	for (const char *p = auth; p && p < auth + alen; p++)
		if (*p == '@')
			at = p;
	free(*info);
	*info = NULL;
	if (!at) {
		set_str(base, off, s);
		return;
	}
	*info = xstrndup(auth, (size_t)(at - auth));
	buf_add(&clean, s, (size_t)(auth - s));
	buf_adds(&clean, at + 1);
	set_str(base, off, clean.data);
	buf_release(&clean);
}

static int set_value(struct loader *l, const struct key_desc *d,
		     const struct yml *v, void *base)
{
	const char *s = scalar(v);
	char *slot = (char *)base + d->offset;
	long lv;

	if (d->kind == K_CIDRS) {
		char ***list = (char ***)slot;
		size_t *count = (size_t *)(slot + sizeof(char **));

		if (v->type != YML_SEQ)
			return node_error(l, v, "'%s' must be %s", d->key,
					  kind_name(d->kind));
		for (size_t i = 0; i < v->n; i++) {
			const struct yml *c = v->kids[i];
			const char *cs = scalar(c);

			if (!cs || !valid_cidr(cs))
				return node_error(l, c, "'%s' is not a network "
						  "in CIDR form (e.g. 127.0.0.0/8)",
						  cs ? cs : "(not a scalar)");
			*list = xrealloc(*list, (*count + 1) * sizeof(char *));
			(*list)[(*count)++] = xstrdup(cs);
		}
		return 0;
	}
	if (d->kind == K_ARTICLE) {
		static const struct key_desc article_keys[] = {
			{ "xpath", K_XPATH, 0, 0, 0 },
		};
		return apply_mapping(l, v, article_keys, 1, slot, "'article'");
	}
	if (!s)
		return node_error(l, v, "'%s' must be %s", d->key,
				  kind_name(d->kind));
	switch (d->kind) {
	case K_INT:
		if (parse_long(s, &lv) < 0)
			return node_error(l, v, "'%s' must be %s, not '%s'",
					  d->key, kind_name(d->kind), s);
		if (lv < d->min || lv > d->max)
			return node_error(l, v, "'%s' must be between %.0f and "
					  "%.0f, not %ld", d->key, d->min,
					  d->max, lv);
		*(long *)slot = lv;
		return 0;
	case K_NUM: {
		char *end;
		double dv = strtod(s, &end);

		if (!*s || *end || !isfinite(dv))
			return node_error(l, v, "'%s' must be %s, not '%s'",
					  d->key, kind_name(d->kind), s);
		if (dv < d->min || dv > d->max)
			return node_error(l, v, "'%s' must be between %g and "
					  "%g, not %s", d->key, d->min, d->max,
					  s);
		*(double *)slot = dv;
		return 0;
	}
	case K_BOOL:
		if (!strcmp(s, "true") || !strcmp(s, "yes"))
			*(int *)slot = 1;
		else if (!strcmp(s, "false") || !strcmp(s, "no"))
			*(int *)slot = 0;
		else
			return node_error(l, v, "'%s' must be true or false, "
					  "not '%s'", d->key, s);
		return 0;
	case K_DATE:
		if (!valid_date(s))
			return node_error(l, v, "'%s' must be a date "
					  "YYYY-MM-DD, not '%s'", d->key, s);
		break;
	case K_URL:
		split_userinfo(base, d->offset, s);
		s = *(char **)slot;
		if (!valid_http_url(s))
			return node_error(l, v, "'%s' must be an http or https "
					  "URL, not '%s'", d->key, s);
		return 0;
	case K_TYPE:
		for (size_t i = 0; i < ARRAY_SIZE(type_names); i++)
			if (!strcmp(s, type_names[i])) {
				*(enum source_type *)slot =
					(enum source_type)i;
				return 0;
			}
		return node_error(l, v, "unknown type '%s' (expected rss, "
				  "html or telegram)", s);
	case K_REGION:
		l->regions = xrealloc(l->regions, (l->nregions + 1) *
				      sizeof(*l->regions));
		l->regions[l->nregions++] = v;
		break;
	case K_TIMEZONE:
		if (!valid_timezone(s))
			return node_error(l, v, "unknown time zone '%s'", s);
		break;
	case K_XPATH:
		if (!valid_xpath(s))
			return node_error(l, v, "'%s' is not a valid XPath: "
					  "'%s'", d->key, s);
		break;
	case K_LANG:
		if (!i18n_lang_valid(s))
			return node_error(l, v, "'lang' must be ru, ky or en, "
					  "not '%s'", s);
		break;
	default:
		if (!*s)
			return node_error(l, v, "'%s' must not be empty",
					  d->key);
		break;
	}
	set_str(base, d->offset, s);
	return 0;
}

static void source_copy_defaults(struct source *dst, const struct source *def)
{
	*dst = *def;
	dst->name = def->name ? xstrdup(def->name) : NULL;
	dst->url = def->url ? xstrdup(def->url) : NULL;
	dst->userinfo = def->userinfo ? xstrdup(def->userinfo) : NULL;
	dst->lang = def->lang ? xstrdup(def->lang) : NULL;
	dst->country = def->country ? xstrdup(def->country) : NULL;
	dst->region = def->region ? xstrdup(def->region) : NULL;
	dst->links_xpath = def->links_xpath ? xstrdup(def->links_xpath) : NULL;
	dst->article_xpath =
		def->article_xpath ? xstrdup(def->article_xpath) : NULL;
}

static void source_release(struct source *s)
{
	free(s->name);
	free(s->url);
	free(s->userinfo);
	free(s->lang);
	free(s->country);
	free(s->region);
	free(s->links_xpath);
	free(s->article_xpath);
}

static int valid_name(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._-", *s))
			return 0;
	return 1;
}

static size_t name_hash(const char *s)
{
	return (size_t)hash_bytes(s, strlen(s), HASH_INIT);
}

/* The index of the loaded source called name, or -1: a hash set over
 * cfg->sources (slot holds index + 1), so that 100,000 sources load in
 * linear time (comparing each with all before was quadratic). */
static long names_find(const struct loader *l, const char *name)
{
	size_t m = l->ncap - 1;

	if (!l->ncap)
		return -1;
	for (size_t h = name_hash(name) & m; l->names[h]; h = (h + 1) & m)
		if (!strcmp(l->cfg->sources[l->names[h] - 1].name, name))
			return (long)l->names[h] - 1;
	return -1;
}

/* Add source i (just loaded) to the set, growing it at half full. */
static void names_add(struct loader *l, size_t i)
{
	size_t h;

	if (2 * (i + 1) > l->ncap) {
		l->ncap = l->ncap ? l->ncap * 2 : 64;
		free(l->names);
		l->names = xcalloc(l->ncap, sizeof(*l->names));
		for (size_t k = 0; k < i; k++)
			names_add(l, k);
	}
	h = name_hash(l->cfg->sources[i].name) & (l->ncap - 1);
	while (l->names[h])
		h = (h + 1) & (l->ncap - 1);
	l->names[h] = i + 1;
}

/* Check one loaded source as a whole (required keys, type rules). */
static int check_source(struct loader *l, const struct yml *n,
			struct source *s)
{
	if (!s->name)
		return node_error(l, n, "source has no 'name'");
	if (!valid_name(s->name))
		return node_error(l, n, "source name '%s' may only use "
				  "letters, digits, '.', '_' and '-'", s->name);
	if (!s->url)
		return node_error(l, n, "source '%s' has no 'url'", s->name);
	if (s->type == SOURCE_HTML && !s->links_xpath)
		return node_error(l, n, "source '%s' is of type html but has "
				  "no 'links' XPath", s->name);
	if (s->type != SOURCE_HTML && s->links_xpath)
		return node_error(l, n, "source '%s': 'links' applies only to "
				  "type html", s->name);
	{
		long first = names_find(l, s->name);

		if (first >= 0)
			return node_error(l, n, "duplicate source name '%s' "
					  "(first defined at line %d)", s->name,
					  l->cfg->sources[first].line);
	}
	return 0;
}

static int load_sources(struct loader *l, const struct yml *seq,
			const struct source *def)
{
	if (seq->type != YML_SEQ)
		return node_error(l, seq, "'sources' must be a list");
	for (size_t i = 0; i < seq->n; i++) {
		const struct yml *n = seq->kids[i];
		struct source s;
		char what[64];

		source_copy_defaults(&s, def);
		s.line = n->line;
		s.col = n->col;
		snprintf(what, sizeof(what), "source #%zu",
			 l->cfg->n_sources + 1);
		if (apply_mapping(l, n, source_keys, ARRAY_SIZE(source_keys),
				  &s, what) < 0 ||
		    check_source(l, n, &s) < 0) {
			source_release(&s);
			return -1;
		}
		ALLOC_GROW(l->cfg->sources, l->cfg->n_sources + 1,
			   l->sources_alloc);
		l->cfg->sources[l->cfg->n_sources++] = s;
		names_add(l, l->cfg->n_sources - 1);
	}
	return 0;
}

static const struct section *find_section(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
		if (!strcmp(sections[i].name, name))
			return &sections[i];
	return NULL;
}

static void set_defaults(struct config *cfg, struct source *def)
{
	struct crawler_settings *c = &cfg->crawler;

	cfg->review_every_days = 365;
	cfg->country = xstrdup(CONFIG_COUNTRY);
	c->timeout_s = 20;
	c->max_bytes = 8L << 20;
	c->per_host = 2;
	c->delay_ms = 1000;
	c->concurrency = 16;
	c->retries = 2;
	c->warc_max_mb = 1024;
	c->max_articles = 200;
	c->parse_timeout_s = 10;
	memset(def, 0, sizeof(*def));
	def->type = SOURCE_RSS;
	def->weight = 0.5;
	def->enabled = 1;
}

static int load_root(struct loader *l, const struct yml *root)
{
	struct source def;
	const struct yml *sources, *defaults;
	int ret = -1;

	set_defaults(l->cfg, &def);
	if (root->type == YML_MAP && !root->n) {
		err_set(l->e, "%s:1:1: the file is empty", l->path);
		goto out;
	}
	if (root->type != YML_MAP) {
		node_error(l, root, "the top level must be a mapping");
		goto out;
	}
	sources = yml_get(root, "sources");
	defaults = yml_get(root, "defaults");
	for (size_t i = 0; i < root->n; i++) {
		const char *ks = root->keys[i];
		const struct yml *v = root->kids[i];
		const struct key_desc *d;

		if (!strcmp(ks, "sources") || !strcmp(ks, "defaults")) {
			continue;	/* after the settings they depend on */
		} else if (find_section(ks)) {
			const struct section *sec = find_section(ks);

			if (apply_mapping(l, v, sec->keys, sec->nkeys,
					  (char *)l->cfg + sec->offset,
					  sec->name) < 0)
				goto out;
		} else {
			d = find_key(top_keys, ARRAY_SIZE(top_keys), ks);
			if (!d) {
				yml_key_error(l->e, l->path, root, i,
					      "unrecognized key '%s' at the "
					      "top level", ks);
				goto out;
			}
			if (!strcmp(ks, "country"))
				l->country = v;
			else if (!strcmp(ks, "lexicons"))
				l->lexicons = v;
			if (set_value(l, d, v, l->cfg) < 0)
				goto out;
		}
	}
	if (!l->cfg->version) {
		node_error(l, root, "missing 'version: 1'");
		goto out;
	}
	if (!l->cfg->reviewed) {
		node_error(l, root, "missing 'reviewed: YYYY-MM-DD' (when the "
			   "media list was last reviewed)");
		goto out;
	}
	if (defaults) {
		if (apply_mapping(l, defaults, source_keys,
				  ARRAY_SIZE(source_keys), &def,
				  "defaults") < 0)
			goto out;
		if (def.name || def.url) {
			node_error(l, defaults, "'name' and 'url' cannot "
				   "have defaults");
			goto out;
		}
	}
	if (!sources) {
		node_error(l, root, "missing 'sources' list");
		goto out;
	}
	if (load_sources(l, sources, &def) < 0)
		goto out;
	ret = 0;
out:
	source_release(&def);
	return ret;
}

/* The region ids as "a, b, c" for a message. */
static void region_list(const struct country *co, struct buf *out)
{
	for (size_t i = 0; i < co->nregions; i++)
		buf_addf(out, "%s%s", i ? ", " : "", co->regions[i]);
	if (!co->nregions)
		buf_adds(out, "none: the country lists no regions");
}

/* What sources.yaml takes from its country's country.yaml: the check of
 * every "region:", and the time zone and User-Agent when it sets none.
 * The lexicon folder is resolved here, once, to an absolute path. */
static int apply_country(struct loader *l, const struct yml *root)
{
	struct config *cfg = l->cfg;
	const struct yml *at = l->lexicons ? l->lexicons :
			       l->country ? l->country : root;
	struct buf dir = BUF_INIT, list = BUF_INIT;
	struct country co;
	char *real;
	int ret = -1;

	if (strlen(cfg->country) != 2 ||
	    strspn(cfg->country, "abcdefghijklmnopqrstuvwxyz") != 2)
		return node_error(l, at, "'country' must be a two-letter "
				  "country code in lower case, not '%s'",
				  cfg->country);
	if (cfg->lexicon_dir) {
		mm_lexicon_path(cfg->lexicon_dir, l->path, &dir);
	} else {
		buf_addf(&list, "analyzer/lexicons/%s", cfg->country);
		mm_lexicon_path(list.data, l->path, &dir);
	}
	real = realpath(dir.data, NULL);
	if (!real) {
		node_error(l, at, "no lexicons for country '%s': cannot open "
			   "'%s': %s", cfg->country, dir.data,
			   strerror(errno));
		goto out;
	}
	free(cfg->lexicon_dir);
	cfg->lexicon_dir = real;
	if (country_load(&co, real, NULL, l->e) < 0)
		goto out;
	if (strcmp(co.id, cfg->country)) {
		node_error(l, at, "the lexicons in '%s' are for country '%s', "
			   "not '%s'", real, co.id, cfg->country);
		goto out_co;
	}
	for (size_t i = 0; i < l->nregions; i++) {
		const struct yml *v = l->regions[i];

		if (country_region(&co, v->str) >= 0)
			continue;
		buf_reset(&list);
		region_list(&co, &list);
		node_error(l, v, "unknown region '%s' (expected one of %s)",
			   v->str, list.data);
		goto out_co;
	}
	if (!cfg->timezone && !co.timezone) {
		node_error(l, root, "no 'timezone', and '%s' names none",
			   co.path);
		goto out_co;
	}
	if (!cfg->timezone && !valid_timezone(co.timezone)) {
		yml_error(l->e, co.path, yml_get(co.root, "timezone"),
			  "unknown time zone '%s'", co.timezone);
		goto out_co;
	}
	if (!cfg->timezone)
		cfg->timezone = xstrdup(co.timezone);
	/* the digest names regions, routing checks its offices' regions */
	cfg->n_regions = co.nregions;
	cfg->regions = xcalloc(co.nregions + 1, sizeof(*cfg->regions));
	cfg->region_names = xcalloc(co.nregions + 1,
				    sizeof(*cfg->region_names));
	for (size_t i = 0; i < co.nregions; i++) {
		cfg->regions[i] = xstrdup(co.regions[i]);
		cfg->region_names[i] = xstrdup(co.region_names[i]);
	}
	if (!cfg->crawler.user_agent) {
		/* sites expect a name and a contact */
		buf_reset(&list);
		buf_adds(&list, "mediamon/0.1 (press office media monitoring");
		if (co.site)
			buf_addf(&list, "; +https://%s", co.site);
		buf_addch(&list, ')');
		cfg->crawler.user_agent = buf_detach(&list, NULL);
	}
	ret = 0;
out_co:
	country_release(&co);
out:
	buf_release(&dir);
	buf_release(&list);
	return ret;
}

struct config *config_load(const char *path, struct err *e)
{
	struct loader l;
	struct buf data = BUF_INIT;
	struct yml *root;
	int ok;

	buf_init(&data, CONFIG_FILE_CAP);
	root = yml_read(path, &data, e);
	buf_release(&data);
	if (!root)
		return NULL;
	memset(&l, 0, sizeof(l));
	l.path = path;
	l.e = e;
	l.cfg = xcalloc(1, sizeof(*l.cfg));
	l.cfg->path = xstrdup(path);
	ok = load_root(&l, root) == 0 && apply_country(&l, root) == 0;
	yml_free(root);
	free(l.regions);
	free(l.names);
	if (!ok) {
		config_free(l.cfg);
		return NULL;
	}
	return l.cfg;
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->n_regions; i++) {
		free(cfg->regions[i]);
		free(cfg->region_names[i]);
	}
	free(cfg->regions);
	free(cfg->region_names);
	free(cfg->lang);
	for (size_t i = 0; i < cfg->n_sources; i++)
		source_release(&cfg->sources[i]);
	free(cfg->sources);
	for (size_t i = 0; i < cfg->crawler.n_allow_networks; i++)
		free(cfg->crawler.allow_networks[i]);
	free(cfg->crawler.allow_networks);
	free(cfg->crawler.user_agent);
	free(cfg->crawler.warc_dir);
	free(cfg->path);
	free(cfg->reviewed);
	free(cfg->timezone);
	free(cfg->country);
	free(cfg->lexicon_dir);
	free(cfg);
}

const struct source *config_find_source(const struct config *cfg,
					const char *name)
{
	for (size_t i = 0; i < cfg->n_sources; i++)
		if (!strcmp(cfg->sources[i].name, name))
			return &cfg->sources[i];
	return NULL;
}

const char *source_type_name(enum source_type t)
{
	return type_names[t];
}

long config_review_age(const struct config *cfg, long today_days)
{
	int y, m, d;
	long yy;
	unsigned mm;

	if (sscanf(cfg->reviewed, "%d-%d-%d", &y, &m, &d) != 3)
		BUG("reviewed date was validated at load");
	/* days_from_civil (H. Hinnant), kept here so config needs no date.c */
	yy = y - (m <= 2);
	mm = (unsigned)m;
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	unsigned yoe = (unsigned)(yy - era * 400);
	unsigned doy = (153 * (mm + (mm > 2 ? -3 : 9)) + 2) / 5 +
		       (unsigned)d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return today_days - (era * 146097 + (long)doe - 719468);
}

const char *const *config_regions(const struct config *cfg)
{
	return cfg ? (const char *const *)cfg->regions : NULL;
}

const char *config_region_name(const struct config *cfg, const char *id)
{
	for (size_t i = 0; cfg && id && i < cfg->n_regions; i++)
		if (!strcmp(cfg->regions[i], id))
			return cfg->region_names[i];
	return id;
}

/*
 * country.c - read and check a lexicon folder's country.yaml: the keys
 * sources.yaml and the analyzer share.  The sections only the analyzer
 * reads ("office", "macros") are kept in the tree for it.
 */
#include "country.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#define COUNTRY_FILE_CAP (1 << 20)

static const char *const known[] = { "id", "name", "timezone", "site",
				     "regions", "office", "macros" };

/* An id of lower-case letters, digits and '_' (a region, a country). */
static int valid_id(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return 1;
}

static int string(struct country *c, const char *key, char **out,
		  int required, struct err *e)
{
	const struct yml *y = yml_get(c->root, key);

	if (!y) {
		if (required)
			return yml_error(e, c->path, c->root,
					 "missing '%s'", key);
		return 0;
	}
	if (y->type != YML_SCALAR || !y->str[0])
		return yml_error(e, c->path, y, "'%s' must be a string", key);
	*out = xstrdup(y->str);
	return 0;
}

static int check(struct country *c, struct err *e)
{
	const struct yml *r = c->root, *id;

	if (r->type != YML_MAP)
		return yml_error(e, c->path, r, "the file must be a map");
	for (size_t i = 0; i < r->n; i++) {
		size_t k;

		for (k = 0; k < ARRAY_SIZE(known); k++)
			if (!strcmp(r->keys[i], known[k]))
				break;
		if (k == ARRAY_SIZE(known))
			return yml_key_error(e, c->path, r, i, "unrecognized "
					     "key '%s'", r->keys[i]);
	}
	if (string(c, "id", &c->id, 1, e) < 0 ||
	    string(c, "name", &c->name, 1, e) < 0 ||
	    string(c, "timezone", &c->timezone, 0, e) < 0 ||
	    string(c, "site", &c->site, 0, e) < 0)
		return -1;
	id = yml_get(r, "id");
	if (strlen(c->id) != 2 || !valid_id(c->id))
		return yml_error(e, c->path, id, "'id' must be a two-letter "
				 "country code in lower case, not '%s'",
				 c->id);
	for (const char *p = c->site; p && *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '/')
			return yml_error(e, c->path, yml_get(r, "site"),
					 "'site' must be a host name");
	r = yml_get(c->root, "regions");
	if (!r)
		return 0;
	if (r->type != YML_MAP)
		return yml_error(e, c->path, r, "'regions' must be a map of "
				 "id: name");
	c->regions = xcalloc(r->n + 1, sizeof(*c->regions));
	c->region_names = xcalloc(r->n + 1, sizeof(*c->region_names));
	for (size_t i = 0; i < r->n; i++) {
		if (!valid_id(r->keys[i]))
			return yml_key_error(e, c->path, r, i, "region id '%s' "
					     "may only use a-z, 0-9 and '_'",
					     r->keys[i]);
		if (r->kids[i]->type != YML_SCALAR)
			return yml_error(e, c->path, r->kids[i], "the name of "
					 "region '%s' must be a string",
					 r->keys[i]);
		c->region_names[c->nregions] = xstrdup(r->kids[i]->str);
		c->regions[c->nregions++] = xstrdup(r->keys[i]);
	}
	return 0;
}

int country_load(struct country *c, const char *dir, struct buf *data,
		 struct err *e)
{
	struct buf own = BUF_INIT, path = BUF_INIT;
	struct buf *b = data ? data : &own;

	memset(c, 0, sizeof(*c));
	if (!data)
		buf_init(&own, COUNTRY_FILE_CAP);
	buf_addf(&path, "%s/%s", dir, COUNTRY_FILE);
	c->path = buf_detach(&path, NULL);
	c->root = yml_read(c->path, b, e);
	buf_release(&own);
	if (!c->root || check(c, e) < 0) {
		country_release(c);
		return -1;
	}
	return 0;
}

void country_release(struct country *c)
{
	for (size_t i = 0; i < c->nregions; i++) {
		free(c->regions[i]);
		free(c->region_names[i]);
	}
	free(c->regions);
	free(c->region_names);
	free(c->path);
	free(c->id);
	free(c->name);
	free(c->timezone);
	free(c->site);
	yml_free(c->root);
	memset(c, 0, sizeof(*c));
}

int country_region(const struct country *c, const char *id)
{
	for (size_t i = 0; i < c->nregions; i++)
		if (!strcmp(c->regions[i], id))
			return (int)i;
	return -1;
}

/*
 * country.h - the country a lexicon folder is for, from its country.yaml:
 * its id, name, time zone, the office's site and the regions the office
 * reports by.  sources.yaml is checked against it ("region:") and takes
 * its defaults from it; the analyzer reads the rest of the folder.
 */
#ifndef MM_COUNTRY_H
#define MM_COUNTRY_H

#include "buf.h"
#include "err.h"
#include "yml.h"

#include <stddef.h>

struct country {
	char *path;		/* DIR/country.yaml, for messages */
	char *id;		/* ISO 3166 alpha-2, lower case: "kg" */
	char *name;
	char *timezone;		/* or NULL: default of sources.yaml's */
	char *site;		/* or NULL: the office's site (User-Agent) */
	char **regions;		/* region ids, in the file's order */
	char **region_names;	/* their names for people, the same order */
	size_t nregions;
	struct yml *root;	/* the whole file, for the analyzer */
};

#define COUNTRY_FILE "country.yaml"

/* Read DIR/country.yaml into c; its bytes are appended to data when data
 * is not NULL (the lexicon version hashes them).  -1 with the cause in e
 * ("FILE:LINE:COL: ..." for what the file says); c is then empty.  The
 * strings are c's, freed by country_release. */
int country_load(struct country *c, const char *dir, struct buf *data,
		 struct err *e);
void country_release(struct country *c);
/* Index of region id in c->regions, or -1. */
int country_region(const struct country *c, const char *id);

#endif

/*
 * crawl_replay.h - crawling from the evidence archive instead of the
 * network: replaying a WARC file into the database, and re-extracting
 * stored article pages after an extractor fix.
 */
#ifndef MM_CRAWL_REPLAY_H
#define MM_CRAWL_REPLAY_H

#include "crawl.h"

/* Feed every response record of path through the crawl handlers: first
 * the sources' documents, then the article pages.  0, or -1 (logged). */
int crawl_replay(struct crawl *c, const char *path);
/* Extract again every stored article page (since DATE, when given) from
 * the archive.  0, or -1 (logged). */
int crawl_reextract(struct crawl *c, const char *since);
/* During a replay (c->replay_ix set): remember that the article with
 * canonical_url, new in this run, is id of source si. */
void crawl_replay_note(struct crawl *c, const char *canonical_url,
		       long long id, size_t si);

/* The archive directory of cfg, absolute or relative to the config file's
 * directory; malloc'd, NULL when none is configured. */
char *crawl_warc_dir(const struct config *cfg);

#endif

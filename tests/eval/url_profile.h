/*
 * url_profile.h - IIPC urlcanon's canonicalisation profiles, for scoring
 * the URL module on urlcanon's vectors (eval_url).  Not part of the
 * product: the crawler's one identity key is url_canonical().
 */
#ifndef MM_URL_PROFILE_H
#define MM_URL_PROFILE_H

#include "common/err.h"
#include "common/url.h"

/* URL_PROFILE_CRAWLER is url_canonical(); the others are urlcanon's. */
enum url_profile {
	URL_PROFILE_CRAWLER,
	URL_PROFILE_SEMANTIC_PRECISE,
	URL_PROFILE_AGGRESSIVE,
};

/* url canonicalised by profile p, malloc'd (caller frees); NULL with the
 * cause in e when it cannot be parsed. */
char *url_canon_profile(const char *url, enum url_profile p, struct err *e);

#endif

/*
 * decisions.h - what people decide about a material: an analyst's
 * tonality (wins over the analyzer's everywhere, kept in a history) and
 * the press department's answer to it.  Shared by the command line and
 * the web pages.
 */
#ifndef MM_DECISIONS_H
#define MM_DECISIONS_H

#include "common/db.h"

/* Record tonality ("positive", "neutral", "negative") for article id
 * with note, by who (NULL: the database user).  The analyzer's own label
 * is written to machine (32 bytes; "none").  0; 1 when there is no such
 * article; -1 with the cause in e. */
int decision_tonality(struct db *db, const char *id, const char *tonality,
		      const char *note, const char *who, char machine[32],
		      struct err *e);
/* Record the answer at url (kind briefing, statement or refutation) to
 * article id.  The hours since publication go to hours (16 bytes).  0; 1
 * when there is no such article; -1 with the cause in e. */
int decision_respond(struct db *db, const char *id, const char *url,
		     const char *kind, const char *who, char hours[16],
		     struct err *e);
int decision_tonality_valid(const char *t);
int decision_kind_valid(const char *kind);

#endif

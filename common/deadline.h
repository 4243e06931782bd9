/*
 * deadline.h - the CPU budget of the document being parsed, so that one
 * hostile document can never hold a crawl.  The crawler starts a budget
 * before it parses a document; the parsers ask deadline_passed() as they
 * go (in libxml2's callbacks, the feed walk, the extractor's tree walks)
 * and give up, and the crawler marks the source failed with "parse took
 * longer than N s".  A per-thread setting rather than an argument: it has
 * to reach libxml2's SAX callbacks and loops five layers down through
 * APIs that do not carry one, much as errno does.
 */
#ifndef MM_DEADLINE_H
#define MM_DEADLINE_H

/* Allow the calling thread seconds of CPU time from now; seconds <= 0
 * means no limit. */
void deadline_start(double seconds);
/* No limit any more (the document is done). */
void deadline_stop(void);
/* 1 once the budget is spent (and from then on until the next start),
 * else 0.  Cheap enough for inner loops: it reads the clock only every
 * few calls. */
int deadline_passed(void);
/* The budget being enforced, in seconds (0 when none), for messages. */
double deadline_seconds(void);

#endif

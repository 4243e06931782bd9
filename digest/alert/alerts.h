/*
 * alerts.h - what cannot wait until the morning digest: new cases to the
 * department and regional office that answer for them; to leadership,
 * negative mentions in weighty outlets and stories that many outlets take
 * up fast (resonance, the early warning before a scandal grows).  Each
 * delivery (message, channel, recipient) is recorded as an intent before
 * it is attempted and marked sent after, so it is sent once; a failed one
 * is retried on a later run with backoff.
 */
#ifndef MM_ALERTS_H
#define MM_ALERTS_H

#include "digest/route/routing.h"
#include "common/db.h"

#include <stdio.h>

struct alert_stats {
	long planned, sent, failed, waiting;
};

/* Record the deliveries due now and attempt every pending one whose time
 * has come (cfg names regions in mailed digests; may be NULL).  With only
 * (a subject key prefix such as "digest:2026-11-17") nothing is planned
 * and only those deliveries are attempted.  With dry_run nothing is recorded or sent: what would be is
 * printed to out, one line per delivery.  0, or -1 with the cause in e
 * (a failed delivery is not an error: it is counted and retried). */
struct config;
int alerts_send(struct db *db, const struct routing *rt,
		const struct config *cfg, int dry_run, const char *only,
		FILE *out, struct alert_stats *st, struct err *e);

/* Record the intent to mail day's digest (YYYY-MM-DD) to leadership, once
 * per address; the next alerts_send() delivers it (a text and an HTML
 * part, the routing's language; cfg, given to alerts_send, names the
 * regions).  Returns how many deliveries were new, or -1 with the cause
 * in e. */
int alerts_plan_digest(struct db *db, const struct routing *rt,
		       const char *day, struct err *e);

#endif

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
 * has come.  With dry_run nothing is recorded or sent: what would be is
 * printed to out, one line per delivery.  0, or -1 with the cause in e
 * (a failed delivery is not an error: it is counted and retried). */
int alerts_send(struct db *db, const struct routing *rt, int dry_run,
		FILE *out, struct alert_stats *st, struct err *e);

#endif

/*
 * alerts.h - what cannot wait until the morning digest: new cases to the
 * department and regional office that answer for them; to leadership,
 * negative mentions in weighty outlets and stories that many outlets take
 * up fast (resonance, the early warning before a scandal grows).  Each
 * delivery (message, channel, recipient) is recorded as an intent before
 * it is attempted and marked as it leaves and when it is sent, so it is
 * sent at most once; a failed one is retried on a later run with backoff,
 * one whose outcome a crash made unknown waits for a person
 * (alerts_settle.c).
 */
#ifndef MM_ALERTS_H
#define MM_ALERTS_H

#include "digest/route/routing.h"
#include "common/db.h"

#include <stdio.h>

struct alert_stats {
	long planned, sent, failed, waiting;
	long unknown;		/* became of unknown outcome in this run */
	long unsettled;		/* of unknown outcome, all told */
};

/* The class of the advisory lock a sender holds on an alert it has
 * handed over, until its outcome is written ("mmal" as a number). */
#define ALERT_LOCK "1835884908"

/* Alerts handed over by a run that is gone, before it wrote what became
 * of them, are of unknown outcome: marked so, each with a warning, and
 * counted in st->unknown.  0 or -1. */
int alerts_settle_interrupted(struct db *db, struct alert_stats *st,
			      struct err *e);
/* A person's decision on an alert of unknown outcome (or a failed one):
 * send it again (it did not arrive), or record that it arrived.  0, or -1
 * with the cause in e (no such alert, or not in a state to change). */
int alerts_resend(struct db *db, const char *id, const char *by,
		  struct err *e);
int alerts_confirm(struct db *db, const char *id, const char *by,
		   struct err *e);
/* The alerts in status (NULL: all), newest first, as a table or JSON. */
int alerts_list(struct db *db, const char *status, int json, FILE *out,
		struct err *e);

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

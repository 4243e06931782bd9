/*
 * cases.h - reported violations become cases: each violation in the
 * office's own country at a routed stage joins the case of its story and
 * category, or opens one, routed to the department that owns the
 * category and the regional office of the region.  Then the case's
 * workflow: new -> sent -> in_review -> closed | rejected, reopened to
 * in_review with a reason, every move in its history.
 */
#ifndef MM_CASES_H
#define MM_CASES_H

#include "routing.h"
#include "common/db.h"

struct route_stats {
	long opened, joined, not_routed;
};

/* Bring the units of rt into the database and route every violation not
 * yet decided on.  With recheck, violations routing declined before
 * (route_note) are decided again (routing.yaml changed).  Idempotent.
 * 0, or -1 with the cause in e. */
int cases_route(struct db *db, const struct routing *rt, int recheck,
		struct route_stats *st, struct err *e);

enum case_status { CASE_NEW, CASE_SENT, CASE_IN_REVIEW, CASE_CLOSED,
		   CASE_REJECTED, CASE_STATUS_N };

/* "new"..."rejected"; -1 for a name that is no status. */
int case_status_parse(const char *name);
const char *case_status_name(enum case_status s);

/* Move case id to status to, with note (the resolution when closing, the
 * reason when rejecting or reopening: required then) by who.  A move the
 * workflow does not allow is refused: -1 with "cannot move case 12 from
 * closed to sent ..." in e; *usage is set when the refusal is the
 * caller's mistake (a move not allowed, a missing note, no such case)
 * rather than the database's.  0 on success. */
int case_update(struct db *db, long long id, enum case_status to,
		const char *note, const char *who, int *usage, struct err *e);

#endif

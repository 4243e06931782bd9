/*
 * progress.h - the one-line progress indicator of long commands (crawl,
 * replay, analyze) on a terminal: what is done, the rate and the time
 * left, redrawn in place.  Nothing is drawn when stderr is not a terminal
 * (cron, systemd, a pipe) or when debug logging makes every step a line.
 */
#ifndef MM_PROGRESS_H
#define MM_PROGRESS_H

#include "common/buf.h"

#include <time.h>

struct progress {
	int on;			/* drawing at all */
	int drawn;		/* a line is on the screen */
	struct timespec start, last;
};

/* What the line reports: done of total units (sources, articles) for the
 * time left, and items per second for the rate (the unit named). */
struct progress_counts {
	long done, total;
	long items;
	const char *unit;	/* "articles" */
};

/* Start the clock; on when stderr is a terminal and not debugging. */
void progress_init(struct progress *p);

/* Redraw "TEXT, R UNIT/s, N s left" (TEXT formatted from fmt) at most ten
 * times a second, and always when done reaches total.  Log lines written
 * meanwhile clear it first (log_set_progress). */
void progress_draw(struct progress *p, const struct progress_counts *c,
		   const char *fmt, ...) PRINTF(3, 4);

/* End the line (a newline after the last drawing). */
void progress_end(struct progress *p);

#endif

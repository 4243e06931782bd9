/*
 * progress.c - the progress line of long commands, drawn on stderr when
 * it is a terminal: "\r" and an erase to the end of line, so the line is
 * redrawn in place and never scrolls.
 */
#include "progress.h"
#include "common/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static double seconds_since(const struct timespec *t0,
			    const struct timespec *t1)
{
	return (double)(t1->tv_sec - t0->tv_sec) +
	       (double)(t1->tv_nsec - t0->tv_nsec) / 1e9;
}

void progress_init(struct progress *p)
{
	p->on = isatty(STDERR_FILENO) && !log_enabled(LOG_DEBUG);
	p->drawn = 0;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
}

/* "42 s", "3 min", "1 h 05 min": the time left, rounded for reading. */
static void add_duration(struct buf *b, double s)
{
	long n = (long)(s + 0.5);

	if (n < 60)
		buf_addf(b, "%ld s", n);
	else if (n < 3600)
		buf_addf(b, "%ld min", (n + 30) / 60);
	else
		buf_addf(b, "%ld h %02ld min", n / 3600, n % 3600 / 60);
}

void progress_draw(struct progress *p, const struct progress_counts *c,
		   const char *fmt, ...)
{
	struct buf line = BUF_INIT;
	struct timespec now;
	double elapsed;
	va_list ap;

	if (!p->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (p->drawn && seconds_since(&p->last, &now) < 0.1 &&
	    c->done < c->total)
		return;
	p->last = now;
	elapsed = seconds_since(&p->start, &now);
	buf_adds(&line, "\r");
	va_start(ap, fmt);
	buf_vaddf(&line, fmt, ap);
	va_end(ap);
	if (elapsed >= 1 && c->items > 0)
		buf_addf(&line, ", %.1f %s/s", (double)c->items / elapsed,
			 c->unit);
	if (elapsed >= 1 && c->done > 0 && c->done < c->total) {
		buf_adds(&line, ", ");
		add_duration(&line, elapsed * (double)(c->total - c->done) /
					    (double)c->done);
		buf_adds(&line, " left");
	}
	buf_adds(&line, "\033[K");
	log_set_progress(1);
	if (write(STDERR_FILENO, line.data, line.len) < 0) {
		/* a terminal that went away: nothing to tell */
	}
	p->drawn = 1;
	buf_release(&line);
}

void progress_end(struct progress *p)
{
	if (p->drawn && log_progress_shown() &&
	    write(STDERR_FILENO, "\n", 1) < 0) {
		/* as above */
	}
	p->drawn = 0;
	log_set_progress(0);
}

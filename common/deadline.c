/*
 * deadline.c - a per-thread CPU-time budget.  CPU time, not wall time:
 * what a hostile document costs is CPU, and a busy machine (a test run
 * under sanitizers, another crawl) must not fail an honest one.
 */
#include "deadline.h"

#include <time.h>

/* Read the clock every this many calls (a few hundred nanoseconds each;
 * the callers' work between two calls is of the order of microseconds). */
#define CHECK_EVERY 32

static _Thread_local struct {
	double seconds;
	struct timespec end;
	unsigned calls;
	int passed;
} dl;

void deadline_start(double seconds)
{
	struct timespec now;

	dl.seconds = seconds > 0 ? seconds : 0;
	dl.calls = 0;
	dl.passed = 0;
	if (!dl.seconds)
		return;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
	dl.end.tv_sec = now.tv_sec + (time_t)seconds;
	dl.end.tv_nsec = now.tv_nsec +
			 (long)((seconds - (double)(time_t)seconds) * 1e9);
	if (dl.end.tv_nsec >= 1000000000L) {
		dl.end.tv_sec++;
		dl.end.tv_nsec -= 1000000000L;
	}
}

void deadline_stop(void)
{
	dl.seconds = 0;
	dl.passed = 0;
}

int deadline_passed(void)
{
	struct timespec now;

	if (!dl.seconds)
		return 0;
	if (dl.passed)
		return 1;
	if (++dl.calls % CHECK_EVERY)
		return 0;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
	dl.passed = now.tv_sec > dl.end.tv_sec ||
		    (now.tv_sec == dl.end.tv_sec &&
		     now.tv_nsec >= dl.end.tv_nsec);
	return dl.passed;
}

double deadline_seconds(void)
{
	return dl.seconds;
}

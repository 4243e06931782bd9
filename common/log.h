/*
 * log.h - the one logging call.  Each message is one line on stderr:
 *   2026-05-01T06:00:03Z warn crawl akipress: could not fetch ...
 * written with a single write(), control characters escaped.  When stderr
 * is the systemd journal (JOURNAL_STREAM names it), the journal keeps the
 * time and the line is "<4>warn crawl akipress: ..." (the priority for
 * journald, then the level).  The level threshold comes from MEDIAMON_LOG
 * (error, warn, info, debug); default info.  stdout is for results only.
 */
#ifndef MM_LOG_H
#define MM_LOG_H

#include "buf.h"

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Set the component shown in every line ("crawl", "analyze"...). */
void log_set_component(const char *name);
void log_set_level(enum log_level level);
int log_enabled(enum log_level level);
/* -1 with the cause in e when MEDIAMON_LOG names no level: a typo there
 * would otherwise silently hide or flood the diagnostics. */
struct err;
int log_check_env(struct err *e);
/* A progress line is being redrawn on stderr (a terminal): each message
 * first clears it, so diagnostics never run into it.  log_progress_shown
 * says whether it is still on the screen (no message cleared it since). */
void log_set_progress(int active);
int log_progress_shown(void);
/* source may be NULL when the message concerns no particular source. */
void log_msg(enum log_level level, const char *source, const char *fmt, ...)
	PRINTF(3, 4);
/* Log at error level and return -1, for "return log_fail(...)". */
int log_fail(const char *source, const char *fmt, ...) PRINTF(2, 3);
/* Log at error level and exit(1); only for startup failures. */
void die(const char *fmt, ...) PRINTF(1, 2) __attribute__((noreturn));

#endif

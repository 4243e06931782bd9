/*
 * sources_status.h - per-source health report for "mediamon sources".
 */
#ifndef MM_SOURCES_STATUS_H
#define MM_SOURCES_STATUS_H

struct ctx;

/* "sources status": print one line per source; exit code. */
int sources_status(int argc, char **argv, struct ctx *ctx);

#endif

/*
 * err.h - the one error convention.  Functions return 0 or -1; the level
 * that knows the cause fills a caller-provided struct err (like curl's
 * CURLOPT_ERRORBUFFER), the level that knows the source logs one line.
 */
#ifndef MM_ERR_H
#define MM_ERR_H

#include "buf.h"

struct err {
	char msg[512];
};

/* Format the cause into e (when e is not NULL); always returns -1. */
int err_set(struct err *e, const char *fmt, ...) PRINTF(2, 3);
/* Put "CONTEXT: " before the cause already in e ("article 42: ..."), the
 * one way to add context on the way up: err_set(e, "...%s", e->msg)
 * would format the message into itself.  Always returns -1. */
int err_prefix(struct err *e, const char *fmt, ...) PRINTF(2, 3);

#endif

/*
 * db_embedded.h - mediamon's own PostgreSQL cluster under var/, for
 * installations that configure no database: initialised on first use,
 * started on demand, reached over a Unix socket only.
 */
#ifndef MM_DB_EMBEDDED_H
#define MM_DB_EMBEDDED_H

#include "err.h"

/* Make sure the cluster exists and runs, and the "mediamon" database
 * exists.  Returns a malloc'd conninfo, or NULL with the cause in e. */
char *db_embedded_start(struct err *e);
/* Stop the cluster if it runs; *was_running says whether it did.  0, or
 * -1 with the cause in e. */
int db_embedded_stop(int *was_running, struct err *e);
/* The cluster's directory (a static string). */
const char *db_embedded_dir(void);

#endif

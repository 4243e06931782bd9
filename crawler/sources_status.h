/*
 * sources_status.h - each source's health from the fetch log and the
 * stored articles, as a table (the report of "mediamon sources status").
 */
#ifndef MM_SOURCES_STATUS_H
#define MM_SOURCES_STATUS_H

#include "common/db.h"

#include <stdio.h>

/* A source that brought nothing new for this many days is silent, once
 * it has been watched at least that long. */
#define SOURCES_SILENT_DAYS 3

/* Print one line per source and a closing count to out.  0, or -1 with
 * the cause in e. */
int sources_status_print(struct db *db, FILE *out, struct err *e);

#endif

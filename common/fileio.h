/*
 * fileio.h - reading whole inputs ("-" is stdin) into a capped buffer.
 */
#ifndef MM_FILEIO_H
#define MM_FILEIO_H

#include "buf.h"
#include "err.h"

/* Append the whole of path ("-" for stdin) to out.  -1 with the cause in
 * e when it cannot be opened or read, or is larger than out's cap. */
int file_read(const char *path, struct buf *out, struct err *e);
/* Write all of data to path atomically (temp file + rename). */
int file_write_atomic(const char *path, const char *data, size_t n,
		      struct err *e);

#endif

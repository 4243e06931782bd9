/*
 * warc.h - the evidence archive: every fetched response kept as a WARC 1.1
 * request/response record pair in gzip-per-record .warc.gz files (the
 * format of the Internet Archive and national web archives, readable by
 * warcio, pywb and wget), and a reader for `mediamon crawl --replay`.
 *
 * What is stored, honestly: libcurl hands us the body AFTER content
 * decoding, so the payload in the record is the decoded entity, not the
 * bytes on the wire.  To keep the record self-consistent the writer
 * renames Content-Encoding, Transfer-Encoding and Content-Length in the
 * stored response headers to X-Mediamon-Original-<name> (values kept, so
 * nothing is hidden) and adds a Content-Length of the stored payload.
 * WARC-Payload-Digest and WARC-Block-Digest are "sha256:" + lower-case
 * hex, the same hex string the crawler stores on the article row.
 */
#ifndef MM_WARC_H
#define MM_WARC_H

#include "common/buf.h"
#include "common/err.h"

#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct warc_writer;
struct warc_reader;

/*
 * Open a writer that creates files in dir (which must exist) named
 * mediamon-YYYYMMDDHHMMSS-PID-NNNNN.warc.gz, each starting with a warcinfo
 * record, and starts a new file once the current one passes max_mb MiB
 * (0: never).  The first file is created on the first write.  NULL with
 * the cause in e.  Free with warc_writer_close (which also fsyncs).
 */
struct warc_writer *warc_writer_open(const char *dir, long max_mb,
				     struct err *e);
/* Flush, fsync and close the current file; free w.  -1 with e when the
 * final flush fails (w is freed anyway).  NULL w is a no-op. */
int warc_writer_close(struct warc_writer *w, struct err *e);

/* One HTTP exchange to archive.  Header blocks are CRLF lines ending with
 * an empty line, as struct fetch_result holds them; all borrowed. */
struct warc_exchange {
	const char *target_uri;		/* URL of the final hop */
	/* The URL originally requested, when redirects led to target_uri;
	 * NULL otherwise.  Written as X-Mediamon-Requested-URI so a replay
	 * can tie the response back to the feed or page it was for. */
	const char *requested_uri;
	const char *remote_ip;		/* or NULL */
	time_t date;			/* when the capture began */
	const char *request_headers;	/* may be "" (no request record) */
	size_t request_headers_len;
	const char *response_headers;	/* status line + headers */
	size_t response_headers_len;
	const char *body;		/* decoded payload */
	size_t body_len;
};

/* Where a response landed. */
struct warc_position {
	char file[96];		/* file name, relative to the writer's dir */
	long long offset;	/* of the response record's gzip member */
	char sha256[65];	/* hex SHA-256 of the payload (the body) */
};

/*
 * Append a request record (when request headers are given) and a response
 * record for x, each its own gzip member; rotate first when the file is
 * past max_mb.  Fills pos.  -1 with the cause in e (disk full, ...); the
 * file is then truncated back to its last complete record.
 */
int warc_write_exchange(struct warc_writer *w, const struct warc_exchange *x,
			struct warc_position *pos, struct err *e);

/* The current file name (relative to dir), "" before the first write. */
const char *warc_writer_file(const struct warc_writer *w);

/*
 * One record read back.  All pointers are owned by the reader and valid
 * until the next warc_reader_next or warc_reader_close.  Fields absent in
 * the record are NULL.  For response records with an application/http
 * block, http_status > 0 and http_headers / body split the block; for
 * other records http_status is 0 and body is the whole block.
 */
struct warc_record {
	long long offset;		/* of the gzip member holding it */
	const char *type;		/* "warcinfo", "request", ... */
	const char *record_id;		/* "<urn:uuid:...>" */
	const char *date;		/* WARC-Date as written */
	const char *target_uri;
	const char *requested_uri;	/* X-Mediamon-Requested-URI */
	const char *content_type;	/* of the block */
	const char *payload_digest;	/* WARC-Payload-Digest */
	const char *warc_headers;	/* the WARC header block, CRLF lines */
	size_t warc_headers_len;
	const char *block;		/* the whole record block */
	size_t block_len;
	int http_status;
	const char *http_headers;	/* status line + headers + CRLF */
	size_t http_headers_len;
	const char *body;
	size_t body_len;
};

/* Open a .warc.gz (gzip-per-record or one gzip stream).  NULL with e. */
struct warc_reader *warc_reader_open(const char *path, struct err *e);
/* As warc_reader_open, positioned at a gzip member offset (a
 * warc_position.offset) to read single records back. */
struct warc_reader *warc_reader_open_at(const char *path, long long offset,
					struct err *e);
/* 1 and rec filled, 0 at the end, -1 with the cause in e (corrupt or
 * truncated file; the message names the offset). */
int warc_reader_next(struct warc_reader *r, struct warc_record *rec,
		     struct err *e);
void warc_reader_close(struct warc_reader *r);

/* Find header name (case-insensitive) in a CRLF header block; append its
 * value (trimmed, first occurrence) to out and return 0, or -1 when
 * absent.  Works on warc_headers and http_headers alike. */
int warc_header_get(const char *block, size_t len, const char *name,
		    struct buf *out);

#endif

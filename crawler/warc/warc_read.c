/*
 * warc_read.c - reading .warc.gz files back, record by record, for
 * `mediamon crawl --replay` and for tests: inflate gzip members in turn,
 * parse each WARC header block, take Content-Length bytes of block, and
 * split application/http blocks into status, headers and body.
 */
#include "warc.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <zlib.h>

#define IN_CHUNK (64 * 1024)
#define OUT_CHUNK (64 * 1024)
#define HEADER_MAX (1024 * 1024)
/* Our own records are capped by max_bytes; this bounds replaying a
 * foreign or damaged file. */
#define BLOCK_MAX (512LL * 1024 * 1024)

enum { F_TYPE, F_ID, F_DATE, F_URI, F_REQ, F_CTYPE, F_DIGEST, F_COUNT };
static const char *const field_names[F_COUNT] = {
	"WARC-Type", "WARC-Record-ID", "WARC-Date", "WARC-Target-URI",
	"X-Mediamon-Requested-URI", "Content-Type", "WARC-Payload-Digest",
};

struct warc_reader {
	FILE *f;
	char *path;
	z_stream zs;
	bool in_member;		/* inflating a member now */
	long long in_pos;	/* file offset of inbuf[0] */
	long long member_start;	/* offset of the member last started */
	unsigned char in[IN_CHUNK];
	struct buf data;	/* inflated, not yet consumed from pos */
	size_t pos;
	struct buf head, block;	/* the current record */
	char *fields[F_COUNT];
};

/* File offset of the next compressed byte not yet given to inflate. */
static long long consumed(const struct warc_reader *r)
{
	return r->in_pos + (long long)(r->zs.next_in - r->in);
}

static struct warc_reader *open_reader(const char *path, long long offset,
				       struct err *e)
{
	struct warc_reader *r;
	FILE *f = fopen(path, "rb");

	if (!f) {
		err_set(e, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (offset > 0 && fseeko(f, (off_t)offset, SEEK_SET) < 0) {
		err_set(e, "cannot seek '%s' to %lld: %s", path, offset,
			strerror(errno));
		fclose(f);
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->f = f;
	r->path = xstrdup(path);
	r->in_pos = offset;
	r->zs.next_in = r->in;
	r->zs.avail_in = 0;
	buf_init(&r->data, 0);
	buf_init(&r->head, 0);
	buf_init(&r->block, 0);
	if (inflateInit2(&r->zs, 15 + 16) != Z_OK)
		BUG("inflateInit2 failed (out of memory)");
	return r;
}

struct warc_reader *warc_reader_open(const char *path, struct err *e)
{
	return open_reader(path, 0, e);
}

struct warc_reader *warc_reader_open_at(const char *path, long long offset,
					struct err *e)
{
	return open_reader(path, offset, e);
}

static void clear_fields(struct warc_reader *r)
{
	for (int i = 0; i < F_COUNT; i++) {
		free(r->fields[i]);
		r->fields[i] = NULL;
	}
}

void warc_reader_close(struct warc_reader *r)
{
	if (!r)
		return;
	inflateEnd(&r->zs);
	fclose(r->f);
	free(r->path);
	buf_release(&r->data);
	buf_release(&r->head);
	buf_release(&r->block);
	clear_fields(r);
	free(r);
}

/* Refill the input buffer.  0 ok, 1 at end of file, -1 on error. */
static int read_input(struct warc_reader *r, struct err *e)
{
	size_t n;

	r->in_pos = consumed(r);
	n = fread(r->in, 1, sizeof(r->in), r->f);
	r->zs.next_in = r->in;
	r->zs.avail_in = (uInt)n;
	if (n)
		return 0;
	if (ferror(r->f))
		return err_set(e, "could not read '%s': %s", r->path,
			       strerror(errno));
	return 1;
}

/*
 * Inflate more into r->data.  1 when bytes were added, 0 at a clean end
 * of file (between members), -1 with e on a damaged or truncated file.
 */
static int inflate_more(struct warc_reader *r, struct err *e)
{
	unsigned char out[OUT_CHUNK];
	size_t before = r->data.len;

	while (r->data.len == before) {
		int rc;

		if (r->zs.avail_in == 0) {
			rc = read_input(r, e);
			if (rc < 0)
				return -1;
			if (rc > 0) {
				if (r->in_member)
					return err_set(e, "'%s' is truncated "
						       "in the gzip member at "
						       "offset %lld", r->path,
						       r->member_start);
				return 0;
			}
		}
		if (!r->in_member) {
			r->member_start = consumed(r);
			r->in_member = true;
		}
		r->zs.next_out = out;
		r->zs.avail_out = sizeof(out);
		rc = inflate(&r->zs, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
			return err_set(e, "'%s' is not a valid gzip file at "
				       "offset %lld", r->path,
				       r->member_start);
		buf_add(&r->data, out, sizeof(out) - r->zs.avail_out);
		if (rc == Z_STREAM_END) {
			inflateReset(&r->zs);
			r->in_member = false;
		}
	}
	return 1;
}

/* Make at least n unconsumed bytes available.  1 yes, 0 clean end
 * before n, -1 error. */
static int need(struct warc_reader *r, size_t n, struct err *e)
{
	if (r->pos > 0 && r->pos >= r->data.len / 2) {
		memmove(r->data.data, r->data.data + r->pos,
			r->data.len - r->pos);
		buf_truncate(&r->data, r->data.len - r->pos);
		r->pos = 0;
	}
	while (r->data.len - r->pos < n) {
		int rc = inflate_more(r, e);

		if (rc <= 0)
			return rc;
	}
	return 1;
}

/* The next line (through LF) at r->pos; its length in *len. 1, 0 at the
 * end, -1 on error or when longer than max. */
static int next_line(struct warc_reader *r, size_t max, size_t *len,
		     struct err *e)
{
	size_t scanned = 0;

	for (;;) {
		const char *p = r->data.data + r->pos;
		const char *nl = memchr(p + scanned, '\n',
					r->data.len - r->pos - scanned);
		int rc;

		if (nl) {
			*len = (size_t)(nl - p) + 1;
			return 1;
		}
		scanned = r->data.len - r->pos;
		if (scanned > max)
			return err_set(e, "'%s': header line too long near "
				       "offset %lld", r->path,
				       r->member_start);
		rc = need(r, scanned + 1, e);
		if (rc <= 0)
			return rc < 0 ? -1 : (scanned ? err_set(e,
					"'%s' ends inside a record header",
					r->path) : 0);
	}
}

static long long parse_length(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return -1;
	return v;
}

/* Split an application/http block into headers and body. */
static void split_http(struct warc_record *rec)
{
	const char *b = rec->block;
	size_t n = rec->block_len;
	const char *end = NULL;

	for (size_t i = 0; i + 3 < n; i++)
		if (b[i] == '\r' && !memcmp(b + i, "\r\n\r\n", 4)) {
			end = b + i + 4;
			break;
		}
	if (!end)
		return;
	rec->http_headers = b;
	rec->http_headers_len = (size_t)(end - b);
	rec->body = end;
	rec->body_len = n - rec->http_headers_len;
	if (n > 9 && !memcmp(b, "HTTP/", 5)) {
		const char *sp = memchr(b, ' ', rec->http_headers_len);

		if (sp && sp[1] >= '1' && sp[1] <= '9')
			rec->http_status = atoi(sp + 1);
	}
}

int warc_reader_next(struct warc_reader *r, struct warc_record *rec,
		     struct err *e)
{
	long long offset, clen;
	struct buf v = BUF_INIT;
	size_t len;
	int rc;

	memset(rec, 0, sizeof(*rec));
	clear_fields(r);
	buf_reset(&r->head);
	buf_reset(&r->block);
	/* Skip blank lines left between records by other writers. */
	for (;;) {
		offset = r->pos < r->data.len || r->in_member ?
			 r->member_start : consumed(r);
		rc = next_line(r, HEADER_MAX, &len, e);
		if (rc <= 0)
			return rc;
		if (len > 2 || (len == 2 && r->data.data[r->pos] != '\r'))
			break;
		r->pos += len;
	}
	if (len < 8 || memcmp(r->data.data + r->pos, "WARC/1.", 7))
		return err_set(e, "'%s': no WARC record at offset %lld",
			       r->path, offset);
	r->pos += len;
	for (;;) {
		rc = next_line(r, HEADER_MAX, &len, e);
		if (rc <= 0)
			return err_set(e, "'%s': record at offset %lld ends "
				       "inside its header", r->path, offset);
		buf_add(&r->head, r->data.data + r->pos, len);
		r->pos += len;
		if (len <= 2 && (len == 1 || r->data.data[r->pos - 2] == '\r'))
			break;
		if (r->head.len > HEADER_MAX)
			return err_set(e, "'%s': record header at offset %lld "
				       "too long", r->path, offset);
	}
	if (warc_header_get(r->head.data, r->head.len, "Content-Length",
			    &v) < 0 ||
	    (clen = parse_length(v.data)) < 0 || clen > BLOCK_MAX) {
		buf_release(&v);
		return err_set(e, "'%s': record at offset %lld has no usable "
			       "Content-Length", r->path, offset);
	}
	buf_release(&v);
	rc = need(r, (size_t)clen, e);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "'%s': record at offset %lld is truncated",
			       r->path, offset);
	buf_add(&r->block, r->data.data + r->pos, (size_t)clen);
	r->pos += (size_t)clen;
	/* The record ends with CRLF CRLF; tolerate its absence at EOF. */
	for (int i = 0; i < 2; i++) {
		if (need(r, 2, e) <= 0)
			break;
		if (memcmp(r->data.data + r->pos, "\r\n", 2))
			break;
		r->pos += 2;
	}
	for (int i = 0; i < F_COUNT; i++) {
		struct buf f = BUF_INIT;

		if (warc_header_get(r->head.data, r->head.len, field_names[i],
				    &f) == 0)
			r->fields[i] = buf_detach(&f, NULL);
		buf_release(&f);
	}
	rec->offset = offset;
	rec->type = r->fields[F_TYPE];
	rec->record_id = r->fields[F_ID];
	rec->date = r->fields[F_DATE];
	rec->target_uri = r->fields[F_URI];
	rec->requested_uri = r->fields[F_REQ];
	rec->content_type = r->fields[F_CTYPE];
	rec->payload_digest = r->fields[F_DIGEST];
	rec->warc_headers = r->head.data;
	rec->warc_headers_len = r->head.len;
	rec->block = r->block.data;
	rec->block_len = r->block.len;
	rec->body = rec->block;
	rec->body_len = rec->block_len;
	if (rec->content_type &&
	    !strncasecmp(rec->content_type, "application/http", 16))
		split_http(rec);
	return 1;
}

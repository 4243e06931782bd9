/*
 * warc.c - the WARC 1.1 writer: request and response records, each its
 * own gzip member (so any record can be read from its offset alone), in
 * files rotated by size.  A failed write is cut back off the file, so the
 * archive only ever holds whole records.
 */
#include "warc.h"
#include "common/version.h"
#include "common/sha256.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define OUT_CHUNK (64 * 1024)

struct warc_writer {
	char *dir;
	long long max_bytes;	/* 0: never rotate */
	int fd;			/* -1 before the first file */
	char file[96];
	long long size;		/* bytes written to the current file */
	unsigned serial;
	unsigned char out[OUT_CHUNK];
};

struct warc_writer *warc_writer_open(const char *dir, long max_mb,
				     struct err *e)
{
	struct warc_writer *w;
	struct stat st;

	if (stat(dir, &st) < 0) {
		err_set(e, "cannot use WARC directory '%s': %s", dir,
			strerror(errno));
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		err_set(e, "cannot use WARC directory '%s': not a directory",
			dir);
		return NULL;
	}
	w = xcalloc(1, sizeof(*w));
	w->dir = xstrdup(dir);
	w->max_bytes = max_mb > 0 ? (long long)max_mb * 1024 * 1024 : 0;
	w->fd = -1;
	return w;
}

const char *warc_writer_file(const struct warc_writer *w)
{
	return w->file;
}

static int close_file(struct warc_writer *w, struct err *e)
{
	int ret = 0;

	if (w->fd < 0)
		return 0;
	if (fsync(w->fd) < 0)
		ret = err_set(e, "could not sync '%s/%s': %s", w->dir,
			      w->file, strerror(errno));
	if (close(w->fd) < 0 && ret == 0)
		ret = err_set(e, "could not close '%s/%s': %s", w->dir,
			      w->file, strerror(errno));
	w->fd = -1;
	return ret;
}

int warc_writer_close(struct warc_writer *w, struct err *e)
{
	int ret;

	if (!w)
		return 0;
	ret = close_file(w, e);
	free(w->dir);
	free(w);
	return ret;
}

/* "<urn:uuid:...>" of a random (version 4) UUID into out[48]. */
static void record_id(char out[48])
{
	unsigned char u[16];
	char hex[33];

	if (getrandom(u, sizeof(u), 0) != (ssize_t)sizeof(u))
		BUG("getrandom failed");
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
	sha256_to_hex(u, sizeof(u), hex);
	snprintf(out, 48, "<urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s>", hex,
		 hex + 8, hex + 12, hex + 16, hex + 20);
}

static void format_date(time_t t, char out[21])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int write_all(struct warc_writer *w, const unsigned char *p, size_t n,
		     struct err *e)
{
	while (n) {
		ssize_t k = write(w->fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return err_set(e, "could not write '%s/%s': %s",
				       w->dir, w->file, strerror(errno));
		p += k;
		n -= (size_t)k;
		w->size += k;
	}
	return 0;
}

/* Feed len bytes (or the end, with flush Z_FINISH) through zs to w. */
static int deflate_out(struct warc_writer *w, z_stream *zs, const void *p,
		       size_t len, int flush, struct err *e)
{
	zs->next_in = (Bytef *)(uintptr_t)p;
	zs->avail_in = (uInt)len;
	do {
		int rc;

		zs->next_out = w->out;
		zs->avail_out = sizeof(w->out);
		rc = deflate(zs, flush);
		if (rc == Z_STREAM_ERROR)
			BUG("deflate state broken");
		if (write_all(w, w->out, sizeof(w->out) - zs->avail_out,
			      e) < 0)
			return -1;
	} while (zs->avail_out == 0 ||
		 (flush == Z_FINISH && zs->avail_in > 0));
	return 0;
}

/* The pieces of one record: a WARC header block and up to two block
 * parts (HTTP headers and body), written as one gzip member. */
struct record {
	struct buf head;
	const char *part1, *part2;
	size_t len1, len2;
};

static int write_member(struct warc_writer *w, const struct record *r,
			struct err *e)
{
	static const char trailer[] = "\r\n\r\n";
	z_stream zs;
	int ret = -1;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		BUG("deflateInit2 failed (out of memory)");
	/* Feed in bounded slices: avail_in is a uInt. */
	const char *parts[3] = { r->head.data, r->part1, r->part2 };
	size_t lens[3] = { r->head.len, r->len1, r->len2 };

	for (int i = 0; i < 3; i++) {
		size_t off = 0;

		while (off < lens[i]) {
			size_t n = lens[i] - off > (1u << 30) ? (1u << 30) :
				   lens[i] - off;

			if (deflate_out(w, &zs, parts[i] + off, n,
					Z_NO_FLUSH, e) < 0)
				goto out;
			off += n;
		}
	}
	if (deflate_out(w, &zs, trailer, 4, Z_FINISH, e) < 0)
		goto out;
	ret = 0;
out:
	deflateEnd(&zs);
	return ret;
}

static void add_common(struct buf *h, const char *type, const char *id,
		       const char *date)
{
	buf_addf(h, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: %s\r\n"
		 "WARC-Date: %s\r\n", type, id, date);
}

static int write_warcinfo(struct warc_writer *w, struct err *e)
{
	struct record r = { BUF_INIT, NULL, NULL, 0, 0 };
	struct buf body = BUF_INIT;
	char id[48], date[21], host[256] = "";
	int ret;

	record_id(id);
	format_date(time(NULL), date);
	gethostname(host, sizeof(host) - 1);
	buf_addf(&body, "software: mediamon/%s\r\n"
		 "format: WARC File Format 1.1\r\n"
		 "conformsTo: https://iipc.github.io/warc-specifications/"
		 "specifications/warc-format/warc-1.1/\r\n", MEDIAMON_VERSION);
	if (host[0] && !strpbrk(host, "\r\n"))
		buf_addf(&body, "hostname: %s\r\n", host);
	buf_adds(&body, "robots: obey\r\n"
		 "description: payloads are stored after content decoding; "
		 "the original Content-Encoding, Transfer-Encoding and "
		 "Content-Length are kept as X-Mediamon-Original-* headers"
		 "\r\n");
	add_common(&r.head, "warcinfo", id, date);
	buf_addf(&r.head, "WARC-Filename: %s\r\n"
		 "Content-Type: application/warc-fields\r\n"
		 "Content-Length: %zu\r\n\r\n", w->file, body.len);
	r.part1 = body.data;
	r.len1 = body.len;
	ret = write_member(w, &r, e);
	buf_release(&r.head);
	buf_release(&body);
	return ret;
}

static int new_file(struct warc_writer *w, struct err *e)
{
	struct buf path = BUF_INIT;
	char stamp[16];
	time_t now = time(NULL);
	struct tm tm;
	int ret = -1;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
	for (int tries = 0; tries < 1000; tries++) {
		snprintf(w->file, sizeof(w->file),
			 "mediamon-%s-%ld-%05u.warc.gz", stamp, (long)getpid(),
			 w->serial++);
		buf_reset(&path);
		buf_addf(&path, "%s/%s", w->dir, w->file);
		w->fd = open(path.data, O_WRONLY | O_CREAT | O_EXCL |
			     O_CLOEXEC, 0644);
		if (w->fd >= 0 || errno != EEXIST)
			break;
	}
	if (w->fd < 0) {
		err_set(e, "cannot create '%s': %s", path.data,
			strerror(errno));
		w->file[0] = '\0';
		goto out;
	}
	w->size = 0;
	ret = write_warcinfo(w, e);
out:
	buf_release(&path);
	return ret;
}

static bool header_is(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);

	return len > n && line[n] == ':' && !strncasecmp(line, name, n);
}

/*
 * The response headers as stored: the body we hold is decoded, so the
 * headers that describe the wire form are renamed (not dropped: they are
 * evidence too) and Content-Length states the stored payload's length.
 */
static void stored_headers(const char *h, size_t len, size_t body_len,
			   struct buf *out)
{
	size_t i = 0;
	bool first = true;

	while (i < len) {
		const char *line = h + i;
		const char *nl = memchr(line, '\n', len - i);
		size_t n = nl ? (size_t)(nl - line) + 1 : len - i;
		size_t content = n;

		i += n;
		while (content && (line[content - 1] == '\n' ||
				   line[content - 1] == '\r'))
			content--;
		if (content == 0)
			continue;	/* the closing empty line: ours below */
		if (!first && (header_is(line, content, "Content-Encoding") ||
			       header_is(line, content, "Transfer-Encoding") ||
			       header_is(line, content, "Content-Length")))
			buf_adds(out, "X-Mediamon-Original-");
		buf_add(out, line, content);
		buf_adds(out, "\r\n");
		first = false;
	}
	if (first)
		buf_adds(out, "HTTP/1.1 200 OK\r\n");
	buf_addf(out, "Content-Length: %zu\r\n\r\n", body_len);
}

static bool bad_field(const char *s)
{
	return !s || !*s || strpbrk(s, "\r\n") != NULL;
}

int warc_write_exchange(struct warc_writer *w, const struct warc_exchange *x,
			struct warc_position *pos, struct err *e)
{
	struct record resp = { BUF_INIT, NULL, NULL, 0, 0 };
	struct record req = { BUF_INIT, NULL, NULL, 0, 0 };
	struct buf http = BUF_INIT;
	struct sha256_ctx c;
	char resp_id[48], req_id[48], date[21], block_hex[SHA256_HEX_LEN];
	long long start;
	int ret = -1;

	pos->offset = -1;
	pos->file[0] = '\0';
	if (bad_field(x->target_uri))
		return err_set(e, "cannot archive a response without a "
			       "usable target URI");
	if (w->fd >= 0 && w->max_bytes && w->size >= w->max_bytes &&
	    close_file(w, e) < 0)
		return -1;
	if (w->fd < 0 && new_file(w, e) < 0)
		return -1;
	start = w->size;
	sha256_hex(x->body, x->body_len, pos->sha256);
	stored_headers(x->response_headers, x->response_headers_len,
		       x->body_len, &http);
	sha256_init(&c);
	sha256_update(&c, http.data, http.len);
	sha256_update(&c, x->body, x->body_len);
	sha256_final_hex(&c, block_hex);
	record_id(resp_id);
	record_id(req_id);
	format_date(x->date ? x->date : time(NULL), date);

	add_common(&resp.head, "response", resp_id, date);
	buf_addf(&resp.head, "WARC-Target-URI: %s\r\n", x->target_uri);
	if (!bad_field(x->requested_uri) &&
	    strcmp(x->requested_uri, x->target_uri))
		buf_addf(&resp.head, "X-Mediamon-Requested-URI: %s\r\n",
			 x->requested_uri);
	if (!bad_field(x->remote_ip))
		buf_addf(&resp.head, "WARC-IP-Address: %s\r\n", x->remote_ip);
	buf_addf(&resp.head, "WARC-Block-Digest: sha256:%s\r\n"
		 "WARC-Payload-Digest: sha256:%s\r\n"
		 "Content-Type: application/http;msgtype=response\r\n"
		 "Content-Length: %zu\r\n\r\n", block_hex, pos->sha256,
		 http.len + x->body_len);
	resp.part1 = http.data;
	resp.len1 = http.len;
	resp.part2 = x->body;
	resp.len2 = x->body_len;
	if (write_member(w, &resp, e) < 0)
		goto fail;
	if (x->request_headers_len) {
		sha256_hex(x->request_headers, x->request_headers_len,
			   block_hex);
		add_common(&req.head, "request", req_id, date);
		buf_addf(&req.head, "WARC-Target-URI: %s\r\n"
			 "WARC-Concurrent-To: %s\r\n", x->target_uri,
			 resp_id);
		if (!bad_field(x->remote_ip))
			buf_addf(&req.head, "WARC-IP-Address: %s\r\n",
				 x->remote_ip);
		buf_addf(&req.head, "WARC-Block-Digest: sha256:%s\r\n"
			 "Content-Type: application/http;msgtype=request\r\n"
			 "Content-Length: %zu\r\n\r\n", block_hex,
			 x->request_headers_len);
		req.part1 = x->request_headers;
		req.len1 = x->request_headers_len;
		if (write_member(w, &req, e) < 0)
			goto fail;
	}
	snprintf(pos->file, sizeof(pos->file), "%s", w->file);
	pos->offset = start;
	ret = 0;
	goto out;
fail:
	/* Cut the partial record off so the file stays readable. */
	if (ftruncate(w->fd, start) == 0 && lseek(w->fd, start, SEEK_SET) ==
	    start)
		w->size = start;
out:
	buf_release(&resp.head);
	buf_release(&req.head);
	buf_release(&http);
	return ret;
}

int warc_header_get(const char *block, size_t len, const char *name,
		    struct buf *out)
{
	size_t i = 0;

	while (i < len) {
		const char *line = block + i;
		const char *nl = memchr(line, '\n', len - i);
		size_t n = nl ? (size_t)(nl - line) : len - i;

		i += n + 1;
		if (n && line[n - 1] == '\r')
			n--;
		if (!header_is(line, n, name))
			continue;
		size_t v = strlen(name) + 1;

		while (v < n && (line[v] == ' ' || line[v] == '\t'))
			v++;
		while (n > v && (line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		buf_add(out, line + v, n - v);
		return 0;
	}
	return -1;
}

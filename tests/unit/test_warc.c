/*
 * test_warc.c - the WARC writer and reader: a round trip through a temp
 * directory (records, digests, header rewriting, offsets, rotation) and
 * the reader's handling of damaged files.
 */
#include "tests/unit/harness.h"
#include "crawler/warc/warc.h"
#include "common/sha256.h"
#include "common/xalloc.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static void make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/test_warc.XXXXXX");
	if (!mkdtemp(dir))
		BUG("mkdtemp");
}

static void remove_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		struct buf p = BUF_INIT;

		if (de->d_name[0] == '.')
			continue;
		buf_addf(&p, "%s/%s", dir, de->d_name);
		unlink(p.data);
		buf_release(&p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static const char resp_hdr[] =
	"HTTP/1.1 200 OK\r\n"
	"Content-Type: application/rss+xml; charset=utf-8\r\n"
	"Content-Encoding: gzip\r\n"
	"Transfer-Encoding: chunked\r\n"
	"content-length: 99\r\n"
	"ETag: \"abc\"\r\n"
	"\r\n";
static const char req_hdr[] =
	"GET /feed.xml HTTP/1.1\r\nHost: example.kg\r\n"
	"User-Agent: mediamon/0.1\r\nAccept: */*\r\n\r\n";
static const char body[] = "<rss><channel><title>Прокуратура</title>"
			   "</channel></rss>";

static int write_one(struct warc_writer *w, const char *b, size_t n,
		     struct warc_position *pos)
{
	struct warc_exchange x = { 0 };
	struct err e;
	int rc;

	x.target_uri = "https://example.kg/feed.xml";
	x.requested_uri = "http://example.kg/rss";
	x.remote_ip = "192.0.2.1";
	x.date = 1763460000;	/* 2025-11-18T10:00:00Z */
	x.request_headers = req_hdr;
	x.request_headers_len = strlen(req_hdr);
	x.response_headers = resp_hdr;
	x.response_headers_len = strlen(resp_hdr);
	x.body = b;
	x.body_len = n;
	rc = warc_write_exchange(w, &x, pos, &e);
	if (rc < 0)
		fprintf(stderr, "write: %s\n", e.msg);
	return rc;
}

static void test_round_trip(void)
{
	struct warc_writer *w;
	struct warc_position pos, pos2;
	struct warc_reader *r;
	struct warc_record rec;
	struct buf path = BUF_INIT, v = BUF_INIT;
	char hex[SHA256_HEX_LEN];
	struct err e;

	make_dir();
	w = warc_writer_open(dir, 100, &e);
	CHECK(w != NULL);
	if (!w)
		return;
	CHECK_STREQ(warc_writer_file(w), "");
	CHECK(write_one(w, body, strlen(body), &pos) == 0);
	CHECK(!strncmp(pos.file, "mediamon-", 9));
	CHECK(strstr(pos.file, "-00000.warc.gz") != NULL);
	CHECK(pos.offset > 0);		/* after the warcinfo record */
	sha256_hex(body, strlen(body), hex);
	CHECK_STREQ(pos.sha256, hex);
	CHECK(write_one(w, "", 0, &pos2) == 0);
	CHECK(pos2.offset > pos.offset);
	CHECK_STREQ(pos2.file, pos.file);
	CHECK(warc_writer_close(w, &e) == 0);

	buf_addf(&path, "%s/%s", dir, pos.file);
	r = warc_reader_open(path.data, &e);
	CHECK(r != NULL);
	if (!r)
		goto out;
	CHECK(warc_reader_next(r, &rec, &e) == 1);
	CHECK_STREQ(rec.type, "warcinfo");
	CHECK_INTEQ(rec.offset, 0);
	CHECK(strstr(rec.block, "software: mediamon/") != NULL);
	CHECK(warc_header_get(rec.warc_headers, rec.warc_headers_len,
			      "WARC-Filename", &v) == 0);
	CHECK_STREQ(v.data, pos.file);

	CHECK(warc_reader_next(r, &rec, &e) == 1);
	CHECK_STREQ(rec.type, "response");
	CHECK_INTEQ(rec.offset, pos.offset);
	CHECK_STREQ(rec.target_uri, "https://example.kg/feed.xml");
	CHECK_STREQ(rec.requested_uri, "http://example.kg/rss");
	CHECK_STREQ(rec.date, "2025-11-18T10:00:00Z");
	CHECK_STREQ(rec.content_type, "application/http;msgtype=response");
	CHECK(rec.record_id && !strncmp(rec.record_id, "<urn:uuid:", 10));
	CHECK_INTEQ(strlen(rec.record_id), 47);
	CHECK_INTEQ(rec.http_status, 200);
	CHECK_INTEQ(rec.body_len, strlen(body));
	CHECK(rec.body && !memcmp(rec.body, body, strlen(body)));
	buf_reset(&v);
	buf_addf(&v, "sha256:%s", hex);
	CHECK_STREQ(rec.payload_digest, v.data);
	/* wire-only headers renamed; Content-Length is the stored one */
	buf_reset(&v);
	CHECK(warc_header_get(rec.http_headers, rec.http_headers_len,
			      "Content-Encoding", &v) < 0);
	CHECK(warc_header_get(rec.http_headers, rec.http_headers_len,
			      "X-Mediamon-Original-Content-Encoding",
			      &v) == 0);
	CHECK_STREQ(v.data, "gzip");
	buf_reset(&v);
	CHECK(warc_header_get(rec.http_headers, rec.http_headers_len,
			      "Transfer-Encoding", &v) < 0);
	CHECK(warc_header_get(rec.http_headers, rec.http_headers_len,
			      "content-length", &v) == 0);
	CHECK_INTEQ(atoi(v.data), (long long)strlen(body));
	buf_reset(&v);
	CHECK(warc_header_get(rec.http_headers, rec.http_headers_len,
			      "X-Mediamon-Original-content-length", &v) == 0);
	CHECK_STREQ(v.data, "99");
	buf_reset(&v);
	CHECK(warc_header_get(rec.http_headers, rec.http_headers_len, "ETag",
			      &v) == 0);
	CHECK_STREQ(v.data, "\"abc\"");
	buf_reset(&v);
	CHECK(warc_header_get(rec.warc_headers, rec.warc_headers_len,
			      "WARC-IP-Address", &v) == 0);
	CHECK_STREQ(v.data, "192.0.2.1");

	CHECK(warc_reader_next(r, &rec, &e) == 1);
	CHECK_STREQ(rec.type, "request");
	CHECK_INTEQ(rec.block_len, strlen(req_hdr));
	CHECK_INTEQ(rec.http_status, 0);
	CHECK(rec.http_headers != NULL);

	CHECK(warc_reader_next(r, &rec, &e) == 1);
	CHECK_STREQ(rec.type, "response");
	CHECK_INTEQ(rec.offset, pos2.offset);
	CHECK_INTEQ(rec.body_len, 0);
	CHECK(warc_reader_next(r, &rec, &e) == 1);
	CHECK_STREQ(rec.type, "request");
	CHECK_INTEQ(warc_reader_next(r, &rec, &e), 0);
	warc_reader_close(r);

	/* straight to a record by its offset */
	r = warc_reader_open_at(path.data, pos.offset, &e);
	CHECK(r != NULL);
	if (r) {
		CHECK(warc_reader_next(r, &rec, &e) == 1);
		CHECK_STREQ(rec.type, "response");
		CHECK_INTEQ(rec.offset, pos.offset);
		CHECK(rec.body_len == strlen(body));
		warc_reader_close(r);
	}
out:
	buf_release(&path);
	buf_release(&v);
	remove_dir();
}

static void test_rotation(void)
{
	struct warc_writer *w;
	struct warc_position p1, p2, p3;
	size_t n = 700 * 1024;
	char *big = xmalloc(n);
	struct err e;
	unsigned x = 12345;

	/* incompressible, so the file really grows */
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		big[i] = (char)(x >> 16);
	}
	make_dir();
	w = warc_writer_open(dir, 1, &e);
	CHECK(w != NULL);
	if (w) {
		CHECK(write_one(w, big, n, &p1) == 0);
		CHECK(write_one(w, big, n, &p2) == 0);
		CHECK(write_one(w, big, n, &p3) == 0);
		CHECK_STREQ(p1.file, p2.file);
		CHECK(strcmp(p2.file, p3.file) != 0);
		CHECK(strstr(p3.file, "-00001.warc.gz") != NULL);
		CHECK(p3.offset > 0);
		CHECK(warc_writer_close(w, &e) == 0);
	}
	free(big);
	remove_dir();
}

static void test_damaged(void)
{
	struct warc_writer *w;
	struct warc_position pos;
	struct warc_reader *r;
	struct warc_record rec;
	struct buf path = BUF_INIT;
	struct err e;
	struct stat st;
	int rc;
	FILE *f;

	make_dir();
	w = warc_writer_open(dir, 0, &e);
	CHECK(w != NULL);
	if (!w)
		return;
	CHECK(write_one(w, body, strlen(body), &pos) == 0);
	CHECK(warc_writer_close(w, &e) == 0);
	buf_addf(&path, "%s/%s", dir, pos.file);
	/* cut the last member in half */
	CHECK(stat(path.data, &st) == 0);
	CHECK(truncate(path.data, st.st_size - 20) == 0);
	r = warc_reader_open(path.data, &e);
	CHECK(r != NULL);
	while (r && (rc = warc_reader_next(r, &rec, &e)) == 1)
		;
	CHECK(rc == -1);
	CHECK(strstr(e.msg, "truncated") != NULL);
	warc_reader_close(r);
	/* not gzip at all */
	f = fopen(path.data, "w");
	fputs("WARC/1.1\r\nWARC-Type: warcinfo\r\n\r\n", f);
	fclose(f);
	r = warc_reader_open(path.data, &e);
	CHECK(r && warc_reader_next(r, &rec, &e) == -1);
	CHECK(strstr(e.msg, "gzip") != NULL);
	warc_reader_close(r);
	/* missing file */
	CHECK(warc_reader_open("/nonexistent/x.warc.gz", &e) == NULL);
	CHECK(strstr(e.msg, "cannot open") != NULL);
	/* writer into a missing directory */
	CHECK(warc_writer_open("/nonexistent-dir", 1, &e) == NULL);
	CHECK(strstr(e.msg, "/nonexistent-dir") != NULL);
	buf_release(&path);
	remove_dir();
}

static void test_header_get(void)
{
	static const char h[] = "HTTP/1.1 200 OK\r\nContent-Type:  text/html "
				"\r\nX-Empty:\r\nx-dup: 1\r\nX-Dup: 2\r\n\r\n";
	struct buf v = BUF_INIT;

	CHECK(warc_header_get(h, strlen(h), "content-type", &v) == 0);
	CHECK_STREQ(v.data, "text/html");
	buf_reset(&v);
	CHECK(warc_header_get(h, strlen(h), "X-Empty", &v) == 0);
	CHECK_STREQ(v.data, "");
	CHECK(warc_header_get(h, strlen(h), "X-Dup", &v) == 0);
	CHECK_STREQ(v.data, "1");
	CHECK(warc_header_get(h, strlen(h), "Content", &v) < 0);
	CHECK(warc_header_get(h, strlen(h), "Missing", &v) < 0);
	buf_release(&v);
}

TESTS(T(test_round_trip), T(test_rotation), T(test_damaged),
      T(test_header_get))

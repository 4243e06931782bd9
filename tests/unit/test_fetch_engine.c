/*
 * test_fetch_engine.c - the fetch engine against tests/fixture-server.py
 * on 127.0.0.1: decoding, validators and 304, retries, every hostile
 * route failing alone with its cause, robots.txt, the callback adding
 * requests, WARC archiving, and per-host politeness timings.  Skipped
 * (reported, not failed) when python3 is missing.
 */
#include "tests/unit/harness.h"
#include "crawler/fetch/fetch.h"
#include "crawler/warc/warc.h"
#include "common/xalloc.h"

#include <dirent.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char tmp[64];
static char base[64];
static pid_t server = -1;

static void path_in_tmp(struct buf *b, const char *name)
{
	buf_reset(b);
	buf_addf(b, "%s/%s", tmp, name);
}

static int start_server(void)
{
	struct buf port_file = BUF_INIT, log = BUF_INIT, port = BUF_INIT;
	int ret = -1;

	snprintf(tmp, sizeof(tmp), "/tmp/test_fetch_engine.XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	path_in_tmp(&port_file, "port");
	path_in_tmp(&log, "access.log");
	server = fork();
	if (server == 0) {
		execlp("python3", "python3", "tests/fixture-server.py",
		       "--port", "0", "--port-file", port_file.data, "--root",
		       "tests/fixtures/web", "--log", log.data, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 100 && server > 0; i++) {
		FILE *f = fopen(port_file.data, "r");
		int status;

		if (f) {
			int p = 0;

			if (fscanf(f, "%d", &p) == 1 && p > 0) {
				snprintf(base, sizeof(base),
					 "http://127.0.0.1:%d", p);
				ret = 0;
			}
			fclose(f);
			if (ret == 0)
				break;
		}
		if (waitpid(server, &status, WNOHANG) == server) {
			server = -1;
			break;
		}
		usleep(100 * 1000);
	}
	buf_release(&port_file);
	buf_release(&log);
	buf_release(&port);
	return ret;
}

static void stop_server(void)
{
	DIR *d;
	struct dirent *de;

	if (server > 0) {
		kill(server, SIGTERM);
		waitpid(server, NULL, 0);
	}
	d = opendir(tmp);
	while (d && (de = readdir(d))) {
		struct buf p = BUF_INIT;

		if (de->d_name[0] == '.')
			continue;
		buf_addf(&p, "%s/%s", tmp, de->d_name);
		unlink(p.data);
		buf_release(&p);
	}
	if (d)
		closedir(d);
	rmdir(tmp);
}

static char allow_lo[] = "127.0.0.0/8";
static char *allow[] = { allow_lo };
static char agent[] = "mediamon-test/1.0 (+unit tests)";

static void settings(struct crawler_settings *cs)
{
	memset(cs, 0, sizeof(*cs));
	cs->timeout_s = 2;
	cs->max_bytes = 1024 * 1024;
	cs->allow_networks = allow;
	cs->n_allow_networks = 1;
	cs->per_host = 16;
	cs->delay_ms = 0;
	cs->concurrency = 32;
	cs->user_agent = agent;
	cs->retries = 2;
}

/* What the callback saw, by request kind. */
struct seen {
	int calls;
	enum fetch_outcome outcome;
	long status;
	char cause[300];
	char etag[64], last_modified[64], ctype[80];
	char sha256[65];
	char eff[200];
	size_t body_len;
	long long wire;
	int retries, redirects;
	double elapsed;
	bool body_has_base, req_has_ua, resp_is_http;
	char warc_file[96];
	long long warc_offset;
};

#define KINDS 64
static struct seen seen[KINDS];

static void copy(char *dst, size_t n, const char *s)
{
	snprintf(dst, n, "%s", s ? s : "");
}

static void on_done(struct fetch_engine *eng, struct fetch_result *r,
		    void *cbdata)
{
	struct seen *s = &seen[r->kind];

	(void)cbdata;
	s->calls++;
	s->outcome = r->outcome;
	s->status = r->status;
	copy(s->cause, sizeof(s->cause), r->cause);
	copy(s->etag, sizeof(s->etag), r->etag);
	copy(s->last_modified, sizeof(s->last_modified), r->last_modified);
	copy(s->ctype, sizeof(s->ctype), r->content_type);
	copy(s->sha256, sizeof(s->sha256), r->sha256);
	copy(s->eff, sizeof(s->eff), r->effective_url);
	copy(s->warc_file, sizeof(s->warc_file), r->warc_file);
	s->warc_offset = r->warc_offset;
	s->body_len = r->body.len;
	s->wire = r->bytes_wire;
	s->retries = r->retries;
	s->redirects = r->redirects;
	s->elapsed = r->elapsed_s;
	s->body_has_base = strstr(r->body.data, base) != NULL;
	s->req_has_ua = strstr(r->request_headers.data,
			       "User-Agent: mediamon-test/1.0") != NULL;
	s->resp_is_http = !strncmp(r->response_headers.data, "HTTP/", 5);
	/* The crawler adds the pages a feed links to. */
	if (r->kind == 1 && r->outcome == FETCH_OK) {
		struct buf u = BUF_INIT;

		buf_addf(&u, "%s/news/2026/11/17/pogoda.html", base);
		fetch_add(eng, &(struct fetch_request){ .url = u.data,
							.kind = 40 });
		buf_release(&u);
	}
	/* The callback may take the body. */
	if (r->kind == 40) {
		size_t n;
		char *b = buf_detach(&r->body, &n);

		s->body_has_base = strstr(b, "Синоптики") != NULL;
		free(b);
	}
}

struct route {
	int kind;
	const char *path;	/* appended to base unless absolute */
};

static const struct route routes[] = {
	{ 1, "/feeds/rss2.xml" },
	{ 2, "/gz/feeds/atom.xml" },
	{ 3, "/deflate/feeds/rdf.xml" },
	{ 4, "/retry-after/1/feeds/rss2.xml" },
	{ 5, "/flaky/feeds/koi8r.xml" },
	{ 6, "/hostile/500" },
	{ 7, "/hostile/loop" },
	{ 8, "/hostile/metadata" },
	{ 9, "/hostile/private-redirect" },
	{ 10, "/hostile/file-redirect" },
	{ 11, "/hostile/gzip-bomb" },
	{ 12, "/hostile/endless" },
	{ 13, "/hostile/big" },
	{ 14, "/hostile/retry-after-long" },
	{ 15, "/hostile/retry-after-date" },
	{ 16, "/private/feed.xml" },
	{ 17, "/hostile/hang" },
	{ 18, "/hostile/trickle" },
	{ 19, "/hostile/close" },
	{ 20, "ftp://127.0.0.1/x" },
	{ 21, "http://127.0.0.1:1/feed.xml" },
	{ 22, "http://169.254.169.254/latest/meta-data/" },
	{ 23, "/hostile/bad-gzip" },
	{ 24, "/hostile/404" },
	{ 25, "/unavailable-once/feeds/atom.xml" },
	{ 26, "not a url" },
	{ 27, "/redirect-to?url=/private/feed.xml" },
	{ 28, "/redirect-to?url=/feeds/rdf.xml&status=301" },
};

static void add_route(struct fetch_engine *eng, const struct route *r)
{
	struct buf u = BUF_INIT;

	if (strstr(r->path, "://") || r->path[0] != '/')
		buf_adds(&u, r->path);
	else
		buf_addf(&u, "%s%s", base, r->path);
	fetch_add(eng, &(struct fetch_request){ .url = u.data,
						.kind = r->kind });
	buf_release(&u);
}

static int count_log(const char *needle)
{
	struct buf p = BUF_INIT;
	char line[1024];
	int n = 0;
	FILE *f;

	path_in_tmp(&p, "access.log");
	f = fopen(p.data, "r");
	buf_release(&p);
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			n++;
	if (f)
		fclose(f);
	return n;
}

#define HAS(kind, text) \
	do { \
		if (!strstr(seen[kind].cause, (text))) { \
			fprintf(stderr, "%s:%d: kind %d cause \"%s\" lacks " \
				"\"%s\"\n", __FILE__, __LINE__, (kind), \
				seen[kind].cause, (text)); \
			harness_failed_checks++; \
		} \
	} while (0)

static void test_engine(void)
{
	struct crawler_settings cs;
	struct fetch_engine *eng;
	struct warc_writer *w;
	struct err e;
	long long t0;
	const struct fetch_stats *st;

	settings(&cs);
	eng = fetch_engine_new(&cs, &e);
	CHECK(eng != NULL);
	w = warc_writer_open(tmp, 100, &e);
	CHECK(w != NULL);
	if (!eng || !w)
		return;
	fetch_engine_set_warc(eng, w);
	for (size_t i = 0; i < ARRAY_SIZE(routes); i++)
		add_route(eng, &routes[i]);
	t0 = time(NULL);
	CHECK(fetch_run(eng, on_done, NULL, &e) == 0);
	/* Everything concurrent: the slowest (hang, trickle with retries)
	 * bounds the run, not the sum. */
	CHECK(time(NULL) - t0 < 20);
	for (size_t i = 0; i < ARRAY_SIZE(routes); i++)
		if (seen[routes[i].kind].calls != 1) {
			fprintf(stderr, "kind %d answered %d times\n",
				routes[i].kind, seen[routes[i].kind].calls);
			CHECK(0);
		}
	CHECK(seen[1].outcome == FETCH_OK);
	CHECK_INTEQ(seen[1].status, 200);
	CHECK(!strncmp(seen[1].ctype, "application/rss+xml", 19));
	CHECK(seen[1].etag[0] == '"');
	CHECK(seen[1].last_modified[0] != '\0');
	CHECK(seen[1].body_has_base);
	CHECK(seen[1].req_has_ua);
	CHECK(seen[1].resp_is_http);
	CHECK_INTEQ(strlen(seen[1].sha256), 64);
	CHECK_STREQ(seen[1].cause, "");
	CHECK(seen[1].warc_offset > 0);
	CHECK(!strncmp(seen[1].warc_file, "mediamon-", 9));
	CHECK(seen[40].calls == 1 && seen[40].outcome == FETCH_OK);
	CHECK(seen[40].body_has_base);
	/* decoded bodies, fewer bytes on the wire */
	CHECK(seen[2].outcome == FETCH_OK && seen[2].body_has_base);
	CHECK(seen[2].wire > 0 && seen[2].wire < (long long)seen[2].body_len);
	CHECK(seen[3].outcome == FETCH_OK && seen[3].body_has_base);
	/* Retry-After: 1 waited once; a 500 once then fine */
	CHECK(seen[4].outcome == FETCH_OK && seen[4].retries == 1);
	CHECK(seen[4].elapsed >= 0.9);
	CHECK(seen[5].outcome == FETCH_OK && seen[5].retries == 1);
	CHECK(seen[25].outcome == FETCH_OK && seen[25].retries == 1);
	/* each hostile route alone, with its cause */
	CHECK_STREQ(seen[6].cause, "HTTP 500 after 3 attempts");
	CHECK_INTEQ(seen[6].status, 500);
	CHECK_STREQ(seen[7].cause, "too many redirects (5)");
	CHECK_STREQ(seen[8].cause, "redirect to a private address "
		    "169.254.169.254 refused (cloud metadata)");
	HAS(9, "redirect to a private address 10.0.0.1 refused");
	HAS(9, "allow_networks");
	HAS(10, "not http or https");
	CHECK_STREQ(seen[11].cause, "body larger than 1048576 bytes");
	CHECK_STREQ(seen[12].cause, "body larger than 1048576 bytes");
	CHECK_STREQ(seen[13].cause, "body larger than 1048576 bytes");
	HAS(14, "HTTP 429, server asks to retry after 3600 s");
	HAS(15, "HTTP 503, server asks to retry after 7");
	CHECK_STREQ(seen[16].cause, "refused by robots.txt");
	HAS(17, "timed out after");
	HAS(17, "3 attempts");
	HAS(18, "timed out after");
	HAS(19, "without a response");
	HAS(20, "not a valid http or https URL");
	HAS(21, "robots.txt unreachable");
	CHECK_STREQ(seen[22].cause, "connection to a private address "
		    "169.254.169.254 refused (cloud metadata)");
	HAS(23, "could not fetch");
	CHECK_STREQ(seen[24].cause, "HTTP 404");
	HAS(26, "not a valid http or https URL");
	/* the archived answer to a redirected request names both URLs */
	CHECK(seen[28].warc_offset > 0);
	{
		struct buf p = BUF_INIT, d = BUF_INIT;
		struct warc_reader *r;
		struct warc_record rec;

		path_in_tmp(&p, seen[28].warc_file);
		warc_writer_close(w, &e);	/* flush for reading */
		w = warc_writer_open(tmp, 100, &e);
		fetch_engine_set_warc(eng, w);
		r = warc_reader_open_at(p.data, seen[28].warc_offset, &e);
		CHECK(r && warc_reader_next(r, &rec, &e) == 1);
		if (r) {
			CHECK_STREQ(rec.type, "response");
			CHECK(strstr(rec.target_uri, "/feeds/rdf.xml") != NULL);
			CHECK(rec.requested_uri &&
			      strstr(rec.requested_uri, "/redirect-to?") != NULL);
			buf_addf(&d, "sha256:%s", seen[28].sha256);
			CHECK_STREQ(rec.payload_digest, d.data);
			warc_reader_close(r);
		}
		buf_release(&p);
		buf_release(&d);
	}
	/* robots.txt holds for redirect targets too */
	CHECK_STREQ(seen[27].cause, "refused by robots.txt");
	CHECK(seen[28].outcome == FETCH_OK);
	CHECK_INTEQ(seen[28].redirects, 1);
	CHECK(strstr(seen[28].eff, "/feeds/rdf.xml") != NULL);
	CHECK_INTEQ(seen[7].redirects, 5);
	for (int k = 6; k <= 27; k++)
		if (k != 25)
			CHECK(seen[k].outcome == FETCH_FAILED);
	/* robots.txt once for the fixture origin, never for /private/ */
	CHECK_INTEQ(count_log("GET /robots.txt "), 1);
	CHECK_INTEQ(count_log("GET /private/feed.xml "), 0);
	CHECK_INTEQ(count_log("GET /hostile/500 "), 3);
	st = fetch_engine_stats(eng);
	CHECK_INTEQ(st->requests, (long)ARRAY_SIZE(routes) + 1);
	/* fixture, port 1, 169.254.169.254 and 10.0.0.1 (a redirect
	 * target is an origin like any other) */
	CHECK_INTEQ(st->robots_fetched, 4);
	CHECK(st->robots_refused >= 3);
	CHECK(st->ok >= 7);

	/* Second run on the same engine: conditional requests cost a 304. */
	memset(seen, 0, sizeof(seen));
	{
		struct buf u = BUF_INIT;
		char etag[64], lm[64];

		buf_addf(&u, "%s/feeds/rss2.xml", base);
		fetch_add(eng, &(struct fetch_request){ .url = u.data,
							.kind = 1 });
		CHECK(fetch_run(eng, on_done, NULL, &e) == 0);
		copy(etag, sizeof(etag), seen[1].etag);
		copy(lm, sizeof(lm), seen[1].last_modified);
		fetch_add(eng, &(struct fetch_request){
			.url = u.data, .kind = 2, .if_none_match = etag });
		fetch_add(eng, &(struct fetch_request){
			.url = u.data, .kind = 3, .if_modified_since = lm });
		fetch_add(eng, &(struct fetch_request){
			.url = u.data, .kind = 4,
			.if_none_match = "\"stale\"" });
		fetch_add(eng, &(struct fetch_request){
			.url = u.data, .kind = 5,
			.if_none_match = "bad\r\nX-Injected: 1" });
		CHECK(fetch_run(eng, on_done, NULL, &e) == 0);
		CHECK(seen[2].outcome == FETCH_NOT_MODIFIED);
		CHECK_INTEQ(seen[2].status, 304);
		CHECK_INTEQ(seen[2].body_len, 0);
		CHECK(seen[2].warc_offset == -1);
		CHECK(seen[3].outcome == FETCH_NOT_MODIFIED);
		CHECK(seen[4].outcome == FETCH_OK);
		CHECK(seen[5].outcome == FETCH_OK);
		buf_release(&u);
	}
	/* robots.txt is cached for the engine's life */
	CHECK_INTEQ(count_log("GET /robots.txt "), 1);
	fetch_engine_free(eng);
	CHECK(warc_writer_close(w, &e) == 0);
}

/* Run n requests to /slow/300/... and return the wall time in ms. */
static long long timed_run(long per_host, long delay_ms, int n)
{
	struct crawler_settings cs;
	struct fetch_engine *eng;
	struct err e;
	struct timespec a, b;

	settings(&cs);
	cs.per_host = per_host;
	cs.delay_ms = delay_ms;
	eng = fetch_engine_new(&cs, &e);
	if (!eng)
		return -1;
	/* Warm robots.txt first so it does not count. */
	{
		struct buf u = BUF_INIT;

		buf_addf(&u, "%s/", base);
		fetch_add(eng, &(struct fetch_request){ .url = u.data });
		fetch_run(eng, NULL, NULL, &e);
		buf_release(&u);
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < n; i++) {
		struct buf u = BUF_INIT;

		buf_addf(&u, "%s/slow/300/news/2026/11/17/pogoda.html?%d",
			 base, i);
		fetch_add(eng, &(struct fetch_request){ .url = u.data });
		buf_release(&u);
	}
	fetch_run(eng, NULL, NULL, &e);
	clock_gettime(CLOCK_MONOTONIC, &b);
	fetch_engine_free(eng);
	return (b.tv_sec - a.tv_sec) * 1000LL +
	       (b.tv_nsec - a.tv_nsec) / 1000000;
}

static void test_politeness(void)
{
	long long t;

	/* 4 at once: about one request's time */
	t = timed_run(4, 0, 4);
	CHECK(t >= 280 && t < 900);
	/* one at a time: four requests' time */
	t = timed_run(1, 0, 4);
	CHECK(t >= 1150);
	/* 4 slots but 400 ms between starts: starts at 0, .4, .8, 1.2 */
	t = timed_run(4, 400, 4);
	CHECK(t >= 1450);
}

static void test_all(void)
{
	if (start_server() < 0) {
		printf("# skipped: cannot start tests/fixture-server.py "
		       "(python3 missing?)\n");
		stop_server();
		return;
	}
	test_engine();
	test_politeness();
	stop_server();
}

TESTS(T(test_all))


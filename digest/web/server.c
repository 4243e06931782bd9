/*
 * server.c - the HTTP server: libmicrohttpd with a thread pool, one
 * database connection per worker thread (opened on its first request,
 * reopened when lost; a digest made on a kept-page miss reads over a
 * second one), request bodies capped before they are read, and the
 * table of paths.  Every answer carries a Content-Security-Policy
 * that allows no script at all: the pages need none.
 */
#include "web_int.h"
#include "common/html.h"
#include "common/json.h"
#include "common/log.h"
#include "common/xalloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static const char csp[] =
	"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/* How often the recent digests are looked at (warm.c). */
#define WARM_EVERY_S 2

/* Each worker thread's connection, and the second one its digests read
 * over (opened on the first digest it makes), closed when the thread
 * ends. */
static pthread_key_t db_key, aside_key;
static pthread_once_t db_key_once = PTHREAD_ONCE_INIT;

static void close_db(void *db)
{
	db_close(db);
}

static void make_key(void)
{
	pthread_key_create(&db_key, close_db);
	pthread_key_create(&aside_key, close_db);
}

/* The worker's connection under key, opened (or reopened) on demand. */
static struct db *keyed_db(pthread_key_t *key, const struct web_opts *o,
			   struct err *e)
{
	struct db *db;

	pthread_once(&db_key_once, make_key);
	db = pthread_getspecific(*key);
	if (db && PQstatus(db->conn) != CONNECTION_OK) {
		db_close(db);
		db = NULL;
	}
	if (!db) {
		db = db_open(o->db_conninfo, e);
		pthread_setspecific(*key, db);
	}
	return db;
}

static struct db *worker_db(const struct web_opts *o, struct err *e)
{
	return keyed_db(&db_key, o, e);
}

/* After the second connection could not be opened (the server's
 * max_connections reached, say), digests read over the first alone for
 * this long before it is tried again: not a connection attempt and a
 * warning on every digest made. */
#define ASIDE_RETRY_S 60

struct db *web_aside_db(struct req *r)
{
	static _Thread_local time_t failed_at;
	struct err e = { "" };
	struct db *db;

	if (failed_at && time(NULL) - failed_at < ASIDE_RETRY_S)
		return NULL;
	db = keyed_db(&aside_key, r->o, &e);
	failed_at = db ? 0 : time(NULL);
	if (!db)
		log_msg(LOG_WARN, NULL, "serve: no second connection for the "
			"digest's reads for %d s: %s", ASIDE_RETRY_S, e.msg);
	return db;
}

const char *web_arg(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

const char *web_field(struct req *r, const char *name)
{
	for (int i = 0; i < r->n_fields; i++)
		if (!strcmp(r->fields[i].key, name))
			return r->fields[i].value.data;
	return NULL;
}

void web_fail(struct req *r, unsigned status, const char *msg)
{
	buf_reset(&r->out);
	r->status = status;
	if (r->api) {
		struct jw w;

		r->ctype = "application/json";
		jw_init(&w, &r->out);
		jw_obj_begin(&w);
		jw_key(&w, "error");
		jw_str(&w, msg);
		jw_obj_end(&w);
		buf_addch(&r->out, '\n');
		return;
	}
	r->ctype = "text/html; charset=utf-8";
	page_begin(r, msg);
	buf_adds(&r->out, "<p class=\"note\">");
	out_text(r, msg);
	buf_adds(&r->out, "</p>");
	page_end(r);
}

void web_fail_db(struct req *r, const char *what, const struct err *e)
{
	log_msg(LOG_ERROR, NULL, "serve: %s: %s", what, e->msg);
	web_fail(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal error");
}

void web_redirect(struct req *r, const char *path)
{
	r->status = MHD_HTTP_SEE_OTHER;
	snprintf(r->location, sizeof(r->location), "%s", path);
	buf_reset(&r->out);
}

void web_cookie(struct req *r, const char *fmt, ...)
{
	va_list ap;

	if (r->n_cookies >= 2)
		return;
	buf_init(&r->cookies[r->n_cookies], 0);
	va_start(ap, fmt);
	buf_vaddf(&r->cookies[r->n_cookies], fmt, ap);
	va_end(ap);
	r->n_cookies++;
}

/* The path after prefix, or NULL when path does not start with it. */
static const char *after(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(path, prefix, n) ? NULL : path + n;
}

/* Only digits: ids of cases and articles. */
static int digits(const char *s)
{
	if (!s || !*s || strlen(s) > 18)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static void dispatch(struct req *r)
{
	const char *u = r->url, *rest;
	int get = !strcmp(r->method, "GET") || !strcmp(r->method, "HEAD");
	int post = !strcmp(r->method, "POST");

	r->api = !strncmp(u, "/api/", 5);
	if (!strcmp(u, "/login")) {
		if (get)
			page_login(r);
		else if (post)
			post_login(r);
		else
			web_fail(r, MHD_HTTP_METHOD_NOT_ALLOWED, "method");
		return;
	}
	if (auth_load(r) < 0)
		return;
	if (post && !strcmp(u, "/logout")) {
		post_logout(r);
	} else if (get && !strcmp(u, "/")) {
		page_home(r);
	} else if (get && !strcmp(u, "/digest")) {
		page_digest_archive(r);
	} else if (get && (rest = after(u, "/digest/")) != NULL) {
		page_digest(r, rest);
	} else if (get && !strcmp(u, "/materials")) {
		page_materials(r);
	} else if (post && (rest = after(u, "/materials/")) != NULL) {
		char id[32];
		const char *slash = strchr(rest, '/');

		if (!slash || (size_t)(slash - rest) >= sizeof(id)) {
			web_fail(r, MHD_HTTP_NOT_FOUND, "not found");
			return;
		}
		snprintf(id, sizeof(id), "%.*s", (int)(slash - rest), rest);
		if (!digits(id))
			web_fail(r, MHD_HTTP_NOT_FOUND, "not found");
		else
			post_material(r, id, slash + 1);
	} else if (get && !strcmp(u, "/cases")) {
		page_cases(r);
	} else if ((rest = after(u, "/cases/")) != NULL && digits(rest)) {
		if (post)
			post_case(r, rest);
		else
			page_case(r, rest);
	} else if (get && !strcmp(u, "/trends")) {
		page_trends(r);
	} else if (get && !strcmp(u, "/search")) {
		page_search(r);
	} else if (get && !strcmp(u, "/api/trends")) {
		api_trends(r);
	} else if (get && !strcmp(u, "/api/search")) {
		api_search(r);
	} else if (get && !strcmp(u, "/sources")) {
		page_sources(r);
	} else if (get && !strcmp(u, "/admin")) {
		page_admin(r);
	} else if (post && !strcmp(u, "/admin")) {
		post_admin(r);
	} else if (get && (rest = after(u, "/api/digest/")) != NULL) {
		api_digest(r, rest);
	} else if (get && !strcmp(u, "/api/cases")) {
		api_cases(r, NULL);
	} else if (get && (rest = after(u, "/api/cases/")) != NULL &&
		   digits(rest)) {
		api_cases(r, rest);
	} else {
		web_fail(r, MHD_HTTP_NOT_FOUND, "not found");
	}
}

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind,
			       const char *key, const char *filename,
			       const char *ctype, const char *encoding,
			       const char *data, uint64_t off, size_t size)
{
	struct req *r = cls;
	int i;

	(void)kind;
	(void)filename;
	(void)ctype;
	(void)encoding;
	(void)off;
	for (i = 0; i < r->n_fields; i++)
		if (!strcmp(r->fields[i].key, key))
			break;
	if (i == r->n_fields) {
		if (r->n_fields == (int)(sizeof(r->fields) /
					 sizeof(*r->fields)))
			return MHD_NO;
		r->fields[i].key = arena_strdup(&r->a, key);
		buf_init(&r->fields[i].value, WEB_BODY_CAP);
		r->n_fields++;
	}
	return buf_add(&r->fields[i].value, data, size) < 0 ? MHD_NO : MHD_YES;
}

static void client_address(struct req *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const char *fwd;

	r->address[0] = '\0';
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)
					     (const void *)sa)->sin_addr,
				  r->address, sizeof(r->address));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
					      (const void *)sa)->sin6_addr,
				  r->address, sizeof(r->address));
	}
	/* behind the office's proxy: the client it names, not the proxy */
	fwd = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
					  "X-Forwarded-For");
	if (r->o->behind_proxy && fwd && (!strcmp(r->address, "127.0.0.1") ||
					  !strcmp(r->address, "::1"))) {
		const char *last = strrchr(fwd, ',');

		last = last ? last + 1 : fwd;
		while (*last == ' ')
			last++;
		snprintf(r->address, sizeof(r->address), "%.63s", last);
	}
}

static enum MHD_Result respond(struct req *r)
{
	size_t len;
	/* the page's memory goes to libmicrohttpd, which frees it once
	 * sent: a digest is 1.6 MB, and copying it cost more than the
	 * rest of sending it */
	char *body = buf_detach(&r->out, &len);
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		len, body, MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ret;

	if (!resp) {
		free(body);
		return MHD_NO;
	}

	MHD_add_response_header(resp, "Content-Type",
				r->ctype ? r->ctype :
				"text/html; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	if (r->location[0])
		MHD_add_response_header(resp, "Location", r->location);
	if (r->cache)	/* says whether a kept page was served */
		MHD_add_response_header(resp, "X-Cache", r->cache);
	for (int i = 0; i < r->n_cookies; i++)
		MHD_add_response_header(resp, "Set-Cookie",
					r->cookies[i].data);
	ret = MHD_queue_response(r->conn, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static struct req *req_new(struct MHD_Connection *c,
			   const struct web_opts *o, const char *url,
			   const char *method)
{
	struct req *r = xcalloc(1, sizeof(*r));

	r->conn = c;
	r->o = o;
	r->url = url;
	r->method = method;
	r->status = MHD_HTTP_OK;
	buf_init(&r->out, 0);
	client_address(r);
	return r;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload,
			      size_t *upload_size, void **state)
{
	const struct web_opts *o = cls;
	struct req *r = *state;
	struct err e = { "" };

	(void)version;
	if (!r) {
		const char *len = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

		r = req_new(c, o, url, method);
		*state = r;
		/* a body past the cap is refused before it is read */
		if (len && strtoull(len, NULL, 10) > WEB_BODY_CAP) {
			r->too_large = 1;
			web_fail(r, MHD_HTTP_CONTENT_TOO_LARGE,
				 "request too large");
			return respond(r);
		}
		if (!strcmp(method, "POST"))
			r->pp = MHD_create_post_processor(c, 4096, collect, r);
		return MHD_YES;
	}
	if (r->too_large)
		return MHD_NO;
	if (*upload_size) {
		r->body_bytes += *upload_size;
		if (r->body_bytes > WEB_BODY_CAP || !r->pp ||
		    MHD_post_process(r->pp, upload, *upload_size) != MHD_YES)
			r->too_large = 1;
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->too_large) {
		web_fail(r, MHD_HTTP_CONTENT_TOO_LARGE, "request too large");
		return respond(r);
	}
	r->db = worker_db(o, &e);
	if (!r->db) {
		log_msg(LOG_ERROR, NULL, "serve: cannot reach the database: %s",
			e.msg);
		web_fail(r, MHD_HTTP_SERVICE_UNAVAILABLE,
			 "the database is not available");
		return respond(r);
	}
	dispatch(r);
	return respond(r);
}

static void completed(void *cls, struct MHD_Connection *c, void **state,
		      enum MHD_RequestTerminationCode code)
{
	struct req *r = *state;

	(void)cls;
	(void)c;
	(void)code;
	if (!r)
		return;
	if (r->pp)
		MHD_destroy_post_processor(r->pp);
	for (int i = 0; i < r->n_fields; i++)
		buf_release(&r->fields[i].value);
	for (int i = 0; i < r->n_cookies; i++)
		buf_release(&r->cookies[i]);
	buf_release(&r->out);
	arena_release(&r->a);
	free(r);
	*state = NULL;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* ADDR:PORT into a socket address (IPv4, or [IPv6]:PORT). */
static int parse_listen(const char *s, struct sockaddr_storage *ss,
			struct err *e)
{
	char host[128];
	const char *colon = strrchr(s, ':');
	char *end;
	long port;

	memset(ss, 0, sizeof(*ss));
	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return err_set(e, "'%s' is not ADDR:PORT", s);
	port = strtol(colon + 1, &end, 10);
	if (*end || port < 1 || port > 65535)
		return err_set(e, "'%s': the port must be 1 to 65535", s);
	snprintf(host, sizeof(host), "%.*s", (int)(colon - s), s);
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)(void *)ss;

		host[strlen(host) - 1] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return err_set(e, "'%s' is not an IPv6 address", host);
		return 0;
	}
	{
		struct sockaddr_in *a4 = (struct sockaddr_in *)(void *)ss;

		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
			return err_set(e, "'%s' is not an IPv4 address", host);
	}
	return 0;
}

int web_serve(const struct web_opts *o, struct err *e)
{
	struct sockaddr_storage ss;
	struct MHD_Daemon *d;
	struct sigaction sa;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;

#ifdef M_MMAP_THRESHOLD
	/* A page of a large day is megabytes, made in a few places at once
	 * and freed when sent.  glibc maps such blocks afresh each time and
	 * unmaps them on free, and touching new pages cost a made-again
	 * digest a quarter of its time (perf: page faults); kept in the
	 * heap, they are reused. */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);	/* glibc's largest */
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
	if (parse_listen(o->listen, &ss, e) < 0)
		return -1;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	d = MHD_start_daemon(flags, 0, NULL, NULL, handle, (void *)o,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			     MHD_OPTION_THREAD_POOL_SIZE,
			     o->threads ? o->threads : 4u,
			     MHD_OPTION_CONNECTION_TIMEOUT, 30u,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT,
			     (size_t)(128 * 1024),
			     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			     MHD_OPTION_END);
	if (!d)
		return err_set(e, "cannot listen on '%s': %s", o->listen,
			       strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	log_msg(LOG_INFO, NULL, "serving on http://%s/ with %u threads",
		o->listen, o->threads ? o->threads : 4u);
	/* the main thread keeps the recent digests made (warm.c); a signal
	 * cuts its sleep short */
	{
		struct db *db = NULL;

		while (!stop) {
			warm_digests(o, &db);
			if (!stop)
				sleep(WARM_EVERY_S);
		}
		if (db)
			db_close(db);
	}
	log_msg(LOG_INFO, NULL, "stopping");
	MHD_stop_daemon(d);
	return 0;
}

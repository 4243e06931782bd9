/*
 * fetch.c - the fetch engine's main loop (libcurl multi interface, as in
 * curl's 10-at-a-time.c): start what the per-host scheduler allows, let
 * libcurl move the bytes, turn finished transfers into retries or
 * answers, hand answers to the caller's callback, and sleep in
 * curl_multi_poll until a socket or a politeness timer needs us.  All
 * transfers live in one multi handle, which already shares its DNS cache
 * and keep-alive connection pool among them, so no CURLSH is needed.
 */
#include "fetch_int.h"
#include "crawler/warc/warc.h"
#include "common/sha256.h"
#include "common/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The longest poll when only completions can unblock us; libcurl's own
 * timers shorten it as needed. */
#define POLL_MAX_MS 1000
#define URL_MAX 8192

static void flying_add(struct fetch_engine *eng, struct fetch_xfer *x)
{
	ALLOC_GROW(eng->flying, eng->n_flying + 1, eng->alloc_flying);
	x->flying_idx = eng->n_flying;
	eng->flying[eng->n_flying++] = x;
}

static void flying_remove(struct fetch_engine *eng, struct fetch_xfer *x)
{
	struct fetch_xfer *last = eng->flying[--eng->n_flying];

	eng->flying[x->flying_idx] = last;
	last->flying_idx = x->flying_idx;
}

struct fetch_engine *fetch_engine_new(const struct crawler_settings *cs,
				      struct err *e)
{
	struct fetch_engine *eng;
	long conc;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		err_set(e, "cannot initialise libcurl");
		return NULL;
	}
	eng = xcalloc(1, sizeof(*eng));
	eng->cs = cs;
	if (cs->n_allow_networks)
		eng->allow = xcalloc(cs->n_allow_networks,
				     sizeof(*eng->allow));
	for (size_t i = 0; i < cs->n_allow_networks; i++) {
		if (fetch_net_parse(cs->allow_networks[i], &eng->allow[i],
				    e) < 0)
			goto fail;
		eng->n_allow++;
	}
	eng->multi = curl_multi_init();
	if (!eng->multi) {
		err_set(e, "cannot initialise libcurl (out of memory)");
		goto fail;
	}
	conc = cs->concurrency > 0 ? cs->concurrency : 1;
	/* We schedule per host ourselves; these only bound the connection
	 * cache so keep-alive connections are reused, not hoarded. */
	curl_multi_setopt(eng->multi, CURLMOPT_MAXCONNECTS, conc * 2);
	curl_multi_setopt(eng->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, conc);
	curl_multi_setopt(eng->multi, CURLMOPT_PIPELINING,
			  (long)CURLPIPE_MULTIPLEX);
	return eng;
fail:
	fetch_engine_free(eng);
	return NULL;
}

void fetch_engine_free(struct fetch_engine *eng)
{
	if (!eng)
		return;
	for (size_t i = 0; i < eng->n_flying; i++) {
		curl_multi_remove_handle(eng->multi, eng->flying[i]->easy);
		fetch_xfer_free(eng->flying[i]);
	}
	while (eng->done_head) {
		struct fetch_xfer *x = eng->done_head;

		eng->done_head = x->next;
		fetch_xfer_free(x);
	}
	for (size_t i = 0; i < eng->n_hosts; i++)
		fetch_host_free(eng->hosts[i]);
	for (size_t i = 0; i < eng->n_origins; i++)
		fetch_origin_free(eng->origins[i]);
	free(eng->hosts);
	free(eng->origins);
	free(eng->flying);
	free(eng->allow);
	if (eng->multi)
		curl_multi_cleanup(eng->multi);
	free(eng);
	curl_global_cleanup();
}

void fetch_engine_set_warc(struct fetch_engine *eng, struct warc_writer *w)
{
	eng->warc = w;
}

void fetch_engine_set_gate(struct fetch_engine *eng, fetch_gate_fn fn,
			   void *arg)
{
	eng->gate = fn;
	eng->gate_arg = arg;
}

void fetch_engine_set_credentials(struct fetch_engine *eng, const char *url,
				  const char *userinfo)
{
	char *origin = NULL, *host = NULL;
	struct fetch_origin *o;

	if (!userinfo || fetch_split_url(url, &origin, &host) < 0)
		goto out;
	o = fetch_origin_get(eng, origin, fetch_host_get(eng, host));
	free(o->userinfo);
	o->userinfo = xstrdup(userinfo);
out:
	free(origin);
	free(host);
}

const struct fetch_stats *fetch_engine_stats(const struct fetch_engine *eng)
{
	return &eng->stats;
}

void fetch_done_push(struct fetch_engine *eng, struct fetch_xfer *x)
{
	x->next = NULL;
	if (eng->done_tail)
		eng->done_tail->next = x;
	else
		eng->done_head = x;
	eng->done_tail = x;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Via libcurl's own URL parser, so we key on exactly what libcurl will
 * connect to. */
int fetch_split_url(const char *url, char **origin, char **host)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *h = NULL, *port = NULL;
	struct buf b = BUF_INIT;
	int ret = -1;

	if (!u)
		BUG("out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcmp(scheme, "http") && strcmp(scheme, "https")) ||
	    curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK || !*h ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
		    CURLUE_OK)
		goto out;
	for (char *p = h; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	buf_addf(&b, "%s://%s:%s", scheme, h, port);
	*origin = buf_detach(&b, NULL);
	*host = xstrdup(h);
	ret = 0;
out:
	curl_free(scheme);
	curl_free(h);
	curl_free(port);
	curl_url_cleanup(u);
	return ret;
}

struct fetch_xfer *fetch_xfer_new(struct fetch_engine *eng, const char *url)
{
	struct fetch_xfer *x = xcalloc(1, sizeof(*x));

	x->eng = eng;
	x->url = xstrdup(url);
	x->first_start_ms = -1;
	buf_init(&x->body, 0);
	buf_init(&x->resp_headers, 0);
	buf_init(&x->req_headers, 0);
	buf_init(&x->cause, 0);
	return x;
}

void fetch_add(struct fetch_engine *eng, const struct fetch_request *req)
{
	const char *url = req->url ? req->url : "";
	struct fetch_xfer *x = fetch_xfer_new(eng, url);
	char *origin = NULL, *host = NULL;

	x->kind = req->kind;
	x->userdata = req->userdata;
	x->flags = req->flags;
	x->if_none_match = dup_or_null(req->if_none_match);
	x->if_modified_since = dup_or_null(req->if_modified_since);
	eng->stats.requests++;
	if (strlen(url) > URL_MAX) {
		fetch_xfer_fail(eng, x, "cannot fetch a URL longer than %d "
				"bytes", URL_MAX);
		return;
	}
	if (fetch_split_url(url, &origin, &host) < 0) {
		fetch_xfer_fail(eng, x, "cannot fetch '%s': not a valid http or "
				"https URL", url);
		return;
	}
	x->origin = fetch_origin_get(eng, origin, fetch_host_get(eng, host));
	fetch_host_enqueue(x->origin->host, x, false);
	free(origin);
	free(host);
}

/* Put x on the wire.  -1 with e when the multi handle refuses it. */
static int start(struct fetch_engine *eng, struct fetch_xfer *x,
		 long long now, struct err *e)
{
	CURLMcode mc;

	fetch_xfer_setup(eng, x);
	x->attempts++;
	if (x->first_start_ms < 0)
		x->first_start_ms = now;
	x->started_wall = time(NULL);
	mc = curl_multi_add_handle(eng->multi, x->easy);
	if (mc != CURLM_OK) {
		fetch_xfer_fail(eng, x, "could not start the transfer: %s",
				curl_multi_strerror(mc));
		return err_set(e, "could not start a transfer: %s",
			       curl_multi_strerror(mc));
	}
	x->host->in_flight++;
	x->host->last_start_ms = now;
	x->booked = false;	/* a retry books again */
	eng->running++;
	eng->stats.transfers++;
	if (x->is_robots && x->attempts == 1 && x->redirects == 0)
		eng->stats.robots_fetched++;
	flying_add(eng, x);
	return 0;
}

/* Start everything the scheduler allows now; the time until more could
 * start goes to *wait_ms (-1: only a completion can unblock). */
static int start_ready(struct fetch_engine *eng, long long *wait_ms,
		       struct err *e)
{
	long long now = fetch_now_ms();
	struct fetch_xfer *x;

	*wait_ms = -1;
	for (;;) {
		x = fetch_sched_next(eng, now, wait_ms);
		if (!x)
			return 0;
		if (!x->is_robots && !fetch_robots_allows(eng, x)) {
			fetch_done_push(eng, x);
			continue;
		}
		if (start(eng, x, now, e) < 0)
			return -1;
	}
}

/*
 * Archive x's response when that is wanted; fills pos or sets *error.
 * Called for answers and for robots.txt fetches alike: robots.txt is
 * evidence of what we were allowed to fetch.
 */
void fetch_archive(struct fetch_engine *eng, struct fetch_xfer *x,
		   struct warc_position *pos, struct err *werr,
		   const char **error)
{
	struct warc_exchange wx = { 0 };
	char *eff = NULL, *ip = NULL;
	long status = 0;

	pos->offset = -1;
	pos->file[0] = '\0';
	*error = NULL;
	if (x->easy)
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	if (!eng->warc || (x->flags & FETCH_NO_WARC) || !x->easy ||
	    status == 0 || status == 304 || x->status == 0)
		return;
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(x->easy, CURLINFO_PRIMARY_IP, &ip);
	wx.target_uri = eff ? eff : fetch_xfer_url(x);
	wx.requested_uri = x->redirects ? x->url : NULL;
	wx.remote_ip = ip && *ip ? ip : NULL;
	wx.date = x->started_wall;
	wx.request_headers = x->req_headers.data;
	wx.request_headers_len = x->req_headers.len;
	wx.response_headers = x->resp_headers.data;
	wx.response_headers_len = x->resp_headers.len;
	wx.body = x->body.data;
	wx.body_len = x->body.len;
	if (warc_write_exchange(eng->warc, &wx, pos, werr) < 0) {
		pos->offset = -1;
		*error = werr->msg;
	}
}

static const char *header_or_null(struct fetch_xfer *x, const char *name)
{
	struct curl_header *h;

	if (!x->easy || !x->status ||
	    curl_easy_header(x->easy, name, 0, CURLH_HEADER, -1, &h) !=
		    CURLHE_OK)
		return NULL;
	return h->value;
}

static void deliver(struct fetch_engine *eng, struct fetch_xfer *x,
		    fetch_done_fn cb, void *cbdata)
{
	struct fetch_result r = { 0 };
	struct warc_position pos;
	struct err werr;
	char *s = NULL;
	curl_off_t wire = 0;

	r.url = x->url;
	r.kind = x->kind;
	r.userdata = x->userdata;
	r.outcome = x->outcome;
	r.cause = x->outcome == FETCH_FAILED ? x->cause.data : "";
	r.status = x->status;
	r.effective_url = fetch_xfer_url(x);
	if (x->easy) {
		curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &s);
		if (s)
			r.effective_url = s;
		s = NULL;
		curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &s);
		r.content_type = s;
		s = NULL;
		curl_easy_getinfo(x->easy, CURLINFO_PRIMARY_IP, &s);
		r.remote_ip = s && *s ? s : NULL;
		curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME, &r.total_s);
		curl_easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &wire);
		r.bytes_wire = (long long)wire;
		r.elapsed_s = (double)(fetch_now_ms() - x->first_start_ms) /
			      1000.0;
	}
	r.etag = header_or_null(x, "ETag");
	r.last_modified = header_or_null(x, "Last-Modified");
	r.fetched_at = x->started_wall ? x->started_wall : time(NULL);
	r.retries = x->retries;
	r.redirects = x->redirects;
	if (x->outcome == FETCH_OK)
		sha256_hex(x->body.data, x->body.len, r.sha256);
	fetch_archive(eng, x, &pos, &werr, &r.warc_error);
	r.warc_offset = pos.offset;
	r.warc_file = pos.offset >= 0 ? pos.file : NULL;
	/* Hand the buffers over by value: the callback may detach the
	 * body; whatever it leaves is released here. */
	r.body = x->body;
	r.response_headers = x->resp_headers;
	r.request_headers = x->req_headers;
	buf_init(&x->body, 0);
	buf_init(&x->resp_headers, 0);
	buf_init(&x->req_headers, 0);
	eng->stats.bytes_wire += r.bytes_wire;
	eng->stats.bytes_body += (long long)r.body.len;
	if (x->outcome == FETCH_OK)
		eng->stats.ok++;
	else if (x->outcome == FETCH_NOT_MODIFIED)
		eng->stats.not_modified++;
	else
		eng->stats.failed++;
	if (cb)
		cb(eng, &r, cbdata);
	buf_release(&r.body);
	buf_release(&r.response_headers);
	buf_release(&r.request_headers);
}

static void deliver_all(struct fetch_engine *eng, fetch_done_fn cb,
			void *cbdata)
{
	while (eng->done_head) {
		struct fetch_xfer *x = eng->done_head;

		eng->done_head = x->next;
		if (!eng->done_head)
			eng->done_tail = NULL;
		deliver(eng, x, cb, cbdata);
		fetch_xfer_free(x);
	}
}

/* Collect the transfers libcurl has finished; how many there were. */
static int reap(struct fetch_engine *eng)
{
	CURLMsg *m;
	int left, n = 0;

	while ((m = curl_multi_info_read(eng->multi, &left))) {
		struct fetch_xfer *x = NULL;
		CURLcode rc = m->data.result;

		if (m->msg != CURLMSG_DONE)
			continue;
		n++;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &x);
		curl_multi_remove_handle(eng->multi, m->easy_handle);
		flying_remove(eng, x);
		eng->running--;
		x->host->in_flight--;
		if (fetch_xfer_finished(eng, x, rc))
			continue;	/* queued again for a retry */
		if (x->is_robots) {
			fetch_robots_done(eng, x);
			fetch_xfer_free(x);
		} else {
			fetch_done_push(eng, x);
		}
	}
	return n;
}

/* After a multi failure: answer everything with cause e. */
static void abandon(struct fetch_engine *eng, const struct err *e)
{
	while (eng->n_flying) {
		struct fetch_xfer *x = eng->flying[0];

		curl_multi_remove_handle(eng->multi, x->easy);
		flying_remove(eng, x);
		eng->running--;
		x->host->in_flight--;
		if (x->is_robots)
			fetch_xfer_free(x);
		else
			fetch_xfer_fail(eng, x, "%s", e->msg);
	}
	for (size_t i = 0; i < eng->n_hosts; i++) {
		struct fetch_host *h = eng->hosts[i];

		while (h->head) {
			struct fetch_xfer *x = h->head;

			h->head = x->next;
			h->queued--;
			eng->queued--;
			if (x->is_robots)
				fetch_xfer_free(x);
			else
				fetch_xfer_fail(eng, x, "%s", e->msg);
		}
		h->tail = NULL;
	}
	/* Their robots.txt fetches are gone: ask again next run. */
	for (size_t i = 0; i < eng->n_origins; i++)
		if (eng->origins[i]->state == ROBOTS_FETCHING)
			eng->origins[i]->state = ROBOTS_UNKNOWN;
}

int fetch_run(struct fetch_engine *eng, fetch_done_fn cb, void *cbdata,
	      struct err *e)
{
	struct err local;
	int ret = 0;

	if (eng->in_run)
		BUG("fetch_run called from its own callback");
	eng->in_run = true;
	for (;;) {
		long long wait_ms;
		int still;
		CURLMcode mc;

		deliver_all(eng, cb, cbdata);
		if (start_ready(eng, &wait_ms, &local) < 0)
			goto fatal;
		if (eng->done_head)
			continue;
		if (!eng->running && !eng->queued)
			break;
		mc = curl_multi_perform(eng->multi, &still);
		if (mc != CURLM_OK) {
			err_set(&local, "could not run transfers: %s",
				curl_multi_strerror(mc));
			goto fatal;
		}
		/* A completion frees a slot, or a robots.txt that others
		 * waited for: schedule again before sleeping. */
		if (reap(eng) > 0)
			continue;
		if (wait_ms < 0 || wait_ms > POLL_MAX_MS)
			wait_ms = POLL_MAX_MS;
		mc = curl_multi_poll(eng->multi, NULL, 0, (int)wait_ms, NULL);
		if (mc != CURLM_OK) {
			err_set(&local, "could not wait for transfers: %s",
				curl_multi_strerror(mc));
			goto fatal;
		}
	}
	goto out;
fatal:
	abandon(eng, &local);
	deliver_all(eng, cb, cbdata);
	ret = err_set(e, "%s", local.msg);
out:
	eng->in_run = false;
	return ret;
}

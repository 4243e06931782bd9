/*
 * fetch_robots.c - robots.txt in the fetch engine: fetched once per
 * origin per run, before any other request to that origin, through the
 * same queue (so it obeys the host's politeness and the address ban),
 * and consulted before every start.  Parsing and the RFC 9309 status
 * policy are robots.c's; this file only wires them in.
 */
#include "fetch_int.h"
#include "robots.h"
#include "crawler/warc/warc.h"
#include "common/xalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Crawl-delay is outside RFC 9309; we honour it, but no more than this,
 * so one robots.txt cannot stall a daily run. */
#define CRAWL_DELAY_MAX_MS 10000

struct fetch_origin *fetch_origin_get(struct fetch_engine *eng,
				      const char *key, struct fetch_host *h)
{
	struct fetch_origin *o;

	for (size_t i = 0; i < eng->n_origins; i++)
		if (!strcmp(eng->origins[i]->key, key))
			return eng->origins[i];
	o = xcalloc(1, sizeof(*o));
	o->key = xstrdup(key);
	o->host = h;
	o->state = ROBOTS_UNKNOWN;
	ALLOC_GROW(eng->origins, eng->n_origins + 1, eng->alloc_origins);
	eng->origins[eng->n_origins++] = o;
	return o;
}

void fetch_origin_free(struct fetch_origin *o)
{
	if (!o)
		return;
	robots_free(o->rules);
	free(o->deny_cause);
	free(o->userinfo);
	free(o->key);
	free(o);
}

/* The product token robots.txt groups are matched against: the leading
 * [A-Za-z_-] run of the User-Agent ("mediamon" of "mediamon/0.1 (...)"). */
static void agent_token(const struct crawler_settings *cs, char *out,
			size_t n)
{
	const char *ua = cs->user_agent ? cs->user_agent : "";
	size_t i = 0;

	while (ua[i] && i + 1 < n &&
	       (isalpha((unsigned char)ua[i]) || ua[i] == '_' || ua[i] == '-'))
	{
		out[i] = ua[i];
		i++;
	}
	out[i] = '\0';
	if (i == 0)
		snprintf(out, n, "mediamon");
}

/* url's robots.txt URL (same scheme, host and port), malloc'd; NULL when
 * libcurl cannot rebuild it. */
static char *robots_url(const char *url)
{
	CURLU *u = curl_url();
	char *s = NULL, *ret = NULL;

	if (!u)
		BUG("out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_USER, NULL, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_QUERY, NULL, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_PATH, "/robots.txt", 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		ret = xstrdup(s);
	curl_free(s);
	curl_url_cleanup(u);
	return ret;
}

bool fetch_robots_ready(struct fetch_engine *eng, struct fetch_xfer *x)
{
	struct fetch_origin *o = x->origin;
	struct fetch_xfer *r;
	char *url;

	if (x->is_robots || o->state == ROBOTS_READY)
		return true;
	if (o->state == ROBOTS_FETCHING)
		return false;
	url = robots_url(fetch_xfer_url(x));
	if (!url) {
		/* Cannot happen for a URL libcurl parsed in fetch_add; if
		 * it does, be conservative. */
		o->deny_all = true;
		o->deny_cause = xstrdup("cannot build the robots.txt URL");
		o->state = ROBOTS_READY;
		return true;
	}
	r = fetch_xfer_new(eng, url);
	free(url);
	r->is_robots = true;
	r->origin = o;
	o->state = ROBOTS_FETCHING;
	fetch_host_enqueue(o->host, r, true);
	return false;
}

bool fetch_robots_allows(struct fetch_engine *eng, struct fetch_xfer *x)
{
	struct fetch_origin *o = x->origin;
	char agent[64];
	char *path;
	int ok;

	if (o->deny_all) {
		buf_reset(&x->cause);
		if (o->deny_address)
			fetch_refusal_cause(&x->cause, x->redirects > 0,
					    o->refused_addr, o->refused_why);
		else
			buf_adds(&x->cause, o->deny_cause);
		x->outcome = FETCH_FAILED;
		x->status = 0;
		eng->stats.robots_refused++;
		return false;
	}
	if (!o->rules)
		return true;
	agent_token(eng->cs, agent, sizeof(agent));
	path = robots_path_of(fetch_xfer_url(x));
	ok = robots_allowed(o->rules, agent, path);
	free(path);
	if (ok)
		return true;
	buf_reset(&x->cause);
	buf_adds(&x->cause, "refused by robots.txt");
	x->outcome = FETCH_FAILED;
	x->status = 0;
	eng->stats.robots_refused++;
	return false;
}

void fetch_robots_done(struct fetch_engine *eng, struct fetch_xfer *x)
{
	struct fetch_origin *o = x->origin;
	struct warc_position pos;
	struct err werr;
	const char *werror;
	struct buf cause = BUF_INIT;
	long status = x->status;
	char agent[64];

	fetch_archive(eng, x, &pos, &werr, &werror);
	o->state = ROBOTS_READY;
	if (x->outcome == FETCH_FAILED && x->refused) {
		/* The address ban, not robots.txt, is why: say so, as a
		 * refused redirect where a request got here by one. */
		o->deny_all = true;
		o->deny_address = true;
		memcpy(o->refused_addr, x->refused_addr,
		       sizeof(o->refused_addr));
		o->refused_why = x->refused_why;
		return;
	}
	if (x->outcome == FETCH_FAILED && status == 0 &&
	    strstr(x->cause.data, "too many redirects"))
		status = 404;	/* RFC 9309 2.3.1.2: may count as absent */
	switch (robots_outcome_of((int)status)) {
	case ROBOTS_USE_BODY:
		o->rules = robots_parse(x->body.data, x->body.len);
		break;
	case ROBOTS_ALLOW_ALL:
		o->rules = robots_for_status((int)status);
		break;
	case ROBOTS_DISALLOW_ALL:
		/* RFC 9309 2.3.1.3-4: a server error or no answer means
		 * "assume complete disallow" until it recovers. */
		if (status == 0)
			buf_addf(&cause, "robots.txt unreachable (%s)",
				 x->cause.data);
		else if (x->cause.len)
			buf_addf(&cause, "robots.txt unavailable (%s)",
				 x->cause.data);
		else
			buf_addf(&cause, "robots.txt unavailable (HTTP %ld)",
				 status);
		buf_adds(&cause, ", site skipped for this run");
		o->deny_all = true;
		o->deny_cause = buf_detach(&cause, NULL);
		return;
	}
	agent_token(eng->cs, agent, sizeof(agent));
	if (o->rules) {
		double d = robots_crawl_delay(o->rules, agent);

		if (d > 0) {
			long ms = d * 1000 > CRAWL_DELAY_MAX_MS ?
				  CRAWL_DELAY_MAX_MS : (long)(d * 1000);

			if (ms > o->host->crawl_delay_ms)
				o->host->crawl_delay_ms = ms;
		}
	}
}

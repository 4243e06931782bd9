/*
 * fetch.h - the crawler's network layer: a libcurl multi engine that keeps
 * many transfers in flight while staying polite (per-host concurrency and
 * delay, robots.txt) and safe (http/https only, byte and time caps, no
 * private or metadata addresses, checked on the address actually dialled).
 *
 * Use:
 *	struct fetch_engine *eng = fetch_engine_new(&cfg->crawler, &e);
 *	fetch_engine_set_warc(eng, warc);	     optional evidence archive
 *	fetch_add(eng, &(struct fetch_request){ .url = u, .kind = K_FEED });
 *	fetch_run(eng, on_done, state, &e);	     returns when all are done
 *	fetch_engine_free(eng);
 *
 * Every request added is answered by exactly one call of the completion
 * callback, whether it succeeded, failed on the network, was refused by
 * policy (robots.txt, address ban) or had an unusable URL: there is one
 * failure path.  The callback may add more requests (article pages found
 * in a feed); they run in the same fetch_run().
 *
 * Redirects (301/302/303/307/308, at most FETCH_MAX_REDIRS) are followed
 * by the engine, not inside libcurl, so every hop is scheduled on its own
 * host: that host's robots.txt, per-host limit and delay apply, and each
 * hop's response is archived.  robots.txt is fetched once per origin
 * (scheme, host, port) for the engine's life; RFC 9309 status rules: 4xx
 * allows all, 5xx or no answer disallows the origin for the run.
 */
#ifndef MM_FETCH_H
#define MM_FETCH_H

#include "common/buf.h"
#include "common/config.h"
#include "common/err.h"

#include <stddef.h>
#include <time.h>

struct fetch_engine;
struct warc_writer;

/* A wait the server asks for with Retry-After beyond this is not waited:
 * the request fails with a message naming the requested delay. */
#define FETCH_RETRY_AFTER_MAX_S 60
#define FETCH_MAX_REDIRS 5

enum fetch_request_flags {
	FETCH_NO_WARC = 1 << 0,	/* do not archive this response */
};

/* What the caller asks for.  All strings are copied by fetch_add. */
struct fetch_request {
	const char *url;		/* absolute http or https URL */
	int kind;			/* caller's tag, handed back */
	void *userdata;			/* caller's pointer, handed back */
	const char *if_none_match;	/* stored ETag, or NULL */
	const char *if_modified_since;	/* stored Last-Modified, or NULL */
	unsigned flags;			/* enum fetch_request_flags */
};

enum fetch_outcome {
	FETCH_OK,		/* 2xx with a complete body */
	FETCH_NOT_MODIFIED,	/* 304 to a conditional request; no body */
	FETCH_FAILED,		/* anything else: cause says why */
};

/*
 * The answer to one request.  Everything is owned by the engine and valid
 * only during the callback, except that the callback may take the body
 * with buf_detach(&res->body, &len) (it then owns and frees that memory).
 * Strings that may be absent are NULL, never "".
 */
struct fetch_result {
	const char *url;		/* as requested */
	int kind;
	void *userdata;
	enum fetch_outcome outcome;
	/* One line, lower-case, e.g. "timed out after 20 s",
	 * "body larger than 8388608 bytes", "HTTP 404",
	 * "redirect to a private address 169.254.169.254 refused",
	 * "refused by robots.txt"; "" when outcome is not FETCH_FAILED. */
	const char *cause;
	long status;			/* final HTTP status, 0 when none */
	const char *effective_url;	/* after redirects; url when none */
	const char *content_type;	/* header value as sent, or NULL */
	const char *etag;		/* or NULL */
	const char *last_modified;	/* or NULL */
	const char *remote_ip;		/* address of the final hop, or NULL */
	/* The body after content decoding (gzip, deflate, br as libcurl
	 * offers), capped at max_bytes.  Present for any status; empty on
	 * transport failure. */
	struct buf body;
	/* Header blocks of the final hop, CRLF lines ending with an empty
	 * line: the response's status line and headers as received, and the
	 * request line and headers as libcurl sent them. */
	struct buf response_headers;
	struct buf request_headers;
	char sha256[65];		/* hex SHA-256 of body; "" unless ok */
	time_t fetched_at;		/* wall clock at the final attempt */
	double total_s;			/* duration of the final attempt */
	double elapsed_s;		/* from first start, retries included */
	long long bytes_wire;		/* body bytes before decoding */
	int retries;			/* attempts beyond the first */
	int redirects;
	/* Evidence archive: set when the response was archived (engine has
	 * a WARC writer, request lacks FETCH_NO_WARC, outcome not a transport
	 * failure, status not 304).  warc_file is a name relative to
	 * warc_dir; warc_offset the byte offset of the response record's
	 * gzip member; -1 when not archived.  warc_error is the cause when
	 * archiving was attempted and failed, else NULL. */
	const char *warc_file;
	long long warc_offset;
	const char *warc_error;
};

/* Called once per request, in completion order.  May call fetch_add. */
typedef void (*fetch_done_fn)(struct fetch_engine *eng,
			      struct fetch_result *res, void *cbdata);

/* Totals of one engine's life, for the crawl summary line. */
struct fetch_stats {
	long requests;		/* fetch_add calls */
	long transfers;		/* attempts started on the network */
	long ok, not_modified, failed;
	long retries;
	long robots_fetched;	/* robots.txt files requested */
	long robots_refused;	/* requests refused by robots.txt */
	long address_refused;	/* connections refused by the address ban */
	long long bytes_wire;	/* body bytes received before decoding */
	long long bytes_body;	/* body bytes after decoding */
};

/*
 * Create an engine for settings cs (borrowed; must outlive the engine).
 * NULL with the cause in e when a crawler.allow_networks entry is not a
 * CIDR or libcurl cannot be initialised.  Free with fetch_engine_free.
 * Each engine holds a curl_global_init() reference (released by
 * fetch_engine_free); create engines from one thread only.
 */
struct fetch_engine *fetch_engine_new(const struct crawler_settings *cs,
				      struct err *e);
void fetch_engine_free(struct fetch_engine *eng);

/* Archive every response to w (borrowed; NULL to stop archiving). */
void fetch_engine_set_warc(struct fetch_engine *eng, struct warc_writer *w);

/* Send userinfo ("user:password", percent-encoded as in a URL; copied)
 * with every request to url's origin, and to no other: not after a
 * redirect elsewhere, not for robots.txt.  The Authorization header is
 * archived as "[redacted]". */
void fetch_engine_set_credentials(struct fetch_engine *eng, const char *url,
				  const char *userinfo);

/*
 * Politeness shared with other crawlers (other processes, other
 * machines): before a request to a host whose delay (crawler.delay_ms or
 * its robots.txt Crawl-delay) is above zero starts, the engine asks the
 * gate to book that host's next start, and the gate answers how many ms
 * from now the booked start is (0: now).  The engine then waits that
 * long before starting it, and starts nothing else on the host before.
 * A gate answering -1 (cannot say) leaves the engine's own timing alone.
 */
typedef long long (*fetch_gate_fn)(void *arg, const char *host,
				   long delay_ms);
void fetch_engine_set_gate(struct fetch_engine *eng, fetch_gate_fn fn,
			   void *arg);

/* Queue req (its strings are copied).  Never fails: an unusable URL is
 * answered through the callback with FETCH_FAILED and its cause. */
void fetch_add(struct fetch_engine *eng, const struct fetch_request *req);

/*
 * Run until every queued request (including those the callback adds) has
 * been answered.  Returns 0, or -1 with the cause in e when the libcurl
 * multi machinery itself fails (requests still queued are then answered
 * with that cause before returning).  Blocks in curl_multi_poll; no busy
 * loop.  Not reentrant: do not call fetch_run from the callback.
 */
int fetch_run(struct fetch_engine *eng, fetch_done_fn cb, void *cbdata,
	      struct err *e);

const struct fetch_stats *fetch_engine_stats(const struct fetch_engine *eng);

#endif

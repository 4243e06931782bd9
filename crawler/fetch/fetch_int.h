/*
 * fetch_int.h - the fetch engine's internals shared by its files
 * (fetch.c engine, fetch_sched.c per-host scheduler, fetch_safety.c
 * address policy, fetch_retry.c retry rules, fetch_robots.c robots.txt
 * glue) and by the unit tests of the pure parts.  Not for other modules:
 * they use fetch.h.
 */
#ifndef MM_FETCH_INT_H
#define MM_FETCH_INT_H

#include "fetch.h"

#include <curl/curl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>

/* ---- fetch_safety.c: which addresses may be dialled ---------------- */

/* A network in IPv6 form: IPv4 is held as ::ffff:a.b.c.d, /n as /96+n. */
struct fetch_net {
	unsigned char addr[16];
	int bits;
};

/* Parse "a.b.c.d/n", "a.b.c.d", "x::y/n" or "x::y".  -1 with e. */
int fetch_net_parse(const char *s, struct fetch_net *out, struct err *e);
bool fetch_net_contains(const struct fetch_net *n, const unsigned char a[16]);

enum fetch_addr_class {
	ADDR_PUBLIC,		/* dial it */
	ADDR_PRIVATE,		/* refused unless in allow_networks */
	ADDR_FORBIDDEN,		/* refused always (metadata, link-local...) */
};

/*
 * Classify a 16-byte address (IPv4 as ::ffff:a.b.c.d).  IPv6 forms that
 * embed an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by
 * that address.  *why gets a static phrase ("loopback", "cloud metadata").
 */
enum fetch_addr_class fetch_addr_classify(const unsigned char a[16],
					  const char **why);

/*
 * May sa be dialled, given the allow list?  Returns true or false; fills
 * text (the address as text) and *why (the reason when refused).  A
 * non-IP family is refused ("not an IP address").
 */
bool fetch_addr_permitted(const struct sockaddr *sa,
			  const struct fetch_net *allow, size_t n_allow,
			  char *text, size_t text_len, const char **why);

/* ---- fetch_retry.c: when to try again ----------------------------- */

/* Parse a Retry-After value: delta-seconds or an HTTP-date (relative to
 * now).  0 with *delay_s (>= 0) set, -1 when unparsable. */
int fetch_retry_after_parse(const char *value, time_t now, long *delay_s);
/* Backoff before attempt n+1 after n failed attempts (n >= 1):
 * 1 s, 2 s, 4 s... capped at FETCH_RETRY_AFTER_MAX_S; in ms. */
long fetch_backoff_ms(int attempts);

enum fetch_retry_verdict {
	RETRY_NO,		/* final: deliver the result */
	RETRY_YES,		/* try again after *wait_ms */
	RETRY_GIVE_UP,		/* retryable but out of budget or the
				   requested wait is too long: cause set */
};

/* What a finished attempt calls for.  Inputs: libcurl's result code as an
 * int (0 ok), whether it is a retryable transport error, the HTTP
 * status, the Retry-After header (or NULL), attempts made so far, the
 * retry budget and now.  Pure. */
struct fetch_attempt {
	bool transport_error;	/* no complete HTTP response */
	bool transport_retryable;
	long status;
	const char *retry_after;
	int attempts;
	long retries;
	time_t now;
};
enum fetch_retry_verdict fetch_retry_decide(const struct fetch_attempt *a,
					    long *wait_ms, bool *host_pause,
					    struct buf *cause);

/* ---- fetch_sched.c: per-host politeness --------------------------- */

struct fetch_xfer;

/* Politeness bucket: one per host name, shared by http and https and by
 * every feed and page on that site. */
struct fetch_host {
	char *name;
	int in_flight;
	long long last_start_ms;	/* monotonic, -1 before the first */
	long long pause_until_ms;	/* from Retry-After; 0 when none */
	long crawl_delay_ms;		/* robots.txt Crawl-delay, 0: none */
	struct fetch_xfer *head, *tail;	/* queued, FIFO */
	size_t queued;
};

/*
 * How long until host h may start another transfer: 0 now, > 0 that many
 * ms, -1 not until one of its transfers completes (per_host reached).
 * Pure; now and the times are monotonic ms.
 */
long long fetch_host_wait_ms(const struct fetch_host *h, long per_host,
			     long delay_ms, long long now);

/* Monotonic clock in ms. */
long long fetch_now_ms(void);

/* ---- the engine's state (fetch.c) ---------------------------------- */

enum robots_state { ROBOTS_UNKNOWN, ROBOTS_FETCHING, ROBOTS_READY };

/* robots.txt of one origin (scheme, host, port: RFC 9309 scope). */
struct fetch_origin {
	char *key;			/* "https://example.kg:443" */
	struct fetch_host *host;
	enum robots_state state;
	void *rules;			/* parsed robots.txt, or NULL */
	bool deny_all;			/* 5xx or unreachable (RFC 9309) */
	char *deny_cause;		/* why deny_all, for the message */
	bool deny_address;		/* ... because the address is banned */
	char refused_addr[INET6_ADDRSTRLEN];
	const char *refused_why;
	char *userinfo;			/* credentials for this origin */
};

/* One request's life: queued, in flight (CURLOPT_PRIVATE points here),
 * retried, answered.  Owned by the engine. */
struct fetch_xfer {
	struct fetch_engine *eng;
	struct fetch_host *host;
	struct fetch_origin *origin;	/* NULL for an unusable URL */
	struct fetch_xfer *next;	/* host queue or done list */
	size_t flying_idx;		/* in eng->flying while in flight */
	CURL *easy;			/* created at first start */
	struct curl_slist *headers;
	char *url;			/* as requested */
	char *hop_url;			/* after redirects; NULL: url */
	int redirects;			/* followed so far */
	int kind;
	void *userdata;
	char *if_none_match, *if_modified_since;
	unsigned flags;
	bool is_robots;			/* internal robots.txt fetch */
	int attempts;			/* of the current hop */
	int retries;			/* over all hops */
	long long not_before_ms;	/* retry backoff, or a booked start */
	bool booked;			/* its start is booked by the gate */
	long long first_start_ms;	/* -1 before the first attempt */
	time_t started_wall;		/* of the current attempt */
	struct buf body, resp_headers, req_headers;
	bool too_big;			/* write callback hit max_bytes */
	bool refused;			/* open-socket callback said no */
	char refused_addr[INET6_ADDRSTRLEN];
	const char *refused_why;
	char errbuf[CURL_ERROR_SIZE];
	/* The answer, once known. */
	enum fetch_outcome outcome;
	long status;
	struct buf cause;
};

struct fetch_engine {
	const struct crawler_settings *cs;
	CURLM *multi;
	struct fetch_net *allow;
	size_t n_allow;
	struct fetch_host **hosts;
	size_t n_hosts, alloc_hosts;
	struct fetch_origin **origins;
	size_t n_origins, alloc_origins;
	size_t rr;			/* host to look at first (fairness) */
	long running;			/* transfers in the multi handle */
	size_t queued;			/* in host queues */
	struct fetch_xfer *done_head, *done_tail;
	struct fetch_xfer **flying;	/* in the multi handle */
	size_t n_flying, alloc_flying;
	struct warc_writer *warc;
	fetch_gate_fn gate;		/* shared politeness, or NULL */
	void *gate_arg;
	struct fetch_stats stats;
	bool in_run;
};

/* fetch_sched.c */
struct fetch_host *fetch_host_get(struct fetch_engine *eng, const char *name);
/* Queue x at the tail (or the head, for robots.txt fetches). */
void fetch_host_enqueue(struct fetch_host *h, struct fetch_xfer *x,
			bool at_head);
/*
 * Take the next transfer that may start now, honouring concurrency,
 * per_host, delay_ms, retry times and robots.txt readiness; NULL when
 * none.  *wait_ms is lowered to the time until something could become
 * startable (left alone when that depends only on completions).
 */
struct fetch_xfer *fetch_sched_next(struct fetch_engine *eng, long long now,
				    long long *wait_ms);
void fetch_host_free(struct fetch_host *h);

/* fetch_robots.c */
struct fetch_origin *fetch_origin_get(struct fetch_engine *eng,
				      const char *key, struct fetch_host *h);
/* May x start as far as robots.txt is concerned?  Queues the origin's
 * robots.txt fetch on first sight and says false until it is in. */
bool fetch_robots_ready(struct fetch_engine *eng, struct fetch_xfer *x);
/* Does the origin's robots.txt allow x?  false with the cause in x. */
bool fetch_robots_allows(struct fetch_engine *eng, struct fetch_xfer *x);
/* Take in a finished robots.txt fetch (x is freed by the caller). */
void fetch_robots_done(struct fetch_engine *eng, struct fetch_xfer *x);
void fetch_origin_free(struct fetch_origin *o);

/* fetch.c */
struct warc_position;
/* The origin ("scheme://host:port") and lower-case host of an http(s)
 * URL, both malloc'd; -1 when the URL is unusable or not http(s). */
int fetch_split_url(const char *url, char **origin, char **host);
/* A fresh transfer for url (copied), not queued anywhere. */
struct fetch_xfer *fetch_xfer_new(struct fetch_engine *eng, const char *url);
/* Archive x's final response if the engine has a writer and x wants it:
 * pos->offset is -1 when not archived; *error is the cause (in werr)
 * when archiving failed, else NULL. */
void fetch_archive(struct fetch_engine *eng, struct fetch_xfer *x,
		   struct warc_position *pos, struct err *werr,
		   const char **error);

/* fetch_xfer.c */
/* The URL x fetches now: the last redirect target, else the request. */
const char *fetch_xfer_url(const struct fetch_xfer *x);
/* Prepare x's easy handle for (another) attempt. */
void fetch_xfer_setup(struct fetch_engine *eng, struct fetch_xfer *x);
/* Classify a finished attempt: sets x->outcome, x->status, x->cause, or
 * requeues x for a retry and returns true. */
bool fetch_xfer_finished(struct fetch_engine *eng, struct fetch_xfer *x,
			 CURLcode rc);
void fetch_xfer_free(struct fetch_xfer *x);
/* The one-line cause for a refused address. */
void fetch_refusal_cause(struct buf *cause, bool redirected,
			 const char *addr, const char *why);
/* Answer x without touching the network (bad URL, robots). */
void fetch_xfer_fail(struct fetch_engine *eng, struct fetch_xfer *x,
		     const char *fmt, ...) PRINTF(3, 4);
/* Put an answered x on the done list for the callback. */
void fetch_done_push(struct fetch_engine *eng, struct fetch_xfer *x);

#endif

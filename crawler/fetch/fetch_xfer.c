/*
 * fetch_xfer.c - one transfer's libcurl side: the easy handle with every
 * safety option set, the callbacks that collect body and headers under
 * their caps and vet each address before libcurl dials it, and the
 * reading of a finished attempt into an outcome, a retry or a one-line
 * cause.
 */
#include "fetch_int.h"
#include "robots.h"
#include "crawler/warc/warc.h"
#include "common/log.h"
#include "common/xalloc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* Headers beyond this are not kept for the archive (libcurl itself
 * refuses much larger header blocks). */
#define HEADER_CAP (256 * 1024)
/* Below this many bytes per second for timeout_s a transfer is
 * abandoned (a stalled server), even if CURLOPT_TIMEOUT is later
 * raised above timeout_s. */
#define LOW_SPEED_BYTES 100

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct fetch_xfer *x = ud;
	size_t len = size * n;

	/* libcurl hands us decoded data, so the cap holds after gzip:
	 * a 100 MB bomb stops at max_bytes, not at its compressed size. */
	if (buf_add(&x->body, p, len) < 0) {
		x->too_big = true;
		return 0;
	}
	return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct fetch_xfer *x = ud;
	size_t len = size * n;

	/* A new status line starts the next hop's (or a 1xx's) block: keep
	 * only the final response's headers. */
	if (len >= 5 && !memcmp(p, "HTTP/", 5))
		buf_reset(&x->resp_headers);
	buf_add(&x->resp_headers, p, len);	/* past the cap: dropped */
	return len;
}

/* Append the request headers in data, with the value of Authorization
 * and Proxy-Authorization replaced by "[redacted]": the archive keeps
 * what was asked, never the password (Basic is only base64). */
static void add_redacted(struct buf *out, const char *data, size_t size)
{
	const char *p = data, *end = data + size;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl + 1 : end;
		size_t n = (size_t)(e - p);

		if ((n > 14 && !strncasecmp(p, "Authorization:", 14)) ||
		    (n > 20 && !strncasecmp(p, "Proxy-Authorization:", 20))) {
			buf_add(out, p, (size_t)((char *)memchr(p, ':', n) -
						p) + 1);
			buf_adds(out, " [redacted]\r\n");
		} else {
			buf_add(out, p, n);
		}
		p = e;
	}
}

static int on_debug(CURL *easy, curl_infotype type, char *data, size_t size,
		    void *ud)
{
	struct fetch_xfer *x = ud;

	(void)easy;
	if (type == CURLINFO_HEADER_OUT) {
		buf_reset(&x->req_headers);
		add_redacted(&x->req_headers, data, size);
	}
	return 0;
}

static curl_socket_t on_open_socket(void *ud, curlsocktype purpose,
				    struct curl_sockaddr *a)
{
	struct fetch_xfer *x = ud;
	struct fetch_engine *eng = x->eng;
	char text[INET6_ADDRSTRLEN] = "";
	const char *why = "not a connection";

	if (purpose == CURLSOCKTYPE_IPCXN &&
	    fetch_addr_permitted(&a->addr, eng->allow, eng->n_allow, text,
				 sizeof(text), &why))
		return socket(a->family, a->socktype | SOCK_CLOEXEC,
			      a->protocol);
	/* Remembered for the message; it only counts if the transfer then
	 * fails to connect (happy eyeballs may still reach an allowed
	 * address of the same name). */
	x->refused = true;
	x->refused_why = why;
	memcpy(x->refused_addr, text, sizeof(text));
	return CURL_SOCKET_BAD;
}

static void add_header(struct fetch_xfer *x, const char *name,
		       const char *value)
{
	struct buf b = BUF_INIT;
	struct curl_slist *l;

	if (!value || !*value)
		return;
	/* A stored validator with a line break would inject headers. */
	if (strpbrk(value, "\r\n"))
		return;
	buf_addf(&b, "%s: %s", name, value);
	l = curl_slist_append(x->headers, b.data);
	if (!l)
		BUG("out of memory");
	x->headers = l;
	buf_release(&b);
}

static void set_options(struct fetch_engine *eng, struct fetch_xfer *x)
{
	const struct crawler_settings *cs = eng->cs;
	CURL *c = x->easy;
	long t = cs->timeout_s > 0 ? cs->timeout_s : 20;

	curl_easy_setopt(c, CURLOPT_PRIVATE, x);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	/* Redirects are followed by the engine, not by libcurl, so each hop
	 * goes through the scheduler: the target host's politeness budget
	 * and robots.txt apply to it, and the hop is archived. */
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_HTTP_VERSION,
			 (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(c, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	/* timeout_s bounds every attempt as a whole: connecting, waiting
	 * for the answer and reading it.  A page is at most max_bytes, so
	 * a healthy server finishes well within it. */
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, t);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, t);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, (long)LOW_SPEED_BYTES);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, t);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)(x->is_robots ? 0 : cs->max_bytes));
	if (cs->user_agent)
		curl_easy_setopt(c, CURLOPT_USERAGENT, cs->user_agent);
	/* A proxy would be dialled instead of the target, defeating the
	 * address check; environment proxies are therefore ignored. */
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	/* No cookie engine (CURLOPT_COOKIEFILE unset): nothing persists.
	 * No UNRESTRICTED_AUTH: credentials never follow a redirect. */
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	/* The debug callback is how libcurl shows the request headers it
	 * really sent; VERBOSE only routes them to it. */
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, x);
	curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, x);
	add_header(x, "If-None-Match", x->if_none_match);
	add_header(x, "If-Modified-Since", x->if_modified_since);
	if (x->headers)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, x->headers);
}

/* The credentials of the origin this hop goes to, or none: the handle
 * is reused across hops and retries, so they are set or cleared at
 * every start.  libcurl takes them decoded. */
static void set_credentials(struct fetch_xfer *x)
{
	const char *info = !x->is_robots && x->origin ? x->origin->userinfo :
							NULL;
	char *user = NULL, *pass = NULL;

	if (info) {
		const char *colon = strchr(info, ':');
		int ul = colon ? (int)(colon - info) : (int)strlen(info);

		user = curl_easy_unescape(x->easy, info, ul, NULL);
		pass = curl_easy_unescape(x->easy, colon ? colon + 1 : "", 0,
					  NULL);
	}
	curl_easy_setopt(x->easy, CURLOPT_USERNAME, user);
	curl_easy_setopt(x->easy, CURLOPT_PASSWORD, pass);
	curl_free(user);
	curl_free(pass);
}

const char *fetch_xfer_url(const struct fetch_xfer *x)
{
	return x->hop_url ? x->hop_url : x->url;
}

void fetch_xfer_setup(struct fetch_engine *eng, struct fetch_xfer *x)
{
	size_t cap = (size_t)(eng->cs->max_bytes > 0 ? eng->cs->max_bytes : 0);

	if (x->is_robots && (cap == 0 || cap > ROBOTS_MAX_BYTES))
		cap = ROBOTS_MAX_BYTES;
	buf_release(&x->body);
	buf_init(&x->body, cap);
	buf_release(&x->resp_headers);
	buf_init(&x->resp_headers, HEADER_CAP);
	buf_release(&x->req_headers);
	buf_init(&x->req_headers, HEADER_CAP);
	x->too_big = false;
	x->refused = false;
	x->refused_why = NULL;
	x->refused_addr[0] = '\0';
	x->errbuf[0] = '\0';
	if (!x->easy) {
		x->easy = curl_easy_init();
		if (!x->easy)
			BUG("libcurl cannot create a transfer (out of memory)");
		set_options(eng, x);
	}
	curl_easy_setopt(x->easy, CURLOPT_URL, fetch_xfer_url(x));
	set_credentials(x);
}

/* libcurl's own message, made to fit ours: lower-case start, no final
 * period. */
static void add_curl_text(struct buf *cause, struct fetch_xfer *x,
			  CURLcode rc)
{
	const char *s = x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc);
	size_t n = strlen(s);

	while (n && (s[n - 1] == '.' || s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	if (n && isupper((unsigned char)s[0]) &&
	    !(n > 1 && isupper((unsigned char)s[1]))) {
		buf_addch(cause, tolower((unsigned char)s[0]));
		buf_add(cause, s + 1, n - 1);
	} else {
		buf_add(cause, s, n);
	}
}

static void describe_timeout(struct buf *cause, struct fetch_xfer *x,
			     double total, long t)
{
	curl_off_t connect = 0;
	long secs = (long)(total + 0.5);

	curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connect);
	buf_addf(cause, "timed out after %ld s", secs > 0 ? secs : t);
	/* libcurl may not report the connect time of a transfer that timed
	 * out; a request already sent proves the connection was made. */
	if (connect == 0 && x->req_headers.len == 0)
		buf_adds(cause, " connecting");
	else if (x->resp_headers.len == 0)
		buf_adds(cause, " waiting for a response");
	else if (strstr(x->errbuf, "too slow"))
		buf_addf(cause, " (body under %d bytes/s)", LOW_SPEED_BYTES);
	else
		buf_adds(cause, " reading the body");
}

void fetch_refusal_cause(struct buf *cause, bool redirected,
			 const char *addr, const char *why)
{
	/* Metadata and link-local cannot be allowed: no hint then. */
	bool hint = strcmp(why, "cloud metadata") && strcmp(why, "link-local");

	buf_addf(cause, "%s a private address %s refused (%s%s)",
		 redirected ? "redirect to" : "connection to", addr, why,
		 hint ? ", not in crawler.allow_networks" : "");
}

/* The HTTP status received, 0 when no response line came. */
static long status_of(struct fetch_xfer *x)
{
	long code = 0;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	return code;
}

static void describe_failure(struct fetch_engine *eng, struct fetch_xfer *x,
			     CURLcode rc)
{
	struct buf *cause = &x->cause;
	double total = 0;

	curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME, &total);
	if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		buf_addf(cause, "body larger than %ld bytes",
			 eng->cs->max_bytes);
	} else if (x->refused) {
		fetch_refusal_cause(cause, x->redirects > 0, x->refused_addr,
				    x->refused_why);
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		describe_timeout(cause, x, total, eng->cs->timeout_s);
	} else if (rc == CURLE_GOT_NOTHING) {
		buf_adds(cause, "server closed the connection without a "
			 "response");
	} else if ((rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR) &&
		   !status_of(x)) {
		/* the same close, seen as a reset or a broken pipe when it
		 * races the request: say what happened, then curl's words */
		buf_adds(cause, "server closed the connection without a "
			 "response: ");
		add_curl_text(cause, x, rc);
	} else {
		buf_adds(cause, "could not fetch: ");
		add_curl_text(cause, x, rc);
	}
	if (x->attempts > 1)
		buf_addf(cause, ", %d attempts", x->attempts);
}

static bool retryable(CURLcode rc, const struct fetch_xfer *x)
{
	if (x->refused || x->too_big)
		return false;
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

static const char *last_header(CURL *c, const char *name)
{
	struct curl_header *h;

	if (curl_easy_header(c, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
		return NULL;
	return h->value;
}

static bool is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 ||
	       status == 307 || status == 308;
}

/*
 * Follow a redirect answer: archive the hop, then queue x again for the
 * Location's URL on that URL's host (robots.txt and politeness of the
 * target apply).  false with x answered (cause set) when the redirect is
 * refused.  A robots.txt fetch keeps the origin it speaks for.
 */
static bool follow(struct fetch_engine *eng, struct fetch_xfer *x,
		   long status)
{
	char *loc = NULL, *origin = NULL, *host = NULL;
	struct warc_position pos;
	struct err werr;
	const char *werror;

	curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &loc);
	if (!loc)
		return false;	/* no usable Location: the 3xx is the answer */
	x->status = status;
	x->outcome = FETCH_FAILED;
	if (x->redirects >= FETCH_MAX_REDIRS) {
		buf_addf(&x->cause, "too many redirects (%d)",
			 FETCH_MAX_REDIRS);
		return false;
	}
	if (fetch_split_url(loc, &origin, &host) < 0) {
		buf_adds(&x->cause, "redirect to a URL that is not http or "
			 "https refused");
		return false;
	}
	/* The hop is evidence too (a refused one is archived as the
	 * answer, by the caller). */
	fetch_archive(eng, x, &pos, &werr, &werror);
	x->redirects++;
	free(x->hop_url);
	x->hop_url = xstrdup(loc);
	x->attempts = 0;
	x->not_before_ms = 0;
	x->status = 0;
	if (x->is_robots)
		x->host = fetch_host_get(eng, host);
	else
		x->origin = fetch_origin_get(eng, origin,
					     fetch_host_get(eng, host));
	/* The continuation of a request in progress goes first. */
	fetch_host_enqueue(x->is_robots ? x->host : x->origin->host, x, true);
	free(origin);
	free(host);
	return true;
}

bool fetch_xfer_finished(struct fetch_engine *eng, struct fetch_xfer *x,
			 CURLcode rc)
{
	struct fetch_attempt a = { 0 };
	enum fetch_retry_verdict v;
	long status = 0, wait_ms;
	bool pause;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	if (rc != CURLE_COULDNT_CONNECT)
		x->refused = false;
	else if (x->refused)
		eng->stats.address_refused++;
	/* A robots.txt past its cap is read as far as it went. */
	if (x->is_robots && x->too_big && status) {
		rc = CURLE_OK;
		x->too_big = false;
	}
	a.transport_error = rc != CURLE_OK;
	a.transport_retryable = retryable(rc, x);
	a.status = status;
	a.retry_after = a.transport_error ? NULL :
			last_header(x->easy, "Retry-After");
	a.attempts = x->attempts;
	a.retries = eng->cs->retries;
	a.now = time(NULL);
	buf_reset(&x->cause);
	v = fetch_retry_decide(&a, &wait_ms, &pause, &x->cause);
	if (log_enabled(LOG_DEBUG))
		log_msg(LOG_DEBUG, NULL, "attempt %d of '%s': %s, HTTP %ld%s",
			x->attempts, fetch_xfer_url(x),
			rc == CURLE_OK ? "complete" :
			x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc),
			status, v == RETRY_YES ? ", will retry" : "");
	if (v == RETRY_YES) {
		long long now = fetch_now_ms();

		x->not_before_ms = now + wait_ms;
		if (pause && x->host->pause_until_ms < x->not_before_ms)
			x->host->pause_until_ms = x->not_before_ms;
		eng->stats.retries++;
		x->retries++;
		fetch_host_enqueue(x->host, x, false);
		return true;
	}
	if (v == RETRY_NO && !a.transport_error && is_redirect(status)) {
		if (follow(eng, x, status))
			return true;
		if (x->cause.len)
			return false;
	}
	x->status = status;
	if (a.transport_error) {
		x->outcome = FETCH_FAILED;
		x->status = 0;
		describe_failure(eng, x, rc);
	} else if (v == RETRY_GIVE_UP) {
		x->outcome = FETCH_FAILED;
	} else if (status >= 200 && status < 300) {
		x->outcome = FETCH_OK;
	} else if (status == 304) {
		x->outcome = FETCH_NOT_MODIFIED;
	} else {
		x->outcome = FETCH_FAILED;
		buf_addf(&x->cause, "HTTP %ld", status);
	}
	return false;
}

void fetch_xfer_fail(struct fetch_engine *eng, struct fetch_xfer *x,
		     const char *fmt, ...)
{
	va_list ap;

	buf_reset(&x->cause);
	va_start(ap, fmt);
	buf_vaddf(&x->cause, fmt, ap);
	va_end(ap);
	x->outcome = FETCH_FAILED;
	x->status = 0;
	fetch_done_push(eng, x);
}

void fetch_xfer_free(struct fetch_xfer *x)
{
	if (!x)
		return;
	if (x->easy)
		curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	free(x->url);
	free(x->hop_url);
	free(x->if_none_match);
	free(x->if_modified_since);
	buf_release(&x->body);
	buf_release(&x->resp_headers);
	buf_release(&x->req_headers);
	buf_release(&x->cause);
	free(x);
}

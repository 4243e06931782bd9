/*
 * fetch_retry.c - when a failed attempt is worth another: 429 and 503 wait
 * as long as Retry-After asks (up to a cap), other 5xx and transient
 * network errors back off exponentially, all within the retry budget.
 * Pure functions, so the policy is unit-tested without a network.
 */
#include "fetch_int.h"

#include <curl/curl.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

int fetch_retry_after_parse(const char *value, time_t now, long *delay_s)
{
	const char *p = value;
	time_t t;

	while (*p == ' ' || *p == '\t')
		p++;
	if (isdigit((unsigned char)*p)) {
		char *end;
		long v;

		errno = 0;
		v = strtol(p, &end, 10);
		while (*end == ' ' || *end == '\t')
			end++;
		if (*end)
			return -1;
		/* An absurd delta is still a delta: clamp, do not wrap. */
		*delay_s = errno == ERANGE ? LONG_MAX : v;
		return 0;
	}
	if (!*p)
		return -1;
	/* HTTP-date (RFC 9110 IMF-fixdate, plus the obsolete RFC 850 and
	 * asctime forms): curl_getdate reads all three. */
	t = curl_getdate(p, NULL);
	if (t == (time_t)-1)
		return -1;
	*delay_s = t > now ? (long)(t - now) : 0;
	return 0;
}

long fetch_backoff_ms(int attempts)
{
	long ms = 1000;

	for (int i = 1; i < attempts && ms < FETCH_RETRY_AFTER_MAX_S * 1000L;
	     i++)
		ms *= 2;
	if (ms > FETCH_RETRY_AFTER_MAX_S * 1000L)
		ms = FETCH_RETRY_AFTER_MAX_S * 1000L;
	return ms;
}

static void add_attempts(struct buf *cause, int attempts)
{
	if (attempts > 1)
		buf_addf(cause, " after %d attempts", attempts);
}

enum fetch_retry_verdict fetch_retry_decide(const struct fetch_attempt *a,
					    long *wait_ms, bool *host_pause,
					    struct buf *cause)
{
	bool budget = a->attempts <= a->retries;
	long ra;

	*wait_ms = 0;
	*host_pause = false;
	if (a->transport_error) {
		if (!a->transport_retryable || !budget)
			return RETRY_NO;
		*wait_ms = fetch_backoff_ms(a->attempts);
		return RETRY_YES;
	}
	if (a->status != 429 && a->status < 500)
		return RETRY_NO;
	if ((a->status == 429 || a->status == 503) && a->retry_after &&
	    fetch_retry_after_parse(a->retry_after, a->now, &ra) == 0) {
		if (ra > FETCH_RETRY_AFTER_MAX_S) {
			buf_addf(cause, "HTTP %ld, server asks to retry after "
				 "%ld s (more than the %d s we wait)",
				 a->status, ra, FETCH_RETRY_AFTER_MAX_S);
			return RETRY_GIVE_UP;
		}
		if (!budget) {
			buf_addf(cause, "HTTP %ld", a->status);
			add_attempts(cause, a->attempts);
			return RETRY_GIVE_UP;
		}
		/* The server spoke for the whole host: pause all of it. */
		*host_pause = true;
		*wait_ms = ra > 0 ? ra * 1000 : fetch_backoff_ms(a->attempts);
		return RETRY_YES;
	}
	if (!budget) {
		buf_addf(cause, "HTTP %ld", a->status);
		add_attempts(cause, a->attempts);
		return RETRY_GIVE_UP;
	}
	*wait_ms = fetch_backoff_ms(a->attempts);
	*host_pause = a->status == 429 || a->status == 503;
	return RETRY_YES;
}

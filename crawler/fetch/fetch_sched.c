/*
 * fetch_sched.c - per-host politeness: at most per_host transfers in
 * flight to one host and delay_ms between the starts of two of them,
 * whatever feed or page they come from, within the global concurrency.
 * Hosts are visited round-robin so one big site cannot starve the rest.
 */
#include "fetch_int.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

long long fetch_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long fetch_host_wait_ms(const struct fetch_host *h, long per_host,
			     long delay_ms, long long now)
{
	long long next = 0;

	if (h->in_flight >= (per_host > 0 ? per_host : 1))
		return -1;
	if (h->last_start_ms >= 0)
		next = h->last_start_ms + (delay_ms > 0 ? delay_ms : 0);
	if (h->pause_until_ms > next)
		next = h->pause_until_ms;
	return next > now ? next - now : 0;
}

/*
 * Linear in the number of hosts: a run touches tens to a few hundred
 * sites, and a lookup costs nothing next to a network round trip.
 */
struct fetch_host *fetch_host_get(struct fetch_engine *eng, const char *name)
{
	struct fetch_host *h;

	for (size_t i = 0; i < eng->n_hosts; i++)
		if (!strcmp(eng->hosts[i]->name, name))
			return eng->hosts[i];
	h = xcalloc(1, sizeof(*h));
	h->name = xstrdup(name);
	h->last_start_ms = -1;
	ALLOC_GROW(eng->hosts, eng->n_hosts + 1, eng->alloc_hosts);
	eng->hosts[eng->n_hosts++] = h;
	return h;
}

void fetch_host_enqueue(struct fetch_host *h, struct fetch_xfer *x,
			bool at_head)
{
	x->host = h;
	if (at_head) {
		x->next = h->head;
		h->head = x;
		if (!h->tail)
			h->tail = x;
	} else {
		x->next = NULL;
		if (h->tail)
			h->tail->next = x;
		else
			h->head = x;
		h->tail = x;
	}
	h->queued++;
	x->eng->queued++;
}

static void unlink_xfer(struct fetch_host *h, struct fetch_xfer *prev,
			struct fetch_xfer *x)
{
	if (prev)
		prev->next = x->next;
	else
		h->head = x->next;
	if (h->tail == x)
		h->tail = prev;
	x->next = NULL;
	h->queued--;
	x->eng->queued--;
}

static void lower(long long *wait_ms, long long w)
{
	if (*wait_ms < 0 || w < *wait_ms)
		*wait_ms = w;
}

/* The first transfer of h's queue that may start now, unlinked. */
static struct fetch_xfer *take_from(struct fetch_engine *eng,
				    struct fetch_host *h, long long now,
				    long long *wait_ms)
{
	struct fetch_xfer *prev, *x;

restart:
	prev = NULL;
	for (x = h->head; x; prev = x, x = x->next) {
		struct fetch_xfer *old_head = h->head;

		if (x->not_before_ms > now) {
			lower(wait_ms, x->not_before_ms - now);
			continue;
		}
		if (!fetch_robots_ready(eng, x)) {
			/* A robots.txt fetch may just have been put at the
			 * head of this queue: look again from the top. */
			if (h->head != old_head)
				goto restart;
			continue;
		}
		unlink_xfer(h, prev, x);
		return x;
	}
	return NULL;
}

/*
 * Book x's start through the engine's gate (politeness shared with other
 * crawlers) when the host has a delay: true when x may start now; false
 * when its booked start is later, x then back at the head of h's queue
 * with that time, and h holding its other transfers until then.
 */
static bool gate_passes(struct fetch_engine *eng, struct fetch_host *h,
			struct fetch_xfer *x, long delay_ms, long long now,
			long long *wait_ms)
{
	long long w;

	if (!eng->gate || delay_ms <= 0 || x->booked)
		return true;
	w = eng->gate(eng->gate_arg, h->name, delay_ms);
	if (w <= 0)
		return true;
	x->booked = true;
	x->not_before_ms = now + w;
	h->last_start_ms = now + w - delay_ms;
	fetch_host_enqueue(h, x, true);
	lower(wait_ms, w);
	return false;
}

struct fetch_xfer *fetch_sched_next(struct fetch_engine *eng, long long now,
				    long long *wait_ms)
{
	long conc = eng->cs->concurrency > 0 ? eng->cs->concurrency : 1;
	size_t n = eng->n_hosts;

	if (eng->running >= conc)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t idx = (eng->rr + i) % n;
		struct fetch_host *h = eng->hosts[idx];
		struct fetch_xfer *x;
		long delay = eng->cs->delay_ms > h->crawl_delay_ms ?
			     eng->cs->delay_ms : h->crawl_delay_ms;
		long long w;

		if (!h->queued)
			continue;
		w = fetch_host_wait_ms(h, eng->cs->per_host, delay, now);
		if (w < 0)
			continue;
		if (w > 0) {
			lower(wait_ms, w);
			continue;
		}
		x = take_from(eng, h, now, wait_ms);
		if (x && !gate_passes(eng, h, x, delay, now, wait_ms))
			continue;
		if (x) {
			eng->rr = (idx + 1) % n;
			return x;
		}
	}
	return NULL;
}

void fetch_host_free(struct fetch_host *h)
{
	if (!h)
		return;
	while (h->head) {
		struct fetch_xfer *x = h->head;

		h->head = x->next;
		fetch_xfer_free(x);
	}
	free(h->name);
	free(h);
}

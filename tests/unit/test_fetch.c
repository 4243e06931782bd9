/*
 * test_fetch.c - the fetch engine's pure parts: CIDR parsing and
 * matching, the private-address policy, Retry-After parsing, backoff and
 * retry decisions, per-host scheduling, and probe sniffing.
 */
#include "tests/unit/harness.h"
#include "crawler/fetch/fetch_int.h"
#include "crawler/probe.h"
#include "common/xalloc.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

static int addr16(const char *s, unsigned char out[16])
{
	unsigned char v4[4];

	if (inet_pton(AF_INET, s, v4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, v4, 4);
		return 0;
	}
	return inet_pton(AF_INET6, s, out) == 1 ? 0 : -1;
}

static void test_net_parse(void)
{
	struct fetch_net n;
	struct err e;
	unsigned char a[16];

	CHECK(fetch_net_parse("127.0.0.0/8", &n, &e) == 0);
	CHECK_INTEQ(n.bits, 104);
	addr16("127.1.2.3", a);
	CHECK(fetch_net_contains(&n, a));
	addr16("128.0.0.1", a);
	CHECK(!fetch_net_contains(&n, a));
	/* host bits are cleared */
	CHECK(fetch_net_parse("10.1.2.3/8", &n, &e) == 0);
	addr16("10.200.0.1", a);
	CHECK(fetch_net_contains(&n, a));
	/* a bare address is a /32 */
	CHECK(fetch_net_parse("192.0.2.7", &n, &e) == 0);
	addr16("192.0.2.7", a);
	CHECK(fetch_net_contains(&n, a));
	addr16("192.0.2.8", a);
	CHECK(!fetch_net_contains(&n, a));
	/* odd prefix lengths */
	CHECK(fetch_net_parse("172.16.0.0/12", &n, &e) == 0);
	addr16("172.31.255.255", a);
	CHECK(fetch_net_contains(&n, a));
	addr16("172.32.0.0", a);
	CHECK(!fetch_net_contains(&n, a));
	CHECK(fetch_net_parse("fc00::/7", &n, &e) == 0);
	addr16("fdff::1", a);
	CHECK(fetch_net_contains(&n, a));
	addr16("fe00::1", a);
	CHECK(!fetch_net_contains(&n, a));
	CHECK(fetch_net_parse("0.0.0.0/0", &n, &e) == 0);
	addr16("8.8.8.8", a);
	CHECK(fetch_net_contains(&n, a));
	/* bad input */
	CHECK(fetch_net_parse("127.0.0.0/33", &n, &e) < 0);
	CHECK(fetch_net_parse("127.0.0/8", &n, &e) < 0);
	CHECK(fetch_net_parse("localhost", &n, &e) < 0);
	CHECK(strstr(e.msg, "localhost") != NULL);
	CHECK(fetch_net_parse("10.0.0.0/", &n, &e) < 0);
	CHECK(fetch_net_parse("10.0.0.0/-1", &n, &e) < 0);
	CHECK(fetch_net_parse("10.0.0.0/8x", &n, &e) < 0);
	CHECK(fetch_net_parse("::1/129", &n, &e) < 0);
	CHECK(fetch_net_parse("", &n, &e) < 0);
}

static enum fetch_addr_class cls(const char *s)
{
	unsigned char a[16];
	const char *why;

	if (addr16(s, a) < 0)
		return (enum fetch_addr_class)-1;
	return fetch_addr_classify(a, &why);
}

static void test_classify(void)
{
	static const char *const priv[] = {
		"10.0.0.1", "172.16.5.4", "172.31.0.1", "192.168.1.1",
		"127.0.0.1", "127.255.255.254", "100.64.0.1", "100.127.1.1",
		"::1", "fc00::1", "fd12:3456::1", "198.18.0.1",
		"::ffff:10.1.2.3", "::ffff:127.0.0.1", "64:ff9b::a00:1",
		"2002:c0a8:0101::1", "::10.0.0.1", "2001:db8::1",
	};
	static const char *const forbidden[] = {
		"169.254.169.254", "169.254.1.1", "0.0.0.0", "0.1.2.3",
		"224.0.0.1", "239.255.255.250", "255.255.255.255",
		"240.0.0.1", "fe80::1", "ff02::1", "::",
		"::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe",
		"2002:a9fe:a9fe::1", "fd00:ec2::254", "100.100.100.200",
	};
	static const char *const pub[] = {
		"8.8.8.8", "212.42.96.1", "172.32.0.1", "100.128.0.1",
		"2a00:1450:4001::1", "::ffff:8.8.8.8", "64:ff9b::808:808",
		"11.0.0.1", "192.169.0.1",
	};
	const char *why;
	unsigned char a[16];

	for (size_t i = 0; i < ARRAY_SIZE(priv); i++)
		if (cls(priv[i]) != ADDR_PRIVATE) {
			fprintf(stderr, "  %s not private\n", priv[i]);
			CHECK(0);
		}
	for (size_t i = 0; i < ARRAY_SIZE(forbidden); i++)
		if (cls(forbidden[i]) != ADDR_FORBIDDEN) {
			fprintf(stderr, "  %s not forbidden\n", forbidden[i]);
			CHECK(0);
		}
	for (size_t i = 0; i < ARRAY_SIZE(pub); i++)
		if (cls(pub[i]) != ADDR_PUBLIC) {
			fprintf(stderr, "  %s not public\n", pub[i]);
			CHECK(0);
		}
	addr16("169.254.169.254", a);
	fetch_addr_classify(a, &why);
	CHECK_STREQ(why, "cloud metadata");
	addr16("127.0.0.1", a);
	fetch_addr_classify(a, &why);
	CHECK_STREQ(why, "loopback");
}

static bool permitted(const char *s, const char *const *allow, size_t n,
		      const char **why)
{
	struct fetch_net nets[4];
	struct sockaddr_in in = { 0 };
	struct sockaddr_in6 in6 = { 0 };
	char text[INET6_ADDRSTRLEN];
	struct err e;

	for (size_t i = 0; i < n; i++)
		if (fetch_net_parse(allow[i], &nets[i], &e) < 0)
			return false;
	if (inet_pton(AF_INET, s, &in.sin_addr) == 1) {
		in.sin_family = AF_INET;
		return fetch_addr_permitted((struct sockaddr *)&in, nets, n,
					    text, sizeof(text), why);
	}
	inet_pton(AF_INET6, s, &in6.sin6_addr);
	in6.sin6_family = AF_INET6;
	return fetch_addr_permitted((struct sockaddr *)&in6, nets, n, text,
				    sizeof(text), why);
}

static void test_permitted(void)
{
	static const char *const lo[] = { "127.0.0.0/8" };
	static const char *const all[] = { "0.0.0.0/0", "::/0" };
	static const char *const meta[] = { "169.254.169.254/32" };
	const char *why = NULL;

	CHECK(permitted("8.8.8.8", NULL, 0, &why));
	CHECK(!permitted("127.0.0.1", NULL, 0, &why));
	CHECK_STREQ(why, "loopback");
	CHECK(permitted("127.0.0.1", lo, 1, &why));
	CHECK(permitted("::ffff:127.0.0.1", lo, 1, &why));
	CHECK(!permitted("::1", lo, 1, &why));
	CHECK(!permitted("10.0.0.1", lo, 1, &why));
	CHECK_STREQ(why, "private network");
	/* The metadata service stays closed whatever is allowed. */
	CHECK(!permitted("169.254.169.254", lo, 1, &why));
	CHECK_STREQ(why, "cloud metadata");
	CHECK(!permitted("169.254.169.254", all, 2, &why));
	CHECK(!permitted("169.254.169.254", meta, 1, &why));
	CHECK(!permitted("::ffff:169.254.169.254", all, 2, &why));
	CHECK(!permitted("fe80::1", all, 2, &why));
	CHECK(!permitted("0.0.0.0", all, 2, &why));
	CHECK(permitted("10.0.0.1", all, 2, &why));
}

static void test_retry_after(void)
{
	time_t now = 1700000000;	/* Tue, 14 Nov 2023 22:13:20 GMT */
	long d = -1;

	CHECK(fetch_retry_after_parse("1", now, &d) == 0);
	CHECK_INTEQ(d, 1);
	CHECK(fetch_retry_after_parse(" 120 ", now, &d) == 0);
	CHECK_INTEQ(d, 120);
	CHECK(fetch_retry_after_parse("0", now, &d) == 0);
	CHECK_INTEQ(d, 0);
	CHECK(fetch_retry_after_parse("Tue, 14 Nov 2023 22:14:20 GMT", now,
				      &d) == 0);
	CHECK_INTEQ(d, 60);
	/* RFC 850 and asctime forms */
	CHECK(fetch_retry_after_parse("Tuesday, 14-Nov-23 22:13:50 GMT", now,
				      &d) == 0);
	CHECK_INTEQ(d, 30);
	CHECK(fetch_retry_after_parse("Tue Nov 14 22:15:20 2023", now,
				      &d) == 0);
	CHECK_INTEQ(d, 120);
	/* a date in the past means now */
	CHECK(fetch_retry_after_parse("Tue, 14 Nov 2023 20:00:00 GMT", now,
				      &d) == 0);
	CHECK_INTEQ(d, 0);
	CHECK(fetch_retry_after_parse("", now, &d) < 0);
	CHECK(fetch_retry_after_parse("soon", now, &d) < 0);
	CHECK(fetch_retry_after_parse("5 minutes", now, &d) < 0);
	CHECK(fetch_retry_after_parse("-5", now, &d) < 0);
	CHECK(fetch_retry_after_parse("99999999999999999999999", now,
				      &d) == 0);
	CHECK(d > 1000000);
}

static void test_backoff(void)
{
	CHECK_INTEQ(fetch_backoff_ms(1), 1000);
	CHECK_INTEQ(fetch_backoff_ms(2), 2000);
	CHECK_INTEQ(fetch_backoff_ms(3), 4000);
	CHECK_INTEQ(fetch_backoff_ms(6), 32000);
	CHECK_INTEQ(fetch_backoff_ms(7), 60000);
	CHECK_INTEQ(fetch_backoff_ms(100), 60000);
}

static enum fetch_retry_verdict decide(long status, const char *ra,
				       int attempts, long *wait, bool *pause,
				       struct buf *cause)
{
	struct fetch_attempt a = { 0 };

	a.status = status;
	a.retry_after = ra;
	a.attempts = attempts;
	a.retries = 2;
	a.now = 1700000000;
	buf_reset(cause);
	return fetch_retry_decide(&a, wait, pause, cause);
}

static void test_decide(void)
{
	struct buf cause = BUF_INIT;
	struct fetch_attempt a = { 0 };
	long wait;
	bool pause;

	CHECK(decide(200, NULL, 1, &wait, &pause, &cause) == RETRY_NO);
	CHECK(decide(304, NULL, 1, &wait, &pause, &cause) == RETRY_NO);
	CHECK(decide(404, NULL, 1, &wait, &pause, &cause) == RETRY_NO);
	CHECK(decide(500, NULL, 1, &wait, &pause, &cause) == RETRY_YES);
	CHECK_INTEQ(wait, 1000);
	CHECK(!pause);
	CHECK(decide(502, NULL, 2, &wait, &pause, &cause) == RETRY_YES);
	CHECK_INTEQ(wait, 2000);
	CHECK(decide(500, NULL, 3, &wait, &pause, &cause) == RETRY_GIVE_UP);
	CHECK_STREQ(cause.data, "HTTP 500 after 3 attempts");
	CHECK(decide(429, "1", 1, &wait, &pause, &cause) == RETRY_YES);
	CHECK_INTEQ(wait, 1000);
	CHECK(pause);
	CHECK(decide(503, "30", 1, &wait, &pause, &cause) == RETRY_YES);
	CHECK_INTEQ(wait, 30000);
	CHECK(decide(429, "60", 1, &wait, &pause, &cause) == RETRY_YES);
	CHECK(decide(429, "3600", 1, &wait, &pause, &cause) ==
	      RETRY_GIVE_UP);
	CHECK(strstr(cause.data, "3600 s") != NULL);
	CHECK(strstr(cause.data, "HTTP 429") == cause.data);
	CHECK(decide(503, "Tue, 14 Nov 2023 23:13:20 GMT", 1, &wait, &pause,
		     &cause) == RETRY_GIVE_UP);
	CHECK(strstr(cause.data, "3600 s") != NULL);
	CHECK(decide(429, "1", 3, &wait, &pause, &cause) == RETRY_GIVE_UP);
	CHECK_STREQ(cause.data, "HTTP 429 after 3 attempts");
	/* 429 without a usable Retry-After backs off like a 5xx */
	CHECK(decide(429, "whenever", 1, &wait, &pause, &cause) ==
	      RETRY_YES);
	CHECK_INTEQ(wait, 1000);
	/* transport errors */
	a.transport_error = true;
	a.transport_retryable = true;
	a.attempts = 1;
	a.retries = 2;
	CHECK(fetch_retry_decide(&a, &wait, &pause, &cause) == RETRY_YES);
	a.attempts = 3;
	CHECK(fetch_retry_decide(&a, &wait, &pause, &cause) == RETRY_NO);
	a.attempts = 1;
	a.transport_retryable = false;
	CHECK(fetch_retry_decide(&a, &wait, &pause, &cause) == RETRY_NO);
	/* no retries at all */
	a.transport_error = false;
	a.status = 500;
	a.retries = 0;
	buf_reset(&cause);
	CHECK(fetch_retry_decide(&a, &wait, &pause, &cause) ==
	      RETRY_GIVE_UP);
	CHECK_STREQ(cause.data, "HTTP 500");
	buf_release(&cause);
}

static void test_host_wait(void)
{
	struct fetch_host h = { 0 };

	h.last_start_ms = -1;
	CHECK_INTEQ(fetch_host_wait_ms(&h, 2, 1000, 5000), 0);
	h.in_flight = 1;
	h.last_start_ms = 5000;
	/* delay between starts, even with a free slot */
	CHECK_INTEQ(fetch_host_wait_ms(&h, 2, 1000, 5000), 1000);
	CHECK_INTEQ(fetch_host_wait_ms(&h, 2, 1000, 5600), 400);
	CHECK_INTEQ(fetch_host_wait_ms(&h, 2, 1000, 6000), 0);
	/* per_host reached: only a completion helps */
	h.in_flight = 2;
	CHECK_INTEQ(fetch_host_wait_ms(&h, 2, 1000, 9000), -1);
	h.in_flight = 0;
	CHECK_INTEQ(fetch_host_wait_ms(&h, 2, 0, 5000), 0);
	/* a Retry-After pause outlasts the delay */
	h.pause_until_ms = 8000;
	CHECK_INTEQ(fetch_host_wait_ms(&h, 2, 1000, 6000), 2000);
	CHECK_INTEQ(fetch_host_wait_ms(&h, 2, 1000, 8000), 0);
	/* per_host <= 0 is treated as 1 */
	h.in_flight = 1;
	CHECK_INTEQ(fetch_host_wait_ms(&h, 0, 0, 9000), -1);
}

static enum probe_kind sniff(const char *s)
{
	return probe_sniff(s, strlen(s));
}

static void test_sniff(void)
{
	CHECK(sniff("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">") ==
	      PROBE_RSS);
	CHECK(sniff("\xEF\xBB\xBF<?xml version='1.0'?><!-- c -->\n"
		    "<?xml-stylesheet href='x'?><rss>") == PROBE_RSS);
	CHECK(sniff("<feed xmlns=\"http://www.w3.org/2005/Atom\">") ==
	      PROBE_ATOM);
	CHECK(sniff("<atom:feed xmlns:atom='x'>") == PROBE_ATOM);
	CHECK(sniff("<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf='x'>") ==
	      PROBE_RDF);
	CHECK(sniff("<!DOCTYPE html><html><body>") == PROBE_HTML);
	CHECK(sniff("  <HTML><HEAD>") == PROBE_HTML);
	CHECK(sniff("<!doctype html>\n<!-- x --><p>hi") == PROBE_HTML);
	CHECK(sniff("<!DOCTYPE html><html><body class=\"tgme_webpreview\">"
		    "<div class=\"tgme_widget_message\">") ==
	      PROBE_TELEGRAM);
	CHECK(sniff("<?xml version=\"1.0\"?><urlset>") == PROBE_XML);
	CHECK(sniff("{\"items\": []}") == PROBE_JSON);
	CHECK(sniff("") == PROBE_UNKNOWN);
	CHECK(sniff("plain text") == PROBE_UNKNOWN);
	CHECK(sniff("<?xml version=\"1.0\"") == PROBE_UNKNOWN);
	CHECK(sniff("<!DOCTYPE rss [ <!ENTITY x 'y'> ]><rss>") == PROBE_RSS);
	CHECK_STREQ(probe_kind_name(PROBE_RDF), "rdf");
	CHECK_STREQ(probe_kind_name(PROBE_TELEGRAM), "telegram");
}

TESTS(T(test_net_parse), T(test_classify), T(test_permitted),
      T(test_retry_after), T(test_backoff), T(test_decide),
      T(test_host_wait), T(test_sniff))

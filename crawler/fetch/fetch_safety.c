/*
 * fetch_safety.c - which IP addresses the crawler may connect to.  The
 * check runs on the resolved address libcurl is about to dial (its
 * open-socket callback), so it holds after redirects and DNS rebinding:
 * a feed cannot steer us to the cloud metadata service or the intranet.
 */
#include "fetch_int.h"
#include "common/xalloc.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct net_rule {
	const char *cidr;
	enum fetch_addr_class cls;
	const char *why;
};

/*
 * Checked in order; the first match wins, so the specific never-allowed
 * entries come before the broad private ranges that contain them.  The
 * IPv4 list follows the IANA special-purpose registry (RFC 6890 and
 * successors).  FORBIDDEN entries cannot be opened by allow_networks:
 * nobody running a crawler means to reach a metadata service, and 0/8
 * and link-local are never where a news site lives.
 */
static const struct net_rule rules4[] = {
	{ "169.254.169.254/32", ADDR_FORBIDDEN, "cloud metadata" },
	{ "169.254.170.2/32", ADDR_FORBIDDEN, "cloud metadata" },
	{ "100.100.100.200/32", ADDR_FORBIDDEN, "cloud metadata" },
	{ "169.254.0.0/16", ADDR_FORBIDDEN, "link-local" },
	{ "0.0.0.0/8", ADDR_FORBIDDEN, "this-network" },
	{ "224.0.0.0/4", ADDR_FORBIDDEN, "multicast" },
	{ "240.0.0.0/4", ADDR_FORBIDDEN, "reserved" },
	{ "10.0.0.0/8", ADDR_PRIVATE, "private network" },
	{ "100.64.0.0/10", ADDR_PRIVATE, "shared address space" },
	{ "127.0.0.0/8", ADDR_PRIVATE, "loopback" },
	{ "172.16.0.0/12", ADDR_PRIVATE, "private network" },
	{ "192.0.0.0/24", ADDR_PRIVATE, "protocol assignments" },
	{ "192.0.2.0/24", ADDR_PRIVATE, "documentation" },
	{ "192.88.99.0/24", ADDR_PRIVATE, "6to4 relay" },
	{ "192.168.0.0/16", ADDR_PRIVATE, "private network" },
	{ "198.18.0.0/15", ADDR_PRIVATE, "benchmarking" },
	{ "198.51.100.0/24", ADDR_PRIVATE, "documentation" },
	{ "203.0.113.0/24", ADDR_PRIVATE, "documentation" },
};

static const struct net_rule rules6[] = {
	{ "fd00:ec2::254/128", ADDR_FORBIDDEN, "cloud metadata" },
	{ "::/128", ADDR_FORBIDDEN, "unspecified" },
	{ "fe80::/10", ADDR_FORBIDDEN, "link-local" },
	{ "ff00::/8", ADDR_FORBIDDEN, "multicast" },
	{ "::1/128", ADDR_PRIVATE, "loopback" },
	{ "fc00::/7", ADDR_PRIVATE, "unique-local" },
	{ "fec0::/10", ADDR_PRIVATE, "site-local" },
	{ "100::/64", ADDR_PRIVATE, "discard-only" },
	{ "2001:db8::/32", ADDR_PRIVATE, "documentation" },
	{ "2001::/23", ADDR_PRIVATE, "protocol assignments" },
	{ "64:ff9b:1::/48", ADDR_PRIVATE, "local NAT64" },
};

static void map_v4(const unsigned char v4[4], unsigned char out[16])
{
	memset(out, 0, 10);
	out[10] = 0xff;
	out[11] = 0xff;
	memcpy(out + 12, v4, 4);
}

int fetch_net_parse(const char *s, struct fetch_net *out, struct err *e)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(s, '/');
	size_t hl = slash ? (size_t)(slash - s) : strlen(s);
	unsigned char raw[16];
	long bits;
	int v4;

	memset(out, 0, sizeof(*out));
	if (hl == 0 || hl >= sizeof(host))
		return err_set(e, "'%s' is not an address or CIDR network", s);
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (inet_pton(AF_INET, host, raw) == 1) {
		v4 = 1;
		map_v4(raw, out->addr);
	} else if (inet_pton(AF_INET6, host, out->addr) == 1) {
		v4 = 0;
	} else {
		return err_set(e, "'%s' is not an address or CIDR network", s);
	}
	if (slash) {
		char *end;

		if (slash[1] < '0' || slash[1] > '9')
			return err_set(e, "bad prefix length in '%s'", s);
		bits = strtol(slash + 1, &end, 10);
		if (*end || bits > (v4 ? 32 : 128))
			return err_set(e, "bad prefix length in '%s'", s);
	} else {
		bits = v4 ? 32 : 128;
	}
	out->bits = (int)bits + (v4 ? 96 : 0);
	/* Clear host bits so "127.0.0.1/8" means 127.0.0.0/8. */
	for (int i = out->bits; i < 128; i++)
		out->addr[i / 8] &= (unsigned char)~(0x80 >> (i % 8));
	return 0;
}

bool fetch_net_contains(const struct fetch_net *n, const unsigned char a[16])
{
	int full = n->bits / 8, rest = n->bits % 8;

	if (memcmp(n->addr, a, (size_t)full))
		return false;
	if (rest) {
		unsigned char mask = (unsigned char)(0xff << (8 - rest));

		if ((n->addr[full] & mask) != (a[full] & mask))
			return false;
	}
	return true;
}

/*
 * If a is an IPv6 form that carries an IPv4 address the packet really goes
 * to, rewrite it as ::ffff:a.b.c.d.  Mapped and compatible addresses
 * reach the IPv4 host directly, NAT64 (64:ff9b::/96) through the
 * translator, 6to4 (2002:AABB:CCDD::/48) through the relay.
 */
static void unwrap_v4(unsigned char a[16])
{
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };
	static const unsigned char zero[10];
	unsigned char v4[4];

	if (!memcmp(a, zero, 10) && a[10] == 0xff && a[11] == 0xff)
		return;
	if (!memcmp(a, zero, 10) && a[10] == 0 && a[11] == 0 &&
	    (a[12] | a[13] | a[14]) != 0) {
		/* ::a.b.c.d (deprecated compatible form), not :: or ::1 */
		memcpy(v4, a + 12, 4);
	} else if (!memcmp(a, nat64, 12)) {
		memcpy(v4, a + 12, 4);
	} else if (a[0] == 0x20 && a[1] == 0x02) {
		memcpy(v4, a + 2, 4);
	} else {
		return;
	}
	map_v4(v4, a);
}

static enum fetch_addr_class match_rules(const struct net_rule *r, size_t n,
					 const unsigned char a[16],
					 const char **why)
{
	for (size_t i = 0; i < n; i++) {
		struct fetch_net net;

		if (fetch_net_parse(r[i].cidr, &net, NULL) < 0)
			BUG("bad built-in network rule");
		if (fetch_net_contains(&net, a)) {
			*why = r[i].why;
			return r[i].cls;
		}
	}
	*why = "public";
	return ADDR_PUBLIC;
}

enum fetch_addr_class fetch_addr_classify(const unsigned char a[16],
					  const char **why)
{
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
	unsigned char u[16];

	memcpy(u, a, 16);
	unwrap_v4(u);
	if (!memcmp(u, mapped, 12))
		return match_rules(rules4, ARRAY_SIZE(rules4), u, why);
	return match_rules(rules6, ARRAY_SIZE(rules6), u, why);
}

bool fetch_addr_permitted(const struct sockaddr *sa,
			  const struct fetch_net *allow, size_t n_allow,
			  char *text, size_t text_len, const char **why)
{
	unsigned char a[16];
	enum fetch_addr_class cls;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		map_v4((const unsigned char *)&in->sin_addr, a);
		inet_ntop(AF_INET, &in->sin_addr, text, (socklen_t)text_len);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
			(const struct sockaddr_in6 *)sa;

		memcpy(a, &in6->sin6_addr, 16);
		inet_ntop(AF_INET6, &in6->sin6_addr, text,
			  (socklen_t)text_len);
	} else {
		snprintf(text, text_len, "family %d", (int)sa->sa_family);
		*why = "not an IP address";
		return false;
	}
	cls = fetch_addr_classify(a, why);
	if (cls == ADDR_PUBLIC)
		return true;
	if (cls == ADDR_FORBIDDEN)
		return false;
	/* Judge the allow list on the unwrapped form too, so an allowed
	 * 127.0.0.0/8 also admits ::ffff:127.0.0.1. */
	unwrap_v4(a);
	for (size_t i = 0; i < n_allow; i++)
		if (fetch_net_contains(&allow[i], a))
			return true;
	return false;
}

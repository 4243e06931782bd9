/*
 * robots.c - RFC 9309 robots.txt: a line parser that builds groups of
 * user-agents with their rules, a linear-time matcher (longest match,
 * allow wins ties, "*" and "$"), and the policy for non-2xx fetches.
 * Lenient where real files are sloppy, as Google's reference parser is:
 * missing colons, a UTF-8 BOM, CR/LF/CRLF endings, over-long lines.
 */
#include "robots.h"
#include "common/buf.h"
#include "common/hex.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longest line kept (Google's 8 x 2083 - 1): the rest of a line is
 * dropped, so a hostile line costs memory once, not per rule. */
#define ROBOTS_LINE_MAX (8 * 2083 - 1)

struct rule {
	char *pat;		/* normalised pattern, see norm() */
	size_t len;
	bool allow;
};

struct group {
	char **agents;		/* lower-case product tokens, or "*" */
	size_t nagents, aagents;
	struct rule *rules;
	size_t nrules, arules;
	double delay;		/* -1 when absent */
};

struct robots {
	struct group *groups;
	size_t ngroups, agroups;
	char **sitemaps;
	size_t nsitemaps, asitemaps;
	int fixed;		/* 0 parsed, 1 allow all, -1 disallow all */
};

enum key { K_UNKNOWN, K_USER_AGENT, K_ALLOW, K_DISALLOW, K_SITEMAP,
	   K_CRAWL_DELAY };

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

static bool is_token_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
	       c == '_';
}

static bool is_unreserved(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

/* Bytes a URL parser never leaves raw in a path or query. */
static bool must_escape(unsigned char c)
{
	return c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' ||
	       c == '`';
}

/*
 * One normal form for rule patterns and request paths, so that equal
 * octets compare equal (RFC 9309 2.2.2): escapes of unreserved characters
 * decoded, other escapes upper-cased, non-ASCII and other bytes a URL
 * never carries raw escaped.  In a pattern "*" and a final "$" stay
 * operators; everywhere else "*" and "$" are literal octets and become
 * %2A / %24, which is how a pattern writes them as literals.
 */
static void norm(struct buf *out, const char *s, size_t n, bool pattern)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%' && i + 2 < n && hex_val(s[i + 1]) >= 0 &&
		    hex_val(s[i + 2]) >= 0) {
			c = (unsigned char)(hex_val(s[i + 1]) * 16 +
					    hex_val(s[i + 2]));
			if (is_unreserved(c))
				buf_addch(out, c);
			else
				hex_add_pct(out, c);
			i += 2;
		} else if (pattern && (c == '*' || (c == '$' && i + 1 == n))) {
			buf_addch(out, c);
		} else if (c == '*' || c == '$' || must_escape(c)) {
			hex_add_pct(out, c);
		} else {
			buf_addch(out, c);
		}
	}
}

static enum key key_of(const char *k, size_t n)
{
	static const struct {
		const char *prefix;
		enum key key;
	} keys[] = {
		/* Frequent misspellings are accepted as Google does. */
		{ "user-agent", K_USER_AGENT }, { "useragent", K_USER_AGENT },
		{ "user agent", K_USER_AGENT }, { "allow", K_ALLOW },
		{ "disallow", K_DISALLOW }, { "dissallow", K_DISALLOW },
		{ "dissalow", K_DISALLOW }, { "disalow", K_DISALLOW },
		{ "diasllow", K_DISALLOW }, { "disallaw", K_DISALLOW },
		{ "sitemap", K_SITEMAP }, { "site-map", K_SITEMAP },
		{ "crawl-delay", K_CRAWL_DELAY },
		{ "crawldelay", K_CRAWL_DELAY },
	};

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		size_t l = strlen(keys[i].prefix);

		if (n >= l && !strncasecmp(k, keys[i].prefix, l))
			return keys[i].key;
	}
	return K_UNKNOWN;
}

/* Split a comment-free, trimmed line into key and value: "key: value",
 * or "key value" when exactly two words (a frequent mistake).  Returns
 * false when the line holds no key. */
static bool split_line(const char *l, size_t n, const char **key,
		       size_t *klen, const char **val, size_t *vlen)
{
	const char *sep = memchr(l, ':', n), *v, *end = l + n;

	if (!sep) {
		sep = l;
		while (sep < end && !is_space((unsigned char)*sep))
			sep++;
		if (sep == end)
			return false;
		v = sep;
		while (v < end && is_space((unsigned char)*v))
			v++;
		for (const char *p = v; p < end; p++)
			if (is_space((unsigned char)*p))
				return false;
	} else {
		v = sep + 1;
	}
	*key = l;
	*klen = (size_t)(sep - l);
	while (*klen > 0 && is_space((unsigned char)l[*klen - 1]))
		(*klen)--;
	while (v < end && is_space((unsigned char)*v))
		v++;
	*val = v;
	*vlen = (size_t)(end - v);
	return *klen > 0;
}

static struct group *group_new(struct robots *r)
{
	struct group *g;

	ALLOC_GROW(r->groups, r->ngroups + 1, r->agroups);
	g = &r->groups[r->ngroups++];
	memset(g, 0, sizeof(*g));
	g->delay = -1;
	return g;
}

static void group_add_agent(struct group *g, const char *v, size_t n)
{
	size_t t = 0;
	char *a;

	/* "*" alone (or followed by junk after a space) is the global
	 * group; otherwise the product token, up to the first character
	 * that cannot be in one ("FooBot/1.0", "Foo Bar" -> "foobot"). */
	if (n >= 1 && v[0] == '*' &&
	    (n == 1 || is_space((unsigned char)v[1]))) {
		a = xstrdup("*");
	} else {
		while (t < n && is_token_char((unsigned char)v[t]))
			t++;
		if (t == 0)
			return;
		a = xstrndup(v, t);
		for (char *p = a; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
	}
	ALLOC_GROW(g->agents, g->nagents + 1, g->aagents);
	g->agents[g->nagents++] = a;
}

static void group_add_rule(struct group *g, const char *v, size_t n,
			   bool allow)
{
	struct buf b = BUF_INIT;
	struct rule *rl;

	/* An empty value ("Disallow:") matches nothing. */
	if (n == 0)
		return;
	norm(&b, v, n, true);
	ALLOC_GROW(g->rules, g->nrules + 1, g->arules);
	rl = &g->rules[g->nrules++];
	rl->len = b.len;
	rl->pat = buf_detach(&b, NULL);
	rl->allow = allow;
}

/* The parser's state between lines. */
struct pstate {
	struct group *cur;	/* group of the last user-agent run */
	bool cur_has_rules;	/* a following user-agent starts a group */
};

static void parse_line(struct robots *r, struct pstate *ps, const char *l,
		       size_t n)
{
	const char *hash = memchr(l, '#', n), *key, *val;
	size_t klen, vlen;
	enum key k;

	if (hash)
		n = (size_t)(hash - l);
	while (n > 0 && is_space((unsigned char)*l)) {
		l++;
		n--;
	}
	while (n > 0 && is_space((unsigned char)l[n - 1]))
		n--;
	if (n == 0 || !split_line(l, n, &key, &klen, &val, &vlen))
		return;
	k = key_of(key, klen);
	switch (k) {
	case K_USER_AGENT:
		if (!ps->cur || ps->cur_has_rules) {
			ps->cur = group_new(r);
			ps->cur_has_rules = false;
		}
		group_add_agent(ps->cur, val, vlen);
		break;
	case K_ALLOW:
	case K_DISALLOW:
		/* Rules before any user-agent line belong to no group. */
		if (!ps->cur)
			break;
		ps->cur_has_rules = true;
		group_add_rule(ps->cur, val, vlen, k == K_ALLOW);
		break;
	case K_CRAWL_DELAY:
		if (!ps->cur)
			break;
		ps->cur_has_rules = true;
		if (vlen > 0 && vlen < 32) {
			char num[32], *end;
			double d;

			memcpy(num, val, vlen);
			num[vlen] = '\0';
			d = strtod(num, &end);
			if (*end == '\0' && isfinite(d) && d >= 0)
				ps->cur->delay = d;
		}
		break;
	case K_SITEMAP:
		if (vlen > 0) {
			ALLOC_GROW(r->sitemaps, r->nsitemaps + 1, r->asitemaps);
			r->sitemaps[r->nsitemaps++] = xstrndup(val, vlen);
		}
		break;
	case K_UNKNOWN:
		/* Unknown records do not end a group (RFC 9309 2.2.4). */
		break;
	}
}

struct robots *robots_parse(const char *body, size_t len)
{
	static const unsigned char bom[] = { 0xef, 0xbb, 0xbf };
	struct robots *r = xcalloc(1, sizeof(*r));
	struct pstate ps = { NULL, false };
	size_t i = 0;

	if (len > ROBOTS_MAX_BYTES)
		len = ROBOTS_MAX_BYTES;
	while (i < len && i < sizeof(bom) && (unsigned char)body[i] == bom[i])
		i++;
	while (i < len) {
		size_t start = i, n;

		while (i < len && body[i] != '\n' && body[i] != '\r')
			i++;
		n = i - start;
		if (n > ROBOTS_LINE_MAX)
			n = ROBOTS_LINE_MAX;
		parse_line(r, &ps, body + start, n);
		if (i < len && body[i] == '\r' && i + 1 < len &&
		    body[i + 1] == '\n')
			i++;
		i++;
	}
	return r;
}

void robots_free(struct robots *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ngroups; i++) {
		struct group *g = &r->groups[i];

		for (size_t j = 0; j < g->nagents; j++)
			free(g->agents[j]);
		for (size_t j = 0; j < g->nrules; j++)
			free(g->rules[j].pat);
		free(g->agents);
		free(g->rules);
	}
	for (size_t i = 0; i < r->nsitemaps; i++)
		free(r->sitemaps[i]);
	free(r->sitemaps);
	free(r->groups);
	free(r);
}

/*
 * Does normalised pattern p[0..pn) match a prefix of path s[0..n) (all of
 * it with a final "$")?  The pieces between "*"s are found leftmost, one
 * after another: the leftmost match leaves the most room for the rest, so
 * this is exact, and it takes linear time whatever the webmaster wrote.
 */
static bool rule_matches(const char *p, size_t pn, const char *s, size_t n)
{
	bool anchored = pn > 0 && p[pn - 1] == '$';
	const char *star;
	size_t seg, pos;

	if (anchored)
		pn--;
	star = memchr(p, '*', pn);
	seg = star ? (size_t)(star - p) : pn;
	if (seg > n || memcmp(p, s, seg))
		return false;
	if (!star)
		return !anchored || seg == n;
	pos = seg;
	p += seg + 1;
	pn -= seg + 1;
	for (;;) {
		const char *hit;

		star = memchr(p, '*', pn);
		seg = star ? (size_t)(star - p) : pn;
		if (!star && anchored)
			return n - pos >= seg && !memcmp(s + n - seg, p, seg);
		if (seg > 0) {
			hit = memmem(s + pos, n - pos, p, seg);
			if (!hit)
				return false;
			pos = (size_t)(hit - s) + seg;
		}
		if (!star)
			return true;
		p += seg + 1;
		pn -= seg + 1;
	}
}

static bool group_names(const struct group *g, const char *agent)
{
	for (size_t i = 0; i < g->nagents; i++)
		if (!strcasecmp(g->agents[i], agent))
			return true;
	return false;
}

/* Does any group name agent?  Otherwise the "*" groups apply. */
static const char *select_agent(const struct robots *r, const char *agent)
{
	for (size_t i = 0; agent[0] && i < r->ngroups; i++)
		if (group_names(&r->groups[i], agent))
			return agent;
	return "*";
}

int robots_allowed(const struct robots *r, const char *agent,
		   const char *path_query)
{
	struct buf path = BUF_INIT;
	const char *who;
	long best_allow = -1, best_disallow = -1;

	if (r->fixed)
		return r->fixed > 0;
	/* RFC 9309 2.2.2: /robots.txt is implicitly allowed. */
	if (!strcmp(path_query, "/robots.txt"))
		return 1;
	who = select_agent(r, agent);
	norm(&path, path_query, strlen(path_query), false);
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct group *g = &r->groups[i];

		if (!group_names(g, who))
			continue;
		for (size_t j = 0; j < g->nrules; j++) {
			const struct rule *rl = &g->rules[j];
			long *best = rl->allow ? &best_allow : &best_disallow;

			if ((long)rl->len > *best &&
			    rule_matches(rl->pat, rl->len, path.data, path.len))
				*best = (long)rl->len;
		}
	}
	buf_release(&path);
	return best_disallow < 0 || best_allow >= best_disallow;
}

double robots_crawl_delay(const struct robots *r, const char *agent)
{
	const char *who = select_agent(r, agent);
	double d = -1;

	/* Of merged groups, the longest delay: the polite reading. */
	for (size_t i = 0; i < r->ngroups; i++)
		if (group_names(&r->groups[i], who) &&
		    r->groups[i].delay > d)
			d = r->groups[i].delay;
	return d;
}

const char *const *robots_sitemaps(const struct robots *r, size_t *n)
{
	*n = r->nsitemaps;
	return (const char *const *)r->sitemaps;
}

char *robots_pattern_norm(const char *pattern)
{
	struct buf b = BUF_INIT;

	norm(&b, pattern, strlen(pattern), true);
	return buf_detach(&b, NULL);
}

int robots_agent_valid(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!is_token_char((unsigned char)*s))
			return 0;
	return 1;
}

char *robots_path_of(const char *url)
{
	size_t len = strlen(url), start = 0, after, ps, early, end;
	const char *proto, *hash;
	struct buf b = BUF_INIT;

	if (len >= 2 && url[0] == '/' && url[1] == '/')
		start = 2;
	early = start + strcspn(url + start, "/?;");
	proto = strstr(url + start, "://");
	if (proto && (size_t)(proto - url) < early)
		after = (size_t)(proto - url) + 3;
	else
		after = start;
	ps = after + strcspn(url + after, "/?;");
	hash = strchr(url + start, '#');
	if (ps >= len || (hash && (size_t)(hash - url) < ps))
		return xstrdup("/");
	end = hash ? (size_t)(hash - url) : len;
	if (url[ps] != '/')
		buf_addch(&b, '/');
	buf_add(&b, url + ps, end - ps);
	return buf_detach(&b, NULL);
}

enum robots_outcome robots_outcome_of(int status)
{
	if (status >= 200 && status <= 299)
		return ROBOTS_USE_BODY;
	/* 429 is a request to slow down, not "no robots.txt": treat it as
	 * the server errors are treated (Google does the same). */
	if (status == 429)
		return ROBOTS_DISALLOW_ALL;
	if (status >= 300 && status <= 499)
		return ROBOTS_ALLOW_ALL;
	return ROBOTS_DISALLOW_ALL;
}

struct robots *robots_for_status(int status)
{
	struct robots *r;

	switch (robots_outcome_of(status)) {
	case ROBOTS_USE_BODY:
		return NULL;
	case ROBOTS_ALLOW_ALL:
		r = xcalloc(1, sizeof(*r));
		r->fixed = 1;
		return r;
	case ROBOTS_DISALLOW_ALL:
		break;
	}
	r = xcalloc(1, sizeof(*r));
	r->fixed = -1;
	return r;
}

/*
 * test_robots.c - robots.txt groups, longest match, allow on ties,
 * wildcards, percent-encoding, crawl-delay, limits and fetch outcomes.
 */
#include "harness.h"
#include "crawler/fetch/robots.h"

#include <stdlib.h>

static int allowed(const char *txt, const char *agent, const char *path)
{
	struct robots *r = robots_parse(txt, strlen(txt));
	int a = robots_allowed(r, agent, path);

	robots_free(r);
	return a;
}

static void t_longest_match(void)
{
	const char *t = "User-agent: *\n"
			"Disallow: /news/\n"
			"Allow: /news/public/\n"
			"Disallow: /news/public/draft\n";

	CHECK(allowed(t, "mediamon", "/") == 1);
	CHECK(allowed(t, "mediamon", "/news/1") == 0);
	CHECK(allowed(t, "mediamon", "/news/public/1") == 1);
	CHECK(allowed(t, "mediamon", "/news/public/draft-2") == 0);
	/* Order in the file does not matter, only length. */
	CHECK(allowed("User-agent: *\nAllow: /a/b\nDisallow: /a\n", "x",
		      "/a/b/c") == 1);
	CHECK(allowed("User-agent: *\nDisallow: /a\nAllow: /a/b\n", "x",
		      "/a/b/c") == 1);
	/* Paths are case-sensitive. */
	CHECK(allowed("User-agent: *\nDisallow: /Admin\n", "x", "/admin") == 1);
}

static void t_allow_wins_tie(void)
{
	CHECK(allowed("User-agent: *\nDisallow: /page\nAllow: /page\n", "x",
		      "/page") == 1);
	CHECK(allowed("User-agent: *\nAllow: /page\nDisallow: /page\n", "x",
		      "/page") == 1);
	/* Equal length through wildcards counts octets of the pattern. */
	CHECK(allowed("User-agent: *\nDisallow: /*.pdf\nAllow: /doc/*\n", "x",
		      "/doc/a.pdf") == 1);
	CHECK(allowed("User-agent: *\nDisallow: /*.pdf\nAllow: /doc/\n", "x",
		      "/doc/a.pdf") == 0);
}

static void t_wildcards(void)
{
	const char *t = "User-agent: *\n"
			"Disallow: /*.php$\n"
			"Disallow: /search*q=\n"
			"Disallow: /exact$\n";

	CHECK(allowed(t, "x", "/index.php") == 0);
	CHECK(allowed(t, "x", "/dir/index.php") == 0);
	CHECK(allowed(t, "x", "/index.php?x=1") == 1);
	CHECK(allowed(t, "x", "/index.php5") == 1);
	CHECK(allowed(t, "x", "/search?page=1&q=prokuror") == 0);
	CHECK(allowed(t, "x", "/search?page=1") == 1);
	CHECK(allowed(t, "x", "/exact") == 0);
	CHECK(allowed(t, "x", "/exact/") == 1);
	/* "$" inside a pattern is a literal, "**" is one star. */
	CHECK(allowed("User-agent: *\nDisallow: /a$b\n", "x", "/a$b/c") == 0);
	CHECK(allowed("User-agent: *\nDisallow: /a**z$\n", "x", "/abcz") == 0);
	CHECK(allowed("User-agent: *\nDisallow: /a*b*c$\n", "x", "/a-c-b") == 1);
	CHECK(allowed("User-agent: *\nDisallow: /a*b*c$\n", "x",
		      "/abcbc") == 0);
	/* "Disallow:" with no value disallows nothing. */
	CHECK(allowed("User-agent: *\nDisallow:\n", "x", "/any") == 1);
}

static void t_groups(void)
{
	const char *t = "User-agent: Googlebot\n"
			"Disallow: /\n"
			"\n"
			"User-agent: MediaMon\n"
			"User-agent: other\n"
			"Disallow: /private\n"
			"\n"
			"User-agent: *\n"
			"Disallow: /tmp\n"
			"\n"
			"user-agent: mediamon\n"
			"Disallow: /drafts\n";

	/* Exact token, case-insensitive; repeated groups merged; the "*"
	 * group does not add to a named one. */
	CHECK(allowed(t, "mediamon", "/private/x") == 0);
	CHECK(allowed(t, "MEDIAMON", "/drafts/1") == 0);
	CHECK(allowed(t, "mediamon", "/tmp/x") == 1);
	CHECK(allowed(t, "other", "/drafts/1") == 1);
	/* Unknown agents fall back to "*". */
	CHECK(allowed(t, "somebot", "/tmp/x") == 0);
	CHECK(allowed(t, "somebot", "/private") == 1);
	/* A prefix of a token is not the token. */
	CHECK(allowed(t, "media", "/private") == 1);
	/* No group at all: everything allowed; rules before any
	 * user-agent belong to nobody. */
	CHECK(allowed("Disallow: /\n", "x", "/a") == 1);
	CHECK(allowed("", "x", "/a") == 1);
	/* "User-agent: MediaMon/2.0" names the token mediamon. */
	CHECK(allowed("User-agent: MediaMon/2.0\nDisallow: /\n", "mediamon",
		      "/a") == 0);
	/* Unknown lines and sitemaps do not end a group. */
	CHECK(allowed("User-agent: a\nFoo: bar\nSitemap: /s.xml\n"
		      "User-agent: b\nDisallow: /\n", "a", "/x") == 0);
	/* Comments, CRLF, a BOM, missing colons, odd spacing. */
	CHECK(allowed("\xef\xbb\xbfUser-agent: * # all\r\n"
		      "  disallow   /x   \r\nALLOW:/x/y#c\r", "z", "/x/a") == 0);
	CHECK(allowed("\xef\xbb\xbfUser-agent: * # all\r\n"
		      "  disallow   /x   \r\nALLOW:/x/y#c\r", "z", "/x/y") == 1);
	/* /robots.txt is always allowed. */
	CHECK(allowed("User-agent: *\nDisallow: /\n", "x", "/robots.txt") == 1);
}

static void t_percent_encoding(void)
{
	const char *t = "User-agent: *\n"
			"Disallow: /суд/\n"
			"Disallow: /a%2fb\n"
			"Disallow: /%7Euser\n"
			"Disallow: /star-%2A\n";

	CHECK(allowed(t, "x", "/%D1%81%D1%83%D0%B4/1") == 0);
	CHECK(allowed(t, "x", "/%d1%81%d1%83%d0%b4/1") == 0);
	CHECK(allowed(t, "x", "/a%2Fb") == 0);
	CHECK(allowed(t, "x", "/a/b") == 1);
	CHECK(allowed(t, "x", "/~user/x") == 0);
	CHECK(allowed(t, "x", "/star-*") == 0);
	CHECK(allowed(t, "x", "/star-x") == 1);
	{
		char *p = robots_pattern_norm("/á/%7e/%aa*$");

		CHECK_STREQ(p, "/%C3%A1/~/%AA*$");
		free(p);
	}
}

static void t_crawl_delay_sitemaps(void)
{
	const char *t = "Sitemap: https://x.kg/sitemap.xml\n"
			"User-agent: *\nCrawl-delay: 2.5\nDisallow: /tmp\n"
			"User-agent: yandex\nCrawl-delay: 10\n"
			"User-agent: slow\nCrawl-delay: -3\n";
	struct robots *r = robots_parse(t, strlen(t));
	const char *const *sm;
	size_t n;

	CHECK(robots_crawl_delay(r, "mediamon") == 2.5);
	CHECK(robots_crawl_delay(r, "Yandex") == 10);
	CHECK(robots_crawl_delay(r, "slow") == -1);
	sm = robots_sitemaps(r, &n);
	CHECK_INTEQ(n, 1);
	CHECK(n == 1 && !strcmp(sm[0], "https://x.kg/sitemap.xml"));
	robots_free(r);
}

static void t_limits(void)
{
	size_t big = ROBOTS_MAX_BYTES + 4096;
	char *body = malloc(big + 1);
	const char *head = "User-agent: *\nDisallow: /a\n";
	struct robots *r;

	/* Only the first 500 KiB count: a rule past it is ignored. */
	memset(body, '\n', big);
	memcpy(body, head, strlen(head));
	memcpy(body + big - 20, "Disallow: /late\n", 16);
	r = robots_parse(body, big);
	CHECK(robots_allowed(r, "x", "/a") == 0);
	CHECK(robots_allowed(r, "x", "/late") == 1);
	robots_free(r);
	/* A hostile pattern stays fast (linear matcher). */
	memset(body, 'a', big);
	memcpy(body, "User-agent: *\nDisallow: /", 25);
	for (size_t i = 25; i < 16000; i += 2)
		body[i] = '*';
	body[16000] = 'b';
	body[16001] = '\n';
	r = robots_parse(body, 16002);
	body[0] = '/';
	memset(body + 1, 'a', 99999);
	body[100000] = '\0';
	CHECK(robots_allowed(r, "x", body) == 1);
	robots_free(r);
	free(body);
}

static void t_outcomes(void)
{
	struct robots *r;

	CHECK(robots_outcome_of(200) == ROBOTS_USE_BODY);
	CHECK(robots_outcome_of(404) == ROBOTS_ALLOW_ALL);
	CHECK(robots_outcome_of(403) == ROBOTS_ALLOW_ALL);
	CHECK(robots_outcome_of(429) == ROBOTS_DISALLOW_ALL);
	CHECK(robots_outcome_of(503) == ROBOTS_DISALLOW_ALL);
	CHECK(robots_outcome_of(0) == ROBOTS_DISALLOW_ALL);
	CHECK(robots_for_status(200) == NULL);
	r = robots_for_status(410);
	CHECK(robots_allowed(r, "x", "/a") == 1);
	robots_free(r);
	r = robots_for_status(500);
	CHECK(robots_allowed(r, "x", "/a") == 0);
	CHECK(robots_crawl_delay(r, "x") == -1);
	robots_free(r);
}

static void t_path_of_and_agents(void)
{
	char *p = robots_path_of("https://x.kg/a/b?c=d#e");

	CHECK_STREQ(p, "/a/b?c=d");
	free(p);
	p = robots_path_of("https://x.kg");
	CHECK_STREQ(p, "/");
	free(p);
	CHECK(robots_agent_valid("Yandex-Images_x"));
	CHECK(!robots_agent_valid("mediamon/1.0"));
	CHECK(!robots_agent_valid(""));
}

TESTS(T(t_longest_match), T(t_allow_wins_tie), T(t_wildcards), T(t_groups),
      T(t_percent_encoding), T(t_crawl_delay_sitemaps), T(t_limits),
      T(t_outcomes), T(t_path_of_and_agents))

/*
 * test_url.c - URL parsing, link resolution, IDN hosts, the crawler's
 * canonical key and the host/origin accessors.
 */
#include "harness.h"
#include "common/buf.h"
#include "common/url.h"

#include <stdlib.h>

/* Check url_resolve(base, ref) == want (want NULL: must fail). */
static void check_resolve(const char *base, const char *ref, const char *want)
{
	struct err e = { "" };
	char *got = url_resolve(base, ref, &e);

	if (want)
		CHECK_STREQ(got, want);
	else if (got)
		CHECK_STREQ(got, "(failure expected)");
	free(got);
}

static void check_canon(const char *in, const char *want)
{
	struct err e = { "" };
	char *got = url_canonical(in, &e);

	if (want)
		CHECK_STREQ(got, want);
	else if (got)
		CHECK_STREQ(got, "(failure expected)");
	free(got);
}

static void t_parse_components(void)
{
	struct url u;
	struct err e = { "" };

	CHECK(url_parse("HTTPS://User:Pw@Example.KG:8443/a/./b/../c?x=1#top",
			&u, &e) == 0);
	CHECK_STREQ(u.scheme, "https");
	CHECK_STREQ(u.user, "User");
	CHECK_STREQ(u.pass, "Pw");
	CHECK_STREQ(u.host, "example.kg");
	CHECK_INTEQ(u.port, 8443);
	CHECK_STREQ(u.path, "/a/c");
	CHECK_STREQ(u.query, "x=1");
	CHECK_STREQ(u.fragment, "top");
	CHECK(url_is_http(&u));
	CHECK_INTEQ(url_effective_port(&u), 8443);
	url_release(&u);

	CHECK(url_parse("http://example.kg:80", &u, &e) == 0);
	CHECK_INTEQ(u.port, -1);
	CHECK_INTEQ(url_effective_port(&u), 80);
	CHECK_STREQ(u.path, "/");
	CHECK(u.query == NULL && u.fragment == NULL);
	url_release(&u);

	CHECK(url_parse("mailto:press@prokuratura.kg", &u, &e) == 0);
	CHECK(u.host == NULL && u.opaque_path);
	CHECK(!url_is_http(&u));
	url_release(&u);

	CHECK(url_parse("/relative", &u, &e) == -1);
	CHECK(e.msg[0] != '\0');
	url_release(&u);
	CHECK(url_parse("http://exa mple.kg/", &u, &e) == -1);
	CHECK(url_parse("http://host:99999/", &u, &e) == -1);
	CHECK(url_parse("http://[::1/", &u, &e) == -1);
}

static void t_resolve_links(void)
{
	const char *b = "https://24.kg/obschestvo/12345_title/?page=2#c";

	check_resolve(b, "/english/", "https://24.kg/english/");
	check_resolve(b, "../politika/", "https://24.kg/obschestvo/politika/");
	check_resolve(b, "other", "https://24.kg/obschestvo/12345_title/other");
	check_resolve(b, "?page=3",
		      "https://24.kg/obschestvo/12345_title/?page=3");
	check_resolve(b, "#top",
		      "https://24.kg/obschestvo/12345_title/?page=2#top");
	check_resolve(b, "", "https://24.kg/obschestvo/12345_title/?page=2");
	check_resolve(b, "//kabar.kg/news", "https://kabar.kg/news");
	check_resolve(b, "http://Kabar.KG", "http://kabar.kg/");
	check_resolve(b, "  \t/a\n/b ", "https://24.kg/a/b");
	check_resolve(b, "\\back\\slash", "https://24.kg/back/slash");
	check_resolve(b, "../../../../x", "https://24.kg/x");
	check_resolve(b, "/путь?q=суд",
		      "https://24.kg/%D0%BF%D1%83%D1%82%D1%8C?q=%D1%81%D1%83%D0%B4");
	check_resolve(b, "a b", "https://24.kg/obschestvo/12345_title/a%20b");
	check_resolve(b, "javascript:void(0)", "javascript:void(0)");
	check_resolve(b, "http://", NULL);
	check_resolve("mailto:x@y", "page.html", NULL);
}

static void t_hosts(void)
{
	/* IDNA: Cyrillic hosts become punycode, upper case folds. */
	check_resolve("http://a.kg/", "http://Президент.КГ/",
		      "http://xn--d1abbgf6aiiy.xn--c1an/");
	check_resolve("http://a.kg/", "http://ПРОКУРАТУРА.кг/x",
		      "http://xn--80aa2apegcbrhd.xn--c1an/x");
	check_resolve("http://a.kg/", "https://faß.ExAmPlE/",
		      "https://xn--fa-hia.example/");
	check_resolve("http://a.kg/", "http://xn--d1abbgf6aiiy.xn--c1an/",
		      "http://xn--d1abbgf6aiiy.xn--c1an/");
	check_resolve("http://a.kg/", "http://xn--a.kg/", NULL);
	/* IPv4 number forms, IPv6 compression. */
	check_resolve("http://a.kg/", "http://0x7f.1/", "http://127.0.0.1/");
	check_resolve("http://a.kg/", "http://3232235521/",
		      "http://192.168.0.1/");
	check_resolve("http://a.kg/", "http://[1:0:0:2::]/", "http://[1:0:0:2::]/");
	check_resolve("http://a.kg/", "http://[::]/", "http://[::]/");
	check_resolve("http://a.kg/", "http://[1:2:3:4:5:6:7:8:9]/", NULL);
	check_resolve("http://a.kg/", "http://[::1.2.3]/", NULL);
	check_resolve("http://a.kg/", "http://1.2.3.256/", NULL);
	check_resolve("http://a.kg/", "http://[0:0:0:0:0:0:0:1]:8080/",
		      "http://[::1]:8080/");
	check_resolve("http://a.kg/", "http://[::ffff:1.2.3.4]/",
		      "http://[::ffff:102:304]/");
}

/* UTS #46 as libidn2 does it: mappings and characters the hand-written
 * subset left out. */
static void t_idna(void)
{
	check_resolve("http://a.kg/", "http://b\xc3\xbc" "cher.de/",
		      "http://xn--bcher-kva.de/");
	check_resolve("http://a.kg/", "http://\xd2\xa3\xd3\xa9\xd2\xaf.kg/",
		      "http://xn--j4ay4n.kg/");
	/* Non-transitional: sharp s stays itself. */
	check_resolve("http://a.kg/", "http://fa\xc3\x9f.de/",
		      "http://xn--fa-hia.de/");
	/* Compatibility mapping: ROMAN NUMERAL NINE is "ix". */
	check_resolve("http://a.kg/", "http://\xe2\x85\xa8.com/",
		      "http://ix.com/");
	/* Ideographic full stop separates labels. */
	check_resolve("http://a.kg/", "http://\xd0\xba\xd0\xb3\xe3\x80\x82kg/",
		      "http://xn--c1an.kg/");
	/* A disallowed character. */
	check_resolve("http://a.kg/", "http://a\xe2\x80\xa8" "b.kg/", NULL);
}

static void t_canonical(void)
{
	check_canon("HTTP://WWW.Akipress.ORG:80/news:123/?",
		    "http://www.akipress.org/news:123/");
	check_canon("https://user:pw@kabar.kg:443/a/../b/./c#frag",
		    "https://kabar.kg/b/c");
	check_canon("https://kabar.kg", "https://kabar.kg/");
	check_canon("https://kabar.kg:8080", "https://kabar.kg:8080/");
	/* Escapes: unreserved decoded, the rest upper-cased, %2F kept. */
	check_canon("http://x.kg/%7euser/%61b%2fc%3f?q=%7e%2b",
		    "http://x.kg/~user/ab%2Fc%3F?q=~%2B");
	check_canon("http://x.kg/%D0%B0%d0%b1", "http://x.kg/%D0%B0%D0%B1");
	check_canon("http://x.kg/абв", "http://x.kg/%D0%B0%D0%B1%D0%B2");
	/* Not http(s): no key. */
	check_canon("ftp://x.kg/file", NULL);
	check_canon("not a url", NULL);
	/* The key is a fixed point. */
	{
		struct err e = { "" };
		char *k1 = url_canonical(
			"http://X.kg/a/%2e%2E/b?utm_source=x&a=%41", &e);
		char *k2 = k1 ? url_canonical(k1, &e) : NULL;

		CHECK_STREQ(k1, "http://x.kg/b?a=A");
		CHECK_STREQ(k2, k1);
		free(k1);
		free(k2);
	}
}

static void t_tracking_params(void)
{
	check_canon("https://24.kg/n/1/?utm_source=rss&utm_medium=feed",
		    "https://24.kg/n/1/");
	check_canon("https://24.kg/n/1/?id=5&UTM_Campaign=x&fbclid=AbC&page=2",
		    "https://24.kg/n/1/?id=5&page=2");
	check_canon("https://kaktus.media/doc/1.html?from=rss",
		    "https://kaktus.media/doc/1.html");
	check_canon("https://kaktus.media/doc/1.html?from=main",
		    "https://kaktus.media/doc/1.html?from=main");
	check_canon("https://x.kg/?ref=rss&gclid=1&yclid=2&_openstat=abc&b=2&a=1",
		    "https://x.kg/?b=2&a=1");
	check_canon("https://x.kg/?a=1&&b=2&", "https://x.kg/?a=1&b=2");
	/* Only whole names: utm alone and "reference" stay. */
	check_canon("https://x.kg/?utm=1&reference=rss&utm_=2",
		    "https://x.kg/?utm=1&reference=rss&utm_=2");
}

static void t_accessors(void)
{
	struct err e = { "" };
	char *s;

	s = url_host("https://User@Kabar.KG:444/x", &e);
	CHECK_STREQ(s, "kabar.kg");
	free(s);
	CHECK(url_host("mailto:a@b", &e) == NULL);
	s = url_origin("https://Kabar.KG:443/x?y", &e);
	CHECK_STREQ(s, "https://kabar.kg");
	free(s);
	s = url_origin("http://kabar.kg:8080/x", &e);
	CHECK_STREQ(s, "http://kabar.kg:8080");
	free(s);
	CHECK(url_origin("ftp://kabar.kg/", &e) == NULL);
	s = url_robots_txt("https://kabar.kg/news/1?x#y", &e);
	CHECK_STREQ(s, "https://kabar.kg/robots.txt");
	free(s);
	s = url_path_query("https://kabar.kg/news/1?x=1#y", &e);
	CHECK_STREQ(s, "/news/1?x=1");
	free(s);
	s = url_remove_dot_segments("/a/b/../../../c/./d/..");
	CHECK_STREQ(s, "/c/");
	free(s);
}

TESTS(T(t_parse_components), T(t_resolve_links), T(t_hosts), T(t_idna),
      T(t_canonical), T(t_tracking_params), T(t_accessors))

/*
 * test_feed.c - the feed parser on tests/data/feeds: RSS 2.0, RDF, Atom
 * with xml:base, windows-1251 named by HTTP, KOI8-R named by the XML
 * declaration, ill-formed recovery, and hostile documents (an external
 * entity aimed at a local file, billion laughs) that must stay harmless.
 */
#include "harness.h"
#include "common/arena.h"
#include "common/fileio.h"
#include "common/json.h"
#include "common/utf8.h"
#include "crawler/feed/feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FEEDS "tests/data/feeds/"

static struct arena a = ARENA_INIT;

/* Parse a fixture; the return code of feed_parse_opts. */
static int parse_file(const char *name, const char *base, const char *ct,
		      struct feed *f)
{
	struct buf data = BUF_INIT, path = BUF_INIT;
	struct feed_opts o = { .base_url = base, .content_type = ct };
	struct err e = { "" };
	int r;

	arena_reset(&a);
	buf_addf(&path, FEEDS "%s", name);
	if (file_read(path.data, &data, &e) < 0) {
		fprintf(stderr, "cannot read '%s': %s\n", path.data, e.msg);
		buf_release(&path);
		return -2;
	}
	r = feed_parse_opts(data.data, data.len, &o, &a, f, &e);
	buf_release(&data);
	buf_release(&path);
	return r;
}

static int parse_str(const char *doc, struct feed *f)
{
	struct err e = { "" };

	arena_reset(&a);
	return feed_parse(doc, strlen(doc), NULL, NULL, &a, f, &e);
}

static int contains(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

static void t_rss20(void)
{
	struct feed f;
	const struct feed_entry *e;

	CHECK(parse_file("rss20_ru.xml", "https://news.example.kg/feed.rss",
			 "application/rss+xml", &f) == 0);
	CHECK_INTEQ(f.bozo, 0);
	CHECK_STREQ(f.version, "rss20");
	CHECK_STREQ(f.encoding, "utf-8");
	CHECK_STREQ(f.title, "Новости Кыргызстана");
	CHECK_STREQ(f.language, "ru");
	CHECK_INTEQ(f.nentries, 2);
	if (f.nentries < 2)
		return;
	e = &f.entries[0];
	CHECK_STREQ(e->title, "Генпрокуратура провела проверку");
	CHECK_STREQ(e->link, "https://news.example.kg/2026/11/18/1");
	CHECK_STREQ(e->id, "news-1");
	CHECK_STREQ(e->language, "ru");	/* the channel's */
	/* The script is gone, the markup is kept. */
	CHECK_STREQ(e->summary, "<p>Текст <b>анонса</b></p>");
	CHECK_STREQ(e->summary_type, "text/html");
	/* onclick removed, the relative link made absolute. */
	CHECK_STREQ(e->content, "<p>Полный <a href=\"https://news.example.kg"
				"/2026/11/18/1\">текст</a></p>");
	CHECK_STREQ(e->author, "Айгуль Асанова");
	CHECK_INTEQ(e->ntags, 2);
	if (e->ntags == 2) {
		CHECK_STREQ(e->tags[0].term, "Право");
		CHECK(e->tags[0].scheme == NULL);
		CHECK_STREQ(e->tags[1].scheme, "https://news.example.kg/tags");
	}
	CHECK_INTEQ(e->nenclosures, 1);
	if (e->nenclosures == 1) {
		CHECK_STREQ(e->enclosures[0].href,
			    "https://news.example.kg/img/1.jpg");
		CHECK_INTEQ(e->enclosures[0].length, 12345);
		CHECK_STREQ(e->enclosures[0].type, "image/jpeg");
	}
	CHECK_STREQ(e->published.text, "Wed, 18 Nov 2026 10:15:00 +0600");
	CHECK(e->published.ok);
	CHECK_INTEQ(e->published.t, 1794975300);
	CHECK(e->updated.text == NULL);
	/* A Russian date in pubDate, read as UTC (no default offset). */
	CHECK(f.entries[1].published.ok);
	CHECK_INTEQ(f.entries[1].published.t, 1794996900);
}

static void t_rdf(void)
{
	struct feed f;

	CHECK(parse_file("rdf.xml", NULL, NULL, &f) == 0);
	CHECK_INTEQ(f.bozo, 0);
	CHECK_STREQ(f.version, "rss10");
	CHECK_STREQ(f.title, "RDF site");
	CHECK_STREQ(f.link, "http://example.org/");
	CHECK_INTEQ(f.nentries, 1);
	if (f.nentries != 1)
		return;
	CHECK_STREQ(f.entries[0].id, "http://example.org/1");
	CHECK_STREQ(f.entries[0].link, "http://example.org/1");
	CHECK(f.entries[0].updated.ok);
	CHECK_INTEQ(f.entries[0].updated.t, 1794802500);
	CHECK_INTEQ(f.entries[0].ntags, 1);
}

static void t_atom_xml_base(void)
{
	struct feed f;
	const struct feed_entry *e;

	CHECK(parse_file("atom_base.xml", "http://ignored.example/", NULL,
			 &f) == 0);
	CHECK_INTEQ(f.bozo, 0);
	CHECK_STREQ(f.version, "atom10");
	CHECK_STREQ(f.link, "http://example.com/news/index.html");
	CHECK_STREQ(f.language, "ky");
	CHECK_INTEQ(f.nentries, 1);
	if (f.nentries != 1)
		return;
	e = &f.entries[0];
	CHECK_STREQ(e->link, "http://example.com/news/2026/item1.html");
	CHECK_STREQ(e->title, "A &lt;b&gt;bold&lt;/b&gt; title");
	CHECK_STREQ(e->title_type, "text/html");
	CHECK_STREQ(e->id, "tag:example.com,2026:1");
	CHECK_STREQ(e->author, "Author One (one@example.com)");
	CHECK_STREQ(e->content, "<p>See <a href=\"http://example.com/news/"
				"photo.jpg\">photo</a></p>");
	CHECK_STREQ(e->content_type, "application/xhtml+xml");
	CHECK_STREQ(e->language, "ky");
	CHECK_INTEQ(e->nenclosures, 1);
	if (e->nenclosures == 1) {
		CHECK_STREQ(e->enclosures[0].href,
			    "http://example.com/audio/1.mp3");
		CHECK_INTEQ(e->enclosures[0].length, 1000);
	}
	CHECK_INTEQ(e->published.t, 1794975300);
	CHECK_INTEQ(e->updated.t, 1794978000);
	CHECK_INTEQ(e->ntags, 1);
	if (e->ntags == 1)
		CHECK_STREQ(e->tags[0].label, "Courts");
}

static void t_windows1251_by_content_type(void)
{
	struct feed f;

	CHECK(parse_file("cp1251_http.xml", NULL,
			 "text/xml; charset=windows-1251", &f) == 0);
	CHECK_INTEQ(f.bozo, 0);
	CHECK_STREQ(f.encoding, "windows-1251");
	CHECK_STREQ(f.title, "Новости");
	CHECK_INTEQ(f.nentries, 1);
	if (f.nentries == 1) {
		CHECK_STREQ(f.entries[0].title, "Прокурор");
		CHECK_STREQ(f.entries[0].summary, "Суд вынес решение");
		CHECK_INTEQ(f.entries[0].published.t, 1794996900);
	}
	/* Without the header: recognised by the statistical guess, with
	 * bozo set as the declared (default) encoding was wrong. */
	CHECK(parse_file("cp1251_http.xml", NULL, NULL, &f) == 0);
	CHECK_INTEQ(f.bozo, 1);
	CHECK_STREQ(f.encoding, "windows-1251");
	CHECK_STREQ(f.title, "Новости");
}

static void t_koi8r_by_declaration(void)
{
	struct feed f;

	CHECK(parse_file("koi8r_decl.xml", NULL, NULL, &f) == 0);
	CHECK_INTEQ(f.bozo, 0);
	CHECK_STREQ(f.encoding, "koi8-r");
	CHECK_STREQ(f.title, "Новости");
	CHECK(f.nentries == 1 && !strcmp(f.entries[0].title, "Прокурор"));
	/* text/xml without a charset means us-ascii (RFC 3023): the
	 * declaration then rescues it, flagged. */
	CHECK(parse_file("koi8r_decl.xml", NULL, "text/xml", &f) == 0);
	CHECK_INTEQ(f.bozo, 1);
	CHECK_STREQ(f.encoding, "koi8-r");
	CHECK_STREQ(f.title, "Новости");
}

static void t_illformed_recovery(void)
{
	struct feed f;

	CHECK(parse_file("illformed.xml", NULL, NULL, &f) == 0);
	CHECK_INTEQ(f.bozo, 1);
	CHECK(f.bozo_msg != NULL);
	CHECK_STREQ(f.title, "Broken & unescaped");
	CHECK(f.nentries >= 1);
	if (f.nentries >= 1) {
		CHECK_STREQ(f.entries[0].link, "http://link/get?a=1&b=2");
		/* &nbsp; is an HTML entity: a no-break space. */
		CHECK(contains(f.entries[0].title, "with \xc2\xa0 HTML"));
		CHECK(contains(f.entries[0].title, "&undefined;"));
	}
}

/* An external entity naming a local file must never be read: the file
 * holds a canary that must not appear anywhere in the result. */
static void t_external_entity_harmless(void)
{
	char path[] = "/tmp/mm-feed-xxe-XXXXXX";
	char doc[1024];
	struct buf out = BUF_INIT;
	struct feed f;
	struct jw w;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, "XXE-CANARY-4711", 15) == 15);
	close(fd);
	snprintf(doc, sizeof(doc),
		 "<?xml version=\"1.0\"?>\n"
		 "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file://%s\">"
		 "<!ENTITY %% p SYSTEM \"file://%s\"> %%p;]>\n"
		 "<rss version=\"2.0\"><channel><title>&x;</title>"
		 "<item><title>a &x; b</title></item></channel></rss>",
		 path, path);
	parse_str(doc, &f);
	jw_init(&w, &out);
	feed_write_json(&f, &w);
	CHECK(!contains(out.data, "CANARY"));
	CHECK_INTEQ(f.bozo, 1);
	CHECK_INTEQ(f.nentries, 1);
	CHECK(f.hostile_dtd && contains(f.hostile_dtd, "external entity"));
	buf_release(&out);

	/* The fixture aims at /etc/passwd. */
	CHECK(parse_file("xxe.xml", NULL, NULL, &f) == 0);
	CHECK(!contains(f.title, "root:"));
	CHECK_STREQ(f.title, "XXE &xxe; here");
	CHECK(f.hostile_dtd && contains(f.hostile_dtd, "external entity"));
	/* A DOCTYPE after the root element is text, not a DTD. */
	snprintf(doc, sizeof(doc),
		 "<rss><channel><title>t</title><!DOCTYPE x [<!ENTITY y "
		 "SYSTEM \"file://%s\">]><item><title>&y;</title></item>"
		 "</channel></rss>", path);
	parse_str(doc, &f);
	CHECK_INTEQ(f.bozo, 1);
	CHECK(f.hostile_dtd == NULL);	/* text, never read as a DTD */
	for (size_t i = 0; i < f.nentries; i++)
		CHECK(!contains(f.entries[i].title, "CANARY"));
	unlink(path);
}

static void t_billion_laughs_harmless(void)
{
	struct feed f;
	clock_t t0 = clock();
	struct buf doc = BUF_INIT, out = BUF_INIT;
	struct jw w;

	CHECK(parse_file("billion_laughs.xml", NULL, NULL, &f) == 0);
	CHECK_INTEQ(f.bozo, 1);
	CHECK(f.title && strlen(f.title) < 100);
	CHECK(f.nentries == 1 && !strcmp(f.entries[0].title, "lol"));
	CHECK(f.hostile_dtd && contains(f.hostile_dtd, "entity expansion"));
	/* The "quadratic blowup": one big safe entity used many times is
	 * expanded only within a budget. */
	buf_adds(&doc, "<!DOCTYPE r [<!ENTITY a \"");
	for (int i = 0; i < 100000; i++)
		buf_addch(&doc, 'a');
	buf_adds(&doc, "\">]><rss><channel><title>");
	for (int i = 0; i < 50000; i++)
		buf_adds(&doc, "&a;");
	buf_adds(&doc, "</title></channel></rss>");
	parse_str(doc.data, &f);
	CHECK_INTEQ(f.bozo, 1);
	CHECK(f.title && strlen(f.title) <= 10 * doc.len + (1 << 20));
	/* Big but not built from entities: bounded, not refused. */
	CHECK(f.hostile_dtd == NULL);
	/* What real feeds declare is harmless too: the Netscape DOCTYPE's
	 * public identifier, a text entity, one character reference. */
	parse_str("<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD "
		  "RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/"
		  "rss-0.91.dtd\" [<!ENTITY a \"x\"><!ENTITY b \"&#38;\">]>"
		  "<rss version=\"0.91\"><channel><title>&a;&b;</title>"
		  "</channel></rss>", &f);
	CHECK(f.hostile_dtd == NULL);
	CHECK_STREQ(f.title, "x&");
	jw_init(&w, &out);
	feed_write_json(&f, &w);
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0);
	buf_release(&doc);
	buf_release(&out);
}

static void t_output_always_utf8(void)
{
	static const char bad[] = "<rss><channel><title>a\xff\xfe b \xc3"
				  "</title><item><title>\x80\x81</title>"
				  "</item></channel></rss>";
	struct buf out = BUF_INIT;
	struct feed f;
	struct jw w;

	arena_reset(&a);
	feed_parse(bad, sizeof(bad) - 1, NULL, NULL, &a, &f, NULL);
	jw_init(&w, &out);
	feed_write_json(&f, &w);
	CHECK(utf8_valid(out.data, out.len));
	CHECK(f.title && utf8_valid(f.title, strlen(f.title)));
	buf_release(&out);
}

static void t_empty_and_garbage(void)
{
	struct feed f;
	struct err e = { "" };

	arena_reset(&a);
	CHECK(feed_parse("", 0, NULL, NULL, &a, &f, &e) == 0);
	CHECK_INTEQ(f.bozo, 0);
	CHECK_INTEQ(f.nentries, 0);
	CHECK(parse_str("this is not a feed at all", &f) == -1);
	CHECK_INTEQ(f.bozo, 1);
	CHECK_INTEQ(f.nentries, 0);
	CHECK(parse_str("<html><body><p>no feed</p></body></html>", &f) == 0);
	CHECK_STREQ(f.version, "");
}

static void t_json_vocabulary(void)
{
	struct buf out = BUF_INIT;
	struct feed f;
	struct jw w;
	struct json *j;
	const struct json *e0;
	struct err e = { "" };
	struct arena ja = ARENA_INIT;

	CHECK(parse_file("atom_base.xml", NULL, NULL, &f) == 0);
	jw_init(&w, &out);
	feed_write_json(&f, &w);
	CHECK(json_parse(out.data, out.len, &ja, &j, &e) == 0);
	CHECK_STREQ(json_get_str(j, "version"), "atom10");
	e0 = json_get(j, "entries");
	e0 = e0 && e0->n ? e0->vals[0] : NULL;
	CHECK_STREQ(json_get_str(e0, "published_parsed"),
		    "2026-11-18T04:15:00Z");
	CHECK_STREQ(json_get_str(e0, "published"), "2026-11-18T10:15:00+06:00");
	CHECK_STREQ(json_get_str(json_get(e0, "title_detail"), "type"),
		    "text/html");
	CHECK_STREQ(json_get_str(json_get(e0, "author_detail"), "email"),
		    "one@example.com");
	CHECK(json_get(e0, "enclosures") && json_get(e0, "enclosures")->n == 1);
	buf_release(&out);
	arena_release(&ja);
}

static void cleanup(void)
{
	arena_release(&a);
}

TESTS(T(t_rss20), T(t_rdf), T(t_atom_xml_base),
      T(t_windows1251_by_content_type), T(t_koi8r_by_declaration),
      T(t_illformed_recovery), T(t_external_entity_harmless),
      T(t_billion_laughs_harmless), T(t_output_always_utf8),
      T(t_empty_and_garbage), T(t_json_vocabulary), T(cleanup))

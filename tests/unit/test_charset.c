/*
 * test_charset.c - encoding decisions in browser order (BOM, HTTP,
 * <meta>, XML declaration, guess) on the fixture pages in
 * tests/data/pages, that the output is always valid UTF-8, and the one
 * conversion both ways (lenient for pages, strict for feeds).
 */
#include "harness.h"
#include "common/charset.h"
#include "common/fileio.h"
#include "common/utf8.h"

#include <stdlib.h>

#define PAGES "tests/data/pages/"

/* The Cyrillic headline every encoding fixture carries. */
static const char headline[] =
	"Прокуратура Чуйской области проверила детские сады";

static void read_fixture(const char *name, struct buf *out)
{
	struct err e;

	if (file_read(name, out, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		CHECK(!"fixture readable");
	}
}

/* Convert a fixture and check the decision and the text. */
static void check_text(const char *file, const char *ctype,
		       const char *want_cs, enum charset_source want_src,
		       const char *want_text)
{
	struct buf raw = BUF_INIT, out = BUF_INIT;
	enum charset_source src;
	char cs[32];
	struct err e;

	read_fixture(file, &raw);
	CHECK_STREQ(charset_detect(raw.data, raw.len, ctype, &src), want_cs);
	CHECK_INTEQ(src, want_src);
	CHECK(charset_to_utf8(raw.data, raw.len, ctype, &out, cs, sizeof(cs),
			      &e) == 0);
	CHECK_STREQ(cs, want_cs);
	CHECK(utf8_valid(out.data, out.len));
	CHECK(strstr(out.data, want_text) != NULL);
	buf_release(&raw);
	buf_release(&out);
}

static void check_page(const char *file, const char *ctype,
		       const char *want_cs, enum charset_source want_src)
{
	check_text(file, ctype, want_cs, want_src, headline);
}

static void t_http_header_only(void)
{
	check_page(PAGES "ru-cp1251-nodecl.html",
		   "text/html; charset=windows-1251", "windows-1251",
		   CHARSET_HTTP);
	check_page(PAGES "ru-cp1251-nodecl.html", "text/html;charset=\"CP1251\"",
		   "windows-1251", CHARSET_HTTP);
}

static void t_meta_only(void)
{
	check_page(PAGES "ru-cp1251-meta.html", NULL, "windows-1251",
		   CHARSET_META);
	/* A header without a charset parameter does not hide the meta. */
	check_page(PAGES "ru-cp1251-meta.html", "text/html", "windows-1251",
		   CHARSET_META);
}

static void t_undeclared_guess(void)
{
	check_page(PAGES "ru-cp1251-nodecl.html", NULL, "windows-1251",
		   CHARSET_GUESS);
	check_page(PAGES "ru-koi8-none.html", NULL, "KOI8-R", CHARSET_GUESS);
	/* Encodings the hand-written Cyrillic guess could not name
	 * (it knew windows-1251 and KOI8-R only); uchardet can. */
	check_page(PAGES "ru-ibm866-none.html", NULL, "IBM866",
		   CHARSET_GUESS);
	check_page(PAGES "ru-iso88595-none.html", NULL, "ISO-8859-5",
		   CHARSET_GUESS);
	check_text(PAGES "de-fr-cp1252-none.html", NULL, "windows-1252",
		   CHARSET_GUESS, "Die Staatsanwaltschaft pr\xc3\xbc" "ft");
	check_text(PAGES "ru-article.html", NULL, "UTF-8", CHARSET_META,
		   "Генпрокуратура проверила закупки угля");
}

static void t_mislabeled_utf8(void)
{
	/* Says windows-1251, is UTF-8 (a stale template): the bytes win. */
	check_page(PAGES "ru-utf8-mislabeled.html", NULL, "UTF-8",
		   CHARSET_VALID_UTF8);
}

static void t_order(void)
{
	static const char koi_meta[] =
		"<meta charset=\"koi8-r\"><p>\xcf\xd2\xcf\xd7\xc5\xd2\xcb\xc1</p>";
	static const char bom_meta[] =
		"\xef\xbb\xbf<meta charset=\"windows-1251\"><p>\xd0\x94\xd0\xb0</p>";
	struct buf out = BUF_INIT;
	enum charset_source src;
	struct err e;

	/* HTTP beats <meta>. */
	CHECK_STREQ(charset_detect(koi_meta, sizeof(koi_meta) - 1,
				   "text/html; charset=windows-1251", &src),
		    "windows-1251");
	CHECK_INTEQ(src, CHARSET_HTTP);
	CHECK_STREQ(charset_detect(koi_meta, sizeof(koi_meta) - 1, NULL, &src),
		    "KOI8-R");
	/* The BOM beats everything and is not copied. */
	CHECK_STREQ(charset_detect(bom_meta, sizeof(bom_meta) - 1,
				   "text/html; charset=koi8-r", &src), "UTF-8");
	CHECK_INTEQ(src, CHARSET_BOM);
	CHECK(charset_to_utf8(bom_meta, sizeof(bom_meta) - 1, NULL, &out, NULL,
			      0, &e) == 0);
	CHECK(!strncmp(out.data, "<meta", 5));
	buf_release(&out);
	/* UTF-16 with a BOM is converted. */
	CHECK(charset_to_utf8("\xff\xfe<\0p\0>\0\x14\x04\x30\x04", 12, NULL,
			      &out, NULL, 0, &e) == 0);
	CHECK_STREQ(out.data, "<p>Да");
	buf_release(&out);
}

static void t_meta_prescan_forms(void)
{
	const char *s;

	s = "<html><head><meta http-equiv=\"Content-Type\" "
	    "content=\"text/html; charset=cp1251\">";
	CHECK_STREQ(charset_prescan(s, strlen(s)), "windows-1251");
	s = "<meta content='text/html; charset=koi8-r' http-equiv=content-type>";
	CHECK_STREQ(charset_prescan(s, strlen(s)), "KOI8-R");
	/* content= without http-equiv is not a declaration. */
	s = "<meta name=x content=\"text/html; charset=koi8-r\">";
	CHECK(charset_prescan(s, strlen(s)) == NULL);
	/* Commented out, or inside another tag's attribute: not seen. */
	s = "<!-- <meta charset=koi8-r> --><div title='<meta charset=koi8-r>'>";
	CHECK(charset_prescan(s, strlen(s)) == NULL);
	/* A <meta> can only claim UTF-16 by mistake: it means UTF-8. */
	s = "<meta charset=\"utf-16le\">";
	CHECK_STREQ(charset_prescan(s, strlen(s)), "UTF-8");
	/* Unknown labels are ignored, the next declaration counts. */
	s = "<meta charset=\"x-unknown\"><meta charset=\"windows-1251\">";
	CHECK_STREQ(charset_prescan(s, strlen(s)), "windows-1251");
	s = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss>\xcf\xf0</rss>";
	CHECK_STREQ(charset_detect(s, strlen(s), NULL, NULL), "windows-1251");
}

static void t_labels(void)
{
	CHECK_STREQ(charset_canonical("latin1", 6), "windows-1252");
	CHECK_STREQ(charset_canonical(" X-CP1251 ", 10), "windows-1251");
	CHECK_STREQ(charset_canonical("koi8-r", 6), "KOI8-R");
	CHECK(charset_canonical("ebcdic-nonsense", 15) == NULL);
	CHECK_STREQ(charset_from_content_type("text/html; Charset=\"UTF8\""),
		    "UTF-8");
	CHECK(charset_from_content_type("text/html") == NULL);
	CHECK(charset_from_content_type(NULL) == NULL);
}

static void t_always_valid_utf8(void)
{
	static const char junk[] = "a\xff\xfe\x00z\xd0";
	struct buf out = BUF_INIT;
	struct err e;
	char cs[16];

	CHECK(charset_to_utf8(junk, sizeof(junk) - 1, "text/html; charset=utf-8",
			      &out, cs, sizeof(cs), &e) == 0);
	CHECK(utf8_valid(out.data, out.len));
	CHECK(memchr(out.data, '\0', out.len) == NULL);
	CHECK(out.data[0] == 'a');
	buf_release(&out);
	/* windows-1251 has one unassigned byte (0x98): U+FFFD, not a drop. */
	CHECK(charset_to_utf8("\xc4\x98\xe0", 3, "text/html; charset=cp1251",
			      &out, cs, sizeof(cs), &e) == 0);
	CHECK_STREQ(out.data, "Д\xef\xbf\xbdа");
	buf_release(&out);
}

static void t_cap(void)
{
	struct buf raw = BUF_INIT, out;
	struct err e;

	read_fixture(PAGES "ru-cp1251-meta.html", &raw);
	buf_init(&out, 100);
	CHECK(charset_to_utf8(raw.data, raw.len, NULL, &out, NULL, 0, &e) == -1);
	buf_release(&out);
	buf_release(&raw);
}

/* charset_convert(): pages take U+FFFD for what does not decode, feeds
 * (strict) take nothing, so that the next candidate encoding is tried;
 * either way a failure leaves out as it was. */
static void t_convert(void)
{
	struct buf out = BUF_INIT, small;

	buf_adds(&out, "<");
	CHECK_INTEQ(charset_convert("windows-1251", "\xcf\xf0", 2,
				    CHARSET_STRICT, &out), 0);
	CHECK_STREQ(out.data, "<Пр");
	/* Python's spelling of an iconv name. */
	CHECK_INTEQ(charset_convert("iso_8859_5", "\xbf", 1, CHARSET_STRICT,
				    &out), 0);
	CHECK_STREQ(out.data, "<ПрП");
	buf_reset(&out);
	CHECK_INTEQ(charset_convert("utf-8", "a\xff" "b", 3, CHARSET_STRICT,
				    &out), -1);
	CHECK_INTEQ(charset_convert("us-ascii", "a\xe9", 2, CHARSET_STRICT,
				    &out), -1);
	CHECK_INTEQ(charset_convert("windows-1251", "\x98", 1, CHARSET_STRICT,
				    &out), -1);
	CHECK_INTEQ(charset_convert("no-such-charset", "a", 1, 0, &out), -1);
	CHECK_INTEQ((int)out.len, 0);
	CHECK_INTEQ(charset_convert("UTF8", "a\xff" "b", 3, 0, &out), 0);
	CHECK_STREQ(out.data, "a\xef\xbf\xbd" "b");
	buf_reset(&out);
	CHECK_INTEQ(charset_convert("KOI8-R", "\xf0\0", 2, 0, &out), 0);
	CHECK_STREQ(out.data, "П\xef\xbf\xbd");
	buf_release(&out);
	buf_init(&small, 3);
	CHECK_INTEQ(charset_convert("windows-1251", "\xcf\xf0", 2, 0,
				    &small), -2);
	CHECK_INTEQ((int)small.len, 0);
	buf_release(&small);
}

TESTS(T(t_http_header_only), T(t_meta_only), T(t_undeclared_guess),
      T(t_mislabeled_utf8), T(t_order), T(t_meta_prescan_forms), T(t_labels),
      T(t_always_valid_utf8), T(t_cap), T(t_convert))

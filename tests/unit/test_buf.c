/*
 * test_buf.c - the string buffer, arena, UTF-8 and JSON basics, and the
 * error struct's context prefix.
 */
#include "harness.h"
#include "common/arena.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/html.h"
#include "common/json.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "common/i18n.h"
#include "digest/digest_int.h"

#include <stdlib.h>
#include <unistd.h>

static void t_buf_grows_and_terminates(void)
{
	struct buf b = BUF_INIT;

	CHECK_STREQ(b.data, "");
	for (int i = 0; i < 1000; i++)
		CHECK(buf_addf(&b, "%d,", i) == 0);
	CHECK(b.data[b.len] == '\0');
	CHECK(!strncmp(b.data, "0,1,2,", 6));
	buf_release(&b);
	CHECK_STREQ(b.data, "");
}

static void t_buf_cap_refuses(void)
{
	struct buf b;

	buf_init(&b, 10);
	CHECK(buf_adds(&b, "0123456789") == 0);
	CHECK(buf_addch(&b, 'x') == -1);
	CHECK_INTEQ(b.len, 10);
	CHECK(buf_addf(&b, "%s", "more") == -1);
	buf_release(&b);
}

static void t_buf_detach_trim(void)
{
	struct buf b = BUF_INIT;
	char *s;
	size_t n;

	buf_adds(&b, "  hello \n");
	buf_trim(&b);
	CHECK_STREQ(b.data, "hello");
	s = buf_detach(&b, &n);
	CHECK_INTEQ(n, 5);
	CHECK_STREQ(s, "hello");
	CHECK_STREQ(b.data, "");
	free(s);
}

static void t_utf8_sanitize(void)
{
	struct buf b = BUF_INIT;

	CHECK(utf8_valid("Прокуратура", strlen("Прокуратура")));
	CHECK(!utf8_valid("\xc0\xaf", 2));	/* overlong */
	CHECK(!utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	utf8_sanitize(&b, "a\xff" "b", 3);
	CHECK_STREQ(b.data, "a\xef\xbf\xbd" "b");
	buf_release(&b);
}

static void t_json_roundtrip(void)
{
	struct arena a = ARENA_INIT;
	struct buf out = BUF_INIT;
	struct json *j;
	struct err e;
	struct jw w;
	const char *in = "{\"id\":\"x\\u0410\",\"n\":[1,2.5,true,null],"
			 "\"t\":\"a\\\"b\"}";

	CHECK(json_parse(in, strlen(in), &a, &j, &e) == 0);
	CHECK_STREQ(json_get_str(j, "id"), "x\xd0\x90");
	CHECK(json_get(j, "n")->n == 4);
	CHECK(json_get(j, "n")->vals[1]->num == 2.5);
	CHECK(json_parse("{\"a\":1,}", 8, &a, &j, &e) == -1);
	CHECK(json_parse("\"\xff\"", 3, &a, &j, &e) == -1);
	CHECK(json_parse("[\"\\ud800\"]", 10, &a, &j, &e) == -1);

	jw_init(&w, &out);
	jw_obj_begin(&w);
	jw_key(&w, "a");
	jw_str(&w, "q\"\n\x01");
	jw_key(&w, "b");
	jw_arr_begin(&w);
	jw_int(&w, 1);
	jw_null(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	CHECK_STREQ(out.data, "{\"a\":\"q\\\"\\n\\u0001\",\"b\":[1,null]}");
	buf_release(&out);
	arena_release(&a);
}

static void t_arena_big_and_reset(void)
{
	struct arena a = ARENA_INIT;
	char *small = arena_strdup(&a, "abc");
	char *big = arena_alloc(&a, 1 << 20);

	big[(1 << 20) - 1] = 'z';
	CHECK_STREQ(small, "abc");
	arena_reset(&a);
	CHECK_STREQ(arena_strdup(&a, "again"), "again");
	arena_release(&a);
}

/* Context goes in front of the cause once ("article 42: article 42: "
 * came from formatting a message into itself). */
static void t_err_prefix(void)
{
	struct err e;

	CHECK_INTEQ(err_set(&e, "duplicate key value"), -1);
	CHECK_INTEQ(err_prefix(&e, "article %d", 42), -1);
	CHECK_STREQ(e.msg, "article 42: duplicate key value");
	err_set(&e, "%s, again", e.msg);
	CHECK_STREQ(e.msg, "article 42: duplicate key value, again");
	memset(e.msg, 'x', sizeof(e.msg) - 1);
	e.msg[sizeof(e.msg) - 1] = '\0';
	err_prefix(&e, "article %d", 7);
	CHECK(!strncmp(e.msg, "article 7: xxx", 14));
	CHECK_INTEQ(strlen(e.msg), sizeof(e.msg) - 1);
	CHECK(err_prefix(NULL, "x") == -1);
}

/* Escaping copies plain text in runs; every kind of byte at every
 * place of a run: the five HTML escapes, dropped control characters,
 * DEL, UTF-8 and a byte that is not UTF-8. */
static void t_html_text_escapes(void)
{
	struct buf b = BUF_INIT;

	html_text(&b, "a&b<c>d\"e'f");
	CHECK_STREQ(b.data, "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	buf_reset(&b);
	html_text(&b, "<\x01x\ty\nz\x7f\r\xd0\x9f>");
	CHECK_STREQ(b.data, "&lt;x\ty\nz\x7f\xd0\x9f&gt;");
	buf_reset(&b);
	html_text(&b, "");
	html_text(&b, NULL);
	html_text(&b, "plain");
	CHECK_STREQ(b.data, "plain");
	buf_release(&b);
}

static void t_json_quote_escapes(void)
{
	struct buf b = BUF_INIT;
	static const char in[] = "a\"b\\c\nd\re\tf\bg\fh\x01i\x7fj"
				 "\xd0\x9f\xff\xe2\x82";

	json_quote(&b, in, sizeof(in) - 1);
	CHECK_STREQ(b.data, "\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh"
			    "\\u0001i\\u007fj\xd0\x9f\xef\xbf\xbd"
			    "\xef\xbf\xbd\xef\xbf\xbd\"");
	buf_reset(&b);
	json_quote(&b, "", 0);
	json_quote(&b, "plain", 5);
	CHECK_STREQ(b.data, "\"\"\"plain\"");
	/* two-byte characters copied as they are; a lead byte without its
	 * continuation (before another byte, or last) and an overlong
	 * lead are not characters */
	buf_reset(&b);
	json_quote(&b, "\xd0\x9f\xd0" "A\xd1\x8f\xc1\xbf\xd0", 9);
	CHECK_STREQ(b.data, "\"\xd0\x9f\xef\xbf\xbd" "A\xd1\x8f\xef\xbf\xbd"
			    "\xef\xbf\xbd\xef\xbf\xbd\"");
	buf_release(&b);
}

/* Containers of thousands of values (a day's 2,000 materials): a comma
 * between every two, and the parser reads back what was written. */
static void t_json_long_containers(void)
{
	struct buf out = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct json *j;
	struct err e;
	struct jw w;
	char key[16];

	jw_init(&w, &out);
	jw_obj_begin(&w);
	jw_key(&w, "list");
	jw_arr_begin(&w);
	for (int i = 0; i < 3000; i++)
		jw_int(&w, i);
	jw_arr_end(&w);
	for (int i = 0; i < 600; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		jw_key(&w, key);
		jw_int(&w, i);
	}
	jw_obj_end(&w);
	CHECK(strstr(out.data, ",255,256,257,") != NULL);
	CHECK(json_parse(out.data, out.len, &a, &j, &e) == 0 &&
	      json_get(j, "list")->n == 3000 &&
	      json_get(j, "list")->vals[2999]->num == 2999 &&
	      json_get(j, "k599")->num == 599);
	buf_release(&out);
	arena_release(&a);
}

/* A story's counts in each language, in an order that asks the kept
 * plural forms (digest_labels.c) for counts they hold and for counts
 * they do not: each the form the catalog gives for that count. */
static void t_story_size_forms(void)
{
	static const int counts[] = { 5, 1, 2, 21, 22, 25, 11, 1, 5, 2,
				      31, 40, 3, 0, 111, 21 };
	static const char *const langs[] = { "ru", "en", "ky", "ru" };
	struct buf got = BUF_INIT, want = BUF_INIT;
	char home[4096];
	ssize_t len = readlink("/proc/self/exe", home, sizeof(home) - 1);
	char *slash;

	/* the catalogs of the build this test is part of: BUILD/locale,
	 * and this test is BUILD/tests/test_buf */
	if (len > 0) {
		home[len] = '\0';
		for (int up = 0; up < 2 && (slash = strrchr(home, '/')); up++)
			*slash = '\0';
		setenv("MEDIAMON_HOME", home, 1);
	}
	CHECK(strcmp(trn("ru", "%d outlet", "%d outlets", 5), "%d outlets"));
	for (size_t l = 0; l < ARRAY_SIZE(langs); l++)
		for (size_t i = 0; i < ARRAY_SIZE(counts); i++) {
			int n = counts[i], k = counts[(i + 3) % 16];

			buf_reset(&got);
			buf_reset(&want);
			digest_story_size(&got, langs[l], n, k);
			buf_addf(&want, trn(langs[l], "%d outlet", "%d outlets",
					    (unsigned long)n), n);
			buf_adds(&want, ", ");
			buf_addf(&want, trn(langs[l], "%d article",
					    "%d articles", (unsigned long)k),
				 k);
			CHECK_STREQ(got.data, want.data);
		}
	buf_release(&got);
	buf_release(&want);
}

TESTS(T(t_buf_grows_and_terminates), T(t_buf_cap_refuses),
      T(t_story_size_forms),
      T(t_json_long_containers),
      T(t_html_text_escapes), T(t_json_quote_escapes),
      T(t_buf_detach_trim), T(t_utf8_sanitize), T(t_json_roundtrip),
      T(t_arena_big_and_reset), T(t_err_prefix))

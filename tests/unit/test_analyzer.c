/*
 * test_analyzer.c - the analyzer's parts: case folding, tokens and
 * sentences, links blanked out, stems, the YAML reader's FILE:LINE:COL
 * errors, lexicon loading, versions and reloading, PCRE2 limits, decisions
 * with their evidence, and the JSON contract of "analyze".  (Decisions as
 * data live in tests/data/analyzer/NAME.case, run by test_analyzer_cases.)
 */
#include "harness.h"
#include "lexicons.h"
#include "analyzer/analyze.h"
#include "analyzer/excerpt/sentence.h"
#include "common/yml.h"
#include "common/buf.h"
#include "common/fileio.h"
#include "common/json.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LEX_DIR "analyzer/lexicons/kg"

static void test_fold(void)
{
	static const char up[] = "ЁЛКА Прокуратура";
	struct arena a = ARENA_INIT;

	CHECK_STREQ(text_fold(&a, up, strlen(up)), "елка прокуратура");
	CHECK_STREQ(text_fold(&a, "ҢӨҮ Ысык-Көл", strlen("ҢӨҮ Ысык-Көл")),
		    "ңөү ысык-көл");
	CHECK_STREQ(text_fold(&a, "Prosecutor's", 12), "prosecutor's");
	arena_release(&a);
}

static void test_tokens(void)
{
	static const char t[] = "Прокуратура г. Бишкек вернула 4,2 млн. "
				"Жалал-Абад облусунда А. Иванов, но не так!";
	struct doc d = DOC_INIT;
	struct arena a = ARENA_INIT;
	struct stem st;

	stem_init(&st);
	doc_build(&d, t, strlen(t), &st, &a);
	CHECK_STREQ(d.tok[0].low, "прокуратура");
	CHECK_INTEQ(d.tok[0].start, 0);
	CHECK_INTEQ(d.tok[0].end, strlen("Прокуратура"));
	/* "г." and the initial "А." do not end sentences, "млн." does */
	CHECK_INTEQ(d.nsent, 2);
	CHECK_STREQ(d.tok[d.sent[1].t0].low, "жалал-абад");
	CHECK_STREQ(d.tok[4].low, "4,2");
	CHECK(d.tok[d.ntok - 3].flags & TOK_CLAUSE);	/* ", но" */
	/* inflected forms share a stem */
	CHECK_STREQ(stem_word(&st, "прокуратуры", strlen("прокуратуры"), &a),
		    stem_word(&st, "прокуратурой", strlen("прокуратурой"),
			      &a));
	doc_release(&d);
	stem_release(&st);
	arena_release(&a);
}

/* Links are blanked byte for byte; the text around them stays. */
static void test_links(void)
{
	static const char t[] = "См. https://prokuror.kg/ru/news/4521. "
				"Пишите: press@prokuror.kg, @prokuror_kg "
				"#прокуратура; источник 24.kg. Прокуратура.";
	struct arena a = ARENA_INIT;
	const char *m = text_mask_links(&a, t, strlen(t));
	static const char plain[] = "Прокуратура Оша вернула 4,2 млн сомов.";

	CHECK(m != t);
	CHECK_INTEQ((long)strlen(m), (long)strlen(t));
	CHECK(!strstr(m, "prokuror"));
	CHECK(!strstr(m, "24.kg"));
	CHECK(!strstr(m, "#"));
	CHECK(strstr(m, "См. ") == m);
	/* the full stop after a link still ends the sentence */
	CHECK(strstr(m, ". Пишите:") != NULL);
	CHECK(strstr(m, "; источник") != NULL);
	CHECK(strstr(m, ". Прокуратура.") != NULL);
	/* no link: the text itself, no copy */
	CHECK(text_mask_links(&a, plain, strlen(plain)) == plain);
	/* a missing space is not a domain: "office.The", "г.Бишкек" */
	CHECK(!strcmp(text_mask_links(&a, "office.The end", 14),
		      "office.The end"));
	arena_release(&a);
}

static void test_yml(void)
{
	static const char ok[] = "a:\n  - x\n  - {k: 'v'}\nb: 2\n";
	static const char dup[] = "a: 1\nb: 2\na: 3\n";
	static const char anchor[] = "a: &x 1\nb: *x\n";
	struct err e;
	struct yml *y = yml_parse("f.yaml", ok, strlen(ok), &e);
	double v;

	CHECK(y != NULL);
	if (y) {
		CHECK_INTEQ(yml_get(y, "a")->n, 2);
		CHECK_INTEQ(yml_get(y, "a")->kids[1]->line, 3);
		CHECK(yml_number("f.yaml", yml_get(y, "b"), &v, &e) == 0);
		CHECK(v == 2);
		CHECK(yml_number("f.yaml", yml_get(y, "a")->kids[0], &v, &e) <
		      0);
		CHECK_STREQ(e.msg, "f.yaml:2:5: 'x' is not a number");
		yml_free(y);
	}
	CHECK(yml_parse("f.yaml", dup, strlen(dup), &e) == NULL);
	CHECK_STREQ(e.msg, "f.yaml:3:1: duplicate key 'a'");
	CHECK(yml_parse("f.yaml", anchor, strlen(anchor), &e) == NULL);
	CHECK(strstr(e.msg, "f.yaml:1:4:") == e.msg);
}

static void append(const char *dir, const char *file, const char *text)
{
	char path[512];
	struct buf b = BUF_INIT;
	struct err e;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	CHECK(file_read(path, &b, &e) == 0);
	buf_adds(&b, text);
	CHECK(file_write_atomic(path, b.data, b.len, &e) == 0);
	buf_release(&b);
}

/* Replace the first old in dir/file by new. */
static void replace(const char *dir, const char *file, const char *old,
		    const char *new)
{
	char path[512];
	struct buf b = BUF_INIT, out = BUF_INIT;
	struct err e;
	char *at;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	CHECK(file_read(path, &b, &e) == 0);
	at = strstr(b.data, old);
	CHECK(at != NULL);
	if (at) {
		buf_add(&out, b.data, (size_t)(at - b.data));
		buf_adds(&out, new);
		buf_adds(&out, at + strlen(old));
		CHECK(file_write_atomic(path, out.data, out.len, &e) == 0);
	}
	buf_release(&b);
	buf_release(&out);
}

/* The copy at ROOT/kg does not load, for a reason that holds want and
 * (file not NULL) is reported in ROOT/kg/file; then a fresh copy. */
static void load_fails(const char *root, const char *file, const char *want)
{
	char dir[64], at[128];
	struct err e;
	struct lex *lx;
	int loaded;

	snprintf(dir, sizeof(dir), "%s/kg", root);
	lx = lex_load(dir, &e);
	loaded = lx != NULL;
	CHECK(!loaded);
	lex_free(lx);
	snprintf(at, sizeof(at), "%s/%s:", dir, file ? file : "");
	if ((file && strstr(e.msg, at) != e.msg) || !strstr(e.msg, want)) {
		fprintf(stderr, "want \"%s\" (in %s), got \"%s\"\n", want,
			file ? at : "any file", loaded ? "(loaded)" : e.msg);
		CHECK(!"the error names its cause and place");
	}
	lexcopy(root, "kg", 0);
}

static void test_lexicons(void)
{
	char root[] = "/tmp/mm-lexXXXXXX", dir[64], shared[64];
	struct lex *lx, *lx2;
	struct err e;

	CHECK(mkdtemp(root) != NULL);
	snprintf(dir, sizeof(dir), "%s/kg", root);
	snprintf(shared, sizeof(shared), "%s/shared", root);
	lexcopy(root, "kg", 0);
	lx = lex_load(dir, &e);
	CHECK(lx != NULL);
	if (!lx)
		return;
	CHECK_INTEQ(strlen(lx->version), 16);
	CHECK_INTEQ(lx->nregions, 9);
	CHECK_STREQ(lx->country.id, "kg");
	CHECK(lex_index(lx->countries, lx->ncountries, "kg") >= 0);
	/* a comment changes the bytes, so the version */
	append(shared, "tonality.yaml", "# a note\n");
	lx2 = lex_load(dir, &e);
	CHECK(lx2 && strcmp(lx->version, lx2->version));
	lex_free(lx2);
	/* a bad pattern is reported where it is written */
	replace(dir, "regions.yaml", "'\\b(?:баткен\\w*|batken)'",
		"'broken(('");
	load_fails(root, "regions.yaml", "missing closing parenthesis");
	/* the gazetteer names the regions of country.yaml, each of them */
	append(dir, "regions.yaml", "  extra:\n    - 'extra'\n");
	load_fails(root, "regions.yaml", "unknown region 'extra'");
	replace(dir, "country.yaml", "  batken: ", "  later: L\n  batken: ");
	load_fails(root, "country.yaml", "region 'later' has no patterns");
	append(dir, "country.yaml", "regions:\n  lost: Lost\n");
	load_fails(root, "country.yaml", "duplicate key 'regions'");
	append(shared, "violations.yaml", "stages:\n  later: ['x']\n");
	load_fails(root, NULL, "duplicate key 'stages'");
	append(dir, "office.yaml", "mention: []\n");
	load_fails(root, "office.yaml", "unrecognized section 'mention'");
	append(shared, "languages.yaml", "xx:\n  at: [a b]\n");
	load_fails(root, NULL, "'a b' is not one word");
	lex_free(lx);
	lexcopy_remove(root, "kg");
}

/* Reloaded lexicons change decisions without recompiling; a country's
 * folder adds its own words to the shared ones. */
static void test_reload(void)
{
	static const char t[] = "Прокуратура Кеминского района подписала "
				"меморандум.";
	static const char more[] = "words:\n  - weight: 5\n"
				   "    terms: [меморандум]\n";
	char root[] = "/tmp/mm-lexXXXXXX", dir[64], path[96];
	struct analyze_input in = { .text = t, .len = sizeof(t) - 1 };
	struct arena a = ARENA_INIT;
	struct analyzer an;
	struct analysis r;
	struct err e;

	CHECK(mkdtemp(root) != NULL);
	snprintf(dir, sizeof(dir), "%s/kg", root);
	lexcopy(root, "kg", 0);
	CHECK(analyzer_open(&an, dir, "kg", &e) == 0);
	analyze(&an, &in, &a, &r);
	CHECK_INTEQ(r.art.tone, TONE_NEU);
	analyzer_close(&an);
	arena_reset(&a);
	snprintf(path, sizeof(path), "%s/tonality.yaml", dir);
	CHECK(file_write_atomic(path, more, strlen(more), &e) == 0);
	CHECK(analyzer_open(&an, dir, "kg", &e) == 0);
	analyze(&an, &in, &a, &r);
	CHECK_INTEQ(r.art.tone, TONE_POS);
	analyzer_close(&an);
	CHECK(analyzer_open(&an, dir, "xx", &e) < 0);
	CHECK(strstr(e.msg, "country 'xx' is not defined") != NULL);
	arena_release(&a);
	lexcopy_remove(root, "kg");
}

static void test_rx_limits(void)
{
	struct err e;
	struct rx *r = rx_compile("(a+)+$", &e);
	struct rx_matcher *m = rx_matcher_new(), *m2 = rx_matcher_new();
	struct buf s = BUF_INIT;
	size_t ms, me;

	CHECK(r != NULL);
	for (int i = 0; i < 40; i++)
		buf_addch(&s, 'a');
	buf_addch(&s, 'b');
	/* catastrophic backtracking ends at the limit, not in an hour */
	CHECK_INTEQ(rx_find(m, r, s.data, s.len, 0, &ms, &me), -1);
	/* one pattern, two matchers: each keeps its own match */
	CHECK_INTEQ(rx_find(m, r, "xaa", 3, 0, &ms, &me), 1);
	CHECK_INTEQ(rx_find(m2, r, "xaaa", 4, 0, &ms, &me), 1);
	CHECK_INTEQ(me - ms, 3);
	CHECK(rx_compile("(", &e) == NULL);
	CHECK(strstr(e.msg, "offset 1") != NULL);
	rx_free(r);
	/* one start only (what hscan.c's places are tried with); the
	 * matcher then searches the whole text again */
	r = rx_compile("\\bпрокурор\\w*", &e);
	CHECK(r != NULL);
	CHECK_INTEQ(rx_find_at(m, r, "x ПРОКУРОРА", 20, 0, &ms, &me), 0);
	CHECK_INTEQ(rx_find_at(m, r, "x ПРОКУРОРА", 20, 2, &ms, &me), 1);
	CHECK_INTEQ(me, 20);
	CHECK_INTEQ(rx_find(m, r, "x ПРОКУРОРА", 20, 0, &ms, &me), 1);
	CHECK_INTEQ(ms, 2);
	rx_free(r);
	rx_matcher_free(m);
	rx_matcher_free(m2);
	buf_release(&s);
}

/* Two analyzers in one process, used in turn, give what each gives
 * alone: nothing of one analysis lives outside its analyzer. */
static void test_two_analyzers(void)
{
	static const char t1[] = "Прокуратура Сокулукского района вернула "
				 "в бюджет 5 млн сомов.";
	static const char t2[] = "Бывший прокурор Таласского района "
				 "задержан при получении взятки.";
	struct analyze_input in1 = { .text = t1, .len = sizeof(t1) - 1 };
	struct analyze_input in2 = { .text = t2, .len = sizeof(t2) - 1 };
	struct analyzer a1, a2;
	struct arena a = ARENA_INIT;
	struct analysis r;
	struct err e;

	CHECK(analyzer_open(&a1, LEX_DIR, "kg", &e) == 0);
	CHECK(analyzer_open(&a2, LEX_DIR, "kg", &e) == 0);
	for (int i = 0; i < 2; i++) {
		analyze(&a1, &in1, &a, &r);
		CHECK_INTEQ(r.art.tone, TONE_POS);
		analyze(&a2, &in2, &a, &r);
		CHECK_INTEQ(r.art.tone, TONE_NEG);
		arena_reset(&a);
	}
	analyzer_close(&a1);
	analyze(&a2, &in1, &a, &r);
	CHECK_INTEQ(r.art.tone, TONE_POS);
	analyzer_close(&a2);
	arena_release(&a);
}

static struct analyzer an;
static struct arena ar = ARENA_INIT;

/* The evidence of rule (with these words, when text is not NULL). */
static const struct ev *find_ev_text(const struct evs *ev, const char *rule,
				     const char *text)
{
	for (int i = 0; i < ev->n; i++)
		if (!strcmp(ev->v[i].rule, rule) &&
		    (!text || !strcmp(ev->v[i].text, text)))
			return &ev->v[i];
	return NULL;
}

static const struct ev *find_ev(const struct evs *ev, const char *rule)
{
	return find_ev_text(ev, rule, NULL);
}

static void run(const char *text, struct analysis *r)
{
	struct analyze_input in = { .text = text, .len = strlen(text) };

	arena_reset(&ar);
	analyze(&an, &in, &ar, r);
}

static void test_decisions(void)
{
	struct analysis r;
	const struct ev *e;

	/* role: credited with a result */
	run("Прокуратура Чуйской области взыскала и вернула в бюджет "
	    "7 млн сомов.", &r);
	CHECK_INTEQ(r.nm, 1);
	CHECK_INTEQ(r.m[0].t.tone, TONE_POS);
	e = find_ev_text(&r.m[0].t.ev, "role.credit", "вернула");
	CHECK(e && e->weight > 0);
	/* role: procedure is neutral, even next to a crime */
	run("Прокурор запросил 10 лет для бывшего чиновника, обвиняемого "
	    "в получении взятки.", &r);
	CHECK_INTEQ(r.art.tone, TONE_NEU);
	e = find_ev(&r.m[0].t.ev, "role.wrongdoing");
	CHECK(e && e->weight == 0);
	/* role: staff accused */
	run("Бывший прокурор Ошской области арестован.", &r);
	CHECK_INTEQ(r.art.tone, TONE_NEG);
	CHECK(r.m[0].staff == 2);
	/* negation turns a credit round */
	run("Прокуратура так и не вернула деньги вкладчикам.", &r);
	CHECK_INTEQ(r.art.tone, TONE_NEG);
	CHECK(find_ev(&r.m[0].t.ev, "role.negated") != NULL);
	/* contrast: the clause after "однако" weighs more */
	run("Прокуратура вернула в бюджет 2 млн сомов, однако депутаты "
	    "раскритиковали прокуратуру за волокиту.", &r);
	CHECK_INTEQ(r.art.tone, TONE_NEG);
	CHECK(find_ev(&r.art.ev, "after_contrast") != NULL);
	/* jurisdiction: a foreign office is no mention */
	run("Генпрокуратура Казахстана вернула активы.", &r);
	CHECK_INTEQ(r.nm, 0);
	CHECK_INTEQ(r.art.tone, TONE_NULL);
	CHECK_STREQ(an.lx->countries[r.country], "kz");
	/* inflection: every case form is the office */
	run("Прокуратурой, прокуратуре и прокурорами.", &r);
	CHECK_INTEQ(r.nm, 3);
	/* Kyrgyz forms */
	run("Башкы прокуратуранын талабы менен айлык акы төлөндү.", &r);
	CHECK_INTEQ(r.nm, 1);
	CHECK_INTEQ(r.art.tone, TONE_POS);
	CHECK(find_ev(&r.m[0].t.ev, "role.intervention") != NULL);
	CHECK_STREQ(r.lang, "ky");
}

/* The "analyze --jsonl" contract: keys, types, byte offsets. */
static void test_json_contract(void)
{
	static const char t[] = "«Ёлки»: прокуратура Баткенской области "
				"добилась выплаты зарплаты рабочим.";
	struct analyze_input in = { .text = t, .len = sizeof(t) - 1 };
	struct buf out = BUF_INIT;
	struct analysis r;
	struct json *j, id = { .type = JSON_STR, .str = (char *)"x1",
				 .len = 2 };
	const struct json *m, *v;
	struct err e;
	struct jw w;

	in.has_target = 1;
	in.tstart = (size_t)(strstr(t, "рабочим") - t);
	in.tend = in.tstart + strlen("рабочим");
	arena_reset(&ar);
	analyze(&an, &in, &ar, &r);
	jw_init(&w, &out);
	analysis_json(&an, &r, &id, t, &w);
	CHECK(json_parse(out.data, out.len, &ar, &j, &e) == 0);
	if (!j)
		return;
	CHECK_STREQ(json_get_str(j, "id"), "x1");
	CHECK_STREQ(json_get_str(j, "lang"), "ru");
	CHECK_STREQ(json_get_str(j, "tonality"), "positive");
	CHECK(json_get(j, "score")->type == JSON_NUM);
	CHECK(json_get(j, "positive")->type == JSON_NUM);
	CHECK(json_get(j, "negative")->type == JSON_NUM);
	m = json_get(j, "mentions");
	CHECK(m && m->type == JSON_ARR && m->n == 1);
	if (m && m->n == 1) {
		const struct json *m0 = m->vals[0];
		size_t s = (size_t)json_get(m0, "start")->num;
		size_t en = (size_t)json_get(m0, "end")->num;

		CHECK(en - s == strlen("прокуратура Баткенской области"));
		CHECK(!memcmp(t + s, json_get_str(m0, "text"), en - s));
		CHECK_STREQ(json_get_str(m0, "tonality"), "positive");
		CHECK(json_get(m0, "score")->type == JSON_NUM);
		CHECK(json_get(m0, "evidence")->type == JSON_ARR);
		CHECK(json_get_str(json_get(m0, "evidence")->vals[0],
				   "rule") != NULL);
	}
	v = json_get(j, "violations");
	CHECK(v && v->type == JSON_ARR && v->n == 1);
	if (v && v->n == 1) {
		CHECK_STREQ(json_get_str(v->vals[0], "category"), "labour");
		CHECK_STREQ(json_get_str(v->vals[0], "stage"), "decided");
		CHECK_STREQ(json_get_str(v->vals[0], "country"), "kg");
		CHECK_STREQ(json_get_str(v->vals[0], "region"), "batken");
		CHECK(json_get(v->vals[0], "evidence")->type == JSON_ARR);
	}
	v = json_get(j, "regions");
	CHECK(v && v->n == 1 && !strcmp(v->vals[0]->str, "batken"));
	v = json_get(j, "target");
	CHECK(v && json_get_str(v, "tonality") && json_get(v, "score") &&
	      json_get(v, "evidence"));
	/* no mention: tonality null, never a missing key */
	run("Погода в Бишкеке.", &r);
	buf_reset(&out);
	jw_init(&w, &out);
	analysis_json(&an, &r, NULL, "Погода в Бишкеке.", &w);
	CHECK(strstr(out.data, "\"tonality\":null") != NULL);
	CHECK(strstr(out.data, "\"mentions\":[]") != NULL);
	CHECK(strstr(out.data, "\"id\"") == NULL);
	buf_release(&out);
}

/* Title text is analysed; offsets still point into the text. */
static void test_title(void)
{
	static const char t[] = "Прокуратура района вернула 3 гектара.";
	struct analyze_input in = { .text = t, .len = sizeof(t) - 1,
				    .title = "Генпрокуратура: земля "
					     "возвращена" };
	struct analysis r;

	arena_reset(&ar);
	analyze(&an, &in, &ar, &r);
	CHECK_INTEQ(r.nm, 1);
	CHECK_INTEQ(r.m[0].start, 0);
	CHECK_INTEQ(r.m[0].end, strlen("Прокуратура района"));
}

/* The digest cuts the sentence naming the office from a window of 320
 * bytes on each side of the mention (digest/digest_data.c) for analyses
 * stored without one: the same sentence as from the whole text, at every
 * offset, through long sentences, long runs without a stop, newlines and
 * two- and three-byte characters. */
static void test_sentence_window(void)
{
	struct buf t = BUF_INIT;
	struct arena a = ARENA_INIT;
	int differ = 0;

	for (int k = 0; k < 40; k++) {
		buf_adds(&t, k % 3 ? "Прокуратура района проверила " :
				     "The office checked ");
		for (int w = 0; w < (k * 7) % 45; w++)
			buf_adds(&t, w % 5 ? "жалобу " : "\xe2\x80\x94 ");
		buf_adds(&t, k % 4 == 0 ? ".\n" : k % 4 == 1 ? "! " :
			     k % 4 == 2 ? ". " : "? ");
	}
	CHECK(t.len > 3000);
	for (size_t off = 0; off <= t.len; off++) {
		size_t cut = off > 320 ? off - 320 : 0;
		size_t n = t.len - cut < 640 ? t.len - cut : 640;
		const char *whole, *window;

		if (((unsigned char)t.data[off] & 0xc0) == 0x80)
			continue;	/* mentions start on a character */
		whole = office_sentence(&a, t.data, t.len, off);
		window = office_sentence(&a, t.data + cut, n, off - cut);
		differ += strcmp(whole, window) != 0;
		CHECK(strlen(whole) <= 604);
		arena_reset(&a);
	}
	CHECK_INTEQ(differ, 0);
	arena_release(&a);
	buf_release(&t);
}

static void test_setup(void)
{
	struct err e;

	if (analyzer_open(&an, LEX_DIR, "kg", &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		CHECK(!"lexicons load");
		exit(1);
	}
}

static void test_teardown(void)
{
	analyzer_close(&an);
	arena_release(&ar);
}

TESTS(T(test_fold), T(test_tokens), T(test_links), T(test_yml),
      T(test_lexicons), T(test_reload), T(test_rx_limits),
      T(test_two_analyzers), T(test_sentence_window), T(test_setup),
      T(test_decisions), T(test_json_contract), T(test_title),
      T(test_teardown))

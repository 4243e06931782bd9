/*
 * test_vmodel.c - the violation model: a document's features, the model
 * file (values, FILE:LINE errors, writing it back), scores and the words
 * behind them, the policy against the rules, and the analyzer with a
 * model in its lexicon directory (evidence "model", MEDIAMON_NO_VMODEL).
 */
#include "harness.h"
#include "lexicons.h"
#include "analyzer/analyze.h"
#include "analyzer/vmodel.h"
#include "common/buf.h"
#include "common/fileio.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LEX_DIR "analyzer/lexicons/kg"

static char cat0[] = "corruption", cat1[] = "fraud", cat2[] = "other";
static char *const cats[] = { cat0, cat1, cat2 };

/* A made-up word no rule knows, so only the model can see it. */
static const char model_text[] =
	"features\tstems prefix\n"
	"output\tsigmoid\n"
	"threshold\tnone\t0.5\n"
	"threshold\tgeneral\toff\n"
	"threshold\tmore\t0.9\n"
	"threshold\tveto\t0\n"
	"categories\tfraud\tother\n"
	"bias\t-2\t-3\n"
	"word\tквакозябр\t4\t0\n"
	"word\tквако*\t1\t-1\n";

static struct vmodel *parse(const char *text, struct err *e)
{
	return vmodel_parse("m.tsv", text, strlen(text), cats, 3, e);
}

static void test_features(void)
{
	static const char t[] = "Квакозябры украли квакозябру, 12 раз.";
	struct doc d = DOC_INIT;
	struct arena a = ARENA_INIT;
	struct vm_feats f;
	struct stem st;
	int stem = 0, prefix = 0, bigram = 0, digits = 0;

	stem_init(&st);
	doc_build(&d, t, strlen(t), &st, &a);
	vmodel_features(&d, VM_STEMS | VM_BIGRAMS | VM_PREFIX, &a, &f);
	for (size_t i = 0; i < f.n; i++) {
		stem += !strcmp(f.v[i].key, "квакозябр");
		prefix += !strcmp(f.v[i].key, "квако*");
		bigram += !strcmp(f.v[i].key, "квакозябр укра");
		digits += strchr(f.v[i].key, '1') != NULL;
	}
	/* each feature once, though two words share the stem */
	CHECK_INTEQ(stem, 1);
	CHECK_INTEQ(prefix, 1);
	CHECK_INTEQ(bigram, 1);
	CHECK_INTEQ(digits, 0);
	/* stems only */
	vmodel_features(&d, VM_STEMS, &a, &f);
	for (size_t i = 0; i < f.n; i++)
		CHECK(!strchr(f.v[i].key, '*') && !strchr(f.v[i].key, ' '));
	doc_release(&d);
	stem_release(&st);
	arena_release(&a);
}

static void test_file(void)
{
	struct err e;
	struct vmodel *m = parse(model_text, &e);
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "features\tstems\ncategories\tfraud\tbogus\n",
		  "m.tsv:2: category 'bogus' is not in violations.yaml" },
		{ "features\tstems\nbias\t1\n",
		  "m.tsv:2: weights before the 'categories' line" },
		{ "features\tstems\ncategories\tfraud\tother\nword\tx\t1\n",
		  "m.tsv:3: 1 weights for 2 categories" },
		{ "features\tstems\nthreshold\tnone\tabc\n",
		  "m.tsv:2: 'abc' is not a number" },
		{ "features\tstems words\n",
		  "m.tsv:1: unknown feature kind 'words'" },
		{ "# only a comment\ncategories\tfraud\n",
		  "m.tsv: no 'features' line" },
		{ "features\tstems\ncategories\tfraud\nword\tx\t1\n"
		  "word\tx\t2\n", "m.tsv:4: word 'x' twice" },
		{ "features\tstems\nweight\tfraud\tx\t1\n",
		  "m.tsv:2: expected 'features'" },
	};

	CHECK(m != NULL);
	if (!m)
		return;
	CHECK_INTEQ(m->kinds, VM_STEMS | VM_PREFIX);
	CHECK(!m->softmax);
	CHECK(fabs(m->pol.none - 0.5) < 1e-9);
	CHECK(m->pol.general >= VM_OFF);
	CHECK(m->known[1] && m->known[2] && !m->known[0]);
	CHECK(fabs(m->bias[1] + 2) < 1e-9);
	CHECK(vmodel_row(m, "квакозябр", 0) != NULL);
	CHECK(vmodel_row(m, "квакозябра", 0) == NULL);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK(parse(bad[i].text, &e) == NULL);
		if (strncmp(e.msg, bad[i].want, strlen(bad[i].want)))
			fprintf(stderr, "got \"%s\", want \"%s\"\n", e.msg,
				bad[i].want);
		CHECK(!strncmp(e.msg, bad[i].want, strlen(bad[i].want)));
	}
	vmodel_free(m);
}

/* Scores, the words behind them, and the file written back. */
static void test_score(void)
{
	static const char t[] = "Они украли квакозябру.";
	struct doc d = DOC_INIT;
	struct arena a = ARENA_INIT;
	struct buf b = BUF_INIT;
	struct vm_feats f;
	struct stem st;
	struct err e;
	struct vmodel *m = parse(model_text, &e), *m2;
	double p[3], p2[3], w[4];
	size_t idx[4], n;

	CHECK(m != NULL);
	if (!m)
		return;
	stem_init(&st);
	doc_build(&d, t, strlen(t), &st, &a);
	vmodel_features(&d, m->kinds, &a, &f);
	vmodel_score(m, &f, p);
	CHECK(p[0] == -1);			/* not in the model */
	CHECK(fabs(p[1] - 1 / (1 + exp(-3.0))) < 1e-9);	/* -2 + 4 + 1 */
	CHECK(fabs(p[2] - 1 / (1 + exp(4.0))) < 1e-9);	/* -3 + 0 - 1 */
	/* the word's stem and prefix are one piece of evidence */
	n = vmodel_why(m, &f, 1, idx, w, 4);
	CHECK_INTEQ(n, 1);
	CHECK(fabs(w[0] - 5) < 1e-9);
	CHECK_STREQ(d.tok[f.v[idx[0]].tok].low, "квакозябру");
	CHECK_INTEQ(vmodel_why(m, &f, 2, idx, w, 4), 0);
	/* written and read back, it scores the same */
	vmodel_write(m, cats, "# a note\n", &b);
	CHECK(strstr(b.data, "# a note\n") != NULL);
	m2 = vmodel_parse("w.tsv", b.data, b.len, cats, 3, &e);
	CHECK(m2 != NULL);
	if (m2) {
		vmodel_score(m2, &f, p2);
		for (int k = 0; k < 3; k++)
			CHECK(fabs(p[k] - p2[k]) < 1e-6);
		CHECK(fabs(m2->pol.more - 0.9) < 1e-9);
		vmodel_free(m2);
	}
	/* softmax: "none" at 0 takes the rest */
	m->softmax = 1;
	vmodel_score(m, &f, p);
	CHECK(p[0] == -1);
	CHECK(fabs(p[1] - exp(3.0) / (1 + exp(3.0) + exp(-4.0))) < 1e-9);
	buf_release(&b);
	vmodel_free(m);
	doc_release(&d);
	stem_release(&st);
	arena_release(&a);
}

static void test_decide(void)
{
	struct vm_policy pol = { 0.5, VM_OFF, 0.9, 0.05 };
	unsigned char none[3] = { 0, 0, 0 }, fraud[3] = { 0, 1, 0 };
	signed char act[3];
	double p1[3] = { 0.6, 0.2, 0.7 }, p2[3] = { 0.95, 0.01, 0.1 };
	double p3[3] = { -1, 0.6, 0.02 };

	/* nothing from the rules: what passes "none"; "other" only when
	 * no specific category is added */
	vmodel_decide(&pol, 3, p1, none, 0, 2, act);
	CHECK(act[0] == 1 && act[1] == 0 && act[2] == 0);
	vmodel_decide(&pol, 3, p1, none, 0, -1, act);
	CHECK(act[0] == 1 && act[2] == 1);
	/* a not_violation cue: "general" (off) decides */
	vmodel_decide(&pol, 3, p1, none, 1, 2, act);
	CHECK(act[0] == 0 && act[1] == 0 && act[2] == 0);
	/* the rules found fraud: another category needs "more", and a
	 * rules' category the model finds unlikely goes (veto) */
	vmodel_decide(&pol, 3, p1, fraud, 0, 2, act);
	CHECK(act[0] == 0 && act[1] == 0 && act[2] == 0);
	vmodel_decide(&pol, 3, p2, fraud, 0, 2, act);
	CHECK(act[0] == 1 && act[1] == -1 && act[2] == 0);
	/* a category the model does not know is left to the rules */
	vmodel_decide(&pol, 3, p3, none, 0, 2, act);
	CHECK(act[0] == 0 && act[1] == 1);
	pol.veto = 0.9;
	vmodel_decide(&pol, 3, p3, fraud, 0, 2, act);
	CHECK(act[1] == -1 && act[0] == 0);
}

static void put(const char *dir, const char *file, const char *text,
		size_t n)
{
	char path[512];
	struct err e;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	CHECK(file_write_atomic(path, text, n, &e) == 0);
}

/* The analyzer with a model in its lexicons: it adds what the rules do
 * not see, says why, takes the stage from the stage cues; without the
 * file, or with MEDIAMON_NO_VMODEL, the rules decide alone. */
static void test_analyze(void)
{
	static const char t[] = "Жители села Кок-Жар пожаловались на "
				"квакозябру у реки.";
	char root[] = "/tmp/mm-vmodelXXXXXX", dir[64], v1[17];
	struct analyze_input in = { .text = t, .len = sizeof(t) - 1 };
	struct arena a = ARENA_INIT;
	struct analyzer an;
	struct analysis r;
	struct err e;
	const struct violation *v;

	/* the lexicons without their model: the rules alone */
	CHECK(mkdtemp(root) != NULL);
	snprintf(dir, sizeof(dir), "%s/kg", root);
	lexcopy(root, "kg", 0);
	CHECK(analyzer_open(&an, dir, "kg", &e) == 0);
	analyze(&an, &in, &a, &r);
	CHECK_INTEQ(r.nv, 0);
	memcpy(v1, an.lx->version, sizeof(v1));
	analyzer_close(&an);
	put(dir, "violation-model.tsv", model_text, strlen(model_text));
	CHECK(analyzer_open(&an, dir, "kg", &e) == 0);
	CHECK(strcmp(v1, an.lx->version) != 0);
	analyze(&an, &in, &a, &r);
	CHECK_INTEQ(r.nv, 1);
	if (r.nv == 1) {
		v = &r.v[0];
		CHECK_STREQ(an.lx->categories[v->category], "fraud");
		CHECK_STREQ(stage_names[v->stage], "alleged");
		CHECK(v->ev.n >= 2);
		CHECK_STREQ(v->ev.v[0].rule, "model");
		CHECK_STREQ(v->ev.v[0].text, "квакозябру");
		CHECK(fabs(v->ev.v[0].weight - 5) < 1e-9);
		CHECK_STREQ(v->ev.v[1].rule, "model.p");
		CHECK_STREQ(v->ev.v[1].text, "0.95");
	}
	analyzer_close(&an);
	setenv("MEDIAMON_NO_VMODEL", "1", 1);
	CHECK(analyzer_open(&an, dir, "kg", &e) == 0);
	CHECK_STREQ(an.lx->version, v1);
	analyze(&an, &in, &a, &r);
	CHECK_INTEQ(r.nv, 0);
	analyzer_close(&an);
	unsetenv("MEDIAMON_NO_VMODEL");
	/* a model that names a category the lexicon lacks is an error */
	put(dir, "violation-model.tsv", "features\tstems\n"
	    "categories\tbribery\n", 34);
	CHECK(analyzer_open(&an, dir, "kg", &e) < 0);
	CHECK(strstr(e.msg, "violation-model.tsv:2: category 'bribery'") !=
	      NULL);
	arena_release(&a);
	lexcopy_remove(root, "kg");
}

TESTS(T(test_features), T(test_file), T(test_score), T(test_decide),
      T(test_analyze))

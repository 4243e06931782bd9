/*
 * test_tmodel.c - the tonality model (analyzer/tmodel.c): its file (the
 * "mix" lines, the feature kinds), the cue features it sees around a
 * mention, its decision mixed with the rules' and its evidence, the
 * target model, and MEDIAMON_NO_TMODEL.  The weights here are made up
 * (a word no rule knows), so only the model can see it.
 */
#include "harness.h"
#include "lexicons.h"
#include "analyzer/analyze.h"
#include "analyzer/vmodel.h"
#include "common/buf.h"
#include "common/fileio.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char neg[] = "negative", pos[] = "positive";
static char *const cats[] = { neg, pos };

/* "квакозябр" pushes toward negative; the rules' choice counts 3 in the
 * article, nothing for a target. */
static const char model_text[] =
	"features\tstems prefix wide cues\n"
	"output\tsoftmax\n"
	"mix\tarticle\t3\t0\t0\n"
	"mix\ttarget\t0\t0\t0\n"
	"categories\tnegative\tpositive\n"
	"bias\t-1\t-1\n"
	"word\tквакозябр\t2.5\t0\n"
	"word\t#question\t0.5\t0\n";

static struct vmodel *parse(const char *text, struct err *e)
{
	return vmodel_parse("t.tsv", text, strlen(text), cats, 2, e);
}

static void test_file(void)
{
	struct buf b = BUF_INIT;
	struct err e;
	struct vmodel *m = parse(model_text, &e), *m2;

	CHECK(m != NULL);
	if (!m)
		return;
	CHECK_INTEQ(m->kinds, VM_STEMS | VM_PREFIX | VM_WIDE | VM_CUES);
	CHECK(m->has_mix && m->softmax);
	CHECK(fabs(m->mix[0].rules - 3) < 1e-9);
	CHECK(parse("features\tstems\nmix\tboth\t1\t0\t0\n", &e) == NULL);
	CHECK(strstr(e.msg, "t.tsv:2: mix is 'article' or 'target'") !=
	      NULL);
	/* written back, with its mix and no violation thresholds */
	vmodel_write(m, cats, "", &b);
	CHECK(strstr(b.data, "mix\tarticle\t3.000") != NULL);
	CHECK(strstr(b.data, "threshold") == NULL);
	m2 = vmodel_parse("w.tsv", b.data, b.len, cats, 2, &e);
	CHECK(m2 && fabs(m2->mix[0].rules - 3) < 1e-9);
	vmodel_free(m2);
	vmodel_free(m);
	buf_release(&b);
}

static int has(const struct vm_feats *f, const char *key)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (!strcmp(f->v[i].key, key))
			return 1;
	return 0;
}

/* The cues around a mention: the roles of tonality.yaml in its own
 * sentence ("#") and next to it ("~"), words after a negator ("!"), a
 * question; the words of a sentence two away are not seen. */
static void test_features(void)
{
	static const char t[] = "Жители жаловались на свалку. Почему "
				"прокуратура не отреагировала? Прокуратура "
				"вернула 5 млн сомов. Далее квакозябра.";
	struct analyze_input in = { .text = t, .len = sizeof(t) - 1,
				    .tfeatures = VM_STEMS | VM_WIDE |
						 VM_CUES };
	struct arena a = ARENA_INIT;
	struct analyzer an;
	struct analysis r;
	struct err e;

	setenv("MEDIAMON_NO_TMODEL", "1", 1);
	CHECK(analyzer_open(&an, "analyzer/lexicons/kg", "kg", &e) == 0);
	analyze(&an, &in, &a, &r);
	CHECK_INTEQ(r.nm, 2);
	CHECK(r.tfeat != NULL);
	CHECK(has(r.tfeat, "#credit"));
	CHECK(has(r.tfeat, "#question"));
	CHECK(has(r.tfeat, "!отреагирова"));
	CHECK(has(r.tfeat, "свалк"));		/* the sentence before */
	CHECK(has(r.tfeat, "#lang.ru"));
	analyzer_close(&an);
	unsetenv("MEDIAMON_NO_TMODEL");
	arena_release(&a);
}

static void put(const char *dir, const char *file, const char *text)
{
	char path[512];
	struct err e;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	CHECK(file_write_atomic(path, text, strlen(text), &e) == 0);
}

static enum tone article(struct analyzer *an, const char *t,
			 struct arena *a, struct analysis *r)
{
	struct analyze_input in = { .text = t, .len = strlen(t) };

	analyze(an, &in, a, r);
	return r->art.tone;
}

/* The model decides where the rules see nothing, and shows why; the
 * rules' own decision weighs 3 against it; MEDIAMON_NO_TMODEL leaves
 * the rules alone. */
static void test_analyze(void)
{
	static const char quiet[] = "Прокуратура района квакозябрит.";
	static const char credit[] = "Прокуратура вернула 5 млн сомов, "
				     "квакозябра.";
	static const char target[] = "Квакозябр Иванов пришёл.";
	char root[] = "/tmp/mm-tmodelXXXXXX", dir[64];
	struct analyze_input in = { .text = target,
				    .len = sizeof(target) - 1,
				    .has_target = 1, .tstart = 0,
				    .tend = 16 };
	struct arena a = ARENA_INIT;
	struct analyzer an;
	struct analysis r;
	struct err e;

	CHECK(mkdtemp(root) != NULL);
	snprintf(dir, sizeof(dir), "%s/kg", root);
	lexcopy(root, "kg", 0);
	put(dir, "tonality-model.tsv", model_text);
	put(dir, "target-model.tsv", model_text);
	CHECK(analyzer_open(&an, dir, "kg", &e) == 0);
	CHECK(an.lx->tmodel && an.lx->ttmodel);
	CHECK(article(&an, quiet, &a, &r) == TONE_NEG);
	CHECK(r.art.ev.n >= 2);
	if (r.art.ev.n >= 2) {
		/* the word of the text, not the stem */
		CHECK_STREQ(r.art.ev.v[0].rule, "tmodel");
		CHECK_STREQ(r.art.ev.v[0].text, "квакозябрит");
		CHECK(r.art.ev.v[0].weight < 0);
		CHECK_STREQ(r.art.ev.v[1].rule, "tmodel.p");
		CHECK(!strncmp(r.art.ev.v[1].text, "negative 0.", 11));
	}
	/* the rules said positive: 3 - 1 for it, 2.5 - 1 against */
	CHECK(article(&an, credit, &a, &r) == TONE_POS);
	analyze(&an, &in, &a, &r);
	CHECK(r.has_target && r.target.tone == TONE_NEG);
	analyzer_close(&an);
	setenv("MEDIAMON_NO_TMODEL", "1", 1);
	CHECK(analyzer_open(&an, dir, "kg", &e) == 0);
	CHECK(!an.lx->tmodel && !an.lx->ttmodel);
	CHECK(article(&an, quiet, &a, &r) == TONE_NEU);
	analyzer_close(&an);
	unsetenv("MEDIAMON_NO_TMODEL");
	arena_release(&a);
	lexcopy_remove(root, "kg");
}

TESTS(T(test_file), T(test_features), T(test_analyze))

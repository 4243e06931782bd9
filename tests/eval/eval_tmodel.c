/*
 * eval_tmodel.c - train the tonality model (analyzer/tmodel.c) and say
 * how it does where it was not trained:
 *   eval_tmodel [--lexicons DIR] [--features KINDS] [--l2 X] [--weight W]
 *               [--min-df N] [--folds K] [--sentiment FILE.tsv]
 *               [--out MODEL.tsv] FILE.jsonl...
 * The news sets' article tonality and the RuSentNE rows of the "tune"
 * half (eval_sentiment's split: the sentence's FNV-1a hash even) are the
 * training data; the items of a "real-*" file count --weight times.  The
 * mix with the rules (struct vm_mix) is chosen on out-of-fold scores:
 * K folds over the real items and the tune rows, each scored by a model
 * trained without it.  Those out-of-fold figures are printed against
 * the rules alone; the "check" half of RuSentNE is scored once, by the
 * final model, which never saw it.
 */
#include "analyzer/analyze.h"
#include "analyzer/vmodel.h"
#include "vmodel_learn.h"
#include "vocab.h"
#include "eval_prf.h"
#include "common/arena.h"
#include "common/buf.h"
#include "common/fileio.h"
#include "common/json.h"
#include "common/paths.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: eval_tmodel [--lexicons DIR] [--features KINDS] [--l2 X]\n"
	"         [--weight W] [--min-df N] [--folds K] "
	"[--sentiment FILE.tsv]\n"
	"         [--out MODEL.tsv] FILE.jsonl...\n";

enum group { G_NEWS, G_REAL, G_TUNE, G_CHECK };

/* Classes: -1 null (no mention), 0 negative, 1 neutral, 2 positive. */
struct item {
	enum group g;
	int fold;		/* real and tune items: 0 .. K-1 */
	int gold, rules;
	size_t *f, nf;		/* vocabulary ids, distinct */
	char *id;		/* news items', for -v */
	double z[2];		/* out-of-fold scores: negative, positive */
};

struct corpus {
	struct item *it;
	size_t n, alloc;
	struct vocab voc;	/* feature strings */
	size_t nreal, ntune, ncheck, nnews;
};

struct opts {
	unsigned kinds;
	double l2, weight;
	double tl2;		/* the target model's */
	int min_df, folds;
};

static char neg_name[] = "negative", pos_name[] = "positive";
static char *const cats[] = { neg_name, pos_name };

static int tone_class(const char *s)
{
	if (!s)
		return -1;
	return !strcmp(s, "negative") ? 0 : !strcmp(s, "positive") ? 2 : 1;
}

static int verbose;

static void add(struct corpus *c, enum group g, int gold, int rules,
		const struct vm_feats *f, const char *id)
{
	struct item *it;

	ALLOC_GROW(c->it, c->n + 1, c->alloc);
	it = &c->it[c->n++];
	memset(it, 0, sizeof(*it));
	it->g = g;
	it->gold = gold;
	it->rules = rules;
	it->id = id ? xstrdup(id) : NULL;
	if (g == G_REAL)
		it->fold = (int)c->nreal++;
	if (g == G_TUNE)
		it->fold = (int)c->ntune++;
	c->ncheck += g == G_CHECK;
	c->nnews += g == G_NEWS;
	it->f = xmalloc(((f ? f->n : 0) + 1) * sizeof(*it->f));
	for (size_t i = 0; f && i < f->n; i++)
		it->f[it->nf++] = vocab_id(&c->voc, f->v[i].key);
}

/* One news line: its article tonality, the rules' and the features. */
static void add_line(struct corpus *c, struct analyzer *an, enum group g,
		     const struct opts *o, const char *line, size_t n,
		     struct arena *a)
{
	struct analyze_input in = { 0 };
	struct analysis r;
	const struct json *t;
	struct json *j;
	struct err e;
	int gold;

	if (json_parse(line, n, a, &j, &e) < 0)
		return;
	t = json_get(j, "text");
	if (!t || t->type != JSON_STR)
		return;
	in.text = t->str;
	in.len = t->len;
	in.title = json_get_str(j, "title");
	in.tfeatures = o->kinds;
	analyze(an, &in, a, &r);
	gold = tone_class(json_get_str(j, "tonality"));
	if (gold < 0 && !r.nm)
		return;
	add(c, g, gold, r.nm ? tone_class(tone_name(r.art.tone)) : -1,
	    r.nm ? r.tfeat : NULL, json_get_str(j, "id"));
}

static int load_news(struct corpus *c, struct analyzer *an,
		     const struct opts *o, const char *path)
{
	const char *b = strrchr(path, '/');
	enum group g = !strncmp(b ? b + 1 : path, "real-", 5) ? G_REAL :
								  G_NEWS;
	struct buf data = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct err e;

	if (file_read(path, &data, &e) < 0) {
		fprintf(stderr, "eval_tmodel: %s\n", e.msg);
		return -1;
	}
	for (const char *p = data.data; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (n)
			add_line(c, an, g, o, p, n, &a);
		arena_reset(&a);
		p += n + (nl != NULL);
	}
	arena_release(&a);
	buf_release(&data);
	return 0;
}

static unsigned fnv1a(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The RuSentNE rows: text, entity_byte_start, entity_byte_end, label
 * by the header's names (eval_sentiment reads them the same way). */
static int load_sentiment(struct corpus *c, struct analyzer *an,
			  const struct opts *o, const char *path)
{
	struct buf data = BUF_INIT;
	struct arena a = ARENA_INIT;
	int col[4] = { -1, -1, -1, -1 }, nh = 0;
	static const char *const want[] = { "text", "entity_byte_start",
					    "entity_byte_end", "label" };
	char *p, *nl, *f[32];
	struct err e;

	if (file_read(path, &data, &e) < 0) {
		fprintf(stderr, "eval_tmodel: %s\n", e.msg);
		return -1;
	}
	for (p = data.data; *p; p = nl + 1) {
		struct analyze_input in = { 0 };
		struct analysis r;
		int n = 0, gold;

		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p) - 1;
		*nl = '\0';
		f[n++] = p;
		for (char *q = p; *q && n < 32; q++)
			if (*q == '\t') {
				*q = '\0';
				f[n++] = q + 1;
			}
		if (!nh) {
			nh = n;
			for (int i = 0; i < n; i++)
				for (int k = 0; k < 4; k++)
					if (!strcmp(f[i], want[k]))
						col[k] = i;
			continue;
		}
		if (n < nh || col[0] < 0 || col[1] < 0 || col[2] < 0 ||
		    col[3] < 0)
			continue;
		in.text = f[col[0]];
		in.len = strlen(in.text);
		in.has_target = 1;
		in.tstart = strtoul(f[col[1]], NULL, 10);
		in.tend = strtoul(f[col[2]], NULL, 10);
		in.tfeatures = o->kinds;
		analyze(an, &in, &a, &r);
		gold = tone_class(f[col[3]]);
		if (r.has_target && r.tfeat_target)
			add(c, fnv1a(in.text) & 1 ? G_CHECK : G_TUNE, gold,
			    tone_class(tone_name(r.target.tone)),
			    r.tfeat_target, NULL);
		arena_reset(&a);
	}
	arena_release(&a);
	buf_release(&data);
	return 0;
}

/* ---- training ---- */

/* Is the item trained on when fold is left out (-1: none)?  The
 * article model learns from the news sets, the target model from the
 * RuSentNE tune rows: what is said of an entity in one sentence is
 * another task than what an article says of the office. */
static int in_training(const struct item *it, int fold, int target)
{
	if (it->gold < 0 || it->g == G_CHECK ||
	    (it->g == G_TUNE) != target)
		return 0;
	return it->g == G_NEWS || it->fold != fold;
}

static struct vmodel *train(const struct corpus *c, const struct opts *o,
			    int fold, int target)
{
	size_t *df = xcalloc(c->voc.n + 1, sizeof(*df)), nnz = 0, r = 0;
	struct vmodel *m = vmodel_new(2, o->kinds);
	struct tset t = { 0 };
	double *w;

	t.ncat = 2;
	for (size_t i = 0; i < c->n; i++) {
		const struct item *it = &c->it[i];
		size_t rep = it->g == G_REAL ? (size_t)o->weight : 1;

		if (!in_training(it, fold, target))
			continue;
		t.n += rep;
		for (size_t j = 0; j < it->nf; j++)
			df[it->f[j]]++;
		nnz += rep * it->nf;
	}
	/* df becomes the local index + 1 of the features kept */
	for (size_t v = 0; v < c->voc.n; v++)
		df[v] = df[v] >= (size_t)o->min_df ? ++t.nfeat : 0;
	t.start = xmalloc((t.n + 1) * sizeof(*t.start));
	t.cols = xmalloc((nnz + 1) * sizeof(*t.cols));
	t.gold = xcalloc(t.n + 1, 2);
	nnz = 0;
	for (size_t i = 0; i < c->n; i++) {
		const struct item *it = &c->it[i];
		size_t rep = it->g == G_REAL ? (size_t)o->weight : 1;

		for (size_t k = 0; in_training(it, fold, target) && k < rep;
		     k++) {
			t.gold[r * 2] = it->gold == 0;
			t.gold[r * 2 + 1] = it->gold == 2;
			t.start[r++] = nnz;
			for (size_t j = 0; j < it->nf; j++)
				if (df[it->f[j]])
					t.cols[nnz++] = df[it->f[j]] - 1;
		}
	}
	t.start[r] = nnz;
	w = xcalloc((t.nfeat + 1) * 2, sizeof(*w));
	learn_lrm(&t, target ? o->tl2 : o->l2, w, m->bias);
	m->softmax = 1;
	m->has_mix = 1;
	for (size_t v = 0; v < c->voc.n; v++) {
		double *row;

		if (!df[v])
			continue;
		row = vmodel_row(m, c->voc.v[v], 1);
		row[0] = w[df[v] - 1];
		row[1] = w[t.nfeat + df[v] - 1];
	}
	tset_release(&t);
	free(w);
	free(df);
	return m;
}

/* The item's scores against neutral under m. */
static void scores(const struct corpus *c, const struct vmodel *m,
		   struct item *it)
{
	struct vm_feats f;
	double p[2], none;

	f.n = it->nf;
	f.v = xcalloc(f.n + 1, sizeof(*f.v));
	for (size_t j = 0; j < f.n; j++)
		f.v[j].key = c->voc.v[it->f[j]];
	vmodel_score(m, &f, p);
	none = 1 - p[0] - p[1] + 1e-12;
	it->z[0] = log(p[0] / none + 1e-12);
	it->z[1] = log(p[1] / none + 1e-12);
	free(f.v);
}

/* ---- deciding and scoring ---- */

/* The class of an item with a mention under mix x (tmodel_decide). */
static int decide(const struct item *it, const struct vm_mix *x)
{
	double zn = it->z[0] + x->neg + (it->rules == 0 ? x->rules : 0);
	double zp = it->z[1] + x->pos + (it->rules == 2 ? x->rules : 0);

	if (zn > 0 && zn >= zp)
		return 0;
	if (zp > 0 && zp > zn)
		return 2;
	return 1;
}

struct tally {
	struct prf k[3];
};

static void count(struct tally *t, int gold, int pred)
{
	for (int k = 0; k < 3; k++) {
		t->k[k].tp += gold == k && pred == k;
		t->k[k].fp += gold != k && pred == k;
		t->k[k].fn += gold == k && pred != k;
	}
}

/* x NULL: the rules alone.  Items of group g. */
static struct tally score(const struct corpus *c, enum group g,
			  const struct vm_mix *x)
{
	struct tally t;

	memset(&t, 0, sizeof(t));
	for (size_t i = 0; i < c->n; i++) {
		const struct item *it = &c->it[i];

		if (it->g != g)
			continue;
		count(&t, it->gold, it->rules < 0 ? -1 :
			  x ? decide(it, x) : it->rules);
	}
	return t;
}

static double macro(const struct tally *t, int target)
{
	return target ? (f1(&t->k[0]) + f1(&t->k[2])) / 2 :
			(f1(&t->k[0]) + f1(&t->k[1]) + f1(&t->k[2])) / 3;
}

static void print(const char *what, const struct tally *t, int target)
{
	printf("  %-34s %s %.3f  recall neg %.3f neu %.3f pos %.3f"
	       "  neg P %.3f\n", what, target ? "F1_PN" : "macro-F1",
	       macro(t, target), rec(&t->k[0]), rec(&t->k[1]),
	       rec(&t->k[2]), prec(&t->k[0]));
}

/* The mix that scores best on group g's out-of-fold scores; ties go to
 * the smaller change from the model alone. */
static double rules_min;	/* --rules-min: the least weight of the rules */
static double neg_prec;		/* --neg-precision: the least negative
				   precision of an article mix */

static struct vm_mix choose(const struct corpus *c, enum group g)
{
	static const double rules[] = { 0, 0.5, 1, 1.5, 2, 3 };
	struct vm_mix best = { 0, 0, 0 }, x;
	double bs = -1, bc = 0;

	for (size_t r = 0; r < sizeof(rules) / sizeof(*rules); r++)
		for (int n = -6; n <= 6 && rules[r] >= rules_min; n++)
			for (int p = -6; p <= 6; p++) {
				struct tally t;
				double s, cost;

				x = (struct vm_mix){ rules[r], n * 0.25,
						     p * 0.25 };
				t = score(c, g, &x);
				s = macro(&t, g == G_TUNE);
				/* a press office wants criticism flagged, but
				 * not buried in false alarms */
				if (g == G_REAL && prec(&t.k[0]) < neg_prec)
					s -= 1;
				cost = x.rules + fabs(x.neg) + fabs(x.pos);
				if (s > bs + 1e-9 ||
				    (s > bs - 1e-9 && cost < bc)) {
					bs = s;
					bc = cost;
					best = x;
				}
			}
	return best;
}

/* ---- main ---- */

static int options(int argc, char **argv, int *i, struct opts *o,
		   const char **lexdir, const char **tsv, const char **out,
		   const char **tout)
{
	for (; *i < argc && argv[*i][0] == '-'; (*i)++) {
		const char *a = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] :
							      NULL;

		if (!v)
			return -1;
		if (!strcmp(a, "--lexicons"))
			*lexdir = v;
		else if (!strcmp(a, "-v") && (*i)--)
			verbose = 1;
		else if (!strcmp(a, "--sentiment"))
			*tsv = v;
		else if (!strcmp(a, "--out"))
			*out = v;
		else if (!strcmp(a, "--l2"))
			o->l2 = atof(v);
		else if (!strcmp(a, "--target-l2"))
			o->tl2 = atof(v);
		else if (!strcmp(a, "--target-out"))
			*tout = v;
		else if (!strcmp(a, "--neg-precision"))
			neg_prec = atof(v);
		else if (!strcmp(a, "--rules-min"))
			rules_min = atof(v);
		else if (!strcmp(a, "--weight"))
			o->weight = atof(v);
		else if (!strcmp(a, "--min-df"))
			o->min_df = atoi(v);
		else if (!strcmp(a, "--folds"))
			o->folds = atoi(v);
		else if (!strcmp(a, "--features")) {
			struct vmodel *m;
			struct buf b = BUF_INIT;
			struct err e;

			buf_addf(&b, "features\t%s\ncategories\tnegative\n", v);
			m = vmodel_parse("--features", b.data, b.len, cats, 2,
					 &e);
			buf_release(&b);
			if (!m) {
				fprintf(stderr, "eval_tmodel: %s\n", e.msg);
				return -1;
			}
			o->kinds = m->kinds;
			vmodel_free(m);
		} else {
			return -1;
		}
		(*i)++;
	}
	if (o->weight < 1 || o->folds < 2 || o->min_df < 1 || *i >= argc)
		return -1;
	return 0;
}

/* The model file: what it was trained on and how it did where it was
 * not (the real items out of fold; the RuSentNE check half). */
static int write_model(const struct corpus *c, const struct opts *o,
		       struct vmodel *m, const char *out, int target,
		       const struct tally *got, const struct tally *rules)
{
	struct buf note = BUF_INIT, b = BUF_INIT;
	struct err e;
	int rc;

	if (target)
		buf_addf(&note, "# the target model: trained on %zu RuSentNE "
			 "tune rows, l2 %g, features in %d\n# or more rows; "
			 "mix chosen on %d-fold out-of-fold scores.  On the "
			 "check half\n# (never trained on): F1_PN %.3f "
			 "(rules alone %.3f)\n", c->ntune, o->tl2,
			 o->min_df, o->folds, macro(got, 1),
			 macro(rules, 1));
	else
		buf_addf(&note, "# the article model: trained on %zu news "
			 "items (%zu real, counted %g times),\n# l2 %g, "
			 "features in %d or more items; mix chosen on %d-fold"
			 "\n# out-of-fold scores of the real items, where "
			 "macro-F1 %.3f (rules alone\n# %.3f), negative "
			 "recall %.3f, precision %.3f\n", c->nnews + c->nreal,
			 c->nreal, o->weight, o->l2, o->min_df, o->folds,
			 macro(got, 0), macro(rules, 0), rec(&got->k[0]),
			 prec(&got->k[0]));
	m->mix[!target] = (struct vm_mix){ 0, 0, 0 };
	vmodel_write(m, cats, note.data, &b);
	rc = file_write_atomic(out, b.data, b.len, &e);
	if (rc < 0)
		fprintf(stderr, "eval_tmodel: %s\n", e.msg);
	buf_release(&note);
	buf_release(&b);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o = { VM_STEMS | VM_PREFIX | VM_WIDE | VM_CUES, 1, 3, 1,
			  2, 5 };
	const char *lexdir = NULL, *tsv = NULL, *out = NULL, *tout = NULL;
	struct corpus c = { 0 };
	struct analyzer an;
	struct vmodel *m, *tm;
	struct tally oof, rules, toof, trules, check, crules;
	struct vm_mix xa, xt;
	struct buf dir = BUF_INIT;
	struct err e;
	int i = 1, rc = 0;

	if (options(argc, argv, &i, &o, &lexdir, &tsv, &out, &tout) < 0) {
		fputs(usage, stderr);
		return 2;
	}
	if (!lexdir) {
		buf_addf(&dir, "%s/analyzer/lexicons/kg", mm_datadir());
		lexdir = dir.data;
	}
	/* the features and the rules' decisions without a model */
	setenv("MEDIAMON_NO_TMODEL", "1", 1);
	if (analyzer_open(&an, lexdir, "kg", &e) < 0) {
		fprintf(stderr, "eval_tmodel: %s\n", e.msg);
		return 1;
	}
	for (; i < argc; i++)
		if (load_news(&c, &an, &o, argv[i]) < 0)
			rc = 1;
	if (tsv && load_sentiment(&c, &an, &o, tsv) < 0)
		rc = 1;
	analyzer_close(&an);
	for (size_t k = 0; k < c.n; k++)
		c.it[k].fold %= o.folds;
	/* out-of-fold scores of the real items and the tune rows */
	for (int f = 0; f < o.folds; f++)
		for (int target = 0; target < 2; target++) {
			if (target && !c.ntune)
				break;
			m = train(&c, &o, f, target);
			for (size_t k = 0; k < c.n; k++)
				if (c.it[k].g == (target ? G_TUNE : G_REAL) &&
				    c.it[k].fold == f)
					scores(&c, m, &c.it[k]);
			vmodel_free(m);
		}
	xa = choose(&c, G_REAL);
	xt = choose(&c, G_TUNE);
	oof = score(&c, G_REAL, &xa);
	rules = score(&c, G_REAL, NULL);
	toof = score(&c, G_TUNE, &xt);
	trules = score(&c, G_TUNE, NULL);
	printf("%zu items: %zu real, %zu other news, %zu RuSentNE tune, "
	       "%zu check; %zu features\n", c.n, c.nreal, c.nnews, c.ntune,
	       c.ncheck, c.voc.n);
	printf("mix article %.2f %.2f %.2f, target %.2f %.2f %.2f\n",
	       xa.rules, xa.neg, xa.pos, xt.rules, xt.neg, xt.pos);
	print("real, rules alone", &rules, 0);
	print("real, out of fold, model + rules", &oof, 0);
	print("RuSentNE tune, rules alone", &trules, 1);
	print("RuSentNE tune, out of fold", &toof, 1);
	/* the final models, on everything but the check half */
	tm = train(&c, &o, -1, 1);
	tm->mix[1] = xt;
	for (size_t k = 0; k < c.n; k++)
		if (c.it[k].g == G_CHECK)
			scores(&c, tm, &c.it[k]);
	check = score(&c, G_CHECK, &xt);
	crules = score(&c, G_CHECK, NULL);
	print("RuSentNE check, rules alone", &crules, 1);
	print("RuSentNE check, final model", &check, 1);
	m = train(&c, &o, -1, 0);
	m->mix[0] = xa;
	if (out && write_model(&c, &o, m, out, 0, &oof, &rules) < 0)
		rc = 1;
	if (tout && write_model(&c, &o, tm, tout, 1, &check, &crules) < 0)
		rc = 1;
	vmodel_free(m);
	vmodel_free(tm);
	for (size_t k = 0; verbose && k < c.n; k++) {
		const struct item *it = &c.it[k];
		static const char *const nm[] = { "negative", "neutral",
						  "positive" };
		int p = it->rules < 0 ? -1 : decide(it, &xa);

		if (it->g == G_REAL && p != it->gold)
			fprintf(stderr, "%s want %s got %s (rules %s) "
				"z %.2f %.2f\n", it->id,
				it->gold < 0 ? "null" : nm[it->gold],
				p < 0 ? "null" : nm[p],
				it->rules < 0 ? "null" : nm[it->rules],
				it->z[0], it->z[1]);
	}
	for (size_t k = 0; k < c.n; k++) {
		free(c.it[k].f);
		free(c.it[k].id);
	}
	free(c.it);
	vocab_release(&c.voc);
	buf_release(&dir);
	return rc;
}

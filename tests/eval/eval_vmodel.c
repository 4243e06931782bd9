/*
 * eval_vmodel.c - train the violation model (analyzer/vmodel.h) on the
 * labelled news sets and measure it against the rules:
 *   eval_vmodel [OPTIONS] --out MODEL.tsv FILE...   train, write the model
 *   eval_vmodel [OPTIONS] --cv FILE...              leave one file out
 * The model's kind and the policy thresholds are chosen by
 * leave-one-file-out cross-validation on the training files; --cv then
 * scores each held-out file with the analyzer itself, rules alone and
 * rules with the model.
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCAT_MAX 32
#define INNER_K 5	/* folds over items when there is one file */
#define ALL_KINDS (VM_STEMS | VM_BIGRAMS | VM_PREFIX)

static const char usage[] =
	"usage: eval_vmodel [-v] [--lexicons DIR] [--select FILE,...]\n"
	"         [--model nb|nbm|lr|lrm] [--alpha X] [--l2 X]\n"
	"         [--features 'stems bigrams prefix'] [--min-df N] "
	"[--auto]\n"
	"         [--policy NONE,GENERAL,MORE,VETO]\n"
	"         (--out MODEL.tsv | --cv) FILE...\n";

enum method { NB, NBM, LR, LRM };

static const char *const method_names[] = { "nb", "nbm", "lr", "lrm" };

/* One kind of model: the learner, its smoothing and its features. */
struct cfg {
	enum method how;
	double reg;		/* alpha (naive Bayes) or l2 (regression) */
	unsigned kinds;		/* enum vm_kinds */
};

/* What --auto chooses from: naive Bayes and logistic regression, per
 * category and over all of them, a few strengths, with and without
 * bigrams. */
static const struct cfg candidates[] = {
	{ NB, 0.1, VM_STEMS | VM_PREFIX },
	{ NBM, 0.1, VM_STEMS | VM_PREFIX },
	{ NBM, 1, VM_STEMS | VM_PREFIX },
	{ NBM, 1, VM_STEMS | VM_BIGRAMS | VM_PREFIX },
	{ LR, 1, VM_STEMS | VM_PREFIX },
	{ LRM, 0.3, VM_STEMS | VM_PREFIX },
	{ LRM, 1, VM_STEMS | VM_PREFIX },
	{ LRM, 3, VM_STEMS | VM_PREFIX },
	{ LRM, 1, VM_STEMS | VM_BIGRAMS | VM_PREFIX },
};

struct opts {
	struct cfg cfg;		/* without --auto */
	int autocfg;		/* choose among candidates by CV */
	int min_df;		/* features in fewer training items drop */
	int fixed;		/* --policy given: no choosing */
	struct vm_policy pol;
	const char *select;	/* files whose items choose the policy */
	int verbose;
};

struct item {
	int file;
	char *line;		/* the JSON line, for the analyzer again */
	size_t *f;		/* vocabulary ids, distinct */
	size_t nf;
	unsigned char gold[NCAT_MAX];	/* count of each category */
	unsigned char rules[NCAT_MAX];	/* the rules' categories */
	int general;		/* a not_violation cue matched */
};

struct corpus {
	struct item *it;
	size_t n, alloc;
	const char **files;
	size_t nfiles;
	struct vocab voc;	/* feature strings */
	unsigned char *vkind;	/* enum vm_kinds of each */
	size_t akind;
	size_t ncat;
	char *const *cats;
	int other;
	struct vmodel *probe;	/* adds every category when "general" */
};

/* Count a prediction (0/1) of one category against gold (a count). */
static void prf_add(struct prf *s, int pred, int gold)
{
	int hit = pred && gold;

	s->tp += hit;
	s->fp += pred - hit;
	s->fn += gold - hit;
}

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void cfg_name(const struct cfg *g, char *out, size_t n)
{
	snprintf(out, n, "%s %s %g, %s%s%s", method_names[g->how],
		 g->how == NB || g->how == NBM ? "alpha" : "l2", g->reg,
		 g->kinds & VM_STEMS ? "stems" : "",
		 g->kinds & VM_BIGRAMS ? " bigrams" : "",
		 g->kinds & VM_PREFIX ? " prefix" : "");
}

/* ---- the corpus: features and labels of every item ---- */

/* A stem has no space (a bigram has) and no '*' (a prefix ends so). */
static unsigned kind_of(const char *key)
{
	if (strchr(key, ' '))
		return VM_BIGRAMS;
	return key[strlen(key) - 1] == '*' ? VM_PREFIX : VM_STEMS;
}

static size_t voc_id(struct corpus *c, const char *key)
{
	size_t v = vocab_id(&c->voc, key);

	ALLOC_GROW(c->vkind, v + 1, c->akind);
	c->vkind[v] = (unsigned char)kind_of(key);
	return v;
}

/* Analyse one labelled line with the rules alone and keep its features
 * (of every kind) and labels. */
static void add_item(struct corpus *c, struct analyzer *an, int file,
		     const char *line, size_t n, struct arena *a)
{
	const struct json *t, *gv;
	struct json *j;
	struct analyze_input in = { 0 };
	struct analysis r;
	struct vm_feats f;
	struct item *it;
	struct err e;

	if (json_parse(line, n, a, &j, &e) < 0) {
		fprintf(stderr, "eval_vmodel: %s: %s\n", c->files[file],
			e.msg);
		return;
	}
	t = json_get(j, "text");
	if (!t || t->type != JSON_STR)
		return;
	in.text = t->str;
	in.len = t->len;
	in.title = json_get_str(j, "title");
	analyze(an, &in, a, &r);
	ALLOC_GROW(c->it, c->n + 1, c->alloc);
	it = &c->it[c->n++];
	memset(it, 0, sizeof(*it));
	it->file = file;
	it->line = xstrndup(line, n);
	/* the analyzer's document is still the one just analysed */
	vmodel_features(&an->doc, ALL_KINDS, a, &f);
	it->f = xmalloc((f.n + 1) * sizeof(*it->f));
	for (size_t i = 0; i < f.n; i++)
		it->f[it->nf++] = voc_id(c, f.v[i].key);
	for (size_t i = 0; i < r.nv; i++)
		it->rules[r.v[i].category] = 1;
	/* "general" matters when the rules found nothing: ask the analyzer
	 * itself, through a model that adds a category exactly then */
	if (!r.nv) {
		an->lx->vmodel = c->probe;
		analyze(an, &in, a, &r);
		an->lx->vmodel = NULL;
		it->general = r.nv > 0;
	}
	gv = json_get(j, "violations");
	for (size_t g = 0; gv && g < gv->n; g++) {
		const char *cat = json_get_str(gv->vals[g], "category");
		int k = cat ? lex_index(c->cats, c->ncat, cat) : -1;

		if (k < 0)
			fprintf(stderr, "eval_vmodel: %s: unknown category "
				"'%s'\n", c->files[file], cat ? cat : "");
		else
			it->gold[k]++;
	}
}

static int load_file(struct corpus *c, struct analyzer *an, int file)
{
	struct buf data = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct err e;

	if (file_read(c->files[file], &data, &e) < 0) {
		fprintf(stderr, "eval_vmodel: %s\n", e.msg);
		return -1;
	}
	for (const char *p = data.data; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (n)
			add_item(c, an, file, p, n, &a);
		arena_reset(&a);
		p += n + (nl != NULL);
	}
	arena_release(&a);
	buf_release(&data);
	return 0;
}

/* ---- training ---- */

/* The training set of the items in use: features of the kinds of g in
 * at least min_df of them.  loc[v] is the local index + 1 of
 * vocabulary id v (0: not used). */
static void tset_build(const struct corpus *c, const unsigned char *use,
		       const struct cfg *g, int min_df, size_t *loc,
		       struct tset *t)
{
	size_t nnz = 0, r = 0;

	memset(t, 0, sizeof(*t));
	t->ncat = c->ncat;
	memset(loc, 0, c->voc.n * sizeof(*loc));
	for (size_t i = 0; i < c->n; i++) {
		t->n += use[i] != 0;
		for (size_t j = 0; use[i] && j < c->it[i].nf; j++)
			loc[c->it[i].f[j]]++;
	}
	for (size_t v = 0; v < c->voc.n; v++)
		loc[v] = loc[v] >= (size_t)min_df &&
				 (c->vkind[v] & g->kinds) ?
			 ++t->nfeat : 0;
	for (size_t i = 0; i < c->n; i++)
		for (size_t j = 0; use[i] && j < c->it[i].nf; j++)
			nnz += loc[c->it[i].f[j]] != 0;
	t->start = xmalloc((t->n + 1) * sizeof(*t->start));
	t->cols = xmalloc((nnz + 1) * sizeof(*t->cols));
	t->gold = xmalloc((t->n + 1) * c->ncat);
	nnz = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (!use[i])
			continue;
		memcpy(t->gold + r * c->ncat, c->it[i].gold, c->ncat);
		t->start[r++] = nnz;
		for (size_t j = 0; j < c->it[i].nf; j++)
			if (loc[c->it[i].f[j]])
				t->cols[nnz++] = loc[c->it[i].f[j]] - 1;
	}
	t->start[r] = nnz;
}

/* A model of kind g from the items in use; its policy is left off. */
static struct vmodel *train(const struct corpus *c, const unsigned char *use,
			    const struct cfg *g, int min_df)
{
	size_t *loc = xmalloc((c->voc.n + 1) * sizeof(*loc));
	struct vmodel *m = vmodel_new(c->ncat, g->kinds);
	struct tset t;
	double *w;

	tset_build(c, use, g, min_df, loc, &t);
	w = xcalloc((t.nfeat + 1) * c->ncat, sizeof(*w));
	m->softmax = g->how == NBM || g->how == LRM;
	if (g->how == NB)
		learn_nb(&t, g->reg, w, m->bias);
	else if (g->how == NBM)
		learn_nbm(&t, g->reg, w, m->bias);
	else if (g->how == LR)
		learn_lr(&t, g->reg, w, m->bias);
	else
		learn_lrm(&t, g->reg, w, m->bias);
	for (size_t v = 0; v < c->voc.n; v++) {
		double *row;

		if (!loc[v])
			continue;
		row = vmodel_row(m, c->voc.v[v], 1);
		for (size_t k = 0; k < c->ncat; k++)
			row[k] = w[k * t.nfeat + loc[v] - 1];
	}
	tset_release(&t);
	free(w);
	free(loc);
	return m;
}

/* ---- the model file ---- */

/* A threshold as the model file writes it. */
static const char *thr(double v, char *buf, size_t n)
{
	if (v >= VM_OFF)
		return "off";
	snprintf(buf, n, "%.2f", v);
	return buf;
}

/* The model as the analyzer will read it: through the file format. */
static struct vmodel *round_trip(const struct corpus *c,
				 const struct vmodel *m)
{
	struct buf b = BUF_INIT;
	struct vmodel *out;
	struct err e;

	vmodel_write(m, c->cats, "", &b);
	out = vmodel_parse("model", b.data, b.len, c->cats, c->ncat, &e);
	if (!out) {
		fprintf(stderr, "eval_vmodel: %s\n", e.msg);
		exit(1);
	}
	buf_release(&b);
	return out;
}

/* ---- choosing by cross-validation ---- */

/* p[k] for item it under model m. */
static void item_probs(const struct corpus *c, const struct vmodel *m,
		       const struct item *it, double *p)
{
	struct vm_feats f;

	f.n = it->nf;
	f.v = xcalloc(f.n + 1, sizeof(*f.v));
	for (size_t j = 0; j < f.n; j++)
		f.v[j].key = c->voc.v[it->f[j]];
	vmodel_score(m, &f, p);
	free(f.v);
}

/* Out-of-fold probabilities for the items in use: each fold (a file,
 * or every INNER_K-th item when there is one file) scored by a model
 * of kind g trained on the others.  p is [c->n][ncat]. */
static void out_of_fold(const struct corpus *c, const unsigned char *use,
			const struct cfg *g, int min_df, double *p)
{
	unsigned char *tr = xmalloc(c->n + 1), *in = xmalloc(c->n + 1);
	int files[64], nf = 0;

	for (size_t i = 0; i < c->n; i++) {
		int seen = 0;

		for (int f = 0; use[i] && f < nf; f++)
			seen |= files[f] == c->it[i].file;
		if (use[i] && !seen && nf < 64)
			files[nf++] = c->it[i].file;
	}
	for (int fold = 0; fold < (nf > 1 ? nf : INNER_K); fold++) {
		struct vmodel *m, *rt;
		size_t u = 0;

		for (size_t i = 0; i < c->n; i++) {
			in[i] = use[i] && (nf > 1 ?
					   c->it[i].file == files[fold] :
					   (int)(u % INNER_K) == fold);
			u += use[i];
			tr[i] = use[i] && !in[i];
		}
		m = train(c, tr, g, min_df);
		rt = round_trip(c, m);
		for (size_t i = 0; i < c->n; i++)
			if (in[i])
				item_probs(c, rt, &c->it[i], p + i * c->ncat);
		vmodel_free(m);
		vmodel_free(rt);
	}
	free(tr);
	free(in);
}

/* Score the categories that the rules and the model (probabilities p)
 * give item it under policy pol into s. */
static void score_policy(const struct corpus *c, const struct item *it,
			 const double *p, const struct vm_policy *pol,
			 struct prf *s)
{
	signed char act[NCAT_MAX];

	vmodel_decide(pol, c->ncat, p, it->rules, it->general, c->other,
		      act);
	for (size_t k = 0; k < c->ncat; k++)
		prf_add(s, (it->rules[k] && act[k] >= 0) || act[k] > 0,
			it->gold[k]);
}

static struct prf score_all(const struct corpus *c, const unsigned char *sel,
			    const double *p, const struct vm_policy *pol)
{
	struct prf s = { 0, 0, 0 };

	for (size_t i = 0; i < c->n; i++)
		if (sel[i])
			score_policy(c, &c->it[i], p + i * c->ncat, pol, &s);
	return s;
}

/* Thresholds tried, cautious first (a tie keeps the cautious one). */
static const double grid[] = { VM_OFF, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5,
			       0.4, 0.3, 0.2, 0.1 };
static const double vetos[] = { 0, 0.02, 0.05, 0.1 };

/* The policy with the best F1 of rules and model over the items in sel
 * (p out of fold); *best gets its score. */
static struct vm_policy choose(const struct corpus *c,
			       const unsigned char *sel, const double *p,
			       struct prf *best)
{
	struct vm_policy pol, win = { VM_OFF, VM_OFF, VM_OFF, 0 };
	double bf = -1;

	for (size_t a = 0; a < ARRAY_SIZE(grid); a++)
		for (size_t b = 0; b < ARRAY_SIZE(grid); b++)
			for (size_t m = 0; m < ARRAY_SIZE(grid); m++)
				for (size_t v = 0; v < ARRAY_SIZE(vetos);
				     v++) {
					struct prf s;

					pol = (struct vm_policy){ grid[a],
						grid[b], grid[m], vetos[v] };
					s = score_all(c, sel, p, &pol);
					if (f1(&s) > bf + 1e-9) {
						bf = f1(&s);
						win = pol;
						*best = s;
					}
				}
	return win;
}

/* The model alone, without the rules: "p >= t" at the t with the best
 * F1 over the items in sel (for the report: what the words know). */
static double alone_t(const struct corpus *c, const unsigned char *sel,
		      const double *p)
{
	double bf = -1, bt = 0.5;

	for (size_t g = 1; g < ARRAY_SIZE(grid); g++) {
		struct prf s = { 0, 0, 0 };

		for (size_t i = 0; i < c->n; i++)
			for (size_t k = 0; sel[i] && k < c->ncat; k++)
				prf_add(&s, p[i * c->ncat + k] >= grid[g],
					c->it[i].gold[k]);
		if (f1(&s) > bf) {
			bf = f1(&s);
			bt = grid[g];
		}
	}
	return bt;
}

static struct prf score_alone(const struct corpus *c,
			      const unsigned char *sel, const double *p,
			      double t)
{
	struct prf s = { 0, 0, 0 };

	for (size_t i = 0; i < c->n; i++)
		for (size_t k = 0; sel[i] && k < c->ncat; k++)
			prf_add(&s, p[i * c->ncat + k] >= t, c->it[i].gold[k]);
	return s;
}

/* Is file f one of the --select list (all files when there is none)? */
static int selected(const struct corpus *c, const struct opts *o, int f)
{
	const char *b = base(c->files[f]), *s = o->select;
	size_t n = strlen(b);

	if (!s)
		return 1;
	for (; *s; s += strcspn(s, ",") + (s[strcspn(s, ",")] == ',')) {
		if (strcspn(s, ",") == n && !strncmp(s, b, n))
			return 1;
	}
	return 0;
}

/* A trained model and how it was chosen. */
struct fit {
	struct vmodel *m;
	struct cfg cfg;
	struct prf rules, both;	/* out of fold, over the chosen items */
	double alone_t;		/* the model alone: p from here */
	struct prf alone;
	size_t nsel;
};

/* Train on the items in use: the kind of model (--auto) and the policy
 * with the best out-of-fold F1 over the items of the --select files
 * among them (all of them if none). */
static void fit(const struct corpus *c, const unsigned char *use,
		const struct opts *o, struct fit *out)
{
	unsigned char *sel = xmalloc(c->n + 1);
	double *p = xcalloc(c->n * c->ncat + 1, sizeof(*p));
	size_t ncand = o->autocfg ? ARRAY_SIZE(candidates) : 1;
	struct vm_policy off = { VM_OFF, VM_OFF, VM_OFF, 0 }, win = o->pol;
	double bf = -1;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < c->n; i++) {
		sel[i] = use[i] && selected(c, o, c->it[i].file);
		out->nsel += sel[i];
	}
	if (!out->nsel)
		memcpy(sel, use, c->n);
	out->cfg = o->cfg;
	for (size_t k = 0; k < ncand; k++) {
		const struct cfg *g = o->autocfg ? &candidates[k] : &o->cfg;
		struct vm_policy pol = o->pol;
		struct prf s;

		out_of_fold(c, use, g, o->min_df, p);
		if (o->fixed)
			s = score_all(c, sel, p, &pol);
		else
			pol = choose(c, sel, p, &s);
		if (o->verbose) {
			char name[80];

			cfg_name(g, name, sizeof(name));
			fprintf(stderr, "  candidate %s: F1 %.3f with none "
				"%.2f general %.2f more %.2f veto %.2f\n",
				name, f1(&s), pol.none, pol.general,
				pol.more, pol.veto);
		}
		if (f1(&s) > bf + 1e-9) {
			bf = f1(&s);
			out->cfg = *g;
			out->both = s;
			win = pol;
			out->rules = score_all(c, sel, p, &off);
			out->alone_t = alone_t(c, sel, p);
			out->alone = score_alone(c, sel, p, out->alone_t);
		}
	}
	out->m = train(c, use, &out->cfg, o->min_df);
	out->m->pol = win;
	free(sel);
	free(p);
}

/* The fit as comment lines for the model file and the report. */
static void fit_note(const struct fit *ft, struct buf *b)
{
	const struct vm_policy *p = &ft->m->pol;
	char name[80], t[4][16];

	cfg_name(&ft->cfg, name, sizeof(name));
	buf_addf(b, "# model %s; policy none %s general %s more %s veto "
		 "%s\n", name, thr(p->none, t[0], 16),
		 thr(p->general, t[1], 16), thr(p->more, t[2], 16),
		 thr(p->veto, t[3], 16));
	buf_addf(b, "# out of fold over %zu items: violation F1 rules "
		 "%.3f (P %.3f R %.3f),\n#   rules+model %.3f (P %.3f R "
		 "%.3f), model alone %.3f (p >= %.2f)\n", ft->nsel,
		 f1(&ft->rules), prec(&ft->rules), rec(&ft->rules),
		 f1(&ft->both), prec(&ft->both), rec(&ft->both),
		 f1(&ft->alone), ft->alone_t);
}

/* ---- scoring a held-out file with the analyzer ---- */

struct vscore {
	struct prf v;
	int pairs, stage_ok, country_ok;
};

/* Violations paired with gold by category, as eval_news does. */
static void score_analysis(const struct corpus *c, struct analyzer *an,
			   const struct json *j, const struct analysis *r,
			   struct vscore *s)
{
	const struct json *gv = json_get(j, "violations");
	int taken[NCAT_MAX] = { 0 };

	for (size_t g = 0; gv && g < gv->n; g++) {
		const char *cat = json_get_str(gv->vals[g], "category");
		const char *st = json_get_str(gv->vals[g], "stage");
		const char *co = json_get_str(gv->vals[g], "country");
		size_t p;

		for (p = 0; p < r->nv && p < NCAT_MAX; p++)
			if (!taken[p] && cat &&
			    !strcmp(c->cats[r->v[p].category], cat))
				break;
		if (p == r->nv || p == NCAT_MAX) {
			s->v.fn++;
			continue;
		}
		taken[p] = 1;
		s->v.tp++;
		s->pairs++;
		s->stage_ok += st && !strcmp(st, stage_names[r->v[p].stage]);
		s->country_ok += co &&
			!strcmp(co, an->lx->countries[r->v[p].country]);
	}
	for (size_t p = 0; p < r->nv && p < NCAT_MAX; p++)
		s->v.fp += !taken[p];
}

/* For -v: what the model changed in one item, with its evidence. */
static void show_change(const struct corpus *c, const struct json *j,
			const struct analysis *r0, const struct analysis *r1)
{
	const struct json *gv = json_get(j, "violations");
	const char *id = json_get_str(j, "id");

	for (size_t p = 0; p < r1->nv; p++) {
		const struct violation *v = &r1->v[p];
		int had = 0;

		for (size_t q = 0; q < r0->nv; q++)
			had |= r0->v[q].category == v->category;
		if (had)
			continue;
		fprintf(stderr, "  %s: model adds %s/%s [gold", id,
			c->cats[v->category], stage_names[v->stage]);
		for (size_t g = 0; gv && g < gv->n; g++)
			fprintf(stderr, " %s",
				json_get_str(gv->vals[g], "category"));
		fprintf(stderr, "]:");
		for (int e = 0; e < v->ev.n; e++)
			fprintf(stderr, " %s=%s(%.2f)", v->ev.v[e].rule,
				v->ev.v[e].text, v->ev.v[e].weight);
		fprintf(stderr, "\n");
	}
	for (size_t q = 0; q < r0->nv; q++) {
		int kept = 0;

		for (size_t p = 0; p < r1->nv; p++)
			kept |= r1->v[p].category == r0->v[q].category;
		if (!kept)
			fprintf(stderr, "  %s: model drops %s\n", id,
				c->cats[r0->v[q].category]);
	}
}

static void add_score(struct vscore *to, const struct vscore *s)
{
	to->v.tp += s->v.tp;
	to->v.fp += s->v.fp;
	to->v.fn += s->v.fn;
	to->pairs += s->pairs;
	to->stage_ok += s->stage_ok;
	to->country_ok += s->country_ok;
}

static void print_score(const char *what, const struct vscore *s)
{
	printf("  %-12s P %.3f  R %.3f  F1 %.3f  stage %.3f  country %.3f"
	       "  (tp %.0f fp %.0f fn %.0f)\n", what, prec(&s->v),
	       rec(&s->v), f1(&s->v),
	       s->pairs ? (double)s->stage_ok / s->pairs : 1.0,
	       s->pairs ? (double)s->country_ok / s->pairs : 1.0, s->v.tp,
	       s->v.fp, s->v.fn);
}

/* Analyse the items of file with and without model m; score both. */
static void held_out(const struct corpus *c, struct analyzer *an, int file,
		     struct vmodel *m, struct vscore *rules,
		     struct vscore *both, int verbose)
{
	struct arena a = ARENA_INIT;

	for (size_t i = 0; i < c->n; i++) {
		const struct item *it = &c->it[i];
		struct analyze_input in = { 0 };
		struct analysis r0, r1;
		struct json *j;
		const struct json *t;
		struct err e;

		if (it->file != file ||
		    json_parse(it->line, strlen(it->line), &a, &j, &e) < 0)
			continue;
		t = json_get(j, "text");
		in.text = t->str;
		in.len = t->len;
		in.title = json_get_str(j, "title");
		an->lx->vmodel = NULL;
		analyze(an, &in, &a, &r0);
		score_analysis(c, an, j, &r0, rules);
		an->lx->vmodel = m;
		analyze(an, &in, &a, &r1);
		score_analysis(c, an, j, &r1, both);
		an->lx->vmodel = NULL;
		if (verbose)
			show_change(c, j, &r0, &r1);
		arena_reset(&a);
	}
	arena_release(&a);
}

/* Leave each file out in turn: fit on the others, then score the file
 * with the rules, and with rules and model. */
static void cross_validate(const struct corpus *c, struct analyzer *an,
			   const struct opts *o)
{
	unsigned char *use = xmalloc(c->n + 1);
	double *p = xcalloc(c->n * c->ncat + 1, sizeof(*p));
	struct vscore all_r = { { 0, 0, 0 }, 0, 0, 0 }, all_b = all_r;
	struct prf all_a = { 0, 0, 0 };

	for (size_t f = 0; f < c->nfiles; f++) {
		struct vscore r = { { 0, 0, 0 }, 0, 0, 0 }, b = r;
		struct buf note = BUF_INIT;
		struct vmodel *rt;
		struct prf al;
		struct fit ft;

		for (size_t i = 0; i < c->n; i++)
			use[i] = c->it[i].file != (int)f;
		fit(c, use, o, &ft);
		rt = round_trip(c, ft.m);
		fit_note(&ft, &note);
		printf("held out %s (fit on the other files)\n%s",
		       base(c->files[f]), note.data);
		held_out(c, an, (int)f, rt, &r, &b, o->verbose);
		for (size_t i = 0; i < c->n; i++) {
			use[i] = !use[i];
			if (use[i])
				item_probs(c, rt, &c->it[i], p + i * c->ncat);
		}
		al = score_alone(c, use, p, ft.alone_t);
		print_score("rules", &r);
		print_score("rules+model", &b);
		printf("  model alone  P %.3f  R %.3f  F1 %.3f  (p >= %.2f)\n",
		       prec(&al), rec(&al), f1(&al), ft.alone_t);
		add_score(&all_r, &r);
		add_score(&all_b, &b);
		all_a.tp += al.tp;
		all_a.fp += al.fp;
		all_a.fn += al.fn;
		vmodel_free(ft.m);
		vmodel_free(rt);
		buf_release(&note);
	}
	printf("all held-out files\n");
	print_score("rules", &all_r);
	print_score("rules+model", &all_b);
	printf("  model alone  P %.3f  R %.3f  F1 %.3f\n", prec(&all_a),
	       rec(&all_a), f1(&all_a));
	free(use);
	free(p);
}

static int write_model(const struct corpus *c, const struct opts *o,
		       const char *out)
{
	unsigned char *use = xmalloc(c->n + 1);
	struct buf note = BUF_INIT, b = BUF_INIT;
	struct fit ft;
	struct err e;
	int rc;

	memset(use, 1, c->n + 1);
	buf_addf(&note, "# trained on %zu items:", c->n);
	for (size_t f = 0; f < c->nfiles; f++)
		buf_addf(&note, " %s", base(c->files[f]));
	buf_addf(&note, "\n# (features in %d or more items)\n", o->min_df);
	if (o->fixed)
		buf_adds(&note, "# the policy was given (--policy), as chosen "
			 "by cross-validation against rules\n# that had not "
			 "seen the held-out files (analyzer/README.md); the "
			 "figures\n# below are against the rules of --lexicons"
			 ", tuned on these same files\n");
	fit(c, use, o, &ft);
	fit_note(&ft, &note);
	vmodel_write(ft.m, c->cats, note.data, &b);
	rc = file_write_atomic(out, b.data, b.len, &e);
	if (rc < 0)
		fprintf(stderr, "eval_vmodel: %s\n", e.msg);
	else
		printf("%s: %zu words\n%s", out, ft.m->nfeat, note.data);
	vmodel_free(ft.m);
	buf_release(&note);
	buf_release(&b);
	free(use);
	return rc;
}

/* --policy NONE,GENERAL,MORE,VETO (numbers or "off"). */
static int parse_policy(const char *s, struct vm_policy *pol)
{
	double v[4];
	char *end;

	for (int i = 0; i < 4; i++) {
		if (!strncmp(s, "off", 3)) {
			v[i] = VM_OFF;
			end = (char *)s + 3;
		} else {
			v[i] = strtod(s, &end);
			if (end == s)
				return -1;
		}
		if (*end != (i < 3 ? ',' : '\0'))
			return -1;
		s = end + 1;
	}
	*pol = (struct vm_policy){ v[0], v[1], v[2], v[3] };
	return 0;
}

/* One option at argv[*i]; -1 when it is not one. */
static int option(int argc, char **argv, int *i, struct opts *o, int *cv,
		  const char **lexdir, const char **out)
{
	const char *a = argv[*i], *v;

	if (!strcmp(a, "-v") || !strcmp(a, "--cv") || !strcmp(a, "--auto")) {
		*(a[1] == 'v' ? &o->verbose : a[2] == 'c' ? cv :
				&o->autocfg) = 1;
		return 0;
	}
	if (*i + 1 >= argc)
		return -1;
	v = argv[++*i];
	if (!strcmp(a, "--lexicons"))
		*lexdir = v;
	else if (!strcmp(a, "--out"))
		*out = v;
	else if (!strcmp(a, "--select"))
		o->select = v;
	else if (!strcmp(a, "--alpha") || !strcmp(a, "--l2"))
		o->cfg.reg = atof(v);
	else if (!strcmp(a, "--min-df"))
		o->min_df = atoi(v);
	else if (!strcmp(a, "--policy"))
		return (o->fixed = 1, parse_policy(v, &o->pol));
	else if (!strcmp(a, "--features")) {
		o->cfg.kinds = (strstr(v, "stems") ? VM_STEMS : 0) |
			       (strstr(v, "bigrams") ? VM_BIGRAMS : 0) |
			       (strstr(v, "prefix") ? VM_PREFIX : 0);
		return o->cfg.kinds ? 0 : -1;
	} else if (!strcmp(a, "--model")) {
		for (size_t k = 0; k < ARRAY_SIZE(method_names); k++)
			if (!strcmp(v, method_names[k])) {
				o->cfg.how = (enum method)k;
				return 0;
			}
		return -1;
	} else
		return -1;
	return 0;
}

static void corpus_free(struct corpus *c)
{
	for (size_t k = 0; k < c->n; k++) {
		free(c->it[k].line);
		free(c->it[k].f);
	}
	free(c->it);
	vocab_release(&c->voc);
	free(c->vkind);
	vmodel_free(c->probe);
}

int main(int argc, char **argv)
{
	struct opts o = { { LRM, 1, VM_STEMS | VM_PREFIX }, 0, 1, 0,
			  { VM_OFF, VM_OFF, VM_OFF, 0 }, NULL, 0 };
	const char *lexdir = NULL, *out = NULL;
	struct buf dir = BUF_INIT;
	struct corpus c;
	struct analyzer an;
	struct err e;
	int i, cv = 0, rc = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++)
		if (option(argc, argv, &i, &o, &cv, &lexdir, &out) < 0)
			break;
	if (i >= argc || argv[i][0] == '-' || cv == !!out) {
		fputs(usage, stderr);
		return 2;
	}
	if (!lexdir) {
		buf_addf(&dir, "%s/analyzer/lexicons/kg", mm_datadir());
		lexdir = dir.data;
	}
	/* the rules alone label the corpus, whatever model is installed
	 * (and even when it no longer fits the lexicon) */
	setenv("MEDIAMON_NO_VMODEL", "1", 1);
	if (analyzer_open(&an, lexdir, "kg", &e) < 0) {
		fprintf(stderr, "eval_vmodel: %s\n", e.msg);
		return 1;
	}
	memset(&c, 0, sizeof(c));
	c.cats = an.lx->categories;
	c.ncat = an.lx->ncategories;
	c.other = lex_index(c.cats, c.ncat, "other");
	c.probe = vmodel_new(c.ncat, VM_STEMS);
	c.probe->pol.general = 0;
	if (c.ncat > NCAT_MAX) {
		fprintf(stderr, "eval_vmodel: more than %d categories\n",
			NCAT_MAX);
		rc = 1;
	}
	c.files = (const char **)argv + i;
	c.nfiles = (size_t)(argc - i);
	for (size_t f = 0; !rc && f < c.nfiles; f++)
		if (load_file(&c, &an, (int)f) < 0)
			rc = 1;
	if (!rc && cv)
		cross_validate(&c, &an, &o);
	else if (!rc && write_model(&c, &o, out) < 0)
		rc = 1;
	corpus_free(&c);
	analyzer_close(&an);
	buf_release(&dir);
	return rc;
}

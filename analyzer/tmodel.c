/*
 * tmodel.c - the tonality model: a linear model over the words around
 * the office's mentions (or around a target) and the cues the rules see
 * there, mixed with the rules' decision.  The rules miss criticism
 * spread over a paragraph, quoted critics and Kyrgyz wordings nobody
 * wrote a pattern for; the model reads them from labelled real news.
 * Its weights are data (tonality-model.tsv, written by `make tmodel`),
 * and the features that weighed most are its evidence.
 */
#include "analyze_int.h"
#include "vmodel.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define CUES_MAX 256	/* cue features of one text */
#define NEAR 4		/* words each side of a target that are "near" */
#define WHY_MAX 5	/* features shown as evidence */

/* Cue features: what the rules' word lists see near the office, named
 * so that no stem can look the same ("#criticism", "!отреагир"). */
struct cueset {
	struct vm_feats *f;
	struct arena *a;
	size_t first;		/* where the cues start in f */
};

static void cue_add(struct cueset *s, const char *key, size_t tok)
{
	size_t n = strlen(key);

	if (s->f->n - s->first >= CUES_MAX)
		return;
	for (size_t i = s->first; i < s->f->n; i++)
		if (!strcmp(s->f->v[i].key, key))
			return;
	s->f->v[s->f->n++] = (struct vm_feat){ arena_strndup(s->a, key, n),
					      tok, tok };
}

static void cue_addf(struct cueset *s, const char *pre, const char *word,
		     size_t tok)
{
	char key[96];

	snprintf(key, sizeof(key), "%s%s", pre, word);
	cue_add(s, key, tok);
}

/* Is a negator within the lexicon's scope before token i of its
 * clause ("не отреагировала", "так и не дали оценки")? */
static int after_negator(struct actx *c, size_t i)
{
	size_t scope = (size_t)c->lx->neg_scope;

	for (size_t k = 1; k <= scope && i >= k; k++) {
		const struct tok *t = &c->d->tok[i - k];
		const struct wentry *w = lex_word(c->lx, t);

		if (t->sent != c->d->tok[i].sent)
			break;
		if (w && w->cls == WC_NEGATOR)
			return 1;
		if (c->d->tok[i - k + 1].flags & TOK_CLAUSE)
			break;
	}
	return 0;
}

/* Mark the tokens of sentence si (when it exists) with v, never
 * lowering a mark. */
static void mark_sent(const struct doc *d, long si, unsigned char v,
		      unsigned char *keep)
{
	if (si < 0 || (size_t)si >= d->nsent)
		return;
	for (size_t i = d->sent[si].t0; i < d->sent[si].t1; i++)
		if (keep[i] < v)
			keep[i] = v;
}

/* The cues of the marked sentences: the roles the rules know (in the
 * focus's own sentence "#criticism", next to it "~criticism", anywhere
 * "@criticism"), words after a negator ("!отреагир"), questions,
 * quotes. */
static void add_cues(struct actx *c, const unsigned char *keep,
		     struct cueset *s)
{
	const struct doc *d = c->d;
	int question = 0, quote = 0;

	for (size_t i = 0; i < c->roles.n; i++) {
		const struct hit *h = &c->roles.v[i];
		size_t ti = doc_tok_at(d, h->start);

		if (ti >= d->ntok)
			continue;
		/* anywhere in the text ("@court_against": an acquittal
		 * paragraphs away from "прокуратура запрашивала 20 лет") */
		cue_addf(s, "@", role_names[h->cue->kind], ti);
		if (keep[ti])
			cue_addf(s, keep[ti] == 2 ? "#" : "~",
				 role_names[h->cue->kind], ti);
	}
	for (size_t i = 0; i < d->ntok; i++) {
		const struct tok *t = &d->tok[i];

		if (keep[i] != 2)
			continue;
		if ((t->flags & TOK_QUOTE) && !quote) {
			quote = 1;
			cue_add(s, "#quote", i);
		}
		if (!(t->flags & TOK_DIGIT) && after_negator(c, i))
			cue_addf(s, "!", t->stem, i);
	}
	for (size_t si = 0; si < d->nsent && !question; si++) {
		const struct sent *st = &d->sent[si];
		size_t e = st->end;

		if (st->t0 >= st->t1 || !keep[st->t0])
			continue;
		/* the sentence's own end: "?" right after its last word */
		while (e < c->len && (c->text[e] == '"' ||
				      c->text[e] == ')' || c->text[e] == ' '))
			e++;
		if (e < c->len && c->text[e] == '?') {
			question = 1;
			cue_add(s, "#question", st->t0);
		}
	}
}

/* The words right next to a mention ("n:бездейств": the office that
 * does nothing, not the officials it charges with inaction) or to a
 * target, which shares its sentence with others: then also its own
 * words ("t:террорист"). */
static void add_near(struct actx *c, size_t start, size_t end, int target,
		     struct cueset *s)
{
	const struct doc *d = c->d;
	size_t ta = doc_tok_at(d, start), tb = doc_tok_at(d, end);

	if (ta >= d->ntok)
		return;
	for (size_t i = ta >= NEAR ? ta - NEAR : 0;
	     i < d->ntok && i < tb + NEAR; i++) {
		const struct tok *t = &d->tok[i];

		if (t->sent != d->tok[ta].sent || (t->flags & TOK_DIGIT))
			continue;
		if (i < ta || i >= tb)
			cue_addf(s, "n:", t->stem, i);
		else if (target)
			cue_addf(s, "t:", t->stem, i);
	}
	if (target && !(d->tok[ta].flags & (TOK_CAP | TOK_DIGIT)))
		cue_add(s, "#common", ta);
}

void tmodel_features(struct actx *c, unsigned kinds, const size_t *start,
		     const size_t *end, size_t n, int target,
		     struct vm_feats *out)
{
	const struct doc *d = c->d;
	unsigned char *keep = arena_alloc(c->a, d->ntok + 1);
	struct cueset s = { out, c->a, 0 };
	char lang[32];

	memset(keep, 0, d->ntok + 1);
	for (size_t i = 0; i < n && d->nsent; i++) {
		long si = (long)doc_sent_at(d, start[i]);

		/* 2: the focus's own sentence, 1: the ones next to it */
		if ((kinds & VM_WIDE) && !target) {
			mark_sent(d, si - 1, 1, keep);
			mark_sent(d, si + 1, 1, keep);
		}
		mark_sent(d, si, 2, keep);
	}
	vmodel_features_of(d, kinds, keep, CUES_MAX, c->a, out);
	if (!(kinds & VM_CUES))
		return;
	s.first = out->n;
	add_cues(c, keep, &s);
	if (target)
		add_near(c, start[0], end[0], 1, &s);
	for (size_t i = 0; !target && (kinds & VM_NEAR) && i < n; i++)
		add_near(c, start[i], end[i], 0, &s);
	if (c->lang) {
		snprintf(lang, sizeof(lang), "#lang.%s", c->lang);
		cue_add(&s, lang, 0);
	}
}

/* The evidence of the model's decision k (TONE_*): the words of the
 * text behind the features that pushed toward it (a stem, or the word a
 * cue stands on: "бездействует" for "#criticism"), then the
 * probability; the rules' evidence after.  The language is no word. */
static void explain(struct actx *c, const struct vmodel *m,
		    const struct vm_feats *f, int k, double p,
		    struct tone_res *t)
{
	struct evs rules = t->ev;
	size_t idx[WHY_MAX], n = 0;
	double w[WHY_MAX];
	char num[48];

	t->ev.n = 0;
	if (k != TONE_NEU)
		n = vmodel_why(m, f, k == TONE_NEG ? 0 : 1, idx, w, WHY_MAX);
	for (size_t i = 0; i < n; i++) {
		const struct vm_feat *x = &f->v[idx[i]];
		const struct tok *tk = &c->d->tok[x->tok];

		if (!strncmp(x->key, "#lang.", 6) || x->tok >= c->d->ntok)
			continue;
		evs_add(&t->ev, c->a, "tmodel", c->text + tk->start,
			tk->end - tk->start, k == TONE_NEG ? -w[i] : w[i]);
	}
	snprintf(num, sizeof(num), "%s %.2f", tone_name((enum tone)k), p);
	evs_add(&t->ev, c->a, "tmodel.p", num, strlen(num), 0);
	for (int i = 0; i < rules.n && t->ev.n < EV_MAX; i++)
		t->ev.v[t->ev.n++] = rules.v[i];
}

void tmodel_decide(struct actx *c, const struct vm_feats *f, int target,
		   struct tone_res *t)
{
	const struct vmodel *m = target ? c->lx->ttmodel : c->lx->tmodel;
	const struct vm_mix *x = &m->mix[target ? 1 : 0];
	double p[2], z[3], max, sum;
	int k = TONE_NEU;

	vmodel_score(m, f, p);
	/* back to scores against neutral, where the mix adds */
	z[0] = 0;
	z[1] = log(p[0] / (1 - p[0] - p[1] + 1e-12) + 1e-12) + x->neg +
	       (t->tone == TONE_NEG ? x->rules : 0);
	z[2] = log(p[1] / (1 - p[0] - p[1] + 1e-12) + 1e-12) + x->pos +
	       (t->tone == TONE_POS ? x->rules : 0);
	max = z[0];
	for (int i = 1; i < 3; i++)
		if (z[i] > max)
			max = z[i];
	sum = 0;
	for (int i = 0; i < 3; i++)
		sum += z[i] = exp(z[i] - max);
	if (z[1] > z[0] && z[1] >= z[2])
		k = TONE_NEG;
	else if (z[2] > z[0] && z[2] > z[1])
		k = TONE_POS;
	t->tone = (enum tone)k;
	explain(c, m, f, k, z[k == TONE_NEG ? 1 : k == TONE_POS ? 2 : 0] / sum,
		t);
}

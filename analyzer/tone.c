/*
 * tone.c - tonality toward the office.  A mention's tonality comes from
 * the office's role in its sentence (tonality.yaml "roles": credited with
 * a result, praised, criticised, overruled by a court, its staff accused,
 * acting by procedure), weighed by contrast ("но", "однако": the later
 * clause counts more; "хотя": the conceded clause counts less) and
 * negation, plus the general weighted lexicon with a small weight.  The
 * article's tonality sums its sentences.  Every step leaves evidence.
 */
#include "analyze_int.h"

#include <math.h>
#include <string.h>

#define F_CONCEDED 0.3	/* cue inside a "хотя ..." clause */
#define F_BEFORE 0.5	/* cue before "но/однако" */
#define F_AFTER 1.5	/* cue after it */
#define WORD_FACTOR 0.1	/* general lexicon, relative to roles */
#define THRESHOLD 0.5	/* |score| needed for a non-neutral label */
#define AGENT_TOKENS 6	/* procedure verb this close after = its agent */
#define COURT_TOKENS 8	/* court's verb at most this far before */

/* Where contrast and concession fall in one sentence. */
struct shape {
	size_t contrast;	/* byte offset of the last "но/однако", or 0 */
	size_t cstart[4], cend[4];	/* conceded clauses */
	int nconc;
};

static void sentence_shape(struct actx *c, const struct sent *s,
			   struct shape *sh)
{
	const struct doc *d = c->d;

	memset(sh, 0, sizeof(*sh));
	for (size_t i = s->t0; i < s->t1; i++) {
		const struct wentry *w = lex_word(c->lx, &d->tok[i]);

		if (!w)
			continue;
		if (w->cls == WC_CONTRAST && i > s->t0)
			sh->contrast = d->tok[i].start;
		if (w->cls == WC_CONCESSIVE && sh->nconc < 4) {
			size_t j = i + 1;

			while (j < s->t1 && !(d->tok[j].flags & TOK_CLAUSE))
				j++;
			sh->cstart[sh->nconc] = d->tok[i].start;
			sh->cend[sh->nconc++] = d->tok[j - 1].end;
		}
	}
}

static double position_factor(const struct shape *sh, size_t off,
			       const char **why)
{
	for (int i = 0; i < sh->nconc; i++)
		if (off >= sh->cstart[i] && off < sh->cend[i]) {
			*why = "conceded";
			return F_CONCEDED;
		}
	if (sh->contrast) {
		*why = off < sh->contrast ? "before_contrast" :
		       "after_contrast";
		return off < sh->contrast ? F_BEFORE : F_AFTER;
	}
	*why = NULL;
	return 1.0;
}

/* Is a negator within the lexicon's scope before token i? */
static int negated(struct actx *c, size_t i, size_t t0)
{
	size_t scope = (size_t)c->lx->neg_scope;

	for (size_t k = 1; k <= scope && i >= t0 + k; k++) {
		const struct tok *t = &c->d->tok[i - k];
		const struct wentry *w = lex_word(c->lx, t);

		if (w && w->cls == WC_NEGATOR)
			return 1;
		if (c->d->tok[i - k + 1].flags & TOK_CLAUSE)
			break;
	}
	return 0;
}

static int only_space(const char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			return 0;
	return 1;
}

/* Does hit h end at most 2 words before the span starting at token ti? */
static int just_before(struct actx *c, const struct hit *h, size_t ti)
{
	size_t he = doc_tok_at(c->d, h->end);

	return he <= ti && ti - he <= 2 &&
	       c->d->tok[ti].sent == c->d->tok[he < c->d->ntok ? he : ti].sent;
}

/* Is the intervention cue h right next to the mention ("по требованию
 * <m>", "<m> талабы менен")? */
static int adjacent(struct actx *c, const struct hit *h,
		    const struct mention *m)
{
	return (h->end <= m->start && only_space(c->text, h->end, m->start)) ||
	       (h->start >= m->end && only_space(c->text, m->end, h->start));
}

static void add(struct actx *c, struct tone_res *t, const char *rule,
		size_t start, size_t end, double w)
{
	if (w > 0)
		t->pos += w;
	else
		t->neg -= w;
	evs_add(&t->ev, c->a, rule, c->text + start, end - start, w);
}

static void finish(struct tone_res *t)
{
	t->score = t->pos - t->neg;
	if (t->score >= THRESHOLD)
		t->tone = TONE_POS;
	else if (t->score <= -THRESHOLD)
		t->tone = TONE_NEG;
	else
		t->tone = TONE_NEU;
}

/* General lexicon words in [lo, hi) with negation and intensifiers,
 * scaled by factor; near words (within the clause of the span) only. */
static void score_words(struct actx *c, const struct sent *s, size_t lo,
			size_t hi, double factor, const struct shape *sh,
			struct tone_res *t)
{
	const struct doc *d = c->d;
	double boost = 1.0;

	for (size_t i = s->t0; i < s->t1; i++) {
		const struct tok *tk = &d->tok[i];
		const struct wentry *w;
		const char *why;
		double v;

		if (tk->start < lo || tk->end > hi)
			continue;
		w = lex_word(c->lx, tk);
		if (!w)
			continue;
		if (w->cls == WC_INTENS) {
			boost = w->weight;
			continue;
		}
		if (w->cls != WC_POLAR)
			continue;
		v = w->weight * factor * boost;
		boost = 1.0;
		v *= position_factor(sh, tk->start, &why);
		if (negated(c, i, s->t0)) {
			v = -v * 0.8;
			add(c, t, "word.negated", tk->start, tk->end, v);
		} else {
			add(c, t, "word", tk->start, tk->end, v);
		}
	}
}

/* "act.*" cues (tonality.yaml: an "id: act.against" or "id: act.for"
 * entry of the against and in_favour roles) are verbs done to someone:
 * "X обвинил Y", "X поблагодарил Y".  Only entity-level tonality uses
 * them; the office's own roles are the ones above. */
static int is_act(const struct hit *h)
{
	return !strncmp(h->cue->id, "act.", 4);
}

void tone_mention(struct actx *c, struct mention *m)
{
	const struct doc *d = c->d;
	const struct sent *s;
	struct shape sh;
	struct tone_res *t = &m->t;
	int credit = 0, agent = 0, procedure = 0, intervened = 0;
	int seen[ROLE_N] = { 0 };
	size_t first, i, last_end[ROLE_N] = { 0 };

	memset(t, 0, sizeof(*t));
	if (!d->nsent) {
		finish(t);
		return;
	}
	s = &d->sent[doc_sent_at(d, m->start)];
	sentence_shape(c, s, &sh);
	first = scan_from(&c->roles, s->start);
	/* first pass: what kinds of role cue the sentence has */
	for (i = first; i < c->roles.n && c->roles.v[i].start < s->end; i++) {
		const struct hit *h = &c->roles.v[i];

		if (h->cue->kind == ROLE_CREDIT)
			credit = 1;
		if (h->cue->kind == ROLE_PROCEDURE)
			procedure = 1;
		if (h->cue->kind == ROLE_INTERVENTION && adjacent(c, h, m))
			intervened = 1;
		if (h->cue->kind == ROLE_PROCEDURE && h->start >= m->end &&
		    doc_tok_at(d, h->start) <= doc_tok_at(d, m->end) +
						AGENT_TOKENS)
			agent = 1;
	}
	for (i = first; i < c->roles.n && c->roles.v[i].start < s->end; i++) {
		const struct hit *h = &c->roles.v[i];
		const char *why, *rule = h->cue->id;
		double f = position_factor(&sh, h->start, &why), w;
		size_t ti = doc_tok_at(d, h->start);
		int k = h->cue->kind;

		if (is_act(h))
			continue;	/* entity-level only (tone_target) */
		/* two patterns on the same words are one cue; more cues of
		 * one role add less and less ("задержан по подозрению в
		 * вымогательстве" is one fact, not three) */
		if (h->start < last_end[k])
			continue;
		last_end[k] = h->end;
		f /= 1 << (seen[k] < 4 ? seen[k] : 4);
		seen[k]++;
		w = h->cue->weight * f;
		switch (h->cue->kind) {
		case ROLE_CREDIT:
		case ROLE_PRAISE:
			if (m->staff == 2)
				w = 0;
			else if (negated(c, ti, s->t0))
				w = -w, rule = "role.negated";
			break;
		case ROLE_INTERVENTION:
			/* only "по требованию <this mention>" counts, and only
			 * when a result follows or at least no mere procedure
			 * ("после вмешательства прокуратуры дети пошли в
			 * школу" but not "по требованию ... возбуждено") */
			if (!adjacent(c, h, m))
				continue;
			if (!credit && procedure)
				w = 0;
			break;
		case ROLE_COURT_AGAINST:
			/* the court must act on the office's own act: its
			 * verb shortly before the mention ("отменил
			 * постановление прокуратуры"), and not on a claim the
			 * office brought ("по иску прокуратуры суд признал
			 * незаконным ...") */
			if (intervened || h->end > m->start ||
			    doc_tok_at(d, m->start) - doc_tok_at(d, h->end) >
				    COURT_TOKENS) {
				w = 0;
				break;
			}
			w = -w;
			break;
		case ROLE_CRITICISM:
		case ROLE_NEGATIVE_EVENT:
			w = -w;
			break;
		case ROLE_WRONGDOING:
			/* bad for the office when its staff did it or was
			 * caught, not when a prosecutor charges someone */
			if (m->staff == 2 || (m->staff == 1 && !agent))
				w = -w;
			else
				w = 0;
			break;
		case ROLE_AGAINST:
		case ROLE_IN_FAVOUR:
			if (!just_before(c, h, doc_tok_at(d, m->start)))
				continue;
			if (h->cue->kind == ROLE_AGAINST)
				w = -w;
			break;
		case ROLE_PROCEDURE:
		default:
			w = 0;
			break;
		}
		add(c, t, rule, h->start, h->end, w);
		if (why && w != 0)
			evs_add(&t->ev, c->a, why, "", 0, f);
	}
	score_words(c, s, s->start, s->end, WORD_FACTOR, &sh, t);
	finish(t);
}

/* Sentences count once however many mentions they hold: each sentence
 * contributes its strongest mention. */
void tone_article(struct actx *c, struct analysis *out)
{
	struct tone_res *t = &out->art;
	size_t i = 0;

	memset(t, 0, sizeof(*t));
	if (!out->nm) {
		t->tone = TONE_NULL;
		return;
	}
	while (i < out->nm) {
		size_t s = doc_sent_at(c->d, out->m[i].start), best = i, j;

		for (j = i; j < out->nm &&
		     doc_sent_at(c->d, out->m[j].start) == s; j++)
			if (fabs(out->m[j].t.score) >
			    fabs(out->m[best].t.score))
				best = j;
		t->pos += out->m[best].t.pos;
		t->neg += out->m[best].t.neg;
		for (int k = 0; k < out->m[best].t.ev.n; k++) {
			const struct ev *e = &out->m[best].t.ev.v[k];

			if (e->weight != 0 && t->ev.n < EV_MAX)
				t->ev.v[t->ev.n++] = *e;
		}
		i = j;
	}
	finish(t);
}

/* Entity-level tonality (any target, e.g. RuSentNE): words and role cues
 * of the target's sentence, weighted by their distance to it; verbs done
 * to someone by the target's place as object or agent; a target that is
 * only a place or an aside damped. */
/* Tuned on the RuSentNE-2023 training files (eval_sentiment). */
#define TP_DECAY 0.2	/* weight 1/(1 + 0.2 * words away) */
#define TP_CLAUSE 1.5	/* same clause as the target */
#define TP_INSIDE 1.0	/* a word inside the target's own name */
#define TP_THR_POS 0.2	/* score for a positive label */
#define TP_THR_NEG 0.4	/* -score for a negative one */
#define TP_COMMON 0.5	/* a common noun ("полицейские"): a role,
			   less often what the sentence is about */
#define TP_ROLES 1.0	/* role cues relative to words */
#define TP_ADJ 1.5	/* "против X", "в пользу X" */
#define TP_SPEECH 0.3	/* "X заявил": damp what X reports */
#define TP_PLACE 0.1	/* "в X", "из X", "(X)": a place or an aside */

static double near(const struct doc *d, size_t i, size_t ta, size_t tb)
{
	size_t dist = i < ta ? ta - i : i > tb ? i - tb : 0;
	double f = 1.0 / (1.0 + (double)dist * TP_DECAY);

	if (dist == 0)
		return TP_INSIDE;
	if (d->tok[i].clause == d->tok[ta].clause ||
	    d->tok[i].clause == d->tok[tb].clause)
		f *= TP_CLAUSE;
	return f;
}

#define ACTS_MAX 8
#define ACT_OBJECT 4	/* the target this close after the verb: its object */
#define ACT_AGENT 6	/* this close before it: its agent */
#define ACT_AGENT_POS 0.5	/* the one who thanks or helps */
#define ACT_AGENT_NEG 0.5	/* the one who accuses or attacks */

static int in_act(const struct hit *const *acts, int n, const struct tok *t)
{
	for (int i = 0; i < n; i++)
		if (t->start >= acts[i]->start && t->end <= acts[i]->end)
			return 1;
	return 0;
}

/* Does an act cover hit h (the plain "обвинил X" cue is the act's)? */
static int covered(const struct hit *const *acts, int n, const struct hit *h)
{
	for (int i = 0; i < n; i++)
		if (acts[i] != h && h->start < acts[i]->end &&
		    h->end > acts[i]->start)
			return 1;
	return 0;
}

/* A verb done to someone: its object (the target shortly after it, in
 * its clause: "обвинил Россию", "поблагодарил Путина") takes its sign in
 * full.  Its agent ("Нетаньяху поблагодарил ...", "Китай обвинил ...")
 * shares it at half weight: in RuSentNE the one who thanks is often seen
 * well and the accuser, less often, badly.  Further away the act does
 * not count (nor do its words: the verb is no opinion of the target). */
static double act_weight(struct actx *c, const struct hit *h, size_t ta,
			 size_t tb)
{
	const struct doc *d = c->d;
	size_t hs = doc_tok_at(d, h->start), he = doc_tok_at(d, h->end);
	int neg = h->cue->kind == ROLE_AGAINST;
	double w = h->cue->weight * TP_ADJ;

	he = he > hs ? he - 1 : hs;
	if (ta > he && ta - he <= ACT_OBJECT &&
	    d->tok[ta].clause == d->tok[he].clause)
		return neg ? -w : w;
	if (tb < hs && hs - tb <= ACT_AGENT &&
	    d->tok[tb].clause == d->tok[hs].clause)
		return neg ? -w * ACT_AGENT_NEG : w * ACT_AGENT_POS;
	return 0;
}

/* Is the target where something happens ("в Афганистане", "из
 * Москвы") or an aside in brackets?  Then the sentence is rarely about
 * it. */
static int place_or_aside(struct actx *c, size_t ta, size_t start)
{
	const struct tok *p;
	size_t k = start;

	while (k > 0 && c->text[k - 1] == ' ')
		k--;
	if (k > 0 && c->text[k - 1] == '(')
		return 1;
	if (ta == 0 || c->d->tok[ta].sent != c->d->tok[ta - 1].sent)
		return 0;
	p = &c->d->tok[ta - 1];
	if (!only_space(c->text, p->end, start))
		return 0;
	return wordlist_has(&c->lx->langs.place, p->low);
}

void tone_target(struct actx *c, size_t start, size_t end,
		 struct tone_res *out)
{
	const struct doc *d = c->d;
	const struct sent *s;
	struct shape sh;
	double boost = 1.0;
	size_t ta, tb;
	const struct hit *acts[ACTS_MAX];
	int nacts;

	memset(out, 0, sizeof(*out));
	if (!d->ntok) {
		finish(out);
		return;
	}
	ta = doc_tok_at(d, start);
	if (ta > 0 && (ta == d->ntok || d->tok[ta].start > start))
		ta--;
	tb = doc_tok_at(d, end);
	tb = tb > ta ? tb - 1 : ta;
	s = &d->sent[doc_sent_at(d, start)];
	sentence_shape(c, s, &sh);
	nacts = 0;
	for (size_t i = scan_from(&c->roles, s->start);
	     i < c->roles.n && c->roles.v[i].start < s->end; i++)
		if (is_act(&c->roles.v[i]) && nacts < ACTS_MAX)
			acts[nacts++] = &c->roles.v[i];
	for (size_t i = s->t0; i < s->t1; i++) {
		const struct tok *tk = &d->tok[i];
		const struct wentry *w = lex_word(c->lx, tk);
		const char *why;
		double v;

		if (!w)
			continue;
		/* the act's own words count once, by the act rule */
		if (w->cls == WC_POLAR && in_act(acts, nacts, tk))
			continue;
		if (w->cls == WC_INTENS) {
			boost = w->weight;
			continue;
		}
		if (w->cls != WC_POLAR)
			continue;
		v = w->weight * boost * near(d, i, ta, tb) *
		    position_factor(&sh, tk->start, &why);
		boost = 1.0;
		if (negated(c, i, s->t0)) {
			v = -v * 0.8;
			add(c, out, "word.negated", tk->start, tk->end, v);
		} else {
			add(c, out, "word", tk->start, tk->end, v);
		}
	}
	for (size_t i = scan_from(&c->roles, s->start);
	     i < c->roles.n && c->roles.v[i].start < s->end; i++) {
		const struct hit *h = &c->roles.v[i];
		const char *why;
		double v = h->cue->weight * TP_ROLES *
			   near(d, doc_tok_at(d, h->start), ta, tb) *
			   position_factor(&sh, h->start, &why);

		switch (h->cue->kind) {
		case ROLE_CREDIT:
		case ROLE_PRAISE:
			break;
		case ROLE_CRITICISM:
		case ROLE_COURT_AGAINST:
		case ROLE_NEGATIVE_EVENT:
		case ROLE_WRONGDOING:
			v = -v;
			break;
		case ROLE_AGAINST:
		case ROLE_IN_FAVOUR:
			if (is_act(h)) {
				v = act_weight(c, h, ta, tb);
				if (v == 0)
					continue;
				break;
			}
			if (!just_before(c, h, ta) || covered(acts, nacts, h))
				continue;
			v = h->cue->weight * TP_ADJ;
			if (h->cue->kind == ROLE_AGAINST)
				v = -v;
			break;
		default:
			continue;
		}
		add(c, out, h->cue->id, h->start, h->end, v);
	}
	/* a speaker ("X заявил") reports, the words are rarely about X */
	for (size_t i = scan_from(&c->roles, s->start);
	     i < c->roles.n && c->roles.v[i].start < s->end; i++) {
		const struct hit *h = &c->roles.v[i];
		size_t hi = doc_tok_at(d, h->start);

		if (h->cue->kind == ROLE_PROCEDURE &&
		    ((hi > tb && hi - tb <= 2) ||
		     (hi < ta && ta - hi <= 2))) {
			out->pos *= TP_SPEECH;
			out->neg *= TP_SPEECH;
			evs_add(&out->ev, c->a, "speaker", c->text + h->start,
				h->end - h->start, TP_SPEECH);
			break;
		}
	}
	if (place_or_aside(c, ta, start)) {
		double f = TP_PLACE;
		out->pos *= f;
		out->neg *= f;
		evs_add(&out->ev, c->a, "place", "", 0, f);
	}
	if (!(d->tok[ta].flags & (TOK_CAP | TOK_DIGIT))) {
		out->pos *= TP_COMMON;
		out->neg *= TP_COMMON;
		evs_add(&out->ev, c->a, "common_noun", "", 0, TP_COMMON);
	}
	out->score = out->pos - out->neg;
	if (out->score >= TP_THR_POS)
		out->tone = TONE_POS;
	else if (out->score <= -TP_THR_NEG)
		out->tone = TONE_NEG;
	else
		out->tone = TONE_NEU;
}

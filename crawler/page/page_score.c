/*
 * page_score.c - choosing the article container, the readability way:
 * every paragraph scores by its length and commas, the score flows to
 * its parent (whole), grandparent (half) and further ancestors (less);
 * containers are weighed by class/id hints and discounted by link
 * density; the best one, moved up while its ancestors score better, is
 * taken together with siblings that score close to it and with parts of
 * the same class elsewhere (bodies cut up by ads).  Its core paragraphs
 * are marked so that cleaning cannot remove them.
 */
#include "page_int.h"
#include "common/xalloc.h"

#include <libxml/xpath.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TOP_N 5
#define ANCESTOR_LEVELS 5
#define MIN_PARAGRAPH 25

struct cand {
	xmlNode *node;
	double score;
};

struct scoring {
	struct cand *c;
	size_t n, alloc;
	unsigned flags;
};

/* Candidate index of a node lives in _private as index + 1. */
static struct cand *cand_of(struct scoring *s, const xmlNode *n)
{
	uintptr_t i = (uintptr_t)n->_private;

	return i ? &s->c[i - 1] : NULL;
}

static int tag_base(const xmlNode *n)
{
	static const char *const plus3[] = { "pre", "td", "blockquote", NULL };
	static const char *const minus3[] = {
		"address", "ol", "ul", "dl", "dd", "dt", "li", "form", NULL,
	};
	static const char *const minus5[] = {
		"h1", "h2", "h3", "h4", "h5", "h6", "th", NULL,
	};
	const char *const *t;

	if (page_tag_is(n, "div") || page_tag_is(n, "article") ||
	    page_tag_is(n, "main"))
		return 5;
	for (t = plus3; *t; t++)
		if (page_tag_is(n, *t))
			return 3;
	for (t = minus3; *t; t++)
		if (page_tag_is(n, *t))
			return -3;
	for (t = minus5; *t; t++)
		if (page_tag_is(n, *t))
			return -5;
	return 0;
}

static struct cand *cand_init(struct scoring *s, xmlNode *n)
{
	struct cand *c = cand_of(s, n);

	if (c)
		return c;
	ALLOC_GROW(s->c, s->n + 1, s->alloc);
	c = &s->c[s->n++];
	c->node = n;
	c->score = tag_base(n) + page_class_weight(n, s->flags);
	n->_private = (void *)(uintptr_t)s->n;
	return c;
}

static int scored_tag(const xmlNode *n)
{
	static const char *const tags[] = {
		"section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre", NULL,
	};

	for (const char *const *t = tags; *t; t++)
		if (page_tag_is(n, *t))
			return 1;
	return 0;
}

/* Commas in the scripts news is written in. */
static size_t commas(const xmlNode *n)
{
	return page_count_char(n, ",") +
	       page_count_char(n, "\xef\xbc\x8c") +	/* fullwidth */
	       page_count_char(n, "\xd8\x8c") +		/* Arabic */
	       page_count_char(n, "\xe3\x80\x81");		/* CJK */
}

/* Is p the lead of a teaser: right after a title that is all link?
 * ("<a>Headline</a><div>Short lead...</div>" repeated down a "Выбор
 * редакции" column outscores a short article otherwise.) */
static int teaser_lead(const xmlNode *p)
{
	const xmlNode *prev = p->prev;

	while (prev && prev->type != XML_ELEMENT_NODE) {
		if (prev->type == XML_TEXT_NODE && page_text_len(prev))
			return 0;
		prev = prev->prev;
	}
	return prev && page_text_len(prev) >= 10 &&
	       page_link_density(prev) > 0.9;
}

static void score_paragraph(struct scoring *s, xmlNode *p)
{
	size_t len = page_text_len(p);
	double score;
	xmlNode *anc = p->parent;
	int level;

	if (len < MIN_PARAGRAPH || !anc || teaser_lead(p))
		return;
	score = 1.0 + (double)commas(p) +
		(double)(len / 100 > 3 ? 3 : len / 100);
	for (level = 0; anc && level < ANCESTOR_LEVELS; level++,
	     anc = anc->parent) {
		double div;

		/* The <html> element and the document are not containers. */
		if (anc->type != XML_ELEMENT_NODE || !anc->parent ||
		    anc->parent->type != XML_ELEMENT_NODE)
			break;
		div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
		cand_init(s, anc)->score += score / div;
	}
}

static size_t element_children(const xmlNode *n)
{
	size_t k = 0;

	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			k++;
	return k;
}

static int is_ancestor(const xmlNode *anc, const xmlNode *n)
{
	for (n = n->parent; n; n = n->parent)
		if (n == anc)
			return 1;
	return 0;
}

/* Readability: when three or more near-best candidates share an
 * ancestor with the best one, the article is that ancestor (pages that
 * split paragraphs into many small wrappers). */
static xmlNode *common_ancestor(struct scoring *s, const struct cand *top,
				size_t ntop, xmlNode *best, xmlNode *body)
{
	size_t alt = 0;

	for (size_t i = 1; i < ntop; i++)
		if (top[i].score / top[0].score >= 0.75)
			alt++;
	if (alt < 3)
		return best;
	for (xmlNode *p = best->parent; p && p != body; p = p->parent) {
		size_t k = 0;

		for (size_t i = 1; i < ntop; i++)
			if (top[i].score / top[0].score >= 0.75 &&
			    is_ancestor(p, top[i].node))
				k++;
		if (k >= 3)
			return p;
	}
	(void)s;
	return best;
}

/* Should sibling join the article next to best? */
static int sibling_joins(struct scoring *s, xmlNode *sib, xmlNode *best,
			 double threshold)
{
	struct cand *c = cand_of(s, sib);
	const char *cls = page_attr(best, "class");
	const char *scls = page_attr(sib, "class");
	double bonus = 0;

	if (cls && *cls && scls && !strcmp(cls, scls))
		bonus = cand_of(s, best)->score * 0.2;
	if (c && c->score + bonus >= threshold)
		return 1;
	if (page_tag_is(sib, "p")) {
		size_t len = page_text_len(sib);
		double ld = page_link_density(sib);

		if (len > 80 && ld < 0.25)
			return 1;
		if (len > 0 && len < 80 && ld == 0) {
			struct buf b = BUF_INIT;
			int sentence;

			page_inner_text(sib, &b);
			sentence = strstr(b.data, ". ") ||
				   (b.len && b.data[b.len - 1] == '.');
			buf_release(&b);
			return sentence;
		}
	}
	return 0;
}

/* Document order, NULLs last. */
static int cmp_doc_order(const void *a, const void *b)
{
	xmlNode *x = *(xmlNode *const *)a, *y = *(xmlNode *const *)b;

	if (!x || !y)
		return !x - !y;
	return -xmlXPathCmpNodes(x, y);
}

/* Containers that continue the article elsewhere on the page: same tag
 * and class as the core (the best candidate before it was widened to
 * best), outside best, scoring at least a fifth of the core (sites that
 * cut the body into chunks around ads and embeds).  Returns them
 * with best, in document order; caller frees. */
static xmlNode **find_parts(struct scoring *s, xmlNode *best,
			    const xmlNode *core, size_t *np)
{
	const char *cls = page_attr(core, "class");
	double threshold = cand_of(s, core)->score * 0.2;
	xmlNode **v = xmalloc(sizeof(*v));
	size_t n = 1, alloc = 1;

	v[0] = best;
	for (size_t i = 0; cls && *cls && i < s->n; i++) {
		xmlNode *c = s->c[i].node;
		const char *ccls = page_attr(c, "class");

		if (c == best || !ccls || strcmp(ccls, cls) ||
		    strcmp((const char *)c->name, (const char *)core->name) ||
		    is_ancestor(c, best) || is_ancestor(best, c) ||
		    is_ancestor(best->parent, c) || s->c[i].score < threshold ||
		    page_link_density(c) > 0.3)
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = c;
	}
	/* Nested parts: keep the outermost. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			if (v[i] && v[j] && i != j && is_ancestor(v[i], v[j]))
				v[j] = v[j] == best ? v[j] : NULL;
	qsort(v, n, sizeof(*v), cmp_doc_order);
	while (n > 0 && !v[n - 1])
		n--;
	*np = n;
	return v;
}

/* The near-best candidates inside the article with little link text
 * are its core: page_clean_article() never removes them or their
 * ancestors, whatever the shape of the blocks around them. */
static void protect_core(struct scoring *s, const struct cand *top, size_t n,
			 xmlNode *article)
{
	double best = n ? top[0].score : 0;

	for (size_t i = 0; i < n; i++) {
		xmlNode *c = top[i].node;

		if (top[i].score < 0.3 * best || !is_ancestor(article, c) ||
		    page_link_density(c) > 0.25)
			continue;
		for (; c && c != article; c = c->parent)
			c->_private = page_protected;
	}
	(void)s;
}

static int cmp_score(const void *a, const void *b)
{
	const struct cand *x = *(struct cand *const *)a;
	const struct cand *y = *(struct cand *const *)b;

	return x->score < y->score ? 1 : x->score > y->score ? -1 : 0;
}

xmlNode *page_grab(xmlDoc *doc, xmlNode *body, unsigned flags)
{
	struct scoring s = { NULL, 0, 0, flags };
	struct cand **order = NULL, top[TOP_N];
	xmlNode **paras = NULL, **parts = NULL, *best, *n, *parent;
	xmlNode *article = NULL, *core;
	size_t np = 0, pa = 0, ntop, nparts = 0, i;
	double last, threshold;

	for (n = body->children; n; n = page_next(n, body, 0)) {
		if (scored_tag(n)) {
			ALLOC_GROW(paras, np + 1, pa);
			paras[np++] = n;
		}
	}
	for (i = 0; i < np; i++)
		score_paragraph(&s, paras[i]);
	if (s.n == 0)
		goto out;
	for (i = 0; i < s.n; i++)
		s.c[i].score *= 1.0 - page_link_density(s.c[i].node);
	order = xmalloc(s.n * sizeof(*order));
	for (i = 0; i < s.n; i++)
		order[i] = &s.c[i];
	qsort(order, s.n, sizeof(*order), cmp_score);
	/* Copies: cand_init() below may move s.c. */
	ntop = s.n < TOP_N ? s.n : TOP_N;
	for (i = 0; i < ntop; i++)
		top[i] = *order[i];
	best = top[0].node;
	if (best == body || top[0].score <= 0)
		goto out;
	best = common_ancestor(&s, top, ntop, best, body);
	cand_init(&s, best);
	core = best;

	/* Move up while the ancestors score better (the article's
	 * paragraphs spread over several sub-containers). */
	last = cand_of(&s, best)->score;
	threshold = last / 3;
	for (parent = best->parent; parent && parent != body;
	     parent = parent->parent) {
		struct cand *pc = cand_of(&s, parent);

		if (!pc)
			continue;
		if (pc->score < threshold)
			break;
		if (pc->score > last) {
			best = parent;
			break;
		}
		last = pc->score;
	}
	while (best->parent && best->parent != body &&
	       best->parent->type == XML_ELEMENT_NODE &&
	       element_children(best->parent) == 1)
		best = best->parent;
	cand_init(&s, best);

	article = xmlNewDocNode(doc, NULL, (const xmlChar *)"div", NULL);
	threshold = cand_of(&s, best)->score * 0.2;
	if (threshold < 10)
		threshold = 10;
	parts = find_parts(&s, best, core, &nparts);
	for (i = 0; i < nparts; i++) {
		if (parts[i] != best) {
			page_tree_changed(parts[i]->parent);
			xmlUnlinkNode(parts[i]);
			xmlAddChild(article, parts[i]);
			page_tree_changed(article);
			continue;
		}
		parent = best->parent;
		for (n = parent->children; n; ) {
			xmlNode *next = n->next;

			if (n->type == XML_ELEMENT_NODE &&
			    (n == best ||
			     sibling_joins(&s, n, best, threshold))) {
				page_tree_changed(parent);
				xmlUnlinkNode(n);
				xmlAddChild(article, n);
				page_tree_changed(article);
			}
			n = next;
		}
	}
	protect_core(&s, top, ntop, article);
out:
	for (i = 0; i < s.n; i++)
		if (s.c[i].node->_private != page_protected)
			s.c[i].node->_private = NULL;
	free(s.c);
	free(parts);
	free(order);
	free(paras);
	return article;
}

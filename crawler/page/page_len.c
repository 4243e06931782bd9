/*
 * page_len.c - text length of a subtree as a reader sees it (white space
 * collapsed) and link density, with a per-document memo: the extractor
 * asks for the length of nested elements again and again (every
 * candidate, its ancestors, every block the cleaner looks at), and each
 * question used to walk the whole subtree.
 */
#include "page_int.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <string.h>

/*
 * What the length of a concatenation needs from each part: its own
 * collapsed length, whether it has a visible character, and whether
 * white space stands before its first one and after its last one (for
 * a part without any, both say whether it has white space at all).
 * Joining two parts adds one for the white space run between them.
 */
struct len_sum {
	size_t n;
	unsigned char started, lead, trail;
};

struct len_entry {
	const xmlNode *node;	/* NULL: an empty slot */
	int valid;
	struct len_sum s;
};

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* A text's part: continuation bytes of UTF-8 count for nothing. */
static struct len_sum text_sum(const char *s)
{
	struct len_sum r = { 0, 0, 0, 0 };
	int pending = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		/* Most bytes are letters: one test for them. */
		if (c > ' ' && (c & 0xc0) != 0x80) {
			r.n += (size_t)pending + 1;
			pending = 0;
			r.started = 1;
			r.trail = 0;
			continue;
		}
		if (is_ws(c)) {
			if (r.started)
				pending = 1;
			else
				r.lead = 1;
			r.trail = 1;
			continue;
		}
		if ((c & 0xc0) == 0x80)	/* continuation byte */
			continue;
		r.n += (size_t)pending + 1;
		pending = 0;
		r.started = 1;
		r.trail = 0;
	}
	return r;
}

static struct len_sum join(struct len_sum a, struct len_sum b)
{
	struct len_sum r;

	if (!a.started) {
		r = b;
		r.lead = a.lead || b.lead;
		if (!b.started)
			r.trail = r.lead;
		return r;
	}
	if (!b.started) {
		r = a;
		r.trail = a.trail || b.lead;
		return r;
	}
	r.n = a.n + b.n + (a.trail || b.lead);
	r.started = 1;
	r.lead = a.lead;
	r.trail = b.trail;
	return r;
}

static size_t node_hash(const xmlNode *n, size_t mask)
{
	uintptr_t p = (uintptr_t)n;

	return (size_t)((p >> 4) ^ (p >> 12)) & mask;
}

/* The entry of n, or the empty slot where it goes.  Entries are never
 * removed, only marked invalid, so that no probe chain is cut. */
static struct len_entry *slot(struct page_lens *c, const xmlNode *n)
{
	size_t m = c->cap - 1, h = node_hash(n, m);

	while (c->e[h].node && c->e[h].node != n)
		h = (h + 1) & m;
	return &c->e[h];
}

static void grow(struct page_lens *c)
{
	struct len_entry *old = c->e;
	size_t oldcap = c->cap;

	c->cap = c->cap ? c->cap * 2 : 1024;
	c->e = xcalloc(c->cap, sizeof(*c->e));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].node)
			*slot(c, old[i].node) = old[i];
	free(old);
}

static struct len_sum subtree_sum(struct page_lens *c, const xmlNode *n);

static struct len_sum children_sum(struct page_lens *c, const xmlNode *n)
{
	struct len_sum r = { 0, 0, 0, 0 };

	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE ||
		    k->type == XML_CDATA_SECTION_NODE) {
			if (k->content)
				r = join(r, text_sum((const char *)k->content));
		} else if (k->type == XML_ELEMENT_NODE && k->children) {
			r = join(r, c ? subtree_sum(c, k) :
					children_sum(NULL, k));
		}
	}
	return r;
}

/* Memoised: an element's sum is computed again only after a change
 * below it. */
static struct len_sum subtree_sum(struct page_lens *c, const xmlNode *n)
{
	struct len_entry *e = slot(c, n);
	struct len_sum r;

	if (e->node && e->valid)
		return e->s;
	r = children_sum(c, n);
	e = slot(c, n);		/* the recursion may have grown the table */
	if (!e->node) {
		if (2 * (c->used + 1) > c->cap) {
			grow(c);
			e = slot(c, n);
		}
		c->used++;
	}
	e->node = n;
	e->valid = 1;
	e->s = r;
	return r;
}

static struct page_lens *lens_of(const xmlNode *n)
{
	return n->doc ? n->doc->_private : NULL;
}

void page_lens_begin(xmlDoc *doc, struct page_lens *c)
{
	memset(c, 0, sizeof(*c));
	grow(c);
	doc->_private = c;
}

void page_lens_end(xmlDoc *doc)
{
	struct page_lens *c = doc->_private;

	if (!c)
		return;
	doc->_private = NULL;
	free(c->e);
	memset(c, 0, sizeof(*c));
}

static void forget(struct page_lens *c, const xmlNode *n)
{
	struct len_entry *e = slot(c, n);

	if (e->node)
		e->valid = 0;
}

void page_tree_changed(const xmlNode *n)
{
	struct page_lens *c = n ? lens_of(n) : NULL;

	if (!c)
		return;
	for (; n; n = n->parent)
		forget(c, n);
}

void page_tree_freeing(const xmlNode *n)
{
	struct page_lens *c = lens_of(n);

	if (!c)
		return;
	page_tree_changed(n->parent);
	/* Freed nodes' addresses come back for new nodes. */
	for (const xmlNode *k = n; k; ) {
		if (k->type == XML_ELEMENT_NODE)
			forget(c, k);
		if (k->type == XML_ELEMENT_NODE && k->children) {
			k = k->children;
			continue;
		}
		while (k != n && !k->next)
			k = k->parent;
		k = k == n ? NULL : k->next;
	}
}

size_t page_text_len(const xmlNode *n)
{
	struct page_lens *c;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		return n->content ? text_sum((const char *)n->content).n : 0;
	if (!n->children)
		return 0;
	c = lens_of(n);
	return c ? subtree_sum(c, n).n : children_sum(NULL, n).n;
}

static void link_len(const xmlNode *n, double *sum)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (page_tag_is(c, "a")) {
			const char *href = page_attr(c, "href");
			double k = href && href[0] == '#' ? 0.3 : 1.0;

			*sum += k * (double)page_text_len(c);
			continue;
		}
		link_len(c, sum);
	}
}

double page_link_density(const xmlNode *n)
{
	size_t len = page_text_len(n);
	double links = 0;

	if (len == 0)
		return 0;
	link_len(n, &links);
	return links / (double)len;
}

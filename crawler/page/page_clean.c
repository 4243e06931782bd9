/*
 * page_clean.c - removing page furniture.  page_prune() runs over the
 * whole document before scoring (scripts, forms, hidden and class-hinted
 * navigation, comments, share bars); page_clean_article() runs over the
 * chosen container afterwards and drops blocks a reader would skip (link
 * lists, galleries, "read also" boxes) by their shape, as Readability.js
 * does.  Hints are matched in English and Russian class names and texts.
 */
#include "page_int.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

char page_protected[] = "protected";

/* Never article text. */
static const char *const drop_tags[] = {
	"script", "style", "noscript", "template", "link", "meta", "svg",
	"math", "canvas", "iframe", "object", "embed", "applet", "audio",
	"video", "source", "track", "button", "input", "select", "textarea",
	"option", "nav", "aside", "footer", "dialog", "map", "head", NULL,
};

/* Class/id words of furniture... */
static const char *const unlikely_words[] = {
	"-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment",
	"community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
	"header", "legends", "menu", "related", "remark", "replies", "rss",
	"shoutbox", "sidebar", "skyscraper", "social", "sponsor",
	"supplemental", "ad-break", "agegate", "pagination", "pager", "popup",
	"yom-remote", "cookie", "consent", "newsletter",
	"modal", "widget", "navbar", "topbar", NULL,
};

/* ...unless they also say "this is the content". */
static const char *const maybe_words[] = {
	"and", "article", "body", "column", "content", "main", "shadow",
	"embed", NULL,
};

static const char *const positive_words[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main",
	"page", "pagination", "post", "text", "blog", "story", "news-text",
	"materia", "statya", "novost", NULL,
};

static const char *const negative_words[] = {
	"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact",
	"foot", "footer", "footnote", "gdpr", "masthead", "media", "meta",
	"outbrain", "promo", "related", "scroll", "share", "shoutbox",
	"sidebar", "skyscraper", "sponsor", "shopping", "tags", "tool",
	"widget", "byline", "author", "dateline", "caption", "credit",
	"recommend", "popular", "subscribe", "newsletter", "teaser", NULL,
};

static const char *const unlikely_roles[] = {
	"menu", "menubar", "complementary", "navigation", "alert",
	"alertdialog", "dialog", NULL,
};

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if ((*list)[0] == s[0] && !strcmp(s, *list))
			return 1;
	return 0;
}

/* "hid" as a whole class word is Readability's "hidden" shorthand. */
static int has_word(const char *hay, const char *w)
{
	size_t l = strlen(w);

	for (const char *p = hay; (p = strstr(p, w)); p += l)
		if ((p == hay || p[-1] == ' ') && (p[l] == ' ' || !p[l]))
			return 1;
	return 0;
}

static int weight_of(const char *attr)
{
	char low[256];
	size_t i;
	int w = 0;

	if (!attr || !*attr)
		return 0;
	for (i = 0; attr[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)((attr[i] >= 'A' && attr[i] <= 'Z') ?
				attr[i] + 32 : attr[i]);
	low[i] = '\0';
	if (page_hint(low, negative_words) || has_word(low, "hid"))
		w -= 25;
	if (page_hint(low, positive_words))
		w += 25;
	return w;
}

int page_class_weight(const xmlNode *n, unsigned flags)
{
	const char *ip = page_attr(n, "itemprop");
	int w;

	if (!(flags & PF_WEIGHT_CLASSES))
		return 0;
	w = weight_of(page_attr(n, "class")) + weight_of(page_attr(n, "id"));
	/* schema.org and RDFa markup is the page's own statement. */
	if (ip && (strstr(ip, "articleBody") || strstr(ip, "text")))
		w += 25;
	ip = page_attr(n, "property");
	if (ip && (strstr(ip, "articleBody") || strstr(ip, "content:encoded")))
		w += 25;
	return w;
}

/* Does the text of n begin with a furniture phrase? */
static int starts_with_furniture(const xmlNode *n)
{
	struct buf b = BUF_INIT;
	int r;

	page_inner_text(n, &b);
	r = page_furniture_text(b.data, b.len, 1);
	buf_release(&b);
	return r;
}

/* Wrap runs of inline content of div n in <p>, starting a new <p> at
 * each "<br><br>" (sites that type paragraphs with line breaks).  A div
 * with inline content only becomes a <p> itself. */
static void div_to_paragraphs(xmlDoc *doc, xmlNode *n)
{
	xmlNode *c, *next, *p = NULL;
	int has_block = 0, brs = 0;

	for (c = n->children; c; c = c->next)
		if (page_is_block_tag(c) || page_tag_is(c, "img") ||
		    page_tag_is(c, "table"))
			has_block = 1;
	for (c = n->children; c; c = c->next) {
		if (page_tag_is(c, "br") && c->next) {
			xmlNode *d = c->next;

			while (d && d->type == XML_TEXT_NODE &&
			       page_text_len(d) == 0)
				d = d->next;
			if (page_tag_is(d, "br"))
				brs = 1;
		}
	}
	if (!has_block && !brs) {
		xmlNodeSetName(n, (const xmlChar *)"p");
		return;
	}
	for (c = n->children; c; c = next) {
		next = c->next;
		if (page_is_block_tag(c) || page_tag_is(c, "table") ||
		    c->type == XML_COMMENT_NODE) {
			p = NULL;
			continue;
		}
		if (page_tag_is(c, "br") && next) {
			xmlNode *d = next;

			while (d && d->type == XML_TEXT_NODE &&
			       page_text_len(d) == 0)
				d = d->next;
			if (page_tag_is(d, "br")) {
				/* A paragraph break: drop the run of <br>s. */
				while (next != d)
					next = next->next;
				next = d;
				page_remove(c);
				p = NULL;
				continue;
			}
		}
		if (!p) {
			if (c->type == XML_TEXT_NODE && page_text_len(c) == 0)
				continue;
			if (page_tag_is(c, "br")) {
				page_remove(c);
				continue;
			}
			p = xmlNewDocNode(doc, NULL, (const xmlChar *)"p",
					  NULL);
			xmlAddPrevSibling(c, p);
		}
		xmlUnlinkNode(c);
		xmlAddChild(p, c);	/* may merge and free a text node */
		page_tree_changed(p);
	}
}

/* A <header> holding the article itself (some CMS themes) is kept. */
static int has_paragraphs(const xmlNode *n, int want, size_t min_len)
{
	int k = 0;

	for (xmlNode *c = n->children; c; c = page_next(c, n, 0)) {
		if (page_tag_is(c, "p") && page_text_len(c) >= min_len &&
		    ++k >= want)
			return 1;
	}
	return 0;
}

static const char *const byline_words[] = {
	"byline", "dateline", "author", "writtenby", "p-author", "posted-on",
	"post-meta", "entry-meta", "article-meta", "article__meta",
	"timestamp", "pubdate", "publish-date", "published", "post-date",
	"article-date", "news-date", NULL,
};

/* Bylines and datelines ("By Jane Doe | Nov 18, 2019"): short,
 * marked by class, id, rel or itemprop.  page_meta() has read them. */
static int is_byline(const xmlNode *n)
{
	const char *rel = page_attr(n, "rel"), *ip = page_attr(n, "itemprop");
	char ci[256];

	if (page_tag_is(n, "body") || page_tag_is(n, "article") ||
	    page_text_len(n) >= 100)
		return 0;
	if ((rel && !strcmp(rel, "author")) || (ip && strstr(ip, "author")))
		return 1;
	page_class_id(n, ci, sizeof(ci));
	return page_hint(ci, byline_words);
}

static int unlikely(const xmlNode *n, unsigned flags)
{
	char ci[256];
	const char *role;

	if (!(flags & PF_STRIP_UNLIKELY))
		return 0;
	role = page_attr(n, "role");
	if (role && in_list(role, unlikely_roles))
		return 1;
	if (is_byline(n))
		return 1;
	if (page_tag_is(n, "body") || page_tag_is(n, "a") ||
	    page_tag_is(n, "html") || page_tag_is(n, "article") ||
	    page_tag_is(n, "main"))
		return 0;
	page_class_id(n, ci, sizeof(ci));
	if (!page_hint(ci, unlikely_words) || page_hint(ci, maybe_words))
		return 0;
	return !page_has_ancestor(n, "table", 0) &&
	       !page_has_ancestor(n, "code", 0);
}

void page_prune(xmlDoc *doc, xmlNode *body, unsigned flags)
{
	xmlNode *n = body->children, *next;

	while (n) {
		if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE ||
		    n->type == XML_DTD_NODE) {
			next = page_next(n, body, 1);
			page_remove(n);
			n = next;
			continue;
		}
		if (n->type != XML_ELEMENT_NODE) {
			n = page_next(n, body, 0);
			continue;
		}
		if (in_list((const char *)n->name, drop_tags) ||
		    !page_is_visible(n) || unlikely(n, flags) ||
		    (page_tag_is(n, "header") && !has_paragraphs(n, 2, 100))) {
			next = page_next(n, body, 1);
			page_remove(n);
			n = next;
			continue;
		}
		if (page_tag_is(n, "div"))
			div_to_paragraphs(doc, n);
		n = page_next(n, body, 0);
	}
}

/* ---- cleaning the chosen container ---- */

static size_t count_tag(const xmlNode *n, const char *tag)
{
	size_t k = 0;

	for (xmlNode *c = n->children; c; c = page_next(c, n, 0))
		if (page_tag_is(c, tag))
			k++;
	return k;
}

/* A table of data (as Readability decides) is content, not layout. */
static int is_data_table(const xmlNode *t)
{
	const char *role = page_attr(t, "role");
	size_t rows = 0, cols = 0;

	if (role && !strcmp(role, "presentation"))
		return 0;
	if (page_attr(t, "summary") || count_tag(t, "caption") ||
	    count_tag(t, "th") || count_tag(t, "thead"))
		return 1;
	if (count_tag(t, "table"))
		return 0;
	for (xmlNode *c = t->children; c; c = page_next(c, t, 0)) {
		if (page_tag_is(c, "tr")) {
			size_t k = 0;

			rows++;
			for (xmlNode *d = c->children; d; d = d->next)
				if (page_tag_is(d, "td"))
					k++;
			if (k > cols)
				cols = k;
		}
	}
	return rows >= 10 || cols > 4 || rows * cols > 10;
}

/* Is n, with tag, furniture by its shape?  (Readability's
 * _cleanConditionally.) */
static int shady(const xmlNode *n, const char *tag, unsigned flags)
{
	int weight = page_class_weight(n, flags);
	int is_list = !strcmp(tag, "ul") || !strcmp(tag, "ol");
	size_t len = page_text_len(n), p, img, li, input, embed;
	double ld;

	if (page_has_ancestor(n, "code", 0))
		return 0;
	if (!strcmp(tag, "table") && is_data_table(n))
		return 0;
	if (weight < 0)
		return 1;
	if (page_count_char(n, ",") + page_count_char(n, "\xef\xbc\x8c") >= 10)
		return 0;
	if (!is_list) {
		size_t list_len = 0;
		xmlNode *c = n->children;

		while (c) {
			if (page_tag_is(c, "ul") || page_tag_is(c, "ol")) {
				list_len += page_text_len(c);
				c = page_next(c, n, 1);
			} else {
				c = page_next(c, n, 0);
			}
		}
		is_list = len && (double)list_len / (double)len > 0.9;
	}
	p = count_tag(n, "p");
	img = count_tag(n, "img");
	li = count_tag(n, "li");
	input = count_tag(n, "input");
	embed = count_tag(n, "iframe") + count_tag(n, "embed") +
		count_tag(n, "object");
	ld = page_link_density(n);
	if (len == 0 && img == 0)
		return 1;
	if (img > 1 && (double)p / (double)img < 0.5 &&
	    !page_has_ancestor(n, "figure", 0))
		return 1;
	if (!is_list && li > p + 100)
		return 1;
	if (input > p / 3)
		return 1;
	if (!is_list && len < 25 && (img == 0 || img > 2) && ld > 0 &&
	    !page_has_ancestor(n, "figure", 0))
		return 1;
	if (!is_list && weight < 25 && ld > 0.2)
		return 1;
	if (weight >= 25 && ld > 0.5)
		return 1;
	/* A list of links ("More stories", "Read also") is not prose. */
	if (is_list && ld > 0.5)
		return 1;
	if ((embed == 1 && len < 75) || embed > 1)
		return 1;
	return 0;
}

/* Judge the tag's elements last to first (as Readability does), so an
 * inner link list goes before its container is weighed: the container
 * of an article and its "related" box then survives on the article. */
static void clean_conditionally(xmlNode *root, const char *tag,
				unsigned flags)
{
	xmlNode **v = NULL;
	size_t n = 0, alloc = 0;

	for (xmlNode *c = root->children; c; c = page_next(c, root, 0)) {
		if (page_tag_is(c, tag)) {
			ALLOC_GROW(v, n + 1, alloc);
			v[n++] = c;
		}
	}
	while (n-- > 0)
		if (v[n]->_private != page_protected && shady(v[n], tag, flags))
			page_remove(v[n]);
	free(v);
}

/* Remove elements matching test under root (root itself is kept). */
static void remove_if(xmlNode *root, int (*test)(const xmlNode *, unsigned),
		      unsigned flags)
{
	xmlNode *n = root->children, *next;

	while (n) {
		if (n->type == XML_ELEMENT_NODE &&
		    n->_private != page_protected && test(n, flags)) {
			next = page_next(n, root, 1);
			page_remove(n);
			n = next;
			continue;
		}
		n = page_next(n, root, 0);
	}
}

static const char *const share_words[] = {
	"share", "sharing", "social", "sharedaddy", "addthis", "likely",
	"ya-share", "pluso", NULL,
};

static int is_share(const xmlNode *n, unsigned flags)
{
	char ci[256];

	(void)flags;
	page_class_id(n, ci, sizeof(ci));
	/* An embedded post (a quoted tweet) is content in a social wrapper. */
	return page_hint(ci, share_words) && page_text_len(n) < 500 &&
	       !count_tag(n, "blockquote");
}

static int is_bad_header(const xmlNode *n, unsigned flags)
{
	return (page_tag_is(n, "h1") || page_tag_is(n, "h2")) &&
	       page_class_weight(n, flags) < 0;
}

/* Headings, and the bold lead-ins sites use as headings. */
static int is_heading(const xmlNode *n)
{
	static const char *const h[] = {
		"h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", NULL,
	};

	return n && n->type == XML_ELEMENT_NODE &&
	       in_list((const char *)n->name, h);
}

static const xmlNode *first_element(const xmlNode *n)
{
	for (n = n->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
		else if (n->type == XML_TEXT_NODE && page_text_len(n))
			return NULL;
	return NULL;
}

/* A box introduced by "Читайте также" / "Related": short or link-rich,
 * or titled so by its own heading. */
static int is_furniture_box(const xmlNode *n, unsigned flags)
{
	const xmlNode *h;
	size_t len;

	(void)flags;
	if (!page_is_block_tag(n) || page_tag_is(n, "body"))
		return 0;
	len = page_text_len(n);
	if (len == 0 || len > 2000 || !starts_with_furniture(n))
		return 0;
	h = first_element(n);
	if (is_heading(h) && page_text_len(h) < 60)
		return 1;
	return len < 40 || (len < 600 && page_link_density(n) > 0.3);
}

static int is_figcaption(const xmlNode *n, unsigned flags)
{
	(void)flags;
	return page_tag_is(n, "figcaption");
}

/* Headlines: an <h1>/<h2> that repeats the page title, and any <h1>
 * before the first real paragraph.  Later <h1>s are subheadings some
 * CMSs misuse, and stay. */
static void remove_headlines(xmlNode *article, const char *title)
{
	xmlNode *n = article->children, *next;
	int seen_text = 0;

	while (n) {
		int h1 = page_tag_is(n, "h1"), h2 = page_tag_is(n, "h2");

		if ((h1 || h2) && n->_private != page_protected) {
			struct buf b = BUF_INIT;
			int dup;

			page_inner_text(n, &b);
			dup = title && page_same_text(b.data, title);
			buf_release(&b);
			if (dup || (h1 && !seen_text)) {
				next = page_next(n, article, 1);
				page_remove(n);
				n = next;
				continue;
			}
		}
		if (page_tag_is(n, "p") && page_text_len(n) >= 100)
			seen_text = 1;
		n = page_next(n, article, 0);
	}
}

static const char *const caption_words[] = {
	"caption", "credit", NULL,
};

static const char *const picture_words[] = {
	"image", "photo", "picture", "figure", "img", "gallery", "media",
	"video", "slide", "foto", "kartinka", NULL,
};

static int has_picture(const xmlNode *n)
{
	return count_tag(n, "img") || count_tag(n, "picture") ||
	       count_tag(n, "video") || count_tag(n, "iframe");
}

/* Captions and picture boxes: readers skip them, and the text under a
 * photo repeats or credits it rather than telling the story. */
static int is_caption(const xmlNode *n, unsigned flags)
{
	char ci[256];
	size_t len;

	(void)flags;
	if (page_tag_is(n, "figure"))
		return page_text_len(n) < 300;
	page_class_id(n, ci, sizeof(ci));
	if (!*ci)
		return 0;
	len = page_text_len(n);
	if (page_hint(ci, caption_words))
		return len < 300;
	return page_hint(ci, picture_words) && len < 300 && has_picture(n);
}

/* A paragraph with no text, or nothing but a link: the "Read also:
 * <headline>" teasers sites put between paragraphs. */
static int is_empty_p(const xmlNode *n, unsigned flags)
{
	(void)flags;
	if (!page_tag_is(n, "p"))
		return 0;
	if (page_text_len(n) == 0)
		return !count_tag(n, "img");
	return page_link_density(n) > 0.9;
}

/* The last element with text under n, or NULL. */
static xmlNode *last_text_element(xmlNode *n)
{
	for (xmlNode *c = n->last; c; c = c->prev) {
		if (c->type == XML_TEXT_NODE && page_text_len(c))
			return n;
		if (c->type == XML_ELEMENT_NODE && page_text_len(c)) {
			xmlNode *d = last_text_element(c);

			return d ? d : c;
		}
	}
	return NULL;
}

/* A heading with nothing after it titled a box that is gone. */
static void remove_trailing_headings(xmlNode *article)
{
	for (int i = 0; i < 8; i++) {
		xmlNode *last = last_text_element(article), *h = last;

		while (h && h != article && !is_heading(h))
			h = h->parent;
		if (!h || h == article || h->_private == page_protected ||
		    page_tag_is(h, "strong") || page_tag_is(h, "b") ||
		    page_text_len(article) < page_text_len(h) + 100)
			return;
		page_remove(h);
	}
}

void page_clean_article(xmlNode *article, unsigned flags, const char *title)
{
	remove_if(article, is_share, flags);
	remove_if(article, is_bad_header, flags);
	remove_if(article, is_furniture_box, flags);
	remove_if(article, is_figcaption, flags);
	remove_headlines(article, title);
	remove_if(article, is_caption, flags);
	if (flags & PF_CLEAN_COND) {
		clean_conditionally(article, "form", flags);
		clean_conditionally(article, "fieldset", flags);
		clean_conditionally(article, "table", flags);
		clean_conditionally(article, "ul", flags);
		clean_conditionally(article, "ol", flags);
		clean_conditionally(article, "div", flags);
		clean_conditionally(article, "section", flags);
	}
	remove_if(article, is_empty_p, flags);
	remove_trailing_headings(article);
}

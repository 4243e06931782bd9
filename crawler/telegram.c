/*
 * telegram.c - the t.me/s/CHANNEL web preview parsed with libxml2's HTML
 * parser.  Each div.tgme_widget_message[data-post] is a post; its text
 * is the div.tgme_widget_message_text outside the quoted reply, its time
 * the time[datetime] of the footer's date link.  The text is rendered by
 * the page extractor's text writer, so <br> lines and emoji survive.
 */
#include "telegram.h"
#include "common/deadline.h"
#include "crawler/page/page_dom.h"
#include "common/date.h"
#include "common/url.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define TG_MAX_LINKS 64

/* Does n's class attribute hold the whole word cls? */
static int has_class(const xmlNode *n, const char *cls)
{
	const char *c = page_attr(n, "class");
	size_t l = strlen(cls);

	for (const char *p = c; p && (p = strstr(p, cls)); p += l)
		if ((p == c || p[-1] == ' ') && (p[l] == ' ' || p[l] == '\0'))
			return 1;
	return 0;
}

/* First element under root with class cls, skipping subtrees with class
 * skip (may be NULL). */
static xmlNode *find_class(xmlNode *root, const char *cls, const char *skip)
{
	xmlNode *n = root->children;

	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			if (skip && has_class(n, skip)) {
				n = page_next(n, root, 1);
				continue;
			}
			if (has_class(n, cls))
				return n;
		}
		n = page_next(n, root, 0);
	}
	return NULL;
}

/* A copy of s in a as valid UTF-8 with white space trimmed. */
static const char *keep(struct arena *a, const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	const char *r;

	utf8_sanitize(&b, s, n);
	buf_trim(&b);
	r = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return r;
}

static const char *text_of(struct arena *a, const xmlNode *n)
{
	struct buf b = BUF_INIT;
	const char *r;

	page_text(n, &b);
	r = keep(a, b.data, b.len);
	buf_release(&b);
	return r;
}

/* "channel/123" -> channel and id; 0, or -1 when malformed. */
static int parse_data_post(const char *v, char *channel, size_t clen,
			   long *id)
{
	const char *slash = strchr(v, '/');
	size_t l;
	char *end;

	if (!slash)
		return -1;
	l = (size_t)(slash - v);
	if (l == 0 || l >= clen)
		return -1;
	for (size_t i = 0; i < l; i++) {
		char c = v[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_'))
			return -1;
	}
	memcpy(channel, v, l);
	channel[l] = '\0';
	*id = strtol(slash + 1, &end, 10);
	if (*end || *id <= 0 || *id == LONG_MAX)
		return -1;
	return 0;
}

/* Absolute http(s) form of href, or NULL (hashtag searches "?q=%23..."
 * and javascript: links are not links to follow). */
static char *absolute_link(const char *page_url, const char *href)
{
	struct err e;
	char *u;

	if (!href || !*href || href[0] == '?' || href[0] == '#')
		return NULL;
	u = url_resolve(page_url ? page_url : href, href, &e);
	if (u && strncmp(u, "http://", 7) && strncmp(u, "https://", 8)) {
		free(u);
		u = NULL;
	}
	return u;
}

static void add_link(struct arena *a, const char **links, size_t *n,
		     const char *page_url, const char *href)
{
	char *u = absolute_link(page_url, href);

	if (!u)
		return;
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(links[i], u))
			goto out;
	if (*n < TG_MAX_LINKS)
		links[(*n)++] = keep(a, u, strlen(u));
out:
	free(u);
}

static void collect_links(struct arena *a, xmlNode *root, const char **links,
			  size_t *n, const char *page_url)
{
	for (xmlNode *c = root->children; c; c = page_next(c, root, 0))
		if (page_tag_is(c, "a"))
			add_link(a, links, n, page_url, page_attr(c, "href"));
}

/* The post's time: the footer's date link, else any time[datetime]
 * outside the quoted reply (media durations carry no datetime). */
static void post_time(xmlNode *msg, struct tg_post *p)
{
	xmlNode *date = find_class(msg, "tgme_widget_message_date",
				   "tgme_widget_message_reply");
	xmlNode *root = date ? date : msg, *c = root->children;

	while (c) {
		const char *dt;

		if (c->type == XML_ELEMENT_NODE &&
		    has_class(c, "tgme_widget_message_reply")) {
			c = page_next(c, root, 1);
			continue;
		}
		dt = page_tag_is(c, "time") ? page_attr(c, "datetime") : NULL;
		if (dt && date_parse(dt, 0, &p->time) == 0) {
			p->has_time = 1;
			return;
		}
		c = page_next(c, root, 0);
	}
}

static void parse_post(xmlNode *msg, const char *channel, long id,
		       const char *page_url, struct arena *a, struct tg_post *p)
{
	const char *links[TG_MAX_LINKS];
	size_t nl = 0;
	xmlNode *text, *n;
	struct buf url = BUF_INIT;

	memset(p, 0, sizeof(*p));
	buf_addf(&url, "https://t.me/%s/%ld", channel, id);
	p->url = arena_strdup(a, url.data);
	buf_release(&url);
	p->channel = arena_strdup(a, channel);
	p->id = id;
	text = find_class(msg, "tgme_widget_message_text",
			  "tgme_widget_message_reply");
	p->text = text ? text_of(a, text) : "";
	if (text)
		collect_links(a, text, links, &nl, page_url);
	n = find_class(msg, "tgme_widget_message_link_preview", NULL);
	if (n)
		add_link(a, links, &nl, page_url, page_attr(n, "href"));
	n = find_class(msg, "tgme_widget_message_from_author", NULL);
	if (n)
		p->author = text_of(a, n);
	n = find_class(msg, "tgme_widget_message_forwarded_from_name", NULL);
	if (n)
		p->forwarded_from = text_of(a, n);
	post_time(msg, p);
	if (nl) {
		p->links = arena_alloc(a, nl * sizeof(*p->links));
		memcpy(p->links, links, nl * sizeof(*links));
		p->n_links = nl;
	}
}

int telegram_parse(const char *html, size_t n, const char *page_url,
		   struct arena *a, struct tg_post **posts, size_t *n_posts,
		   struct err *e)
{
	struct tg_post *v = NULL;
	size_t nv = 0, alloc = 0;
	xmlDoc *doc;
	xmlNode *root, *c;
	int is_channel = 0;

	*posts = NULL;
	*n_posts = 0;
	if (n > INT_MAX)
		return err_set(e, "page of %zu bytes is too large to parse", n);
	doc = page_parse_html(html, n, page_url);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		xmlFreeDoc(doc);
		return err_set(e, "cannot parse the page as HTML");
	}
	for (c = root; c; ) {
		const char *dp;
		char channel[128];
		long id;

		if (c->type != XML_ELEMENT_NODE) {
			c = page_next(c, root, 0);
			continue;
		}
		if (has_class(c, "tgme_channel_history"))
			is_channel = 1;
		dp = has_class(c, "tgme_widget_message") ?
		     page_attr(c, "data-post") : NULL;
		if (!dp) {
			c = page_next(c, root, 0);
			continue;
		}
		is_channel = 1;
		if (parse_data_post(dp, channel, sizeof(channel), &id) == 0) {
			ALLOC_GROW(v, nv + 1, alloc);
			parse_post(c, channel, id, page_url, a, &v[nv++]);
		}
		c = page_next(c, root, 1);
	}
	xmlFreeDoc(doc);
	if (deadline_passed()) {
		free(v);
		return err_set(e, "parse took longer than %g s",
			       deadline_seconds());
	}
	if (!is_channel) {
		free(v);
		return err_set(e, "not a Telegram channel preview (no messages "
				  "and no channel history on the page)");
	}
	if (nv) {
		*posts = arena_alloc(a, nv * sizeof(**posts));
		memcpy(*posts, v, nv * sizeof(*v));
	}
	*n_posts = nv;
	free(v);
	return 0;
}

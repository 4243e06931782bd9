/*
 * page_meta.c - an article's metadata from the untouched document: title
 * (og:title, JSON-LD headline, <h1>, <title>; without the " | Site"
 * suffix), publication time (JSON-LD, article:published_time, <time>,
 * then a Russian or Kyrgyz date printed near the top), author, language
 * and canonical URL.  The first source that gives a usable value wins.
 */
#include "page_int.h"
#include "common/date.h"
#include "common/url.h"
#include "common/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Kyrgyz sites print local time without a zone: Asia/Bishkek, UTC+6. */
#define BISHKEK_OFFSET (6 * 3600L)
#define MAX_DATE_TEXTS 8

/* <meta> names carrying the publication time, best first. */
static const char *const date_keys[] = {
	"article:published_time", "og:article:published_time",
	"article:published",
	"datepublished", "publish-date", "publishdate", "pubdate",
	"parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date",
	"dcterms.created", "dcterms.date", "date", "citation_publication_date",
	"published_time", "article.published", NULL,
};

/* Class and id words of elements that print the date. */
static const char *const date_words[] = {
	"date", "time", "publish", "posted", "data", NULL,
};

static const char *const author_keys[] = {
	"author", "article:author", "dc.creator", "byl", "sailthru.author",
	"parsely-author", "citation_author", NULL,
};

struct scan {
	const char *lang, *title_tag, *h1, *og_title, *tw_title, *og_url;
	const char *og_locale, *site_name, *canonical, *base_href;
	const char *content_language;
	const char *meta_date;
	int meta_date_rank;
	const char *itemprop_date, *time_dt, *meta_author, *itemprop_author;
	const char *rel_author, *byline;
	const char *date_texts[MAX_DATE_TEXTS];
	int n_date_texts;
};

/* Copy s into a with white space collapsed and trimmed; NULL for an
 * empty result. */
static const char *clean(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	const char *r = NULL;
	int space = 0;

	if (!s)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addch(&b, ' ');
		space = 0;
		buf_addch(&b, (char)c);
	}
	if (b.len)
		r = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return r;
}

static const char *text_of(struct arena *a, const xmlNode *n)
{
	struct buf b = BUF_INIT;
	const char *r;

	page_inner_text(n, &b);
	r = clean(a, b.data);
	buf_release(&b);
	return r;
}

static int rank_of(const char *key, const char *const *keys)
{
	for (int i = 0; keys[i]; i++)
		if (!strcasecmp(key, keys[i]))
			return i;
	return -1;
}

static void meta_key(const char *key, const char *content, struct arena *a,
		     struct scan *s)
{
	int r;

	if (!strcasecmp(key, "og:title") && !s->og_title)
		s->og_title = clean(a, content);
	else if (!strcasecmp(key, "twitter:title") && !s->tw_title)
		s->tw_title = clean(a, content);
	else if (!strcasecmp(key, "og:url") && !s->og_url)
		s->og_url = clean(a, content);
	else if (!strcasecmp(key, "og:locale") && !s->og_locale)
		s->og_locale = clean(a, content);
	else if (!strcasecmp(key, "og:site_name") && !s->site_name)
		s->site_name = clean(a, content);
	r = rank_of(key, date_keys);
	if (r >= 0 && (!s->meta_date || r < s->meta_date_rank)) {
		s->meta_date = clean(a, content);
		s->meta_date_rank = r;
	}
	if (rank_of(key, author_keys) >= 0 && !s->meta_author &&
	    strncmp(content, "http", 4))
		s->meta_author = clean(a, content);
}

/* <meta property|name|itemprop="k1 k2" content="...">: each key counts
 * (itemprop="datePublished dateCreated" is common). */
static void scan_meta(const xmlNode *n, struct arena *a, struct scan *s)
{
	static const char *const attrs[] = { "property", "name", "itemprop" };
	const char *content = page_attr(n, "content");
	const char *he = page_attr(n, "http-equiv");

	if (he && !strcasecmp(he, "content-language") && content &&
	    !s->content_language)
		s->content_language = clean(a, content);
	if (!content || !*content)
		return;
	for (size_t i = 0; i < sizeof(attrs) / sizeof(*attrs); i++) {
		const char *v = page_attr(n, attrs[i]);
		char key[64];

		while (v && *v) {
			size_t l = strcspn(v, " \t\n");

			if (l && l < sizeof(key)) {
				memcpy(key, v, l);
				key[l] = '\0';
				meta_key(key, content, a, s);
			}
			v += l;
			v += strspn(v, " \t\n");
		}
	}
}

static int rel_has(const xmlNode *n, const char *word)
{
	const char *rel = page_attr(n, "rel");
	size_t l = strlen(word);

	for (const char *p = rel; p && (p = strcasestr(p, word)); p += l)
		if ((p == rel || p[-1] == ' ') && (p[l] == ' ' || !p[l]))
			return 1;
	return 0;
}

static void scan_element(xmlNode *n, struct arena *a, struct page_ld *ld,
			 struct scan *s)
{
	const char *name = (const char *)n->name, *v;
	char ci[256];

	if (!strcmp(name, "html")) {
		if (!s->lang)
			s->lang = clean(a, page_attr(n, "lang"));
	} else if (!strcmp(name, "title")) {
		if (!s->title_tag && !page_has_ancestor(n, "svg", 0))
			s->title_tag = text_of(a, n);
	} else if (!strcmp(name, "h1")) {
		if (!s->h1)
			s->h1 = text_of(a, n);
	} else if (!strcmp(name, "meta")) {
		scan_meta(n, a, s);
	} else if (!strcmp(name, "link")) {
		if (rel_has(n, "canonical") && !s->canonical)
			s->canonical = clean(a, page_attr(n, "href"));
	} else if (!strcmp(name, "base")) {
		if (!s->base_href)
			s->base_href = clean(a, page_attr(n, "href"));
	} else if (!strcmp(name, "script")) {
		v = page_attr(n, "type");
		if (v && !strcasecmp(v, "application/ld+json") && n->children &&
		    n->children->content) {
			const char *t = (const char *)n->children->content;

			page_jsonld(t, strlen(t), a, ld);
		}
		return;
	} else if (!strcmp(name, "time")) {
		v = page_attr(n, "datetime");
		if (v && !s->time_dt)
			s->time_dt = clean(a, v);
	}
	v = page_attr(n, "itemprop");
	if (v && strcmp(name, "meta")) {
		if (strstr(v, "datePublished") && !s->itemprop_date) {
			const char *d = page_attr(n, "datetime");

			if (!d)
				d = page_attr(n, "content");
			s->itemprop_date = d ? clean(a, d) : text_of(a, n);
		} else if (!strcmp(v, "author") && !s->itemprop_author &&
			   page_text_len(n) < 100) {
			s->itemprop_author = text_of(a, n);
		}
	}
	if (!strcmp(name, "a") && rel_has(n, "author") && !s->rel_author &&
	    page_text_len(n) < 100)
		s->rel_author = text_of(a, n);
	page_class_id(n, ci, sizeof(ci));
	if (!*ci || page_text_len(n) > 100)
		return;
	if (!s->byline && (strstr(ci, "byline") || strstr(ci, "author")) &&
	    !strstr(ci, "authors"))
		s->byline = text_of(a, n);
	if (s->n_date_texts < MAX_DATE_TEXTS && page_hint(ci, date_words))
		s->date_texts[s->n_date_texts++] = text_of(a, n);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A date somewhere in a printed line ("Опубликовано: 18 ноября 2026,
 * 10:15"): try the whole text, then from each number on. */
static int date_in_text(const char *t, time_t *out)
{
	int tries = 0;

	if (!t)
		return -1;
	if (date_parse(t, BISHKEK_OFFSET, out) == 0)
		return 0;
	for (const char *p = t + 1; *p && tries < 8; p++) {
		if (is_digit(p[0]) && !is_digit(p[-1])) {
			tries++;
			if (date_parse(p, BISHKEK_OFFSET, out) == 0)
				return 0;
		}
	}
	return -1;
}

static void pick_date(const struct scan *s, const struct page_ld *ld,
		      struct page *out)
{
	const char *cands[] = { ld->date_published, s->meta_date,
				s->itemprop_date, s->time_dt };

	for (size_t i = 0; i < sizeof(cands) / sizeof(*cands); i++) {
		if (cands[i] && date_parse(cands[i], BISHKEK_OFFSET,
					   &out->published) == 0) {
			out->has_published = 1;
			return;
		}
	}
	for (int i = 0; i < s->n_date_texts; i++) {
		if (date_in_text(s->date_texts[i], &out->published) == 0) {
			out->has_published = 1;
			return;
		}
	}
}

/* Separators between a headline and the site name, as sites print them. */
static const char *const title_seps[] = {
	" | ", " - ", " \xe2\x80\x94 ", " \xe2\x80\x93 ", " :: ", " // ",
	" \xc2\xbb ", " \xc2\xab ", " \xc2\xb7 ", " \xe2\x80\xa2 ", NULL,
};

static size_t words(const char *s, size_t n)
{
	size_t w = 0;
	int in = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ') {
			in = 0;
		} else if (!in) {
			in = 1;
			w++;
		}
	}
	return w;
}

/* The headline without the site name around it ("Title | 24.kg",
 * "Kaktus.media - Title").  Only a short part at an end is cut, so a
 * headline that itself contains " - " survives. */
static const char *strip_site(struct arena *a, const char *t,
			      const char *site)
{
	size_t n = strlen(t), sl = site ? strlen(site) : 0;
	const char *last = NULL, *first = NULL;
	size_t last_len = 0, first_len = 0;

	for (const char *const *sep = title_seps; *sep; sep++) {
		size_t l = strlen(*sep);
		const char *p;

		for (p = strstr(t, *sep); p; p = strstr(p + 1, *sep)) {
			if (!first || p < first) {
				first = p;
				first_len = l;
			}
			if (!last || p > last) {
				last = p;
				last_len = l;
			}
		}
	}
	if (!last)
		return t;
	if (sl) {
		const char *tail = last + last_len;

		if (!strcasecmp(tail, site))
			return arena_strndup(a, t, (size_t)(last - t));
		if ((size_t)(first - t) == sl && !strncasecmp(t, site, sl))
			return arena_strdup(a, first + first_len);
	}
	/* Unknown site name: cut a short last part off a longer headline. */
	{
		const char *tail = last + last_len;
		size_t tl = n - (size_t)(tail - t);

		size_t hw = words(t, (size_t)(last - t));
		int domain = memchr(tail, '.', tl) && !memchr(tail, ' ', tl);

		if (words(tail, tl) <= 3 && (hw >= 3 || (hw >= 1 && domain)))
			return arena_strndup(a, t, (size_t)(last - t));
	}
	return t;
}

/* og:title, JSON-LD headline, twitter:title; then <h1>, unless <title>
 * disagrees and says more (an <h1> can be the site's logo; a <title> can
 * be just "Новости"). */
static void pick_title(const struct scan *s, const struct page_ld *ld,
		       struct arena *a, struct page *out)
{
	const char *t = s->og_title, *tt;

	if (!t)
		t = clean(a, ld->headline);
	if (!t)
		t = s->tw_title;
	if (t) {
		out->title = strip_site(a, t, s->site_name);
		return;
	}
	tt = s->title_tag ? strip_site(a, s->title_tag, s->site_name) : NULL;
	if (s->h1 && (!tt || page_same_text(s->h1, tt) ||
		      page_same_text(s->h1, s->title_tag) ||
		      words(s->h1, strlen(s->h1)) >= words(tt, strlen(tt))))
		out->title = s->h1;
	else
		out->title = tt;
}

/* "By Jane Doe", "Автор: Иван Иванов" -> the name.  strncasecmp folds
 * ASCII only, so the Cyrillic prefixes are listed in both cases. */
static const char *strip_by(struct arena *a, const char *s)
{
	static const char *const prefixes[] = {
		"by ", "posted by ", "written by ", "автор:", "Автор:",
		"автор ", "Автор ", "текст:", "Текст:", "автор материала:",
		"Автор материала:", NULL,
	};

	if (!s)
		return NULL;
	for (const char *const *p = prefixes; *p; p++) {
		size_t l = strlen(*p);

		if (!strncasecmp(s, *p, l))
			return clean(a, s + l);
	}
	return s;
}

static void pick_author(const struct scan *s, const struct page_ld *ld,
			struct arena *a, struct page *out)
{
	const char *cands[] = { ld->author, s->meta_author, s->itemprop_author,
				s->rel_author, s->byline };

	for (size_t i = 0; i < sizeof(cands) / sizeof(*cands); i++) {
		if (cands[i] && *cands[i]) {
			out->author = strip_by(a, clean(a, cands[i]));
			if (out->author)
				return;
		}
	}
}

/* "ru-RU", "ru_RU", "RU" -> "ru"; NULL when not a language tag. */
static const char *primary_lang(struct arena *a, const char *tag)
{
	char l[4];
	size_t i = 0;

	if (!tag)
		return NULL;
	while (i < 3 && ((tag[i] >= 'a' && tag[i] <= 'z') ||
			 (tag[i] >= 'A' && tag[i] <= 'Z'))) {
		l[i] = (char)(tag[i] | 0x20);
		i++;
	}
	if (i < 2 || (tag[i] && tag[i] != '-' && tag[i] != '_'))
		return NULL;
	l[i] = '\0';
	/* The ISO 639-2 codes some CMSs print. */
	if (!strcmp(l, "rus"))
		return "ru";
	if (!strcmp(l, "kir"))
		return "ky";
	if (!strcmp(l, "eng"))
		return "en";
	return arena_strdup(a, l);
}

static const char *absolute(struct arena *a, const char *base,
			    const char *ref)
{
	struct err e;
	const char *r = NULL;
	char *u;

	if (!ref || !*ref)
		return NULL;
	u = url_resolve(base ? base : ref, ref, &e);
	if (u && (!strncmp(u, "http://", 7) || !strncmp(u, "https://", 8)))
		r = arena_strdup(a, u);
	free(u);
	return r;
}

static void pick_canonical(const struct scan *s, const char *page_url,
			   struct arena *a, struct page *out)
{
	const char *base = page_url;

	if (s->base_href) {
		const char *b = absolute(a, page_url, s->base_href);

		if (b)
			base = b;
	}
	out->canonical_url = absolute(a, base, s->canonical);
	if (!out->canonical_url)
		out->canonical_url = absolute(a, base, s->og_url);
}

void page_meta(xmlDoc *doc, const char *page_url, struct arena *a,
	       struct page *out, struct page_ld *ld)
{
	struct scan s;
	xmlNode *root = xmlDocGetRootElement(doc), *n;

	memset(&s, 0, sizeof(s));
	for (n = root; n; n = page_next(n, root, 0))
		if (n->type == XML_ELEMENT_NODE)
			scan_element(n, a, ld, &s);
	pick_title(&s, ld, a, out);
	pick_date(&s, ld, out);
	pick_author(&s, ld, a, out);
	out->lang = primary_lang(a, s.lang);
	if (!out->lang)
		out->lang = primary_lang(a, s.content_language);
	if (!out->lang)
		out->lang = primary_lang(a, s.og_locale);
	pick_canonical(&s, page_url, a, out);
}

void page_lang_from_text(const char *text, struct page *out)
{
	size_t cyr = 0, kyr = 0, lat = 0, i = 0, n = strlen(text);

	while (i < n) {
		const unsigned char *u = (const unsigned char *)text + i;
		uint32_t cp;
		int l;

		/* ASCII and two-byte Cyrillic (U+0400..U+04FF) without the
		 * decoder: the text is mostly these. */
		if (u[0] < 0x80) {
			lat += (u[0] | 0x20) >= 'a' && (u[0] | 0x20) <= 'z';
			i++;
			continue;
		}
		if (u[0] >= 0xd0 && u[0] <= 0xd3 && n - i >= 2 &&
		    (u[1] & 0xc0) == 0x80) {
			cyr++;
			kyr += (u[0] == 0xd2 && (u[1] == 0xa2 || u[1] == 0xa3 ||
						 u[1] == 0xae || u[1] == 0xaf)) ||
			       (u[0] == 0xd3 && (u[1] == 0xa8 || u[1] == 0xa9));
			i += 2;
			continue;
		}
		l = utf8_decode(text + i, n - i, &cp);
		if (l < 0) {
			i++;
			continue;
		}
		i += (size_t)l;
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
			lat++;
		else if (cp >= 0x400 && cp <= 0x4ff)
			cyr++;
		/* ң ө ү (and capitals) are Kyrgyz, not Russian. */
		if (cp == 0x4a3 || cp == 0x4a2 || cp == 0x4e9 || cp == 0x4e8 ||
		    cp == 0x4af || cp == 0x4ae)
			kyr++;
	}
	if (cyr > lat && kyr >= 3 && kyr * 100 >= cyr) {
		if (!out->lang || !strcmp(out->lang, "ru"))
			out->lang = "ky";
		return;
	}
	/* A page template that says "ky" over a Russian text: Kyrgyz
	 * cannot go 300 letters without ң, ө or ү. */
	if (out->lang && !strcmp(out->lang, "ky") && cyr >= 300 && kyr == 0 &&
	    cyr > lat) {
		out->lang = "ru";
		return;
	}
	if (out->lang || cyr + lat < 20)
		return;
	out->lang = cyr > lat ? "ru" : "en";
}

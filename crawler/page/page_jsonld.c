/*
 * page_jsonld.c - the schema.org Article a page describes in its
 * <script type="application/ld+json">: headline, datePublished, author
 * and articleBody.  Real pages carry raw newlines inside strings and
 * wrap the object in arrays or "@graph"; both are accepted.
 */
#include "page_int.h"
#include "common/json.h"

#include <string.h>

#define LD_MAX_DEPTH 6

static int type_is_article(const struct json *t)
{
	static const char *const types[] = {
		"Article", "NewsArticle", "BlogPosting", "ReportageNews",
		"AnalysisNewsArticle", "OpinionNewsArticle",
		"BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting",
		"Report", "TechArticle", "ScholarlyArticle",
		"SocialMediaPosting", "Blog", NULL,
	};

	if (!t)
		return 0;
	if (t->type == JSON_ARR) {
		for (size_t i = 0; i < t->n; i++)
			if (type_is_article(t->vals[i]))
				return 1;
		return 0;
	}
	if (t->type != JSON_STR)
		return 0;
	for (const char *const *p = types; *p; p++)
		if (!strcmp(t->str, *p))
			return 1;
	return 0;
}

/* Names of a schema.org author value: "X", {"name": "X"} or a list of
 * those, joined with ", ". */
static void author_names(const struct json *v, struct buf *out)
{
	const char *name = NULL;

	if (!v)
		return;
	if (v->type == JSON_ARR) {
		for (size_t i = 0; i < v->n; i++)
			author_names(v->vals[i], out);
		return;
	}
	if (v->type == JSON_STR)
		name = v->str;
	else if (v->type == JSON_OBJ)
		name = json_get_str(v, "name");
	if (!name || !*name || !strncmp(name, "http", 4))
		return;
	if (out->len)
		buf_adds(out, ", ");
	buf_adds(out, name);
}

static void take_article(const struct json *o, struct arena *a,
			 struct page_ld *ld)
{
	const char *s;

	s = json_get_str(o, "articleBody");
	if (s && *s && (!ld->article_body ||
			strlen(s) > strlen(ld->article_body)))
		ld->article_body = arena_strdup(a, s);
	s = json_get_str(o, "headline");
	if (!s)
		s = json_get_str(o, "name");
	if (s && *s && !ld->headline)
		ld->headline = arena_strdup(a, s);
	s = json_get_str(o, "datePublished");
	if (!s)
		s = json_get_str(o, "dateCreated");
	if (s && *s && !ld->date_published)
		ld->date_published = arena_strdup(a, s);
	if (!ld->author) {
		struct buf b = BUF_INIT;

		author_names(json_get(o, "author"), &b);
		if (!b.len)
			author_names(json_get(o, "creator"), &b);
		if (b.len)
			ld->author = arena_strdup(a, b.data);
		buf_release(&b);
	}
}

static void search(const struct json *v, struct arena *a, struct page_ld *ld,
		   int depth)
{
	if (!v || depth > LD_MAX_DEPTH)
		return;
	if (v->type == JSON_ARR) {
		for (size_t i = 0; i < v->n; i++)
			search(v->vals[i], a, ld, depth + 1);
		return;
	}
	if (v->type != JSON_OBJ)
		return;
	if (type_is_article(json_get(v, "@type")))
		take_article(v, a, ld);
	search(json_get(v, "@graph"), a, ld, depth + 1);
	search(json_get(v, "mainEntity"), a, ld, depth + 1);
	search(json_get(v, "mainEntityOfPage"), a, ld, depth + 1);
}

void page_jsonld(const char *s, size_t n, struct arena *a, struct page_ld *ld)
{
	struct buf fixed = BUF_INIT;
	struct arena tmp = ARENA_INIT;
	struct json *root;
	struct err e;
	size_t i;

	/* Raw control characters inside strings are the commonest fault
	 * of hand-templated JSON-LD; as white space they change nothing
	 * outside strings. */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		buf_addch(&fixed, c < 0x20 ? ' ' : (char)c);
	}
	/* Some templates keep an HTML comment or CDATA wrapper. */
	{
		char *p = fixed.data, *end = fixed.data + fixed.len;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (!strncmp(p, "<!--", 4) || !strncmp(p, "//<![CDATA[", 11))
			memset(p, ' ', p[0] == '<' ? 4 : 11);
		while (end > fixed.data && end[-1] == ' ')
			end--;
		if (end - fixed.data >= 3 && !strncmp(end - 3, "-->", 3))
			memset(end - 3, ' ', 3);
		else if (end - fixed.data >= 5 && !strncmp(end - 5, "//]]>", 5))
			memset(end - 5, ' ', 5);
	}
	if (json_parse(fixed.data, fixed.len, &tmp, &root, &e) == 0)
		search(root, a, ld, 0);
	arena_release(&tmp);
	buf_release(&fixed);
}

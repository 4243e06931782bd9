/*
 * feed_elems.c - what each core feed element means: feedparser's start
 * and end handlers for RSS 0.9x-2.0, RDF, Atom 0.3/1.0 and content:,
 * found by name in a sorted table (extensions: feed_ext.c; elements
 * without a handler are kept generically by feed_mixin.c).
 */
#include "feed_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int truthy_str(const char *s)
{
	return s && *s;
}

static void set_pieces(struct fp *p, const char *s)
{
	if (!p->nstack)
		return;
	p->stack[p->nstack - 1].n = 0;
	fp_append_piece(p, s);
}

/* _enforce_href: url / uri become href. */
static void enforce_href(struct fp *p, struct fv *attrs)
{
	const char *href = fv_get_str(attrs, "url");

	if (!fv_has(attrs, "url"))
		href = fv_has(attrs, "uri") ? fv_get_str(attrs, "uri") :
					      fv_get_str(attrs, "href");
	if (!truthy_str(href))
		return;
	fv_del(attrs, "url");
	fv_del(attrs, "uri");
	fv_set_str(p->a, attrs, "href", href);
}

/* FeedParserDict(attrs): a copy that uses feedparser's aliases. */
static struct fv *as_fpd(struct fp *p, const struct fv *attrs)
{
	struct fv *d = fv_copy(p->a, attrs);

	d->fpd = 1;
	return d;
}

static void s_modified(struct fp *p, struct fv *attrs);
static void e_modified(struct fp *p);
static void s_link(struct fp *p, struct fv *attrs);
static void e_link(struct fp *p);

static void cdf_common(struct fp *p, struct fv *attrs)
{
	struct fv *none = fv_dict(p->a, 0);

	if (fv_has(attrs, "lastmod")) {
		s_modified(p, none);
		set_pieces(p, fv_get_str(attrs, "lastmod"));
		e_modified(p);
	}
	if (fv_has(attrs, "href")) {
		s_link(p, fv_dict(p->a, 0));
		set_pieces(p, fv_get_str(attrs, "href"));
		e_link(p);
	}
}

static void s_rss(struct fp *p, struct fv *attrs)
{
	const char *v = fv_get_str(attrs, "version");

	if (*p->version && fp_startswith(p->version, "rss"))
		return;
	if (!v)
		v = "";
	if (!strcmp(v, "0.91"))
		p->version = "rss091u";
	else if (!strcmp(v, "0.92"))
		p->version = "rss092";
	else if (!strcmp(v, "0.93"))
		p->version = "rss093";
	else if (!strcmp(v, "0.94"))
		p->version = "rss094";
	else if (fp_startswith(v, "2."))
		p->version = "rss20";
	else
		p->version = "rss";
}

static void s_channel(struct fp *p, struct fv *attrs)
{
	p->infeed = 1;
	cdf_common(p, attrs);
}

static void s_feed(struct fp *p, struct fv *attrs)
{
	const char *v = fv_get_str(attrs, "version");

	p->infeed = 1;
	if (*p->version)
		return;
	if (v && !strcmp(v, "0.1"))
		p->version = "atom01";
	else if (v && !strcmp(v, "0.2"))
		p->version = "atom02";
	else if (v && !strcmp(v, "0.3"))
		p->version = "atom03";
	else
		p->version = "atom";
}

static void e_channel(struct fp *p)
{
	p->infeed = 0;
}

static void s_image(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	if (!p->inentry)
		fv_setdefault(p->a, fp_context(p), "image", fv_dict(p->a, 1));
	p->inimage = 1;
	p->title_depth = -1;
	fp_push(p, "image", 0);
}

static void e_image(struct fp *p)
{
	fp_pop(p, "image", 1);
	p->inimage = 0;
}

static void s_textinput(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fv_setdefault(p->a, fp_context(p), "textinput", fv_dict(p->a, 1));
	p->intextinput = 1;
	p->title_depth = -1;
	fp_push(p, "textinput", 0);
}

static void e_textinput(struct fp *p)
{
	fp_pop(p, "textinput", 1);
	p->intextinput = 0;
}

static void s_author(struct fp *p, struct fv *attrs)
{
	struct fv *l;

	(void)attrs;
	p->inauthor = 1;
	fp_push(p, "author", 1);
	l = fv_setdefault(p->a, fp_context(p), "authors", fv_list(p->a));
	fv_append(p->a, l, fv_dict(p->a, 1));
}

static void e_author(struct fp *p)
{
	fp_pop(p, "author", 1);
	p->inauthor = 0;
	fp_sync_author_detail(p, "author");
}

static void s_contributor(struct fp *p, struct fv *attrs)
{
	struct fv *l;

	(void)attrs;
	p->incontributor = 1;
	l = fv_setdefault(p->a, fp_context(p), "contributors", fv_list(p->a));
	fv_append(p->a, l, fv_dict(p->a, 1));
	fp_push(p, "contributor", 0);
}

static void e_contributor(struct fp *p)
{
	fp_pop(p, "contributor", 1);
	p->incontributor = 0;
}

static void s_name(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "name", 0);
}

static void e_name(struct fp *p)
{
	const char *v = fp_pop(p, "name", 1);

	if (p->inpublisher)
		fp_save_author(p, "name", v, "publisher");
	else if (p->inauthor)
		fp_save_author(p, "name", v, "author");
	else if (p->incontributor)
		fp_save_contributor(p, "name", v);
	else if (p->intextinput)
		fv_set_str(p->a, fp_context(p), "name", v);
}

static void s_width(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "width", 0);
}

static void s_height(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "height", 0);
}

static void end_dimension(struct fp *p, const char *name)
{
	const char *v = fp_pop(p, name, 1);
	char *end;
	long n = v ? strtol(v, &end, 10) : 0;

	if (!v || !*v || *end)
		n = 0;
	if (p->inimage)
		fv_set(p->a, fp_context(p), name, fv_int(p->a, n));
}

static void e_width(struct fp *p)
{
	end_dimension(p, "width");
}

static void e_height(struct fp *p)
{
	end_dimension(p, "height");
}

static void s_url(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "href", 1);
}

static void e_url(struct fp *p)
{
	const char *v = fp_pop(p, "href", 1);

	if (p->inauthor)
		fp_save_author(p, "href", v, "author");
	else if (p->incontributor)
		fp_save_contributor(p, "href", v);
}

static void s_email(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "email", 0);
}

static void e_email(struct fp *p)
{
	const char *v = fp_pop(p, "email", 1);

	if (p->inpublisher)
		fp_save_author(p, "email", v, "publisher");
	else if (p->inauthor)
		fp_save_author(p, "email", v, "author");
	else if (p->incontributor)
		fp_save_contributor(p, "email", v);
}

static void s_subtitle(struct fp *p, struct fv *attrs)
{
	fp_push_content(p, "subtitle", attrs, "text/plain", 1);
}

static void e_subtitle(struct fp *p)
{
	fp_pop_content(p, "subtitle");
}

static void s_rights(struct fp *p, struct fv *attrs)
{
	fp_push_content(p, "rights", attrs, "text/plain", 1);
}

static void e_rights(struct fp *p)
{
	fp_pop_content(p, "rights");
}

static void s_item(struct fp *p, struct fv *attrs)
{
	const char *id;

	fv_append(p->a, p->entries, fv_dict(p->a, 1));
	fv_append(p->a, p->depths, fv_dict(p->a, 0));
	fp_push(p, "item", 0);
	p->inentry = 1;
	p->guidislink = 0;
	p->title_depth = -1;
	id = fp_attr(p, attrs, "rdf:about");
	if (truthy_str(id))
		fv_set_str(p->a, fp_context(p), "id", id);
	cdf_common(p, attrs);
}

static void e_item(struct fp *p)
{
	fp_pop(p, "item", 1);
	p->inentry = 0;
	p->has_content = 0;
}

static void s_language(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "language", 1);
}

static void e_language(struct fp *p)
{
	p->lang = fp_pop(p, "language", 1);
}

static void s_webmaster(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "publisher", 1);
}

static void e_webmaster(struct fp *p)
{
	fp_pop(p, "publisher", 1);
	fp_sync_author_detail(p, "publisher");
}

static void s_published(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "published", 1);
}

static void e_published(struct fp *p)
{
	const char *v = fp_pop(p, "published", 1);

	fp_save(p, "published_parsed", fp_date(p, v), 1);
}

static void s_modified(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "updated", 1);
}

static void e_modified(struct fp *p)
{
	const char *v = fp_pop(p, "updated", 1);

	fp_save(p, "updated_parsed", fp_date(p, v), 1);
}

static void s_created(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "created", 1);
}

static void e_created(struct fp *p)
{
	const char *v = fp_pop(p, "created", 1);

	fp_save(p, "created_parsed", fp_date(p, v), 1);
}

static void s_expirationdate(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "expired", 1);
}

static void e_expirationdate(struct fp *p)
{
	const char *v = fp_pop(p, "expired", 1);

	fp_save(p, "expired_parsed", fp_date(p, v), 1);
}

static void s_category(struct fp *p, struct fv *attrs)
{
	const char *scheme = fv_has(attrs, "scheme") ?
			     fv_get_str(attrs, "scheme") :
			     fv_get_str(attrs, "domain");

	fp_add_tag(p, fv_get_str(attrs, "term"), scheme,
		   fv_get_str(attrs, "label"));
	fp_push(p, "category", 1);
}

static void e_category(struct fp *p)
{
	const char *v = fp_pop(p, "category", 1);
	struct fv *tags, *last;

	if (!truthy_str(v))
		return;
	tags = fv_get(fp_context(p), "tags");
	last = fv_last(tags);
	if (last && !truthy_str(fv_get_str(last, "term")))
		fv_set_str(p->a, last, "term", v);
	else
		fp_add_tag(p, v, NULL, NULL);
}

static void s_cloud(struct fp *p, struct fv *attrs)
{
	fv_set(p->a, fp_context(p), "cloud", as_fpd(p, attrs));
}

static void s_link(struct fp *p, struct fv *attrs)
{
	struct fv *ctx, *links;
	const char *rel, *href;
	int expecting;

	if (!fv_has(attrs, "rel"))
		fv_set_str(p->a, attrs, "rel", "alternate");
	rel = fv_get_str(attrs, "rel");
	if (!fv_has(attrs, "type"))
		fv_set_str(p->a, attrs, "type", rel && !strcmp(rel, "self") ?
				"application/atom+xml" : "text/html");
	ctx = fp_context(p);
	enforce_href(p, attrs);
	if (fv_has(attrs, "href"))
		fv_set_str(p->a, attrs, "href",
			   fp_resolve_uri(p, fv_get_str(attrs, "href") ?
					     fv_get_str(attrs, "href") : ""));
	if (rel && !strcmp(rel, "alternate")) {
		const char *t = fp_map_content_type(p,
						    fv_get_str(attrs, "type"));

		if (!strcmp(t, "text/html") ||
		    !strcmp(t, "application/xhtml+xml"))
			p->isentrylink = 1;
	}
	expecting = p->infeed || p->inentry || p->insource;
	links = fv_setdefault(p->a, ctx, "links", fv_list(p->a));
	if (!(p->inentry && p->inimage))
		fv_append(p->a, links, as_fpd(p, attrs));
	href = fv_get_str(attrs, "href");
	if (fv_has(attrs, "href")) {
		if (p->isentrylink)
			fv_set_str(p->a, ctx, "link", href);
	} else {
		fp_push(p, "link", expecting);
	}
}

static void e_link(struct fp *p)
{
	fp_pop(p, "link", 1);
	p->isentrylink = 0;
}

static void s_guid(struct fp *p, struct fv *attrs)
{
	const char *v = fv_get_str(attrs, "ispermalink");

	p->guidislink = !fv_has(attrs, "ispermalink") ||
			(v && !strcmp(v, "true"));
	fp_push(p, "id", 1);
}

static void e_guid(struct fp *p)
{
	const char *v = fp_pop(p, "id", 1);

	fp_save(p, "guidislink", fv_bool(p->a, p->guidislink &&
					 !fv_has(fp_context(p), "link")), 0);
	if (p->guidislink)
		fp_save(p, "link", fv_str(p->a, v), 0);
}

static void s_title(struct fp *p, struct fv *attrs)
{
	if (p->svgok) {
		fp_start(p, "title", attrs);
		return;
	}
	fp_push_content(p, "title", attrs, "text/plain",
			p->infeed || p->inentry || p->insource);
}

static void e_title(struct fp *p)
{
	const char *v;

	if (p->svgok)
		return;
	v = fp_pop_content(p, "title");
	if (!truthy_str(v))
		return;
	p->title_depth = p->depth;
}

static void s_content(struct fp *p, struct fv *attrs);
static void e_content(struct fp *p);

static void s_description(struct fp *p, struct fv *attrs)
{
	if (fv_has(fp_context(p), "summary") && !p->has_content) {
		p->summary_key = "content";
		s_content(p, attrs);
	} else {
		fp_push_content(p, "description", attrs, "text/html",
				p->infeed || p->inentry || p->insource);
	}
}

static void s_abstract(struct fp *p, struct fv *attrs)
{
	fp_push_content(p, "description", attrs, "text/plain",
			p->infeed || p->inentry || p->insource);
}

static void e_description(struct fp *p)
{
	if (p->summary_key && !strcmp(p->summary_key, "content"))
		e_content(p);
	else
		fp_pop_content(p, "description");
	p->summary_key = NULL;
}

static void s_info(struct fp *p, struct fv *attrs)
{
	fp_push_content(p, "info", attrs, "text/plain", 1);
}

static void e_info(struct fp *p)
{
	fp_pop_content(p, "info");
}

static void s_generator(struct fp *p, struct fv *attrs)
{
	if (attrs->n) {
		enforce_href(p, attrs);
		const char *href = fv_get_str(attrs, "href");

		if (fv_has(attrs, "href"))
			fv_set_str(p->a, attrs, "href",
				   fp_resolve_uri(p, href ? href : ""));
	}
	fv_set(p->a, fp_context(p), "generator_detail", as_fpd(p, attrs));
	fp_push(p, "generator", 1);
}

static void e_generator(struct fp *p)
{
	const char *v = fp_pop(p, "generator", 1);
	struct fv *d = fv_get(fp_context(p), "generator_detail");

	if (d)
		fv_set_str(p->a, d, "name", v);
}

static void s_summary(struct fp *p, struct fv *attrs)
{
	if (fv_has(fp_context(p), "summary") && !p->has_content) {
		p->summary_key = "content";
		s_content(p, attrs);
	} else {
		p->summary_key = "summary";
		fp_push_content(p, "summary", attrs, "text/plain", 1);
	}
}

static void e_summary(struct fp *p)
{
	if (p->summary_key && !strcmp(p->summary_key, "content"))
		e_content(p);
	else
		fp_pop_content(p, p->summary_key ? p->summary_key : "summary");
	p->summary_key = NULL;
}

static void s_enclosure(struct fp *p, struct fv *attrs)
{
	struct fv *links;

	enforce_href(p, attrs);
	fv_set_str(p->a, attrs, "rel", "enclosure");
	links = fv_setdefault(p->a, fp_context(p), "links", fv_list(p->a));
	fv_append(p->a, links, as_fpd(p, attrs));
}

static void s_source(struct fp *p, struct fv *attrs)
{
	if (fv_has(attrs, "url"))
		fv_set(p->a, p->sourcedata, "href", fv_get(attrs, "url"));
	fp_push(p, "source", 1);
	p->insource = 1;
	p->title_depth = -1;
}

static void e_source(struct fp *p)
{
	const char *v;

	p->insource = 0;
	v = fp_pop(p, "source", 1);
	if (truthy_str(v))
		fv_set_str(p->a, p->sourcedata, "title", v);
	fv_set(p->a, fp_context(p), "source", fv_copy(p->a, p->sourcedata));
	p->sourcedata = fv_dict(p->a, 1);
}

static void s_content(struct fp *p, struct fv *attrs)
{
	const char *src = fv_get_str(attrs, "src");

	p->has_content = 1;
	fp_push_content(p, "content", attrs, "text/plain", 1);
	if (truthy_str(src))
		fv_set_str(p->a, p->contentparams, "src", src);
	/* feedparser pushes "content" twice; the outer one stays open. */
	fp_push(p, "content", 1);
}

static void s_body(struct fp *p, struct fv *attrs)
{
	fp_push_content(p, "content", attrs, "application/xhtml+xml", 1);
}

static void s_content_encoded(struct fp *p, struct fv *attrs)
{
	p->has_content = 1;
	fp_push_content(p, "content", attrs, "text/html", 1);
}

static void e_content(struct fp *p)
{
	const char *t = fp_map_content_type(p,
			fv_get_str(p->contentparams, "type"));
	int copy = !strcmp(t, "text/plain") || !strcmp(t, "text/html") ||
		   !strcmp(t, "application/xhtml+xml");
	const char *v = fp_pop_content(p, "content");

	if (copy)
		fp_save(p, "summary", fv_str(p->a, v), 0);
}

static void s_newlocation(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "newlocation", 1);
}

static void e_newlocation(struct fp *p)
{
	const char *v = fp_pop(p, "newlocation", 1);

	if (fp_context(p) != p->feeddata || !v)
		return;
	fv_set_str(p->a, p->feeddata, "newlocation",
		   fp_safe_uri(p->a, p->baseuri, fp_strip(p->a, v)));
}

static void s_tags(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "tags", 1);
}

void fp_add_terms(struct fp *p, const char *v, const char *scheme,
		  int skip_empty)
{
	struct arena *a = p->a;

	while (v) {
		const char *c = strchr(v, ',');
		const char *t = fp_strip(a, c ? arena_strndup(a, v,
							      (size_t)(c - v)) :
						v);

		if (*t || !skip_empty)
			fp_add_tag(p, t, scheme, NULL);
		v = c ? c + 1 : NULL;
	}
}

static void e_tags(struct fp *p)
{
	fp_add_terms(p, fp_pop(p, "tags", 1), NULL, 0);
}

/* The handler table, sorted by name for bsearch. */
static const struct handler {
	const char *name;
	fp_start_fn start;
	fp_end_fn end;
} handlers[] = {
	{ "abstract", s_abstract, e_description },
	{ "author", s_author, e_author },
	{ "body", s_body, e_content },
	{ "category", s_category, e_category },
	{ "channel", s_channel, e_channel },
	{ "cloud", s_cloud, NULL },
	{ "content", s_content, e_content },
	{ "content_encoded", s_content_encoded, e_content },
	{ "contributor", s_contributor, e_contributor },
	{ "copyright", s_rights, e_rights },
	{ "created", s_created, e_created },
	{ "description", s_description, e_description },
	{ "email", s_email, e_email },
	{ "enclosure", s_enclosure, NULL },
	{ "entry", s_item, e_item },
	{ "expirationdate", s_expirationdate, e_expirationdate },
	{ "feed", s_feed, e_channel },
	{ "feedburner_browserfriendly", s_info, e_info },
	{ "fullitem", s_content_encoded, e_content },
	{ "generator", s_generator, e_generator },
	{ "guid", s_guid, e_guid },
	{ "height", s_height, e_height },
	{ "homepage", s_url, e_url },
	{ "id", s_guid, e_guid },
	{ "image", s_image, e_image },
	{ "info", s_info, e_info },
	{ "issued", s_published, e_published },
	{ "item", s_item, e_item },
	{ "keywords", s_category, e_category },
	{ "language", s_language, e_language },
	{ "lastbuilddate", s_modified, e_modified },
	{ "link", s_link, e_link },
	{ "managingeditor", s_author, e_author },
	{ "modified", s_modified, e_modified },
	{ "name", s_name, e_name },
	{ "newlocation", s_newlocation, e_newlocation },
	{ "pubdate", s_published, e_published },
	{ "published", s_published, e_published },
	{ "rights", s_rights, e_rights },
	{ "rss", s_rss, NULL },
	{ "source", s_source, e_source },
	{ "subtitle", s_subtitle, e_subtitle },
	{ "summary", s_summary, e_summary },
	{ "tagline", s_subtitle, e_subtitle },
	{ "tags", s_tags, e_tags },
	{ "textinput", s_textinput, e_textinput },
	{ "title", s_title, e_title },
	{ "updated", s_modified, e_modified },
	{ "uri", s_url, e_url },
	{ "url", s_url, e_url },
	{ "webmaster", s_webmaster, e_webmaster },
	{ "width", s_width, e_width },
	{ "xhtml_body", s_body, e_content },
};

static int cmp_handler(const void *key, const void *elem)
{
	return strcmp(key, ((const struct handler *)elem)->name);
}

static const struct handler *find(const char *name)
{
	return bsearch(name, handlers, sizeof(handlers) / sizeof(*handlers),
		       sizeof(*handlers), cmp_handler);
}

fp_start_fn fp_find_start(const char *name)
{
	const struct handler *h = find(name);
	fp_start_fn s = NULL;
	fp_end_fn e = NULL;

	if (h)
		return h->start;
	fp_ext_lookup(name, &s, &e);
	return s;
}

fp_end_fn fp_find_end(const char *name)
{
	const struct handler *h = find(name);
	fp_start_fn s = NULL;
	fp_end_fn e = NULL;

	if (h)
		return h->end;
	fp_ext_lookup(name, &s, &e);
	return e;
}

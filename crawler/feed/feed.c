/*
 * feed.c - feed_parse(): bytes to struct feed.  The document is decoded
 * to UTF-8 (feed_encoding.c), stripped of its DTD (feed_prolog.c),
 * parsed by libxml2 in recovery mode without entity substitution or
 * network access, and its tree replayed as feedparser's SAX events
 * (feed_mixin.c).  The resulting tree is then summed up in struct feed.
 */
#include "feed.h"
#include "feed_int.h"
#include "common/deadline.h"
#include "common/markup.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define XLINK_NS "http://www.w3.org/1999/xlink"
#define MATHML_NS "http://www.w3.org/1998/Math/MathML"
#define SVG_NS "http://www.w3.org/2000/svg"
/* libxml2 refuses deeper trees without XML_PARSE_HUGE; so do we. */
#define MAX_DEPTH 256
#define FEED_MAX_LEN (64u * 1024 * 1024)

static const char *lower_dup(struct arena *a, const char *s)
{
	return fp_lower(a, s);
}

/* feedparser's name for an element: "prefix:local" in lower case with
 * the canonical prefix of a known namespace, the document's prefix of
 * an unknown one, or just the local name. */
static const char *element_name(struct fp *p, xmlNode *n, const char **ns)
{
	const char *uri = n->ns && n->ns->href ? (const char *)n->ns->href : "";
	const char *luri = lower_dup(p->a, uri), *prefix, *local;
	struct buf b = BUF_INIT;
	char *r;

	if (strstr(luri, "backend.userland.com/rss"))
		uri = luri = "http://backend.userland.com/rss";
	*ns = uri;
	local = lower_dup(p->a, (const char *)n->name);
	prefix = *uri ? fp_known_prefix(luri) : NULL;
	if (prefix && *prefix) {
		buf_addf(&b, "%s:", prefix);
	} else if (*uri) {
		/* Another prefix bound to the same URI, as expat reports. */
		const char *name = fp_nsuse_name_for(p, uri);

		if (name)
			buf_addf(&b, "%s:", name);
	}
	buf_adds(&b, local);
	r = arena_strndup(p->a, b.data, b.len);
	buf_release(&b);
	return lower_dup(p->a, r);
}

static const char *attr_value(struct arena *a, xmlAttr *at)
{
	xmlChar *v = xmlNodeGetContent((xmlNode *)at);
	const char *r = arena_strdup(a, v ? (const char *)v : "");

	xmlFree(v);
	return r;
}

/* The attributes as feedparser's strict parser sees them: namespaced
 * ones under their canonical prefix and again under their local name. */
static struct fv *element_attrs(struct fp *p, xmlNode *n, const char *ns,
				struct fv *decls)
{
	struct fv *d = decls;
	const char *local = (const char *)n->name;

	if (!strcasecmp(local, "math") && !strcmp(ns, MATHML_NS))
		fv_set_str(p->a, d, "xmlns", ns);
	if (!strcasecmp(local, "svg") && !strcmp(ns, SVG_NS))
		fv_set_str(p->a, d, "xmlns", ns);
	for (xmlAttr *at = n->properties; at; at = at->next) {
		const char *href = at->ns && at->ns->href ?
				   (const char *)at->ns->href : "";
		const char *pre = fp_known_prefix(href);
		struct buf b = BUF_INIT;

		if (pre && *pre && *href)
			buf_addf(&b, "%s:", pre);
		buf_adds(&b, (const char *)at->name);
		fv_set_str(p->a, d, lower_dup(p->a, b.data),
			   attr_value(p->a, at));
		buf_release(&b);
	}
	for (xmlAttr *at = n->properties; at; at = at->next)
		fv_set_str(p->a, d, lower_dup(p->a, (const char *)at->name),
			   attr_value(p->a, at));
	return d;
}

/* The last names computed, by libxml2's interned name and namespace:
 * most elements of a feed repeat a few names, and computing one takes
 * five copies in the arena (a feed of a million tags spent a fifth of
 * its time there). */
#define NAME_CACHE 64
struct name_cache {
	struct {
		const xmlChar *name;
		const xmlNs *ns;
		unsigned ns_changes;
		const char *out, *uri;
	} e[NAME_CACHE];
};

static const char *cached_name(struct fp *p, struct name_cache *c,
			       xmlNode *n, const char **ns)
{
	size_t h = (((size_t)n->name >> 4) ^ ((size_t)n->ns >> 4)) %
		   NAME_CACHE;

	if (c->e[h].out && c->e[h].name == n->name && c->e[h].ns == n->ns &&
	    c->e[h].ns_changes == p->ns_changes) {
		*ns = c->e[h].uri;
		return c->e[h].out;
	}
	c->e[h].out = element_name(p, n, ns);
	c->e[h].uri = *ns;
	c->e[h].name = n->name;
	c->e[h].ns = n->ns;
	c->e[h].ns_changes = p->ns_changes;
	return c->e[h].out;
}

static void walk(struct fp *p, struct name_cache *cache, xmlNode *n,
		 int depth)
{
	for (; n && !deadline_passed(); n = n->next) {
		struct fv *decls;
		const char *name, *ns;

		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (n->content)
				fp_data(p, (const char *)n->content, 1);
			continue;
		case XML_ELEMENT_NODE:
			break;
		default:
			continue;
		}
		if (depth >= MAX_DEPTH)
			continue;
		decls = fv_dict(p->a, 0);
		for (xmlNs *d = n->nsDef; d; d = d->next) {
			if (!d->href || !*d->href)
				continue;
			fp_track_namespace(p, (const char *)d->prefix,
					   (const char *)d->href);
			if (d->prefix && !strcmp((const char *)d->href,
						 XLINK_NS)) {
				struct buf b = BUF_INIT;

				buf_addf(&b, "xmlns:%s", d->prefix);
				fv_set_str(p->a, decls, b.data,
					   (const char *)d->href);
				buf_release(&b);
			}
		}
		name = cached_name(p, cache, n, &ns);
		fp_start(p, name, element_attrs(p, n, ns, decls));
		walk(p, cache, n->children, depth + 1);
		fp_end(p, name);
	}
}

/* Every element start asks the document's CPU budget: once it is spent,
 * libxml2 stops where it is (feed_parse_opts() then fails). */
static void start_element(void *ctx, const xmlChar *localname,
			  const xmlChar *prefix, const xmlChar *uri,
			  int nb_namespaces, const xmlChar **namespaces,
			  int nb_attributes, int nb_defaulted,
			  const xmlChar **attributes)
{
	if (deadline_passed())
		xmlStopParser(ctx);
	else
		xmlSAX2StartElementNs(ctx, localname, prefix, uri,
				      nb_namespaces, namespaces, nb_attributes,
				      nb_defaulted, attributes);
}

static void quiet_error(void *ctx, xmlError *err)
{
	(void)ctx;
	(void)err;
}

/* Parse the prepared UTF-8 text; the tree, or NULL.  libxml2 gets no
 * DTD to read (feed_prolog.c removed it) and, should one slip through,
 * no way to declare or load entities with it. */
static xmlDoc *parse_xml(const char *s, size_t n, int *wellformed,
			 char *msg, size_t cap)
{
	xmlParserCtxt *ctxt = xmlNewParserCtxt();
	xmlDoc *doc;
	const xmlError *err;

	if (!ctxt)
		return NULL;
	if (ctxt->sax) {
		ctxt->sax->entityDecl = NULL;
		ctxt->sax->externalSubset = NULL;
		ctxt->sax->resolveEntity = NULL;
		ctxt->sax->startElementNs = start_element;
		/* XML_PARSE_NOERROR leaves some messages ("huge text
		 * node") on libxml2's stderr channel; the cause we report
		 * comes from xmlCtxtGetLastError(). */
		ctxt->sax->serror = quiet_error;
	}
	doc = xmlCtxtReadMemory(ctxt, s, (int)n, NULL, "UTF-8",
				XML_PARSE_RECOVER | XML_PARSE_NONET |
				XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
				XML_PARSE_NOWARNING);
	*wellformed = ctxt->wellFormed && ctxt->nsWellFormed;
	err = xmlCtxtGetLastError(ctxt);
	if (!*wellformed && err && err->message) {
		size_t l;

		snprintf(msg, cap, "line %d: %s", err->line, err->message);
		l = strlen(msg);
		while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
			msg[--l] = '\0';
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
}

static struct feed_date date_of(const struct fv *d, const char *key,
				const char *parsed)
{
	struct feed_date r = { NULL, 0, 0 };
	const struct fv *t = fv_get(d, parsed);

	r.text = fv_get_str(d, key);
	if (t && t->type == FV_TIME) {
		r.t = t->t;
		r.ok = 1;
	}
	return r;
}

static void fill_entry(struct arena *a, const struct fv *d,
		       struct feed_entry *e)
{
	const struct fv *v, *l;

	e->title = fv_get_str(d, "title");
	e->title_type = fv_get_str(fv_get(d, "title_detail"), "type");
	e->link = fv_get_str(d, "link");
	e->id = fv_get_str(d, "id");
	e->summary = fv_get_str(d, "summary");
	e->summary_type = fv_get_str(fv_get(d, "summary_detail"), "type");
	v = fv_last(fv_get(d, "content")) ? fv_get(d, "content")->vals[0] :
					     NULL;
	e->content = fv_get_str(v, "value");
	e->content_type = fv_get_str(v, "type");
	e->author = fv_get_str(d, "author");
	e->language = fv_get_str(v, "language");
	if (!e->language)
		e->language = fv_get_str(fv_get(d, "summary_detail"),
					 "language");
	if (!e->language)
		e->language = fv_get_str(fv_get(d, "title_detail"),
					 "language");
	e->published = date_of(d, "published", "published_parsed");
	e->updated = date_of(d, "updated", "updated_parsed");

	l = fv_get(d, "tags");
	if (l && l->type == FV_LIST && l->n) {
		e->tags = arena_alloc(a, l->n * sizeof(*e->tags));
		for (size_t i = 0; i < l->n; i++) {
			const char *term = fv_get_str(l->vals[i], "term");

			if (!term)
				continue;
			e->tags[e->ntags].term = term;
			e->tags[e->ntags].scheme = fv_get_str(l->vals[i],
							      "scheme");
			e->tags[e->ntags++].label = fv_get_str(l->vals[i],
							       "label");
		}
	}
	l = fv_get(d, "links");
	if (l && l->type == FV_LIST && l->n) {
		e->enclosures = arena_alloc(a, l->n * sizeof(*e->enclosures));
		for (size_t i = 0; i < l->n; i++) {
			const char *rel = fv_get_str(l->vals[i], "rel");
			const char *href = fv_get_str(l->vals[i], "href");
			const char *len = fv_get_str(l->vals[i], "length");
			struct feed_enclosure *x;
			char *end;

			if (!rel || strcmp(rel, "enclosure") || !href)
				continue;
			x = &e->enclosures[e->nenclosures++];
			x->href = href;
			x->type = fv_get_str(l->vals[i], "type");
			x->length = len && *len ? strtoll(len, &end, 10) : -1;
			if (len && (*end || x->length < 0))
				x->length = -1;
		}
	}
}

static void fill(struct arena *a, struct fp *p, struct feed *f)
{
	const struct fv *fd = p->feeddata;

	f->title = fv_get_str(fd, "title");
	f->link = fv_get_str(fd, "link");
	f->subtitle = fv_get_str(fd, "subtitle");
	f->language = fv_get_str(fd, "language");
	f->id = fv_get_str(fd, "id");
	f->author = fv_get_str(fd, "author");
	f->published = date_of(fd, "published", "published_parsed");
	f->updated = date_of(fd, "updated", "updated_parsed");
	f->nentries = p->entries->n;
	if (!f->nentries)
		return;
	f->entries = arena_alloc(a, f->nentries * sizeof(*f->entries));
	for (size_t i = 0; i < f->nentries; i++) {
		fill_entry(a, p->entries->vals[i], &f->entries[i]);
		if (!f->entries[i].language)
			f->entries[i].language = f->language;
	}
}

/* The result tree: bozo, encoding, version, feed, entries. */
static struct fv *result_tree(struct arena *a, const struct feed *f,
			      struct fp *p, int empty)
{
	struct fv *r = fv_dict(a, 0);

	fv_set(a, r, "bozo", fv_bool(a, f->bozo));
	if (f->bozo && f->bozo_msg)
		fv_set_str(a, r, "bozo_exception", f->bozo_msg);
	if (!empty) {
		fv_set_str(a, r, "encoding", f->encoding);
		fv_set_str(a, r, "version", f->version);
	}
	fv_set(a, r, "feed", p ? p->feeddata : fv_dict(a, 1));
	fv_set(a, r, "entries", p ? p->entries : fv_list(a));
	return r;
}

int feed_parse_opts(const char *data, size_t len, const struct feed_opts *o,
		    struct arena *a, struct feed *out, struct err *e)
{
	struct buf utf8 = BUF_INIT, doc = BUF_INIT;
	struct fp_input in = { .encoding = "", .version = NULL };
	struct fp p;
	xmlDoc *x = NULL;
	char msg[256] = "";
	int wellformed = 0, ret = -1;
	long dropped;
	struct err local_err = { "" };

	if (!e)
		e = &local_err;
	memset(out, 0, sizeof(*out));
	out->encoding = "";
	out->version = "";
	if (len == 0) {
		/* feedparser: an empty document is an empty result. */
		out->tree = result_tree(a, out, NULL, 1);
		return 0;
	}
	xmlInitParser();
	/* Far beyond any feed, and within libxml2's int sizes. */
	if (len > FEED_MAX_LEN) {
		err_set(e, "document of %zu bytes is too large", len);
		goto fail;
	}
	buf_init(&utf8, len * 4 + 64);
	if (fp_decode(data, len, o->content_type, &utf8, &in, a, e) < 0)
		goto fail;
	/* The prolog pass may add entity text: within INT_MAX for libxml2. */
	buf_init(&doc, (size_t)INT_MAX / 2);
	if (fp_prolog(utf8.data, utf8.len, &doc, &in, e) < 0)
		goto fail;
	buf_release(&utf8);
	/* libxml2 is quadratic in the attributes of one element: the
	 * excess goes.  (utf8 is free again: it takes the copy.) */
	buf_init(&utf8, (size_t)INT_MAX / 2);
	dropped = markup_check(doc.data, doc.len, MARKUP_XML, &utf8, e);
	if (dropped < 0)
		goto fail;
	if (dropped > 0) {
		buf_release(&doc);
		doc = utf8;
		buf_init(&utf8, 0);
		in.bozo = 1;
		snprintf(in.bozo_msg, sizeof(in.bozo_msg), "more than %d "
			 "attributes on an element", MARKUP_MAX_ATTRS);
	}

	fp_init(&p, a, o->base_url, o->content_language);
	p.default_offset = o->default_offset;
	x = parse_xml(doc.data, doc.len, &wellformed, msg, sizeof(msg));
	if (x && xmlDocGetRootElement(x)) {
		struct name_cache *cache = xcalloc(1, sizeof(*cache));

		walk(&p, cache, xmlDocGetRootElement(x), 0);
		free(cache);
	}
	out->bozo = in.bozo || !wellformed;
	if (!wellformed && msg[0])
		out->bozo_msg = arena_strdup(a, msg);
	else if (in.bozo)
		out->bozo_msg = arena_strdup(a, in.bozo_msg);
	out->encoding = in.encoding;
	out->version = in.version ? in.version : p.version;
	out->hostile_dtd = in.hostile_dtd;
	fill(a, &p, out);
	out->tree = result_tree(a, out, &p, 0);
	if (deadline_passed()) {
		err_set(e, "parse took longer than %g s", deadline_seconds());
		out->bozo = 1;
	} else if (!x || !xmlDocGetRootElement(x)) {
		err_set(e, "not an XML document%s%s", msg[0] ? ": " : "", msg);
		out->bozo = 1;
	} else {
		ret = 0;
	}
	xmlFreeDoc(x);
	buf_release(&utf8);
	buf_release(&doc);
	return ret;
fail:
	buf_release(&utf8);
	buf_release(&doc);
	out->bozo = 1;
	out->bozo_msg = arena_strdup(a, e->msg);
	out->tree = result_tree(a, out, NULL, 0);
	return -1;
}

const char *feed_base_url(struct arena *a, const char *url,
			  const char *content_location)
{
	const char *r;

	if (!url)
		url = "";
	if (!content_location || !*content_location)
		return url;
	/* feedparser: the Content-Location made absolute if its scheme is
	 * safe, else itself if safe, else the request URL. */
	r = fp_safe_uri(a, url, content_location);
	if (!*r)
		r = fp_safe_uri(a, content_location, NULL);
	return *r ? r : url;
}

int feed_parse(const char *data, size_t len, const char *base_url,
	       const char *content_type, struct arena *a, struct feed *out,
	       struct err *e)
{
	struct feed_opts o = { .base_url = base_url,
			       .content_type = content_type };

	return feed_parse_opts(data, len, &o, a, out, e);
}

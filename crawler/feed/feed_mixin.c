/*
 * feed_mixin.c - feedparser's event machinery (XMLParserMixin) in C:
 * elements are pushed with their text and popped through its
 * normalisation (base64, relative URIs, the HTML guess, sanitising) into
 * the feed, the current entry or the source, with *_detail records.
 */
#include "feed_int.h"
#include "common/date.h"
#include "common/xalloc.h"

#include <string.h>
#include <strings.h>

static const struct {
	const char *uri;
	const char *prefix;
} known_ns[] = {
	{ "", "" },
	{ "http://backend.userland.com/rss", "" },
	{ "http://blogs.law.harvard.edu/tech/rss", "" },
	{ "http://purl.org/rss/1.0/", "" },
	{ "http://my.netscape.com/rdf/simple/0.9/", "" },
	{ "http://example.com/newformat#", "" },
	{ "http://example.com/necho", "" },
	{ "http://purl.org/echo/", "" },
	{ "uri/of/echo/namespace#", "" },
	{ "http://purl.org/pie/", "" },
	{ "http://purl.org/atom/ns#", "" },
	{ "http://www.w3.org/2005/atom", "" },
	{ "http://purl.org/rss/1.0/modules/rss091#", "" },
	{ "http://webns.net/mvcb/", "admin" },
	{ "http://purl.org/rss/1.0/modules/aggregation/", "ag" },
	{ "http://purl.org/rss/1.0/modules/annotate/", "annotate" },
	{ "http://media.tangent.org/rss/1.0/", "audio" },
	{ "http://backend.userland.com/blogchannelmodule", "blogChannel" },
	{ "http://creativecommons.org/ns#license", "cc" },
	{ "http://web.resource.org/cc/", "cc" },
	{ "http://cyber.law.harvard.edu/rss/creativecommonsrssmodule.html",
	  "creativeCommons" },
	{ "http://backend.userland.com/creativecommonsrssmodule",
	  "creativeCommons" },
	{ "http://purl.org/rss/1.0/modules/company", "co" },
	{ "http://purl.org/rss/1.0/modules/content/", "content" },
	{ "http://my.theinfo.org/changed/1.0/rss/", "cp" },
	{ "http://purl.org/dc/elements/1.1/", "dc" },
	{ "http://purl.org/dc/terms/", "dcterms" },
	{ "http://purl.org/rss/1.0/modules/email/", "email" },
	{ "http://purl.org/rss/1.0/modules/event/", "ev" },
	{ "http://rssnamespace.org/feedburner/ext/1.0", "feedburner" },
	{ "http://freshmeat.net/rss/fm/", "fm" },
	{ "http://xmlns.com/foaf/0.1/", "foaf" },
	{ "http://www.w3.org/2003/01/geo/wgs84_pos#", "geo" },
	{ "http://www.georss.org/georss", "georss" },
	{ "http://www.opengis.net/gml", "gml" },
	{ "http://postneo.com/icbm/", "icbm" },
	{ "http://purl.org/rss/1.0/modules/image/", "image" },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes" },
	{ "http://example.com/dtds/podcast-1.0.dtd", "itunes" },
	{ "http://purl.org/rss/1.0/modules/link/", "l" },
	{ "http://search.yahoo.com/mrss", "media" },
	{ "http://search.yahoo.com/mrss/", "media" },
	{ "http://madskills.com/public/xml/rss/module/pingback/", "pingback" },
	{ "http://prismstandard.org/namespaces/1.2/basic/", "prism" },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf" },
	{ "http://www.w3.org/2000/01/rdf-schema#", "rdfs" },
	{ "http://purl.org/rss/1.0/modules/reference/", "ref" },
	{ "http://purl.org/rss/1.0/modules/richequiv/", "reqv" },
	{ "http://purl.org/rss/1.0/modules/search/", "search" },
	{ "http://purl.org/rss/1.0/modules/slash/", "slash" },
	{ "http://schemas.xmlsoap.org/soap/envelope/", "soap" },
	{ "http://purl.org/rss/1.0/modules/servicestatus/", "ss" },
	{ "http://hacks.benhammersley.com/rss/streaming/", "str" },
	{ "http://purl.org/rss/1.0/modules/subscription/", "sub" },
	{ "http://purl.org/rss/1.0/modules/syndication/", "sy" },
	{ "http://schemas.pocketsoap.com/rss/mydescmodule/", "szf" },
	{ "http://purl.org/rss/1.0/modules/taxonomy/", "taxo" },
	{ "http://purl.org/rss/1.0/modules/threading/", "thr" },
	{ "http://purl.org/rss/1.0/modules/textinput/", "ti" },
	{ "http://madskills.com/public/xml/rss/module/trackback/",
	  "trackback" },
	{ "http://wellformedweb.org/commentapi/", "wfw" },
	{ "http://purl.org/rss/1.0/modules/wiki/", "wiki" },
	{ "http://www.w3.org/1999/xhtml", "xhtml" },
	{ "http://www.w3.org/1999/xlink", "xlink" },
	{ "http://www.w3.org/xml/1998/namespace", "xml" },
	{ "http://podlove.org/simple-chapters", "psc" },
};

/* Elements whose text is a URI, and those whose markup may hold URIs
 * or dangerous markup (feedparser's three sets; the last two agree). */
static const char *const relative_uri_elems[] = {
	"comments", "docs", "href", "icon", "id", "link", "logo", "url",
	"wfw_comment", "wfw_commentrss",
};

static const char *const markup_elems[] = {
	"content", "copyright", "description", "info", "rights", "subtitle",
	"summary", "tagline", "title",
};

#define XHTML_TYPE "application/xhtml+xml"
/* Far beyond any real feed: namespaces in one document, tags (categories,
 * keywords) on one item. */
#define FP_MAX_NAMESPACES 256
#define FP_MAX_TAGS 100

static int in_set(const char *s, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, set[i]))
			return 1;
	return 0;
}

const char *fp_known_prefix(const char *uri)
{
	for (size_t i = 0; i < sizeof(known_ns) / sizeof(*known_ns); i++)
		if (!strcasecmp(known_ns[i].uri, uri))
			return known_ns[i].prefix;
	return NULL;
}

static void ns_put(struct fp *p, struct fp_ns **arr, size_t *n, size_t *al,
		   const char *key, const char *val)
{
	for (size_t i = 0; i < *n; i++) {
		if ((*arr)[i].key == key || ((*arr)[i].key && key &&
					     !strcmp((*arr)[i].key, key))) {
			(*arr)[i].val = arena_strdup(p->a, val);
			p->ns_changes++;
			return;
		}
	}
	/* The maps are searched linearly at every element: a document
	 * declaring a namespace per element would be quadratic. */
	if (*n >= FP_MAX_NAMESPACES)
		return;
	if (*n == *al) {
		size_t na = *al ? *al * 2 : 8;
		struct fp_ns *x = arena_alloc(p->a, na * sizeof(*x));

		if (*n)
			memcpy(x, *arr, *n * sizeof(*x));
		*arr = x;
		*al = na;
	}
	p->ns_changes++;
	(*arr)[*n].key = key ? arena_strdup(p->a, key) : NULL;
	(*arr)[(*n)++].val = arena_strdup(p->a, val);
}

const char *fp_nsmap_get(const struct fp *p, const char *prefix)
{
	for (size_t i = 0; i < p->nnsmap; i++)
		if (p->nsmap[i].key && prefix &&
		    !strcmp(p->nsmap[i].key, prefix))
			return p->nsmap[i].val;
	return NULL;
}

const char *fp_nsuse_get(const struct fp *p, const char *key)
{
	for (size_t i = 0; i < p->nnsuse; i++)
		if (!strcmp(p->nsuse[i].key, key))
			return p->nsuse[i].val;
	return NULL;
}

const char *fp_nsuse_name_for(const struct fp *p, const char *uri)
{
	for (size_t i = 0; i < p->nnsuse; i++)
		if (p->nsuse[i].key[0] && !strcmp(p->nsuse[i].val, uri))
			return p->nsuse[i].key;
	return NULL;
}

void fp_track_namespace(struct fp *p, const char *prefix, const char *uri)
{
	const char *lower = fp_lower(p->a, uri), *known;

	if (!*p->version) {
		if (!prefix &&
		    !strcmp(lower, "http://my.netscape.com/rdf/simple/0.9/"))
			p->version = "rss090";
		else if (!strcmp(lower, "http://purl.org/rss/1.0/"))
			p->version = "rss10";
		else if (!strcmp(lower, "http://www.w3.org/2005/atom"))
			p->version = "atom10";
	}
	if (strstr(lower, "backend.userland.com/rss"))
		uri = lower = "http://backend.userland.com/rss";
	known = fp_known_prefix(lower);
	if (known) {
		ns_put(p, &p->nsmap, &p->nnsmap, &p->ansmap, prefix, known);
		ns_put(p, &p->nsuse, &p->nnsuse, &p->ansuse, known, uri);
	} else {
		ns_put(p, &p->nsuse, &p->nnsuse, &p->ansuse,
		       prefix ? prefix : "", uri);
	}
}

void fp_init(struct fp *p, struct arena *a, const char *baseuri,
	     const char *lang)
{
	memset(p, 0, sizeof(*p));
	p->a = a;
	p->feeddata = fv_dict(a, 1);
	p->entries = fv_list(a);
	p->depths = fv_list(a);
	p->sourcedata = fv_dict(a, 1);
	p->contentparams = fv_dict(a, 1);
	p->version = "";
	p->baseuri = baseuri ? baseuri : "";
	p->lang = lang && *lang ? lang : NULL;
	p->title_depth = -1;
	p->resolve_relative_uris = 1;
	p->sanitize_html = 1;
	if (p->lang)
		fv_set_str(a, p->feeddata, "language",
			   fp_replace(a, p->lang, "_", "-"));
}

static void push_str(struct arena *a, const char ***arr, size_t *n,
		     size_t *al, const char *s)
{
	if (*n == *al) {
		size_t na = *al ? *al * 2 : 16;
		const char **x = arena_alloc(a, na * sizeof(*x));

		if (*n)
			memcpy(x, *arr, *n * sizeof(*x));
		*arr = x;
		*al = na;
	}
	(*arr)[(*n)++] = s;
}

const char *fp_map_content_type(struct fp *p, const char *type)
{
	const char *t = fp_lower(p->a, type ? type : "");

	if (!strcmp(t, "text") || !strcmp(t, "plain"))
		return "text/plain";
	if (!strcmp(t, "html"))
		return "text/html";
	if (!strcmp(t, "xhtml"))
		return XHTML_TYPE;
	return t;
}

static const char *cp_type(struct fp *p, const char *dflt)
{
	const char *t = fv_get_str(p->contentparams, "type");

	return t ? t : dflt;
}

/* feedparser's strattrs: ' key="value"' with &, <, > and " escaped. */
static void add_attrs(struct buf *b, const struct fv *attrs)
{
	for (size_t i = 0; attrs && i < attrs->n; i++) {
		const char *v = attrs->vals[i]->type == FV_STR ?
				attrs->vals[i]->s : "";

		buf_addf(b, " %s=\"", attrs->keys[i]);
		for (; *v; v++) {
			if (*v == '&')
				buf_adds(b, "&amp;");
			else if (*v == '<')
				buf_adds(b, "&lt;");
			else if (*v == '>')
				buf_adds(b, "&gt;");
			else if (*v == '"')
				buf_adds(b, "&quot;");
			else
				buf_addch(b, *v);
		}
		buf_addch(b, '"');
	}
}

/* Split "prefix:local" and map the prefix as feedparser's namespacemap
 * does; returns the handler name ("dc_creator") in the arena. */
static const char *method_name(struct fp *p, const char *tag,
			       const char **prefix_out)
{
	const char *colon = strchr(tag, ':'), *pre, *mapped;
	struct buf b = BUF_INIT;
	char *r;

	if (colon) {
		pre = arena_strndup(p->a, tag, (size_t)(colon - tag));
		mapped = fp_nsmap_get(p, pre);
		if (mapped)
			pre = mapped;
	} else {
		pre = "";
	}
	if (*pre)
		buf_addf(&b, "%s_", pre);
	buf_adds(&b, colon ? colon + 1 : tag);
	r = arena_strndup(p->a, b.data, b.len);
	buf_release(&b);
	*prefix_out = pre;
	return r;
}

void fp_start(struct fp *p, const char *tag, struct fv *attrs)
{
	const char *base, *lang, *name, *prefix;
	struct fv *v;
	fp_start_fn fn;

	p->depth++;
	/* feedparser lower-cases the values of rel and type. */
	for (size_t i = 0; i < attrs->n; i++)
		if ((!strcmp(attrs->keys[i], "rel") ||
		     !strcmp(attrs->keys[i], "type")) &&
		    attrs->vals[i]->type == FV_STR)
			attrs->vals[i] = fv_str(p->a, fp_lower(p->a,
						attrs->vals[i]->s));

	/* xml:base and xml:lang, inherited down the tree. */
	v = fv_get(attrs, "xml:base");
	if (!v)
		v = fv_get(attrs, "base");
	base = v && fv_truthy(v) ? v->s : p->baseuri;
	if (base == p->baseuri) {
		/* No xml:base: joining the base with itself gives it back;
		 * done for every element, the join was a tenth of the
		 * time of a feed of a million tags. */
	} else if (*p->baseuri) {
		const char *safe = fp_safe_uri(p->a, p->baseuri, base);

		if (*safe)
			p->baseuri = safe;
	} else {
		p->baseuri = fp_urljoin(p->a, p->baseuri, base);
	}
	v = fv_get(attrs, "xml:lang");
	if (!v)
		v = fv_get(attrs, "lang");
	if (v && v->type == FV_STR && !*v->s)
		lang = NULL;
	else if (!v || v->type != FV_STR)
		lang = p->lang;
	else
		lang = v->s;
	if (lang && (!strcmp(tag, "feed") || !strcmp(tag, "rss") ||
		     !strcmp(tag, "rdf:rdf")))
		fv_set_str(p->a, p->feeddata, "language",
			   fp_replace(p->a, lang, "_", "-"));
	p->lang = lang;
	push_str(p->a, &p->basestack, &p->nbase, &p->abase, p->baseuri);
	push_str(p->a, &p->langstack, &p->nlang, &p->alang, lang);

	for (size_t i = 0; i < attrs->n; i++) {
		if (attrs->vals[i]->type != FV_STR)
			continue;
		if (fp_startswith(attrs->keys[i], "xmlns:"))
			fp_track_namespace(p, attrs->keys[i] + 6,
					   attrs->vals[i]->s);
		else if (!strcmp(attrs->keys[i], "xmlns"))
			fp_track_namespace(p, NULL, attrs->vals[i]->s);
	}

	/* Inline content: markup kept as text. */
	if (p->incontent && !fp_endswith(cp_type(p, "xml"), "xml")) {
		if (!strcmp(tag, "xhtml:div") || !strcmp(tag, "div"))
			return;	/* typepad does this */
		fv_set_str(p->a, p->contentparams, "type", XHTML_TYPE);
	}
	if (p->incontent && !strcmp(cp_type(p, ""), XHTML_TYPE)) {
		struct buf b = BUF_INIT;
		const char *local = tag, *colon = strchr(tag, ':');

		if (colon) {
			const char *pre = arena_strndup(p->a, tag,
							(size_t)(colon - tag));
			const char *ns = fp_nsuse_get(p, pre);

			local = colon + 1;
			if (ns && !strcmp(local, "math") &&
			    !strcmp(ns, "http://www.w3.org/1998/Math/MathML"))
				fv_set_str(p->a, attrs, "xmlns", ns);
			if (ns && !strcmp(local, "svg") &&
			    !strcmp(ns, "http://www.w3.org/2000/svg"))
				fv_set_str(p->a, attrs, "xmlns", ns);
		}
		if (!strcmp(local, "svg"))
			p->svgok++;
		buf_addf(&b, "<%s", local);
		add_attrs(&b, attrs);
		buf_addch(&b, '>');
		fp_data(p, b.data, 0);
		buf_release(&b);
		return;
	}

	name = method_name(p, tag, &prefix);
	if (!*prefix && strcmp(tag, "title") && strcmp(tag, "link") &&
	    strcmp(tag, "description") && strcmp(tag, "name"))
		p->intextinput = 0;
	if (!*prefix && strcmp(tag, "title") && strcmp(tag, "link") &&
	    strcmp(tag, "description") && strcmp(tag, "url") &&
	    strcmp(tag, "href") && strcmp(tag, "width") &&
	    strcmp(tag, "height"))
		p->inimage = 0;
	fn = fp_find_start(name);
	if (fn) {
		fn(p, attrs);
	} else if (attrs->n == 0) {
		fp_push(p, name, 1);
	} else {
		fv_set(p->a, fp_context(p), name, attrs);
	}
}

void fp_end(struct fp *p, const char *tag)
{
	const char *name, *prefix, *colon;
	fp_end_fn fn;

	name = method_name(p, tag, &prefix);
	colon = strchr(tag, ':');
	if (!strcmp(colon ? colon + 1 : tag, "svg") && p->svgok)
		p->svgok--;
	fn = p->svgok ? NULL : fp_find_end(name);
	if (fn)
		fn(p);
	else
		fp_pop(p, name, 1);

	if (p->incontent && !fp_endswith(cp_type(p, "xml"), "xml")) {
		if (!strcmp(tag, "xhtml:div") || !strcmp(tag, "div"))
			return;	/* as feedparser: the stacks stay */
		fv_set_str(p->a, p->contentparams, "type", XHTML_TYPE);
	}
	if (p->incontent && !strcmp(cp_type(p, ""), XHTML_TYPE)) {
		const char *local = strrchr(tag, ':');
		struct buf b = BUF_INIT;

		buf_addf(&b, "</%s>", local ? local + 1 : tag);
		fp_data(p, b.data, 0);
		buf_release(&b);
	}
	if (p->nbase) {
		p->nbase--;
		if (p->nbase && p->basestack[p->nbase - 1] &&
		    *p->basestack[p->nbase - 1])
			p->baseuri = p->basestack[p->nbase - 1];
	}
	if (p->nlang) {
		p->nlang--;
		if (p->nlang)
			p->lang = p->langstack[p->nlang - 1];
	}
	p->depth--;
}

void fp_append_piece(struct fp *p, const char *s)
{
	struct fp_elem *e;

	if (!p->nstack)
		return;
	e = &p->stack[p->nstack - 1];
	push_str(p->a, &e->pieces, &e->n, &e->alloc, arena_strdup(p->a, s));
}

void fp_data(struct fp *p, const char *text, int escape)
{
	if (!p->nstack)
		return;
	if (escape && !strcmp(cp_type(p, ""), XHTML_TYPE)) {
		const char *t = fp_replace(p->a, text, "&", "&amp;");

		t = fp_replace(p->a, t, "<", "&lt;");
		text = fp_replace(p->a, t, ">", "&gt;");
	}
	fp_append_piece(p, text);
}

void fp_push(struct fp *p, const char *element, int expecting_text)
{
	struct fp_elem *e;

	if (p->nstack == p->astack) {
		size_t na = p->astack ? p->astack * 2 : 16;
		struct fp_elem *x = arena_alloc(p->a, na * sizeof(*x));

		if (p->nstack)
			memcpy(x, p->stack, p->nstack * sizeof(*x));
		p->stack = x;
		p->astack = na;
	}
	e = &p->stack[p->nstack++];
	memset(e, 0, sizeof(*e));
	e->name = arena_strdup(p->a, element);
	e->expecting_text = expecting_text;
}

static int blank(struct fp *p, const char *s)
{
	return !*fp_strip(p->a, s);
}

/* Atom 1.0 xhtml content: drop the wrapping <div> when everything else
 * sits inside it. */
static void strip_div(struct fp *p, struct fp_elem *e, size_t *first,
		      size_t *last)
{
	size_t b = 0, n = e->n;
	int depth = 0;

	while (n - b > 1 && blank(p, e->pieces[n - 1]))
		n--;
	while (n - b > 1 && blank(p, e->pieces[b]))
		b++;
	*first = b;
	*last = n;
	if (n - b == 0 ||
	    (strcmp(e->pieces[b], "<div>") &&
	     !fp_startswith(e->pieces[b], "<div ")) ||
	    strcmp(e->pieces[n - 1], "</div>"))
		return;
	for (size_t i = b; i < n - 1; i++) {
		const char *s = e->pieces[i];

		if (fp_startswith(s, "</")) {
			if (--depth == 0)
				return;
		} else if (s[0] == '<' && !fp_endswith(s, "/>")) {
			depth++;
		}
	}
	*first = b + 1;
	*last = n - 1;
}

/* "&amp;" and unknown references "&x;" in link text are query strings
 * mangled by the loose parser: put the ampersands back. */
static const char *fix_link_refs(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	const char *r;

	for (; *s; s++) {
		if (*s == '&') {
			const char *q = s + 1;

			while ((*q >= 'a' && *q <= 'z') ||
			       (*q >= 'A' && *q <= 'Z') ||
			       (*q >= '0' && *q <= '9') || *q == '_')
				q++;
			if (q > s + 1 && *q == ';') {
				buf_add(&b, s, (size_t)(q - s));
				s = q;
				continue;
			}
		}
		buf_addch(&b, *s);
	}
	r = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return r;
}

static struct fv *detail_copy(struct fp *p, const char *value)
{
	struct fv *cp = fv_copy(p->a, p->contentparams);

	fv_set_str(p->a, cp, "value", value);
	return cp;
}

const char *fp_pop(struct fp *p, const char *element, int strip)
{
	struct fp_elem *e;
	struct buf b = BUF_INIT;
	const char *out, *type;
	size_t first = 0, last;
	struct fv *b64;
	int htmlish;

	if (!p->nstack || strcmp(p->stack[p->nstack - 1].name, element))
		return NULL;
	e = &p->stack[--p->nstack];
	last = e->n;
	if (!strcmp(p->version, "atom10") &&
	    !strcmp(cp_type(p, "text"), XHTML_TYPE))
		strip_div(p, e, &first, &last);
	for (size_t i = first; i < last; i++)
		buf_adds(&b, e->pieces[i]);
	out = arena_strndup(p->a, b.data, b.len);
	buf_release(&b);
	if (strip)
		out = fp_strip(p->a, out);
	if (!e->expecting_text)
		return out;

	b64 = fv_get(p->contentparams, "base64");
	if (b64 && fv_truthy(b64)) {
		const char *d = fp_base64(p->a, out);

		if (d)
			out = d;
	}
	if (in_set(element, relative_uri_elems,
		   sizeof(relative_uri_elems) / sizeof(*relative_uri_elems)) &&
	    *out && (strcmp(element, "id") || p->guidislink))
		out = fp_resolve_uri(p, out);
	if (!fp_startswith(p->version, "atom") &&
	    !strcmp(cp_type(p, ""), "text/plain") && fp_looks_like_html(out))
		fv_set_str(p->a, p->contentparams, "type", "text/html");
	fv_del(p->contentparams, "mode");
	fv_del(p->contentparams, "base64");

	type = cp_type(p, "text/html");
	htmlish = !strcmp(fp_map_content_type(p, type), "text/html") ||
		  !strcmp(fp_map_content_type(p, type), XHTML_TYPE);
	if (htmlish && in_set(element, markup_elems, sizeof(markup_elems) /
						     sizeof(*markup_elems))) {
		if (p->resolve_relative_uris)
			out = fp_html_resolve(p->a, out, p->baseuri, type);
		if (p->sanitize_html)
			out = fp_html_sanitize(p->a, out, type);
	}
	out = fp_fix_text(p->a, out);

	if (!strcmp(element, "category") || !strcmp(element, "tags") ||
	    !strcmp(element, "itunes_keywords"))
		return out;
	if (!strcmp(element, "title") && p->title_depth > -1 &&
	    p->title_depth <= p->depth)
		return out;

	if (p->inentry && !p->insource) {
		struct fv *entry = fv_last(p->entries);

		if (!strcmp(element, "content")) {
			struct fv *l = fv_setdefault(p->a, entry, "content",
						     fv_list(p->a));

			fv_append(p->a, l, detail_copy(p, out));
		} else if (!strcmp(element, "link")) {
			if (!p->inimage) {
				struct fv *links;

				out = fp_replace(p->a, out, "&amp;", "&");
				out = fix_link_refs(p->a, out);
				/* A link without href only fills a gap. */
				if (p->isentrylink ||
				    !fv_truthy(fv_get(entry, "link")))
					fv_set_str(p->a, entry, "link", out);
				links = fv_get(entry, "links");
				if (*out && fv_last(links))
					fv_set_str(p->a, fv_last(links),
						   "href", out);
			}
		} else {
			struct fv *depths = fv_last(p->depths);
			struct fv *old;
			char key[64];

			if (!strcmp(element, "description"))
				element = "summary";
			old = fv_get(depths, element);
			if (!old || p->depth <= old->i) {
				fv_set(p->a, depths, element,
				       fv_int(p->a, p->depth));
				fv_set_str(p->a, entry, element, out);
			}
			if (p->incontent &&
			    strlen(element) + 8 < sizeof(key)) {
				memcpy(key, element, strlen(element));
				memcpy(key + strlen(element), "_detail", 8);
				fv_set(p->a, entry, key, detail_copy(p, out));
			}
		}
	} else if (p->infeed || p->insource) {
		struct fv *ctx = fp_context(p);
		char key[64];

		if (!strcmp(element, "description"))
			element = "subtitle";
		fv_set_str(p->a, ctx, element, out);
		if (!strcmp(element, "link")) {
			struct fv *links = fv_get(ctx, "links");

			out = fix_link_refs(p->a, out);
			fv_set_str(p->a, ctx, element, out);
			if (fv_last(links))
				fv_set_str(p->a, fv_last(links), "href", out);
		} else if (p->incontent &&
			   strlen(element) + 8 < sizeof(key)) {
			memcpy(key, element, strlen(element));
			memcpy(key + strlen(element), "_detail", 8);
			fv_set(p->a, ctx, key, detail_copy(p, out));
		}
	}
	return out;
}

static int is_base64(struct fp *p, const struct fv *attrs)
{
	const char *mode = fv_get_str(attrs, "mode");
	const char *type = cp_type(p, "");

	if (mode && !strcmp(mode, "base64"))
		return 1;
	if (fp_startswith(type, "text/") || fp_endswith(type, "+xml") ||
	    fp_endswith(type, "/xml"))
		return 0;
	return 1;
}

void fp_push_content(struct fp *p, const char *tag, struct fv *attrs,
		     const char *default_type, int expecting_text)
{
	const char *type = fv_get_str(attrs, "type");

	p->incontent++;
	if (p->lang)
		p->lang = fp_replace(p->a, p->lang, "_", "-");
	p->contentparams = fv_dict(p->a, 1);
	fv_set_str(p->a, p->contentparams, "type",
		   fp_map_content_type(p, fv_has(attrs, "type") ?
					  (type ? type : "") :
					  default_type));
	fv_set_str(p->a, p->contentparams, "language", p->lang);
	fv_set_str(p->a, p->contentparams, "base", p->baseuri);
	fv_set(p->a, p->contentparams, "base64",
	       fv_int(p->a, is_base64(p, attrs)));
	fp_push(p, tag, expecting_text);
}

const char *fp_pop_content(struct fp *p, const char *tag)
{
	const char *v = fp_pop(p, tag, 1);

	p->incontent--;
	p->contentparams = fv_dict(p->a, 1);
	return v;
}

struct fv *fp_context(struct fp *p)
{
	struct fv *image = fv_get(p->feeddata, "image");
	struct fv *textinput = fv_get(p->feeddata, "textinput");

	if (p->insource)
		return p->sourcedata;
	if (p->inimage && image)
		return image;
	if (p->intextinput && textinput)
		return textinput;
	if (p->inentry && fv_last(p->entries))
		return fv_last(p->entries);
	return p->feeddata;
}

void fp_save(struct fp *p, const char *key, struct fv *v, int overwrite)
{
	struct fv *ctx = fp_context(p);

	if (overwrite)
		fv_set(p->a, ctx, key, v);
	else
		fv_setdefault(p->a, ctx, key, v);
}

static const char *suffixed(struct fp *p, const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	char *r = arena_alloc(p->a, n + m + 1);

	memcpy(r, a, n);
	memcpy(r + n, b, m + 1);
	return r;
}

void fp_save_author(struct fp *p, const char *key, const char *value,
		    const char *prefix)
{
	struct fv *ctx = fp_context(p), *detail, *list, *first;

	detail = fv_setdefault(p->a, ctx, suffixed(p, prefix, "_detail"),
			       fv_dict(p->a, 1));
	fv_set_str(p->a, detail, key, value);
	fp_sync_author_detail(p, prefix);
	first = fv_list(p->a);
	fv_append(p->a, first, fv_dict(p->a, 1));
	list = fv_setdefault(p->a, ctx, suffixed(p, prefix, "s"), first);
	if (fv_last(list))
		fv_set_str(p->a, fv_last(list), key, value);
}

void fp_save_contributor(struct fp *p, const char *key, const char *value)
{
	struct fv *ctx = fp_context(p), *first, *list;

	first = fv_list(p->a);
	fv_append(p->a, first, fv_dict(p->a, 1));
	list = fv_setdefault(p->a, ctx, "contributors", first);
	if (fv_last(list))
		fv_set_str(p->a, fv_last(list), key, value);
}

void fp_sync_author_detail(struct fp *p, const char *key)
{
	struct fv *ctx = fp_context(p);
	struct fv *list = fv_get(ctx, suffixed(p, key, "s"));
	struct fv *detail = fv_last(list);
	const char *author, *email = NULL;
	size_t start, len;

	if (!detail)
		detail = fv_dict(p->a, 1);
	if (detail->n) {
		const char *name = fv_get_str(detail, "name");
		const char *mail = fv_get_str(detail, "email");

		if (name && *name && mail && *mail) {
			struct buf b = BUF_INIT;

			buf_addf(&b, "%s (%s)", name, mail);
			fv_set_str(p->a, ctx, key, b.data);
			buf_release(&b);
		} else if (name && *name) {
			fv_set_str(p->a, ctx, key, name);
		} else if (mail && *mail) {
			fv_set_str(p->a, ctx, key, mail);
		}
		return;
	}
	author = fv_get_str(ctx, key);
	if (!author || !*author)
		return;
	if (fp_find_email(author, &start, &len)) {
		email = arena_strndup(p->a, author + start, len);
		author = fp_replace(p->a, author, email, "");
		author = fp_replace(p->a, author, "()", "");
		author = fp_replace(p->a, author, "<>", "");
		author = fp_replace(p->a, author, "&lt;&gt;", "");
		author = fp_strip(p->a, author);
		if (*author == '(')
			author++;
		if (*author && author[strlen(author) - 1] == ')')
			author = arena_strndup(p->a, author,
					       strlen(author) - 1);
		author = fp_strip(p->a, author);
	}
	if (*author || email)
		fv_setdefault(p->a, ctx, suffixed(p, key, "_detail"), detail);
	if (*author)
		fv_set_str(p->a, detail, "name", author);
	if (email)
		fv_set_str(p->a, detail, "email", email);
}

void fp_add_tag(struct fp *p, const char *term, const char *scheme,
		const char *label)
{
	struct fv *ctx = fp_context(p), *tags, *t;

	tags = fv_setdefault(p->a, ctx, "tags", fv_list(p->a));
	if ((!term || !*term) && (!scheme || !*scheme) && (!label || !*label))
		return;
	/* Each tag is compared with all before it (feedparser's "not in
	 * tags"): bounded, so that a hostile item stays linear. */
	if (tags->n >= FP_MAX_TAGS)
		return;
	t = fv_dict(p->a, 1);
	fv_set_str(p->a, t, "term", term);
	fv_set_str(p->a, t, "scheme", scheme);
	fv_set_str(p->a, t, "label", label);
	for (size_t i = 0; i < tags->n; i++)
		if (fv_equal(tags->vals[i], t))
			return;
	fv_append(p->a, tags, t);
}

const char *fp_resolve_uri(struct fp *p, const char *uri)
{
	return fp_urljoin(p->a, p->baseuri, uri);
}

const char *fp_attr(struct fp *p, const struct fv *attrs, const char *name)
{
	const char *colon = strchr(name, ':');

	if (colon) {
		const char *pre = arena_strndup(p->a, name,
						(size_t)(colon - name));
		const char *m = fp_nsmap_get(p, pre);

		if (m)
			name = suffixed(p, suffixed(p, m, ":"), colon + 1);
	}
	return fv_get_str(attrs, name);
}

struct fv *fp_date(struct fp *p, const char *s)
{
	time_t t;

	if (s && date_parse(s, p->default_offset, &t) == 0)
		return fv_time(p->a, t);
	return fv_null(p->a);
}

/*
 * feed_int.h - what the feed files share among themselves: the result
 * tree (feedparser's dictionaries, lists and strings, in the document's
 * arena), the parser state the element handlers work on, and the helper
 * passes (encoding, prolog, HTML clean-up, URL joining).  Not for use
 * outside crawler/feed/; the crawler reads struct feed (feed.h).
 */
#ifndef MM_FEED_INT_H
#define MM_FEED_INT_H

#include "common/arena.h"
#include "common/buf.h"
#include "common/err.h"

#include <stddef.h>
#include <time.h>

/* ---- the result tree (feed_tree.c) ---- */

enum fv_type { FV_NULL, FV_STR, FV_INT, FV_BOOL, FV_TIME, FV_DICT, FV_LIST };

/*
 * One value.  Dictionaries keep insertion order (the JSON output follows
 * it).  A dictionary with fpd set behaves as feedparser's FeedParserDict:
 * keys are stored under their canonical alias ("description" becomes
 * "summary", "guid" becomes "id", "url" becomes "href"...).  Values may be
 * shared between two places of the tree, as feedparser shares them;
 * there are no cycles.
 */
struct fv {
	enum fv_type type;
	unsigned fpd : 1;
	const char *s;		/* FV_STR */
	long long i;		/* FV_INT, FV_BOOL */
	time_t t;		/* FV_TIME */
	size_t n, alloc;
	const char **keys;	/* FV_DICT */
	struct fv **vals;	/* FV_DICT, FV_LIST */
	/* FV_DICT past a few keys: an open-addressing index (slot holds
	 * key index + 1), so that a document with a hundred thousand
	 * distinct element names is not quadratic; NULL when small. */
	size_t *index, icap;
};

struct fv *fv_dict(struct arena *a, int fpd);
struct fv *fv_list(struct arena *a);
/* A string value; s is copied into the arena (NULL gives FV_NULL). */
struct fv *fv_str(struct arena *a, const char *s);
struct fv *fv_strn(struct arena *a, const char *s, size_t n);
struct fv *fv_null(struct arena *a);
struct fv *fv_int(struct arena *a, long long v);
struct fv *fv_bool(struct arena *a, int v);
struct fv *fv_time(struct arena *a, time_t t);

/* Lookup by key (the alias is resolved for fpd dictionaries); NULL when
 * absent or d is not a dictionary. */
struct fv *fv_get(const struct fv *d, const char *key);
/* The string under key, or NULL when absent or not a string. */
const char *fv_get_str(const struct fv *d, const char *key);
int fv_has(const struct fv *d, const char *key);
void fv_set(struct arena *a, struct fv *d, const char *key, struct fv *v);
void fv_set_str(struct arena *a, struct fv *d, const char *key,
		const char *s);
/* feedparser's setdefault: the present value, else v stored and returned. */
struct fv *fv_setdefault(struct arena *a, struct fv *d, const char *key,
			 struct fv *v);
void fv_del(struct fv *d, const char *key);
void fv_append(struct arena *a, struct fv *list, struct fv *v);
struct fv *fv_last(const struct fv *list);
/* Deep copy (dictionaries and lists; strings are shared). */
struct fv *fv_copy(struct arena *a, const struct fv *v);
/* Deep equality of two values, for feedparser's "tag not in tags". */
int fv_equal(const struct fv *x, const struct fv *y);
/* "true" for a non-empty string, dictionary or list (Python truth). */
int fv_truthy(const struct fv *v);

/* ---- parser state (feed_mixin.c, feed_elems.c) ---- */

struct fp_elem {
	const char *name;
	int expecting_text;
	const char **pieces;
	size_t n, alloc;
};

struct fp_ns {
	const char *key;	/* a document prefix, or a canonical prefix */
	const char *val;	/* a canonical prefix, or a namespace URI */
};

struct fp {
	struct arena *a;
	struct fv *feeddata;
	struct fv *entries;	/* list of fpd dictionaries */
	struct fv *depths;	/* per entry: element -> depth it came from */
	struct fv *sourcedata;
	struct fv *contentparams;
	const char *version;
	const char *baseuri;
	const char *lang;	/* NULL when none */
	/* namespacemap (document prefix -> canonical prefix) and
	 * namespaces_in_use (canonical or document prefix -> URI) */
	struct fp_ns *nsmap, *nsuse;
	size_t nnsmap, nnsuse, ansmap, ansuse;
	unsigned ns_changes;	/* bumped when either map changes */
	struct fp_elem *stack;
	size_t nstack, astack;
	const char **basestack, **langstack;
	size_t nbase, abase, nlang, alang;
	int infeed, inentry, incontent, intextinput, inimage, inauthor;
	int incontributor, inpublisher, insource;
	int svgok, title_depth, depth, has_content, guidislink, isentrylink;
	const char *summary_key;
	int resolve_relative_uris, sanitize_html;
	long default_offset;
};

void fp_init(struct fp *p, struct arena *a, const char *baseuri,
	     const char *lang);
/* Namespace declaration seen on an element (prefix NULL for default). */
void fp_track_namespace(struct fp *p, const char *prefix, const char *uri);
/* Canonical prefix for a namespace URI (compared case-insensitively):
 * "" for the feed formats themselves, "dc", "media"...; NULL if unknown. */
const char *fp_known_prefix(const char *uri);
/* The canonical prefix, or NULL, for a document prefix. */
const char *fp_nsmap_get(const struct fp *p, const char *prefix);
const char *fp_nsuse_get(const struct fp *p, const char *key);
/* The first non-empty name in namespaces_in_use mapped to uri, or NULL. */
const char *fp_nsuse_name_for(const struct fp *p, const char *uri);

/* SAX-like events in feedparser's vocabulary.  tag is "prefix:local" in
 * lower case; attrs a plain dictionary (keys lower case, in order). */
void fp_start(struct fp *p, const char *tag, struct fv *attrs);
void fp_end(struct fp *p, const char *tag);
void fp_data(struct fp *p, const char *text, int escape);

/* The mixin's building blocks, used by the element handlers. */
void fp_push(struct fp *p, const char *element, int expecting_text);
/* Returns the element's text (NULL when element is not on top). */
const char *fp_pop(struct fp *p, const char *element, int strip);
void fp_push_content(struct fp *p, const char *tag, struct fv *attrs,
		     const char *default_type, int expecting_text);
const char *fp_pop_content(struct fp *p, const char *tag);
struct fv *fp_context(struct fp *p);
void fp_save(struct fp *p, const char *key, struct fv *v, int overwrite);
void fp_save_author(struct fp *p, const char *key, const char *value,
		    const char *prefix);
void fp_save_contributor(struct fp *p, const char *key, const char *value);
void fp_sync_author_detail(struct fp *p, const char *key);
void fp_add_tag(struct fp *p, const char *term, const char *scheme,
		const char *label);
const char *fp_resolve_uri(struct fp *p, const char *uri);
const char *fp_map_content_type(struct fp *p, const char *type);
/* Append text to the open element's pieces (for handlers that inject). */
void fp_append_piece(struct fp *p, const char *s);
/* An attribute by name after mapping its prefix to the canonical one. */
const char *fp_attr(struct fp *p, const struct fv *attrs, const char *name);
/* Parse a date for the tree: FV_TIME, or FV_NULL when unparsable. */
struct fv *fp_date(struct fp *p, const char *s);

/* Element handlers (feed_elems.c): look up "_start_" / "_end_" methods
 * by name ("dc_creator", "pubdate"...).  NULL when there is none. */
typedef void (*fp_start_fn)(struct fp *p, struct fv *attrs);
typedef void (*fp_end_fn)(struct fp *p);
fp_start_fn fp_find_start(const char *name);
fp_end_fn fp_find_end(const char *name);
/* The extension elements (feed_ext.c): 1 and the handlers when name is
 * one, else 0. */
int fp_ext_lookup(const char *name, fp_start_fn *start, fp_end_fn *end);
/* Comma-separated terms become tags (empty ones kept unless told). */
void fp_add_terms(struct fp *p, const char *v, const char *scheme,
		  int skip_empty);

/* ---- text helpers (feed_text.c) ---- */

/* Python str.strip(): Unicode whitespace at both ends. */
const char *fp_strip(struct arena *a, const char *s);
/* feedparser's guess that nominal plain text is really HTML. */
int fp_looks_like_html(const char *s);
/* Undo UTF-8 read as Latin-1 (when the text is exactly that), then map
 * C1 controls to their windows-1252 characters, as feedparser does. */
const char *fp_fix_text(struct arena *a, const char *s);
/* base64 (RFC 2045, invalid characters skipped); NULL when the padding
 * is wrong or the result is not UTF-8. */
const char *fp_base64(struct arena *a, const char *s);
/* First e-mail address in s (feedparser's pattern): start and length. */
int fp_find_email(const char *s, size_t *start, size_t *len);
/* The Unicode code point of an HTML 4 named entity, or -1. */
long fp_html_entity(const char *name, size_t n);
/* s with every occurrence of from replaced by to (arena). */
const char *fp_replace(struct arena *a, const char *s, const char *from,
		       const char *to);
int fp_startswith(const char *s, const char *prefix);
int fp_endswith(const char *s, const char *suffix);
const char *fp_lower(struct arena *a, const char *s);

/* ---- URLs (feed_base.c) ---- */

/* feedparser's _urljoin: urllib's joining rules (absolute references are
 * returned unchanged, no normalisation) on top of url_resolve(). */
const char *fp_urljoin(struct arena *a, const char *base, const char *ref);
/* make_safe_absolute_uri: the join, or "" when its scheme is not one of
 * the acceptable ones (javascript: and the like).  rel may be NULL. */
const char *fp_safe_uri(struct arena *a, const char *base, const char *rel);
/* urllib's scheme of s (lower case, into out), or "" when none. */
void fp_uri_scheme(const char *s, char *out, size_t cap);

/* ---- embedded HTML (feed_html.c, feed_sanitize.c) ---- */

/* Re-serialise html with relative URIs in the usual attributes resolved
 * against base (feedparser's RelativeURIResolver). */
const char *fp_html_resolve(struct arena *a, const char *html,
			    const char *base, const char *type);
/* feedparser's HTML sanitiser: unknown elements and attributes dropped,
 * script and style contents removed, CSS filtered, unsafe URIs emptied. */
const char *fp_html_sanitize(struct arena *a, const char *html,
			     const char *type);

/* True when the sanitiser keeps this HTML element (any case). */
int fp_html_acceptable_element(const char *name, size_t n);

/* The tokenizer's state, shared by the resolver (feed_html.c) and the
 * sanitiser's policy (feed_sanitize.c). */
struct fp_hattr {
	const char *k, *v;
};

struct fp_html {
	struct arena *a;
	struct buf out;
	const char *type;	/* the content type: xhtml closes "<x/>" */
	int sanitize;		/* 0: resolve URIs only */
	const char *base;
	const char *lasttag;
	int unacceptable, mathml_ok, svg_ok;
};

/* Write a start tag as feedparser's BaseHTMLProcessor does. */
void fp_html_emit_start(struct fp_html *h, const char *tag,
			const struct fp_hattr *attrs, size_t n);
void fp_html_emit_end(struct fp_html *h, const char *tag);
/* Lower-case keys (the last duplicate wins), lower-case rel and type
 * values, sort by key.  Returns the new count. */
size_t fp_html_normalize_attrs(struct fp_html *h, struct fp_hattr *attrs,
			       size_t n);
/* The sanitiser's start and end tag policy. */
void fp_sanitize_start(struct fp_html *h, const char *tag,
		       struct fp_hattr *attrs, size_t n);
void fp_sanitize_end(struct fp_html *h, const char *tag);

/* ---- input preparation (feed_encoding.c, feed_prolog.c) ---- */

struct fp_input {
	const char *encoding;	/* feedparser's name, "" when unknown */
	const char *version;	/* "rss091n" from the DOCTYPE, or NULL */
	const char *hostile_dtd; /* see struct feed; static, or NULL */
	int bozo;
	char bozo_msg[256];
};

/* Decide the encoding as feedparser does (BOM, XML declaration, HTTP
 * charset under RFC 3023 rules, then fallbacks) and append the document
 * as UTF-8 to out, without BOM or XML declaration.  content_type NULL
 * means no HTTP headers at all.  -1 only when out's cap is reached. */
int fp_decode(const char *data, size_t len, const char *content_type,
	      struct buf *out, struct fp_input *in, struct arena *a,
	      struct err *e);
/* Rewrite the UTF-8 document doc (NUL-terminated, len bytes) into out:
 * drop the DOCTYPE (keeping its simple entity declarations, which are
 * substituted here), replace HTML named entities by character
 * references and escape stray ampersands, so that libxml2 never sees a
 * DTD.  Sets in->bozo for what a strict parser would reject, and
 * in->hostile_dtd for a DOCTYPE that declares an attack. */
int fp_prolog(const char *doc, size_t len, struct buf *out,
	      struct fp_input *in, struct err *e);

#endif

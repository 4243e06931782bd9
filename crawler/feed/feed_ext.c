/*
 * feed_ext.c - the feed extensions feedparser understands: Dublin Core
 * (dc:, dcterms:), Media RSS, iTunes (what maps onto common fields),
 * admin: and the Creative Commons licences.  Many are aliases of the
 * core elements of feed_elems.c ("dc:creator" is an author).
 */
#include "feed_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int truthy_str(const char *s)
{
	return s && *s;
}

/* FeedParserDict(attrs): a copy that uses feedparser's aliases. */
static struct fv *as_fpd(struct fp *p, const struct fv *attrs)
{
	struct fv *d = fv_copy(p->a, attrs);

	d->fpd = 1;
	return d;
}

/* ---- Dublin Core ---- */

static void s_dc_contributor(struct fp *p, struct fv *attrs)
{
	struct fv *l;

	(void)attrs;
	p->incontributor = 1;
	l = fv_setdefault(p->a, fp_context(p), "contributors", fv_list(p->a));
	fv_append(p->a, l, fv_dict(p->a, 1));
	fp_push(p, "name", 0);
}

static void e_dc_contributor(struct fp *p)
{
	fp_find_end("name")(p);
	p->incontributor = 0;
}

static void s_dcterms_valid(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "validity", 1);
}

static void e_dcterms_valid(struct fp *p)
{
	const char *v = fp_pop(p, "validity", 1);

	while (v && *v) {
		const char *semi = strchr(v, ';');
		const char *item = semi ? arena_strndup(p->a, v,
							(size_t)(semi - v)) : v;
		const char *eq = strchr(item, '=');

		if (eq) {
			const char *key = arena_strndup(p->a, item,
							(size_t)(eq - item));

			if (!strcmp(key, "start") || !strcmp(key, "end")) {
				char k[32];

				snprintf(k, sizeof(k), "validity_%s", key);
				fp_save(p, k, fv_str(p->a, eq + 1), 1);
				snprintf(k, sizeof(k), "validity_%s_parsed",
					 key);
				fp_save(p, k, fp_date(p, eq + 1), 1);
			}
		}
		v = semi ? semi + 1 : NULL;
	}
}

/* ---- Media RSS ---- */

static void s_media_category(struct fp *p, struct fv *attrs)
{
	if (!fv_has(attrs, "scheme"))
		fv_set_str(p->a, attrs, "scheme",
			   "http://search.yahoo.com/mrss/category_schema");
	fp_find_start("category")(p, attrs);
}

static void e_media_keywords(struct fp *p)
{
	fp_add_terms(p, fp_pop(p, "media_keywords", 1), NULL, 1);
}

static void e_media_title(struct fp *p)
{
	int depth = p->title_depth;

	fp_find_end("title")(p);
	p->title_depth = depth;
}

static void s_nothing(struct fp *p, struct fv *attrs)
{
	(void)p;
	(void)attrs;
}

/* media:rating, media:restriction, media:license: the attributes kept
 * under key, the text as its "content". */
static void start_media_attrs(struct fp *p, struct fv *attrs,
			      const char *key, const char *elem)
{
	fv_setdefault(p->a, fp_context(p), key, attrs);
	fp_push(p, elem, 1);
}

static void s_media_rating(struct fp *p, struct fv *attrs)
{
	start_media_attrs(p, attrs, "media_rating", "rating");
}

static void s_media_restriction(struct fp *p, struct fv *attrs)
{
	start_media_attrs(p, attrs, "media_restriction", "restriction");
}

static void s_media_license(struct fp *p, struct fv *attrs)
{
	start_media_attrs(p, attrs, "media_license", "license");
}

static void end_media_attrs(struct fp *p, const char *key, const char *elem)
{
	const char *v = fp_pop(p, elem, 1);
	struct fv *d = fv_get(fp_context(p), key);

	if (!v || !*fp_strip(p->a, v) || !d)
		return;
	if (strcmp(key, "media_restriction")) {
		fv_set_str(p->a, d, "content", v);
		return;
	}
	/* The restriction is a list of lower-case country codes. */
	struct fv *l = fv_list(p->a);

	while (v) {
		const char *sp = strchr(v, ' ');
		const char *t = sp ? arena_strndup(p->a, v, (size_t)(sp - v)) :
				v;

		fv_append(p->a, l, fv_str(p->a, fp_lower(p->a,
							 fp_strip(p->a, t))));
		v = sp ? sp + 1 : NULL;
	}
	fv_set(p->a, d, "content", l);
}

static void e_media_rating(struct fp *p)
{
	end_media_attrs(p, "media_rating", "rating");
}

static void e_media_restriction(struct fp *p)
{
	end_media_attrs(p, "media_restriction", "restriction");
}

static void e_media_license(struct fp *p)
{
	end_media_attrs(p, "media_license", "license");
}

static void s_media_credit(struct fp *p, struct fv *attrs)
{
	struct fv *l = fv_setdefault(p->a, fp_context(p), "media_credit",
				     fv_list(p->a));

	fv_append(p->a, l, attrs);
	fp_push(p, "credit", 1);
}

static void e_media_credit(struct fp *p)
{
	const char *v = fp_pop(p, "credit", 1);
	struct fv *last = fv_last(fv_get(fp_context(p), "media_credit"));

	if (v && *fp_strip(p->a, v) && last)
		fv_set_str(p->a, last, "content", v);
}

static void s_media_content(struct fp *p, struct fv *attrs)
{
	struct fv *l = fv_setdefault(p->a, fp_context(p), "media_content",
				     fv_list(p->a));

	fv_append(p->a, l, attrs);
}

static void s_media_thumbnail(struct fp *p, struct fv *attrs)
{
	struct fv *l = fv_setdefault(p->a, fp_context(p), "media_thumbnail",
				     fv_list(p->a));

	fp_push(p, "url", 1);
	fv_append(p->a, l, attrs);
}

static void e_media_thumbnail(struct fp *p)
{
	const char *v = fp_pop(p, "url", 1);
	struct fv *last = fv_last(fv_get(fp_context(p), "media_thumbnail"));

	if (v && *fp_strip(p->a, v) && last && !fv_has(last, "url"))
		fv_set_str(p->a, last, "url", v);
}

static void s_media_player(struct fp *p, struct fv *attrs)
{
	fp_push(p, "media_player", 0);
	fv_set(p->a, fp_context(p), "media_player", as_fpd(p, attrs));
}

static void e_media_player(struct fp *p)
{
	const char *v = fp_pop(p, "media_player", 1);
	struct fv *d = fv_get(fp_context(p), "media_player");

	if (d)
		fv_set_str(p->a, d, "content", v);
}

/* ---- admin:, cc:, creativeCommons: ---- */

static void s_admin_generatoragent(struct fp *p, struct fv *attrs)
{
	const char *v = fp_attr(p, attrs, "rdf:resource");
	struct fv *d;

	fp_push(p, "generator", 1);
	if (truthy_str(v))
		fp_append_piece(p, v);
	fp_pop(p, "generator", 1);
	d = fv_dict(p->a, 1);
	fv_set_str(p->a, d, "href", v);
	fv_set(p->a, fp_context(p), "generator_detail", d);
}

static void s_admin_errorreportsto(struct fp *p, struct fv *attrs)
{
	const char *v = fp_attr(p, attrs, "rdf:resource");

	fp_push(p, "errorreportsto", 1);
	if (truthy_str(v))
		fp_append_piece(p, v);
	fp_pop(p, "errorreportsto", 1);
}

static void add_license(struct fp *p, const char *href)
{
	struct fv *d = fv_dict(p->a, 1), *links;

	fv_set_str(p->a, d, "rel", "license");
	if (truthy_str(href))
		fv_set_str(p->a, d, "href", href);
	links = fv_setdefault(p->a, fp_context(p), "links", fv_list(p->a));
	fv_append(p->a, links, d);
}

static void s_cc_license(struct fp *p, struct fv *attrs)
{
	add_license(p, fp_attr(p, attrs, "rdf:resource"));
}

static void s_cc2_license(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	fp_push(p, "license", 1);
}

static void e_cc2_license(struct fp *p)
{
	const char *v = fp_pop(p, "license", 1);

	if (!v)
		return;
	add_license(p, v);
	fv_del(fp_context(p), "license");
}

/* ---- iTunes (the parts that map onto common fields) ---- */

static void s_itunes_owner(struct fp *p, struct fv *attrs)
{
	(void)attrs;
	p->inpublisher = 1;
	fp_push(p, "publisher", 0);
}

static void e_itunes_owner(struct fp *p)
{
	fp_pop(p, "publisher", 1);
	p->inpublisher = 0;
	fp_sync_author_detail(p, "publisher");
}

static void e_itunes_keywords(struct fp *p)
{
	fp_add_terms(p, fp_pop(p, "itunes_keywords", 1),
		  "http://www.itunes.com/", 1);
}

static void s_itunes_category(struct fp *p, struct fv *attrs)
{
	fp_add_tag(p, fv_get_str(attrs, "text"), "http://www.itunes.com/",
		   NULL);
	fp_push(p, "category", 1);
}

static void s_itunes_image(struct fp *p, struct fv *attrs)
{
	const char *href = fv_get_str(attrs, "href");
	struct fv *d;

	fp_push(p, "itunes_image", 0);
	if (!truthy_str(href))
		href = fv_get_str(attrs, "url");
	if (!truthy_str(href))
		return;
	d = fv_dict(p->a, 1);
	fv_set_str(p->a, d, "href", href);
	fv_set(p->a, fp_context(p), "image", d);
}

static void e_itunes_block(struct fp *p)
{
	const char *v = fp_pop(p, "itunes_block", 0);

	fv_set(p->a, fp_context(p), "itunes_block",
	       fv_int(p->a, v && (!strcmp(v, "yes") || !strcmp(v, "Yes"))));
}

static void e_itunes_explicit(struct fp *p)
{
	const char *v = fp_pop(p, "itunes_explicit", 0);
	struct fv *r;

	if (v && !strcmp(v, "yes"))
		r = fv_bool(p->a, 1);
	else if (v && !strcmp(v, "clean"))
		r = fv_bool(p->a, 0);
	else
		r = fv_null(p->a);
	fv_set(p->a, fp_context(p), "itunes_explicit", r);
}

/* Sorted by name.  start_as / end_as name a core element whose handler
 * is used instead ("dc_creator" behaves as "author"). */
static const struct ext {
	const char *name;
	fp_start_fn start;
	fp_end_fn end;
	const char *start_as, *end_as;
} exts[] = {
	{ "admin_errorreportsto", s_admin_errorreportsto, NULL, NULL, NULL },
	{ "admin_generatoragent", s_admin_generatoragent, NULL, NULL, NULL },
	{ "cc_license", s_cc_license, NULL, NULL, NULL },
	{ "creativecommons_license", s_cc2_license, e_cc2_license, NULL, NULL },
	{ "dc_author", NULL, NULL, "author", "author" },
	{ "dc_contributor", s_dc_contributor, e_dc_contributor, NULL, NULL },
	{ "dc_creator", NULL, NULL, "author", "author" },
	{ "dc_date", NULL, NULL, "updated", "updated" },
	{ "dc_description", NULL, NULL, "description", "description" },
	{ "dc_language", NULL, NULL, "language", "language" },
	{ "dc_publisher", NULL, NULL, "webmaster", "webmaster" },
	{ "dc_rights", NULL, NULL, "rights", "rights" },
	{ "dc_subject", NULL, NULL, "category", "category" },
	{ "dc_title", NULL, NULL, "title", "title" },
	{ "dcterms_created", NULL, NULL, "created", "created" },
	{ "dcterms_issued", NULL, NULL, "published", "published" },
	{ "dcterms_modified", NULL, NULL, "updated", "updated" },
	{ "dcterms_valid", s_dcterms_valid, e_dcterms_valid, NULL, NULL },
	{ "itunes_author", NULL, NULL, "author", "author" },
	{ "itunes_block", NULL, e_itunes_block, NULL, NULL },
	{ "itunes_category", s_itunes_category, NULL, NULL, "category" },
	{ "itunes_email", NULL, NULL, "email", "email" },
	{ "itunes_explicit", NULL, e_itunes_explicit, NULL, NULL },
	{ "itunes_image", s_itunes_image, NULL, NULL, NULL },
	{ "itunes_keywords", NULL, e_itunes_keywords, NULL, NULL },
	{ "itunes_link", s_itunes_image, NULL, NULL, NULL },
	{ "itunes_name", NULL, NULL, "name", "name" },
	{ "itunes_owner", s_itunes_owner, e_itunes_owner, NULL, NULL },
	{ "itunes_subtitle", NULL, NULL, "subtitle", "subtitle" },
	{ "itunes_summary", NULL, NULL, "summary", "summary" },
	{ "media_category", s_media_category, NULL, NULL, "category" },
	{ "media_content", s_media_content, NULL, NULL, NULL },
	{ "media_credit", s_media_credit, e_media_credit, NULL, NULL },
	{ "media_description", NULL, NULL, "description",
	  "description" },
	{ "media_group", s_nothing, NULL, NULL, NULL },
	{ "media_keywords", NULL, e_media_keywords, NULL, NULL },
	{ "media_license", s_media_license, e_media_license, NULL, NULL },
	{ "media_player", s_media_player, e_media_player, NULL, NULL },
	{ "media_rating", s_media_rating, e_media_rating, NULL, NULL },
	{ "media_restriction", s_media_restriction, e_media_restriction,
	  NULL, NULL },
	{ "media_thumbnail", s_media_thumbnail, e_media_thumbnail, NULL, NULL },
	{ "media_title", NULL, e_media_title, "title", NULL },
};

static int cmp_ext(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ext *)elem)->name);
}

int fp_ext_lookup(const char *name, fp_start_fn *start, fp_end_fn *end)
{
	const struct ext *x = bsearch(name, exts,
				      sizeof(exts) / sizeof(*exts),
				      sizeof(*exts), cmp_ext);

	if (!x)
		return 0;
	*start = x->start_as ? fp_find_start(x->start_as) : x->start;
	*end = x->end_as ? fp_find_end(x->end_as) : x->end;
	return 1;
}

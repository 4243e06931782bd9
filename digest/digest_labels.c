/*
 * digest_labels.c - the words of the fixed vocabularies and the count
 * phrases, marked for the catalogs (po/) and looked up in the digest's
 * language.
 */
#include "digest_int.h"
#include "common/i18n.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct label {
	const char *id, *msgid;
};

static const struct label tonalities[] = {
	{ "positive", N_("positive") },
	{ "neutral", N_("neutral") },
	{ "negative", N_("negative") },
};

static const struct label categories[] = {
	{ "corruption", N_("corruption") },
	{ "torture", N_("torture") },
	{ "trafficking", N_("human trafficking") },
	{ "labour", N_("labour rights") },
	{ "land_property", N_("land and property") },
	{ "children", N_("children's rights") },
	{ "environment", N_("environment") },
	{ "abuse_of_office", N_("abuse of office") },
	{ "fraud", N_("fraud") },
	{ "domestic_violence", N_("domestic violence") },
	{ "other", N_("other violations") },
};

static const struct label stages[] = {
	{ "alleged", N_("reported") },
	{ "acting", N_("being dealt with") },
	{ "decided", N_("decided") },
};

static const char *find(const struct label *l, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (id && !strcmp(l[i].id, id))
			return l[i].msgid;
	return id ? id : "";
}

const char *digest_tonality_label(const char *tonality)
{
	return find(tonalities, sizeof(tonalities) / sizeof(*tonalities),
		    tonality);
}

const char *digest_tonality_tag(const char *lang, const char *tonality)
{
	/* one material's tonality: Russian agrees with "материал" */
	static const struct label tags[] = {
		{ "positive", NC_("material", "positive") },
		{ "neutral", NC_("material", "neutral") },
		{ "negative", NC_("material", "negative") },
	};

	return trc(lang, "material",
		   find(tags, sizeof(tags) / sizeof(*tags), tonality));
}

const char *digest_response_label(const char *kind)
{
	static const struct label kinds[] = {
		{ "briefing", N_("briefing") },
		{ "statement", N_("statement") },
		{ "refutation", N_("refutation") },
	};

	return find(kinds, sizeof(kinds) / sizeof(*kinds), kind);
}

const char *digest_category_label(const char *category)
{
	return find(categories, sizeof(categories) / sizeof(*categories),
		    category);
}

const char *digest_stage_label(const char *stage)
{
	return find(stages, sizeof(stages) / sizeof(*stages), stage);
}

const char *digest_region_name(const struct digest *d, const char *id)
{
	return config_region_name(d->cfg, id);
}

/* The plural forms of a story's counts, looked up once per thread and
 * language for the small counts: a digest writes them for each of its
 * 2,000 materials, and each lookup takes the catalogs' lock. */
#define SIZE_FORMS 32

static const char *size_lookup(const char *lang, int outlet, int n)
{
	return outlet ? trn(lang, "%d outlet", "%d outlets", (unsigned long)n) :
			trn(lang, "%d article", "%d articles",
			    (unsigned long)n);
}

static const char *size_form(const char *lang, int outlet, int n)
{
	static _Thread_local struct {
		char lang[8];
		const char *form[2][SIZE_FORMS];
	} kept;
	size_t len = strlen(lang);

	if (n < 0 || n >= SIZE_FORMS || len >= sizeof(kept.lang))
		return size_lookup(lang, outlet, n);
	if (strcmp(kept.lang, lang)) {
		memset(&kept, 0, sizeof(kept));
		memcpy(kept.lang, lang, len + 1);
	}
	if (!kept.form[outlet][n])
		kept.form[outlet][n] = size_lookup(lang, outlet, n);
	return kept.form[outlet][n];
}

void digest_story_size(struct buf *b, const char *lang, int outlets,
		       int articles)
{
	buf_addf(b, size_form(lang, 1, outlets), outlets);
	buf_adds(b, ", ");
	buf_addf(b, size_form(lang, 0, articles), articles);
}

static int by_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

void digest_counts_line(struct buf *b, const struct digest *d)
{
	int stories = 0, n = 0;
	long long *ids = xmalloc((size_t)(d->n_mentions + 1) * sizeof(*ids));

	/* a material not yet clustered is a story of its own; the others
	 * count once a story (sorted: a day holds thousands) */
	for (int i = 0; i < d->n_mentions; i++) {
		if (d->mentions[i].story_id)
			ids[n++] = d->mentions[i].story_id;
		else
			stories++;
	}
	qsort(ids, (size_t)n, sizeof(*ids), by_id);
	for (int i = 0; i < n; i++)
		stories += !i || ids[i] != ids[i - 1];
	free(ids);
	buf_addf(b, trn(d->lang, "%d material on the office",
			"%d materials on the office",
			(unsigned long)d->n_mentions), d->n_mentions);
	buf_adds(b, ", ");
	buf_addf(b, trn(d->lang, "%d story", "%d stories",
			(unsigned long)stories), stories);
}

/*
 * warm.c - the digests leadership opens every morning, made again in the
 * background as soon as a change puts them out of date.  A digest of a
 * busy day takes a second to make; a crawl changes today's data every
 * half hour, and a correction yesterday's.  Rather than the first reader
 * after each change waiting that second, the server's main thread looks
 * every few seconds (one index lookup a digest) and makes today's and
 * yesterday's digest again, in each language a reader has asked for.
 */
#include "web_int.h"
#include "page_cache.h"
#include "common/day.h"
#include "common/i18n.h"
#include "common/log.h"

#include <string.h>

static unsigned asked;		/* bit i: i18n_langs[i] was asked for */

void warm_note_lang(const char *lang)
{
	for (unsigned i = 0; i < I18N_NLANGS; i++)
		if (!strcmp(lang, i18n_langs[i]))
			__atomic_or_fetch(&asked, 1u << i, __ATOMIC_RELAXED);
}

void warm_digests(const struct web_opts *o, struct db **db)
{
	unsigned want = __atomic_load_n(&asked, __ATOMIC_RELAXED);
	struct day today = day_today(o->cfg ? o->cfg->timezone : "UTC");
	struct err e = { "" };

	if (!want)
		return;
	if (*db && PQstatus((*db)->conn) != CONNECTION_OK) {
		db_close(*db);
		*db = NULL;
	}
	if (!*db && !(*db = db_open(o->db_conninfo, &e))) {
		log_msg(LOG_WARN, NULL, "serve: keeping digests made: %s",
			e.msg);
		return;
	}
	for (int back = 0; back < 2; back++) {
		struct day d = day_add(today, -back);
		char ds[11], key[64];

		day_format(&d, ds);
		for (unsigned i = 0; i < I18N_NLANGS; i++) {
			struct buf out = BUF_INIT;
			const char *lang = i18n_langs[i];

			if (!(want & (1u << i)))
				continue;
			digest_key(key, sizeof(key), ds, lang, 0);
			if (!page_cache_fresh(*db, key) &&
			    digest_make(*db, NULL, o->cfg, &d, lang, 0, &out,
					&e) < 0)
				log_msg(LOG_WARN, NULL, "serve: making the "
					"digest of %s: %s", ds, e.msg);
			buf_release(&out);
		}
	}
}

/*
 * i18n.h - the language of what people read (digest, alerts, case
 * notices, reports, web pages): gettext catalogs compiled from the po/ files,
 * one text domain per language ("mediamon-ru", "mediamon-ky",
 * "mediamon-en") so that a thread can speak any of them without touching
 * the process locale; plus numbers and dates as each language's readers
 * write them.  Log lines for administrators stay English and untranslated.
 */
#ifndef MM_I18N_H
#define MM_I18N_H

#include "buf.h"

/* Mark a string for xgettext without translating it here; NC_ with the
 * context trc() will look it up in. */
#define N_(s) (s)
#define NC_(context, s) (s)

/* Languages with a catalog; "ru" is the default. */
#define I18N_NLANGS 3
extern const char *const i18n_langs[I18N_NLANGS];
int i18n_lang_valid(const char *lang);

/* Bind the catalogs (once, before threads start).  Safe to call again. */
void i18n_init(void);

/* msgid in lang ("ru", "ky", "en"); msgid itself when untranslated. */
const char *tr(const char *lang, const char *msgid);
/* msgid in a context (pgettext), for words that differ by use: a month's
 * name in a date ("genitive", "November"). */
const char *trc(const char *lang, const char *context, const char *msgid);
/* The plural form for n (1 материал, 2 материала, 5 материалов). */
const char *trn(const char *lang, const char *singular, const char *plural,
		unsigned long n);

/* n with the thousands separator of lang: "1 234" (no-break space) in
 * Russian and Kyrgyz, "1,234" in English. */
void i18n_int(struct buf *out, const char *lang, long long n);
/* "18 ноября 2026 г.", "2026-жылдын 18-ноябры", "18 November 2026". */
void i18n_date(struct buf *out, const char *lang, int y, int m, int d);
/* "18 ноября" (no year), for chart labels and lists within one year. */
void i18n_day_month(struct buf *out, const char *lang, int m, int d);

#endif

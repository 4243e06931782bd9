/*
 * i18n.c - gettext catalogs per language and the number and date forms
 * of each language.  glibc's gettext needs a locale other than "C" for
 * LC_MESSAGES before it reads LANGUAGE; C.UTF-8 is built into glibc, so
 * no locale has to be generated on the server.
 */
#include "i18n.h"
#include "paths.h"

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const i18n_langs[I18N_NLANGS] = { "ru", "ky", "en" };
static int bound;

int i18n_lang_valid(const char *lang)
{
	for (size_t i = 0; i < I18N_NLANGS; i++)
		if (lang && !strcmp(lang, i18n_langs[i]))
			return 1;
	return 0;
}

/* The text domain of lang; the default language for anything else. */
static const char *domain(const char *lang)
{
	if (lang && !strcmp(lang, "ky"))
		return "mediamon-ky";
	if (lang && !strcmp(lang, "en"))
		return "mediamon-en";
	return "mediamon-ru";
}

void i18n_init(void)
{
	const char *dir = mm_localedir();

	if (bound)
		return;
	bound = 1;
	/* Each domain's catalog exists under its own language only, so
	 * with every language listed each domain finds exactly its own. */
	setenv("LANGUAGE", "ru:ky:en", 1);
	setlocale(LC_MESSAGES, "C.UTF-8");
	for (size_t i = 0; i < I18N_NLANGS; i++) {
		const char *d = domain(i18n_langs[i]);

		bindtextdomain(d, dir);
		bind_textdomain_codeset(d, "UTF-8");
	}
}

const char *tr(const char *lang, const char *msgid)
{
	i18n_init();
	return dgettext(domain(lang), msgid);
}

const char *trc(const char *lang, const char *context, const char *msgid)
{
	char key[256];
	const char *t;

	/* pgettext's encoding: context, EOT, msgid */
	if ((size_t)snprintf(key, sizeof(key), "%s\004%s", context, msgid) >=
	    sizeof(key))
		return msgid;
	i18n_init();
	t = dgettext(domain(lang), key);
	return t == key ? msgid : t;
}

const char *trn(const char *lang, const char *singular, const char *plural,
		unsigned long n)
{
	i18n_init();
	return dngettext(domain(lang), singular, plural, n);
}

void i18n_int(struct buf *out, const char *lang, long long n)
{
	char digits[32];
	const char *sep = lang && !strcmp(lang, "en") ? "," : "\xc2\xa0";
	int len, i;

	len = snprintf(digits, sizeof(digits), "%lld", n < 0 ? -n : n);
	if (n < 0)
		buf_addch(out, '-');
	/* Russian style leaves four-digit numbers whole (2026, 1234). */
	if (len <= 4 && strcmp(sep, ",")) {
		buf_adds(out, digits);
		return;
	}
	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf_adds(out, sep);
		buf_addch(out, digits[i]);
	}
}

/* Month names as a date uses them (Russian genitive: "ноября"). */
static const char *const months[] = {
	NC_("genitive", "January"), NC_("genitive", "February"),
	NC_("genitive", "March"), NC_("genitive", "April"),
	NC_("genitive", "May"), NC_("genitive", "June"),
	NC_("genitive", "July"), NC_("genitive", "August"),
	NC_("genitive", "September"), NC_("genitive", "October"),
	NC_("genitive", "November"), NC_("genitive", "December"),
};

void i18n_date(struct buf *out, const char *lang, int y, int m, int d)
{
	/* TRANSLATORS: day, month name (genitive), year: "18 ноября
	 * 2026 г."; reorder with %1$, %2$, %3$. */
	const char *fmt = tr(lang, "%1$d %2$s %3$d");

	if (m < 1 || m > 12)
		m = 1;
	buf_addf(out, fmt, d, trc(lang, "genitive", months[m - 1]), y);
}

void i18n_day_month(struct buf *out, const char *lang, int m, int d)
{
	/* TRANSLATORS: day and month name (genitive), no year. */
	const char *fmt = tr(lang, "%1$d %2$s");

	if (m < 1 || m > 12)
		m = 1;
	buf_addf(out, fmt, d, trc(lang, "genitive", months[m - 1]));
}

/*
 * page_words.c - the furniture vocabulary of news pages in Russian,
 * Kyrgyz and English: headings of "read also", "popular", "share" and
 * "comments" boxes, and paragraphs that are only such a word.  Matching
 * folds case for Latin and Cyrillic (including the Kyrgyz letters).
 */
#include "page_int.h"
#include "common/utf8.h"

#include <string.h>

/* Headings and first words of boxes that are not the article, and
 * paragraphs that are furniture wherever they stand. */
static const char *const furniture[] = {
	"читайте также", "читайте еще", "читайте ещё", "читать также",
	"смотрите также", "см. также", "по теме", "материалы по теме",
	"похожие новости", "похожие материалы", "популярное",
	"самое читаемое", "самое популярное", "самые популярные",
	"самые читаемые", "популярные", "последние новости",
	"другие новости", "новости партнеров", "новости партнёров",
	"лента новостей", "выбор редакции", "главное", "главные новости",
	"новости по теме", "ещё по теме", "еще по теме",
	"рекомендуем", "комментарии", "поделиться", "теги", "метки",
	"реклама", "подписывайтесь", "читайте нас в telegram",
	"дагы окуңуз", "окшош жаңылыктар", "акыркы жаңылыктар", "пикирлер",
	"бөлүшүү", "жарнама",
	"read also", "read more", "related", "more from", "more on this",
	"you may also like", "you might also like", "recommended",
	"most popular", "most read", "trending", "share", "share this",
	"share this article", "comments", "advertisement", "sponsored",
	"sign up", "subscribe", "tags", "don't miss", "see also", "advert",
	"skip to content", "filed under", "highlights",
	"story continues below advertisement", "continue reading", NULL,
};

static uint32_t fold(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0x410 && cp <= 0x42f)
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40f)
		return cp + 0x50;
	/* Ң Ө Ү and the other Cyrillic supplement pairs: even upper. */
	if (cp >= 0x460 && cp <= 0x4ff && !(cp & 1))
		return cp + 1;
	if (cp == 0x2019)	/* ’ -> ' */
		return '\'';
	return cp;
}

/* Fold s into out (len bytes) with white space collapsed and trailing
 * punctuation dropped; returns the length, or 0 when out is too small. */
static size_t fold_str(const char *s, size_t n, char *out, size_t len)
{
	size_t o = 0, i = 0;
	int space = 0;

	while (i < n) {
		uint32_t cp;
		int l = utf8_decode(s + i, n - i, &cp);

		if (l < 0)
			return 0;
		i += (size_t)l;
		if (cp == ' ' || cp == '\n' || cp == '\t' || cp == 0xa0) {
			space = o > 0;
			continue;
		}
		if (o + 5 >= len)
			return 0;
		if (space)
			out[o++] = ' ';
		space = 0;
		o += (size_t)utf8_encode(fold(cp), out + o);
	}
	for (;;) {
		if (o && strchr(":.!? ", out[o - 1]))
			o--;
		else if (o >= 3 && !memcmp(out + o - 3, "\xe2\x80\xa6", 3))
			o -= 3;		/* "…" */
		else
			break;
	}
	out[o] = '\0';
	return o;
}

int page_furniture_text(const char *s, size_t n, int prefix)
{
	char low[96];
	size_t l;

	if (prefix) {
		/* The first words are enough; cut at a character boundary. */
		if (n > 60)
			n = 60;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	} else if (n > 60) {
		return 0;
	}
	l = fold_str(s, n, low, sizeof(low));
	if (!l)
		return 0;
	for (const char *const *f = furniture; *f; f++) {
		size_t fl = strlen(*f);

		if (prefix ? !strncmp(low, *f, fl) &&
			     (low[fl] == '\0' || low[fl] == ' ' ||
			      low[fl] == ':') :
			     !strcmp(low, *f))
			return 1;
	}
	return 0;
}

int page_same_text(const char *a, const char *b)
{
	char fa[512], fb[512];
	size_t la = fold_str(a, strlen(a), fa, sizeof(fa));
	size_t lb = fold_str(b, strlen(b), fb, sizeof(fb));

	if (!la || !lb)
		return 0;
	if (la < lb)
		return 2 * la >= lb && strstr(fb, fa);
	return 2 * lb >= la && strstr(fa, fb);
}

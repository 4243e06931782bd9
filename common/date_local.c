/*
 * date_local.c - dates as Russian and Kyrgyz media print them ("18 ноября
 * 2026 г. в 10:15", "18.11.2026 10:15", "2026-жылдын 18-ноябрында",
 * "18-бештин айы"): the text is cut into tokens that must each find a
 * role, so ordinary text is never mistaken for a date.
 */
#include "date_int.h"
#include "utf8.h"

#include <ctype.h>
#include <string.h>

#define MAX_TOKENS 24

enum tok_kind { T_NUM, T_TIME, T_DMY, T_WORD, T_ZONE };

struct ltok {
	enum tok_kind kind;
	long v[3];		/* NUM: v[0]; TIME: h m s; DMY: d m y */
	int ndigits;		/* NUM: digit count; DMY: year digits */
	const char *p;		/* WORD: lower-case UTF-8 */
	size_t n;
};

/* Month by the stem of a Russian (or Russian-derived Kyrgyz) name in
 * any case form: "ноября", "ноябрь", "ноябрында", "нояб.", "ноя". */
static const struct {
	const char *stem;
	int month;
} ru_months[] = {
	{ "янв", 1 }, { "фев", 2 }, { "мар", 3 }, { "апр", 4 },
	{ "май", 5 }, { "мая", 5 }, { "мае", 5 }, { "июн", 6 },
	{ "июл", 7 }, { "авг", 8 }, { "сен", 9 }, { "окт", 10 },
	{ "ноя", 11 }, { "дек", 12 },
};

/* Traditional Kyrgyz month names of two words: the first word decides,
 * the second must start with the given stem. */
static const struct {
	const char *first, *second;
	int month;
} ky_pairs[] = {
	{ "үчтүн", "ай", 1 }, { "бирдин", "ай", 2 },
	{ "жалган", "куран", 3 }, { "чын", "куран", 4 },
	{ "баш", "оона", 8 }, { "аяк", "оона", 9 },
	{ "тогуздун", "ай", 10 }, { "жетинин", "ай", 11 },
	{ "бештин", "ай", 12 },
};

static const struct {
	const char *stem;
	int month;
} ky_single[] = {
	{ "бугу", 5 }, { "кулжа", 6 }, { "теке", 7 },
};

/* Words that carry no information: year and time markers, weekday
 * names (Russian and Kyrgyz, full and short). */
static const char *const fillers[] = {
	"г", "гг", "год", "года", "году", "в", "во", "около", "ж", "жыл",
	"жылы", "жылдын", "жылда", "жылдан", "саат", "сагат", "ч", "час",
	"понедельник", "вторник", "среда", "среду", "четверг", "пятница",
	"пятницу", "суббота", "субботу", "воскресенье", "пн", "вт", "ср",
	"чт", "пт", "сб", "вс", "дүйшөмбү", "шейшемби", "шаршемби",
	"бейшемби", "жума", "ишемби", "жекшемби",
};

static int starts(const char *p, size_t n, const char *stem)
{
	size_t l = strlen(stem);

	return n >= l && !memcmp(p, stem, l);
}

static int word_is(const struct ltok *t, const char *w)
{
	return t->n == strlen(w) && !memcmp(t->p, w, t->n);
}

static int ru_month(const struct ltok *t)
{
	for (size_t i = 0; i < sizeof(ru_months) / sizeof(*ru_months); i++)
		if (starts(t->p, t->n, ru_months[i].stem))
			return ru_months[i].month;
	for (size_t i = 0; i < sizeof(ky_single) / sizeof(*ky_single); i++)
		if (starts(t->p, t->n, ky_single[i].stem))
			return ky_single[i].month;
	return 0;
}

static int is_filler(const struct ltok *t)
{
	for (size_t i = 0; i < sizeof(fillers) / sizeof(*fillers); i++)
		if (word_is(t, fillers[i]))
			return 1;
	/* Kyrgyz case endings on "жыл" (year): "жылдын", "жылга"... */
	return starts(t->p, t->n, "жыл");
}

/* Lower-case Cyrillic (Russian and Kyrgyz letters) and ASCII into out;
 * returns the length, or -1 on invalid UTF-8 or overflow. */
static long lower_utf8(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < n;) {
		uint32_t c;
		int l = utf8_decode(s + i, n - i, &c);

		if (l < 0)
			return -1;
		i += (size_t)l;
		if (c < 0x80)
			c = (uint32_t)tolower((int)c);
		else if (c >= 0x410 && c <= 0x42f)
			c += 0x20;
		else if (c >= 0x400 && c <= 0x40f)
			c += 0x50;
		else if (c == 0x4a2 || c == 0x4ae || c == 0x4e8)
			c += 1;
		if (o + 4 >= cap)
			return -1;
		o += (size_t)utf8_encode(c, out + o);
	}
	out[o] = '\0';
	return (long)o;
}

static int is_sep(unsigned char c)
{
	return isspace(c) || c == ',' || c == ';' || c == '|' || c == '(' ||
	       c == ')' || c == '.' || c == '/' || c == '-' || c == ':';
}

/* Read digits at s[*i]; their value in *v, their count returned. */
static int read_num(const char *s, size_t n, size_t *i, long *v)
{
	int k = 0;

	*v = 0;
	while (*i < n && isdigit((unsigned char)s[*i]) && k < 9) {
		*v = *v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	if (*i < n && isdigit((unsigned char)s[*i]))
		return -1;
	return k;
}

/* Cut s into tokens; -1 when something cannot be part of a date. */
static int tokenize(const char *s, size_t n, struct ltok *t, int *nt)
{
	size_t i = 0;
	int k = 0, have_time = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		struct ltok *x = &t[k];

		if (k == MAX_TOKENS)
			return -1;
		if ((c == '+' || c == '-') && have_time && i + 1 < n &&
		    isdigit((unsigned char)s[i + 1]) &&
		    (i == 0 || isspace((unsigned char)s[i - 1]))) {
			/* "+06:00", "+0600", "+6" after a time. */
			long h, m = 0;
			int d;

			i++;
			d = read_num(s, n, &i, &h);
			if (d == 4) {
				m = h % 100;
				h /= 100;
			} else if (d > 2 || d < 1) {
				return -1;
			} else if (i + 1 < n && s[i] == ':') {
				i++;
				if (read_num(s, n, &i, &m) != 2)
					return -1;
			}
			if (h > 14 || m > 59)
				return -1;
			x->kind = T_ZONE;
			x->v[0] = (c == '-' ? -1 : 1) * (h * 3600 + m * 60);
			k++;
			continue;
		}
		if (is_sep(c) || c == 0xc2 || c == 0xe2) {
			/* Also no-break space, dashes and guillemets. */
			if (c == 0xc2 && i + 1 < n &&
			    ((unsigned char)s[i + 1] == 0xa0 ||
			     (unsigned char)s[i + 1] == 0xab ||
			     (unsigned char)s[i + 1] == 0xbb))
				i += 2;
			else if (c == 0xe2 && i + 2 < n &&
				 (unsigned char)s[i + 1] == 0x80 &&
				 (unsigned char)s[i + 2] >= 0x93 &&
				 (unsigned char)s[i + 2] <= 0x94)
				i += 3;
			else if (c >= 0x80)
				return -1;
			else
				i++;
			continue;
		}
		if (isdigit(c)) {
			long a, b, y;
			int da, db, dy;

			da = read_num(s, n, &i, &a);
			if (da < 0)
				return -1;
			if (i + 1 < n && s[i] == ':' &&
			    isdigit((unsigned char)s[i + 1])) {
				x->kind = T_TIME;
				x->v[0] = a;
				i++;
				if (da > 2 || read_num(s, n, &i, &x->v[1]) != 2)
					return -1;
				x->v[2] = 0;
				if (i + 1 < n && s[i] == ':' &&
				    isdigit((unsigned char)s[i + 1])) {
					i++;
					if (read_num(s, n, &i, &x->v[2]) != 2)
						return -1;
				}
				have_time = 1;
				k++;
				continue;
			}
			if (i + 1 < n && (s[i] == '.' || s[i] == '/') &&
			    isdigit((unsigned char)s[i + 1])) {
				char sep = s[i++];

				db = read_num(s, n, &i, &b);
				if (db < 1 || db > 2 || i + 1 >= n ||
				    s[i] != sep ||
				    !isdigit((unsigned char)s[i + 1]))
					return -1;
				i++;
				dy = read_num(s, n, &i, &y);
				x->kind = T_DMY;
				if (da == 4 && dy <= 2) {
					/* "2026.11.18" */
					x->v[0] = y;
					x->v[2] = a;
					x->ndigits = 4;
					dy = 2;
				} else if (da <= 2 && (dy == 4 || dy == 2)) {
					x->v[0] = a;
					x->v[2] = y;
					x->ndigits = dy;
				} else {
					return -1;
				}
				x->v[1] = b;
				k++;
				continue;
			}
			x->kind = T_NUM;
			x->v[0] = a;
			x->ndigits = da;
			k++;
			continue;
		}
		/* A word: ASCII letters or multi-byte (Cyrillic) letters. */
		x->kind = T_WORD;
		x->p = s + i;
		while (i < n && (isalpha((unsigned char)s[i]) ||
				 (unsigned char)s[i] >= 0x80)) {
			if ((unsigned char)s[i] == 0xc2 ||
			    (unsigned char)s[i] == 0xe2)
				break;
			i++;
		}
		if (s + i == x->p)
			return -1;
		x->n = (size_t)(s + i - x->p);
		k++;
	}
	*nt = k;
	return 0;
}

int date_parse_local(const char *s, size_t n, long defoff, time_t *out)
{
	char lc[512];
	struct ltok t[MAX_TOKENS];
	struct dt d = { 0 };
	long len = lower_utf8(s, n, lc, sizeof(lc));
	int nt, month = 0, day = 0, year = 0, tm = 0, zone = 0, seen_num = 0;

	if (len < 0 || tokenize(lc, (size_t)len, t, &nt) < 0)
		return -1;
	for (int i = 0; i < nt; i++) {
		struct ltok *x = &t[i];
		int m;

		switch (x->kind) {
		case T_ZONE:
			if (zone++)
				return -1;
			d.has_zone = 1;
			d.off = x->v[0];
			break;
		case T_TIME:
			if (tm++)
				return -1;
			d.h = (int)x->v[0];
			d.mi = (int)x->v[1];
			d.s = (int)x->v[2];
			seen_num = 1;
			break;
		case T_DMY:
			if (month || day || year)
				return -1;
			d.d = (int)x->v[0];
			d.mo = (int)x->v[1];
			d.y = x->v[2] + (x->ndigits == 2 ? 2000 : 0);
			month = day = year = 1;
			seen_num = 1;
			break;
		case T_NUM:
			seen_num = 1;
			if (x->ndigits == 4 && !year) {
				d.y = x->v[0];
				year = 1;
			} else if (x->ndigits <= 2 && !day) {
				d.d = (int)x->v[0];
				day = 1;
			} else {
				return -1;
			}
			break;
		case T_WORD:
			m = ru_month(x);
			for (size_t j = 0; !m && i + 1 < nt &&
			     j < sizeof(ky_pairs) / sizeof(*ky_pairs); j++) {
				if (word_is(x, ky_pairs[j].first) &&
				    t[i + 1].kind == T_WORD &&
				    starts(t[i + 1].p, t[i + 1].n,
					   ky_pairs[j].second)) {
					m = ky_pairs[j].month;
					i++;
				}
			}
			if (m) {
				if (month++)
					return -1;
				d.mo = m;
			} else if (dt_zone_name(x->p, x->n, &d.off) == 0 ||
				   word_is(x, "мск")) {
				if (zone++)
					return -1;
				if (word_is(x, "мск"))
					d.off = 3 * 3600;
				d.has_zone = 1;
			} else if (!is_filler(x) && seen_num) {
				/* Labels ("Опубликовано:") may precede the
				 * date; anything else after it is not ours. */
				return -1;
			}
			break;
		}
	}
	if (!month || !day || !year)
		return -1;
	return dt_finish(&d, defoff, out);
}

/*
 * visits.c - the office's own site visits, from the CSV exports of
 * Google Analytics (comment lines "# ...", dates as 20261117, pages as
 * paths, counts like "1,234") and Matomo ("label", "nb_visits"), or any
 * CSV with a date, a page and a count: read whole, refused at the first
 * row that cannot be read (FILE:LINE: cause), stored in one transaction.
 */
#include "report.h"
#include "common/csv.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum col_kind { COL_DATE, COL_PAGE, COL_VISITS };

/* Header spellings, compared without case; for the count, the first
 * kind found wins (visits over sessions over views). */
struct spelling {
	const char *name;
	enum col_kind kind;
	int rank;		/* lower wins among counts */
	const char *origin;	/* a spelling only one program writes */
};

static const struct spelling spellings[] = {
	{ "date", COL_DATE, 0, NULL },
	{ "day", COL_DATE, 0, NULL },
	{ "ga:date", COL_DATE, 0, "google_analytics" },
	{ "дата", COL_DATE, 0, NULL },
	{ "день", COL_DATE, 0, NULL },
	{ "page", COL_PAGE, 0, "google_analytics" },
	{ "page path", COL_PAGE, 0, "google_analytics" },
	{ "page path and screen class", COL_PAGE, 0, "google_analytics" },
	{ "page path + query string", COL_PAGE, 0, "google_analytics" },
	{ "pagepath", COL_PAGE, 0, "google_analytics" },
	{ "ga:pagepath", COL_PAGE, 0, "google_analytics" },
	{ "page location", COL_PAGE, 0, "google_analytics" },
	{ "label", COL_PAGE, 0, "matomo" },
	{ "page url", COL_PAGE, 0, NULL },
	{ "url", COL_PAGE, 0, NULL },
	{ "метка", COL_PAGE, 0, "matomo" },
	{ "страница", COL_PAGE, 0, NULL },
	{ "адрес страницы", COL_PAGE, 0, NULL },
	{ "visits", COL_VISITS, 0, NULL },
	{ "nb_visits", COL_VISITS, 0, "matomo" },
	{ "визиты", COL_VISITS, 0, NULL },
	{ "посещения", COL_VISITS, 0, NULL },
	{ "sessions", COL_VISITS, 1, "google_analytics" },
	{ "ga:sessions", COL_VISITS, 1, "google_analytics" },
	{ "сеансы", COL_VISITS, 1, NULL },
	{ "unique pageviews", COL_VISITS, 2, "google_analytics" },
	{ "nb_uniq_visitors", COL_VISITS, 2, "matomo" },
	{ "views", COL_VISITS, 3, "google_analytics" },
	{ "pageviews", COL_VISITS, 3, "google_analytics" },
	{ "ga:pageviews", COL_VISITS, 3, "google_analytics" },
	{ "screenpageviews", COL_VISITS, 3, "google_analytics" },
	{ "nb_hits", COL_VISITS, 3, "matomo" },
	{ "просмотры", COL_VISITS, 3, NULL },
	{ "просмотры страниц", COL_VISITS, 3, NULL },
};

#define N_SPELLINGS ((int)ARRAY_SIZE(spellings))

/* s, trimmed and in lower case (Latin and Cyrillic: "Дата", "Page
 * Path"), equals name, which is written in lower case. */
static int header_is(const char *s, const char *name)
{
	struct buf low = BUF_INIT;
	size_t n;
	int same;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n) {
		uint32_t cp;
		char enc[4];
		int len = utf8_decode(s, n, &cp);

		if (len < 0)
			break;
		if (cp >= 'A' && cp <= 'Z')
			cp += 32;
		else if (cp >= 0x410 && cp <= 0x42f)
			cp += 0x20;
		else if (cp == 0x401)
			cp = 0x451;
		buf_add(&low, enc, (size_t)utf8_encode(cp, enc));
		s += len;
		n -= (size_t)len;
	}
	same = !n && !strcmp(low.data, name);
	buf_release(&low);
	return same;
}

static const struct spelling *spelling_of(const char *s)
{
	for (int i = 0; i < N_SPELLINGS; i++)
		if (header_is(s, spellings[i].name))
			return &spellings[i];
	return NULL;
}

struct header {
	int date, page, visits;		/* column indexes, -1 when missing */
	int visits_rank;
	const char *origin;
};

/* Find the three columns in a header record; 0 when they are all there. */
static int read_header(char **f, int n, struct header *h)
{
	h->date = h->page = h->visits = -1;
	h->visits_rank = 99;
	h->origin = NULL;
	for (int i = 0; i < n; i++) {
		const struct spelling *sp = spelling_of(f[i]);

		if (!sp)
			continue;
		if (sp->kind == COL_DATE && h->date < 0)
			h->date = i;
		else if (sp->kind == COL_PAGE && h->page < 0)
			h->page = i;
		else if (sp->kind == COL_VISITS && sp->rank < h->visits_rank) {
			h->visits = i;
			h->visits_rank = sp->rank;
		} else {
			continue;
		}
		if (sp->origin && !h->origin)
			h->origin = sp->origin;
	}
	return h->date >= 0 && h->page >= 0 && h->visits >= 0 ? 0 : -1;
}

/* A date as the exports write it: 2026-11-17, 20261117 (Google
 * Analytics) or 17.11.2026, into YYYY-MM-DD.  -1 when it is none. */
static int parse_date(const char *s, char out[11])
{
	struct day d;
	char iso[11];

	while (*s == ' ')
		s++;
	if (strlen(s) == 8 && strspn(s, "0123456789") == 8) {
		snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2s", s, s + 4, s + 6);
		s = iso;
	}
	if (day_parse(s, &d) < 0)
		return -1;
	day_format(&d, out);
	return 0;
}

/* A count as the exports write it: 1234, "1,234", 1 234 (with a space
 * or a no-break space).  -1 when it is none (a decimal, a word). */
static int parse_count(const char *s, long *out)
{
	long v = 0;
	int digits = 0;

	while (*s == ' ')
		s++;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (v > 200000000L)
				return -1;
			v = v * 10 + (*s - '0');
			digits++;
		} else if (*s == ',' || *s == ' ' || *s == '\'') {
			continue;
		} else if ((unsigned char)*s == 0xc2 &&
			   (unsigned char)s[1] == 0xa0) {
			s++;
		} else {
			return -1;
		}
	}
	if (!digits)
		return -1;
	*out = v;
	return 0;
}

/* The page as the path and query on the office's site: the scheme and
 * host of a full URL and any fragment dropped, a leading slash added
 * ("news/1" as Matomo may write it); "(not set)" and the like kept. */
static const char *normalise_page(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	const char *p = s, *colon = strstr(s, "://");
	const char *ret;

	while (*p == ' ')
		p++;
	if (colon && strcspn(p, "/?#") > (size_t)(colon - p)) {
		p = colon + 3;
		p += strcspn(p, "/?#");
	}
	if (*p != '/' && *p != '(')
		buf_addch(&b, '/');
	buf_add(&b, p, strcspn(p, "#"));
	while (b.len > 0 && b.data[b.len - 1] == ' ')
		buf_truncate(&b, b.len - 1);
	ret = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return ret;
}

/* Does a cell say "total" ("Total", "Grand total", "Итого") or nothing? */
static int total_or_empty(const char *s)
{
	return !s[strspn(s, " ")] || strstr(s, "otal") || strstr(s, "того");
}

/* A totals row, as the exports end or begin their tables with: neither
 * its date nor its page names one. */
static int is_total(const char *date, const char *page)
{
	return total_or_empty(date) && total_or_empty(page);
}

static void add_row(struct visits *v, const char *day, const char *page,
		    long visits)
{
	struct visits_row *r;

	ALLOC_GROW(v->rows, (size_t)v->n + 1, v->alloc);
	r = &v->rows[v->n++];
	memcpy(r->day, day, sizeof(r->day));
	r->page = page;
	r->visits = visits;
}

/* Does this record hold nothing (a blank line)? */
static int blank(char **f, int n)
{
	for (int i = 0; i < n; i++)
		if (f[i][strspn(f[i], " \t")])
			return 0;
	return 1;
}

int visits_parse(const char *name, const char *data, size_t n,
		 struct visits *v, struct err *e)
{
	struct csv_reader r;
	struct header h = { -1, -1, -1, 99, NULL };
	struct arena tmp = ARENA_INIT;
	int have_header = 0, comments = 0, got, nf, ret = -1;
	char **f;
	long line;

	memset(v, 0, sizeof(*v));
	csv_reader_init(&r, data, n);
	for (;;) {
		/* the separator comes from the header line (';' in Russian
		 * spreadsheet locales) */
		if (!have_header) {
			const char *eol = memchr(r.p, '\n',
						 (size_t)(r.end - r.p));

			r.sep = csv_guess_sep(r.p, eol ? (size_t)(eol - r.p) :
					      (size_t)(r.end - r.p));
		}
		got = csv_read(&r, &tmp, &f, &nf, &line, e);
		if (got < 0) {
			err_prefix(e, "%s:%ld", name, line);
			goto out;
		}
		if (got == 0)
			break;
		if (blank(f, nf))
			continue;
		if (f[0][0] == '#') {
			/* Google Analytics: comments before the table; one
			 * after it starts another table, not ours */
			comments++;
			if (have_header && v->n)
				break;
			continue;
		}
		if (!have_header) {
			if (read_header(f, nf, &h) < 0) {
				err_set(e, "%s:%ld: no date, page and visits "
					"columns in the header (have '%s'%s)",
					name, line, f[0],
					nf > 1 ? ", ..." : "");
				goto out;
			}
			have_header = 1;
			continue;
		}
		{
			const char *d = h.date < nf ? f[h.date] : "";
			const char *pg = h.page < nf ? f[h.page] : "";
			const char *cnt = h.visits < nf ? f[h.visits] : "";
			char day[11];
			long count;

			if (is_total(d, pg))
				continue;
			if (nf <= h.date || nf <= h.page || nf <= h.visits) {
				err_set(e, "%s:%ld: %d fields, the header has "
					"more", name, line, nf);
				goto out;
			}
			if (parse_date(d, day) < 0) {
				err_set(e, "%s:%ld: '%s' is not a date (write "
					"YYYY-MM-DD, YYYYMMDD or DD.MM.YYYY)",
					name, line, d);
				goto out;
			}
			if (!*pg) {
				err_set(e, "%s:%ld: no page", name, line);
				goto out;
			}
			if (parse_count(cnt, &count) < 0) {
				err_set(e, "%s:%ld: '%s' is not a number of "
					"visits", name, line, cnt);
				goto out;
			}
			add_row(v, day, normalise_page(&v->arena, pg), count);
		}
		arena_reset(&tmp);
	}
	if (!have_header) {
		err_set(e, "%s: no header line with date, page and visits "
			"columns", name);
		goto out;
	}
	v->origin = h.origin ? h.origin : comments ? "google_analytics" :
		    "csv";
	ret = 0;
out:
	arena_release(&tmp);
	return ret;
}

void visits_release(struct visits *v)
{
	free(v->rows);
	arena_release(&v->arena);
	memset(v, 0, sizeof(*v));
}

/* Append s as one element of a PostgreSQL array literal that b opens
 * with '{'. */
static void array_item(struct buf *b, const char *s)
{
	if (b->len > 1)
		buf_addch(b, ',');
	buf_addch(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addch(b, '\\');
		buf_addch(b, *s);
	}
	buf_addch(b, '"');
}

/* Rows go in as three arrays per batch (a year of pages is a few
 * hundred thousand rows), into a temporary table; the upsert adds up a
 * file's repeated day and page, and replaces what an earlier import
 * stored. */
#define BATCH 5000

static int store_batch(struct db *db, const struct visits *v, long from,
		       long to, struct err *e)
{
	struct buf days = BUF_INIT, pages = BUF_INIT, counts = BUF_INIT;
	const char *p[3];
	char num[24];
	int ret;

	buf_addch(&days, '{');
	buf_addch(&pages, '{');
	buf_addch(&counts, '{');
	for (long i = from; i < to; i++) {
		array_item(&days, v->rows[i].day);
		array_item(&pages, v->rows[i].page);
		snprintf(num, sizeof(num), "%ld", v->rows[i].visits);
		array_item(&counts, num);
	}
	buf_addch(&days, '}');
	buf_addch(&pages, '}');
	buf_addch(&counts, '}');
	p[0] = days.data;
	p[1] = pages.data;
	p[2] = counts.data;
	ret = db_exec(db, "INSERT INTO visits_in (day, page, visits)"
		      " SELECT * FROM unnest($1::date[], $2::text[],"
		      " $3::bigint[])", 3, p, e);
	buf_release(&days);
	buf_release(&pages);
	buf_release(&counts);
	return ret;
}

int visits_store(struct db *db, const struct visits *v, const char *file,
		 long *days, long *pages, struct err *e)
{
	const char *p[2] = { v->origin, file };
	PGresult *r;

	if (db_begin(db, e) < 0)
		return -1;
	if (db_exec(db, "CREATE TEMP TABLE visits_in (day date, page text,"
		    " visits bigint) ON COMMIT DROP", 0, NULL, e) < 0)
		goto fail;
	for (long i = 0; i < v->n; i += BATCH)
		if (store_batch(db, v, i, i + BATCH < v->n ? i + BATCH : v->n,
				e) < 0)
			goto fail;
	if (db_exec(db, "INSERT INTO site_visits (day, page, visits, origin,"
		    " file)"
		    " SELECT day, page, least(sum(visits), 2147483647), $1, $2"
		    "   FROM visits_in GROUP BY day, page"
		    " ON CONFLICT (day, page) DO UPDATE"
		    "   SET visits = EXCLUDED.visits, origin = EXCLUDED.origin,"
		    "       file = EXCLUDED.file, imported_at = now()",
		    2, p, e) < 0)
		goto fail;
	r = db_query(db, "SELECT count(DISTINCT day), count(DISTINCT page)"
		     "  FROM visits_in", 0, NULL, e);
	if (!r)
		goto fail;
	*days = atol(PQgetvalue(r, 0, 0));
	*pages = atol(PQgetvalue(r, 0, 1));
	PQclear(r);
	return db_commit(db, e);
fail:
	db_rollback(db);
	return -1;
}

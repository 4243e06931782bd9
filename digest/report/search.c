/*
 * search.c - ranked full-text search over the stored articles: the
 * articles' stored search vector (sql/005_analysts.sql) matched through
 * its GIN index, ranked by cover density with the title weighing most,
 * and a highlighted snippet made for the few rows shown only.
 */
#include "report.h"
#include "report_int.h"
#include "common/json.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The matches are ranked in the inner query, which reads only the
 * search vectors; the texts are parsed again for snippets (ts_headline)
 * for the LIMIT rows that are shown, never for every match.  The rank
 * is normalised by the length of the article (1: divided by 1 + its log)
 * so that a long article does not win by its length alone. */
static const char search_sql[] =
	"WITH q AS (SELECT websearch_to_tsquery('russian', $1) AS q)"
	"SELECT a.canonical_url, s.name, coalesce(a.title, ''),"
	"       to_char(a.published AT TIME ZONE 'UTC',"
	"               'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	"       coalesce(o.tonality, aa.tonality),"
	"       ts_headline('russian', coalesce(a.text, a.summary, ''), q.q,"
	"                   'StartSel=\"**\", StopSel=\"**\", MinWords=12,"
	"                    MaxWords=30, MaxFragments=2,"
	"                    FragmentDelimiter=\" ... \"'),"
	"       to_char(a.published AT TIME ZONE mediamon_timezone(),"
	"               'YYYY-MM-DD HH24:MI'),"
	"       top.rank"
	"  FROM (SELECT a.id, ts_rank_cd(a.search_tsv, q.q, 1) AS rank"
	"          FROM q, articles a"
	"          JOIN sources s ON s.id = a.source_id"
	"          LEFT JOIN article_analysis aa ON aa.article_id = a.id"
	"          LEFT JOIN tonality_overrides o ON o.article_id = a.id"
	"         WHERE a.search_tsv @@ q.q"
	"           AND ($2::date IS NULL OR a.published >= $2::date::timestamp"
	"                AT TIME ZONE mediamon_timezone())"
	"           AND ($3::date IS NULL OR a.published < ($3::date + 1)"
	"                ::timestamp AT TIME ZONE mediamon_timezone())"
	"           AND ($4::text IS NULL OR s.name = $4)"
	"           AND ($5::text IS NULL OR"
	"                coalesce(o.tonality, aa.tonality) = $5)"
	"         ORDER BY rank DESC, a.published DESC NULLS LAST, a.id DESC"
	"         LIMIT $6) top"
	"  JOIN articles a ON a.id = top.id"
	"  JOIN sources s ON s.id = a.source_id"
	"  LEFT JOIN article_analysis aa ON aa.article_id = a.id"
	"  LEFT JOIN tonality_overrides o ON o.article_id = a.id, q"
	" ORDER BY top.rank DESC, a.published DESC NULLS LAST, a.id DESC";

/* The snippet on one line: ts_headline keeps the text's line breaks. */
static void one_line(struct buf *out, const char *s)
{
	int space = 0;

	for (; *s; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t' || *s == ' ') {
			space = 1;
			continue;
		}
		if (space && out->len && out->data[out->len - 1] != ' ')
			buf_addch(out, ' ');
		space = 0;
		buf_addch(out, *s);
	}
}

static const char *value(struct arena *a, PGresult *r, int i, int c)
{
	return PQgetisnull(r, i, c) ? NULL :
		arena_strdup(a, PQgetvalue(r, i, c));
}

int search_load(struct db *db, const struct search_query *q,
		struct search_hits *hits, struct err *e)
{
	char limit[16], tz[64];
	const char *p[6] = { q->text, q->from, q->to, q->source, q->tonality,
			     limit };
	struct buf line = BUF_INIT;
	PGresult *r;
	int n;

	if (report_session(db, tz, sizeof(tz), e) < 0)
		return -1;
	snprintf(limit, sizeof(limit), "%d", q->limit > 0 ? q->limit : 20);
	r = db_query(db, search_sql, 6, p, e);
	if (!r)
		return err_prefix(e, "cannot search");
	n = PQntuples(r);
	ALLOC_GROW(hits->v, hits->n + n, hits->alloc);
	for (int i = 0; i < n; i++) {
		struct search_hit *h = &hits->v[hits->n++];

		h->url = value(&hits->a, r, i, 0);
		h->source = value(&hits->a, r, i, 1);
		h->title = value(&hits->a, r, i, 2);
		h->published = value(&hits->a, r, i, 3);
		h->tonality = value(&hits->a, r, i, 4);
		buf_reset(&line);
		one_line(&line, PQgetvalue(r, i, 5));
		h->snippet = arena_strdup(&hits->a, line.len ? line.data : "");
		h->local = arena_strdup(&hits->a, PQgetvalue(r, i, 6));
	}
	buf_release(&line);
	PQclear(r);
	return 0;
}

void search_hits_release(struct search_hits *hits)
{
	free(hits->v);
	arena_release(&hits->a);
	*hits = (struct search_hits)SEARCH_HITS_INIT;
}

static void write_json(const struct search_hits *hits, struct buf *out)
{
	struct jw w;

	jw_init(&w, out);
	jw_arr_begin(&w);
	for (size_t i = 0; i < hits->n; i++) {
		const struct search_hit *h = &hits->v[i];

		jw_obj_begin(&w);
		jw_key(&w, "url");
		jw_str(&w, h->url);
		jw_key(&w, "source");
		jw_str(&w, h->source);
		jw_key(&w, "title");
		jw_str(&w, h->title);
		jw_key(&w, "published");
		jw_str(&w, h->published);
		jw_key(&w, "tonality");
		jw_str(&w, h->tonality);
		jw_key(&w, "snippet");
		jw_str(&w, h->snippet);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	buf_addch(out, '\n');
}

static void write_table(const struct search_hits *hits, struct buf *out)
{
	size_t n = hits->n;

	for (size_t i = 0; i < n; i++) {
		const struct search_hit *h = &hits->v[i];

		buf_addf(out, "%2zu. %s  ", i + 1, h->local);
		report_pad(out, h->source, 12);
		buf_addf(out, " %-8s ", h->tonality ? h->tonality : "-");
		report_pad(out, *h->title ? h->title : h->url, 60);
		buf_adds(out, "\n    ");
		buf_adds(out, h->url);
		buf_adds(out, "\n    ");
		buf_adds(out, h->snippet);
		buf_adds(out, "\n");
	}
	buf_addf(out, "%zu %s\n", n, n == 1 ? "article" : "articles");
}

int search_write(struct db *db, const struct search_query *q,
		 enum report_format f, struct buf *out, struct err *e)
{
	struct search_hits hits = SEARCH_HITS_INIT;
	int rc = search_load(db, q, &hits, e);

	if (rc == 0) {
		if (f == RF_JSON)
			write_json(&hits, out);
		else
			write_table(&hits, out);
	}
	search_hits_release(&hits);
	return rc;
}

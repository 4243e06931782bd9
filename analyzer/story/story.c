/*
 * story.c - story clusters in the database, one batch of articles per
 * transaction under an advisory lock (two analyzers cluster in turn, so
 * an article cannot start two stories).  For each article: its MinHash
 * signature, the earlier articles sharing an LSH band within the time
 * window, the best overlap among them; then the story's counts, the press
 * release and its pickups.
 */
#include "story.h"
#include "common/buf.h"
#include "common/log.h"
#include "common/url.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct story_opts story_opts_default = {
	0.30, 3, 200, { 2, 3, 400 },
};

/* Below this many distinct shingles and names a text (a bare headline)
 * says too little to be compared: it starts its own story unless it
 * links. */
#define MIN_SHINGLES 6
#define MIN_NAMES 3

/* An article's two signatures. */
struct sig {
	struct minhash words, names;
};

static const char next_sql[] =
	"SELECT a.id, coalesce(a.title, ''),"
	"       coalesce(a.text, a.summary, ''),"
	"       coalesce(a.published, a.fetched_at), s.own, a.links,"
	"       a.source_id"
	"  FROM articles a"
	"  JOIN sources s ON s.id = a.source_id"
	"  LEFT JOIN article_stories x ON x.article_id = a.id"
	" WHERE x.article_id IS NULL AND a.page_status <> 'pending'"
	" ORDER BY coalesce(a.published, a.fetched_at), a.id"
	" LIMIT $1";

static const char candidates_sql[] =
	"SELECT x.article_id, x.story_id, x.signature, x.shingles, x.names"
	"  FROM article_stories x"
	" WHERE x.bands && $1::bigint[]"
	"   AND x.published BETWEEN $2::timestamptz - $3 * interval '1 day'"
	"                       AND $2::timestamptz + $3 * interval '1 day'";

static const char link_sql[] =
	"SELECT x.story_id FROM articles a"
	"  JOIN article_stories x ON x.article_id = a.id"
	" WHERE a.canonical_url = ANY ($1::text[])"
	" ORDER BY x.published LIMIT 1";

static const char new_story_sql[] =
	"INSERT INTO stories (original_id, title, first_published,"
	"                     last_published)"
	" VALUES ($1, nullif($2, ''), $3, $3) RETURNING id";

static const char join_sql[] =
	"INSERT INTO article_stories (article_id, story_id, via, similarity,"
	"                             shingles, names, signature, bands,"
	"                             published)"
	" VALUES ($1, $2, $3, $4, $5, $6, decode($7, 'hex'), $8::bigint[],"
	"         $9)";

/* The story's counts; its original is its press release when it has
 * one, else its first article. */
static const char recount_sql[] =
	"UPDATE stories st SET articles = c.n, outlets = c.o,"
	"       first_published = c.f, last_published = c.l,"
	"       updated_at = now(),"
	"       original_id = coalesce(c.release, st.original_id)"
	"  FROM (SELECT count(*) AS n,"
	"               count(DISTINCT a.source_id) FILTER (WHERE NOT s.own)"
	"                 AS o,"
	"               min(x.published) AS f, max(x.published) AS l,"
	"               (array_agg(a.id ORDER BY x.published, a.id)"
	"                  FILTER (WHERE s.own))[1] AS release"
	"          FROM article_stories x"
	"          JOIN articles a ON a.id = x.article_id"
	"          JOIN sources s ON s.id = a.source_id"
	"         WHERE x.story_id = $1) c"
	" WHERE st.id = $1";

static const char release_sql[] =
	"INSERT INTO press_releases (article_id, title, url, published)"
	" SELECT a.id, coalesce(nullif(a.title, ''), a.canonical_url),"
	"        a.canonical_url, coalesce(a.published, a.fetched_at)"
	"   FROM articles a WHERE a.id = $1"
	" ON CONFLICT (article_id) DO NOTHING";

/* Media articles of a release's story, published after it (an hour of
 * slack for clocks), are its pickups. */
static const char pickups_sql[] =
	"INSERT INTO pickups (press_release_id, article_id, similarity, via)"
	" SELECT pr.id, x.article_id, x.similarity,"
	"        CASE x.via WHEN 'link' THEN 'link' ELSE 'text' END"
	"   FROM press_releases pr"
	"   JOIN article_stories px ON px.article_id = pr.article_id"
	"   JOIN article_stories x ON x.story_id = px.story_id"
	"   JOIN articles a ON a.id = x.article_id"
	"   JOIN sources s ON s.id = a.source_id"
	"  WHERE px.story_id = $1 AND NOT s.own"
	"    AND x.published >= coalesce(pr.published, px.published)"
	"                       - interval '1 hour'"
	" ON CONFLICT DO NOTHING";

/* Resonance changed for these stories; new mentions have no index yet. */
static const char media_index_sql[] =
	"UPDATE mentions m"
	"   SET media_index = mediamon_media_index(s.weight, m.prominence,"
	"                                          m.tonality, st.outlets)"
	"  FROM articles a"
	"  JOIN sources s ON s.id = a.source_id"
	"  LEFT JOIN article_stories x ON x.article_id = a.id"
	"  LEFT JOIN stories st ON st.id = x.story_id"
	" WHERE a.id = m.article_id"
	"   AND (m.media_index IS NULL OR x.story_id = ANY ($1::bigint[]))"
	"   AND m.media_index IS DISTINCT FROM"
	"       mediamon_media_index(s.weight, m.prominence, m.tonality,"
	"                            st.outlets)";

struct clusterer {
	struct db *db;
	const struct story_opts *o;
	struct story_stats *st;
	struct stem stem;
	struct doc doc;
	struct arena a;
	struct buf touched;	/* story ids, "{1,2,3}" without the braces */
};

static void hex(struct buf *b, const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		buf_addch(b, digits[p[i] >> 4]);
		buf_addch(b, digits[p[i] & 15]);
	}
}

/* The signatures of title + text. */
static void signature(struct doc *d, struct stem *stem, struct arena *a,
		      const struct minhash_params *p, const char *title,
		      const char *text, size_t n, struct sig *out)
{
	struct buf all = BUF_INIT;

	buf_adds(&all, title);
	buf_adds(&all, "\n");
	buf_add(&all, text, n);
	doc_build(d, all.data, all.len, stem, a);
	minhash_doc(d, p, a, &out->words);
	minhash_names(d, p, a, &out->names);
	buf_release(&all);
}

static int comparable(const struct sig *s)
{
	return s->words.n >= MIN_SHINGLES || s->names.n >= MIN_NAMES;
}

/* How alike two articles are, 0..1: half how much of the shorter one's
 * word shingles the other holds (a reprint, a retelling that keeps
 * sentences), half how many names and numbers they share (a retelling
 * in other words, or in the other language). */
static double similarity(const struct sig *a, const struct sig *b)
{
	double names = 0;

	if (!comparable(a) || !comparable(b))
		return 0;
	/* one or two shared names ("Оше") say nothing about the event */
	if (a->names.n >= MIN_NAMES && b->names.n >= MIN_NAMES)
		names = minhash_jaccard(&a->names, &b->names);
	return 0.5 * minhash_overlap(&a->words, &b->words) + 0.5 * names;
}

/* The story of a stored article this one links to, or 0. */
static long long linked_story(struct clusterer *c, const char *links,
			      struct err *e)
{
	struct buf arr = BUF_INIT;
	const char *p[1];
	PGresult *r;
	long long story = 0;
	int n = 0;

	/* links is a text[] literal; canonicalise each element so it
	 * compares with articles.canonical_url */
	r = db_query(c->db, "SELECT unnest($1::text[])", 1, &links, e);
	if (!r)
		return -1;
	buf_addch(&arr, '{');
	for (int i = 0; i < PQntuples(r); i++) {
		char *canon = url_canonical(PQgetvalue(r, i, 0), NULL);

		if (!canon)
			continue;
		buf_addf(&arr, "%s\"", n++ ? "," : "");
		for (const char *s = canon; *s; s++) {
			if (*s == '"' || *s == '\\')
				buf_addch(&arr, '\\');
			buf_addch(&arr, *s);
		}
		buf_addch(&arr, '"');
		free(canon);
	}
	buf_addch(&arr, '}');
	PQclear(r);
	if (n) {
		p[0] = arr.data;
		r = db_query(c->db, link_sql, 1, p, e);
		if (!r) {
			buf_release(&arr);
			return -1;
		}
		if (PQntuples(r))
			story = atoll(PQgetvalue(r, 0, 0));
		PQclear(r);
	}
	buf_release(&arr);
	return story;
}

/* The best earlier near-duplicate: its story and the similarity. */
static int best_match(struct clusterer *c, const struct sig *m,
		      const char *bands, const char *when, long long *story,
		      double *sim, struct err *e)
{
	char days[16];
	const char *p[3] = { bands, when, days };
	PGresult *r;

	*story = 0;
	*sim = 0;
	if (!comparable(m))
		return 0;
	snprintf(days, sizeof(days), "%d", c->o->window_days);
	r = db_query(c->db, candidates_sql, 3, p, e);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		struct sig other;
		size_t n;
		unsigned char *raw = PQunescapeBytea(
			(const unsigned char *)PQgetvalue(r, i, 2), &n);
		double s;

		if (!raw)
			continue;
		if (n == 2 * MH_K * 4 &&
		    minhash_unpack(raw, MH_K * 4,
				   (uint32_t)atol(PQgetvalue(r, i, 3)),
				   &other.words) == 0 &&
		    minhash_unpack(raw + MH_K * 4, MH_K * 4,
				   (uint32_t)atol(PQgetvalue(r, i, 4)),
				   &other.names) == 0) {
			s = similarity(m, &other);
			if (s > *sim) {
				*sim = s;
				*story = atoll(PQgetvalue(r, i, 1));
			}
		}
		PQfreemem(raw);
	}
	PQclear(r);
	if (*sim < c->o->min_overlap)
		*story = 0;
	return 0;
}

static void touch(struct clusterer *c, long long story)
{
	buf_addf(&c->touched, "%s%lld", c->touched.len ? "," : "", story);
}

/* Cluster the article in row i of r. */
static int cluster_one(struct clusterer *c, PGresult *r, int i,
		       struct err *e)
{
	const char *id = PQgetvalue(r, i, 0), *when = PQgetvalue(r, i, 3);
	int own = PQgetvalue(r, i, 4)[0] == 't';
	struct sig m;
	int64_t keys[2 * MH_BANDS];
	int nk;
	struct buf bands = BUF_INIT, sig = BUF_INIT;
	unsigned char packed[2 * MH_K * 4];
	char simbuf[32], shbuf[16], nmbuf[16], storybuf[32];
	const char *via = "first";
	long long story = 0;
	double sim = 1;
	int ret = -1;

	signature(&c->doc, &c->stem, &c->a, &c->o->shingles,
		  PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
		  (size_t)PQgetlength(r, i, 2), &m);
	nk = minhash_bands(&m.words, 0, keys);
	nk += minhash_bands(&m.names, 1, keys + nk);
	buf_addch(&bands, '{');
	for (int k = 0; k < nk; k++)
		buf_addf(&bands, "%s%lld", k ? "," : "", (long long)keys[k]);
	buf_addch(&bands, '}');
	if (best_match(c, &m, bands.data, when, &story, &sim, e) < 0)
		goto out;
	if (story) {
		via = "text";
	} else {
		story = linked_story(c, PQgetvalue(r, i, 5), e);
		if (story < 0)
			goto out;
		via = story ? "link" : "first";
		sim = 1;
	}
	if (!story) {
		const char *p[3] = { id, PQgetvalue(r, i, 1), when };
		PGresult *s = db_query(c->db, new_story_sql, 3, p, e);

		if (!s)
			goto out;
		story = atoll(PQgetvalue(s, 0, 0));
		PQclear(s);
		c->st->started++;
	} else if (via[0] == 't') {
		c->st->joined_text++;
	} else {
		c->st->joined_link++;
	}
	minhash_pack(&m.words, packed);
	minhash_pack(&m.names, packed + MH_K * 4);
	hex(&sig, packed, sizeof(packed));
	snprintf(simbuf, sizeof(simbuf), "%.3f", sim);
	snprintf(shbuf, sizeof(shbuf), "%u", m.words.n);
	snprintf(nmbuf, sizeof(nmbuf), "%u", m.names.n);
	snprintf(storybuf, sizeof(storybuf), "%lld", story);
	{
		const char *p[9] = { id, storybuf, via, simbuf, shbuf, nmbuf,
				     sig.data, bands.data, when };
		const char *one[1] = { storybuf };

		if (db_exec(c->db, join_sql, 9, p, e) < 0 ||
		    (own && db_exec(c->db, release_sql, 1, &id, e) < 0) ||
		    db_exec(c->db, recount_sql, 1, one, e) < 0)
			goto out;
		PGresult *pk = db_query(c->db, pickups_sql, 1, one, e);

		if (!pk)
			goto out;
		c->st->pickups += atol(PQcmdTuples(pk));
		PQclear(pk);
	}
	c->st->releases += own;
	c->st->clustered++;
	touch(c, story);
	ret = 0;
out:
	buf_release(&bands);
	buf_release(&sig);
	arena_reset(&c->a);
	return ret;
}

/* One batch in one transaction: the number clustered, or -1. */
static int one_batch(struct clusterer *c, struct err *e)
{
	char lim[16];
	const char *p[1] = { lim };
	PGresult *r;
	int n = -1;

	snprintf(lim, sizeof(lim), "%d", c->o->batch);
	buf_reset(&c->touched);
	if (db_begin(c->db, e) < 0)
		return -1;
	if (db_exec(c->db, "SELECT pg_advisory_xact_lock(" STORY_LOCK ")", 0,
		    NULL, e) < 0)
		goto fail;
	r = db_query(c->db, next_sql, 1, p, e);
	if (!r)
		goto fail;
	for (int i = 0; i < PQntuples(r); i++)
		if (cluster_one(c, r, i, e) < 0) {
			err_prefix(e, "article %s", PQgetvalue(r, i, 0));
			PQclear(r);
			goto fail;
		}
	n = PQntuples(r);
	PQclear(r);
	{
		struct buf arr = BUF_INIT;
		const char *q[1];

		buf_addf(&arr, "{%s}", c->touched.data);
		q[0] = arr.data;
		if (db_exec(c->db, media_index_sql, 1, q, e) < 0) {
			buf_release(&arr);
			goto fail;
		}
		buf_release(&arr);
	}
	if (db_commit(c->db, e) < 0)
		return -1;
	return n;
fail:
	db_rollback(c->db);
	return -1;
}

int story_cluster(struct db *db, const struct story_opts *o,
		  struct story_stats *st, struct err *e)
{
	struct clusterer c;
	int n;

	memset(&c, 0, sizeof(c));
	memset(st, 0, sizeof(*st));
	c.db = db;
	c.o = o;
	c.st = st;
	buf_init(&c.touched, 0);
	stem_init(&c.stem);
	while ((n = one_batch(&c, e)) > 0)
		;
	stem_release(&c.stem);
	doc_release(&c.doc);
	arena_release(&c.a);
	buf_release(&c.touched);
	return n < 0 ? -1 : 0;
}

double story_similarity(const char *a, size_t na, const char *b, size_t nb,
			const struct minhash_params *p)
{
	struct stem stem;
	struct doc doc = DOC_INIT;
	struct arena ar = ARENA_INIT;
	struct sig sa, sb;
	double s;

	stem_init(&stem);
	signature(&doc, &stem, &ar, p, "", a, na, &sa);
	signature(&doc, &stem, &ar, p, "", b, nb, &sb);
	s = similarity(&sa, &sb);
	stem_release(&stem);
	doc_release(&doc);
	arena_release(&ar);
	return s;
}

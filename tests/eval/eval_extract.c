/*
 * eval_extract.c - scores page_extract() on the shared main-text sets
 * with the scrapinghub benchmark's measure: Unicode \w+ tokens, 4-token
 * shingles, per-page precision and recall over shingle multisets, F1 of
 * the mean precision and mean recall.
 *   eval_extract [-v] [-o DIR] SETDIR...
 * A SETDIR with ground-truth.jsonl is article-extraction-scrapinghub; one
 * with index.jsonl is readability-testpages (also scored on the pages
 * with >= 1000 characters of expected text, and on title, byline,
 * language and publication time).  -v prints each page's
 * figures; -o DIR keeps each extracted text as DIR/ID.txt.
 */
#include "common/arena.h"
#include "common/buf.h"
#include "common/charset.h"
#include "common/date.h"
#include "common/json.h"
#include "crawler/page/page.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#define SHINGLE 4

static int verbose;
static const char *dump_dir;
static pcre2_code *word_re;
static pcre2_match_data *word_md;

struct tally {
	double p_sum, r_sum;
	size_t p_n, r_n, pages, exact;
};

/* Metadata against Readability's expected-metadata (exact match after
 * trimming; language by primary subtag; time as an instant). */
struct meta_tally {
	size_t title, author, lang, published, n;
	size_t has_author, has_lang, has_published;
};

static struct meta_tally meta;

/* Whole file, gunzipped when compressed (gzread passes plain files). */
static int read_gz(const char *path, struct buf *out)
{
	gzFile f = gzopen(path, "rb");
	char chunk[65536];
	int n;

	if (!f)
		return -1;
	while ((n = gzread(f, chunk, sizeof(chunk))) > 0)
		buf_add(out, chunk, (size_t)n);
	gzclose(f);
	return n < 0 ? -1 : 0;
}

struct strs {
	char **v;
	size_t n, alloc;
};

static void strs_push(struct strs *s, char *x)
{
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 256;
		s->v = realloc(s->v, s->alloc * sizeof(*s->v));
		if (!s->v)
			abort();
	}
	s->v[s->n++] = x;
}

static void strs_free(struct strs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void tokenize(const char *t, struct strs *out)
{
	size_t off = 0, len = strlen(t);

	while (off < len) {
		int rc = pcre2_match(word_re, (PCRE2_SPTR)t, len, off, 0,
				     word_md, NULL);
		PCRE2_SIZE *ov;

		if (rc < 0)
			break;
		ov = pcre2_get_ovector_pointer(word_md);
		strs_push(out, strndup(t + ov[0], ov[1] - ov[0]));
		off = ov[1] > off ? ov[1] : off + 1;
	}
}

static void shingles(const struct strs *tok, struct strs *out)
{
	size_t n = tok->n < SHINGLE ? 1 : tok->n - SHINGLE + 1;

	if (tok->n == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		struct buf b = BUF_INIT;

		for (size_t j = i; j < i + SHINGLE && j < tok->n; j++) {
			if (j > i)
				buf_addch(&b, ' ');
			buf_adds(&b, tok->v[j]);
		}
		strs_push(out, buf_detach(&b, NULL));
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Score one page into t (and tl when the page is a long one). */
static void score(const char *name, const char *truth, const char *pred,
		  struct tally *t, struct tally *tl)
{
	struct strs tt = { 0 }, tp = { 0 }, st = { 0 }, sp = { 0 };
	double TP = 0, FP = 0, FN = 0, P = 0, R = 0;
	size_t i = 0, j = 0;
	int exact;

	tokenize(truth, &tt);
	tokenize(pred, &tp);
	exact = tt.n == tp.n;
	for (size_t k = 0; exact && k < tt.n; k++)
		exact = !strcmp(tt.v[k], tp.v[k]);
	shingles(&tt, &st);
	shingles(&tp, &sp);
	qsort(st.v, st.n, sizeof(*st.v), cmp_str);
	qsort(sp.v, sp.n, sizeof(*sp.v), cmp_str);
	while (i < st.n || j < sp.n) {
		int c = i >= st.n ? 1 :
			j >= sp.n ? -1 : strcmp(st.v[i], sp.v[j]);

		if (c == 0) {
			TP++;
			i++;
			j++;
		} else if (c < 0) {
			FN++;
			i++;
		} else {
			FP++;
			j++;
		}
	}
	if (FP == 0 && FN == 0) {
		P = R = 1;
	} else if (TP > 0) {
		P = TP / (TP + FP);
		R = TP / (TP + FN);
	}
	for (struct tally *x = t; x; x = x == t ? tl : NULL) {
		x->pages++;
		x->exact += exact;
		if (TP + FP > 0) {
			x->p_sum += P;
			x->p_n++;
		}
		if (TP + FN > 0) {
			x->r_sum += R;
			x->r_n++;
		}
	}
	if (verbose)
		fprintf(stderr, "%-40.40s P %.3f R %.3f  pred %zu true %zu\n",
			name, P, R, tp.n, tt.n);
	strs_free(&tt);
	strs_free(&tp);
	strs_free(&st);
	strs_free(&sp);
}

static void report(const char *set, const struct tally *t)
{
	double p = t->p_n ? t->p_sum / (double)t->p_n : 0;
	double r = t->r_n ? t->r_sum / (double)t->r_n : 0;
	double f = p + r > 0 ? 2 * p * r / (p + r) : 0;

	printf("%-34s pages %3zu  precision %.3f  recall %.3f  F1 %.3f  "
	       "exact %.3f\n", set, t->pages, p, r, f,
	       t->pages ? (double)t->exact / (double)t->pages : 0);
}

static int same_str(const char *got, const char *want)
{
	return got && want && !strcmp(got, want);
}

static void score_meta(const struct page *pg, const struct json *m)
{
	const char *t = json_get_str(m, "title");
	const char *by = json_get_str(m, "byline");
	const char *lang = json_get_str(m, "lang");
	const char *pub = json_get_str(m, "publishedTime");
	time_t want;

	meta.n++;
	meta.title += same_str(pg->title, t);
	if (by) {
		meta.has_author++;
		meta.author += same_str(pg->author, by);
	}
	if (lang) {
		meta.has_lang++;
		meta.lang += pg->lang && !strncmp(lang, pg->lang,
						  strlen(pg->lang)) &&
			     (lang[strlen(pg->lang)] == '\0' ||
			      lang[strlen(pg->lang)] == '-');
	}
	if (pub && date_parse(pub, 0, &want) == 0) {
		meta.has_published++;
		meta.published += pg->has_published && pg->published == want;
	}
}

/* Extract the article text of the page file at path; score its metadata
 * against m when not NULL. */
static int extract(const char *path, const char *url, const struct json *m,
		   struct buf *text)
{
	struct buf raw = BUF_INIT, html = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct page pg;
	struct err e;
	int ret = -1;

	if (read_gz(path, &raw) < 0) {
		fprintf(stderr, "eval_extract: cannot read '%s'\n", path);
		goto out;
	}
	if (charset_to_utf8(raw.data, raw.len, NULL, &html, NULL, 0, &e) < 0 ||
	    page_extract(html.data, html.len, url, NULL, &a, &pg, &e) < 0) {
		fprintf(stderr, "eval_extract: %s: %s\n", path, e.msg);
		goto out;
	}
	buf_adds(text, pg.text);
	if (m)
		score_meta(&pg, m);
	ret = 0;
out:
	buf_release(&raw);
	buf_release(&html);
	arena_release(&a);
	return ret;
}

/* -o DIR: keep each extracted text as DIR/ID.txt for inspection. */
static void dump(const char *id, const char *text)
{
	struct buf p = BUF_INIT;
	FILE *f;

	buf_addf(&p, "%s/%s.txt", dump_dir, id);
	f = fopen(p.data, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	buf_release(&p);
}

/* Run over each JSONL line of dir/index with the given key names. */
static int run_set(const char *dir, int readability)
{
	struct tally all = { 0 }, longp = { 0 };
	struct buf idx = BUF_INIT, path = BUF_INIT;
	const char *set = readability ? "readability-testpages" :
					"article-extraction-scrapinghub";
	char *line, *save = NULL;

	buf_addf(&path, "%s/%s", dir, readability ? "index.jsonl" :
					  "ground-truth.jsonl");
	if (read_gz(path.data, &idx) < 0) {
		fprintf(stderr, "eval_extract: cannot read '%s'\n", path.data);
		buf_release(&path);
		return -1;
	}
	for (line = strtok_r(idx.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct arena a = ARENA_INIT;
		struct buf text = BUF_INIT, truth = BUF_INIT;
		struct json *j;
		struct err e;
		const char *file, *url, *id;

		if (json_parse(line, strlen(line), &a, &j, &e) < 0) {
			fprintf(stderr, "eval_extract: bad index line: %s\n",
				e.msg);
			arena_release(&a);
			continue;
		}
		id = json_get_str(j, "id");
		file = json_get_str(j, readability ? "source" : "html_file");
		url = json_get_str(j, readability ? "page_url" : "url");
		if (!id || !file) {
			arena_release(&a);
			continue;
		}
		if (readability) {
			const char *exp = json_get_str(j, "expected_text");

			buf_reset(&path);
			buf_addf(&path, "%s/%s", dir, exp ? exp : "");
			read_gz(path.data, &truth);
		} else {
			buf_adds(&truth, json_get_str(j, "articleBody") ?
				 json_get_str(j, "articleBody") : "");
		}
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, file);
		if (extract(path.data, url,
			    readability ? json_get(j, "metadata") : NULL,
			    &text) == 0) {
			const struct json *c =
				json_get(j, "expected_text_chars");
			int is_long = readability && c && c->type == JSON_NUM &&
				      c->num >= 1000;

			score(id, truth.data, text.data, &all,
			      is_long ? &longp : NULL);
			if (dump_dir)
				dump(id, text.data);
		}
		buf_release(&text);
		buf_release(&truth);
		arena_release(&a);
	}
	report(set, &all);
	if (readability) {
		report("readability-testpages (>=1000)", &longp);
		printf("readability-testpages metadata    title %zu/%zu  "
		       "byline %zu/%zu  lang %zu/%zu  published %zu/%zu\n",
		       meta.title, meta.n, meta.author, meta.has_author,
		       meta.lang, meta.has_lang, meta.published,
		       meta.has_published);
	}
	buf_release(&idx);
	buf_release(&path);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, ret = 0, errc;
	PCRE2_SIZE erroff;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			dump_dir = argv[++i];
		else
			break;
	}
	if (i >= argc || argv[i][0] == '-') {
		fprintf(stderr,
			"usage: eval_extract [-v] [-o DIR] SETDIR...\n");
		return 2;
	}
	word_re = pcre2_compile((PCRE2_SPTR) "\\w+", PCRE2_ZERO_TERMINATED,
				PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF,
				&errc, &erroff, NULL);
	if (!word_re)
		return 1;
	word_md = pcre2_match_data_create_from_pattern(word_re, NULL);
	for (; i < argc; i++) {
		struct buf p = BUF_INIT;
		FILE *f;
		int readability;

		buf_addf(&p, "%s/index.jsonl", argv[i]);
		f = fopen(p.data, "r");
		readability = f != NULL;
		if (f)
			fclose(f);
		buf_release(&p);
		if (run_set(argv[i], readability) < 0)
			ret = 1;
	}
	pcre2_match_data_free(word_md);
	pcre2_code_free(word_re);
	return ret;
}

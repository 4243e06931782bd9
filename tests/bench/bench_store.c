/*
 * bench_store.c - the crawler's storage alone: articles made from the
 * texts of an "analyze --jsonl" file (title, full text, a summary, a URL
 * of their own) are stored through crawl_store_articles(), a feed's
 * worth (-b, 25) per transaction, into the database the PG* variables
 * name (migrated, with a source "bench-store").  Nothing is parsed while
 * the clock runs: what is timed is what storing costs, to compare with
 * COPY of the same rows (scripts/bench).  Run once: the second run would
 * find every article stored.
 *   bench_store [-b PER-DOCUMENT] [-k REPEAT] FILE.jsonl
 * Prints "store: N articles/s, M MB/s (...)".
 */
#include "bench.h"
#include "common/arena.h"
#include "common/db.h"
#include "common/err.h"
#include "common/json.h"
#include "crawler/crawl.h"

static long per_doc = 25, repeat = 1;

static void on_opt(int opt, const char *arg)
{
	if (opt == 'b')
		per_doc = atol(arg);
	else if (opt == 'k')
		repeat = atol(arg);
}

/* The first paragraph of text, in arena a. */
static const char *first_par(const char *text, struct arena *a)
{
	const char *nl = strstr(text, "\n\n");

	return nl ? arena_strndup(a, text, (size_t)(nl - text)) : text;
}

int main(int argc, char **argv)
{
	struct bench_set set = { 0 };
	struct bench_opts o;
	struct arena keep = ARENA_INIT;
	struct store_article *arts = NULL;
	size_t n = 0, alloc = 0, bytes = 0;
	struct config cfg = { 0 };
	struct source src = { 0 };
	char name[] = "bench-store", feed[] = "https://store.example/rss.xml",
	     lang[] = "ru", country[] = "kg", tz[] = "Asia/Bishkek";
	struct crawl c;
	struct err e;
	int sid, ret = 1;
	double t0, sec;
	int i = bench_getopt(argc, argv, &o, "articles", "b:k:", on_opt);

	if (i < 0 || i + 1 != argc || per_doc < 1 || repeat < 1) {
		fprintf(stderr, "usage: bench_store [-b PER-DOCUMENT] "
			"[-k REPEAT] FILE.jsonl\n");
		return 2;
	}
	if (bench_load(&set, argv[i]) < 0)
		return 1;
	for (long k = 0; k < repeat; k++) {
		char *line = set.v[0].data, *nl;

		for (; *line; line = nl + 1) {
			struct json *j;
			const char *text;
			char url[96];
			struct store_article *a;

			nl = strchr(line, '\n');
			if (!nl)
				nl = line + strlen(line);
			if (json_parse(line, (size_t)(nl - line), &keep, &j,
				       &e) == 0 &&
			    (text = json_get_str(j, "text")) != NULL) {
				ALLOC_GROW(arts, n + 1, alloc);
				a = &arts[n];
				memset(a, 0, sizeof(*a));
				snprintf(url, sizeof(url),
					 "https://store.example/news/%ld-%zu"
					 ".html", k, n);
				a->url = a->canonical_url = a->guid =
					arena_strdup(&keep, url);
				a->title = first_par(text, &keep);
				a->summary = a->title;
				a->text = text;
				a->lang = json_get_str(j, "lang");
				a->published = 1795000000 + (time_t)n * 60;
				a->has_published = 1;
				a->warc_offset = -1;
				a->page_status = STORE_PAGE_PENDING;
				bytes += strlen(text) + strlen(a->title) * 2;
				n++;
			}
			if (!*nl)
				break;
		}
	}
	memset(&c, 0, sizeof(c));
	c.db = db_open("", &e);
	if (!c.db) {
		fprintf(stderr, "bench_store: %s\n", e.msg);
		goto out;
	}
	src.name = name;
	src.url = feed;
	src.type = SOURCE_RSS;
	src.lang = lang;
	src.country = country;
	src.enabled = 1;
	src.weight = 0.5;
	cfg.sources = &src;
	cfg.n_sources = 1;
	cfg.timezone = tz;
	cfg.country = country;
	if (store_sync_sources(c.db, &cfg, &sid, &e) < 0) {
		fprintf(stderr, "bench_store: %s\n", e.msg);
		goto out;
	}
	c.cfg = &cfg;
	c.st = xcalloc(1, sizeof(*c.st));
	c.st[0].id = sid;
	for (size_t k = 0; k < n; k++)
		arts[k].source_id = sid;
	t0 = bench_now();
	for (size_t k = 0; k < n; k += (size_t)per_doc) {
		size_t m = n - k < (size_t)per_doc ? n - k : (size_t)per_doc;

		if (crawl_store_articles(&c, 0, arts + k, m) < 0)
			goto out;
	}
	sec = bench_now() - t0;
	bench_report(&o, "store", "articles", n, bytes, n, sec,
		     "crawl_store_articles, one transaction a document");
	ret = c.articles_new == (int)n ? 0 : 1;
	if (ret)
		fprintf(stderr, "bench_store: %d of %zu stored as new\n",
			c.articles_new, n);
out:
	free(c.st);
	db_close(c.db);
	free(arts);
	arena_release(&keep);
	bench_set_free(&set);
	return ret;
}

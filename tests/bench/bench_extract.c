/*
 * bench_extract.c - article extraction throughput in-process: pages are
 * read and gunzipped before the clock starts; each timed pass converts
 * every page to UTF-8 (charset_to_utf8) and extracts it (page_extract),
 * as the crawler does with a fetched body.  A second line times the
 * charset step alone, so its share can be told apart.
 *   bench_extract [-r RUNS] [-t SECONDS] [-w WHAT] [-n PASSES]
 *                 [-u GROUND-TRUTH.jsonl] FILE...
 * -u gives each page its URL (the base for links) from a scrapinghub
 * ground-truth file, matched by the file name's <id>.html.gz.  A third
 * line times libxml2's HTML parser alone over the UTF-8 pages, with the
 * extractor's options: the floor the extractor is measured against.
 */
#include "bench.h"
#include "common/arena.h"
#include "common/charset.h"
#include "common/err.h"
#include "common/fileio.h"
#include "common/json.h"
#include "crawler/page/page.h"

#include <libxml/HTMLparser.h>

static const char *truth_path;

struct state {
	struct bench_set set;
	const char **url;	/* per page, or NULL */
	struct arena a;
	struct buf utf8;
	struct bench_set conv;	/* the pages in UTF-8, for the bare parse */
	size_t found;		/* pages with text, of the last pass */
	size_t utf8_bytes;	/* after conversion, of the last pass */
};

static void on_opt(int opt, const char *arg)
{
	if (opt == 'u')
		truth_path = arg;
}

static void pass_charset(void *ctx)
{
	struct state *s = ctx;

	s->utf8_bytes = 0;
	for (size_t i = 0; i < s->set.n; i++) {
		struct err e;

		buf_reset(&s->utf8);
		/* A Content-Type without charset: the <meta> prescan and
		 * the bytes decide, as for most fetched pages. */
		charset_to_utf8(s->set.v[i].data, s->set.v[i].len,
				"text/html", &s->utf8, NULL, 0, &e);
		s->utf8_bytes += s->utf8.len;
	}
}

static void pass_extract(void *ctx)
{
	struct state *s = ctx;

	s->found = 0;
	for (size_t i = 0; i < s->set.n; i++) {
		struct page p;
		struct err e;

		buf_reset(&s->utf8);
		charset_to_utf8(s->set.v[i].data, s->set.v[i].len,
				"text/html", &s->utf8, NULL, 0, &e);
		if (page_extract(s->utf8.data, s->utf8.len, s->url[i], NULL,
				 &s->a, &p, &e) == 0 &&
		    p.method != PAGE_NONE)
			s->found++;
		arena_reset(&s->a);
	}
}

/* libxml2's HTML parse alone, tree built and freed, as page_dom.c
 * parses (the pages already in UTF-8). */
static void pass_bare(void *ctx)
{
	struct state *s = ctx;

	for (size_t i = 0; i < s->conv.n; i++) {
		htmlDocPtr d = htmlReadMemory(s->conv.v[i].data,
					      (int)s->conv.v[i].len, NULL,
					      "UTF-8", HTML_PARSE_NONET |
					      HTML_PARSE_NOERROR |
					      HTML_PARSE_NOWARNING |
					      HTML_PARSE_RECOVER |
					      HTML_PARSE_IGNORE_ENC);

		xmlFreeDoc(d);
	}
}

/* The pages converted once, for pass_bare. */
static void convert_all(struct state *s)
{
	for (size_t i = 0; i < s->set.n; i++) {
		struct buf b = BUF_INIT;
		struct err e;

		charset_to_utf8(s->set.v[i].data, s->set.v[i].len,
				"text/html", &b, NULL, 0, &e);
		ALLOC_GROW(s->conv.v, s->conv.n + 1, s->conv.alloc);
		s->conv.v[s->conv.n].name = s->set.v[i].name;
		s->conv.v[s->conv.n].len = b.len;
		s->conv.v[s->conv.n].data = buf_detach(&b, NULL);
		s->conv.bytes += s->conv.v[s->conv.n].len;
		s->conv.n++;
	}
}

/* The page URLs from the ground truth, by id (the file name without
 * ".html.gz").  Pages without one get NULL.  Strings live in arena a. */
static void load_urls(struct state *s, struct arena *a)
{
	struct buf truth = BUF_INIT;
	struct err e;
	char *line, *nl;

	s->url = xcalloc(s->set.n ? s->set.n : 1, sizeof(*s->url));
	if (!truth_path)
		return;
	if (file_read(truth_path, &truth, &e) < 0) {
		fprintf(stderr, "bench: %s\n", e.msg);
		goto out;
	}
	for (line = truth.data; *line; line = nl + 1) {
		struct json *j;
		const char *id, *url;

		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		if (json_parse(line, (size_t)(nl - line), a, &j, &e) == 0) {
			id = json_get_str(j, "id");
			url = json_get_str(j, "url");
			for (size_t i = 0; id && url && i < s->set.n; i++)
				if (strstr(s->set.v[i].name, id))
					s->url[i] = url;
		}
		if (!*nl)
			break;
	}
out:
	buf_release(&truth);
}

int main(int argc, char **argv)
{
	struct state s = { .a = ARENA_INIT, .utf8 = BUF_INIT };
	struct arena urls = ARENA_INIT;
	struct bench_opts o;
	char note[160];
	double sec;
	int i = bench_getopt(argc, argv, &o, "pages", "u:", on_opt);

	if (i < 0 || i >= argc) {
		fprintf(stderr, "usage: bench_extract [-r RUNS] [-t SECONDS] "
			"[-w WHAT] [-n PASSES] [-u TRUTH.jsonl] FILE...\n");
		return 2;
	}
	for (; i < argc; i++)
		if (bench_load(&s.set, argv[i]) < 0)
			return 1;
	load_urls(&s, &urls);
	if (bench_count_only(&o, pass_extract, &s))
		goto out;
	sec = bench_time(&o, pass_extract, &s);
	snprintf(note, sizeof(note), "charset_to_utf8 + page_extract; "
		 "text found in %zu", s.found);
	bench_report(&o, "article extract", "pages", s.set.n, s.set.bytes,
		     s.set.n, sec, note);
	sec = bench_time(&o, pass_charset, &s);
	bench_report(&o, "charset to utf-8", "pages", s.set.n, s.set.bytes,
		     s.set.n, sec, "charset_to_utf8 alone");
	convert_all(&s);
	sec = bench_time(&o, pass_bare, &s);
	bench_report(&o, "libxml2 html parse", "pages", s.set.n, s.set.bytes,
		     s.set.n, sec, "htmlReadMemory + xmlFreeDoc alone");
out:
	bench_set_free(&s.conv);
	free(s.url);
	arena_release(&urls);
	arena_release(&s.a);
	buf_release(&s.utf8);
	bench_set_free(&s.set);
	return 0;
}

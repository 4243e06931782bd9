/*
 * eval_stories.c - score the story clusterer on labelled articles
 * (tests/data/stories/ files, JSON lines {"story", "title", "text", "published"}):
 * versions of one story must land in one cluster, other articles apart.
 * Scored two ways: every pair's decision (similarity >= threshold), and
 * the clusters that the incremental procedure of analyzer/story/ builds
 * when the articles arrive in publication order (pairwise P/R/F1 of
 * "same cluster").
 *   eval_stories [--k N] [--min-bytes N] [--words N] [--threshold X]
 *                [--sweep] [-v] FILE.jsonl...
 */
#include "analyzer/story/story.h"
#include "common/arena.h"
#include "common/buf.h"
#include "common/fileio.h"
#include "common/json.h"
#include "common/xalloc.h"
#include "eval_prf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item {
	char *story, *text, *published;
	char *file;
};

static struct item *items;
static size_t n_items, a_items;

static int load(const char *path)
{
	struct buf data = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct err e = { "" };
	char *line, *next;

	if (file_read(path, &data, &e) < 0) {
		fprintf(stderr, "eval_stories: %s\n", e.msg);
		return -1;
	}
	for (line = data.data; *line; line = next) {
		struct json *j;
		struct buf t = BUF_INIT;
		const char *title, *text;

		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (next - line <= 1)
			continue;
		if (json_parse(line, (size_t)(next - line), &a, &j, &e) < 0) {
			fprintf(stderr, "eval_stories: %s: %s\n", path, e.msg);
			return -1;
		}
		if (n_items == a_items) {
			a_items = a_items ? 2 * a_items : 256;
			items = xrealloc(items, a_items * sizeof(*items));
		}
		title = json_get_str(j, "title");
		text = json_get_str(j, "text");
		buf_addf(&t, "%s\n%s", title ? title : "", text ? text : "");
		items[n_items].story = xstrdup(json_get_str(j, "story"));
		items[n_items].published = xstrdup(
			json_get_str(j, "published") ?
			json_get_str(j, "published") : "");
		items[n_items].text = buf_detach(&t, NULL);
		items[n_items].file = xstrdup(path);
		n_items++;
		arena_reset(&a);
	}
	arena_release(&a);
	buf_release(&data);
	return 0;
}

/* Publication order, as the clusterer takes articles. */
static int by_date(const void *x, const void *y)
{
	const struct item *a = x, *b = y;

	return strcmp(a->published, b->published);
}

static void score(double **sim, double thr, int verbose)
{
	struct prf pair = { 0, 0, 0 }, clus = { 0, 0, 0 };
	int *cl = xcalloc(n_items + 1, sizeof(*cl));
	int next_cl = 0;

	for (size_t i = 0; i < n_items; i++) {
		double best = 0;
		int bc = -1;

		for (size_t j = 0; j < i; j++)
			if (sim[i][j] >= thr && sim[i][j] > best) {
				best = sim[i][j];
				bc = cl[j];
			}
		cl[i] = bc >= 0 ? bc : next_cl++;
	}
	for (size_t i = 0; i < n_items; i++)
		for (size_t j = 0; j < i; j++) {
			int same = !strcmp(items[i].story, items[j].story);
			int said = sim[i][j] >= thr, grouped = cl[i] == cl[j];

			pair.tp += same && said;
			pair.fp += !same && said;
			pair.fn += same && !said;
			clus.tp += same && grouped;
			clus.fp += !same && grouped;
			clus.fn += same && !grouped;
			if (verbose && same != said)
				printf("  %s %.3f %s / %s\n",
				       same ? "missed" : "false", sim[i][j],
				       items[i].story, items[j].story);
		}
	printf("threshold %.2f: pairs P %.3f R %.3f F1 %.3f; clusters "
	       "P %.3f R %.3f F1 %.3f (%d clusters)\n", thr, prec(&pair),
	       rec(&pair), f1(&pair), prec(&clus), rec(&clus), f1(&clus),
	       next_cl);
	free(cl);
}

int main(int argc, char **argv)
{
	struct minhash_params p = story_opts_default.shingles;
	double thr = story_opts_default.min_overlap, **sim;
	int sweep = 0, verbose = 0, stories = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--k") && i + 1 < argc)
			p.k = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--min-bytes") && i + 1 < argc)
			p.min_bytes = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--words") && i + 1 < argc)
			p.max_words = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--threshold") && i + 1 < argc)
			thr = atof(argv[++i]);
		else if (!strcmp(argv[i], "--sweep"))
			sweep = 1;
		else if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (load(argv[i]) < 0)
			return 1;
	}
	if (!n_items) {
		fprintf(stderr, "usage: eval_stories [--k N] [--threshold X] "
			"[--sweep] FILE.jsonl...\n");
		return 2;
	}
	qsort(items, n_items, sizeof(*items), by_date);
	sim = xcalloc(n_items, sizeof(*sim));
	for (size_t i = 0; i < n_items; i++) {
		sim[i] = xcalloc(i + 1, sizeof(**sim));
		for (size_t j = 0; j < i; j++)
			sim[i][j] = story_similarity(items[i].text,
						     strlen(items[i].text),
						     items[j].text,
						     strlen(items[j].text), &p);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(items[i].story, items[j].story))
				break;
	}
	for (size_t i = 0; i < n_items; i++) {
		size_t j = 0;

		while (j < i && strcmp(items[i].story, items[j].story))
			j++;
		stories += j == i;
	}
	printf("%zu articles, %d stories; shingles of %d words (words of %d+ "
	       "bytes, first %d)\n", n_items, stories, p.k, p.min_bytes,
	       p.max_words);
	if (sweep)
		for (double t = 0.1; t < 0.95; t += 0.05)
			score(sim, t, 0);
	else
		score(sim, thr, verbose);
	for (size_t i = 0; i < n_items; i++) {
		free(sim[i]);
		free(items[i].story);
		free(items[i].text);
		free(items[i].published);
		free(items[i].file);
	}
	free(sim);
	free(items);
	return 0;
}

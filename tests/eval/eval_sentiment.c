/*
 * eval_sentiment.c - score the analyzer's entity-level tonality on
 * RuSentNE-2023 (../shared/eval/sentiment, see its README):
 *   eval_sentiment [-v] [--lexicons DIR] FILE.tsv...
 * Each row is a sentence with a target entity (UTF-8 byte span); the
 * analyzer is asked for the tonality toward the target.  Prints F1_PN
 * (macro-F1 over positive and negative on 3-class predictions, the
 * task's own metric), F1_PN0 (3-class macro-F1) and the confusion
 * matrix.  Always-neutral scores F1_PN = 0.
 */
#include "analyzer/analyze.h"
#include "eval_analyzer.h"
#include "common/arena.h"
#include "common/buf.h"
#include "common/fileio.h"
#include "common/paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCOL 32


static int label_index(const char *s)
{
	if (!strcmp(s, "negative"))
		return 0;
	if (!strcmp(s, "neutral"))
		return 1;
	if (!strcmp(s, "positive"))
		return 2;
	return -1;
}

static double f1_of(const long m[3][3], int k)
{
	long tp = m[k][k], fp = 0, fn = 0;

	for (int i = 0; i < 3; i++) {
		if (i == k)
			continue;
		fp += m[i][k];
		fn += m[k][i];
	}
	return tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0.0;
}

/* Split line at tabs into col[]; returns the number of fields. */
static int split(char *line, char **col)
{
	int n = 0;

	col[n++] = line;
	for (char *p = line; *p && n < MAXCOL; p++)
		if (*p == '\t') {
			*p = '\0';
			col[n++] = p + 1;
		}
	return n;
}

static int find_col(char **hdr, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(hdr[i], name))
			return i;
	return -1;
}

static int eval_file(struct analyzer *an, const char *path)
{
	static const char *const names[] = { "negative", "neutral",
					     "positive" };
	struct buf data = BUF_INIT;
	struct arena a = ARENA_INIT;
	long m[3][3] = { { 0 } };
	char *hdr[MAXCOL], *col[MAXCOL], *p, *nl;
	int nh, ct, cs, ce, cl, ci, rows = 0;
	struct err e;
	const char *name;

	if (file_read(path, &data, &e) < 0) {
		fprintf(stderr, "eval_sentiment: %s\n", e.msg);
		return -1;
	}
	nl = strchr(data.data, '\n');
	if (!nl) {
		fprintf(stderr, "eval_sentiment: %s: no header\n", path);
		buf_release(&data);
		return -1;
	}
	*nl = '\0';
	nh = split(data.data, hdr);
	ct = find_col(hdr, nh, "text");
	cs = find_col(hdr, nh, "entity_byte_start");
	ce = find_col(hdr, nh, "entity_byte_end");
	cl = find_col(hdr, nh, "label");
	ci = find_col(hdr, nh, "id");
	if (ct < 0 || cs < 0 || ce < 0 || cl < 0 || ci < 0) {
		fprintf(stderr, "eval_sentiment: %s: missing columns\n", path);
		buf_release(&data);
		return -1;
	}
	for (p = nl + 1; *p; p = nl + 1) {
		struct analyze_input in = { 0 };
		struct analysis r;
		int n, g, pr;

		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p) - 1;
		else
			*nl = '\0';
		n = split(p, col);
		if (n < nh)
			continue;
		g = label_index(col[cl]);
		if (g < 0)
			continue;
		in.text = col[ct];
		in.len = strlen(col[ct]);
		in.has_target = 1;
		in.tstart = strtoul(col[cs], NULL, 10);
		in.tend = strtoul(col[ce], NULL, 10);
		analyze(an, &in, &a, &r);
		pr = r.has_target ? r.target.tone + 1 : 1;
		m[g][pr]++;
		rows++;
		if (verbose && g != pr) {
			fprintf(stderr, "%s want %s got %s (%.2f) [%.*s] %s |",
				col[ci], names[g], names[pr], r.target.score,
				(int)(in.tend - in.tstart), in.text + in.tstart,
				in.text);
			for (int k = 0; k < r.target.ev.n; k++)
				fprintf(stderr, " %s:%s(%.2g)",
					r.target.ev.v[k].rule,
					r.target.ev.v[k].text,
					r.target.ev.v[k].weight);
			fprintf(stderr, "\n");
		}
		arena_reset(&a);
	}
	name = strrchr(path, '/');
	printf("%s: %d rows  F1_PN %.3f  F1_PN0 %.3f  (F1 pos %.3f neg %.3f"
	       " neu %.3f)\n", name ? name + 1 : path, rows,
	       (f1_of(m, 0) + f1_of(m, 2)) / 2,
	       (f1_of(m, 0) + f1_of(m, 1) + f1_of(m, 2)) / 3, f1_of(m, 2),
	       f1_of(m, 0), f1_of(m, 1));
	printf("  confusion (rows gold neg/neu/pos, columns predicted):"
	       " %ld %ld %ld / %ld %ld %ld / %ld %ld %ld\n", m[0][0], m[0][1],
	       m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]);
	arena_release(&a);
	buf_release(&data);
	return 0;
}

int main(int argc, char **argv)
{
	return eval_analyzer_main(argc, argv, "eval_sentiment [-v] [--lexicons DIR] FILE.tsv...", eval_file);
}

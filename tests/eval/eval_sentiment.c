/*
 * eval_sentiment.c - score the analyzer's entity-level tonality on
 * RuSentNE-2023 (../shared/eval/sentiment, see its README):
 *   eval_sentiment [-v] [--lexicons DIR] FILE.tsv...
 * Each row is a sentence with a target entity (UTF-8 byte span); the
 * analyzer is asked for the tonality toward the target.  Prints F1_PN
 * (macro-F1 over positive and negative on 3-class predictions, the
 * task's own metric), F1_PN0 (3-class macro-F1) and the confusion
 * matrix.  Always-neutral scores F1_PN = 0.
 *
 * The rows are also scored in two fixed halves, so that tuning can be
 * told from generalising: a row is in the "tune" half when the FNV-1a
 * hash of its sentence (the text column's bytes) is even, else in the
 * "check" half.  Hashing the sentence, not the row id, keeps every target
 * of one sentence in one half (RuSentNE repeats a sentence once per
 * target).  Rules are tuned by reading the tune half's errors only; -v
 * prints those and never the check half's.
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

/* FNV-1a, 32 bits: which half a sentence falls in. */
static unsigned fnv1a(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void report(const char *name, const char *part, long rows,
		   const long m[3][3])
{
	printf("%s%s: %ld rows  F1_PN %.3f  F1_PN0 %.3f  (F1 pos %.3f neg %.3f"
	       " neu %.3f)\n", name, part, rows,
	       (f1_of(m, 0) + f1_of(m, 2)) / 2,
	       (f1_of(m, 0) + f1_of(m, 1) + f1_of(m, 2)) / 3, f1_of(m, 2),
	       f1_of(m, 0), f1_of(m, 1));
	printf("  confusion (rows gold neg/neu/pos, columns predicted):"
	       " %ld %ld %ld / %ld %ld %ld / %ld %ld %ld\n", m[0][0], m[0][1],
	       m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]);
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
	long m[3][3] = { { 0 } }, half[2][3][3] = { { { 0 } } };
	long nhalf[2] = { 0 };
	char *hdr[MAXCOL], *col[MAXCOL], *p, *nl;
	int nh, ct, cs, ce, cl, ci, rows = 0, check;
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
		check = fnv1a(col[ct]) & 1;
		m[g][pr]++;
		half[check][g][pr]++;
		nhalf[check]++;
		rows++;
		if (verbose && g != pr && !check) {
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
	name = name ? name + 1 : path;
	report(name, "", rows, m);
	report(name, " tune", nhalf[0], half[0]);
	report(name, " check", nhalf[1], half[1]);
	arena_release(&a);
	buf_release(&data);
	return 0;
}

int main(int argc, char **argv)
{
	return eval_analyzer_main(argc, argv, "eval_sentiment [-v] [--lexicons DIR] FILE.tsv...", eval_file);
}

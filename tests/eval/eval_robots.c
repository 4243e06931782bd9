/*
 * eval_robots.c - score the robots.txt matcher on Google's reference
 * cases:  eval_robots CASES.jsonl AUX_CASES.jsonl [-v]
 * Prints pass rates for the RFC cases, the google_specific ones, all, and
 * the auxiliary cases; -v lists every miss on stderr.
 */
#include "common/arena.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/fileio.h"
#include "common/json.h"
#include "crawler/fetch/robots.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int verbose;

struct tally {
	const char *name;
	int pass, total;
};

static void tally_add(struct tally *t, bool ok)
{
	t->total++;
	t->pass += ok;
}

static void tally_print(const struct tally *t)
{
	printf("robotstxt-google %s: %d/%d passed (%.1f%%)\n", t->name,
	       t->pass, t->total, t->total ? 100.0 * t->pass / t->total : 0.0);
}

static bool json_true(const struct json *o, const char *key)
{
	const struct json *v = json_get(o, key);

	return v && v->type == JSON_BOOL && v->boolean;
}

static void short_print(const char *label, const char *s)
{
	size_t n = strlen(s);

	fprintf(stderr, " %s=\"%.*s%s\"", label, n > 120 ? 120 : (int)n, s,
		n > 120 ? "..." : "");
}

/* One allow/disallow case: google_specific ones go to g, others to rfc. */
static void main_case(const struct json *c, struct tally *rfc,
		      struct tally *g)
{
	const struct json *body = json_get(c, "robots_txt");
	const char *agent = json_get_str(c, "user_agent");
	const char *url = json_get_str(c, "url");
	struct robots *r;
	char *path;
	bool got, want = json_true(c, "allowed");

	if (!body || body->type != JSON_STR || !agent || !url)
		return;
	r = robots_parse(body->str, body->len);
	path = robots_path_of(url);
	got = robots_allowed(r, agent, path);
	tally_add(json_true(c, "google_specific") ? g : rfc, got == want);
	if (got != want && verbose) {
		fprintf(stderr, "MISS %s", json_get_str(c, "test"));
		short_print("agent", agent);
		short_print("url", url);
		fprintf(stderr, " want=%d\n", want);
	}
	robots_free(r);
	free(path);
}

static void aux_case(const struct json *c, struct tally *aux)
{
	const char *kind = json_get_str(c, "kind");
	const char *in = json_get_str(c, "input");
	const struct json *want = json_get(c, "expected");
	char *got = NULL;
	bool ok;

	if (!kind || !in || !want)
		return;
	if (!strcmp(kind, "valid_user_agent")) {
		ok = want->type == JSON_BOOL &&
		     robots_agent_valid(in) == want->boolean;
	} else {
		if (!strcmp(kind, "path_params_query"))
			got = robots_path_of(in);
		else if (!strcmp(kind, "escape_pattern"))
			got = robots_pattern_norm(in);
		ok = got && want->type == JSON_STR && !strcmp(got, want->str);
	}
	tally_add(aux, ok);
	if (!ok && verbose)
		fprintf(stderr, "MISS aux %s input=\"%s\" got=\"%s\"\n", kind,
			in, got ? got : "");
	free(got);
}

static int each_line(const char *path, struct tally *a, struct tally *b,
		     bool aux)
{
	struct buf file = BUF_INIT;
	struct arena ar = ARENA_INIT;
	struct err e = { "" };
	char *line, *next;

	if (file_read(path, &file, &e) < 0) {
		fprintf(stderr, "eval_robots: %s\n", e.msg);
		return -1;
	}
	for (line = file.data; *line; line = next) {
		struct json *c;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (!*line)
			continue;
		if (json_parse(line, strlen(line), &ar, &c, &e) < 0) {
			fprintf(stderr, "eval_robots: bad case: %s\n", e.msg);
			continue;
		}
		if (aux)
			aux_case(c, a);
		else
			main_case(c, a, b);
		arena_reset(&ar);
	}
	arena_release(&ar);
	buf_release(&file);
	return 0;
}

int main(int argc, char **argv)
{
	struct tally rfc = { "rfc", 0, 0 }, g = { "google_specific", 0, 0 };
	struct tally all = { "all", 0, 0 }, aux = { "aux", 0, 0 };

	if (argc < 3) {
		fprintf(stderr,
			"usage: eval_robots CASES.jsonl AUX.jsonl [-v]\n");
		return 2;
	}
	verbose = argc > 3 && !strcmp(argv[3], "-v");
	if (each_line(argv[1], &rfc, &g, false) < 0 ||
	    each_line(argv[2], &aux, NULL, true) < 0)
		return 1;
	all.pass = rfc.pass + g.pass;
	all.total = rfc.total + g.total;
	tally_print(&rfc);
	tally_print(&g);
	tally_print(&all);
	tally_print(&aux);
	return 0;
}

/*
 * eval_url.c - score the URL module on the shared eval sets:
 *   eval_url whatwg CASES.jsonl [-v]   WHATWG parsing/resolution vectors
 *   eval_url canon CASES.jsonl [-v]    urlcanon profiles
 * Prints one figure line per set or profile; -v lists every miss on stderr.
 */
#include "common/arena.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/fileio.h"
#include "common/json.h"
#include "common/url.h"
#include "common/xalloc.h"
#include "url_profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int verbose;

/* Hex string to bytes (for the urlcanon cases that are not UTF-8). */
static char *unhex(const char *h)
{
	size_t n = strlen(h) / 2;
	char *s = xmalloc(n + 1);

	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(h + 2 * i, "%2x", &v) != 1)
			v = '?';
		s[i] = (char)v;
	}
	s[n] = '\0';
	return s;
}

struct tally {
	const char *name;
	int pass, total;
};

static void tally_print(const char *set, const struct tally *t)
{
	printf("%s %s: %d/%d passed (%.1f%%)\n", set, t->name, t->pass,
	       t->total, t->total ? 100.0 * t->pass / t->total : 0.0);
}

/* One WHATWG case: resolve input against base, compare href or failure.
 * Inputs holding U+0000 cannot be passed as C strings: counted apart. */
static void whatwg_case(const struct json *c, struct tally *all,
			struct tally *fail_cases, struct tally *nul)
{
	const struct json *in = json_get(c, "input");
	const char *base = json_get_str(c, "base");
	const char *href = json_get_str(c, "href");
	const struct json *failure = json_get(c, "failure");
	bool want_fail = failure && failure->type == JSON_BOOL &&
			 failure->boolean;
	struct err e = { "" };
	char *got = NULL;
	bool ok;

	if (!in || in->type != JSON_STR)
		return;
	if (strlen(in->str) != in->len)
		nul->total++;
	if (base) {
		got = url_resolve(base, in->str, &e);
	} else {
		struct url u;

		if (url_parse(in->str, &u, &e) == 0) {
			got = url_serialize(&u);
			url_release(&u);
		}
	}
	ok = want_fail ? got == NULL : (got && href && !strcmp(got, href));
	all->total++;
	all->pass += ok;
	if (want_fail) {
		fail_cases->total++;
		fail_cases->pass += ok;
	}
	if (strlen(in->str) != in->len)
		nul->pass += ok;
	if (!ok && verbose)
		fprintf(stderr, "MISS input=\"%s\" base=\"%s\" want=%s got=%s "
			"(%s)\n", in->str, base ? base : "", want_fail ?
			"FAILURE" : href, got ? got : "FAILURE", e.msg);
	free(got);
}

static enum url_profile profile_of(const char *name)
{
	if (!strcmp(name, "semantic_precise"))
		return URL_PROFILE_SEMANTIC_PRECISE;
	if (!strcmp(name, "aggressive"))
		return URL_PROFILE_AGGRESSIVE;
	return URL_PROFILE_CRAWLER;
}

static void canon_case(const struct json *c, struct tally *t, size_t nt)
{
	const char *profile = json_get_str(c, "profile");
	const char *in = json_get_str(c, "input");
	const char *want = json_get_str(c, "expected");
	char *in_owned = NULL, *want_owned = NULL, *got;
	struct err e = { "" };
	size_t k;

	if (!profile)
		return;
	for (k = 0; k < nt; k++)
		if (!strcmp(t[k].name, profile))
			break;
	if (k == nt)
		return;
	if (!in && json_get_str(c, "input_hex"))
		in = in_owned = unhex(json_get_str(c, "input_hex"));
	if (!want && json_get_str(c, "expected_hex"))
		want = want_owned = unhex(json_get_str(c, "expected_hex"));
	if (!in || !want)
		goto out;
	if (!strcmp(profile, "path_dots_special"))
		got = url_remove_dot_segments(in);
	else
		got = url_canon_profile(in, profile_of(profile), &e);
	t[k].total++;
	if (got && !strcmp(got, want))
		t[k].pass++;
	else if (verbose)
		fprintf(stderr, "MISS %s input=\"%s\" want=\"%s\" got=\"%s\"\n",
			profile, in, want, got ? got : e.msg);
	free(got);
out:
	free(in_owned);
	free(want_owned);
}

int main(int argc, char **argv)
{
	struct buf file = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct err e = { "" };
	struct tally all = { "all", 0, 0 }, fails = { "expect-failure", 0, 0 };
	/* U+0000 in an input cannot cross the C-string API: shown apart. */
	struct tally nul = { "of which input holds U+0000", 0, 0 };
	struct tally prof[] = {
		{ "semantic_precise", 0, 0 }, { "aggressive", 0, 0 },
		{ "path_dots_special", 0, 0 },
	};
	bool whatwg;
	char *line, *next;

	if (argc < 3 ||
	    (strcmp(argv[1], "whatwg") && strcmp(argv[1], "canon"))) {
		fprintf(stderr,
			"usage: eval_url whatwg|canon CASES.jsonl [-v]\n");
		return 2;
	}
	whatwg = !strcmp(argv[1], "whatwg");
	verbose = argc > 3 && !strcmp(argv[3], "-v");
	if (file_read(argv[2], &file, &e) < 0) {
		fprintf(stderr, "eval_url: %s\n", e.msg);
		return 1;
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
		if (json_parse(line, strlen(line), &a, &c, &e) < 0) {
			fprintf(stderr, "eval_url: bad case: %s\n", e.msg);
			continue;
		}
		if (whatwg)
			whatwg_case(c, &all, &fails, &nul);
		else
			canon_case(c, prof, ARRAY_SIZE(prof));
		arena_reset(&a);
	}
	if (whatwg) {
		tally_print("url-whatwg", &all);
		tally_print("url-whatwg", &fails);
		if (nul.total)
			tally_print("url-whatwg", &nul);
	} else {
		for (size_t i = 0; i < ARRAY_SIZE(prof); i++)
			tally_print("url-canon", &prof[i]);
	}
	arena_release(&a);
	buf_release(&file);
	return 0;
}

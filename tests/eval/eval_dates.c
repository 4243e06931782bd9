/*
 * eval_dates.c - score date_parse() on feedparser's date table
 * (../shared/eval/feedparser-dates/cases.jsonl): each input must give
 * the expected UTC instant, or no date when the expectation is null.
 *   eval_dates [-v] [CASES.jsonl]
 */
#include "common/arena.h"
#include "common/buf.h"
#include "common/date.h"
#include "common/fileio.h"
#include "common/json.h"

#include <stdio.h>
#include <string.h>

#define DEFAULT_CASES "../shared/eval/feedparser-dates/cases.jsonl"

struct tally {
	int pass, total;
};

static int is_news_family(const char *f)
{
	return f && (!strcmp(f, "rfc822") || !strcmp(f, "w3dtf") ||
		     !strcmp(f, "iso8601") || !strcmp(f, "asctime"));
}

/* feedparser's foreign-language site formats, which date_parse() leaves
 * out on purpose (common/date.c says why); their cases still count in
 * the total, and are also shown apart so the misses are explained. */
static int is_left_out_family(const char *f)
{
	return f && (!strcmp(f, "greek") || !strcmp(f, "hungarian") ||
		     !strncmp(f, "korean", 6));
}

int main(int argc, char **argv)
{
	const char *path = DEFAULT_CASES;
	struct buf data = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct tally all = { 0, 0 }, news = { 0, 0 }, left_out = { 0, 0 };
	struct err e = { "" };
	int verbose = 0;
	char *line, *next;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else
			path = argv[i];
	}
	if (file_read(path, &data, &e) < 0) {
		fprintf(stderr, "eval_dates: cannot read '%s': %s\n", path,
			e.msg);
		return 1;
	}
	for (line = data.data; *line; line = next) {
		struct json *c;
		const struct json *exp;
		const char *input, *family;
		char got[21] = "none";
		time_t t;
		int ok;

		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (next - line <= 1)
			continue;
		if (json_parse(line, (size_t)(next - line), &a, &c, &e) < 0) {
			fprintf(stderr, "eval_dates: bad case: %s\n", e.msg);
			continue;
		}
		input = json_get_str(c, "input");
		family = json_get_str(c, "format_family");
		exp = json_get(c, "expected_utc");
		if (!input || !exp)
			continue;
		if (date_parse(input, 0, &t) == 0)
			date_format_rfc3339(t, got);
		if (exp->type == JSON_STR)
			ok = !strcmp(got, exp->str);
		else
			ok = !strcmp(got, "none");
		all.total++;
		all.pass += ok;
		if (is_news_family(family)) {
			news.total++;
			news.pass += ok;
		}
		if (is_left_out_family(family)) {
			left_out.total++;
			left_out.pass += ok;
		}
		if (!ok && verbose)
			printf("FAIL %-8s \"%s\": got %s, want %s\n",
			       family ? family : "?", input, got,
			       exp->type == JSON_STR ? exp->str : "none");
		arena_reset(&a);
	}
	printf("dates: %d/%d passed (%.1f%%)\n", all.pass, all.total,
	       all.total ? 100.0 * all.pass / all.total : 0.0);
	printf("dates (rfc822, w3dtf, iso8601, asctime): %d/%d passed "
	       "(%.1f%%)\n", news.pass, news.total,
	       news.total ? 100.0 * news.pass / news.total : 0.0);
	printf("dates in formats left out on purpose (greek, hungarian, "
	       "korean: no feed of the region prints them): %d/%d passed\n",
	       left_out.pass, left_out.total);
	buf_release(&data);
	arena_release(&a);
	return 0;
}

/*
 * fuzz_analyzer.c - the analyzer (mentions, tonality, violations,
 * regions) on arbitrary text made valid UTF-8, with the shipped Kyrgyz
 * lexicons; the first line is the title.
 */
#include "fuzz.h"
#include "analyzer/analyze.h"
#include "common/buf.h"
#include "common/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct analyzer an;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct err e;

	(void)argc;
	(void)argv;
	if (analyzer_open(&an, MM_SRC_DIR "/analyzer/lexicons/kg", "kg",
			  &e) < 0) {
		fprintf(stderr, "fuzz_analyzer: %s\n", e.msg);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct analysis res;
	struct analyze_input in;
	const char *nl;
	char *title = NULL;

	utf8_sanitize(&text, (const char *)data, size);
	memset(&in, 0, sizeof(in));
	nl = memchr(text.data, '\n', text.len);
	if (nl) {
		title = strndup(text.data, (size_t)(nl - text.data));
		in.title = title;
	}
	in.text = text.data;
	in.len = text.len;
	analyze(&an, &in, &a, &res);
	free(title);
	arena_release(&a);
	buf_release(&text);
	return 0;
}

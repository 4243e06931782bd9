/*
 * fuzz_json.c - the JSON reader (JSON-LD in pages, analyze --jsonl) and
 * the writer on what it read.
 */
#include "fuzz.h"
#include "common/arena.h"
#include "common/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct json *j;
	struct err e;

	if (json_parse((const char *)data, size, &a, &j, &e) == 0) {
		struct buf out = BUF_INIT;
		struct jw w;

		jw_init(&w, &out);
		json_write(&w, j);
		json_get_str(j, "@type");
		buf_release(&out);
	}
	arena_release(&a);
	return 0;
}

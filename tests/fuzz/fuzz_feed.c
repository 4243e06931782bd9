/*
 * fuzz_feed.c - the feed parser on arbitrary bytes, with and without an
 * HTTP Content-Type, and its JSON output.
 */
#include "fuzz.h"
#include "common/arena.h"
#include "common/json.h"
#include "crawler/feed/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct feed f;
	struct err e;
	struct feed_opts o = { .base_url = "http://example.kg/feed/",
			       .content_type = size & 1 ?
			       "application/rss+xml; charset=windows-1251" :
			       NULL };
	struct buf out = BUF_INIT;
	struct jw w;

	feed_parse_opts((const char *)data, size, &o, &a, &f, &e);
	jw_init(&w, &out);
	feed_write_json(&f, &w);
	buf_release(&out);
	arena_release(&a);
	return 0;
}

/*
 * fuzz_html.c - a page as the crawler takes it: charset decision and
 * conversion, then the article extractor (generic, and by an XPath).
 */
#include "fuzz.h"
#include "common/arena.h"
#include "common/charset.h"
#include "crawler/page/page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct buf html = BUF_INIT;
	struct page pg;
	struct err e;

	if (charset_to_utf8((const char *)data, size, NULL, &html, NULL, 0,
			    &e) == 0) {
		page_extract(html.data, html.len, "http://example.kg/a/1",
			     NULL, &a, &pg, &e);
		arena_reset(&a);
		page_extract(html.data, html.len, "http://example.kg/a/1",
			     "//article", &a, &pg, &e);
	}
	buf_release(&html);
	arena_release(&a);
	return 0;
}

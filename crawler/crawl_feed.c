/* crawl_feed.c - placeholder until the feed parser's API lands. */
#include "crawl.h"

int crawl_feed(struct crawl *c, size_t si, struct fetch_result *res)
{
	(void)res;
	crawl_source_failed(c, si, 0, "feed sources are not supported yet");
	return -1;
}

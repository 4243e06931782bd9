/* crawl_telegram.c - placeholder until the telegram parser's API lands. */
#include "crawl.h"

int crawl_telegram(struct crawl *c, size_t si, struct fetch_result *res)
{
	(void)res;
	crawl_source_failed(c, si, 0, "telegram sources are not supported yet");
	return -1;
}

/*
 * fuzz_robots.c - robots.txt parsing and matching: the input is the file,
 * its first line also serves as a path to match.
 */
#include "fuzz.h"
#include "crawler/fetch/robots.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct robots *r = robots_parse((const char *)data, size);
	const char *nl = memchr(data, '\n', size);
	size_t n = nl ? (size_t)(nl - (const char *)data) : size;
	char *path = malloc(n + 2);
	size_t ns;

	if (!path) {
		robots_free(r);
		return 0;
	}
	path[0] = '/';
	memcpy(path + 1, data, n);
	path[n + 1] = '\0';
	robots_allowed(r, "mediamon", path);
	robots_allowed(r, "Googlebot", "/");
	robots_sitemaps(r, &ns);
	free(path);
	robots_free(r);
	return 0;
}

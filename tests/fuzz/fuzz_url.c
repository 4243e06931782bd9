/*
 * fuzz_url.c - URL parsing, resolution against a base, the canonical
 * key and the host (IDNA through libidn2) on arbitrary text.
 */
#include "fuzz.h"
#include "common/url.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *r;
	struct url u;
	struct err e;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (url_parse(s, &u, &e) == 0)
		free(url_serialize(&u));
	url_release(&u);
	r = url_resolve("https://user:pw@\xd0\xba\xd0\xb3.example/a/b?c#d", s,
			&e);
	free(r);
	free(url_canonical(s, &e));
	free(url_host(s, &e));
	free(url_path_query(s, &e));
	free(s);
	return 0;
}

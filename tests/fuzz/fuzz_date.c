/*
 * fuzz_date.c - the date parser (RFC 822, W3C-DTF, ISO 8601, the
 * region's local formats) on arbitrary text.
 */
#include "fuzz.h"
#include "common/date.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	time_t t;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	date_parse(s, 6 * 3600, &t);
	free(s);
	return 0;
}

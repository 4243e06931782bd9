/*
 * handover.c - giving a message to libcurl piece by piece, with the
 * hand-over hook run just before the last piece (handover.h).
 */
#include "handover.h"

#include <curl/curl.h>
#include <string.h>

size_t handover_read(char *dst, size_t size, size_t nitems, void *arg)
{
	struct handover_upload *u = arg;
	size_t room = size * nitems, left = u->len - u->off;
	size_t n = left < room ? left : room;

	if (n && n == left && u->ho && !u->ho->done) {
		if (u->ho->fn(u->ho->arg) < 0)
			return CURL_READFUNC_ABORT;
		u->ho->done = 1;
	}
	memcpy(dst, u->data + u->off, n);
	u->off += n;
	return n;
}

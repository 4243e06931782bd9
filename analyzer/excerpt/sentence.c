/*
 * sentence.c - the sentence that names the office: what a reader is
 * shown of a material (the digest, alerts).  The analyser stores it with
 * its analysis, so a day's digest does not read 2,000 texts again.
 */
#include "sentence.h"

/* The sentence of text that holds byte off: from the end of the
 * previous sentence to the next full stop, at most about 400 bytes. */
const char *office_sentence(struct arena *a, const char *text, size_t len,
			    size_t off)
{
	size_t s = off, e = off;

	if (off >= len)
		return "";
	while (s > 0 && off - s < 300) {
		char c = text[s - 1];

		if (c == '\n' || ((c == '.' || c == '!' || c == '?') &&
				  s < len && text[s] == ' '))
			break;
		s--;
	}
	while (e < len && e - off < 300) {
		char c = text[e];

		e++;
		if (c == '\n' || ((c == '.' || c == '!' || c == '?') &&
				  (e == len || text[e] == ' ' ||
				   text[e] == '\n')))
			break;
	}
	/* never cut a UTF-8 sequence */
	while (s < off && ((unsigned char)text[s] & 0xc0) == 0x80)
		s++;
	while (e < len && ((unsigned char)text[e] & 0xc0) == 0x80)
		e++;
	while (s < e && (text[s] == ' ' || text[s] == '\n'))
		s++;
	while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\n'))
		e--;
	return arena_strndup(a, text + s, e - s);
}

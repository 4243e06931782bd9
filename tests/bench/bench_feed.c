/*
 * bench_feed.c - feed_parse() throughput in-process: every file is read
 * into memory first, then parsed whole, pass after pass, with one arena
 * reset per document as the crawler does.
 *   bench_feed [-r RUNS] [-t SECONDS] [-w WHAT] [-n PASSES] FILE...
 * Prints "feed parse: N feeds/s, M MB/s (...)"; with -n only parses.
 * A second line times libxml2's streaming reader alone over the same
 * bytes (xmlReaderForMemory read to the end, as "xmllint --stream"
 * does): the floor a feed parser on libxml2 is measured against.
 */
#include "bench.h"
#include "common/arena.h"
#include "common/err.h"
#include "crawler/feed/feed.h"

#include <libxml/xmlreader.h>

struct state {
	struct bench_set set;
	struct arena a;
	size_t entries, bozo;	/* of the last pass */
};

static void pass(void *ctx)
{
	struct state *s = ctx;

	s->entries = s->bozo = 0;
	for (size_t i = 0; i < s->set.n; i++) {
		struct feed f;
		struct err e;

		/* No HTTP: the BOM and XML declaration decide the encoding,
		 * as for a feed read from a file. */
		feed_parse(s->set.v[i].data, s->set.v[i].len,
			   "http://example.org/feed.xml", NULL, &s->a, &f, &e);
		s->entries += f.nentries;
		s->bozo += f.bozo != 0;
		arena_reset(&s->a);
	}
}

/* libxml2's reader to the end of each document, nothing kept. */
static void pass_reader(void *ctx)
{
	struct state *s = ctx;

	for (size_t i = 0; i < s->set.n; i++) {
		xmlTextReaderPtr r = xmlReaderForMemory(s->set.v[i].data,
						(int)s->set.v[i].len, NULL,
						NULL, XML_PARSE_NONET |
						XML_PARSE_NOERROR |
						XML_PARSE_NOWARNING);

		if (!r)
			continue;
		while (xmlTextReaderRead(r) == 1)
			;
		xmlFreeTextReader(r);
	}
}

int main(int argc, char **argv)
{
	struct state s = { .a = ARENA_INIT };
	struct bench_opts o;
	char note[128];
	double sec;
	int i = bench_getopt(argc, argv, &o, "feeds", NULL, NULL);

	if (i < 0 || i >= argc) {
		fprintf(stderr, "usage: bench_feed [-r RUNS] [-t SECONDS] "
			"[-w WHAT] [-n PASSES] FILE...\n");
		return 2;
	}
	for (; i < argc; i++)
		if (bench_load(&s.set, argv[i]) < 0)
			return 1;
	if (bench_count_only(&o, pass, &s))
		goto out;
	sec = bench_time(&o, pass, &s);
	snprintf(note, sizeof(note), "%zu entries, %zu bozo", s.entries,
		 s.bozo);
	bench_report(&o, "feed parse", "feeds", s.set.n, s.set.bytes,
		     s.set.n, sec, note);
	sec = bench_time(&o, pass_reader, &s);
	bench_report(&o, "libxml2 stream parse", "feeds", s.set.n,
		     s.set.bytes, s.set.n, sec, "xmlReaderForMemory read to "
		     "the end");
out:
	arena_release(&s.a);
	bench_set_free(&s.set);
	return 0;
}

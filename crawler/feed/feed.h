/*
 * feed.h - RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 documents into entries the
 * crawler stores.  The parser follows feedparser (Python) closely: the
 * same normalisation of titles, links, ids, content types, xml:base and
 * xml:lang, the same HTML sanitising, the same recovery from ill-formed
 * documents (reported in bozo), the same JSON vocabulary for
 * "mediamon parse-feed".
 */
#ifndef MM_FEED_H
#define MM_FEED_H

#include "common/arena.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/json.h"

#include <stddef.h>
#include <time.h>

/* A date as the feed wrote it, and the instant when it could be read. */
struct feed_date {
	const char *text;	/* NULL when the element is absent */
	time_t t;		/* UTC; 0 unless ok */
	int ok;			/* 1 when text parsed as a date */
};

struct feed_tag {
	const char *term;	/* never NULL */
	const char *scheme;	/* RSS domain, Atom scheme, or NULL */
	const char *label;	/* or NULL */
};

struct feed_enclosure {
	const char *href;	/* never NULL */
	const char *type;	/* MIME type or NULL */
	long long length;	/* bytes, -1 when absent or not a number */
};

/*
 * One item or entry.  Every string is UTF-8 in the caller's arena, NULL
 * when the feed did not give it.  title, summary and content are
 * feedparser's values: plain text when *_type is "text/plain", otherwise
 * sanitised HTML (scripts, styles, event handlers and javascript: URIs
 * removed; relative URIs made absolute).
 */
struct feed_entry {
	const char *title, *title_type;
	const char *link;	/* the alternate link, absolute when the
				 * feed's base allows */
	const char *id;		/* guid / id / rdf:about */
	const char *summary, *summary_type;
	const char *content, *content_type;	/* the first content */
	const char *author;	/* "Name (email)", name or email */
	const char *language;	/* xml:lang of the content (summary, title),
				 * else the feed's language, else NULL */
	struct feed_tag *tags;
	size_t ntags;
	struct feed_enclosure *enclosures;
	size_t nenclosures;
	struct feed_date published;	/* pubDate, published, issued... */
	struct feed_date updated;	/* updated, modified, dc:date... */
};

struct fv;

struct feed {
	int bozo;		/* the document was not well-formed XML or
				 * its encoding was misdeclared; what could be
				 * recovered is below all the same */
	const char *bozo_msg;	/* why, or NULL */
	const char *encoding;	/* feedparser's name ("utf-8",
				 * "windows-1251"...), "" when unknown */
	const char *version;	/* "rss20", "rss10", "atom10", "atom03",
				 * "rss091u", "rss"... "" when no feed */
	const char *hostile_dtd; /* why the DOCTYPE is an attack (it declares
				  * an external entity, or entities built
				  * from entities), or NULL.  Nothing of it
				  * was expanded or read; the crawler refuses
				  * such a feed all the same.  Static. */
	const char *title, *link, *subtitle, *language, *id, *author;
	struct feed_date published, updated;
	struct feed_entry *entries;
	size_t nentries;
	const struct fv *tree;	/* everything, for feed_write_json() */
};

/* Options beyond the document itself; zero-initialise for defaults. */
struct feed_opts {
	const char *base_url;	  /* the URL the document came from */
	const char *content_type; /* HTTP Content-Type; NULL when the bytes
				   * did not come over HTTP */
	const char *content_language; /* HTTP Content-Language or NULL */
	long default_offset;	  /* seconds east of UTC for dates without
				   * a zone (feedparser: 0) */
};

/*
 * Parse len bytes of data.  base_url resolves relative links (with the
 * document's xml:base); content_type is the HTTP header, whose charset
 * wins for XML media types (NULL: no HTTP, the BOM and XML declaration
 * decide).  Everything in *out lives in arena a.  Returns 0 - also for
 * an ill-formed document, with out->bozo set - or -1 with the cause in
 * e when nothing at all could be read (not XML, or larger than 64 MiB);
 * *out is then still a valid empty feed with bozo set.
 * External entities are never loaded and entity expansion is bounded.
 */
int feed_parse(const char *data, size_t len, const char *base_url,
	       const char *content_type, struct arena *a, struct feed *out,
	       struct err *e);
int feed_parse_opts(const char *data, size_t len, const struct feed_opts *o,
		    struct arena *a, struct feed *out, struct err *e);

/* The base for relative URLs of a document fetched from url whose
 * response had a Content-Location (may be NULL): the latter resolved
 * against the former when its scheme is safe, else url.  In arena a. */
const char *feed_base_url(struct arena *a, const char *url,
			  const char *content_location);

/* The whole result as one JSON object in feedparser's vocabulary: bozo,
 * encoding, version, feed{...}, entries[...], dates as written plus
 * *_parsed as RFC 3339 UTC. */
void feed_write_json(const struct feed *f, struct jw *w);

#endif

/*
 * telegram.h - posts of a public Telegram channel from its web preview
 * (https://t.me/s/CHANNEL): one struct tg_post per message bubble, with
 * its permanent URL, time, text and links.  Older posts are on
 * https://t.me/s/CHANNEL?before=ID, ID being the lowest one seen.
 */
#ifndef MM_TELEGRAM_H
#define MM_TELEGRAM_H

#include "common/arena.h"
#include "common/err.h"

#include <stddef.h>
#include <time.h>

/* Strings are valid UTF-8 in the caller's arena; url, channel and text
 * are never NULL. */
struct tg_post {
	const char *url;	/* https://t.me/CHANNEL/ID */
	const char *channel;	/* CHANNEL as in data-post */
	long id;		/* message number within the channel */
	time_t time;		/* UTC; valid when has_time */
	int has_time;
	const char *text;	/* message text or media caption; lines as
				 * in Telegram ("" for a bare photo) */
	const char *author;	/* signature of the channel admin, or NULL */
	const char *forwarded_from;	/* name of the origin, or NULL */
	const char **links;	/* absolute http(s) links in the text and
				 * the link preview, without duplicates */
	size_t n_links;
};

/* Parse n bytes of a channel preview page (UTF-8, as t.me serves it).
 * page_url resolves relative links (may be NULL).  On success *posts
 * (in the arena, page order: oldest first) and *n_posts are set, which
 * may be 0 for an empty channel.  Returns -1 with the cause in e when
 * the page is not a channel preview (t.me answers with its landing page
 * for channels whose preview is disabled). */
int telegram_parse(const char *html, size_t n, const char *page_url,
		   struct arena *a, struct tg_post **posts, size_t *n_posts,
		   struct err *e);

#endif

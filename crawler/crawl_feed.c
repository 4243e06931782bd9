/*
 * crawl_feed.c - a source's feed document into stored articles.  The
 * identity of an entry is its canonical link, not its guid: feeds repeat
 * one guid on every item or change it when a headline is edited, and
 * either would lose or duplicate stories.  The guid is kept for the
 * record and used only when an entry has no link.
 */
#include "crawl.h"
#include "common/day.h"
#include "common/log.h"
#include "common/url.h"
#include "common/xalloc.h"
#include "crawler/feed/feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Plain text of a feed text construct (feedparser keeps HTML as HTML). */
static const char *plain(struct crawl *c, const char *s, const char *type)
{
	if (!s)
		return NULL;
	if (type && !strcmp(type, "text/plain"))
		return s;
	return html_to_text(s, strlen(s), &c->arena);
}

/* Seconds east of UTC of time zone tz now: media sites print local
 * times without a zone, and the office's zone is the best reading. */
static long crawl_tz_offset(const char *tz)
{
	struct tm tm;

	day_localtime(tz, time(NULL), &tm);
	return tm.tm_gmtoff;
}

static int looks_like_url(const char *s)
{
	return s && (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8));
}

int crawl_feed(struct crawl *c, size_t si, struct fetch_result *res)
{
	const struct source *src = &c->cfg->sources[si];
	struct feed_opts opts = { .base_url = res->effective_url,
				  .content_type = res->content_type };
	struct store_article *arts;
	struct feed feed;
	struct err e;
	size_t n = 0, skipped = 0;
	int ret;

	opts.default_offset = crawl_tz_offset(c->cfg->timezone);
	if (feed_parse_opts(res->body.data, res->body.len, &opts, &c->arena,
			    &feed, &e) < 0) {
		crawl_source_failed(c, si, res->status, e.msg);
		return -1;
	}
	/* An attack, not news: the parser neutralised it, but the source
	 * is refused with a clear cause so the press office sees it. */
	if (feed.hostile_dtd) {
		char cause[128];

		snprintf(cause, sizeof(cause), "%s; refused", feed.hostile_dtd);
		crawl_source_failed(c, si, res->status, cause);
		return -1;
	}
	if (!feed.version[0] && feed.nentries == 0) {
		crawl_source_failed(c, si, res->status,
				    "the document is not an RSS or Atom feed");
		return -1;
	}
	if (feed.bozo)
		log_msg(LOG_INFO, src->name, "ill-formed feed, recovered %zu "
			"entries: %s", feed.nentries,
			feed.bozo_msg ? feed.bozo_msg : "unknown problem");
	arts = xcalloc(feed.nentries + 1, sizeof(*arts));
	for (size_t i = 0; i < feed.nentries; i++) {
		const struct feed_entry *fe = &feed.entries[i];
		const char *link = fe->link;
		const struct feed_date *d;
		struct store_article *a = &arts[n];
		char *key;

		if (!looks_like_url(link) && looks_like_url(fe->id))
			link = fe->id;
		key = looks_like_url(link) ? url_canonical(link, &e) : NULL;
		if (!key) {
			skipped++;
			continue;
		}
		a->canonical_url = arena_strdup(&c->arena, key);
		free(key);
		a->source_id = c->st[si].id;
		a->url = link;
		a->guid = fe->id;
		a->title = plain(c, fe->title, fe->title_type);
		a->summary = plain(c, fe->summary, fe->summary_type);
		a->text = plain(c, fe->content, fe->content_type);
		a->author = fe->author;
		a->lang = fe->language ? fe->language : src->lang;
		d = fe->published.ok ? &fe->published : &fe->updated;
		a->published = d->t;
		a->has_published = d->ok;
		a->published_text = fe->published.text ? fe->published.text :
							 fe->updated.text;
		a->warc_file = res->warc_file;
		a->warc_offset = res->warc_offset;
		a->body_sha256 = res->sha256[0] ? res->sha256 : NULL;
		a->page_status = STORE_PAGE_PENDING;
		n++;
	}
	if (skipped)
		log_msg(LOG_WARN, src->name, "%zu feed entries without a usable "
			"link were skipped", skipped);
	ret = crawl_store_articles(c, si, arts, n);
	free(arts);
	return ret;
}

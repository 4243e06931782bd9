/*
 * crawl_telegram.c - a public channel's web preview into stored articles:
 * each post is a whole article (its permanent t.me URL, time and text),
 * so no page is fetched for it.
 */
#include "crawl.h"
#include "common/charset.h"
#include "common/log.h"
#include "common/url.h"
#include "common/xalloc.h"
#include "telegram.h"

#include <stdlib.h>
#include <string.h>

/* A headline for a post: its first line, cut at a word near 140 bytes. */
static const char *post_title(struct arena *a, const char *text)
{
	size_t n = strcspn(text, "\n");
	size_t cut = n;

	if (n > 140) {
		cut = 140;
		while (cut > 60 && text[cut] != ' ')
			cut--;
		/* never split a UTF-8 sequence */
		while (cut > 0 && ((unsigned char)text[cut] & 0xc0) == 0x80)
			cut--;
	}
	return cut ? arena_strndup(a, text, cut) : NULL;
}

/* Ask for the page before the oldest post of this one when every post on
 * it was new: the channel published more since the last run. */
static void want_older(struct crawl *c, size_t si, const struct tg_post *posts,
		       size_t n, int depth)
{
	struct buf url = BUF_INIT;
	struct tg_older *job;
	long oldest = 0;

	if (!c->eng || depth >= TG_MAX_PAGES)
		return;
	for (size_t i = 0; i < n; i++)
		if (!oldest || posts[i].id < oldest)
			oldest = posts[i].id;
	if (oldest <= 1)
		return;
	buf_addf(&url, "%s%sbefore=%ld", c->cfg->sources[si].url,
		 strchr(c->cfg->sources[si].url, '?') ? "&" : "?", oldest);
	job = xmalloc(sizeof(*job));
	job->source = si;
	job->depth = depth + 1;
	fetch_add(c->eng, &(struct fetch_request){ .url = url.data,
						   .kind = CRAWL_OLDER,
						   .userdata = job });
	buf_release(&url);
}

/* Store the posts of one channel page; depth counts pages so far. */
static int store_posts(struct crawl *c, size_t si, struct fetch_result *res,
		       int depth)
{
	const struct source *src = &c->cfg->sources[si];
	struct buf html = BUF_INIT;
	struct store_article *arts = NULL;
	struct tg_post *posts;
	size_t n = 0, k = 0;
	struct err e;
	int ret = -1;

	if (charset_to_utf8(res->body.data, res->body.len, res->content_type,
			    &html, NULL, 0, &e) < 0 ||
	    telegram_parse(html.data, html.len, res->effective_url, &c->arena,
			   &posts, &n, &e) < 0) {
		crawl_source_failed(c, si, res->status, e.msg);
		goto out;
	}
	arts = xcalloc(n + 1, sizeof(*arts));
	for (size_t i = 0; i < n; i++) {
		struct store_article *a = &arts[k];
		char *key = url_canonical(posts[i].url, &e);

		if (!key || !posts[i].text[0]) {
			free(key);
			continue;	/* a bare photo says nothing to analyse */
		}
		a->canonical_url = arena_strdup(&c->arena, key);
		free(key);
		a->source_id = c->st[si].id;
		a->url = posts[i].url;
		a->title = post_title(&c->arena, posts[i].text);
		a->text = posts[i].text;
		a->author = posts[i].author;
		a->links = posts[i].links;
		a->n_links = posts[i].n_links;
		a->lang = src->lang;
		a->published = posts[i].time;
		a->has_published = posts[i].has_time;
		a->warc_file = res->warc_file;
		a->warc_offset = res->warc_offset;
		a->body_sha256 = res->sha256[0] ? res->sha256 : NULL;
		a->page_status = STORE_PAGE_FEED_ONLY;
		k++;
	}
	{
		int before = c->st[si].items_new;

		ret = crawl_store_articles(c, si, arts, k);
		if (ret == 0 && k > 0 && c->st[si].items_new - before == (int)k)
			want_older(c, si, posts, n, depth);
	}
out:
	free(arts);
	buf_release(&html);
	return ret;
}

int crawl_telegram(struct crawl *c, size_t si, struct fetch_result *res)
{
	return store_posts(c, si, res, 1);
}

void crawl_older_done(struct crawl *c, struct tg_older *job,
		      struct fetch_result *res)
{
	const char *name = c->cfg->sources[job->source].name;

	if (res->outcome != FETCH_OK)
		log_msg(LOG_WARN, name, "older posts '%s': %s", res->url,
			res->outcome == FETCH_FAILED ? res->cause :
						       "not modified");
	else
		store_posts(c, job->source, res, job->depth);
	arena_reset(&c->arena);
	free(job);
}

long crawl_older_source(const struct crawl *c, const char *url)
{
	for (size_t i = 0; i < c->cfg->n_sources; i++) {
		const struct source *src = &c->cfg->sources[i];
		size_t n = strlen(src->url);

		if (src->type == SOURCE_TELEGRAM && c->st[i].selected &&
		    !strncmp(url, src->url, n) &&
		    (!strncmp(url + n, "?before=", 8) ||
		     !strncmp(url + n, "&before=", 8)))
			return (long)i;
	}
	return -1;
}

int crawl_older_replay(struct crawl *c, size_t si, struct fetch_result *res)
{
	int r = store_posts(c, si, res, TG_MAX_PAGES);

	arena_reset(&c->arena);
	return r;
}

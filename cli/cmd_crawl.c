/*
 * cmd_crawl.c - "mediamon crawl": fetch every enabled source and the new
 * articles they list, store them, and report per source.  Also replays a
 * WARC archive (--replay) and re-extracts stored pages (--reextract)
 * through the same handlers, without the network.
 */
#include "cli.h"
#include "progress.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "crawler/crawl.h"
#include "crawler/crawl_replay.h"
#include "crawler/warc/warc.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The progress line (a terminal only): sources done, articles, the
 * rate of new articles, the time left by the sources still to do. */
static void draw_progress(const struct crawl *c, void *arg)
{
	struct progress_counts n = { (long)c->done, (long)c->total,
				     c->articles_new, "articles" };

	progress_draw(arg, &n, "crawl: %zu/%zu sources, %d new articles, "
		      "%d errors", c->done, c->total, c->articles_new,
		      c->errors);
}

static void add_sources(struct crawl *c);

static void on_done(struct fetch_engine *eng, struct fetch_result *res,
		    void *cbdata)
{
	struct crawl *c = cbdata;

	(void)eng;
	if (res->kind == CRAWL_SOURCE) {
		crawl_source_done(c, (size_t)(uintptr_t)res->userdata, res);
		add_sources(c);
	} else if (res->kind == CRAWL_OLDER)
		crawl_older_done(c, res->userdata, res);
	else
		crawl_article_done(c, res->userdata, res);
	if (c->tick)
		c->tick(c, c->tick_arg);
}

/* mkdir -p for the archive directory. */
static int make_dir(const char *path, struct err *e)
{
	char *p = xstrdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			free(p);
			return err_set(e, "cannot create '%s': %s", path,
				       strerror(errno));
		}
		*s = '/';
	}
	if (mkdir(p, 0755) < 0 && errno != EEXIST) {
		free(p);
		return err_set(e, "cannot create '%s': %s", path,
			       strerror(errno));
	}
	free(p);
	return 0;
}

static void print_summary(const struct crawl *c, double seconds)
{
	int failed = 0, pages = 0;

	printf("%-20s %-12s %4s %5s %5s %6s %9s  %s\n", "SOURCE", "STATUS",
	       "HTTP", "NEW", "SEEN", "PAGES", "BYTES", "ERROR");
	for (size_t i = 0; i < c->cfg->n_sources; i++) {
		const struct source_state *s = &c->st[i];

		if (!s->selected)
			continue;
		failed += s->status == STORE_STATUS_FAILED;
		pages += s->pages_ok;
		printf("%-20s %-12s %4ld %5d %5d %3d/%-3d %9lld  %s\n",
		       c->cfg->sources[i].name,
		       s->status != STORE_STATUS_NONE ?
			       store_status_name(s->status) : "-",
		       s->http_status, s->items_new, s->items_seen,
		       s->pages_ok, s->pages_ok + s->pages_failed, s->bytes,
		       s->error);
	}
	printf("crawl: %zu sources, %d failed, %d new articles, %d updated, "
	       "%d pages in %.1f s\n", c->total, failed, c->articles_new,
	       c->articles_updated, pages, seconds);
}

/* Select sources by --only names (all enabled ones when none). */
static int select_sources(const struct command *self, struct crawl *c,
			  char **only, size_t n_only)
{
	for (size_t j = 0; j < n_only; j++)
		if (!config_find_source(c->cfg, only[j]))
			return usage_error(self, "no source named '%s' in '%s'",
					   only[j], c->cfg->path);
	for (size_t i = 0; i < c->cfg->n_sources; i++) {
		const struct source *s = &c->cfg->sources[i];
		int pick = n_only == 0 && s->enabled;

		for (size_t j = 0; j < n_only; j++)
			pick |= !strcmp(only[j], s->name);
		c->st[i].selected = pick;
		c->total += (size_t)pick;
	}
	return 0;
}

/*
 * Queue the next sources, claimed for this run, while fewer than a
 * window of them are waiting for their document: crawlers started
 * together each claim as they have room, so they share the sources
 * instead of fetching each one several times.  A source another running
 * crawl holds is left out of this run.  A database error stops adding.
 */
static void add_sources(struct crawl *c)
{
	long conc = c->cfg->crawler.concurrency;
	size_t window = (size_t)(conc > 4 ? 4 * conc : 16);

	while (c->next_source < c->cfg->n_sources &&
	       c->sources_queued - c->done < window && !c->db_failed) {
		size_t i = c->next_source++;
		const struct source *src = &c->cfg->sources[i];
		char *etag = NULL, *lm = NULL;
		struct err e;
		int mine;

		if (!c->st[i].selected)
			continue;
		mine = store_claim_source(c->db, c->st[i].id, c->run_id, &e);
		if (mine == 0) {
			log_msg(LOG_INFO, src->name, "another crawler has it "
				"in its run: left to that one");
			c->st[i].selected = 0;
			c->total--;
			continue;
		}
		if (mine < 0 || store_source_validators(c->db, c->st[i].id,
							&etag, &lm, &e) < 0) {
			log_msg(LOG_ERROR, src->name, "could not claim the "
				"source: %s", e.msg);
			c->db_failed = 1;
			return;
		}
		fetch_add(c->eng, &(struct fetch_request){
					  .url = src->url,
					  .kind = CRAWL_SOURCE,
					  .userdata = (void *)(uintptr_t)i,
					  .if_none_match = etag,
					  .if_modified_since = lm });
		c->sources_queued++;
		free(etag);
		free(lm);
	}
}

static int crawl_live(struct crawl *c)
{
	struct err e = { "" };
	struct warc_writer *warc = NULL;
	char *warc_dir = crawl_warc_dir(c->cfg);
	int ret = -1;

	c->eng = fetch_engine_new(&c->cfg->crawler, &e);
	if (!c->eng)
		goto out;
	if (warc_dir) {
		if (make_dir(warc_dir, &e) < 0)
			goto out;
		warc = warc_writer_open(warc_dir, c->cfg->crawler.warc_max_mb,
					&e);
		if (!warc)
			goto out;
		fetch_engine_set_warc(c->eng, warc);
	}
	for (size_t i = 0; i < c->cfg->n_sources; i++)
		if (c->st[i].selected)
			fetch_engine_set_credentials(
				c->eng, c->cfg->sources[i].url,
				c->cfg->sources[i].userinfo);
	fetch_engine_set_gate(c->eng, crawl_host_gate, c);
	add_sources(c);
	if (c->db_failed) {
		err_set(&e, "could not claim the sources");
		goto out;
	}
	if (fetch_run(c->eng, on_done, c, &e) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		log_msg(LOG_ERROR, NULL, "%s", e.msg);
	if (warc && warc_writer_close(warc, &e) < 0) {
		log_msg(LOG_ERROR, NULL, "evidence archive: %s", e.msg);
		ret = -1;
	}
	fetch_engine_free(c->eng);
	c->eng = NULL;
	free(warc_dir);
	return ret;
}

struct crawl_opts {
	char **only;
	size_t n_only;
	const char *replay;
	const char *since;	/* YYYY-MM-DD, with reextract */
	int reextract, strict;
};

static int crawl_main(const struct command *self, struct ctx *ctx,
		      const struct crawl_opts *o, struct crawl_totals *tot)
{
	struct crawl c;
	struct progress bar;
	int ret = EXIT_FAIL, r;
	int *ids = NULL;
	struct err e = { "" };
	struct timespec t0, t1;
	FILE *probe;

	/* A replay of a file that is not there stops before any table. */
	if (o->replay) {
		probe = fopen(o->replay, "rb");
		if (!probe)
			return log_fail(NULL, "cannot open '%s': %s",
					o->replay, strerror(errno)), EXIT_FAIL;
		fclose(probe);
	}
	memset(&c, 0, sizeof(c));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	c.cfg = ctx->cfg;
	c.db = ctx->db;
	c.st = xcalloc(ctx->cfg->n_sources + 1, sizeof(*c.st));
	ids = xcalloc(ctx->cfg->n_sources + 1, sizeof(*ids));
	progress_init(&bar);
	if (bar.on) {
		c.tick = draw_progress;
		c.tick_arg = &bar;
	}
	r = select_sources(self, &c, o->only, o->n_only);
	if (r) {
		ret = r;
		goto out;
	}
	if (store_sync_sources(c.db, c.cfg, ids, &e) < 0 ||
	    store_run_begin(c.db, o->replay ? "replay" : o->reextract ?
				  "reextract" : "crawl", &c.run_id, &e) < 0) {
		log_msg(LOG_ERROR, NULL, "cannot record the run: %s", e.msg);
		goto out;
	}
	for (size_t i = 0; i < c.cfg->n_sources; i++)
		c.st[i].id = ids[i];
	if (o->replay)
		r = crawl_replay(&c, o->replay);
	else if (o->reextract)
		r = crawl_reextract(&c, o->since);
	else
		r = crawl_live(&c);
	crawl_flush(&c);
	progress_end(&bar);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!o->reextract)
		print_summary(&c, (double)(t1.tv_sec - t0.tv_sec) +
					  (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	{
		struct store_run_totals t = { (int)c.total, 0, c.articles_new,
					      c.articles_updated };

		for (size_t i = 0; i < c.cfg->n_sources; i++)
			t.sources_failed +=
				c.st[i].selected &&
				c.st[i].status == STORE_STATUS_FAILED;
		if (store_run_finish(c.db, c.run_id, &t, &e) < 0) {
			log_msg(LOG_ERROR, NULL, "cannot record the run: %s",
				e.msg);
			c.db_failed = 1;
		}
		if (tot) {
			tot->sources = t.sources_total;
			tot->sources_failed = t.sources_failed;
		}
		if (r < 0 || c.db_failed)
			ret = EXIT_FAIL;
		else if (o->strict && t.sources_failed)
			ret = EXIT_FAIL;
		else
			ret = EXIT_OK;
	}
out:
	store_batch_release(&c.batch);
	arena_release(&c.arena);
	free(c.queued);
	free(c.st);
	free(ids);
	return ret;
}

int cli_crawl_all(struct ctx *ctx, struct crawl_totals *out)
{
	struct crawl_opts o = { 0 };

	return crawl_main(command_find("crawl"), ctx, &o, out);
}

int cmd_crawl(const struct command *self, int argc, char **argv,
	      struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "only", required_argument, NULL, 'o' },
		{ "strict", no_argument, NULL, 's' },
		{ "replay", required_argument, NULL, 'r' },
		{ "reextract", no_argument, NULL, 'x' },
		{ "since", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	struct crawl_opts o = { 0 };
	char since[11];
	int opt, ret;

	o.only = xcalloc((size_t)argc + 1, sizeof(char *));
	while ((opt = cli_getopt(self, argc, argv, opts)) != -1) {
		switch (opt) {
		case 'o': o.only[o.n_only++] = optarg; break;
		case 's': o.strict = 1; break;
		case 'r': o.replay = optarg; break;
		case 'x': o.reextract = 1; break;
		case 'S':
			if (cli_date(self, "--since", optarg, since)) {
				free(o.only);
				return EXIT_USAGE;
			}
			o.since = since;
			break;
		default: free(o.only); return EXIT_USAGE;
		}
	}
	/* "--only a b c": names may also follow as plain arguments. */
	for (; optind < argc; optind++) {
		if (!o.n_only) {
			free(o.only);
			return usage_error(self, "unexpected argument '%s'",
					   argv[optind]);
		}
		o.only[o.n_only++] = argv[optind];
	}
	if ((o.replay && o.reextract) || (o.since && !o.reextract)) {
		free(o.only);
		return usage_error(self, o.replay ? "--replay and --reextract "
				   "exclude each other" :
				   "--since goes with --reextract");
	}
	ret = cli_setup(ctx, self->flags);
	if (ret == EXIT_OK)
		ret = crawl_main(self, ctx, &o, NULL);
	free(o.only);
	return ret;
}

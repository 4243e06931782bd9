/*
 * cmd_analyze.c - "mediamon analyze": one text (--text), a batch of JSON
 * lines (--jsonl), or, with neither, every stored article not yet
 * analysed with the current lexicons (analyze_db.c).  Text and batch
 * modes need no database and no sources.yaml.
 */
#include "cli.h"
#include "digest/web/page_cache.h"
#include "progress.h"
#include "analyzer/analyze.h"
#include "analyzer/analyze_db.h"
#include "analyzer/rx.h"
#include "analyzer/story/story.h"
#include "common/buf.h"
#include "common/config.h"
#include "common/fileio.h"
#include "common/json.h"
#include "common/log.h"
#include "common/paths.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEXT_CAP (16 << 20)	/* one article; far above any real one */

struct opts {
	const char *text, *jsonl, *country, *lexicons, *title;
	int all;
	long batch;
};

/* The lexicon directory: --lexicons, else DATADIR/analyzer/lexicons/CC. */
static const char *lexicon_dir(const struct opts *o, struct buf *b)
{
	if (o->lexicons)
		return o->lexicons;
	buf_addf(b, "%s/analyzer/lexicons/%s", mm_datadir(), o->country);
	return b->data;
}

static int write_line(struct buf *out)
{
	buf_addch(out, '\n');
	if (fwrite(out->data, 1, out->len, stdout) != out->len)
		return log_fail(NULL, "could not write output: %s",
				strerror(errno));
	buf_reset(out);
	return 0;
}

static int run_text(struct analyzer *an, const struct opts *o)
{
	struct buf in = BUF_INIT, clean = BUF_INIT, out = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct analyze_input ai = { 0 };
	struct analysis r;
	struct err e;
	struct jw w;
	int ret = EXIT_FAIL;

	buf_init(&in, TEXT_CAP);
	if (file_read(o->text, &in, &e) < 0) {
		log_msg(LOG_ERROR, NULL, "%s", e.msg);
		/* a quoted sentence is a common first try */
		if (strchr(o->text, ' '))
			log_msg(LOG_ERROR, NULL, "--text takes a file, or - "
				"for standard input: echo 'TEXT' | mediamon "
				"analyze --text -");
		goto out;
	}
	if (!utf8_valid(in.data, in.len))
		log_msg(LOG_WARN, NULL, "'%s' is not valid UTF-8; invalid "
			"bytes replaced", o->text);
	utf8_sanitize(&clean, in.data, in.len);
	ai.text = clean.data;
	ai.len = clean.len;
	ai.title = o->title;
	analyze(an, &ai, &a, &r);
	jw_init(&w, &out);
	analysis_json(an, &r, NULL, clean.data, &w);
	if (write_line(&out) == 0)
		ret = EXIT_OK;
out:
	arena_release(&a);
	buf_release(&in);
	buf_release(&clean);
	buf_release(&out);
	return ret;
}

static void error_line(struct buf *out, long line, const struct json *id,
		       const char *msg)
{
	struct jw w;

	log_msg(LOG_WARN, NULL, "line %ld: %s", line, msg);
	jw_init(&w, out);
	jw_obj_begin(&w);
	jw_key(&w, "line");
	jw_int(&w, line);
	if (id && id->type == JSON_STR) {
		jw_key(&w, "id");
		jw_strn(&w, id->str, id->len);
	} else if (id && id->type == JSON_NUM) {
		jw_key(&w, "id");
		jw_num(&w, id->num);
	}
	jw_key(&w, "error");
	jw_str(&w, msg);
	jw_obj_end(&w);
}

/* Is off a valid cut in text (not inside a UTF-8 sequence)? */
static int on_boundary(const char *s, size_t n, size_t off)
{
	return off == 0 || off == n || (off < n &&
					((unsigned char)s[off] & 0xc0) != 0x80);
}

/* Read one input object into ai; NULL, or the reason it is refused. */
static const char *read_item(const struct json *j, struct analyze_input *ai)
{
	const struct json *t = json_get(j, "text"), *id = json_get(j, "id");
	const struct json *ti = json_get(j, "title"), *tg;

	if (j->type != JSON_OBJ)
		return "not a JSON object";
	if (!t || t->type != JSON_STR)
		return "missing string \"text\"";
	if (id && id->type != JSON_STR && id->type != JSON_NUM)
		return "\"id\" must be a string or a number";
	if (ti && ti->type != JSON_STR && ti->type != JSON_NULL)
		return "\"title\" must be a string";
	memset(ai, 0, sizeof(*ai));
	ai->text = t->str;
	ai->len = t->len;
	ai->title = ti && ti->type == JSON_STR && !memchr(ti->str, 0,
							   ti->len) ?
		    ti->str : NULL;
	ai->country = json_get_str(j, "country");
	tg = json_get(j, "target");
	if (tg && tg->type != JSON_NULL) {
		const struct json *s = json_get(tg, "start"),
				  *e = json_get(tg, "end");

		if (!s || !e || s->type != JSON_NUM || e->type != JSON_NUM ||
		    s->num < 0 || e->num > (double)t->len || s->num >= e->num ||
		    s->num != (double)(size_t)s->num ||
		    e->num != (double)(size_t)e->num)
			return "\"target\" must be {\"start\",\"end\"}: a "
			       "byte span inside \"text\"";
		ai->has_target = 1;
		ai->tstart = (size_t)s->num;
		ai->tend = (size_t)e->num;
		if (!on_boundary(t->str, t->len, ai->tstart) ||
		    !on_boundary(t->str, t->len, ai->tend))
			return "\"target\" cuts a UTF-8 character";
	}
	return NULL;
}

static int run_jsonl(struct analyzer *an, const struct opts *o)
{
	FILE *f = strcmp(o->jsonl, "-") ? fopen(o->jsonl, "r") : stdin;
	struct buf out = BUF_INIT;
	struct arena a = ARENA_INIT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0, bad = 0;
	int ret = EXIT_OK;

	if (!f)
		return log_fail(NULL, "cannot open '%s': %s", o->jsonl,
				strerror(errno)), EXIT_FAIL;
	while ((n = getline(&line, &cap, f)) >= 0) {
		struct analyze_input ai;
		struct analysis r;
		struct json *j = NULL;
		struct err e;
		const char *why;
		struct jw w;

		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		why = NULL;
		if ((size_t)n > TEXT_CAP)
			why = "line too long";
		else if (!utf8_valid(line, (size_t)n))
			why = "not valid UTF-8";
		else if (json_parse(line, (size_t)n, &a, &j, &e) < 0)
			why = e.msg;
		else
			why = read_item(j, &ai);
		if (why) {
			error_line(&out, lineno, j ? json_get(j, "id") : NULL,
				   why);
			bad++;
		} else {
			analyze(an, &ai, &a, &r);
			jw_init(&w, &out);
			analysis_json(an, &r, json_get(j, "id"), ai.text, &w);
		}
		if (write_line(&out) < 0) {
			ret = EXIT_FAIL;
			break;
		}
		arena_reset(&a);
	}
	if (ferror(f)) {
		log_msg(LOG_ERROR, NULL, "could not read '%s': %s", o->jsonl,
			strerror(errno));
		ret = EXIT_FAIL;
	}
	if (f != stdin)
		fclose(f);
	if (bad && ret == EXIT_OK) {
		log_msg(LOG_WARN, NULL, "%ld of %ld lines refused", bad,
			lineno);
		ret = EXIT_FAIL;
	}
	free(line);
	buf_release(&out);
	arena_release(&a);
	return ret;
}

/* Reprints and retellings into stories; press releases and pickups. */
static int cluster_stories(struct db *db)
{
	struct story_stats st;
	struct err e = { "" };

	if (story_cluster(db, &story_opts_default, &st, &e) < 0)
		return log_fail(NULL, "could not cluster stories: %s", e.msg);
	if (st.clustered)
		log_msg(LOG_INFO, NULL, "stories: %ld articles clustered, %ld "
			"new stories, %ld joined by text, %ld by link; %ld "
			"press releases, %ld pickups", st.clustered,
			st.started, st.joined_text, st.joined_link,
			st.releases, st.pickups);
	return 0;
}

/* The progress line of the database mode (a terminal only). */
static void draw_progress(const struct analyze_progress *p, void *arg)
{
	struct progress_counts n = { p->done, p->total, p->done,
				     "articles" };

	progress_draw(arg, &n, "analyze: %ld/%ld articles, %ld mentions, %ld "
		      "violations", p->done, p->total, p->mentions,
		      p->violations);
}

/* The database mode: sources.yaml says the country and the lexicons
 * unless both options did; the dispatcher sets up what is needed. */
static int run_db(struct ctx *ctx, const struct opts *o)
{
	const char *country = o->country, *lexicons = o->lexicons;
	struct buf dir = BUF_INIT, other = BUF_INIT;
	struct progress bar;
	int ret;

	ret = cli_setup(ctx, NEED_DB | (country && lexicons ? 0 :
					NEED_CONFIG));
	if (ret != EXIT_OK)
		return ret;
	/* a lexicon folder is one country's: --country names its own */
	if (!lexicons && country && strcmp(country, ctx->cfg->country)) {
		buf_addf(&other, "analyzer/lexicons/%s", country);
		lexicons = other.data;
	}
	if (!country)
		country = ctx->cfg->country;
	if (!lexicons)
		lexicons = ctx->cfg->lexicon_dir;
	analyze_lexicon_path(lexicons, ctx->sources_path, &dir);
	progress_init(&bar);
	ret = analyze_db(ctx->db, dir.data, country, o->all, (int)o->batch,
			 bar.on ? draw_progress : NULL, &bar);
	progress_end(&bar);
	buf_release(&dir);
	buf_release(&other);
	/* Stories after mentions: the media index needs both; routing
	 * after stories: reprints of one event join one case. */
	if (cluster_stories(ctx->db) < 0)
		ret = -1;
	if (cli_setup(ctx, WANT_ROUTING) != EXIT_OK ||
	    cli_route(ctx, 0) != EXIT_OK)
		ret = -1;
	/* the web server forgets old change records too, but may not run:
	 * the pipeline's every-half-hour stage keeps the table small */
	{
		struct err e = { "" };

		if (page_cache_prune(ctx->db, &e) < 0)
			log_msg(LOG_WARN, NULL, "could not forget old change "
				"records: %s", e.msg);
	}
	return ret < 0 ? EXIT_FAIL : EXIT_OK;
}

int cli_analyze_new(struct ctx *ctx)
{
	struct opts o = { .batch = 100 };

	return run_db(ctx, &o);
}

int cmd_analyze(const struct command *self, int argc, char **argv,
		struct ctx *ctx)
{
	static const struct option longopts[] = {
		{ "text", required_argument, NULL, 't' },
		{ "jsonl", required_argument, NULL, 'j' },
		{ "title", required_argument, NULL, 'T' },
		{ "country", required_argument, NULL, 'c' },
		{ "lexicons", required_argument, NULL, 'l' },
		{ "all", no_argument, NULL, 'a' },
		{ "batch", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o = { .country = NULL, .batch = 100 };
	struct analyzer an;
	struct buf dir = BUF_INIT;
	struct err e;
	int opt, ret;

	while ((opt = cli_getopt(self, argc, argv, longopts)) != -1) {
		switch (opt) {
		case 't':
			o.text = optarg;
			break;
		case 'j':
			o.jsonl = optarg;
			break;
		case 'T':
			o.title = optarg;
			break;
		case 'c':
			o.country = optarg;
			break;
		case 'l':
			o.lexicons = optarg;
			break;
		case 'a':
			o.all = 1;
			break;
		case 'b': {
			char *end;

			o.batch = strtol(optarg, &end, 10);
			if (*end || o.batch < 1 || o.batch > 100000)
				return usage_error(self, "--batch '%s' is not "
						   "a number from 1 to 100000",
						   optarg);
			break;
		}
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s' (--text "
				   "takes a file, or - for standard input)",
				   argv[optind]);
	if (o.text && o.jsonl)
		return usage_error(self, "--text and --jsonl exclude each "
				   "other");
	if (!o.text && !o.jsonl)
		return run_db(ctx, &o);
	if (o.all)
		return usage_error(self, "--all applies to the database mode");
	/* No --country: the media list's country when there is a list
	 * (country: kz analyses as Kazakhstan), else Kyrgyzstan. */
	if (!o.country && access(ctx->sources_path, R_OK) == 0) {
		if (cli_setup(ctx, NEED_CONFIG) != EXIT_OK)
			return EXIT_FAIL;
		o.country = ctx->cfg->country;
		if (!o.lexicons) {
			analyze_lexicon_path(ctx->cfg->lexicon_dir,
					     ctx->cfg->path, &dir);
			o.lexicons = dir.data;
		}
	}
	if (!o.country)
		o.country = CONFIG_COUNTRY;
	if (analyzer_open(&an, lexicon_dir(&o, &dir), o.country, &e) < 0) {
		log_msg(LOG_ERROR, NULL, "cannot load lexicons: %s", e.msg);
		buf_release(&dir);
		return EXIT_FAIL;
	}
	ret = o.text ? run_text(&an, &o) : run_jsonl(&an, &o);
	analyzer_close(&an);
	buf_release(&dir);
	return ret;
}

/*
 * eval_feeds.c - score the feed parser on feedparser's own test cases: each
 * file is parsed as served (HTTP headers, URL), written by
 * feed_write_json() as "parse-feed" does, read back, and the case's path
 * looked up.  Usage: eval_feeds [-v] [CASES.jsonl]
 */
#include "common/arena.h"
#include "common/buf.h"
#include "common/fileio.h"
#include "common/json.h"
#include "crawler/feed/feed.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_CASES "../shared/eval/feedparser-feeds/cases.jsonl"
#define MAX_CATEGORIES 32

struct tally {
	int pass, total, lenient;
};

struct category {
	const char *name;
	int fail, total;
};

struct doc {
	char *key;		/* file + headers: reparse when it changes */
	struct arena a;
	const struct json *root;
	int bozo;
};

static const struct json *header(const struct json *h, const char *name)
{
	for (size_t i = 0; h && h->type == JSON_OBJ && i < h->n; i++)
		if (!strcasecmp(h->keys[i], name) &&
		    h->vals[i]->type == JSON_STR)
			return h->vals[i];
	return NULL;
}

/* Parse the case's file as served; the result tree, or NULL. */
static int load(struct doc *d, const char *dir, const struct json *c,
		struct err *e)
{
	const char *file = json_get_str(c, "file");
	const struct json *h = json_get(c, "http_headers");
	const struct json *ct = header(h, "content-type");
	const struct json *cl = header(h, "content-location");
	const struct json *lang = header(h, "content-language");
	const char *url = json_get_str(c, "doc_url");
	struct feed_opts o = { 0 };
	struct buf path = BUF_INIT, data = BUF_INIT, out = BUF_INIT;
	struct feed f;
	struct jw w;
	struct json *root;
	int ret = -1;

	arena_reset(&d->a);
	d->root = NULL;
	buf_addf(&path, "%s/%s", dir, file ? file : "");
	if (file_read(path.data, &data, e) < 0)
		goto out;
	if (h) {
		/* feedparser's test server sends text/xml by default. */
		o.content_type = ct ? ct->str : "";
		o.content_language = lang ? lang->str : NULL;
	}
	o.base_url = feed_base_url(&d->a, url ? url : "",
				   cl ? cl->str : NULL);
	feed_parse_opts(data.data, data.len, &o, &d->a, &f, e);
	jw_init(&w, &out);
	feed_write_json(&f, &w);
	if (json_parse(out.data, out.len, &d->a, &root, e) < 0)
		goto out;
	d->root = root;
	d->bozo = f.bozo;
	ret = 0;
out:
	buf_release(&path);
	buf_release(&data);
	buf_release(&out);
	return ret;
}

/* Look up a feedparser path ("entries[0].links[1].href",
 * 'feed["thr_in-reply-to"].ref', 'entries[0]["links[rel=license]"]')
 * in v.  NULL when absent. */
static const struct json *lookup(const struct json *v, const char *p)
{
	char key[128];

	while (v && *p) {
		size_t n = 0;

		if (*p == '.')
			p++;
		if (*p == '[' && isdigit((unsigned char)p[1])) {
			size_t i = strtoul(p + 1, (char **)&p, 10);

			if (*p++ != ']' || v->type != JSON_ARR || i >= v->n)
				return NULL;
			v = v->vals[i];
			continue;
		}
		if (*p == '[' && p[1] == '"') {
			p += 2;
			while (*p && *p != '"' && n + 1 < sizeof(key))
				key[n++] = *p++;
			if (*p != '"' || p[1] != ']')
				return NULL;
			p += 2;
		} else {
			while (*p && *p != '.' && *p != '[' &&
			       n + 1 < sizeof(key))
				key[n++] = *p++;
		}
		key[n] = '\0';
		{
			/* A selector "links[rel=license]": the first list
			 * member with that value. */
			char *br = strchr(key, '[');
			char *eq = br ? strchr(br, '=') : NULL;

			if (eq && key[n - 1] == ']') {
				const struct json *l;

				*br = '\0';
				*eq = '\0';
				key[n - 1] = '\0';
				l = json_get(v, key);
				v = NULL;
				for (size_t i = 0; l && l->type == JSON_ARR &&
				     i < l->n; i++) {
					const char *s = json_get_str(
						l->vals[i], br + 1);

					if (s && !strcmp(s, eq + 1)) {
						v = l->vals[i];
						break;
					}
				}
				continue;
			}
		}
		v = json_get(v, key);
	}
	return v;
}

/* Markup compared loosely: entities of quotes and blanks normalised. */
static void loosen(const char *s, struct buf *out)
{
	int space = 0;

	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = 1;
			continue;
		}
		if (space && out->len)
			buf_addch(out, ' ');
		space = 0;
		if (!strncmp(s, "&quot;", 6)) {
			buf_addch(out, '"');
			s += 5;
		} else if (!strncmp(s, "&#39;", 5)) {
			buf_addch(out, '\'');
			s += 4;
		} else {
			buf_addch(out, *s);
		}
	}
}

static int html_lenient(const char *got, const char *want)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	int ok;

	loosen(got, &a);
	loosen(want, &b);
	ok = !strcmp(a.data, b.data);
	buf_release(&a);
	buf_release(&b);
	return ok;
}

/* Compare; *got is set to a printable form of what was found. */
static int check(const struct doc *d, const struct json *c, const char *path,
		 const char *kind, char *got, size_t cap, int *lenient)
{
	const struct json *exp = json_get(c, "expected");
	const struct json *any = json_get(c, "expected_any_of");
	const struct json *v;
	const char *s = NULL;

	*lenient = 0;
	snprintf(got, cap, "(absent)");
	if (!strcmp(path, "_parses"))
		return 1;
	if (!strncmp(path, "count(", 6)) {
		char inner[128];
		size_t n = strlen(path) - 7;

		if (n >= sizeof(inner))
			return 0;
		memcpy(inner, path + 6, n);
		inner[n] = '\0';
		v = lookup(d->root, inner);
		if (v && v->type == JSON_ARR)
			snprintf(got, cap, "%zu", v->n);
		return v && v->type == JSON_ARR && exp &&
		       exp->type == JSON_STR && atol(exp->str) == (long)v->n;
	}
	v = lookup(d->root, path);
	if (!strcmp(kind, "absent"))
		return v == NULL;
	if (!strcmp(kind, "null"))
		return !v || v->type == JSON_NULL ||
		       (v->type == JSON_STR && !v->str[0]);
	if (!v)
		return 0;
	if (v->type == JSON_STR) {
		s = v->str;
		snprintf(got, cap, "%s", s);
	} else if (v->type == JSON_BOOL) {
		s = v->boolean ? "true" : "false";
		snprintf(got, cap, "%s", s);
	} else if (v->type == JSON_NUM) {
		snprintf(got, cap, "%.0f", v->num);
		s = got;
	} else {
		snprintf(got, cap, "(not a scalar)");
		return 0;
	}
	if (any && any->type == JSON_ARR) {
		for (size_t i = 0; i < any->n; i++)
			if (any->vals[i]->type == JSON_STR &&
			    !strcmp(any->vals[i]->str, s))
				return 1;
	}
	if (!exp || exp->type != JSON_STR)
		return 0;
	if (!strcmp(s, exp->str))
		return 1;
	if (!strcmp(kind, "html"))
		*lenient = html_lenient(s, exp->str);
	return 0;
}

static struct category *category(struct category *cats, int *n,
				 const char *name)
{
	for (int i = 0; i < *n; i++)
		if (!strcmp(cats[i].name, name))
			return &cats[i];
	if (*n == MAX_CATEGORIES)
		return &cats[*n - 1];
	cats[*n].name = name;
	return &cats[(*n)++];
}

static void print_tally(const char *name, const struct tally *t)
{
	printf("feeds %s: %d/%d passed (%.1f%%)", name, t->pass, t->total,
	       t->total ? 100.0 * t->pass / t->total : 0.0);
	if (t->lenient)
		printf(", html lenient +%d", t->lenient);
	printf("\n");
}

int main(int argc, char **argv)
{
	const char *path = DEFAULT_CASES;
	struct buf data = BUF_INIT, dir = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct doc d = { NULL, ARENA_INIT, NULL, 0 };
	struct tally core = { 0, 0, 0 }, ext = { 0, 0, 0 };
	struct category cats[MAX_CATEGORIES] = { { NULL, 0, 0 } };
	struct err e = { "" };
	int ncats = 0, verbose = 0, wf_only = 0;
	char *line, *next, *slash;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else
			path = argv[i];
	}
	if (file_read(path, &data, &e) < 0) {
		fprintf(stderr, "eval_feeds: cannot read '%s': %s\n", path,
			e.msg);
		return 1;
	}
	buf_adds(&dir, path);
	slash = strrchr(dir.data, '/');
	if (slash)
		buf_truncate(&dir, (size_t)(slash - dir.data));
	else
		buf_adds(&dir, "/.");
	for (line = data.data; *line; line = next) {
		struct json *c;
		const struct json *wf, *h;
		const char *file, *cpath, *kind, *tier, *cat, *id;
		struct buf key = BUF_INIT;
		struct tally *t;
		struct category *k;
		char got[512];
		int ok, lenient = 0;

		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (next - line <= 1)
			continue;
		if (json_parse(line, (size_t)(next - line), &a, &c, &e) < 0) {
			fprintf(stderr, "eval_feeds: bad case: %s\n", e.msg);
			continue;
		}
		file = json_get_str(c, "file");
		cpath = json_get_str(c, "canonical_path");
		kind = json_get_str(c, "kind");
		tier = json_get_str(c, "tier");
		cat = json_get_str(c, "category");
		id = json_get_str(c, "id");
		if (!file || !cpath || !kind || !tier || !cat || !id)
			continue;
		h = json_get(c, "http_headers");
		buf_addf(&key, "%s|%s", file, h ? "http" : "");
		for (size_t i = 0; h && h->type == JSON_OBJ && i < h->n; i++)
			buf_addf(&key, "|%s=%s", h->keys[i],
				 h->vals[i]->type == JSON_STR ?
				 h->vals[i]->str : "");
		if (!d.key || strcmp(d.key, key.data)) {
			free(d.key);
			d.key = buf_detach(&key, NULL);
			if (load(&d, dir.data, c, &e) < 0)
				fprintf(stderr, "eval_feeds: %s: %s\n", file,
					e.msg);
		}
		buf_release(&key);
		ok = d.root && check(&d, c, cpath, kind, got, sizeof(got),
				      &lenient);
		wf = json_get(c, "expect_wellformed");
		if (ok && wf && wf->type == JSON_BOOL &&
		    wf->boolean == d.bozo) {
			ok = 0;
			wf_only++;
			snprintf(got, sizeof(got), "bozo=%d", d.bozo);
		}
		t = !strcmp(tier, "core") ? &core : &ext;
		t->total++;
		t->pass += ok;
		t->lenient += !ok && lenient;
		k = category(cats, &ncats, arena_strdup(&a, cat));
		k->total++;
		k->fail += !ok;
		if (!ok && verbose) {
			const struct json *exp = json_get(c, "expected");

			printf("FAIL [%s] %s (%s): got \"%s\" want \"%s\"\n",
			       tier, id, kind, got,
			       exp && exp->type == JSON_STR ? exp->str :
			       "null");
		}
	}
	print_tally("core", &core);
	print_tally("extended", &ext);
	printf("feeds failures by category:");
	for (int i = 0, any = 0; i < ncats || !any; i++) {
		if (i == ncats) {
			printf(" none");
			break;
		}
		if (cats[i].fail) {
			printf(" %s %d/%d;", cats[i].name, cats[i].fail,
			       cats[i].total);
			any = 1;
		}
	}
	printf("\n");
	if (wf_only)
		printf("feeds: %d right values failed on the well-formedness "
		       "flag\n", wf_only);
	free(d.key);
	arena_release(&d.a);
	arena_release(&a);
	buf_release(&data);
	buf_release(&dir);
	return 0;
}

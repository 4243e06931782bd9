/*
 * yml.c - build a struct yml tree from libyaml events.  The only file of
 * mediamon that calls libyaml's parser.
 */
#include "yml.h"
#include "fileio.h"
#include "hash.h"
#include "xalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define YML_MAX_DEPTH 32

struct yp {
	yaml_parser_t parser;
	const char *name;
	struct err *e;
	int depth;
};

static struct yml *node_new(enum yml_type t, const yaml_mark_t *m)
{
	struct yml *y = xcalloc(1, sizeof(*y));

	y->type = t;
	y->line = (int)m->line + 1;
	y->col = (int)m->column + 1;
	return y;
}

void yml_free(struct yml *y)
{
	if (!y)
		return;
	for (size_t i = 0; i < y->n; i++) {
		yml_free(y->kids[i]);
		if (y->keys)
			free(y->keys[i]);
	}
	free(y->kids);
	free(y->keys);
	free(y->key_line);
	free(y->key_col);
	free(y->str);
	free(y);
}

static int located(struct yp *p, const yaml_mark_t *m, const char *what)
{
	return err_set(p->e, "%s:%zu:%zu: %s", p->name, (size_t)m->line + 1,
		       (size_t)m->column + 1, what);
}

/* libyaml says what it found and what it was reading: "did not find
 * expected ',' or ']' while parsing a flow sequence". */
static int next_event(struct yp *p, yaml_event_t *ev)
{
	const yaml_parser_t *y = &p->parser;

	if (yaml_parser_parse(&p->parser, ev))
		return 0;
	return err_set(p->e, "%s:%zu:%zu: %s%s%s", p->name,
		       (size_t)y->problem_mark.line + 1,
		       (size_t)y->problem_mark.column + 1,
		       y->problem ? y->problem : "invalid YAML",
		       y->context ? " " : "", y->context ? y->context : "");
}

static int parse_node(struct yp *p, yaml_event_t *ev, struct yml **out);

/* libyaml turns the escape "\0" into a NUL byte, which would cut a C
 * string short without a word ("on\0e" read as "on"): refused. */
static int no_nul(struct yp *p, const yaml_event_t *ev)
{
	if (strlen((const char *)ev->data.scalar.value) !=
	    ev->data.scalar.length)
		return located(p, &ev->start_mark, "a NUL character (\\0) "
			       "is not allowed in a value");
	return 0;
}

/* The keys of one mapping so far, for the duplicate check: an
 * open-addressing set of indices into keys (slot holds index + 1), so
 * that a mapping of 100,000 keys is not quadratic. */
struct key_set {
	size_t *slot, cap;
};

/* Add key (to become keys[n]); 0 when keys[0..n) holds it already. */
static int key_add(struct key_set *t, const char *key, char **keys,
		   size_t n)
{
	size_t h;

	if (2 * (n + 1) > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;

		free(t->slot);
		t->slot = xcalloc(cap, sizeof(*t->slot));
		t->cap = cap;
		for (size_t i = 0; i < n; i++) {
			h = hash_bytes(keys[i], strlen(keys[i]), HASH_INIT) &
			    (cap - 1);
			while (t->slot[h])
				h = (h + 1) & (cap - 1);
			t->slot[h] = i + 1;
		}
	}
	h = hash_bytes(key, strlen(key), HASH_INIT) & (t->cap - 1);
	for (; t->slot[h]; h = (h + 1) & (t->cap - 1))
		if (!strcmp(keys[t->slot[h] - 1], key))
			return 0;
	t->slot[h] = n + 1;
	return 1;
}

/* Read members until the end event of the collection y. */
static int parse_members(struct yp *p, struct yml *y)
{
	size_t alloc = 0, kalloc = 0;
	struct key_set seen = { NULL, 0 };
	yaml_event_t ev;
	int ret = -1;

	if (++p->depth > YML_MAX_DEPTH)
		return err_set(p->e, "%s:%d:%d: nested too deep", p->name,
			       y->line, y->col);
	for (;;) {
		struct yml *kid = NULL;

		if (next_event(p, &ev) < 0)
			goto out;
		if (ev.type == YAML_SEQUENCE_END_EVENT ||
		    ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (y->type == YML_MAP) {
			if (ev.type != YAML_SCALAR_EVENT) {
				located(p, &ev.start_mark,
					"map keys must be plain strings");
				yaml_event_delete(&ev);
				goto out;
			}
			ALLOC_GROW(y->keys, y->n + 1, kalloc);
			y->key_line = xrealloc(y->key_line,
					       kalloc * sizeof(int));
			y->key_col = xrealloc(y->key_col,
					      kalloc * sizeof(int));
			if (no_nul(p, &ev) < 0) {
				yaml_event_delete(&ev);
				goto out;
			}
			if (!key_add(&seen, (char *)ev.data.scalar.value,
				     y->keys, y->n)) {
				char msg[300];

				snprintf(msg, sizeof(msg), "duplicate key '%s'",
					 (char *)ev.data.scalar.value);
				located(p, &ev.start_mark, msg);
				yaml_event_delete(&ev);
				goto out;
			}
			y->keys[y->n] = xstrdup((char *)ev.data.scalar.value);
			y->key_line[y->n] = (int)ev.start_mark.line + 1;
			y->key_col[y->n] = (int)ev.start_mark.column + 1;
			yaml_event_delete(&ev);
			if (next_event(p, &ev) < 0) {
				free(y->keys[y->n]);
				goto out;
			}
			if (parse_node(p, &ev, &kid) < 0) {
				free(y->keys[y->n]);
				goto out;
			}
		} else if (parse_node(p, &ev, &kid) < 0) {
			goto out;
		}
		ALLOC_GROW(y->kids, y->n + 1, alloc);
		y->kids[y->n++] = kid;
	}
	ret = 0;
out:
	free(seen.slot);
	p->depth--;
	return ret;
}

/* Consume the node that starts with ev (ev is deleted here). */
static int parse_node(struct yp *p, yaml_event_t *ev, struct yml **out)
{
	struct yml *y = NULL;
	int ret = -1;

	*out = NULL;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor) {
			located(p, &ev->start_mark, "anchors are not allowed");
			goto out;
		}
		if (no_nul(p, ev) < 0)
			goto out;
		y = node_new(YML_SCALAR, &ev->start_mark);
		y->str = xstrndup((char *)ev->data.scalar.value,
				  ev->data.scalar.length);
		y->quoted = ev->data.scalar.style !=
			    YAML_PLAIN_SCALAR_STYLE;
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (ev->type == YAML_SEQUENCE_START_EVENT ?
		    ev->data.sequence_start.anchor != NULL :
		    ev->data.mapping_start.anchor != NULL) {
			located(p, &ev->start_mark, "anchors are not allowed");
			goto out;
		}
		y = node_new(ev->type == YAML_SEQUENCE_START_EVENT ? YML_SEQ :
			     YML_MAP, &ev->start_mark);
		if (parse_members(p, y) < 0) {
			yml_free(y);
			y = NULL;
			goto out;
		}
		break;
	case YAML_ALIAS_EVENT:
		located(p, &ev->start_mark, "aliases are not allowed");
		goto out;
	default:
		located(p, &ev->start_mark, "unexpected YAML event");
		goto out;
	}
	*out = y;
	ret = 0;
out:
	yaml_event_delete(ev);
	return ret;
}

struct yml *yml_parse(const char *name, const char *data, size_t n,
		      struct err *e)
{
	struct yp p = { .name = name, .e = e };
	struct yml *root = NULL;
	yaml_event_t ev;
	yaml_mark_t zero = { 0, 0, 0 };

	if (!yaml_parser_initialize(&p.parser)) {
		err_set(e, "%s: cannot initialise the YAML parser", name);
		return NULL;
	}
	yaml_parser_set_input_string(&p.parser, (const unsigned char *)data,
				     n);
	for (;;) {
		if (next_event(&p, &ev) < 0)
			goto fail;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_STREAM_START_EVENT ||
		    ev.type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT) {
			if (root) {
				located(&p, &ev.start_mark,
					"only one YAML document is allowed");
				yaml_event_delete(&ev);
				goto fail;
			}
			yaml_event_delete(&ev);
			if (next_event(&p, &ev) < 0)
				goto fail;
			if (parse_node(&p, &ev, &root) < 0)
				goto fail;
			continue;
		}
		located(&p, &ev.start_mark, "unexpected YAML event");
		yaml_event_delete(&ev);
		goto fail;
	}
	yaml_parser_delete(&p.parser);
	if (!root)
		root = node_new(YML_MAP, &zero);
	return root;
fail:
	yaml_parser_delete(&p.parser);
	yml_free(root);
	return NULL;
}

struct yml *yml_read(const char *path, struct buf *data, struct err *e)
{
	size_t start = data->len;

	if (file_read(path, data, e) < 0)
		return NULL;
	return yml_parse(path, data->data + start, data->len - start, e);
}

const struct yml *yml_get(const struct yml *map, const char *key)
{
	if (!map || map->type != YML_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i], key))
			return map->kids[i];
	return NULL;
}

/* "NAME:LINE:COL: message", the shape of every error of a YAML file. */
static int verror_at(struct err *e, const char *name, int line, int col,
		     const char *fmt, va_list ap)
{
	char msg[400];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	return err_set(e, "%s:%d:%d: %s", name, line, col, msg);
}

int yml_verror(struct err *e, const char *name, const struct yml *y,
	       const char *fmt, va_list ap)
{
	return verror_at(e, name, y ? y->line : 0, y ? y->col : 0, fmt, ap);
}

int yml_error(struct err *e, const char *name, const struct yml *y,
	      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	yml_verror(e, name, y, fmt, ap);
	va_end(ap);
	return -1;
}

int yml_key_error(struct err *e, const char *name, const struct yml *y,
		  size_t i, const char *fmt, ...)
{
	va_list ap;

	if (y->type != YML_MAP || i >= y->n)
		BUG("yml_key_error on a node without that key");
	va_start(ap, fmt);
	verror_at(e, name, y->key_line[i], y->key_col[i], fmt, ap);
	va_end(ap);
	return -1;
}

int yml_number(const char *name, const struct yml *y, double *out,
	       struct err *e)
{
	char *end;
	double v;

	if (!y || y->type != YML_SCALAR || y->quoted || !y->str[0])
		return yml_error(e, name, y, "expected a number");
	v = strtod(y->str, &end);
	if (*end || !isfinite(v))
		return yml_error(e, name, y, "'%s' is not a number", y->str);
	*out = v;
	return 0;
}

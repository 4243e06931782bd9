/*
 * json.c - JSON writer and strict parser.
 */
#include "hex.h"
#include "json.h"
#include "utf8.h"
#include "xalloc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- writer ---- */

void jw_init(struct jw *w, struct buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

/* Comma before every value but the first in its container.  (A flag,
 * not a count: a count in a byte came back to zero at the 256th value
 * and left the comma out before the 257th.) */
static void jw_sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth == 0)
		return;
	if (w->filled[w->depth - 1])
		buf_addch(w->out, ',');
	w->filled[w->depth - 1] = 1;
}

static void jw_open(struct jw *w, char c)
{
	jw_sep(w);
	buf_addch(w->out, c);
	if (w->depth >= JW_MAX_DEPTH)
		BUG("json writer nested too deep");
	w->filled[w->depth++] = 0;
}

static void jw_close(struct jw *w, char c)
{
	if (w->depth == 0)
		BUG("json writer closed more than it opened");
	w->depth--;
	buf_addch(w->out, c);
}

void jw_obj_begin(struct jw *w) { jw_open(w, '{'); }
void jw_obj_end(struct jw *w) { jw_close(w, '}'); }
void jw_arr_begin(struct jw *w) { jw_open(w, '['); }
void jw_arr_end(struct jw *w) { jw_close(w, ']'); }

void jw_key(struct jw *w, const char *key)
{
	jw_sep(w);
	json_quote(w->out, key, strlen(key));
	buf_addch(w->out, ':');
	w->after_key = 1;
}

void json_quote(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, run = 0;
	uint32_t cp;

	buf_addch(out, '"');
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		int l;

		/* what needs no escape is copied in runs, not byte by byte
		 * (a day's digest is megabytes of it) */
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			i++;
			continue;
		}
		/* two-byte characters (Cyrillic: most of a digest's text)
		 * checked here: a lead byte C2-DF and one continuation byte
		 * are always a valid character */
		if (c >= 0xc2 && c <= 0xdf && i + 1 < n &&
		    ((unsigned char)s[i + 1] & 0xc0) == 0x80) {
			i += 2;
			continue;
		}
		if (c >= 0x80 && (l = utf8_decode(s + i, n - i, &cp)) >= 0) {
			i += (size_t)l;
			continue;
		}
		buf_add(out, s + run, i - run);
		i++;
		switch (c) {
		case '"': buf_adds(out, "\\\""); break;
		case '\\': buf_adds(out, "\\\\"); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\r': buf_adds(out, "\\r"); break;
		case '\t': buf_adds(out, "\\t"); break;
		case '\b': buf_adds(out, "\\b"); break;
		case '\f': buf_adds(out, "\\f"); break;
		default:
			if (c >= 0x80)	/* not UTF-8 */
				buf_adds(out, "\xef\xbf\xbd");
			else
				buf_addf(out, "\\u%04x", c);
		}
		run = i;
	}
	buf_add(out, s + run, i - run);
	buf_addch(out, '"');
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	jw_sep(w);
	json_quote(w->out, s, n);
}

void jw_str(struct jw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	jw_strn(w, s, strlen(s));
}

void jw_raw(struct jw *w, const char *json, size_t n)
{
	jw_sep(w);
	buf_add(w->out, json, n);
}

void jw_int(struct jw *w, long long v)
{
	jw_sep(w);
	buf_addf(w->out, "%lld", v);
}

void jw_num(struct jw *w, double v)
{
	jw_sep(w);
	if (!isfinite(v))
		buf_adds(w->out, "null");
	/* The range first: converting 5.6e22 to long long is undefined
	 * (found by tests/fuzz/fuzz_json). */
	else if (fabs(v) < 1e15 && v == (double)(long long)v)
		buf_addf(w->out, "%lld", (long long)v);
	else
		buf_addf(w->out, "%.6g", v);
}

void jw_bool(struct jw *w, int v)
{
	jw_sep(w);
	buf_adds(w->out, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
	jw_sep(w);
	buf_adds(w->out, "null");
}

/* ---- parser ---- */

struct jp {
	const char *s;
	size_t n, pos;
	struct arena *a;
	struct err *e;
	int depth;
};

static int jp_fail(struct jp *p, const char *what)
{
	return err_set(p->e, "%s at byte %zu", what, p->pos);
}

static void jp_ws(struct jp *p)
{
	while (p->pos < p->n && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
				 p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

static int jp_value(struct jp *p, struct json **out);

static int hex4(const char *s, uint32_t *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		int d = hex_val((unsigned char)s[i]);

		if (d < 0)
			return -1;
		*v = *v << 4 | (uint32_t)d;
	}
	return 0;
}

static int jp_string(struct jp *p, char **out, size_t *outlen)
{
	struct buf b = BUF_INIT;
	int ret = -1;

	p->pos++; /* opening quote */
	while (1) {
		unsigned char c;
		uint32_t cp;
		int l;

		if (p->pos >= p->n) {
			jp_fail(p, "unterminated string");
			goto out;
		}
		c = (unsigned char)p->s[p->pos];
		if (c == '"') {
			p->pos++;
			break;
		}
		if (c < 0x20) {
			jp_fail(p, "control character in string");
			goto out;
		}
		if (c >= 0x80) {
			l = utf8_decode(p->s + p->pos, p->n - p->pos, &cp);
			if (l < 0) {
				jp_fail(p, "invalid UTF-8");
				goto out;
			}
			buf_add(&b, p->s + p->pos, (size_t)l);
			p->pos += (size_t)l;
			continue;
		}
		if (c != '\\') {
			buf_addch(&b, c);
			p->pos++;
			continue;
		}
		if (p->pos + 1 >= p->n) {
			jp_fail(p, "unterminated escape");
			goto out;
		}
		c = (unsigned char)p->s[p->pos + 1];
		p->pos += 2;
		switch (c) {
		case '"': buf_addch(&b, '"'); break;
		case '\\': buf_addch(&b, '\\'); break;
		case '/': buf_addch(&b, '/'); break;
		case 'b': buf_addch(&b, '\b'); break;
		case 'f': buf_addch(&b, '\f'); break;
		case 'n': buf_addch(&b, '\n'); break;
		case 'r': buf_addch(&b, '\r'); break;
		case 't': buf_addch(&b, '\t'); break;
		case 'u': {
			char enc[4];

			if (p->pos + 4 > p->n || hex4(p->s + p->pos, &cp) < 0) {
				jp_fail(p, "bad \\u escape");
				goto out;
			}
			p->pos += 4;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				uint32_t lo;

				if (p->pos + 6 > p->n || p->s[p->pos] != '\\' ||
				    p->s[p->pos + 1] != 'u' ||
				    hex4(p->s + p->pos + 2, &lo) < 0 ||
				    lo < 0xdc00 || lo > 0xdfff) {
					jp_fail(p, "lone surrogate");
					goto out;
				}
				p->pos += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp <= 0xdfff) {
				jp_fail(p, "lone surrogate");
				goto out;
			}
			buf_add(&b, enc, (size_t)utf8_encode(cp, enc));
			break;
		}
		default:
			jp_fail(p, "bad escape");
			goto out;
		}
	}
	*out = arena_strndup(p->a, b.data, b.len);
	*outlen = b.len;
	ret = 0;
out:
	buf_release(&b);
	return ret;
}

static int jp_number(struct jp *p, double *v)
{
	size_t st = p->pos;
	char tmp[64];

	if (p->pos < p->n && p->s[p->pos] == '-')
		p->pos++;
	if (p->pos >= p->n || p->s[p->pos] < '0' || p->s[p->pos] > '9')
		return jp_fail(p, "bad number");
	if (p->s[p->pos] == '0')
		p->pos++;
	else
		while (p->pos < p->n && p->s[p->pos] >= '0' &&
		       p->s[p->pos] <= '9')
			p->pos++;
	if (p->pos < p->n && p->s[p->pos] == '.') {
		p->pos++;
		if (p->pos >= p->n || p->s[p->pos] < '0' || p->s[p->pos] > '9')
			return jp_fail(p, "bad number");
		while (p->pos < p->n && p->s[p->pos] >= '0' &&
		       p->s[p->pos] <= '9')
			p->pos++;
	}
	if (p->pos < p->n && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < p->n && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (p->pos >= p->n || p->s[p->pos] < '0' || p->s[p->pos] > '9')
			return jp_fail(p, "bad number");
		while (p->pos < p->n && p->s[p->pos] >= '0' &&
		       p->s[p->pos] <= '9')
			p->pos++;
	}
	if (p->pos - st >= sizeof(tmp))
		return jp_fail(p, "number too long");
	memcpy(tmp, p->s + st, p->pos - st);
	tmp[p->pos - st] = '\0';
	*v = strtod(tmp, NULL);
	return 0;
}

static int jp_literal(struct jp *p, const char *lit)
{
	size_t l = strlen(lit);

	if (p->n - p->pos < l || memcmp(p->s + p->pos, lit, l))
		return jp_fail(p, "unexpected character");
	p->pos += l;
	return 0;
}

/* Parse members of an array or object into growable arrays. */
static int jp_container(struct jp *p, struct json *j, int is_obj)
{
	size_t alloc = 0;
	struct json **vals = NULL;
	char **keys = NULL;
	char close = is_obj ? '}' : ']';
	int ret = -1;

	if (++p->depth > 256)
		return jp_fail(p, "nesting too deep");
	p->pos++;
	jp_ws(p);
	if (p->pos < p->n && p->s[p->pos] == close) {
		p->pos++;
		ret = 0;
		goto out;
	}
	while (1) {
		char *key = NULL;
		size_t klen;
		struct json *v;

		jp_ws(p);
		if (is_obj) {
			if (p->pos >= p->n || p->s[p->pos] != '"') {
				jp_fail(p, "expected key");
				goto out;
			}
			if (jp_string(p, &key, &klen) < 0)
				goto out;
			jp_ws(p);
			if (p->pos >= p->n || p->s[p->pos] != ':') {
				jp_fail(p, "expected ':'");
				goto out;
			}
			p->pos++;
		}
		if (jp_value(p, &v) < 0)
			goto out;
		if (j->n == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			vals = xrealloc(vals, alloc * sizeof(*vals));
			if (is_obj)
				keys = xrealloc(keys, alloc * sizeof(*keys));
		}
		vals[j->n] = v;
		if (is_obj)
			keys[j->n] = key;
		j->n++;
		jp_ws(p);
		if (p->pos < p->n && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->n && p->s[p->pos] == close) {
			p->pos++;
			break;
		}
		jp_fail(p, is_obj ? "expected ',' or '}'" : "expected ',' or ']'");
		goto out;
	}
	ret = 0;
out:
	/* Move the member arrays into the arena so the tree has one owner. */
	if (j->n) {
		j->vals = arena_alloc(p->a, j->n * sizeof(*vals));
		memcpy(j->vals, vals, j->n * sizeof(*vals));
		if (is_obj) {
			j->keys = arena_alloc(p->a, j->n * sizeof(*keys));
			memcpy(j->keys, keys, j->n * sizeof(*keys));
		}
	}
	free(vals);
	free(keys);
	p->depth--;
	return ret;
}

static int jp_value(struct jp *p, struct json **out)
{
	struct json *j = arena_alloc(p->a, sizeof(*j));

	*out = j;
	jp_ws(p);
	if (p->pos >= p->n)
		return jp_fail(p, "unexpected end of input");
	switch (p->s[p->pos]) {
	case '{':
		j->type = JSON_OBJ;
		return jp_container(p, j, 1);
	case '[':
		j->type = JSON_ARR;
		return jp_container(p, j, 0);
	case '"':
		j->type = JSON_STR;
		return jp_string(p, &j->str, &j->len);
	case 't':
		j->type = JSON_BOOL;
		j->boolean = 1;
		return jp_literal(p, "true");
	case 'f':
		j->type = JSON_BOOL;
		return jp_literal(p, "false");
	case 'n':
		j->type = JSON_NULL;
		return jp_literal(p, "null");
	default:
		j->type = JSON_NUM;
		return jp_number(p, &j->num);
	}
}

int json_parse(const char *s, size_t n, struct arena *a, struct json **out,
	       struct err *e)
{
	struct jp p = { s, n, 0, a, e, 0 };

	if (jp_value(&p, out) < 0)
		return -1;
	jp_ws(&p);
	if (p.pos != p.n)
		return jp_fail(&p, "trailing characters");
	return 0;
}

const struct json *json_get(const struct json *o, const char *key)
{
	if (!o || o->type != JSON_OBJ)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->keys[i], key))
			return o->vals[i];
	return NULL;
}

const char *json_get_str(const struct json *o, const char *key)
{
	const struct json *v = json_get(o, key);

	return v && v->type == JSON_STR ? v->str : NULL;
}

void json_write(struct jw *w, const struct json *j)
{
	switch (j->type) {
	case JSON_NULL:
		jw_null(w);
		break;
	case JSON_BOOL:
		jw_bool(w, j->boolean);
		break;
	case JSON_NUM:
		jw_num(w, j->num);
		break;
	case JSON_STR:
		jw_strn(w, j->str, j->len);
		break;
	case JSON_ARR:
		jw_arr_begin(w);
		for (size_t i = 0; i < j->n; i++)
			json_write(w, j->vals[i]);
		jw_arr_end(w);
		break;
	case JSON_OBJ:
		jw_obj_begin(w);
		for (size_t i = 0; i < j->n; i++) {
			jw_key(w, j->keys[i]);
			json_write(w, j->vals[i]);
		}
		jw_obj_end(w);
		break;
	}
}

/*
 * json.h - JSON output (a small streaming writer that places commas) and
 * input (a strict RFC 8259 parser into an arena-owned tree).  Output is
 * always valid JSON: invalid UTF-8 in strings is written as U+FFFD.
 */
#ifndef MM_JSON_H
#define MM_JSON_H

#include "arena.h"
#include "buf.h"
#include "err.h"

#include <stddef.h>

/* ---- writer ---- */

#define JW_MAX_DEPTH 64

struct jw {
	struct buf *out;
	int depth;
	int after_key;
	unsigned char filled[JW_MAX_DEPTH];	/* the container has a value */
};

void jw_init(struct jw *w, struct buf *out);
void jw_obj_begin(struct jw *w);
void jw_obj_end(struct jw *w);
void jw_arr_begin(struct jw *w);
void jw_arr_end(struct jw *w);
void jw_key(struct jw *w, const char *key);
/* A NULL string is written as null. */
void jw_str(struct jw *w, const char *s);
void jw_strn(struct jw *w, const char *s, size_t n);
void jw_int(struct jw *w, long long v);
/* Non-finite numbers are written as null. */
void jw_num(struct jw *w, double v);
void jw_bool(struct jw *w, int v);
void jw_null(struct jw *w);
/* A value already written as JSON, by another writer or by PostgreSQL
 * (jsonb's text): the caller answers for it being one valid value. */
void jw_raw(struct jw *w, const char *json, size_t n);
/* Append a quoted, escaped JSON string to out. */
void json_quote(struct buf *out, const char *s, size_t n);
/* Write a parsed value (json_parse) through w: stored JSON embedded in
 * output stays valid however it came. */
struct json;
void json_write(struct jw *w, const struct json *j);

/* ---- parser ---- */

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUM, JSON_STR, JSON_ARR,
		 JSON_OBJ };

struct json {
	enum json_type type;
	int boolean;
	double num;
	char *str;		/* JSON_STR: NUL-terminated, len bytes */
	size_t len;
	size_t n;		/* JSON_ARR/JSON_OBJ: number of members */
	struct json **vals;
	char **keys;		/* JSON_OBJ only */
};

/* Parse one JSON text (surrounding whitespace allowed).  Nodes and strings
 * live in arena a.  Rejects invalid UTF-8, lone surrogates, nesting deeper
 * than 256 and trailing garbage; the cause (with byte offset) goes in e. */
int json_parse(const char *s, size_t n, struct arena *a, struct json **out,
	       struct err *e);
/* Member of an object by key, or NULL (also when o is not an object). */
const struct json *json_get(const struct json *o, const char *key);
/* String member, or NULL when absent or not a string. */
const char *json_get_str(const struct json *o, const char *key);

#endif

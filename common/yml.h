/*
 * yml.h - the one YAML reader of mediamon (sources.yaml and the
 * lexicons): a document as a small tree that remembers where each node
 * was written, so every error can say FILE:LINE:COL.  Read with libyaml's
 * event parser; anchors and aliases are refused (no file of ours needs
 * them and they invite billion-laughs documents), so are duplicate keys.
 */
#ifndef MM_YML_H
#define MM_YML_H

#include "buf.h"
#include "err.h"

#include <stdarg.h>
#include <stddef.h>

enum yml_type { YML_SCALAR, YML_SEQ, YML_MAP };

struct yml {
	enum yml_type type;
	int line, col;		/* 1-based */
	char *str;		/* YML_SCALAR */
	int quoted;		/* scalar was quoted: never a number */
	size_t n;		/* YML_SEQ / YML_MAP members */
	struct yml **kids;	/* values */
	char **keys;		/* YML_MAP keys (scalars only) */
	int *key_line, *key_col;
};

/* Parse the document in data[0..n).  name is used in messages.  Returns
 * a malloc-owned tree (yml_free) or NULL with "NAME:LINE:COL: cause" in
 * e.  An empty document is an empty map. */
struct yml *yml_parse(const char *name, const char *data, size_t n,
		      struct err *e);
void yml_free(struct yml *y);
/* Read the file path into data (appended; its cap bounds the file) and
 * parse it, as yml_parse.  The bytes stay in data for the caller (the
 * lexicon version hashes them). */
struct yml *yml_read(const char *path, struct buf *data, struct err *e);
/* Member of a map, or NULL. */
const struct yml *yml_get(const struct yml *map, const char *key);
/* Set e to "NAME:LINE:COL: message" for node y; returns -1. */
int yml_error(struct err *e, const char *name, const struct yml *y,
	      const char *fmt, ...) PRINTF(4, 5);
int yml_verror(struct err *e, const char *name, const struct yml *y,
	       const char *fmt, va_list ap) PRINTF(4, 0);
/* The same for the i-th key of map y (keys are not nodes). */
int yml_key_error(struct err *e, const char *name, const struct yml *y,
		  size_t i, const char *fmt, ...) PRINTF(5, 6);
/* Parse a scalar as a finite number; -1 with a located message in e. */
int yml_number(const char *name, const struct yml *y, double *out,
	       struct err *e);

#endif

/*
 * analyze_db.h - the database mode of "mediamon analyze".
 */
#ifndef MM_ANALYZE_DB_H
#define MM_ANALYZE_DB_H

struct buf;
struct ctx;

/* The lexicon directory dir of a config file at sources, as
 * mm_lexicon_path (common/paths.h) finds it.  config_load resolves its
 * own "lexicons" to an absolute path already; this is left for --lexicons
 * and the command layer's callers. */
void analyze_lexicon_path(const char *dir, const char *sources,
			  struct buf *out);

/* Analyse stored articles not yet analysed with the current lexicons
 * (all of them with all != 0), batch articles per transaction.  country
 * and lexdir override sources.yaml.  Returns an exit code. */
int analyze_db(struct ctx *ctx, const char *country, const char *lexdir,
	       int all, int batch);

#endif

/*
 * analyze_db.h - the database mode of "mediamon analyze".
 */
#ifndef MM_ANALYZE_DB_H
#define MM_ANALYZE_DB_H

struct buf;
struct db;

/* The lexicon directory dir of a config file at sources, as
 * mm_lexicon_path (common/paths.h) finds it.  config_load resolves its
 * own "lexicons" to an absolute path already; this is left for --lexicons
 * and the command layer's callers. */
void analyze_lexicon_path(const char *dir, const char *sources,
			  struct buf *out);

/* How far an analysis is, for a progress line: the articles waiting when
 * it started (another analyzer taking a share makes it end below that),
 * those analysed so far, and what they held. */
struct analyze_progress {
	long total, done, mentions, violations;
};

/* Analyse stored articles in db not yet analysed with the lexicons in
 * lexdir for country (all of them with all != 0), batch articles per
 * transaction.  progress, when not NULL, is called with arg after each
 * article (and counting the articles waiting costs one query).  0, or -1
 * (logged). */
int analyze_db(struct db *db, const char *lexdir, const char *country,
	       int all, int batch,
	       void (*progress)(const struct analyze_progress *, void *),
	       void *arg);

#endif

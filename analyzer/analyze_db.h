/*
 * analyze_db.h - the database mode of "mediamon analyze".
 */
#ifndef MM_ANALYZE_DB_H
#define MM_ANALYZE_DB_H

struct buf;
struct db;

/* The lexicon directory dir of a config file at sources: absolute as
 * given; a relative one next to sources.yaml when it exists there, else in
 * the data directory (a checkout or the install prefix).  Appended to out. */
void analyze_lexicon_path(const char *dir, const char *sources,
			  struct buf *out);

/* Analyse stored articles in db not yet analysed with the lexicons in
 * lexdir for country (all of them with all != 0), batch articles per
 * transaction.  0, or -1 (logged). */
int analyze_db(struct db *db, const char *lexdir, const char *country,
	       int all, int batch);

#endif

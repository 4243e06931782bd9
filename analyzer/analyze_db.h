/*
 * analyze_db.h - the database mode of "mediamon analyze".
 */
#ifndef MM_ANALYZE_DB_H
#define MM_ANALYZE_DB_H

struct ctx;

/* Analyse stored articles not yet analysed with the current lexicons
 * (all of them with all != 0), batch articles per transaction.  country
 * and lexdir override sources.yaml.  Returns an exit code. */
int analyze_db(struct ctx *ctx, const char *country, const char *lexdir,
	       int all, int batch);

#endif

/*
 * paths.h - where mediamon finds its data (sql/, analyzer/lexicons/) and
 * keeps its state (var/): next to the binary in a source checkout, else
 * the install prefix; MEDIAMON_HOME overrides both.
 */
#ifndef MM_PATHS_H
#define MM_PATHS_H

#include "buf.h"

/* Directory holding sql/ and analyzer/; a static string. */
const char *mm_datadir(void);
/* Directory for mutable state (the embedded cluster, archives);
 * $MEDIAMON_VAR, else DATADIR/var.  A static string. */
const char *mm_vardir(void);
/* The lexicon folder dir named by the config file sources: dir itself
 * when absolute; a relative one next to sources when it exists there,
 * else in the data directory.  Appended to out. */
void mm_lexicon_path(const char *dir, const char *sources, struct buf *out);

/* Directory of the compiled catalogs (LANG/LC_MESSAGES/mediamon-LANG.mo):
 * "locale" beside the binary in a checkout's build directory, else
 * DATADIR/locale.  A static string. */
const char *mm_localedir(void);

#endif

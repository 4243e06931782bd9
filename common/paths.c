/*
 * paths.c - locate the data directory once per process, and the
 * lexicon folder a config file names.
 */
#include "paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MM_DATADIR
#define MM_DATADIR "/usr/local/share/mediamon"
#endif

static char datadir[PATH_MAX];
static char vardir[PATH_MAX];
static char localedir[PATH_MAX];

static int has_sql(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;

	if ((size_t)snprintf(p, sizeof(p), "%s/sql", dir) >= sizeof(p))
		return 0;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* In a checkout the binary is DIR/build/mediamon (or build-san). */
static int from_executable(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(exe, '/');

		if (!slash)
			return 0;
		*slash = '\0';
		if (has_sql(exe)) {
			snprintf(datadir, sizeof(datadir), "%s", exe);
			return 1;
		}
	}
	return 0;
}

const char *mm_datadir(void)
{
	const char *env;

	if (datadir[0])
		return datadir;
	env = getenv("MEDIAMON_HOME");
	if (env && *env)
		snprintf(datadir, sizeof(datadir), "%s", env);
	else if (!from_executable())
		snprintf(datadir, sizeof(datadir), "%s", MM_DATADIR);
	return datadir;
}

const char *mm_vardir(void)
{
	const char *env;

	if (vardir[0])
		return vardir;
	env = getenv("MEDIAMON_VAR");
	if (env && *env)
		snprintf(vardir, sizeof(vardir), "%s", env);
	else
		snprintf(vardir, sizeof(vardir), "%s/var", mm_datadir());
	return vardir;
}

const char *mm_localedir(void)
{
	char exe[PATH_MAX];
	ssize_t n;
	struct stat st;

	if (localedir[0])
		return localedir;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(localedir, sizeof(localedir), "%.*s/locale",
				 (int)(sizeof(localedir) - 8), exe);
			if (stat(localedir, &st) == 0 && S_ISDIR(st.st_mode))
				return localedir;
		}
	}
	snprintf(localedir, sizeof(localedir), "%.*s/locale",
		 (int)(sizeof(localedir) - 8), mm_datadir());
	return localedir;
}

void mm_lexicon_path(const char *dir, const char *sources, struct buf *out)
{
	struct stat st;
	const char *slash = sources ? strrchr(sources, '/') : NULL;
	size_t start = out->len;

	if (dir[0] == '/') {
		buf_adds(out, dir);
		return;
	}
	if (slash)
		buf_addf(out, "%.*s/%s", (int)(slash - sources), sources, dir);
	else
		buf_adds(out, dir);
	if (stat(out->data + start, &st) == 0 && S_ISDIR(st.st_mode))
		return;
	buf_truncate(out, start);
	buf_addf(out, "%s/%s", mm_datadir(), dir);
}

/*
 * fuzz_config.c - the config loader (libyaml events, the key tables,
 * the country's lexicon folder) on arbitrary bytes as sources.yaml.  The
 * file goes through /dev/shm, as config_load() reads a path; lexicons
 * resolve against the source tree (MEDIAMON_HOME).
 */
#include "fuzz.h"
#include "common/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("MEDIAMON_HOME", MM_SRC_DIR, 0);
	snprintf(path, sizeof(path), "/dev/shm/mm-fuzz-config-%ld.yaml",
		 (long)getpid());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	struct err e;

	if (!f)
		return 0;
	if (fwrite(data, 1, size, f) != size) {
		fclose(f);
		return 0;
	}
	fclose(f);
	config_free(config_load(path, &e));
	unlink(path);
	return 0;
}

/*
 * lexicons.h - a copy of the shipped lexicons in a temporary tree
 * (ROOT/shared and ROOT/CC, as analyzer/lexicons/ lays them out), for
 * tests that edit them.  Included by one test program each, after
 * harness.h, so it may define functions.
 */
#ifndef MM_TEST_LEXICONS_H
#define MM_TEST_LEXICONS_H

#include "common/buf.h"
#include "common/fileio.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define LEXICONS "analyzer/lexicons"

/* Every file either folder may hold; the ones that exist are copied. */
static const char *const lexcopy_files[] = { "country.yaml", "office.yaml",
	"regions.yaml", "languages.yaml", "countries.yaml", "tonality.yaml",
	"violations.yaml", "violation-model.tsv", "tonality-model.tsv",
	"target-model.tsv" };

static void lexcopy_folder(const char *from, const char *to, int model)
{
	char path[512];
	struct err e;

	mkdir(to, 0700);
	for (size_t i = 0; i < sizeof(lexcopy_files) / sizeof(*lexcopy_files);
	     i++) {
		struct buf b = BUF_INIT;

		if (!model && strstr(lexcopy_files[i], ".tsv"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", from, lexcopy_files[i]);
		if (access(path, F_OK) < 0)
			continue;
		CHECK(file_read(path, &b, &e) == 0);
		snprintf(path, sizeof(path), "%s/%s", to, lexcopy_files[i]);
		CHECK(file_write_atomic(path, b.data, b.len, &e) == 0);
		buf_release(&b);
	}
}

/* Copy the shared folder and country cc's (the models only when model
 * is nonzero) into root, which is made; the country's lexicons are then
 * ROOT/CC. */
static void lexcopy(const char *root, const char *cc, int model)
{
	char from[512], to[512];

	mkdir(root, 0700);
	snprintf(to, sizeof(to), "%s/shared", root);
	lexcopy_folder(LEXICONS "/shared", to, model);
	snprintf(from, sizeof(from), "%s/%s", LEXICONS, cc);
	snprintf(to, sizeof(to), "%s/%s", root, cc);
	lexcopy_folder(from, to, model);
}

/* Remove the tree lexcopy made, with what the test wrote into it under
 * the same file names. */
static void lexcopy_remove(const char *root, const char *cc)
{
	const char *const dirs[] = { "shared", cc };
	char path[512];

	for (size_t d = 0; d < 2; d++) {
		for (size_t i = 0;
		     i < sizeof(lexcopy_files) / sizeof(*lexcopy_files); i++) {
			snprintf(path, sizeof(path), "%s/%s/%s", root, dirs[d],
				 lexcopy_files[i]);
			unlink(path);
		}
		snprintf(path, sizeof(path), "%s/%s", root, dirs[d]);
		rmdir(path);
	}
	rmdir(root);
}

#endif

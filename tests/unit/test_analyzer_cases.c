/*
 * test_analyzer_cases.c - the analyzer's decisions as data: every file
 * tests/data/analyzer/NAME.case is a list of blocks of "key: value"
 * lines (blank line between blocks, # comments):
 *   name, text, title      the input (name and text required)
 *   mentions               "A | B" the mention texts in order, "-" none
 *   tonality               positive|neutral|negative|null (the article)
 *   evidence               "rule; rule=words" each must be in the
 *                          article's or a mention's evidence
 *   violations             "category/stage/country ..." any order, "-"
 *   regions                "id id" any order, "-" none
 *   country, lang          the story's country, the language
 *   target, target_tonality   a substring of text and the tonality
 *                          toward it
 * A new decision to pin down is a new block, not new C.  The files of
 * tests/data/analyzer are read for the Kyrgyz office (lexicons/kg); those
 * of a folder tests/data/analyzer/CC for country CC (lexicons/CC).
 * The cases pin the rules' decisions: the violation and tonality models
 * (vmodel.c, tmodel.c), statistical additions judged by `make eval`, are
 * switched off here; test_vmodel and test_tmodel check how they apply.
 */
#include "harness.h"
#include "analyzer/analyze.h"
#include "common/buf.h"
#include "common/fileio.h"

#include <dirent.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#define CASE_DIR "tests/data/analyzer"
#define LEX_ROOT "analyzer/lexicons"
#define MAXF 16

struct kase {
	const char *file;
	int line;
	char *key[MAXF], *val[MAXF];
	int n;
};

static struct analyzer an;
static int ncases;

static const char *get(const struct kase *k, const char *key)
{
	for (int i = 0; i < k->n; i++)
		if (!strcmp(k->key[i], key))
			return k->val[i];
	return NULL;
}

static void fail(const struct kase *k, const char *what, const char *want,
		 const char *got)
{
	fprintf(stderr, "%s:%d: case '%s': %s: want \"%s\", got \"%s\"\n",
		k->file, k->line, get(k, "name"), what, want, got);
	harness_failed_checks++;
}

/* Sort the space-separated words of s into out (for set comparison). */
static void sorted_words(const char *s, struct buf *out)
{
	char *copy = strdup(s), *w[64], *save = NULL, *p;
	int n = 0;

	for (p = strtok_r(copy, " ", &save); p && n < 64;
	     p = strtok_r(NULL, " ", &save))
		w[n++] = p;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(w[j - 1], w[j]) > 0; j--) {
			char *t = w[j];

			w[j] = w[j - 1];
			w[j - 1] = t;
		}
	buf_reset(out);
	for (int i = 0; i < n; i++)
		buf_addf(out, "%s%s", i ? " " : "", w[i]);
	free(copy);
}

static int has_evidence(const struct analysis *r, const char *rule,
			const char *text)
{
	const struct evs *lists[65];
	int n = 0;

	lists[n++] = &r->art.ev;
	for (size_t i = 0; i < r->nm && n < 65; i++)
		lists[n++] = &r->m[i].t.ev;
	for (int l = 0; l < n; l++)
		for (int i = 0; i < lists[l]->n; i++) {
			const struct ev *e = &lists[l]->v[i];

			if (!strcmp(e->rule, rule) &&
			    (!text || !strcmp(e->text, text)))
				return 1;
		}
	return 0;
}

static void check_evidence(const struct kase *k, const struct analysis *r,
			   const char *spec)
{
	char *copy = strdup(spec), *save = NULL, *p;

	for (p = strtok_r(copy, ";", &save); p; p = strtok_r(NULL, ";",
							      &save)) {
		char *eq, *rule = p;

		while (*rule == ' ')
			rule++;
		eq = strchr(rule, '=');
		if (eq)
			*eq = '\0';
		if (!has_evidence(r, rule, eq ? eq + 1 : NULL))
			fail(k, "evidence", rule, eq ? eq + 1 : "(missing)");
	}
	free(copy);
}

static void run_case(const struct kase *k)
{
	const char *text = get(k, "text"), *v;
	const struct lex *lx = an.lx;
	struct analyze_input in = { 0 };
	struct arena a = ARENA_INIT;
	struct buf got = BUF_INIT, want = BUF_INIT, tmp = BUF_INIT;
	struct analysis r;

	if (!text || !get(k, "name")) {
		fail(k, "case", "name and text", "missing");
		return;
	}
	ncases++;
	in.text = text;
	in.len = strlen(text);
	in.title = get(k, "title");
	v = get(k, "target");
	if (v && strstr(text, v)) {
		in.has_target = 1;
		in.tstart = (size_t)(strstr(text, v) - text);
		in.tend = in.tstart + strlen(v);
	}
	analyze(&an, &in, &a, &r);

	v = get(k, "mentions");
	if (v) {
		for (size_t i = 0; i < r.nm; i++)
			buf_addf(&got, "%s%.*s", i ? " | " : "",
				 (int)(r.m[i].end - r.m[i].start),
				 text + r.m[i].start);
		if (strcmp(got.data, strcmp(v, "-") ? v : ""))
			fail(k, "mentions", v, got.data);
	}
	v = get(k, "tonality");
	if (v) {
		const char *t = tone_name(r.art.tone);

		if (strcmp(v, t ? t : "null"))
			fail(k, "tonality", v, t ? t : "null");
	}
	v = get(k, "evidence");
	if (v)
		check_evidence(k, &r, v);
	v = get(k, "violations");
	if (v) {
		buf_reset(&tmp);
		for (size_t i = 0; i < r.nv; i++)
			buf_addf(&tmp, "%s%s/%s/%s", i ? " " : "",
				 lx->categories[r.v[i].category],
				 stage_names[r.v[i].stage],
				 lx->countries[r.v[i].country]);
		sorted_words(tmp.data, &got);
		sorted_words(strcmp(v, "-") ? v : "", &want);
		if (strcmp(got.data, want.data))
			fail(k, "violations", want.data, got.data);
	}
	v = get(k, "regions");
	if (v) {
		buf_reset(&tmp);
		for (size_t i = 0; i < r.nregions; i++)
			buf_addf(&tmp, "%s%s", i ? " " : "",
				 lx->regions[r.regions[i]]);
		sorted_words(tmp.data, &got);
		sorted_words(strcmp(v, "-") ? v : "", &want);
		if (strcmp(got.data, want.data))
			fail(k, "regions", want.data, got.data);
	}
	v = get(k, "country");
	if (v && strcmp(v, lx->countries[r.country]))
		fail(k, "country", v, lx->countries[r.country]);
	v = get(k, "lang");
	if (v && strcmp(v, r.lang ? r.lang : ""))
		fail(k, "lang", v, r.lang ? r.lang : "");
	v = get(k, "target_tonality");
	if (v) {
		const char *t = r.has_target ? tone_name(r.target.tone) : NULL;

		if (!t || strcmp(v, t))
			fail(k, "target tonality", v, t ? t : "(no target)");
	}
	buf_release(&got);
	buf_release(&want);
	buf_release(&tmp);
	arena_release(&a);
}

static void run_file(const char *path)
{
	struct buf data = BUF_INIT;
	struct kase k = { path, 0, { 0 }, { 0 }, 0 };
	struct err e;
	char *line, *save = NULL;
	int lineno = 0;

	if (file_read(path, &data, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		harness_failed_checks++;
		return;
	}
	/* a sentinel blank line closes the last block */
	buf_adds(&data, "\n\n");
	for (char *p = data.data; p && *p;) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		line = p;
		p = nl ? nl + 1 : NULL;
		lineno++;
		if (line[0] == '#')
			continue;
		if (!line[0]) {
			if (k.n)
				run_case(&k);
			k.n = 0;
			continue;
		}
		char *colon = strstr(line, ": ");

		if (!colon || k.n >= MAXF) {
			fprintf(stderr, "%s:%d: not 'key: value'\n", path,
				lineno);
			harness_failed_checks++;
			continue;
		}
		*colon = '\0';
		if (!k.n)
			k.line = lineno;
		k.key[k.n] = line;
		k.val[k.n++] = colon + 2;
	}
	(void)save;
	buf_release(&data);
}

/* Every NAME.case of dir, read for country cc; each sub-folder named as
 * a country is read for that country when sub is nonzero. */
static void run_dir(const char *dir, const char *cc, int sub)
{
	char path[512];
	struct err e;
	struct dirent *de;
	DIR *d = opendir(dir);

	CHECK(d != NULL);
	if (!d)
		return;
	snprintf(path, sizeof(path), "%s/%s", LEX_ROOT, cc);
	if (analyzer_open(&an, path, cc, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		CHECK(!"lexicons load");
		closedir(d);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (n > 5 && !strcmp(de->d_name + n - 5, ".case"))
			run_file(path);
	}
	analyzer_close(&an);
	rewinddir(d);
	while (sub && (de = readdir(d)) != NULL) {
		char lex[512];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(lex, sizeof(lex), "%s/%s", LEX_ROOT, de->d_name);
		if (de->d_name[0] != '.' && stat(path, &st) == 0 &&
		    S_ISDIR(st.st_mode) && stat(lex, &st) == 0)
			run_dir(path, de->d_name, 0);
	}
	closedir(d);
}

static void test_cases(void)
{
	setenv("MEDIAMON_NO_TMODEL", "1", 1);
	setenv("MEDIAMON_NO_VMODEL", "1", 1);
	run_dir(CASE_DIR, "kg", 1);
	CHECK(ncases > 0);
}

TESTS(T(test_cases))
